/* tests/unit/elf_symbols.h: the defined global symbols of an ELF object,
 * or of every member of an archive, read with libelf: what a runtime
 * archive shows (runtime/test_symbols.c) and defines (backend/test_audit.c).
 */
#ifndef NACRE_TEST_ELF_SYMBOLS_H
#define NACRE_TEST_ELF_SYMBOLS_H

#include <gelf.h>

typedef void (*ElfSymbolFn)(const char *name, const GElf_Sym *sym, void *ctx);

/* Calls fn for every defined symbol that is not local, in the object or
 * in each member of the archive at path; fails the test when path is not
 * ELF or holds no object. */
void elf_symbols_walk(const char *path, ElfSymbolFn fn, void *ctx);

#endif
