/* driver/help.c: what `nacre --help`, `nacre help CMD`, `nacre CMD
 * --help` and `nacre --version` print: one table of the subcommands,
 * each with its synopsis, its summary and its options. */
#include "driver.h"

#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>

#ifndef NACRE_VERSION
#define NACRE_VERSION "0.0.0"
#endif
#ifndef NACRE_COMMIT
#define NACRE_COMMIT "unknown"
#endif

#define FEATURES_OPTION \
	"  --features=LEVEL[,+P|-P]...\n" \
	"                           the Wasm accepted: LEVEL 2.0 or 3.0 (default, all nacre has),\n" \
	"                           then proposals P added or removed: multi-memory, extended-const,\n" \
	"                           tail-call, function-references, exceptions, gc, memory64\n" \
	"                           (e.g. 3.0,-gc)\n"

#define BUILD_OPTIONS \
	"  -O0|-O1|-O2|-O3|-Os      optimisation level (default -O2)\n" \
	FEATURES_OPTION \
	"  --bounds=guard|explicit|masked\n" \
	"                           memory bounds: guard pages (default), a check per access, or\n" \
	"                           a check and a branch-free clamp of the address (Spectre v1)\n" \
	"  --spectre                masked bounds, clamped table and br_table indices, and\n" \
	"                           speculative load hardening (x86-64, aarch64)\n" \
	"  --cfi=on|none            control-flow integrity (x86-64 IBT, aarch64 BTI and PAC; default on)\n" \
	"  --interruptible          loops check the store's interrupt request (nacre_store_interrupt)\n" \
	"  --metered                code consumes the store's fuel, about a unit per instruction\n" \
	"  --target=NAME|TRIPLE     x86_64, aarch64, riscv64, or a triple (aarch64-linux-gnu);\n" \
	"                           default: this machine's; --target=help lists them\n" \
	"  --cpu=NAME|native        the CPU to tune and select instructions for (default: the\n" \
	"                           target's portable baseline); native is this machine's and is\n" \
	"                           recorded as the CPU it resolved to; --cpu=help lists the names\n" \
	"  --cpu-features=+NAME,... instruction-set extensions added to the baseline\n" \
	"  -j N, --threads=N        compile with at most N threads (default: the CPUs this process\n" \
	"                           may use: its affinity mask and cgroup CPU quota)\n" \
	"  -v                       each phase's time (decode, validate, lower, optimise, codegen\n" \
	"                           per partition, audit, link) and the threads, on stderr\n" \
	"  --partition-bytes=N      code bytes per parallel partition, about (default 32768)\n" \
	"  --verify                 run LLVM's IR verifier on the generated code\n" \
	"  --dir HOST::GUEST|DIR    grant a directory: preopens HOST as GUEST (fds 3, 4, ... in\n" \
	"                           order; a relative HOST is resolved when the program runs)\n" \
	"  --dir-ro HOST::GUEST|DIR the same, read-only\n" \
	"  --env NAME=VALUE|NAME    set NAME, or pass the host's NAME through\n" \
	"  --stack-size=N[K|M|G]    the stack its Wasm code may use, whatever ulimit -s says\n" \
	"                           (default 1M, at -O0 128M)\n" \
	"  --max-memory=SIZE        the most its Wasm memory may hold, in bytes or KiB, MiB, GiB\n" \
	"                           (16MiB), whole 64KiB pages: memory.grow past it returns -1\n" \
	"  --max-exceptions=SIZE    the bytes of exceptions it may keep for exnrefs (default\n" \
	"                           16MiB): one more traps 'too many exceptions kept'\n" \
	"  --timeout=DURATION       the program traps 'interrupted' after DURATION (e.g. 500ms, 2s,\n" \
	"                           1m; units ns, us, ms, s, m, h); implies --interruptible\n" \
	"  --fuel=N                 the program traps 'out of fuel' after about N Wasm\n" \
	"                           instructions, at the same point every run; implies --metered\n" \
	"  --runtime-dir=DIR        the folder of <target>/libnacre_*.a for executables (default:\n" \
	"                           $NACRE_RUNTIME_DIR, else lib/nacre beside nacre's bin/ folder)\n" \
	"                           (--dir, --dir-ro, --env, --stack-size, --max-memory,\n" \
	"                           --max-exceptions, --timeout, --fuel: executables only; the\n" \
	"                           grant flags are repeatable)\n"

