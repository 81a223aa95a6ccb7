/* backend/cfi.c: control-flow integrity in emitted code (ARCHITECTURE.md,
 * "Hardening, in one place").  The target says how (Target.cfi): module
 * flags make LLVM put a landing pad at every function that may be called
 * indirectly and at jump-table targets, and emit the GNU property note
 * that tells the linker and the kernel the object has them; function
 * attributes do the rest where the target reads them per function.  The
 * audit (audit.c) then checks every object and program for both.
 */
#include "backend.h"

#include <string.h>

static void add_flag(BeModule *bm, const char *name)
{
	LLVMValueRef one = LLVMConstInt(LLVMInt32TypeInContext(bm->ctx), 1, false);
	LLVMAddModuleFlag(bm->mod, LLVMModuleFlagBehaviorOverride, name, strlen(name),
	                  LLVMValueAsMetadata(one));
}

static void add_attrs(BeModule *bm, LLVMValueRef fn, const BeAttr *attrs)
{
	for (const BeAttr *a = attrs; a->key; a++) {
		LLVMAttributeRef attr = LLVMCreateStringAttribute(bm->ctx, a->key, (unsigned)strlen(a->key),
		                                                  a->value, (unsigned)strlen(a->value));
		LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, attr);
	}
}

void be_cfi_apply(BeModule *bm)
{
	const BeCfi *cfi = bm->opt->target->cfi;
	if (!cfi)
		return;
	for (const char *const *f = cfi->module_flags; *f; f++)
		add_flag(bm, *f);
	if (!cfi->function_attrs)
		return;
	for (LLVMValueRef fn = LLVMGetFirstFunction(bm->mod); fn; fn = LLVMGetNextFunction(fn))
		if (!LLVMIsDeclaration(fn))
			add_attrs(bm, fn, cfi->function_attrs);
}
