/* backend/nowrap.c: 32-bit additions that cannot wrap.
 *
 * Wasm adds addresses in 32 bits, wrapping, and every access then
 * zero-extends its index, so LLVM must keep a pointer that steps through
 * an array as a 32-bit value and extend it at every use: one more
 * instruction per array and iteration than native code needs.  But an
 * access that did not trap had index + offset + size <= the memory's
 * size, and no memory of nacre's holds more than NACRE_MEMORY_PAGES_MAX
 * pages, 64 KiB short of 4 GiB (abi.h).  So once index has been used by
 * an access, index + c cannot wrap for any 0 < c <= 64 KiB, and that
 * addition is marked nuw.  indvars then widens such pointers to 64 bits
 * and instcombine folds the extension into the address.
 *
 * "Once" means: an access earlier in the addition's block, or anywhere in
 * a block that reaches it through unique predecessors (those dominate
 * it).  Accesses are loads and stores whose address lowering built from a
 * zero-extension it tagged (be_lower_addr); this runs after SROA, when
 * locals are SSA values, and before anything has reshaped the addresses.
 */
#include "backend.h"

#include <stdlib.h>

enum {
	RING = 16,       /* the accesses remembered per block, newest kept */
	ANCESTORS = 8,   /* unique-predecessor blocks searched above a block */
	SLACK = 1 << 16, /* 4 GiB less NACRE_MEMORY_PAGES_MAX pages */
};
_Static_assert((uint64_t)NACRE_MEMORY_PAGES_MAX * 65536 + SLACK <= (uint64_t)1 << 32,
               "an accessed index plus SLACK stays within 32 bits");

typedef struct Ring {
	LLVMValueRef v[RING];
	unsigned n; /* entries ever pushed; the last RING are kept */
} Ring;

typedef struct Block {
	LLVMBasicBlockRef bb;
	long pred;      /* function-order index of the unique predecessor, or -1 */
	bool many;      /* more than one predecessor */
	Ring seen;      /* indexes accessed in the whole block */
} Block;

typedef struct Walk {
	Block *by_order; /* blocks in function order */
	Block **by_addr; /* the same, sorted by LLVMBasicBlockRef, to look up */
	size_t n;
	unsigned tag;    /* the metadata kind on address extensions */
} Walk;

static void ring_push(Ring *r, LLVMValueRef v)
{
	r->v[r->n++ % RING] = v;
}

static bool ring_has(const Ring *r, LLVMValueRef v)
{
	unsigned kept = r->n < RING ? r->n : RING;
	for (unsigned i = 0; i < kept; i++)
		if (r->v[i] == v)
			return true;
	return false;
}

static int by_addr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(Block *const *)a)->bb, y = (uintptr_t)(*(Block *const *)b)->bb;
	return (x > y) - (x < y);
}

static Block *block_of(const Walk *w, LLVMBasicBlockRef bb)
{
	Block key = { .bb = bb }, *k = &key;
	Block **at = bsearch(&k, w->by_addr, w->n, sizeof *w->by_addr, by_addr);
	return at ? *at : NULL;
}

/* The i32 index of an access (a load or store whose address is the
 * memory's base plus a tagged extension, plus an offset), or NULL. */
static LLVMValueRef accessed_index(const Walk *w, LLVMValueRef in)
{
	LLVMValueRef ptr;
	if (LLVMIsALoadInst(in))
		ptr = LLVMGetOperand(in, 0);
	else if (LLVMIsAStoreInst(in))
		ptr = LLVMGetOperand(in, 1);
	else
		return NULL;
	if (!LLVMIsAGetElementPtrInst(ptr) || LLVMGetNumOperands(ptr) != 2)
		return NULL;
	LLVMValueRef ea = LLVMGetOperand(ptr, 1);
	if (LLVMIsABinaryOperator(ea) && LLVMGetInstructionOpcode(ea) == LLVMAdd &&
	    LLVMIsAConstantInt(LLVMGetOperand(ea, 1)))
		ea = LLVMGetOperand(ea, 0);
	if (!LLVMIsAZExtInst(ea) || !LLVMGetMetadata(ea, w->tag))
		return NULL;
	return LLVMGetOperand(ea, 0);
}

