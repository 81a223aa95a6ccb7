/* backend/lower_control.c: structured control flow (spec 4.4.8) as LLVM
 * basic blocks.  Every frame's values travel through phi nodes: a loop's
 * parameters at its header, any other frame's results at its end.  After
 * br, br_table, return and unreachable the position is dead until the
 * frame's else or end (lower.c skips what lies between).
 */
#include "backend.h"

#include <stdlib.h>

static LLVMValueRef *make_phis(FuncCtx *c, LLVMBasicBlockRef bb, uint32_t n, const IrValType *types)
{
	if (!n)
		return NULL;
	LLVMValueRef *phis = calloc(n, sizeof *phis);
	if (!phis) {
		c->failed = true;
		return NULL;
	}
	LLVMBasicBlockRef cur = LLVMGetInsertBlock(c->b);
	LLVMPositionBuilderAtEnd(c->b, bb);
	for (uint32_t i = 0; i < n; i++)
		phis[i] = LLVMBuildPhi(c->b, be_valtype(c->t, types[i]), "");
	LLVMPositionBuilderAtEnd(c->b, cur);
	return phis;
}

/* The top n operands flow into phis along an edge from the current block. */
static void add_incoming(FuncCtx *c, LLVMValueRef *phis, uint32_t n)
{
	LLVMBasicBlockRef from = LLVMGetInsertBlock(c->b);
	for (uint32_t i = 0; i < n && phis; i++) {
		LLVMValueRef v = c->stack[c->sp - n + i];
		LLVMAddIncoming(phis[i], &v, &from, 1);
	}
}

static const IrBlockType no_values = { .kind = IR_BT_EMPTY };

/* bt must outlive the label: its results may point into it. */
static BeLabel *push_label(FuncCtx *c, uint16_t op, const IrBlockType *bt)
{
	if (c->nlabels == c->labels_cap) {
		size_t cap = c->labels_cap ? c->labels_cap * 2 : 16;
		BeLabel *l = realloc(c->labels, cap * sizeof *l);
		if (!l) {
			c->failed = true;
			return NULL;
		}
		c->labels = l;
		c->labels_cap = cap;
	}
	BeLabel *l = &c->labels[c->nlabels++];
	*l = (BeLabel){ .op = op };
	ir_block_sig(c->m, bt, &l->nparams, &l->params, &l->nresults, &l->results);
	l->height = c->sp - l->nparams;
	l->end = LLVMAppendBasicBlockInContext(c->ctx, c->fn, op == IR_OP_LOOP ? "loop.end" : "end");
	l->end_phis = make_phis(c, l->end, l->nresults, l->results);
	l->target = l->end;
	l->target_phis = l->end_phis;
	return l;
}

static BeLabel *label_at(FuncCtx *c, uint32_t depth)
{
	return &c->labels[c->nlabels - 1 - depth];
}

/* A branch to a label from the current block: its values, then the jump
 * (or, for br_if and br_table, only the values; the caller jumps). */
static void branch_values(FuncCtx *c, BeLabel *l)
{
	if (l->op == IR_OP_LOOP) {
		add_incoming(c, l->target_phis, l->nparams);
	} else {
		add_incoming(c, l->target_phis, l->nresults);
		l->end_reached = true;
	}
}

bool be_lower_enter_function(FuncCtx *c)
{
	BeLabel *l = push_label(c, IR_OP_END, &no_values);
	if (!l)
		return false;
	/* the function's frame has the function's results, not a block type */
	l->nresults = c->ft->nresults;
	l->results = c->ft->results;
	free(l->end_phis);
	l->end_phis = l->target_phis = make_phis(c, l->end, l->nresults, l->results);
	l->height = 0;
	return !c->failed;
}

static bool lower_block(FuncCtx *c, const IrInstr *in)
{
	return push_label(c, IR_OP_BLOCK, &in->u.block.type) != NULL;
}

static bool lower_loop(FuncCtx *c, const IrInstr *in, uint32_t index)
{
	BeLabel *l = push_label(c, IR_OP_LOOP, &in->u.block.type);
	if (!l)
		return false;
	l->target = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "loop");
	l->target_phis = make_phis(c, l->target, l->nparams, l->params);
	add_incoming(c, l->target_phis, l->nparams);
	be_fuel_charge(c);
	LLVMBuildBr(c->b, l->target);
	LLVMPositionBuilderAtEnd(c->b, l->target);
	be_loop_checks(c, index); /* after the phis; branches still go to the header */
	c->sp = l->height;
	for (uint32_t i = 0; i < l->nparams; i++)
		be_push(c, l->target_phis[i]);
	return !c->failed;
}

/* A branch hint (the metadata.code.branch_hint section) as the weights of
 * the conditional branch br, whose first successor is the taken side (an
 * if's then arm, a br_if's target): 2000 to 1, what clang gives
 * __builtin_expect. */
