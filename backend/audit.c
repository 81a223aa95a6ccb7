/* backend/audit.c: the last check between emitting and linking
 * (ARCHITECTURE.md, "Hardening, in one place").  Every object one compile
 * emitted is read back with libelf: it may call only the runtime's ABI
 * (abi.h) and what the compile's other objects define, hold no section
 * both writable and executable, and carry nothing a loader runs by itself.
 * With control-flow integrity on, each carries the target's GNU property
 * and every function another object or the runtime may call starts with
 * a landing pad.  (An internal function needs one only when its address
 * is taken, which the object does not say plainly; LLVM adds it then.)
 * A failure is the toolchain's bug (DIAG_AUDIT); nothing gets linked.
 */
#include "backend.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Besides each other, generated code may call these and nothing else. */
static const char *const abi_names[] = {
#define ENTRY(id, sym, ...) #sym,
#define NAME(sym) #sym,
	NACRE_RUNTIME_ENTRIES(ENTRY) NACRE_RUNTIME_LIBCALLS(NAME)
#undef ENTRY
#undef NAME
};

/* Sections the dynamic loader or the startup code runs or reads on its
 * own, before the runtime has set the sandbox up (or after, at exit):
 * by name, with any ".suffix" (.init_array.65535, .ctors.100). */
static const char *const load_time_sections[] = {
	".init", ".fini", ".init_array", ".fini_array", ".preinit_array", ".ctors", ".dtors", ".dynamic",
};

/* Symbols ld.lld turns into DT_INIT and DT_FINI when they are defined
 * (an STT_GNU_IFUNC's resolver, too, runs at load time). */
static const char *const load_time_symbols[] = { "_init", "_fini" };

typedef struct Object {
	const char *path;
	int fd;
	Elf *e;
	Elf_Data *syms;              /* the symbol table, NULL: none */
	size_t nsyms;
	size_t strndx;               /* its string table's section */
} Object;

typedef struct Names {
	const char **v;              /* into the objects' string tables */
	size_t n, cap;
} Names;

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

static bool has_prefix_section(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list[i]);
		if (strncmp(name, list[i], len) == 0 && (name[len] == 0 || name[len] == '.'))
			return true;
	}
	return false;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool names_add(Names *s, const char *name)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		const char **v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return false;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = name;
	return true;
}

static bool fail(DiagSink *diags, const Object *o, const char *what, const char *name)
{
	diag_report(diags, DIAG_AUDIT, 0, DIAG_NO_FUNC, "%s '%s' (%s)", what, name, base_name(o->path));
	return false;
}

static bool unreadable(DiagSink *diags, const Object *o)
{
	diag_report(diags, DIAG_AUDIT, 0, DIAG_NO_FUNC, "%s: unreadable sections", base_name(o->path));
	return false;
}

/* Opens a relocatable ELF object; its symbol table may be absent. */
static bool open_object(Object *o, DiagSink *diags)
{
	GElf_Ehdr eh;
	o->fd = open(o->path, O_RDONLY | O_CLOEXEC);
	o->e = o->fd < 0 ? NULL : elf_begin(o->fd, ELF_C_READ_MMAP, NULL);
	if (!o->e || elf_kind(o->e) != ELF_K_ELF || !gelf_getehdr(o->e, &eh) || eh.e_type != ET_REL) {
		diag_report(diags, DIAG_AUDIT, 0, DIAG_NO_FUNC, "%s: not a relocatable ELF object",
		            base_name(o->path));
		return false;
	}
	for (Elf_Scn *scn = elf_nextscn(o->e, NULL); scn; scn = elf_nextscn(o->e, scn)) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB && sh.sh_entsize) {
			o->syms = elf_getdata(scn, NULL);
			o->nsyms = o->syms ? o->syms->d_size / sh.sh_entsize : 0;
			o->strndx = sh.sh_link;
			return o->syms || !sh.sh_size ? true : unreadable(diags, o);
		}
	}
	return true;
}

static void close_object(Object *o)
{
	if (o->e)
		elf_end(o->e);
	if (o->fd >= 0)
		close(o->fd);
}

/* No section writable and executable; none the loader acts on by itself. */
static bool check_sections(const Object *o, DiagSink *diags)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(o->e, &shstrndx) != 0)
		return unreadable(diags, o);
	bool ok = true;
	for (Elf_Scn *scn = elf_nextscn(o->e, NULL); scn; scn = elf_nextscn(o->e, scn)) {
		GElf_Shdr sh;
		const char *name = gelf_getshdr(scn, &sh) ? elf_strptr(o->e, shstrndx, sh.sh_name) : NULL;
		if (!name)
			return unreadable(diags, o);
		if ((sh.sh_flags & SHF_WRITE) && (sh.sh_flags & SHF_EXECINSTR))
			ok = fail(diags, o, "writable and executable section", name);
		bool runs = sh.sh_type == SHT_DYNAMIC || sh.sh_type == SHT_INIT_ARRAY ||
		            sh.sh_type == SHT_FINI_ARRAY || sh.sh_type == SHT_PREINIT_ARRAY;
		if (runs || has_prefix_section(name, load_time_sections,
		                               sizeof load_time_sections / sizeof *load_time_sections))
			ok = fail(diags, o, "load-time section", name);
	}
	return ok;
}

