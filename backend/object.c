/* backend/object.c: the target machine and writing the module out as an
 * object, assembly or LLVM IR. */
#include "backend.h"

#include <llvm-c/Support.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* LLVM's command-line options belong to the process, not to a target
 * machine, and may be given once: so they are the same for every target
 * and level.  -disable-lsr: loop strength reduction, with the analyses
 * it needs, was a third of -O2's code generation on bench/'s large
 * modules, for code of the same speed (docs/ARCHITECTURE.md, "Compile
 * time"). */
static const char *const llvm_options[] = { "nacre", "-disable-lsr" };

static void set_llvm_options(void)
{
	LLVMParseCommandLineOptions((int)(sizeof llvm_options / sizeof *llvm_options), llvm_options, NULL);
}

void be_targets_init(void)
{
	/* idempotent inside LLVM; called before any target lookup */
	size_t n;
	const Target *const *t = be_targets(&n);
	for (size_t i = 0; i < n; i++)
		t[i]->init();
	static pthread_once_t options_once = PTHREAD_ONCE_INIT; /* LLVM's state is the process's */
	pthread_once(&options_once, set_llvm_options);
}

static const LLVMCodeGenOptLevel codegen_levels[] = {
	[BE_O0] = LLVMCodeGenLevelNone, [BE_O1] = LLVMCodeGenLevelLess,
	[BE_O2] = LLVMCodeGenLevelDefault, [BE_O3] = LLVMCodeGenLevelAggressive,
	[BE_OS] = LLVMCodeGenLevelDefault,
};

/* The baseline's features (the host's for native) are always on, so that
 * another --cpu keeps the ABI the baseline implies (riscv64's lp64d needs
 * D); --cpu-features come after them.  malloc'd, NULL when out of memory. */
static char *features(const BeOptions *o, bool native)
{
	char *host = native ? LLVMGetHostCPUFeatures() : NULL;
	const char *base = native ? host : o->target->baseline_features;
	const char *extra = o->cpu_features ? o->cpu_features : "";
	size_t len = strlen(base) + strlen(extra) + 2;
	char *s = malloc(len);
	if (s)
		snprintf(s, len, "%s%s%s", base, *extra && *base ? "," : "", extra);
	LLVMDisposeMessage(host);
	return s;
}

static LLVMTargetMachineRef create(LLVMTargetRef target, const BeOptions *o, const char *cpu, const char *fs)
{
	LLVMTargetMachineOptionsRef mo = LLVMCreateTargetMachineOptions();
	LLVMTargetMachineOptionsSetCPU(mo, cpu);
	LLVMTargetMachineOptionsSetFeatures(mo, fs);
	if (o->target->abi)
		LLVMTargetMachineOptionsSetABI(mo, o->target->abi);
	LLVMTargetMachineOptionsSetCodeGenOptLevel(mo, codegen_levels[o->opt]);
	LLVMTargetMachineOptionsSetRelocMode(mo, LLVMRelocPIC);
	LLVMTargetMachineRef tm = LLVMCreateTargetMachineWithOptions(target, o->target->triple, mo);
	LLVMDisposeTargetMachineOptions(mo);
	return tm;
}

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
	char *host = native ? LLVMGetHostCPUName() : NULL;
	const char *cpu = native ? host : baseline ? o->target->baseline_llvm_cpu : o->cpu;
	char *fs = features(o, native);
	LLVMTargetMachineRef tm = fs ? create(target, o, cpu, fs) : NULL;
	LLVMDisposeMessage(host);
	free(fs);
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

/* LLVM's C API lists no CPUs, and an unknown one only gets a line on
 * stderr ("... is not a recognized processor ...") and generic tuning.
 * So the driver makes a target machine for the name once, before any
 * compiling thread exists, with stderr on a pipe, and reads what LLVM
 * said. */
bool be_target_cpu_known(const Target *t, const char *cpu)
{
	be_targets_init();
	int p[2], saved = dup(2);
	if (saved < 0 || pipe(p) != 0)
		return true; /* cannot tell: LLVM's own warning still shows */
	fflush(stderr);
	dup2(p[1], 2);
	close(p[1]);
	BeOptions o;
	be_options_default(&o);
	o.target = t;
	LLVMTargetRef target;
	char *err = NULL, said[512] = "";
	if (!LLVMGetTargetFromTriple(t->triple, &target, &err)) {
		LLVMTargetMachineRef tm = create(target, &o, cpu, t->baseline_features);
		if (tm)
			LLVMDisposeTargetMachine(tm);
	}
	LLVMDisposeMessage(err);
	dup2(saved, 2);
	close(saved);
	ssize_t n = read(p[0], said, sizeof said - 1); /* the write end is closed: no wait */
	close(p[0]);
	said[n > 0 ? n : 0] = 0;
	return strstr(said, "not a recognized processor") == NULL;
}
