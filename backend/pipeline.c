/* backend/pipeline.c: LLVM's new pass manager at the chosen level.  The
 * Wasm arrives optimised by its producer, so the default pipelines are a
 * starting point; the benchmark issue tunes this. */
#include "backend.h"

#include <llvm-c/Transforms/PassBuilder.h>

static const char *const pipelines[] = {
	[BE_O0] = "function(mem2reg)",
	[BE_O1] = "default<O1>",
	[BE_O2] = "default<O2>",
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