/* What a symbol whose name cannot be read is called: it defines nothing
 * and is allowed nothing. */
static const char unreadable_name[] = "(unreadable name)";

/* Symbol i when it is global or weak and names something: NULL for the
 * null symbol, locals, sections and files. */
static const char *global_symbol(const Object *o, size_t i, GElf_Sym *sym)
{
	if (!gelf_getsym(o->syms, (int)i, sym) || GELF_ST_BIND(sym->st_info) == STB_LOCAL)
		return NULL;
	int type = GELF_ST_TYPE(sym->st_info);
	if (type == STT_SECTION || type == STT_FILE)
		return NULL;
	const char *name = elf_strptr(o->e, o->strndx, sym->st_name);
	return name ? name : unreadable_name;
}

/* The global symbols o defines go into defined. */
static bool collect_defined(const Object *o, Names *defined, DiagSink *diags)
{
	bool ok = true;
	for (size_t i = 1; i < o->nsyms; i++) {
		GElf_Sym sym;
		const char *name = global_symbol(o, i, &sym);
		if (!name || name == unreadable_name || sym.st_shndx == SHN_UNDEF)
			continue;
		if (GELF_ST_TYPE(sym.st_info) == STT_GNU_IFUNC ||
		    in_list(name, load_time_symbols, sizeof load_time_symbols / sizeof *load_time_symbols))
			ok = fail(diags, o, "load-time symbol", name);
		if (!names_add(defined, name)) {
			diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "object audit");
			return false;
		}
	}
	return ok;
}

/* Whether the function at value in section shndx starts with a pad. */
static bool has_landing_pad(const Object *o, size_t shndx, uint64_t value, const BeCfi *cfi)
{
	Elf_Scn *scn = elf_getscn(o->e, shndx);
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
	if (!d || !d->d_buf || value > d->d_size || d->d_size - value < cfi->pad_bytes)
		return false;
	uint32_t first = 0;
	memcpy(&first, (const uint8_t *)d->d_buf + value, cfi->pad_bytes);
	for (const uint32_t *pad = cfi->landing_pads; *pad; pad++)
		if (first == *pad)
			return true;
	return false;
}

/* The target's property bits, and a landing pad at every global function. */
static bool check_cfi(const Object *o, const BeCfi *cfi, DiagSink *diags)
{
	uint32_t bits = 0;
	if (!be_elf_gnu_property(o->e, cfi->property, &bits) || (bits & cfi->property_bits) != cfi->property_bits)
		return fail(diags, o, "no control-flow integrity property", cfi->name);
	bool ok = true;
	for (size_t i = 1; i < o->nsyms; i++) {
		GElf_Sym sym;
		const char *name = global_symbol(o, i, &sym);
		if (name && GELF_ST_TYPE(sym.st_info) == STT_FUNC && sym.st_shndx != SHN_UNDEF &&
		    !has_landing_pad(o, sym.st_shndx, sym.st_value, cfi))
			ok = fail(diags, o, "function without a landing pad", name);
	}
	return ok;
}

/* Every undefined global, weak ones too, is the ABI's or defined. */
static bool check_undefined(const Object *o, const Names *defined, DiagSink *diags)
{
	bool ok = true;
	for (size_t i = 1; i < o->nsyms; i++) {
		GElf_Sym sym;
		const char *name = global_symbol(o, i, &sym);
		if (!name || sym.st_shndx != SHN_UNDEF)
			continue;
		if (!in_list(name, abi_names, sizeof abi_names / sizeof *abi_names) &&
		    (!defined->n || !bsearch(&name, defined->v, defined->n, sizeof *defined->v, compare_names)))
			ok = fail(diags, o, "undefined symbol", name);
	}
	return ok;
}

bool be_audit_objects(char *const *objs, unsigned n, const BeCfi *cfi, DiagSink *diags)
{
	if (elf_version(EV_CURRENT) == EV_NONE) {
		diag_report(diags, DIAG_AUDIT, 0, DIAG_NO_FUNC, "libelf: %s", elf_errmsg(-1));
		return false;
	}
	Object *o = calloc(n ? n : 1, sizeof *o);
	Names defined = { 0 };
	if (!o) {
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "object audit");
		return false;
	}
	bool ok = true;
	for (unsigned k = 0; k < n; k++) /* all open at once: they may use each other */
		o[k] = (Object){ .path = objs[k], .fd = -1 };
	for (unsigned k = 0; k < n && ok; k++)
		ok = open_object(&o[k], diags);
	for (unsigned k = 0; k < n && ok; k++) /* every problem of the first bad object */
		ok = check_sections(&o[k], diags) && (!cfi || check_cfi(&o[k], cfi, diags));
	for (unsigned k = 0; k < n && ok; k++)
		ok = collect_defined(&o[k], &defined, diags);
	if (ok && defined.n)
		qsort(defined.v, defined.n, sizeof *defined.v, compare_names);
	for (unsigned k = 0; k < n && ok; k++)
		ok = check_undefined(&o[k], &defined, diags);
	for (unsigned k = 0; k < n; k++)
		close_object(&o[k]);
	free(defined.v);
	free(o);
	return ok;
}
