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
 * weights, which keep trap paths out of the hot code's layout. */
#define CLEANUP "lower-expect,sroa,early-cse<memssa>,instcombine<no-verify-fixpoint>,simplifycfg"

static const char *const pipelines[] = {
	[BE_O0] = "function(lower-expect,mem2reg)",
	[BE_O1] = "function(" CLEANUP ")",
	[BE_O2] = "function(" CLEANUP ",loop-mssa(loop-rotate,licm),loop(indvars),gvn,"
	          "instcombine<no-verify-fixpoint>,simplifycfg)",
	[BE_O3] = "default<O3>",
	[BE_OS] = "default<Os>",
};

bool be_optimize(BeModule *bm)
{
	LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
	LLVMErrorRef err = LLVMRunPasses(bm->mod, pipelines[bm->opt->opt], bm->tm, po);
	LLVMDisposePassBuilderOptions(po);
	if (err) {
		char *msg = LLVMGetErrorMessage(err);
		diag_report(bm->diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "optimiser: %s", msg);
		LLVMDisposeErrorMessage(msg);
		return false;
	}
	return true;
}
