/* backend/elf_facts.c: what an ELF file shows of its protections, read
 * with libelf for the audit (audit.c) and for `nacre inspect`: the GNU
 * property note's feature bits (control-flow integrity), and for a
 * linked program its stack's and segments' permissions and whether the
 * loader would have to write into its code.  The file may be hostile:
 * every length is checked against what libelf handed over.
 */
#include "backend.h"

#include <gelf.h>
#include <string.h>

enum { GNU_NOTE_NAMESZ = 4, NOTE_HEADER = 12 };

static uint32_t word(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4); /* every nacre target is little-endian, as is the host */
	return v;
}

/* The properties of one NT_GNU_PROPERTY_TYPE_0 descriptor (8-aligned
 * entries in 64-bit files): the bits of the one of type `type`. */
static bool find_property(const uint8_t *d, size_t n, uint32_t type, uint32_t *bits)
{
	for (size_t at = 0; at + 8 <= n;) {
		uint32_t pr_type = word(d + at), size = word(d + at + 4);
		if (size > n - at - 8)
			return false;
		if (pr_type == type && size == 4)
			return *bits = word(d + at + 8), true;
		at += 8 + (((size_t)size + 7) & ~(size_t)7);
	}
	return false;
}

static bool note_property(const uint8_t *d, size_t n, uint32_t type, uint32_t *bits)
{
	for (size_t at = 0; at + NOTE_HEADER <= n;) {
		uint32_t namesz = word(d + at), descsz = word(d + at + 4), ntype = word(d + at + 8);
		size_t name_at = at + NOTE_HEADER, desc_at = name_at + ((namesz + 3u) & ~3u);
		if (namesz > n || descsz > n || desc_at > n || descsz > n - desc_at)
			return false;
		if (ntype == NT_GNU_PROPERTY_TYPE_0 && namesz == GNU_NOTE_NAMESZ &&
		    memcmp(d + name_at, "GNU", 4) == 0 && find_property(d + desc_at, descsz, type, bits))
			return true;
		at = desc_at + ((descsz + 7u) & ~7u); /* 8-aligned in 64-bit files */
	}
	return false;
}

bool be_elf_gnu_property(Elf *e, uint32_t type, uint32_t *bits)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		return false;
	for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
		GElf_Shdr sh;
		const char *name = gelf_getshdr(scn, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
		Elf_Data *d = name && sh.sh_type == SHT_NOTE && strcmp(name, ".note.gnu.property") == 0
		              ? elf_rawdata(scn, NULL) : NULL;
		if (d && d->d_buf && note_property(d->d_buf, d->d_size, type, bits))
			return true;
	}
	return false;
}

/* DT_TEXTREL, or DF_TEXTREL in DT_FLAGS, in the dynamic segment. */
static bool text_relocations(Elf *e, const GElf_Phdr *ph)
{
	Elf_Data *d = elf_getdata_rawchunk(e, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_DYN);
	size_t n = d ? d->d_size / gelf_fsize(e, ELF_T_DYN, 1, EV_CURRENT) : 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Dyn dyn;
		if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_TEXTREL || (dyn.d_tag == DT_FLAGS && (dyn.d_un.d_val & DF_TEXTREL)))
			return true;
	}
	return false;
}

bool be_elf_program_facts(Elf *e, BeElfFacts *f)
{
	size_t n;
	*f = (BeElfFacts){ .exec_stack = true }; /* no PT_GNU_STACK: the kernel's default, executable */
	if (elf_getphdrnum(e, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph))
			return false;
		if (ph.p_type == PT_GNU_STACK)
			f->exec_stack = (ph.p_flags & PF_X) != 0;
		else if (ph.p_type == PT_LOAD && (ph.p_flags & PF_W) && (ph.p_flags & PF_X))
			f->wx_segment = true;
		else if (ph.p_type == PT_DYNAMIC && text_relocations(e, &ph))
			f->text_relocations = true;
	}
	return true;
}

const char *be_elf_cfi(Elf *e, const Target *t)
{
	uint32_t bits = 0;
	if (!t || !t->cfi || !be_elf_gnu_property(e, t->cfi->property, &bits))
		return NULL;
	return (bits & t->cfi->property_bits) == t->cfi->property_bits ? t->cfi->name : NULL;
}
