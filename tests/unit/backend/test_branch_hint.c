/* tests/unit/backend/test_branch_hint.c: the metadata.code.branch_hint
 * section (frontend/branch_hint.c) and the weights it becomes
 * (backend/lower_control.c).  One function with a br_if hinted unlikely
 * and an if hinted likely: the frontend keeps both hints at the
 * instructions' absolute offsets, a section that breaks a rule is dropped
 * whole without making the module invalid, and the LLVM IR for every
 * target carries the branch weights (taken side first) on those two
 * branches (and still on what -O2 makes of them), and none without the
 * section.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "compiled.h"
#include "../wasm_builder.h"

TestSuite(branch_hint);

/* [i32] -> [i32]: block (br_if 0 (local.get 0)) end; if (result i32) 1 else 2 end */
static const uint8_t body[] = {
	0x00,             /*  0: no locals */
	0x02, 0x40,       /*  1: block */
	0x20, 0x00,       /*  3: local.get 0 */
	0x0d, 0x00,       /*  5: br_if 0 */
	0x0b,             /*  7: end */
	0x20, 0x00,       /*  8: local.get 0 */
	0x04, 0x7f,       /* 10: if (result i32) */
	0x41, 0x01, 0x05, /* 12: i32.const 1, else */
	0x41, 0x02, 0x0b, /* 15: i32.const 2, end */
	0x0b,             /* 18: end */
};
enum { BR_IF_AT = 5, IF_AT = 10 };

/* The module, with a branch-hint section holding func 0's hints (pairs of
 * offset and value), or none when n is 0; returns the body's offset. */
static size_t module(WasmBuf *b, const uint8_t (*hints)[2], unsigned n)
{
	size_t at = wb_func_module(b, WB(0x60, 0x01, 0x7f, 0x01, 0x7f), body, sizeof body);
	if (!n)
		return at;
	WasmBuf p = { 0 };
	wb_name(&p, "metadata.code.branch_hint");
	wb_byte(&p, 1); /* one function */
	wb_byte(&p, 0); /* function 0 */
	wb_byte(&p, (uint8_t)n);
	for (unsigned i = 0; i < n; i++) {
		wb_byte(&p, hints[i][0]);
		wb_byte(&p, 1); /* size */
		wb_byte(&p, hints[i][1]);
	}
	wb_section_buf(b, 0, &p);
	wb_free(&p);
	return at;
}

static const uint8_t both[][2] = { { BR_IF_AT, 0 }, { IF_AT, 1 } };

Test(branch_hint, hints_are_kept_at_their_instructions)
{
	WasmBuf b = { 0 };
	size_t at = module(&b, both, 2);
	DiagSink d = { 0 };
	IrModule *m = fe_module_load(b.p, b.n, &d);
	cr_assert_not_null(m);
	cr_assert_eq(m->nbranch_hints, 2);
	const IrBranchHint *h = ir_branch_hint(m, (uint32_t)(at + BR_IF_AT));
	cr_assert(h && !h->likely, "the br_if's hint");
	h = ir_branch_hint(m, (uint32_t)(at + IF_AT));
	cr_assert(h && h->likely, "the if's hint");
	cr_assert_null(ir_branch_hint(m, (uint32_t)(at + 1)));
	ir_module_free(m);
	wb_free(&b);
}

/* Each breaks one rule: a target that is no if or br_if (the block, a
 * local.get), offsets out of order, a value other than 0 or 1. */
Test(branch_hint, a_broken_section_is_dropped_and_the_module_stays_valid)
{
	static const uint8_t bad[][2][2] = {
		{ { 1, 0 }, { IF_AT, 1 } },
		{ { BR_IF_AT, 0 }, { 8, 1 } },
		{ { IF_AT, 1 }, { BR_IF_AT, 0 } },
		{ { BR_IF_AT, 2 }, { IF_AT, 1 } },
		{ { BR_IF_AT, 0 }, { 200, 1 } },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		WasmBuf b = { 0 };
		module(&b, bad[i], 2);
		DiagSink d = { 0 };
		IrModule *m = fe_module_load(b.p, b.n, &d);
		cr_assert_not_null(m, "case %zu: the module must stay valid", i);
		cr_expect_eq(m->nbranch_hints, 0, "case %zu: kept %u hints", i, m->nbranch_hints);
		ir_module_free(m);
		wb_free(&b);
	}
}

/* The module's LLVM IR for t at opt (malloc'd). */
static char *ir_for(const Target *t, BeOptLevel opt, unsigned nhints)
{
	WasmBuf b = { 0 };
	module(&b, both, nhints);
	DiagSink d = { 0 };
	IrModule *m = fe_module_load(b.p, b.n, &d);
	cr_assert_not_null(m);
	BeOptions o;
	be_options_default(&o);
	o.target = t;
	o.opt = opt;
	o.emit = BE_EMIT_LLVM;
	char out[] = "/tmp/nacre-hint-XXXXXX";
	int fd = mkstemp(out);
	cr_assert(fd >= 0);
	cr_assert(be_compile(m, &o, out, &d), "%s: %s", t->name, d.n ? d.items[0].detail : "");
	ir_module_free(m);
	wb_free(&b);
	return compiled_text(fd, out);
}

static const Target *const targets[] = { &be_target_x86_64, &be_target_aarch64, &be_target_riscv64 };

/* The trap checks carry weights of their own, marked "expected" (LLVM's
 * llvm.expect); a hint's have no such mark. */
static const char HINT_WEIGHTS[] = "!{!\"branch_weights\", i32 ";

Test(branch_hint, hints_become_branch_weights_on_every_target)
{
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
		char *ir = ir_for(targets[i], BE_O0, 2);
		cr_expect(strstr(ir, "label %br_if.cont, !prof") && strstr(ir, "!{!\"branch_weights\", i32 1, i32 2000}"),
		          "%s: no unlikely weights on the br_if:\n%s", targets[i]->name, ir);
		cr_expect(strstr(ir, "label %else, !prof") && strstr(ir, "!{!\"branch_weights\", i32 2000, i32 1}"),
		          "%s: no likely weights on the if:\n%s", targets[i]->name, ir);
		free(ir);
		/* optimised, the if becomes a select that keeps them */
		ir = ir_for(targets[i], BE_O2, 2);
		cr_expect(strstr(ir, HINT_WEIGHTS), "%s -O2: the hint's weights are gone:\n%s", targets[i]->name, ir);
		free(ir);
		ir = ir_for(targets[i], BE_O0, 0);
		cr_expect(!strstr(ir, HINT_WEIGHTS), "%s: weights without hints:\n%s", targets[i]->name, ir);
		free(ir);
	}
}
