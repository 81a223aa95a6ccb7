/* backend/leaf.c: which functions go without the prologue's stack check.
 *
 * A leaf (it calls no function: no call, call_indirect, call_ref or tail
 * call) whose frame is at most BE_LEAF_FRAME_MAX bytes needs none: its
 * caller checked its own stack pointer against the limit, so the leaf
 * ends at most one small frame below it, inside the runtime's margin
 * (RT_STACK_MARGIN, 64 KiB, kept free below the limit for runtime calls
 * and traps), and nothing it does goes deeper but runtime calls, which
 * the margin is for.  Even with the margin used up, a frame below a page
 * cannot step over the guard page under a stack; so the bound is a page
 * (the smallest guard there is), less the return address and saved
 * registers.  See "The Wasm stack" in docs/ARCHITECTURE.md.
 *
 * The frame's size is only known once LLVM has allocated registers, so
 * each such leaf carries "warn-stack-size": code generation reports a
 * larger frame as a diagnostic, the handler here records the function,
 * and compile.c compiles the partition again with its check back in.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* one 4 KiB page less room for the return address and the saved
 * registers, which LLVM's frame size may not count */
enum { BE_LEAF_FRAME_MAX = 3 * 1024 };

static bool calls_anything(const IrFunc *f)
{
	for (uint32_t i = 0; i < f->ncode; i++)
		if (ir_op_info[f->code[i].op].family == IR_FAM_CALL)
			return true;
	return false;
}

/* -O0 frames are large (every value its own slot), so -O0 keeps every
 * check rather than compile twice; --interruptible counts on callee
 * entries checking (interrupt.c's calls_every_iteration). */
bool be_leaf_unchecked(const BeModule *bm, uint32_t funcidx)
{
	const IrFunc *f = &bm->m->funcs[funcidx - bm->m->nimported_funcs];
	if (bm->opt->opt == BE_O0 || bm->opt->interruptible)
		return false;
	if (!bm->checked || bm->checked[funcidx - bm->first]) /* no handler: no watch */
		return false;
	return !calls_anything(f);
}

void be_leaf_watch(LLVMValueRef fn)
{
	char limit[16];
	snprintf(limit, sizeof limit, "%d", BE_LEAF_FRAME_MAX);
	LLVMAddTargetDependentFunctionAttr(fn, "warn-stack-size", limit);
}

/* The function a "<unknown>:0:0: stack frame size (N) exceeds limit (M)
 * in function 'NAME'" diagnostic names, or NULL. */
static LLVMValueRef oversized(BeModule *bm, const char *msg)
{
	static const char in[] = "in function '";
	const char *name = strstr(msg, in);
	if (!strstr(msg, "stack frame size (") || !name)
		return NULL;
	name += sizeof in - 1;
	const char *end = strchr(name, '\'');
	if (!end || end - name >= 256)
		return NULL;
	char buf[256];
	memcpy(buf, name, (size_t)(end - name));
	buf[end - name] = 0;
	return LLVMGetNamedFunction(bm->mod, buf);
}

static void record(BeModule *bm, LLVMValueRef fn)
{
	for (uint32_t i = bm->first; i < bm->end; i++)
		if (bm->funcs[i] == fn) {
			bm->checked[i - bm->first] = 1;
			bm->recheck = true;
		}
}

/* A leaf's frame over the bound is recorded; anything else is what
 * LLVM's own handler would do with it: an error fails the partition
 * (LLVM's would exit), a warning goes to stderr, remarks are dropped. */
static void on_diagnostic(LLVMDiagnosticInfoRef di, void *arg)
{
	BeModule *bm = arg;
	LLVMDiagnosticSeverity sev = LLVMGetDiagInfoSeverity(di);
	char *msg = LLVMGetDiagInfoDescription(di);
	LLVMValueRef fn = sev == LLVMDSWarning ? oversized(bm, msg) : NULL;
	if (fn)
		record(bm, fn);
	else if (sev == LLVMDSError)
		diag_report(bm->diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "%s", msg);
	else if (sev == LLVMDSWarning)
		fprintf(stderr, "warning: %s\n", msg);
	if (sev == LLVMDSError)
		bm->llvm_error = true;
	LLVMDisposeMessage(msg);
}

bool be_leaf_init(BeModule *bm)
{
	uint32_t n = bm->end > bm->first ? bm->end - bm->first : 1;
	if (!bm->checked)
		bm->checked = calloc(n, 1);
	if (!bm->checked)
		return false;
	LLVMContextSetDiagnosticHandler(bm->ctx, on_diagnostic, bm);
	return true;
}