enum { HINT_LIKELY = 2000, HINT_UNLIKELY = 1 };

static void hint_branch(FuncCtx *c, LLVMValueRef br, const IrInstr *in)
{
	const IrBranchHint *h = ir_branch_hint(c->m, in->offset);
	if (!h)
		return;
	LLVMMetadataRef md[] = {
		LLVMMDStringInContext2(c->ctx, "branch_weights", 14),
		LLVMValueAsMetadata(be_i32(c, h->likely ? HINT_LIKELY : HINT_UNLIKELY)),
		LLVMValueAsMetadata(be_i32(c, h->likely ? HINT_UNLIKELY : HINT_LIKELY)),
	};
	LLVMSetMetadata(br, LLVMGetMDKindIDInContext(c->ctx, "prof", 4),
	                LLVMMetadataAsValue(c->ctx, LLVMMDNodeInContext2(c->ctx, md, 3)));
}

static bool lower_if(FuncCtx *c, const IrInstr *in)
{
	LLVMValueRef cond = LLVMBuildICmp(c->b, LLVMIntNE, be_pop(c), be_i32(c, 0), "");
	BeLabel *l = push_label(c, IR_OP_IF, &in->u.block.type);
	if (!l)
		return false;
	LLVMBasicBlockRef then_bb = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "then");
	l->else_bb = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "else");
	if (l->nparams) {
		l->if_params = calloc(l->nparams, sizeof *l->if_params);
		if (!l->if_params)
			return c->failed = true, false;
		for (uint32_t i = 0; i < l->nparams; i++)
			l->if_params[i] = c->stack[l->height + i];
	}
	be_fuel_charge(c);
	hint_branch(c, LLVMBuildCondBr(c->b, cond, then_bb, l->else_bb), in);
	LLVMPositionBuilderAtEnd(c->b, then_bb);
	return true;
}

/* Falls off the end of the current arm into the frame's end block. */
static void fall_through(FuncCtx *c, BeLabel *l)
{
	if (c->dead)
		return;
	add_incoming(c, l->end_phis, l->nresults);
	be_fuel_charge(c);
	LLVMBuildBr(c->b, l->end);
	l->end_reached = true;
}

/* Starts the else arm with the if's parameters back on the stack. */
static void start_else(FuncCtx *c, BeLabel *l)
{
	c->sp = l->height;
	for (uint32_t i = 0; i < l->nparams; i++)
		be_push(c, l->if_params[i]);
	LLVMPositionBuilderAtEnd(c->b, l->else_bb);
	l->else_bb = NULL;
	c->dead = false;
}

static bool lower_else(FuncCtx *c)
{
	BeLabel *l = label_at(c, 0);
	fall_through(c, l);
	start_else(c, l);
	return true;
}

static void free_label(BeLabel *l)
{
	if (l->target_phis != l->end_phis)
		free(l->target_phis);
	free(l->end_phis);
	free(l->if_params);
}

/* The function's end: return the results that reached it. */
static void lower_return_block(FuncCtx *c, BeLabel *l)
{
	LLVMPositionBuilderAtEnd(c->b, l->end);
	if (l->end_reached)
		be_sig_return(c->b, c->t, c->ft, c->fn, l->end_phis);
	else
		LLVMBuildUnreachable(c->b);
}

static bool lower_end(FuncCtx *c)
{
	BeLabel *l = label_at(c, 0);
	fall_through(c, l);
	if (l->op == IR_OP_IF && l->else_bb) {
		/* no else: the parameters pass straight through (validation made
		 * them the results) */
		start_else(c, l);
		fall_through(c, l);
	}
	c->sp = l->height;
	if (l->op == IR_OP_END) {
		lower_return_block(c, l);
	} else {
		LLVMPositionBuilderAtEnd(c->b, l->end);
		if (l->end_reached) {
			for (uint32_t i = 0; i < l->nresults; i++)
				be_push(c, l->end_phis[i]);
			c->dead = false;
		} else {
			LLVMBuildUnreachable(c->b);
			c->dead = true;
		}
	}
	free_label(l);
	c->nlabels--;
	return !c->failed;
}

void be_branch_to(FuncCtx *c, uint32_t depth)
{
	BeLabel *l = label_at(c, depth);
	branch_values(c, l);
	LLVMBuildBr(c->b, l->target);
}

/* try_table: a block whose dispatch (made first: its catch labels are
 * outside it) is where a throw or a call's exception inside it goes. */
static bool lower_try_table(FuncCtx *c, const IrInstr *in)
{
	LLVMBasicBlockRef d = be_exn_dispatch(c, in);
	BeLabel *l = push_label(c, IR_OP_BLOCK, &in->u.block.type);
	if (!l)
		return false;
	l->dispatch = d;
	return !c->failed;
}

static void lower_br(FuncCtx *c, uint32_t depth)
{
	BeLabel *l = label_at(c, depth);
	branch_values(c, l);
	be_fuel_charge(c);
	LLVMBuildBr(c->b, l->target);
	c->dead = true;
}

