/* tests/unit/elf_symbols.c: the symbol walk of elf_symbols.h. */
#include "elf_symbols.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <libelf.h>
#include <unistd.h>

static void object_symbols(Elf *e, ElfSymbolFn fn, void *ctx)
{
	for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
		GElf_Shdr sh;
		Elf_Data *data;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !(data = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 1; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			if (!gelf_getsym(data, (int)i, &s) || s.st_shndx == SHN_UNDEF || GELF_ST_BIND(s.st_info) == STB_LOCAL)
				continue;
			const char *name = elf_strptr(e, sh.sh_link, s.st_name);
			if (name)
				fn(name, &s, ctx);
		}
	}
}

void elf_symbols_walk(const char *path, ElfSymbolFn fn, void *ctx)
{
	cr_assert_neq(elf_version(EV_CURRENT), EV_NONE);
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0, "cannot open %s", path);
	Elf *top = elf_begin(fd, ELF_C_READ, NULL);
	cr_assert(top && (elf_kind(top) == ELF_K_AR || elf_kind(top) == ELF_K_ELF), "%s: not ELF", path);
	unsigned members = 0;
	if (elf_kind(top) == ELF_K_ELF) {
		object_symbols(top, fn, ctx);
		members = 1;
	}
	for (Elf *e; elf_kind(top) == ELF_K_AR && (e = elf_begin(fd, ELF_C_READ, top)); elf_end(e)) {
		object_symbols(e, fn, ctx);
		members++;
		elf_next(e);
	}
	elf_end(top);
	close(fd);
	cr_assert_gt(members, 0, "%s is empty", path);
}
