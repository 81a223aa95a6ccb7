/* tests/unit/backend/test_spectre.c: the clamps of backend/spectre.c in
 * the code each target gets.  spectre.wat is compiled to assembly at -O2
 * and -O3 (whose passes could fold a select the check's branch already
 * decides), and each clamp must still be there: after the empty asm that
 * hides the bound, the target's conditional select (cmov, csel; slt and
 * a mask on riscv64), which the same code without the clamp lacks.  Also speculative load
 * hardening where LLVM has it, and no clamp where none is asked for. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "compiled.h"

TestSuite(spectre);

/* How a target's assembly shows a clamp and its end. */
typedef struct Isa {
	const Target *t;
	const char *select;          /* the conditional select the clamp becomes */
	const char *slh;             /* what speculative load hardening leaves; NULL: none */
} Isa;

static const Isa isas[] = {
	{ &be_target_x86_64, "\tcmov", ".Lslh_ret_addr" },
	{ &be_target_aarch64, "\tcsel", "\tcsdb" },
	{ &be_target_riscv64, "\tslt", NULL },
};

enum { LOAD, STORE, FIXED, TABLE_GET, CALL_INDIRECT, BR_TABLE, LOAD1, STORE1, NFUNCS };

/* The checked memory accesses, memory 0's and memory 1's. */
static bool is_access(unsigned f) { return f <= STORE || f == LOAD1 || f == STORE1; }

/* spectre.wat compiled for t into assembly (or IR), malloc'd. */
static char *compile(const Target *t, BeOptLevel opt, BeEmit emit, bool mask, bool spectre)
{
	BeOptions o;
	be_options_default(&o);
	o.target = t;
	o.opt = opt;
	o.emit = emit;
	o.bounds = NACRE_BOUNDS_EXPLICIT;
	o.bounds_mask = mask;
	o.spectre = spectre;
	return compiled_emit(NACRE_SPECTRE_WASM, &o);
}

/* The body of wasm_fN in the assembly, cut out in place. */
static char *function(char *s, unsigned n)
{
	char label[32], end[32];
	snprintf(label, sizeof label, "\nwasm_f%u:", n);
	snprintf(end, sizeof end, ".Lfunc_end%u:", n);
	char *start = strstr(s, label), *stop = start ? strstr(start, end) : NULL;
	cr_assert(start && stop, "no wasm_f%u in\n%s", n, s);
	return start;
}

/* Whether the text from `from` to fn's end has the target's select. */
static bool has_select(const Isa *isa, const char *from, const char *end)
{
	for (const char *line = strchr(from, '\n'); line && line < end; line = strchr(line + 1, '\n'))
		if (strncmp(line + 1, isa->select, strlen(isa->select)) == 0)
			return true;
	return false;
}

/* Whether fn (up to its end label) has a clamp: the select after the
 * empty asm (which the scheduler may put anywhere before it). */
static bool clamped(const Isa *isa, const char *fn)
{
	const char *end = strstr(fn, ".Lfunc_end"), *app = strstr(fn, "NO_APP\n");
	return app && app < end && has_select(isa, app, end);
}

/* Whether fn has the empty asm at all. */
static bool has_asm(const char *fn)
{
	const char *app = strstr(fn, "NO_APP"), *end = strstr(fn, ".Lfunc_end");
	return app && app < end;
}

static void expect_clamps(const Isa *isa, BeOptLevel opt, bool mask, bool spectre)
{
	char *s = compile(isa->t, opt, BE_EMIT_ASM, mask, spectre);
	for (unsigned f = 0; f < NFUNCS; f++) {
		const char *fn = function(s, f);
		bool want = f == FIXED ? false : is_access(f) ? mask : spectre;
		if (want)
			cr_expect(clamped(isa, fn), "%s -O%d: no clamp in wasm_f%u:\n%.2000s", isa->t->name,
			          (int)opt, f, fn);
		else
			cr_expect(!has_asm(fn), "%s -O%d: a clamp in wasm_f%u that needs none:\n%.2000s",
			          isa->t->name, (int)opt, f, fn);
		/* and without the clamp, the select is not there by itself */
		if (!mask && is_access(f))
			cr_expect(!has_select(isa, fn, strstr(fn, ".Lfunc_end")), "%s: a select without a clamp:\n%.2000s",
			          isa->t->name, fn);
	}
	free(s);
}

Test(spectre, masked_clamps_memory_accesses)
{
	for (size_t i = 0; i < sizeof isas / sizeof *isas; i++)
		for (BeOptLevel opt = BE_O2; opt <= BE_O3; opt++)
			expect_clamps(&isas[i], opt, true, false);
}

Test(spectre, spectre_clamps_tables_and_jump_tables)
{
	for (size_t i = 0; i < sizeof isas / sizeof *isas; i++)
		for (BeOptLevel opt = BE_O2; opt <= BE_O3; opt++)
			expect_clamps(&isas[i], opt, true, true);
}

Test(spectre, explicit_has_no_clamp)
{
	for (size_t i = 0; i < sizeof isas / sizeof *isas; i++)
		expect_clamps(&isas[i], BE_O2, false, false);
}

/* Multi-memory keeps memory 0 as fast as before: its base and size come
 * straight from the vmctx, and only an access to another memory reads
 * vmctx.memories (lower_memory.c names that load "memviews"). */
Test(spectre, memory_zero_is_read_without_the_views)
{
	char *ir = compile(&be_target_x86_64, BE_O2, BE_EMIT_LLVM, false, false);
	for (unsigned f = 0; f < NFUNCS; f++) {
		char head[48];
		snprintf(head, sizeof head, "@wasm_f%u(", f);
		const char *fn = strstr(ir, head), *end = fn ? strstr(fn, "\n}\n") : NULL;
		cr_assert(fn && end, "no %s in the IR", head);
		const char *views = strstr(fn, "%memviews");
		bool reads = views && views < end;
		cr_expect_eq(reads, f == LOAD1 || f == STORE1, "wasm_f%u %s the views", f, reads ? "reads" : "does not read");
	}
	free(ir);
}

/* The attribute goes on every function; x86-64 and aarch64 act on it,
 * riscv64 has no such pass and ignores it. */
Test(spectre, speculative_load_hardening)
{
	for (size_t i = 0; i < sizeof isas / sizeof *isas; i++) {
		char *ir = compile(isas[i].t, BE_O2, BE_EMIT_LLVM, true, true);
		cr_expect(strstr(ir, "speculative_load_hardening"), "%s: no attribute", isas[i].t->name);
		free(ir);
		if (!isas[i].slh)
			continue;
		char *with = compile(isas[i].t, BE_O2, BE_EMIT_ASM, true, true);
		char *without = compile(isas[i].t, BE_O2, BE_EMIT_ASM, true, false);
		cr_expect(strstr(with, isas[i].slh), "%s: not hardened", isas[i].t->name);
		cr_expect(!strstr(without, isas[i].slh), "%s: hardened without --spectre", isas[i].t->name);
		free(with);
		free(without);
	}
}