static void lower_br_if(FuncCtx *c, const IrInstr *in)
{
	LLVMValueRef cond = LLVMBuildICmp(c->b, LLVMIntNE, be_pop(c), be_i32(c, 0), "");
	BeLabel *l = label_at(c, in->u.idx.a);
	LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "br_if.cont");
	branch_values(c, l);
	be_fuel_charge(c);
	hint_branch(c, LLVMBuildCondBr(c->b, cond, l->target, cont), in);
	LLVMPositionBuilderAtEnd(c->b, cont);
}

/* br_on_null and br_on_non_null (3.0): br_if on whether the reference is
 * null.  br_on_null branches without the reference and goes on with it;
 * br_on_non_null branches with it and goes on without it. */
static void lower_br_on_null(FuncCtx *c, const IrInstr *in)
{
	bool on_null = in->op == IR_OP_BR_ON_NULL;
	LLVMValueRef ref = be_pop(c);
	LLVMValueRef cond = on_null ? LLVMBuildIsNull(c->b, ref, "") : LLVMBuildIsNotNull(c->b, ref, "");
	if (!on_null)
		be_push(c, ref);
	BeLabel *l = label_at(c, in->u.idx.a);
	LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "br_on.cont");
	branch_values(c, l);
	be_fuel_charge(c);
	hint_branch(c, LLVMBuildCondBr(c->b, cond, l->target, cont), in);
	LLVMPositionBuilderAtEnd(c->b, cont);
	if (on_null)
		be_push(c, ref);
	else
		be_pop(c);
}

/* --spectre: a jump table's range check may be mispredicted and the
 * jump read its target from past the table.  So the default is taken by
 * a branch of its own, and the switch gets the index clamped to 0 past
 * it and an unreachable default, which LLVM lowers with no range check:
 * whatever the CPU guesses, the jump reads an entry of the table.  The
 * builder ends in the switch's block; returns the switch's default. */
static LLVMBasicBlockRef clamp_switch(FuncCtx *c, LLVMValueRef *idx, uint32_t n, BeLabel *def)
{
	LLVMBasicBlockRef in = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "br_table.in");
	LLVMBasicBlockRef none = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "br_table.none");
	branch_values(c, def);
	LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntUGE, *idx, be_i32(c, n), ""), def->target, in);
	LLVMPositionBuilderAtEnd(c->b, none);
	LLVMBuildUnreachable(c->b);
	LLVMPositionBuilderAtEnd(c->b, in);
	*idx = be_spectre_index(c, *idx, be_i32(c, n));
	return none;
}

/* One switch; every edge, duplicates included, brings its values (LLVM
 * wants one phi entry per edge). */
static void lower_br_table(FuncCtx *c, const IrInstr *in)
{
	LLVMValueRef idx = be_pop(c);
	be_fuel_charge(c);
	const uint32_t *ls = c->f->labels + in->u.br_table.first;
	uint32_t n = in->u.br_table.count;
	BeLabel *def = label_at(c, ls[n]);
	LLVMBasicBlockRef def_bb = def->target;
	if (c->bm->opt->spectre && n)
		def_bb = clamp_switch(c, &idx, n, def);
	else
		branch_values(c, def);
	LLVMValueRef sw = LLVMBuildSwitch(c->b, idx, def_bb, n);
	for (uint32_t i = 0; i < n; i++) {
		BeLabel *l = label_at(c, ls[i]);
		branch_values(c, l);
		LLVMAddCase(sw, be_i32(c, i), l->target);
	}
	c->dead = true;
}

bool be_lower_control(FuncCtx *c, const IrInstr *in, uint32_t index)
{
	switch (in->op) {
	case IR_OP_UNREACHABLE: be_trap(c, NACRE_TRAP_UNREACHABLE); return true;
	case IR_OP_NOP: return true;
	case IR_OP_BLOCK: return lower_block(c, in);
	case IR_OP_LOOP: return lower_loop(c, in, index);
	case IR_OP_IF: return lower_if(c, in);
	case IR_OP_ELSE: return lower_else(c);
	case IR_OP_END: return lower_end(c);
	case IR_OP_BR: lower_br(c, in->u.idx.a); return true;
	case IR_OP_BR_IF: lower_br_if(c, in); return true;
	case IR_OP_BR_TABLE: lower_br_table(c, in); return true;
	case IR_OP_BR_ON_NULL: case IR_OP_BR_ON_NON_NULL: lower_br_on_null(c, in); return true;
	case IR_OP_RETURN: lower_br(c, (uint32_t)c->nlabels - 1); return true;
	case IR_OP_TRY_TABLE: return lower_try_table(c, in);
	case IR_OP_THROW: case IR_OP_THROW_REF: return be_lower_exn(c, in);
	}
	return false;
}
