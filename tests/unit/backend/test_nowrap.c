/* tests/unit/backend/test_nowrap.c: which additions backend/nowrap.c
 * marks as unable to wrap.  nowrap.wat has one function per case; its
 * optimised IR must show `add nuw` exactly where an access of the same
 * index comes first (in the block or one that dominates it through
 * unique predecessors) and the step is at most 64 KiB, and a plain
 * `add i32` everywhere else; and a pointer stepping through an array
 * must become a 64-bit induction variable at -O2.  Every target, both
 * bounds strategies whose addresses nowrap.c reads, -O1 and -O2. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "compiled.h"

TestSuite(nowrap);

enum { AFTER, BEFORE, FAR, EDGE, DOMINATED, ONE_PATH, SUM, NFUNCS };
static const bool marked[SUM] = { [AFTER] = true, [EDGE] = true, [DOMINATED] = true };

static const Target *const targets[] = { &be_target_x86_64, &be_target_aarch64, &be_target_riscv64 };

/* nowrap.wat compiled for t into optimised IR, malloc'd. */
static char *compile(const Target *t, BeOptLevel opt, uint32_t bounds)
{
	BeOptions o;
	be_options_default(&o);
	o.target = t;
	o.opt = opt;
	o.emit = BE_EMIT_LLVM;
	o.bounds = bounds;
	return compiled_emit(NACRE_NOWRAP_WASM, &o);
}

/* A copy of wasm_fN's definition, up to its closing brace. */
static char *function(const char *ir, unsigned n)
{
	char name[32];
	snprintf(name, sizeof name, "@wasm_f%u(", n);
	const char *start = strstr(ir, name), *end = start ? strstr(start, "\n}\n") : NULL;
	cr_assert(start && end, "no wasm_f%u in\n%s", n, ir);
	return strndup(start, (size_t)(end + 2 - start));
}

static void expect_marks(const Target *t, BeOptLevel opt, uint32_t bounds)
{
	char *ir = compile(t, opt, bounds);
	char *fns[NFUNCS];
	for (unsigned f = 0; f < NFUNCS; f++)
		fns[f] = function(ir, f);
	free(ir);
	const char *how = bounds == NACRE_BOUNDS_GUARD ? "guard" : "explicit";
	for (unsigned f = 0; f < SUM; f++) {
		if (marked[f])
			cr_expect(strstr(fns[f], "add nuw i32"), "%s -O%d %s: wasm_f%u not marked:\n%s", t->name, (int)opt,
			          how, f, fns[f]);
		else
			cr_expect(strstr(fns[f], "add i32") && !strstr(fns[f], "nuw"),
			          "%s -O%d %s: wasm_f%u marked but may wrap:\n%s", t->name, (int)opt, how, f, fns[f]);
	}
	if (opt == BE_O2)
		cr_expect(strstr(fns[SUM], "phi i64"), "%s %s: the pointer stayed 32-bit:\n%s", t->name, how, fns[SUM]);
	for (unsigned f = 0; f < NFUNCS; f++)
		free(fns[f]);
}

Test(nowrap, marks_only_what_an_access_proves)
{
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
		for (BeOptLevel opt = BE_O1; opt <= BE_O2; opt++) {
			expect_marks(targets[i], opt, NACRE_BOUNDS_GUARD);
			expect_marks(targets[i], opt, NACRE_BOUNDS_EXPLICIT);
		}
}
