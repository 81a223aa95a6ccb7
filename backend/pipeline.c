/* backend/pipeline.c: the optimisation pipeline at each level.
 *
 * Wasm arrives optimised by its producer: inlined, unrolled, vectorised
 * where it could be.  What lowering adds is locals in allocas, the
 * operand stack's copies, a load of the memory's base (and, with explicit
 * bounds, its size) and a zero-extension on every address.  So -O2 runs
 * only what cleans that up: SROA, CSE, instcombine and simplifycfg, loop
 * rotation and LICM to hoist the invariant loads, indvars to widen 32-bit
 * induction variables so that addresses need no zero-extension in loops,
 * then GVN.  It compiles in about half the time of LLVM's default<O2>
 * with the same run time on bench/ (measured there).  -O3 is LLVM's full
 * pipeline, for Wasm its producer did not optimise.
 */
#include "backend.h"

#include <llvm-c/Transforms/PassBuilder.h>

/* lower-expect first: it turns the trap checks' llvm.expect into branch
 * weights, which keep trap paths out of the hot code's layout.  Then
 * SROA, after which nowrap.c marks the additions that cannot wrap
 * (before anything reshapes the addresses it reads), and the rest. */
#define FIRST "function(lower-expect,sroa)"
#define CLEANUP "early-cse<memssa>,instcombine<no-verify-fixpoint>,simplifycfg"

typedef struct Pipeline {
	const char *first, *rest; /* rest NULL: no nowrap marks, one run */
} Pipeline;

static const Pipeline pipelines[] = {
	[BE_O0] = { "function(lower-expect,mem2reg)", NULL },
	[BE_O1] = { FIRST, "function(" CLEANUP ")" },
	[BE_O2] = { FIRST, "function(" CLEANUP ",loop-mssa(loop-rotate,licm),loop(indvars),gvn,"
	                   "instcombine<no-verify-fixpoint>,simplifycfg)" },
	[BE_O3] = { FIRST, "default<O3>" },
	[BE_OS] = { FIRST, "default<Os>" },
};

static bool run(BeModule *bm, const char *passes)
{
	LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
	LLVMErrorRef err = LLVMRunPasses(bm->mod, passes, bm->tm, po);
	LLVMDisposePassBuilderOptions(po);
	if (err) {
		char *msg = LLVMGetErrorMessage(err);
		diag_report(bm->diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "optimiser: %s", msg);
		LLVMDisposeErrorMessage(msg);
		return false;
	}
	return true;
}

bool be_optimize(BeModule *bm)
{
	const Pipeline *p = &pipelines[bm->opt->opt];
	if (!run(bm, p->first))
		return false;
	if (!p->rest)
		return true;
	if (!be_mark_nowrap(bm)) {
		diag_report(bm->diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, NULL);
		return false;
	}
	return run(bm, p->rest);
}
