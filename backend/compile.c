/* backend/compile.c: the backend as one call, in pipeline order: lower
 * every function, add trampolines and the descriptor, verify, optimise,
 * emit, and (for a shared library or an executable) link.  Each call makes and disposes
 * its own LLVMContext. */
#include "backend.h"

#include <llvm-c/Analysis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void be_options_default(BeOptions *o)
{
	*o = (BeOptions){
		.target = be_target_host(),
		.opt = BE_O2,
		.bounds = NACRE_BOUNDS_GUARD,
		.emit = BE_EMIT_SO,
#ifndef NDEBUG
		.verify = true,
#endif
	};
}

static bool verify(BeModule *bm)
{
	char *msg = NULL;
	if (!LLVMVerifyModule(bm->mod, LLVMReturnStatusAction, &msg)) {
		LLVMDisposeMessage(msg);
		return true;
	}
	/* the first line says what is wrong; the module dump is for debugging */
	char *nl = msg ? strchr(msg, '\n') : NULL;
	if (nl)
		*nl = 0;
	diag_report(bm->diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "invalid LLVM IR: %s", msg ? msg : "");
	LLVMDisposeMessage(msg);
	return false;
}

static bool generate(BeModule *bm)
{
	uint32_t n = bm->m->ntypes ? bm->m->ntypes : 1;
	LLVMValueRef *entries = calloc(n, sizeof *entries), *adapters = calloc(n, sizeof *adapters);
	bool ok = entries && adapters && be_lower_module(bm) && be_emit_trampolines(bm, entries, adapters) &&
	          be_emit_descriptor(bm, entries, adapters);
	free(entries);
	free(adapters);
	return ok && (!bm->opt->verify || verify(bm)) && be_optimize(bm);
}

/* A shared library or an executable goes through an object file next to
 * the output. */
static bool emit(BeModule *bm, const char *out)
{
	BeEmit kind = bm->opt->emit;
	if (kind != BE_EMIT_SO && kind != BE_EMIT_EXE)
		return be_emit_file(bm, kind, out);
	size_t n = strlen(out) + 16;
	char *obj = malloc(n);
	if (!obj)
		return false;
	snprintf(obj, n, "%s.%d.o", out, (int)getpid());
	bool ok = be_emit_file(bm, BE_EMIT_OBJ, obj) &&
	          (kind == BE_EMIT_SO ? be_link_shared(bm->opt, obj, out, bm->diags)
	                              : be_link_exe(bm->opt, obj, out, bm->diags));
	unlink(obj);
	free(obj);
	return ok;
}

bool be_compile(const IrModule *m, const BeOptions *o, const char *out_path, DiagSink *diags)
{
	BeModule bm = { .m = m, .opt = o, .diags = diags };
	bm.tm = be_target_machine(o, diags);
	if (!bm.tm)
		return false;
	bm.ctx = LLVMContextCreate();
	bm.mod = LLVMModuleCreateWithNameInContext("wasm", bm.ctx);
	LLVMSetTarget(bm.mod, o->target->triple);
	LLVMTargetDataRef td = LLVMCreateTargetDataLayout(bm.tm);
	char *layout = LLVMCopyStringRepOfTargetData(td);
	LLVMSetDataLayout(bm.mod, layout);
	LLVMDisposeMessage(layout);
	LLVMDisposeTargetData(td);
	be_types_init(&bm.t, bm.ctx);
	bool ok = generate(&bm) && emit(&bm, out_path);
	free(bm.funcs);
	LLVMDisposeModule(bm.mod);
	LLVMContextDispose(bm.ctx);
	LLVMDisposeTargetMachine(bm.tm);
	return ok;
}