static const DrvCommand commands[] = {
	{ "validate", drv_cmd_validate, "validate [-q] [--features=LEVEL] [--diagnostics=FORMAT] FILE...",
	  "check modules exactly as the spec does, and components (WASI 0.2)", "",
	  "  -q, --quiet              print nothing for valid modules and components\n"
	  FEATURES_OPTION
	  "  --diagnostics=text|json|sarif\n"
	  "                           text on stderr (default), or one JSON document or SARIF 2.1.0\n"
	  "                           log on stdout (docs/DIAGNOSTICS.md)\n"
	  "  FILE '-' reads the module (or component) from stdin\n" },
	{ "build", drv_cmd_build, "build FILE -o OUT [OPTIONS]",
	  "compile a module to native code",
	  "An executable reaches only stdin, stdout, stderr and what it is granted.\n",
	  "  -o OUT                   the output; written whole under a temporary name, never\n"
	  "                           an input, never stdout\n"
	  "  --emit=exe|obj|so|llvm|asm\n"
	  "                           a static executable (default; needs a WASI command: _start,\n"
	  "                           imports from wasi_snapshot_preview1 only), an object, a\n"
	  "                           shared object, LLVM IR or assembly\n"
	  BUILD_OPTIONS
	  "  --cache                  reuse the output of an identical build from nacre run's cache\n"
	  "                           (keyed by the input, every option, the grants, the compiler\n"
	  "                           and the runtime archives), or store this one there\n"
	  "  --module-name=NAME       --emit=obj: symbols NAME_module and NAME_note (default: from OUT)\n"
	  "  --header=PATH            --emit=obj: the typed C header (default OUT with .h)\n"
	  "  --diagnostics=text|json|sarif\n"
	  "                           how errors in the input are shown (see nacre help validate)\n"
	  "  FILE '-' reads the module (or component) from stdin\n" },
	{ "run", drv_cmd_run, "run FILE [OPTIONS] [-- ARGS...]",
	  "build an executable (once, into a cache), then run it with ARGS",
	  "The cache is $NACRE_CACHE_DIR, else $XDG_CACHE_HOME/nacre, else ~/.cache/nacre; it keeps\n"
	  "$NACRE_CACHE_MAX bytes (K, M, G; default 512M), the least recently used going first.\n"
	  "NACRE_RUN_VERBOSE=1 (or -v) says whether it was cached or compiled.\n",
	  BUILD_OPTIONS },
	{ "inspect", drv_cmd_inspect, "inspect [--json] FILE",
	  "show how an object was built and what it may reach", "",
	  "  --json                   one JSON object on stdout, errors included\n" },
	{ "cache", drv_cmd_cache, "cache clean", "empty the cache of nacre run and nacre build --cache",
	  "", "" },
	{ "wast", drv_cmd_wast, "wast [OPTIONS] FILE.wast...",
	  "run spec test scripts: compile, instantiate and check every assertion",
	  "Each module is compiled for the target and run there (another architecture's under\n"
	  "qemu-user, with $QEMU_LD_PREFIX or /usr/<arch>-linux-gnu as its C library). Each\n"
	  "failure is shown as FILE:LINE with what was expected and what came; then the counts.\n"
	  "Exits 0 when nothing failed, 1 when something did, 2 on a usage error.\n",
	  "  --target=x86_64|aarch64|riscv64\n"
	  "                           the target (default: this machine's)\n"
	  "  --bounds=guard|explicit|masked\n"
	  "                           memory bounds of the compiled modules (default guard)\n"
	  "  -O0|-O1|-O2|-O3          optimisation level of the modules (default -O2)\n"
	  FEATURES_OPTION
	  "  --spectre, --interruptible, --metered\n"
	  "                           build the modules so, as nacre build does (nothing a script\n"
	  "                           sees may change; metered code runs with fuel to spare)\n"
	  "  --partition-bytes=N      compile in parallel partitions of about N code bytes\n"
	  "  --validate-only          check modules with the frontend alone; actions are counted,\n"
	  "                           not run\n"
	  "  --xfail=FILE             expected failures, one 'FILE.wast:LINE reason' a line\n"
	  "                           ('FILE.wast * reason': the whole file); repeatable\n"
	  "  --root=DIR               name scripts by their path below DIR (for --xfail)\n"
	  "  --timeout=SECS           a command taking longer counts as hung (default 60,\n"
	  "                           five times that under qemu-user)\n"
	  "  -j N, --jobs=N           scripts run at the same time (default: the CPUs)\n"
	  "  --work=DIR               keep the compiled modules in DIR (default: a temporary\n"
	  "                           folder, removed at the end)\n"
	  "  --runtime-dir=DIR        the folder of <target>/nacre-wast-target (default: as for\n"
	  "                           nacre build)\n"
	  "  -v, --verbose            also show each rejection's diagnostic and expected failure\n" },
	{ "dump", drv_cmd_dump, "dump FILE", "list a valid module's decoded contents, or a component's world as WIT", "", "" },
	{ "help", drv_cmd_help, "help [COMMAND]", "this text, or a command's", "", "" },
};

