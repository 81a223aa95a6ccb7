/* runtime-lib/module_check.c: what nacre_module_open asks of a shared
 * object before the dynamic loader may touch it (and run anything in it):
 * an ELF64 little-endian ET_DYN of this architecture, no interpreter, no
 * constructors or destructors, no IFUNC resolvers, no other library to
 * load, and a .note.nacre naming this target.  It reads the file through RtSysFile (the
 * descriptor that is then loaded) a few bytes at a time, every offset
 * checked against the file's size, so that a truncated or hostile file is
 * refused, never followed (tests/fuzz/fuzz_module_check.c).
 */
#include <string.h>

#include "rt.h"
#include "arch.h"
#include "nacre/note.h"
#include "note_codec.h"

enum {
	EHDR_SIZE = 64, PHDR_SIZE = 56, DYN_SIZE = 16, NOTE_HEADER = 12, RELA_SIZE = 24, SYM_SIZE = 24,
	ET_DYN = 3, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4,
	DT_PLTRELSZ = 2, DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_PLTREL = 20, DT_JMPREL = 23,
	STT_GNU_IFUNC = 10,
	RELA_CHUNK = 32,         /* relocations read at a time */
	DYN_CHUNK = 16,          /* entries read at a time */
	MAX_DYN = 4096,          /* entries; nacre's own shared objects have about 15 */
	NOTE_PREFIX = 512,       /* bytes of a nacre note read: target is its second record */
	MAX_NOTES = 1024,        /* per segment */
};

/* Dynamic tags a nacre module never has: each makes the loader run code
 * of the file, or load another file, before nacre could refuse it. */
static const struct { uint64_t tag; const char *rule; } refused_tags[] = {
	{ 1, "depends on another library (DT_NEEDED)" },
	{ 12, "has constructors (DT_INIT)" },
	{ 13, "has destructors (DT_FINI)" },
	{ 25, "has constructors (DT_INIT_ARRAY)" },
	{ 26, "has destructors (DT_FINI_ARRAY)" },
	{ 32, "has constructors (DT_PREINIT_ARRAY)" },
	{ 17, "has REL relocations (DT_REL), which no nacre target uses" },
	{ 0x6ffffefb, "names an audit library (DT_DEPAUDIT)" },
	{ 0x6ffffefc, "names an audit library (DT_AUDIT)" },
	{ 0x7ffffffd, "filters another library (DT_AUXILIARY)" },
	{ 0x7fffffff, "filters another library (DT_FILTER)" },
};

typedef struct Check {
	const RtSysFile *f;
	char *why;
	size_t n;
	uint64_t phoff, phnum;
	uint64_t dyn_off, dyn_size;  /* PT_DYNAMIC's bytes in the file */
	bool has_dyn, has_note;
	/* from the dynamic section: addresses and sizes of the relocations,
	 * the symbol table's address (0: none) */
	uint64_t rela, relasz, jmprel, pltrelsz, pltrel, symtab;
} Check;

