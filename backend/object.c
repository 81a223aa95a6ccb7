/* backend/object.c: the target machine and writing the module out as an
 * object, assembly or LLVM IR. */
#include "backend.h"

#include <stdlib.h>
#include <string.h>

#include <llvm-c/Target.h>

void be_targets_init(void)
{
	/* idempotent inside LLVM; called before any target lookup */
	LLVMInitializeX86TargetInfo();
	LLVMInitializeX86Target();
	LLVMInitializeX86TargetMC();
	LLVMInitializeX86AsmPrinter();
}

static const LLVMCodeGenOptLevel codegen_levels[] = {
	[BE_O0] = LLVMCodeGenLevelNone, [BE_O1] = LLVMCodeGenLevelLess,
	[BE_O2] = LLVMCodeGenLevelDefault, [BE_O3] = LLVMCodeGenLevelAggressive,
	[BE_OS] = LLVMCodeGenLevelDefault,
};

LLVMTargetMachineRef be_target_machine(const BeOptions *o, DiagSink *diags)
{
	LLVMTargetRef target;
	char *err = NULL;
	if (LLVMGetTargetFromTriple(o->target->triple, &target, &err)) {
		diag_report(diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "target %s: %s", o->target->triple, err);
		LLVMDisposeMessage(err);
		return NULL;
	}
	bool native = o->cpu && strcmp(o->cpu, "native") == 0;
	bool baseline = !o->cpu || strcmp(o->cpu, o->target->baseline_cpu) == 0;
	char *cpu = native ? LLVMGetHostCPUName() : NULL;
	char *features = native ? LLVMGetHostCPUFeatures() : NULL;
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
		target, o->target->triple, native ? cpu : baseline ? o->target->baseline_llvm_cpu : o->cpu,
		native ? features : baseline ? o->target->baseline_features : "", codegen_levels[o->opt],
		LLVMRelocPIC, LLVMCodeModelDefault);
	LLVMDisposeMessage(cpu);
	LLVMDisposeMessage(features);
	if (!tm)
		diag_report(diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "no target machine for %s", o->target->triple);
	return tm;
}

bool be_emit_file(BeModule *bm, BeEmit kind, const char *path)
{
	char *err = NULL;
	bool failed;
	if (kind == BE_EMIT_LLVM)
		failed = LLVMPrintModuleToFile(bm->mod, path, &err);
	else
		failed = LLVMTargetMachineEmitToFile(bm->tm, bm->mod, path,
		                                     kind == BE_EMIT_ASM ? LLVMAssemblyFile : LLVMObjectFile, &err);
	if (failed) {
		diag_report(bm->diags, DIAG_OUTPUT, 0, DIAG_NO_FUNC, "%s: %s", path, err ? err : "");
		LLVMDisposeMessage(err);
	}
	return !failed;
}
