/* backend/audit_program.c: the audit's last look, at what the linker made
 * of the audited objects and the runtime (ARCHITECTURE.md, "Hardening, in
 * one place").  A program or module passes only if the loader will give
 * it a stack that is not executable, no page both writable and
 * executable, no write into its code (text relocations), and, with
 * control-flow integrity on, the GNU property that turns the target's
 * landing-pad checks on: the linker drops it when a single input lacks
 * it, so this is where a runtime archive built without it shows up.  A
 * shared module exports its descriptor and note and nothing else.
 */
#include "backend.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../runtime-lib/include/nacre/note.h"

static bool fail(DiagSink *diags, const char *path, const char *what)
{
	const char *slash = strrchr(path, '/');
	diag_report(diags, DIAG_AUDIT, 0, DIAG_NO_FUNC, "%s (%s)", what, slash ? slash + 1 : path);
	return false;
}

/* The descriptor and the note, by their names for this build. */
static bool exported_ok(const BeOptions *o, const char *name)
{
	const char *base = o->module_name ? o->module_name : "nacre";
	size_t n = strlen(base);
	return strncmp(name, base, n) == 0 && name[n] == '_' &&
	       (strcmp(name + n + 1, "module") == 0 || strcmp(name + n + 1, "note") == 0);
}

/* Every defined global of the dynamic symbol table is one of them. */
static bool check_exports(Elf *e, const BeOptions *o, const char *path, DiagSink *diags)
{
	bool ok = true;
	for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
		GElf_Shdr sh;
		Elf_Data *d = gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNSYM && sh.sh_entsize
		              ? elf_getdata(scn, NULL) : NULL;
		size_t n = d ? d->d_size / sh.sh_entsize : 0;
		for (size_t i = 1; i < n; i++) {
			GElf_Sym sym;
			const char *name = gelf_getsym(d, (int)i, &sym) ? elf_strptr(e, sh.sh_link, sym.st_name) : NULL;
			if (!name || sym.st_shndx == SHN_UNDEF || GELF_ST_BIND(sym.st_info) == STB_LOCAL ||
			    exported_ok(o, name))
				continue;
			char what[300];
			snprintf(what, sizeof what, "exported symbol '%s'", name);
			ok = fail(diags, path, what);
		}
	}
	return ok;
}

static bool check(Elf *e, const BeOptions *o, const char *path, DiagSink *diags)
{
	BeElfFacts f;
	GElf_Ehdr eh;
	if (!gelf_getehdr(e, &eh) || (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    !be_elf_program_facts(e, &f))
		return fail(diags, path, "not a linked ELF program");
	bool ok = true;
	if (f.exec_stack)
		ok = fail(diags, path, "executable stack");
	if (f.wx_segment)
		ok = fail(diags, path, "writable and executable segment");
	if (f.text_relocations)
		ok = fail(diags, path, "text relocations");
	const BeCfi *cfi = o->target->cfi;
	if (o->cfi && cfi && !be_elf_cfi(e, o->target)) {
		char what[64];
		snprintf(what, sizeof what, "no %s property: an input lacks control-flow integrity", cfi->name);
		ok = fail(diags, path, what);
	}
	return check_exports(e, o, path, diags) && ok;
}

bool be_audit_program(const BeOptions *o, const char *path, DiagSink *diags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *e = fd < 0 || elf_version(EV_CURRENT) == EV_NONE ? NULL : elf_begin(fd, ELF_C_READ_MMAP, NULL);
	bool ok = e && elf_kind(e) == ELF_K_ELF ? check(e, o, path, diags) : fail(diags, path, "unreadable output");
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
	if (!ok)
		unlink(path);
	return ok;
}
