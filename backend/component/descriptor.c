/* backend/component/descriptor.c: the object that makes a component
 * executable's objects one program: NacreComponentDesc (abi.h) naming
 * every module's descriptor in plan order, the plan's bytes, and the
 * build's note (the grants the WASI start-up reads). */
#include "component.h"

#include <stdio.h>
#include <stdlib.h>

static LLVMValueRef constant(BeModule *bm, LLVMValueRef init, const char *name, bool private_)
{
	LLVMValueRef g = LLVMAddGlobal(bm->mod, LLVMTypeOf(init), name);
	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, true);
	if (private_)
		LLVMSetLinkage(g, LLVMPrivateLinkage);
	return g;
}

/* The modules' descriptors, each defined by its own object. */
static LLVMValueRef modules(BeModule *bm, char *const *names, uint32_t n)
{
	LLVMTypeRef desc = be_abi_type(&bm->t, BE_ABI_NacreModuleDesc);
	LLVMValueRef *v = calloc(n + 1, sizeof *v);
	if (!v)
		return NULL;
	for (uint32_t k = 0; k < n; k++) {
		char sym[BE_MODULE_NAME_MAX + 16];
		snprintf(sym, sizeof sym, "%s_module", names[k]);
		v[k] = LLVMAddGlobal(bm->mod, desc, sym);
	}
	LLVMValueRef a = constant(bm, LLVMConstArray2(bm->t.ptr, v, n), "nacre.cm.modules", true);
	free(v);
	return a;
}

static bool fill(BeModule *bm, char *const *names, uint32_t n, const uint8_t *plan, size_t size)
{
	if (!be_abi_layout_ok(bm))
		return false;
	LLVMValueRef mods = modules(bm, names, n);
	if (!mods) {
		diag_report(bm->diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "component descriptor");
		return false;
	}
	LLVMValueRef bytes = LLVMConstStringInContext2(bm->ctx, (const char *)plan, size, true);
	LLVMValueRef i32 = LLVMConstInt(bm->t.i32, 0, false);
	LLVMValueRef f[] = {
		LLVMConstInt(bm->t.i32, NACRE_ABI_VERSION, false), LLVMConstInt(bm->t.i32, n, false), mods,
		constant(bm, bytes, "nacre.cm.plan", true), LLVMConstInt(bm->t.i32, size, false), i32,
	};
	constant(bm, LLVMConstStructInContext(bm->ctx, f, sizeof f / sizeof *f, false), NACRE_COMPONENT_SYMBOL, false);
	be_emit_note(bm);
	if (bm->opt->cfi) /* the program audit wants every object's CFI property */
		be_cfi_apply(bm);
	return true;
}

bool be_cm_emit_descriptor(const BeOptions *o, char *const *names, uint32_t n, const uint8_t *plan, size_t size,
                           const char *path, DiagSink *diags)
{
	BeModule bm = { .opt = o, .diags = diags };
	if (!(bm.tm = be_target_machine(o, diags)))
		return false;
	bm.ctx = LLVMContextCreate();
	bm.mod = LLVMModuleCreateWithNameInContext("component", bm.ctx);
	be_module_set_target(&bm);
	be_types_init(&bm.t, bm.ctx, &o->target->call_regs);
	bool ok = fill(&bm, names, n, plan, size) && be_emit_file(&bm, BE_EMIT_OBJ, path);
	LLVMDisposeModule(bm.mod);
	LLVMContextDispose(bm.ctx);
	LLVMDisposeTargetMachine(bm.tm);
	return ok;
}
