/* backend/cpu_list.c: the CPU names LLVM knows for a target, for
 * `--cpu=help`.  The C API has no list; LLVM prints one when a target
 * machine is made for the CPU "help", so it is caught in a temporary
 * file (a pipe could fill up and block) and the CPUs' lines copied out. */
#include "backend.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Makes the machine with stderr pointing at tmp; false if it cannot. */
static bool machine_help(const Target *t, FILE *tmp)
{
	LLVMTargetRef target;
	char *err = NULL;
	if (LLVMGetTargetFromTriple(t->triple, &target, &err)) {
		LLVMDisposeMessage(err);
		return false;
	}
	int saved = dup(2);
	if (saved < 0)
		return false;
	fflush(stderr);
	dup2(fileno(tmp), 2);
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, t->triple, "help", "", LLVMCodeGenLevelDefault,
	                                                  LLVMRelocPIC, LLVMCodeModelDefault);
	if (tm)
		LLVMDisposeTargetMachine(tm);
	dup2(saved, 2);
	close(saved);
	return true;
}

/* The lines after "Available CPUs" up to the next heading, each CPU's
 * name only. */
static unsigned copy_cpus(FILE *tmp, FILE *out)
{
	char line[512], name[128];
	bool in = false;
	unsigned n = 0;
	rewind(tmp);
	while (fgets(line, sizeof line, tmp)) {
		if (strncmp(line, "Available", 9) == 0) {
			in = strstr(line, "CPUs") != NULL;
			continue;
		}
		if (in && sscanf(line, " %127s -", name) == 1 && line[0] == ' ')
			n++, fprintf(out, "  %s\n", name);
	}
	return n;
}

unsigned be_target_cpus_print(const Target *t, FILE *out)
{
	be_targets_init();
	FILE *tmp = tmpfile();
	unsigned n = tmp && machine_help(t, tmp) ? copy_cpus(tmp, out) : 0;
	if (tmp)
		fclose(tmp);
	return n;
}