static uint64_t le(const uint8_t *p, int bytes)
{
	uint64_t v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool refuse(Check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool refuse(Check *c, const char *fmt, ...)
{
	int k = rt_sys_format(c->why, c->n, "not a nacre module: ");
	if (k >= 0 && (size_t)k < c->n) {
		va_list ap;
		va_start(ap, fmt);
		rt_sys_vformat(c->why + k, c->n - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* [off, off + n) of the file, if it lies inside it. */
static bool within(const Check *c, uint64_t off, uint64_t n)
{
	return off <= c->f->size && n <= c->f->size - off;
}

static bool get(const Check *c, uint64_t off, void *buf, size_t n)
{
	return within(c, off, n) && c->f->read(c->f, off, buf, n);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* The target record among a nacre note's first records (a prefix of its
 * desc: a record it cuts short ends the search). */
static bool check_target(Check *c, const char *d, size_t len)
{
	RtNoteReader r = { d, d + len };
	RtNoteRecord rec;
	while (rt_note_next(&r, &rec))
		if (strcmp(rec.key, NACRE_NOTE_KEY_TARGET) == 0)
			return strcmp(rec.value, RT_ARCH_NAME) == 0 ||
			       refuse(c, "built for target '%.*s', this runtime is " RT_ARCH_NAME, 32, rec.value);
	return refuse(c, "its .note.nacre names no target");
}

static bool check_note(Check *c, uint64_t off, uint32_t descsz)
{
	char d[NOTE_PREFIX];
	size_t len = descsz < sizeof d ? descsz : sizeof d;
	if (!get(c, off, d, len))
		return refuse(c, "truncated note");
	c->has_note = true;
	return check_target(c, d, len);
}

/* A PT_NOTE segment: a run of notes, each padded to the segment's
 * alignment (4, or 8 as GNU property notes are). */
static bool scan_notes(Check *c, uint64_t off, uint64_t size, uint64_t align)
{
	if (!within(c, off, size))
		return refuse(c, "truncated: a note segment runs past the end of the file");
	align = align == 8 ? 8 : 4;
	uint64_t pos = 0;
	for (int k = 0; size - pos >= NOTE_HEADER; k++) {
		if (k == MAX_NOTES)
			return refuse(c, "more than %d notes in a segment", MAX_NOTES);
		uint8_t h[NOTE_HEADER + NACRE_NOTE_NAME_PADDED];
		if (!get(c, off + pos, h, NOTE_HEADER))
			return refuse(c, "truncated note");
		uint32_t namesz = (uint32_t)le(h, 4), descsz = (uint32_t)le(h + 4, 4), type = (uint32_t)le(h + 8, 4);
		uint64_t desc = align_up(pos + NOTE_HEADER + namesz, align);
		if (desc > size || descsz > size - desc)
			return refuse(c, "malformed note: it runs past its segment");
		if (namesz == NACRE_NOTE_NAMESZ && type == NACRE_NOTE_TYPE &&
		    get(c, off + pos + NOTE_HEADER, h + NOTE_HEADER, NACRE_NOTE_NAMESZ) &&
		    memcmp(h + NOTE_HEADER, NACRE_NOTE_NAME, NACRE_NOTE_NAMESZ) == 0 &&
		    !check_note(c, off + desc, descsz))
			return false;
		pos = align_up(desc + descsz, align);
		if (pos > size)
			break;
	}
	return true;
}

static bool check_phdr(Check *c, const uint8_t *p)
{
	uint32_t type = (uint32_t)le(p, 4);
	uint64_t off = le(p + 8, 8), size = le(p + 32, 8), align = le(p + 48, 8);
	if (type == PT_INTERP)
		return refuse(c, "has an interpreter (PT_INTERP)");
	if (type == PT_NOTE)
		return scan_notes(c, off, size, align);
	if (type == PT_LOAD && !within(c, off, size)) /* the loader would map past the end: SIGBUS */
		return refuse(c, "truncated: a loadable segment runs past the end of the file");
	if (type != PT_DYNAMIC)
		return true;
	if (c->has_dyn)
		return refuse(c, "more than one dynamic segment");
	c->has_dyn = true;
	c->dyn_off = off;
	c->dyn_size = size;
	return true;
}

/* Keeps what the relocation check needs of a dynamic entry. */
static void remember(Check *c, uint64_t tag, uint64_t value)
{
	switch (tag) {
	case DT_RELA: c->rela = value; break;
	case DT_RELASZ: c->relasz = value; break;
	case DT_JMPREL: c->jmprel = value; break;
	case DT_PLTRELSZ: c->pltrelsz = value; break;
	case DT_PLTREL: c->pltrel = value; break;
	case DT_SYMTAB: c->symtab = value; break;
	}
}

static bool check_tag(Check *c, uint64_t tag)
{
	for (size_t i = 0; i < sizeof refused_tags / sizeof *refused_tags; i++)
		if (refused_tags[i].tag == tag)
			return refuse(c, "%s", refused_tags[i].rule);
	return true;
}

/* The dynamic section up to DT_NULL, a chunk at a time. */
static bool scan_dynamic(Check *c)
{
	if (!c->has_dyn)
		return refuse(c, "no dynamic segment (PT_DYNAMIC)");
	if (!within(c, c->dyn_off, c->dyn_size))
		return refuse(c, "truncated: the dynamic segment runs past the end of the file");
	uint64_t count = c->dyn_size / DYN_SIZE;
	if (count > MAX_DYN)
		return refuse(c, "dynamic segment too large (%u entries)", MAX_DYN);
	uint8_t buf[DYN_CHUNK * DYN_SIZE];
	for (uint64_t i = 0; i < count; i += DYN_CHUNK) {
		uint64_t k = count - i < DYN_CHUNK ? count - i : DYN_CHUNK;
		if (!get(c, c->dyn_off + i * DYN_SIZE, buf, (size_t)k * DYN_SIZE))
			return refuse(c, "truncated dynamic segment");
		for (uint64_t j = 0; j < k; j++) {
			uint64_t tag = le(buf + j * DYN_SIZE, 8);
			if (tag == 0)
				return true;
			if (!check_tag(c, tag))
				return false;
			remember(c, tag, le(buf + j * DYN_SIZE + 8, 8));
		}
	}
	return true;
}

/* Where address addr is in the file, and how many of the bytes from
 * there on its loadable segment holds. */
static bool to_offset(const Check *c, uint64_t addr, uint64_t *off, uint64_t *avail)
{
	for (uint64_t i = 0; i < c->phnum; i++) {
		uint8_t p[PHDR_SIZE];
		if (!get(c, c->phoff + i * PHDR_SIZE, p, sizeof p))
			return false;
		uint64_t vaddr = le(p + 16, 8), size = le(p + 32, 8);
		if (le(p, 4) == PT_LOAD && addr >= vaddr && addr - vaddr < size) {
			*off = le(p + 8, 8) + (addr - vaddr);
			*avail = size - (addr - vaddr);
			return true;
		}
	}
	return false;
}

/* A symbol a relocation names must not be an IFUNC the file defines:
 * binding it calls its resolver. */
static bool check_symbol(Check *c, uint64_t index)
{
	uint64_t off, avail;
	uint8_t sym[SYM_SIZE];
	if (!c->symtab || !to_offset(c, c->symtab, &off, &avail) || index >= avail / SYM_SIZE ||
	    !get(c, off + index * SYM_SIZE, sym, sizeof sym))
		return refuse(c, "a relocation names a symbol outside the file");
	if ((sym[4] & 0xf) == STT_GNU_IFUNC && le(sym + 6, 2) != 0)
		return refuse(c, "has an IFUNC symbol (STT_GNU_IFUNC), whose resolver runs on loading");
	return true;
}

/* One table of RELA relocations: none may call an IFUNC resolver, which
 * the loader runs while it relocates, before nacre sees the module. */
static bool scan_relocs(Check *c, uint64_t addr, uint64_t size)
{
	uint64_t off, avail;
	if (!size)
		return true;
	if (!to_offset(c, addr, &off, &avail) || size > avail)
		return refuse(c, "relocations outside the file");
	uint8_t buf[RELA_CHUNK * RELA_SIZE];
	uint64_t count = size / RELA_SIZE, sym_seen = 0;
	for (uint64_t i = 0; i < count; i += RELA_CHUNK) {
		uint64_t k = count - i < RELA_CHUNK ? count - i : RELA_CHUNK;
		if (!get(c, off + i * RELA_SIZE, buf, (size_t)k * RELA_SIZE))
			return refuse(c, "truncated relocations");
		for (uint64_t j = 0; j < k; j++) {
			uint64_t info = le(buf + j * RELA_SIZE + 8, 8), sym = info >> 32;
			if ((uint32_t)info == RT_ARCH_IRELATIVE)
				return refuse(c, "has an IFUNC resolver (IRELATIVE relocation)");
			if (sym && sym != sym_seen && !check_symbol(c, sym))
				return false;
			sym_seen = sym;
		}
	}
	return true;
}

static bool check_relocs(Check *c)
{
	if (c->pltrelsz && c->pltrel != DT_RELA)
		return refuse(c, "has REL relocations (DT_PLTREL), which no nacre target uses");
	return scan_relocs(c, c->rela, c->relasz) && scan_relocs(c, c->jmprel, c->pltrelsz);
}

static bool check_header(Check *c, const uint8_t *e)
{
	if (memcmp(e, "\177ELF", 4) != 0)
		return refuse(c, "not an ELF file");
	if (e[4] != 2)
		return refuse(c, "not ELF64");
	if (e[5] != 1)
		return refuse(c, "not little-endian");
	if (le(e + 16, 2) != ET_DYN)
		return refuse(c, "not a shared object (ET_DYN)");
	uint32_t machine = (uint32_t)le(e + 18, 2);
	if (machine != RT_ARCH_ELF_MACHINE)
		return refuse(c, "built for another architecture (e_machine %u, this runtime is " RT_ARCH_NAME ")",
		              machine);
	if (le(e + 54, 2) != PHDR_SIZE)
		return refuse(c, "unexpected program header size");
	return true;
}

bool rt_module_check(const RtSysFile *f, char *why, size_t n)
{
	Check c = { .f = f, .why = why, .n = n };
	uint8_t e[EHDR_SIZE];
	if (!get(&c, 0, e, sizeof e))
		return refuse(&c, f->size < EHDR_SIZE ? "not an ELF file (too short)" : "unreadable");
	if (!check_header(&c, e))
		return false;
	c.phoff = le(e + 32, 8);
	c.phnum = le(e + 56, 2);
	if (!within(&c, c.phoff, c.phnum * PHDR_SIZE))
		return refuse(&c, "truncated: program headers past the end of the file");
	for (uint64_t i = 0; i < c.phnum; i++) {
		uint8_t p[PHDR_SIZE];
		if (!get(&c, c.phoff + i * PHDR_SIZE, p, sizeof p))
			return refuse(&c, "unreadable program header");
		if (!check_phdr(&c, p))
			return false;
	}
	if (!scan_dynamic(&c) || !check_relocs(&c))
		return false;
	return c.has_note || refuse(&c, "no .note.nacre note");
}
