/* backend/exn_quiet.c: which direct calls need no test for a pending
 * exception after them.  A callee that neither throws nor calls anything
 * that might (it is "quiet") always returns with the slot empty, and in
 * most modules that is most functions; each test it saves is a load and a
 * branch after a call (lower_exn.c).
 *
 * Only the partition decides: the partition cache keys an object by the
 * partition's own functions (part_key.c), so a function of another
 * partition, an import, a table's element or a reference's code counts as
 * throwing.  Loudness then spreads from callee to caller along the
 * partition's direct calls (return_call too: the callee returns for its
 * caller), over reversed edges, in time linear in the code.
 */
#include "backend.h"

#include <stdlib.h>

static bool direct(const IrInstr *in)
{
	return in->op == IR_OP_CALL || in->op == IR_OP_RETURN_CALL;
}

static const IrFunc *func_of(const BeModule *bm, uint32_t i)
{
	return &bm->m->funcs[i - bm->m->nimported_funcs];
}

/* It throws, or calls what the partition does not hold. */
static bool loud_itself(const BeModule *bm, const IrFunc *f)
{
	for (uint32_t k = 0; k < f->ncode; k++) {
		const IrInstr *in = &f->code[k];
		if (in->op == IR_OP_THROW || in->op == IR_OP_THROW_REF)
			return true;
		if (ir_op_info[in->op].family == IR_FAM_CALL &&
		    (!direct(in) || in->u.idx.a < bm->first || in->u.idx.a >= bm->end))
			return true;
	}
	return false;
}

typedef struct Edge { uint32_t caller, callee; } Edge;

/* The partition's direct calls to its own functions, partition-relative
 * (calls out of it made their callers loud already); NULL: no memory. */
static Edge *edges_of(const BeModule *bm, uint32_t n, size_t *count)
{
	size_t cap = 16, len = 0;
	Edge *e = malloc(cap * sizeof *e);
	for (uint32_t i = 0; e && i < n; i++) {
		const IrFunc *f = func_of(bm, bm->first + i);
		for (uint32_t k = 0; e && k < f->ncode; k++) {
			uint32_t j = f->code[k].u.idx.a;
			if (!direct(&f->code[k]) || j < bm->first || j >= bm->end)
				continue;
			Edge *g = len < cap ? e : realloc(e, (cap *= 2) * sizeof *e);
			if (!g)
				free(e);
			e = g;
			if (e)
				e[len++] = (Edge){ i, j - bm->first };
		}
	}
	*count = len;
	return e;
}

/* Those calls reversed, as compressed rows: the callers of callee j are
 * caller[start[j] .. start[j+1]). */
typedef struct Callers { uint32_t *start, *caller; } Callers;

static bool callers_build(const BeModule *bm, uint32_t n, Callers *r)
{
	size_t m = 0;
	Edge *e = edges_of(bm, n, &m);
	r->start = calloc((size_t)n + 1, sizeof *r->start);
	r->caller = malloc((m ? m : 1) * sizeof *r->caller);
	bool ok = e && r->start && r->caller;
	for (size_t k = 0; ok && k < m; k++)
		r->start[e[k].callee + 1]++;
	for (uint32_t j = 0; ok && j < n; j++)
		r->start[j + 1] += r->start[j];
	/* each row filled from its start, which then holds the next row's */
	for (size_t k = 0; ok && k < m; k++)
		r->caller[r->start[e[k].callee]++] = e[k].caller;
	for (uint32_t j = n; ok && j > 0; j--)
		r->start[j] = r->start[j - 1];
	if (ok)
		r->start[0] = 0;
	free(e);
	return ok;
}

/* quiet[i] for the partition's functions: every function starts quiet
 * unless loud by itself; each loud one makes its callers loud. */
static bool spread(const BeModule *bm, uint32_t n, uint8_t *quiet)
{
	Callers r = { 0 };
	uint32_t *work = malloc(((size_t)n ? n : 1) * sizeof *work);
	bool ok = work && callers_build(bm, n, &r);
	size_t top = 0;
	for (uint32_t i = 0; ok && i < n; i++) {
		quiet[i] = !loud_itself(bm, func_of(bm, bm->first + i));
		if (!quiet[i])
			work[top++] = i;
	}
	while (ok && top > 0) {
		uint32_t j = work[--top];
		for (uint32_t e = r.start[j]; e < r.start[j + 1]; e++)
			if (quiet[r.caller[e]]) {
				quiet[r.caller[e]] = 0;
				work[top++] = r.caller[e];
			}
	}
	free(work);
	free(r.start);
	free(r.caller);
	return ok;
}

bool be_exn_quiet_plan(BeModule *bm)
{
	bm->quiet = NULL;
	if (!bm->exn)
		return true;
	uint32_t n = bm->end - bm->first;
	bm->quiet = calloc((size_t)n ? n : 1, 1);
	if (bm->quiet && spread(bm, n, bm->quiet))
		return true;
	free(bm->quiet);
	bm->quiet = NULL;
	return false;
}

bool be_exn_quiet_callee(const BeModule *bm, uint32_t f)
{
	return bm->quiet && f >= bm->first && f < bm->end && bm->quiet[f - bm->first];
}