/* Each block's predecessors, counted through the terminators. */
static void link_preds(Walk *w)
{
	for (size_t i = 0; i < w->n; i++) {
		LLVMValueRef term = LLVMGetBasicBlockTerminator(w->by_order[i].bb);
		unsigned ns = term ? LLVMGetNumSuccessors(term) : 0;
		for (unsigned s = 0; s < ns; s++) {
			Block *b = block_of(w, LLVMGetSuccessor(term, s));
			if (!b || b->pred == (long)i)
				continue; /* a switch naming one block twice */
			b->many |= b->pred >= 0;
			b->pred = (long)i;
		}
	}
	for (size_t i = 0; i < w->n; i++)
		if (w->by_order[i].many)
			w->by_order[i].pred = -1;
}

static void collect_accesses(Walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		for (LLVMValueRef in = LLVMGetFirstInstruction(w->by_order[i].bb); in; in = LLVMGetNextInstruction(in)) {
			LLVMValueRef x = accessed_index(w, in);
			if (x)
				ring_push(&w->by_order[i].seen, x);
		}
}

/* x + k with 0 < k <= SLACK, either operand order: x, or NULL. */
static LLVMValueRef small_step(LLVMValueRef in)
{
	LLVMTypeRef ty = LLVMTypeOf(in);
	if (!LLVMIsABinaryOperator(in) || LLVMGetInstructionOpcode(in) != LLVMAdd ||
	    LLVMGetTypeKind(ty) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(ty) != 32 || LLVMGetNUW(in))
		return NULL;
	for (unsigned k = 0; k < 2; k++) {
		LLVMValueRef c = LLVMGetOperand(in, k);
		if (!LLVMIsAConstantInt(c))
			continue;
		uint64_t step = LLVMConstIntGetZExtValue(c);
		return step && step <= SLACK ? LLVMGetOperand(in, 1 - k) : NULL;
	}
	return NULL;
}

static bool dominated_by_access(const Walk *w, const Block *b, const Ring *before, LLVMValueRef x)
{
	if (ring_has(before, x))
		return true;
	for (int d = 0; d < ANCESTORS && b->pred >= 0; d++) {
		b = &w->by_order[b->pred];
		if (ring_has(&b->seen, x))
			return true;
	}
	return false;
}

static void mark_block(const Walk *w, const Block *b)
{
	Ring before = { .n = 0 };
	for (LLVMValueRef in = LLVMGetFirstInstruction(b->bb); in; in = LLVMGetNextInstruction(in)) {
		LLVMValueRef x = small_step(in);
		if (x && dominated_by_access(w, b, &before, x))
			LLVMSetNUW(in, true);
		if ((x = accessed_index(w, in)))
			ring_push(&before, x);
	}
}

static bool mark_function(LLVMValueRef fn, unsigned tag)
{
	Walk w = { .n = LLVMCountBasicBlocks(fn), .tag = tag };
	w.by_order = calloc(w.n ? w.n : 1, sizeof *w.by_order);
	w.by_addr = calloc(w.n ? w.n : 1, sizeof *w.by_addr);
	bool ok = w.by_order && w.by_addr;
	size_t i = 0;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); ok && bb; bb = LLVMGetNextBasicBlock(bb), i++) {
		w.by_order[i] = (Block){ .bb = bb, .pred = -1 };
		w.by_addr[i] = &w.by_order[i];
	}
	if (ok) {
		qsort(w.by_addr, w.n, sizeof *w.by_addr, by_addr);
		link_preds(&w);
		collect_accesses(&w);
		for (i = 0; i < w.n; i++)
			mark_block(&w, &w.by_order[i]);
	}
	free(w.by_order);
	free(w.by_addr);
	return ok;
}

unsigned be_nowrap_tag(LLVMContextRef ctx)
{
	return LLVMGetMDKindIDInContext(ctx, "nacre.addr", 10);
}

bool be_mark_nowrap(BeModule *bm)
{
	unsigned tag = be_nowrap_tag(bm->ctx);
	for (LLVMValueRef fn = LLVMGetFirstFunction(bm->mod); fn; fn = LLVMGetNextFunction(fn))
		if (LLVMCountBasicBlocks(fn) && !mark_function(fn, tag))
			return false;
	return true;
}