static const char exit_table[] =
	"exit status:\n"
	"  0  success\n"
	"  1  an input is malformed, invalid, or unfit for the request (e.g. an executable\n"
	"     whose imports its WASI shim cannot satisfy)\n"
	"  2  usage error, or a file could not be read or written\n"
	"  3  the toolchain failed (code generation, linking)\n"
	"a built executable exits with its program's status, 134 when its Wasm code traps\n"
	"(as SIGABRT would), and 70 (EX_SOFTWARE) when it cannot start: its memory cannot be\n"
	"reserved, a granted directory cannot be opened\n";

const DrvCommand *drv_command_find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

void drv_help_command(const DrvCommand *c, FILE *out)
{
	fprintf(out, "usage: nacre %s\n\n%s.\n%s", c->synopsis, c->summary, c->more);
	if (c->options[0])
		fprintf(out, "\noptions:\n%s", c->options);
	fprintf(out, "  -h, --help               this text\n");
}

void drv_help(FILE *out)
{
	fprintf(out, "usage: nacre COMMAND [OPTIONS] [FILE...]\n\n"
	             "nacre compiles WebAssembly ahead of time to sandboxed native code.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		const char *syn = commands[i].synopsis;
		fprintf(out, "  nacre %s%*s%s\n", syn, strlen(syn) < 36 ? (int)(37 - strlen(syn)) : 0,
		        strlen(syn) < 36 ? "" : "\n                                           ", commands[i].summary);
	}
	fprintf(out, "\nFILE is a module in the binary (.wasm) or the text format (.wat), told apart by\n"
	             "its content, not its name.\n");
	fprintf(out, "\nbuild and run options:\n%s\noptions:\n  -h, --help     this text "
	             "(nacre help COMMAND: a command's)\n  -V, --version  the version, LLVM's, "
	             "the targets and the commit\n\n%s", BUILD_OPTIONS, exit_table);
}

int drv_cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		drv_help(stdout);
		return EXIT_OK;
	}
	const DrvCommand *c = drv_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "nacre help: error: unknown command '%s': valid commands are", argv[1]);
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
			fprintf(stderr, "%s %s", i ? "," : "", commands[i].name);
		fprintf(stderr, "\n");
		return EXIT_USAGE;
	}
	drv_help_command(c, stdout);
	return EXIT_OK;
}

bool drv_help_asked(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			drv_help_command(drv_command_find(name), stdout);
			return true;
		}
	return false;
}

void drv_version(FILE *out)
{
	unsigned major, minor, patch;
	size_t n;
	LLVMGetVersion(&major, &minor, &patch);
	const Target *const *t = be_targets(&n);
	fprintf(out, "nacre %s\ncommit: %s\nllvm: %u.%u.%u\ntargets:", NACRE_VERSION, NACRE_COMMIT, major, minor,
	        patch);
	for (size_t i = 0; i < n; i++)
		fprintf(out, " %s", t[i]->name);
	fprintf(out, "\n");
}
