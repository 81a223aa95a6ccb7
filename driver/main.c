/* driver/main.c: the `nacre` command: finds the subcommand and hands it
 * its arguments.  The stages run inside each subcommand; nothing here
 * holds logic of its own. */
#include "driver.h"

#include <stdio.h>
#include <string.h>

#ifndef NACRE_VERSION
#define NACRE_VERSION "0.0.0"
#endif

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{ "validate", drv_cmd_validate, "validate [-q] FILE...  check modules exactly as the spec does" },
	{ "build", drv_cmd_build, "build FILE -o OUT [--emit=exe|obj|so|llvm|asm] [-O0|-O1|-O2|-O3|-Os]\n"
	                          "                [--bounds=guard|explicit] [--cfi=on|none] [--target=x86_64|aarch64|riscv64]\n"
	                          "                [--cpu=NAME|native] [--cpu-features=+NAME,...] [--threads=N]\n"
	                          "                [--dir HOST::GUEST|DIR] [--dir-ro HOST::GUEST|DIR]\n"
	                          "                [--env NAME=VALUE|NAME] [--module-name=NAME] [--header=PATH]\n"
	                          "                [--stack-size=N[K|M|G]]\n"
	                          "                              compile a module to native code; an executable\n"
	                          "                              reaches only stdin, stdout, stderr and what it is\n"
	                          "                              granted: --dir preopens HOST as GUEST (fds 3, 4, ...\n"
	                          "                              in order; a relative HOST is resolved against the\n"
	                          "                              working directory when the program runs), --dir-ro\n"
	                          "                              read-only; --env sets NAME, or passes the host's\n"
	                          "                              NAME through; all repeatable.  --stack-size: the\n"
	                          "                              stack its Wasm code may use, whatever ulimit -s\n"
	                          "                              says (default 1M, at -O0 128M).  --emit=obj names its\n"
	                          "                              symbols NAME_module and NAME_note (default: from OUT)\n"
	                          "                              and writes a typed C header, OUT.h or PATH.\n"
	                          "                              --target also takes triples (aarch64-linux-gnu);\n"
	                          "                              default: this machine's.  --cpu=native is for it only.\n"
	                          "                              --cfi=none leaves out control-flow integrity\n"
	                          "                              (x86-64 IBT, aarch64 BTI and PAC; on by default)" },
	{ "run", drv_cmd_run, "run FILE [build options] [-- ARGS...]\n"
	                      "                              build an executable into the cache ($NACRE_CACHE_DIR,\n"
	                      "                              else $XDG_CACHE_HOME/nacre, else ~/.cache/nacre) unless\n"
	                      "                              it is there, then run it with ARGS" },
	{ "inspect", drv_cmd_inspect, "inspect [--json] FILE   show how an object was built and what it may reach" },
	{ "dump", drv_cmd_dump, "dump FILE               list a valid module's decoded contents" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: nacre COMMAND [OPTIONS] [FILE...]\n\n"
	             "nacre compiles WebAssembly ahead of time to sandboxed native code.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(out, "  nacre %s\n", commands[i].usage);
	fprintf(out, "\noptions:\n  -h, --help     this text\n  -V, --version  the version\n\n"
	             "exit status: 0 success, 1 an input is malformed, invalid or unfit, 2 usage or I/O error,\n"
	             "             3 the toolchain failed (code generation, linking)\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("nacre %s\n", NACRE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (cmd[0] == '-')
		fprintf(stderr, "nacre: error: unknown option '%s' (see nacre --help)\n", cmd);
	else
		fprintf(stderr, "nacre: error: unknown command '%s' (see nacre --help)\n", cmd);
	return EXIT_USAGE;
}
