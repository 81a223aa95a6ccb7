/* frontend/branch_hint.c: the `metadata.code.branch_hint` custom section
 * (Wasm 3.0 code metadata, the branch-hinting proposal): per defined
 * function, in increasing function order, the offsets of its `if` and
 * `br_if` instructions, relative to the start of the function's code entry
 * after its size (the locals), in increasing order, each with size 1 and
 * 0 (unlikely) or 1 (likely).  A custom section cannot make a module
 * invalid, so one that breaks a rule (order, an unknown function, an
 * offset that is not an if or br_if, a bad size or value) is dropped
 * whole and the module keeps no hints.
 */
#include "frontend.h"

#include <string.h>

static const char SECTION[] = "metadata.code.branch_hint";

/* The absolute offset of function f's locals: its body's size field is an
 * LEB128 of any length (padding is allowed). */
static bool code_start(const IrModule *m, const IrFunc *f, uint32_t *out)
{
	DiagSink quiet = { 0 };
	Reader r;
	uint32_t size;
	fe_reader_init(&r, m->bytes + f->body_offset, m->size - f->body_offset, &quiet);
	if (!fe_reader_u32(&r, &size))
		return false;
	*out = f->body_offset + (uint32_t)r.pos;
	return true;
}

/* Whether f has an if or br_if at absolute offset at (instructions are in
 * offset order). */
static bool hintable(const IrFunc *f, uint32_t at)
{
	uint32_t lo = 0, hi = f->ncode;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (f->code[mid].offset < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->ncode && f->code[lo].offset == at &&
	       (f->code[lo].op == IR_OP_IF || f->code[lo].op == IR_OP_BR_IF);
}

/* One function's hints, appended to out[*n] (room for them checked). */
static bool func_hints(Reader *r, const IrModule *m, const IrFunc *f, IrBranchHint *out, uint32_t cap,
                       uint32_t *n)
{
	uint32_t count, base, last = 0;
	if (!fe_reader_u32(r, &count) || !code_start(m, f, &base))
		return false;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t off, size;
		uint8_t value;
		if (!fe_reader_u32(r, &off) || !fe_reader_u32(r, &size) || size != 1 || !fe_reader_u8(r, &value) ||
		    value > 1 || (i && off <= last) || off >= f->body_size || *n == cap ||
		    !hintable(f, base + off))
			return false;
		out[(*n)++] = (IrBranchHint){ base + off, value == 1 };
		last = off;
	}
	return true;
}

/* The section's hints into out (room for cap); false when it breaks a rule. */
static bool parse(Reader *r, const IrModule *m, IrBranchHint *out, uint32_t cap, uint32_t *n)
{
	uint32_t nfuncs;
	int64_t last = -1;
	if (!fe_reader_u32(r, &nfuncs))
		return false;
	for (uint32_t i = 0; i < nfuncs; i++) {
		uint32_t x;
		if (!fe_reader_u32(r, &x) || (int64_t)x <= last || x < m->nimported_funcs || x >= m->nfuncs ||
		    !func_hints(r, m, &m->funcs[x - m->nimported_funcs], out, cap, n))
			return false;
		last = x;
	}
	return !r->failed && fe_reader_at_end(r);
}

void fe_branch_hints_parse(IrModule *m, const IrCustom *c)
{
	if (c->name.len != sizeof SECTION - 1 || memcmp(c->name.p, SECTION, c->name.len) != 0 ||
	    m->nbranch_hints)
		return;
	/* each hint takes at least three bytes */
	uint32_t cap = c->size / 3, n = 0;
	IrBranchHint *hints = cap ? arena_alloc(m->arena, (size_t)cap * sizeof *hints) : NULL;
	DiagSink quiet = { 0 };
	Reader r;
	fe_reader_init(&r, c->bytes, c->size, &quiet);
	if (!hints || !parse(&r, m, hints, cap, &n))
		return;
	m->branch_hints = hints;
	m->nbranch_hints = n;
}
