/* driver/flags.c: the flags `nacre build` and `nacre run` share: code
 * generation options, and the capability grants (--dir, --dir-ro, --env),
 * Wasm stack (--stack-size) and memory limit (--max-memory) an executable
 * is built with.  Also the note that records them, with the options in
 * one canonical spelling so that it depends on what was asked for, never
 * on how or in which order it was written. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime-lib/include/nacre/note.h"

#ifndef NACRE_VERSION
#define NACRE_VERSION "0.0.0"
#endif

static const struct { const char *name; BeEmit emit; } emits[] = {
	{ "exe", BE_EMIT_EXE }, { "obj", BE_EMIT_OBJ }, { "so", BE_EMIT_SO }, { "llvm", BE_EMIT_LLVM },
	{ "asm", BE_EMIT_ASM },
};
static const struct { const char *flag; BeOptLevel level; } levels[] = {
	{ "-O0", BE_O0 }, { "-O1", BE_O1 }, { "-O2", BE_O2 }, { "-O3", BE_O3 }, { "-Os", BE_OS },
};
/* --bounds=: masked is explicit checks plus a clamp (the runtime sees explicit). */
static const struct { const char *name; uint32_t bounds; bool mask; } bounds[] = {
	{ "guard", NACRE_BOUNDS_GUARD, false }, { "explicit", NACRE_BOUNDS_EXPLICIT, false },
	{ "masked", NACRE_BOUNDS_EXPLICIT, true },
};
/* The grant flags, each taking its value as the next argument or after '='. */
static const struct { const char *flag; const char *key; } grant_flags[] = {
	{ "--dir", NACRE_NOTE_KEY_DIR }, { "--dir-ro", NACRE_NOTE_KEY_DIR_RO }, { "--env", NACRE_NOTE_KEY_ENV },
};

static const char *cmd_name(bool run)
{
	return run ? "nacre run" : "nacre build";
}

static int usage_error(bool run, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: error: ", cmd_name(run));
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see nacre help %s)\n", run ? "run" : "build");
	return EXIT_USAGE;
}

/* The error names every target and every triple it accepts. */
static int unknown_target(bool run, const char *name)
{
	size_t n;
	const Target *const *t = be_targets(&n);
	fprintf(stderr, "%s: error: unknown target '%s': valid targets are ", cmd_name(run), name);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", t[i]->name);
	fprintf(stderr, "; also accepted:");
	for (size_t i = 0; i < n; i++)
		for (const char *const *a = t[i]->aliases; *a; a++)
			fprintf(stderr, " %s", *a);
	fprintf(stderr, " (see nacre --help)\n");
	return EXIT_USAGE;
}

/* The Wasm stack an executable gets without --stack-size, by level.  -O0
 * code gives every value live across a block a stack slot of its own,
 * and no slot is shared (docs/ARCHITECTURE.md), so an interpreter's
 * main function takes 4-6x (tests/stack/interp.c) to 30x (QuickJS's
 * JS_CallInternal) the frame it takes at -O2, up to 100x: 128 times the
 * optimised default lets a -O0 build recurse as deep as a -O2 one.  The
 * stack is mapped when the program starts and only what is touched
 * costs memory. */
static const uint64_t default_stack[] = {
	[BE_O0] = 128 << 20, [BE_O1] = 1 << 20, [BE_O2] = 1 << 20, [BE_O3] = 1 << 20, [BE_OS] = 1 << 20,
};

/* A unit a number may end with and what it multiplies by ("" for none). */
typedef struct Unit {
	const char *name;
	uint64_t scale;
} Unit;

/* The decimal digits at the start of v, below 2^64; false if none or too
 * large.  *end is past the last digit. */
static bool decimal(const char *v, const char **end, uint64_t *out)
{
	uint64_t n = 0;
	const char *d = v;
	for (; *d >= '0' && *d <= '9'; d++) {
		if (n > (UINT64_MAX - (uint64_t)(*d - '0')) / 10)
			return false;
		n = n * 10 + (uint64_t)(*d - '0');
	}
	*end = d;
	*out = n;
	return d != v;
}

/* All of v: a decimal number, then one of the units exactly; false if
 * not, or if the product reaches 2^64.  Every number-with-unit option
 * parses with this and then checks its own range. */
static bool amount(const char *v, const Unit *units, size_t nunits, uint64_t *out)
{
	const char *d;
	uint64_t n;
	if (!decimal(v, &d, &n))
		return false;
	for (size_t i = 0; i < nunits; i++)
		if (strcmp(d, units[i].name) == 0) {
			*out = n * units[i].scale;
			return n <= UINT64_MAX / units[i].scale;
		}
	return false;
}
#define AMOUNT(v, units, out) amount(v, units, sizeof units / sizeof *units, out)

/* --stack-size=N[K|M|G]: from 4 KiB to 4 GiB (the runtime maps it). */
static int stack_size(BuildFlags *f, const char *v, bool run)
{
	static const Unit units[] = { { "", 1 }, { "K", 1 << 10 }, { "M", 1 << 20 }, { "G", 1 << 30 } };
	uint64_t n;
	if (!AMOUNT(v, units, &n) || n < 4096 || n > (uint64_t)4 << 30)
		return usage_error(run, "--stack-size takes bytes from 4096 to 4G, with K, M or G for KiB, MiB "
		                        "or GiB (e.g. 8M), not '%s'", v);
	f->stack_size = n;
	return 0;
}

/* --max-memory=SIZE: bytes, or with KiB, MiB or GiB (K, M, G), rounded
 * down to whole 64 KiB pages: from one page to 4 GiB. */
static int max_memory(BuildFlags *f, const char *v, bool run)
{
	static const Unit units[] = {
		{ "", 1 }, { "K", 1 << 10 }, { "KiB", 1 << 10 }, { "M", 1 << 20 }, { "MiB", 1 << 20 },
		{ "G", 1 << 30 }, { "GiB", 1 << 30 },
	};
	const uint64_t page = 65536;
	uint64_t n;
	if (!AMOUNT(v, units, &n) || n > (uint64_t)4 << 30)
		return usage_error(run, "--max-memory takes bytes up to 4GiB, with KiB, MiB or GiB (e.g. 16MiB), "
		                        "not '%s'", v);
	n = n / page * page;
	if (n < page)
		return usage_error(run, "--max-memory must allow at least one 64KiB Wasm page, not '%s'", v);
	f->max_memory = n;
	return 0;
}

/* --max-exceptions=SIZE: the bytes of exceptions kept for exnrefs
 * (NacreLimits.exception_bytes), from 1 byte to 4 GiB. */
static int max_exceptions(BuildFlags *f, const char *v, bool run)
{
	static const Unit units[] = {
		{ "", 1 }, { "K", 1 << 10 }, { "KiB", 1 << 10 }, { "M", 1 << 20 }, { "MiB", 1 << 20 },
		{ "G", 1 << 30 }, { "GiB", 1 << 30 },
	};
	uint64_t n;
	if (!AMOUNT(v, units, &n) || n < 1 || n > (uint64_t)4 << 30)
		return usage_error(run, "--max-exceptions takes bytes from 1 to 4GiB, with KiB, MiB or GiB "
		                        "(e.g. 1MiB), not '%s'", v);
	f->max_exceptions = n;
	return 0;
}

/* --timeout=N(ns|us|ms|s|m|h): at least 1 ms, at most a year; the
 * executable arms a timer and traps "interrupted" when it fires. */
static int timeout(BuildFlags *f, const char *v, bool run)
{
	static const Unit units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
		{ "m", 60000000000 }, { "h", 3600000000000 },
	};
	const uint64_t year = 366 * 24 * 3600000000000ull;
	uint64_t n;
	if (!AMOUNT(v, units, &n) || n > year || n < 1000000)
		return usage_error(run, "--timeout takes a duration from 1ms to a year with its unit (ns, us, "
		                        "ms, s, m or h; e.g. 500ms, 2s, 1m), not '%s'", v);
	f->timeout_ns = n;
	f->o.interruptible = true;
	return 0;
}

/* --fuel=N: the executable's store starts with N units (a decimal number). */
static int fuel(BuildFlags *f, const char *v, bool run)
{
	static const Unit units[] = { { "", 1 } };
	if (!AMOUNT(v, units, &f->fuel))
		return usage_error(run, "--fuel takes a number of instructions below 2^64 (decimal), not '%s'", v);
	f->has_fuel = true;
	f->o.metered = true;
	return 0;
}

/* --threads=N: at most N threads compile (not part of the note: the
 * output is the same for any N). */
static int threads(BeOptions *o, const char *v, bool run)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	if (*end || !*v || n == 0 || n > 1024)
		return usage_error(run, "-j and --threads take a number from 1 to 1024, not '%s'", v);
	o->threads = (unsigned)n;
	return 0;
}

/* -j N, -jN, -v and --cache: how the build runs, never what it makes
 * (none is in the note); 1 when a is none of them. */
static int ci_flag(BuildFlags *f, int argc, char **argv, int *i, bool run)
{
	const char *a = argv[*i];
	if (strcmp(a, "-v") == 0)
		return f->verbose = true, 0;
	if (strcmp(a, "--cache") == 0)
		return f->cache = !run, f->part_cache = true, 0; /* nacre run always caches */
	if (strncmp(a, "--features=", 11) == 0) /* what is accepted, not how it compiles */
		return drv_features_flag(cmd_name(run), a + 11, &f->wasm_features);
	if (strncmp(a, "-j", 2) != 0)
		return 1;
	if (a[2])
		return threads(&f->o, a + 2, run);
	if (++*i == argc)
		return usage_error(run, "%s needs a number of threads", "-j");
	return threads(&f->o, argv[*i], run);
}

static int option(BeOptions *o, const char *a, bool run)
{
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
		if (strcmp(a, levels[i].flag) == 0)
			return o->opt = levels[i].level, 0;
	if (strncmp(a, "--emit=", 7) == 0 && !run) {
		for (size_t i = 0; i < sizeof emits / sizeof *emits; i++)
			if (strcmp(a + 7, emits[i].name) == 0)
				return o->emit = emits[i].emit, 0;
		return usage_error(run, "unknown --emit kind '%s' (exe, obj, so, llvm, asm)", a + 7);
	}
	for (size_t i = 0; i < sizeof bounds / sizeof *bounds; i++)
		if (strncmp(a, "--bounds=", 9) == 0 && strcmp(a + 9, bounds[i].name) == 0)
			return o->bounds = bounds[i].bounds, o->bounds_mask = bounds[i].mask, 0;
	if (strncmp(a, "--bounds=", 9) == 0)
		return usage_error(run, "unknown --bounds strategy '%s' (guard, explicit, masked)", a + 9);
	if (strcmp(a, "--spectre") == 0)
		return o->spectre = true, 0;
	if (strcmp(a, "--interruptible") == 0)
		return o->interruptible = true, 0;
	if (strcmp(a, "--metered") == 0)
		return o->metered = true, 0;
	if (strcmp(a, "--cfi=on") == 0 || strcmp(a, "--cfi=none") == 0)
		return o->cfi = a[6] == 'o', 0;
	if (strncmp(a, "--cfi=", 6) == 0)
		return usage_error(run, "unknown --cfi mode '%s' (on, none)", a + 6);
	if (strncmp(a, "--cpu=", 6) == 0 && (!a[6] || strlen(a + 6) > 64)) /* the note spells it out */
		return usage_error(run, "--cpu needs a CPU name of 1 to 64 characters, 'native' or 'help', not '%s'",
		                   a + 6);
	if (strncmp(a, "--cpu=", 6) == 0)
		return o->cpu = a + 6, 0;
	if (strncmp(a, "--cpu-features=", 15) == 0)
		return o->cpu_features = a + 15, 0; /* checked once the target is known */
	if (strncmp(a, "--target=", 9) == 0) {
		o->target = be_target_find(a + 9);
		return o->target ? 0 : unknown_target(run, a + 9);
	}
	if (strncmp(a, "--threads=", 10) == 0)
		return threads(o, a + 10, run);
	if (strncmp(a, "--partition-bytes=", 18) == 0) {
		char *end;
		unsigned long v = strtoul(a + 18, &end, 10);
		if (*end || !a[18] || v == 0 || v > UINT32_MAX)
			return usage_error(run, "--partition-bytes takes a positive number, not '%s'", a + 18);
		return o->partition_bytes = (uint32_t)v, 0;
	}
	if (strcmp(a, "--verify") == 0)
		return o->verify = true, 0;
	return usage_error(run, "unknown option '%s'", a);
}

/* HOST::GUEST, or DIR for DIR::DIR; neither side may be empty. */
static char *dir_value(const char *v)
{
	const char *sep = strstr(v, NACRE_NOTE_DIR_SEP);
	size_t n = strlen(v);
	if (!sep) {
		char *s = malloc(2 * n + 3);
		if (s)
			snprintf(s, 2 * n + 3, "%s" NACRE_NOTE_DIR_SEP "%s", v, v);
		return s;
	}
	return strdup(v);
}

static bool dir_ok(const char *v)
{
	const char *sep = strstr(v, NACRE_NOTE_DIR_SEP);
	return v[0] && (!sep || (sep != v && sep[2]));
}

/* DIR:GUEST with one colon is a slip for HOST::GUEST (a directory whose
 * name has a colon is granted as NAME::NAME). */
static bool one_colon(const char *v)
{
	return !strstr(v, NACRE_NOTE_DIR_SEP) && strchr(v, ':');
}

/* A grant's record: the note's key and its value, both owned here. */
static int grant(BuildFlags *f, const char *key, const char *v, bool run)
{
	const char *rkey = key;
	if (strcmp(key, NACRE_NOTE_KEY_ENV) == 0) {
		const char *eq = strchr(v, '=');
		if (eq == v || !v[0])
			return usage_error(run, "--env needs NAME=VALUE or NAME, not '%s'", v);
		if (!eq)
			rkey = NACRE_NOTE_KEY_ENV_PASS;
	} else if (one_colon(v)) {
		return usage_error(run, "--dir and --dir-ro take HOST::GUEST with two colons, not '%s'", v);
	} else if (!dir_ok(v)) {
		return usage_error(run, "--dir and --dir-ro need HOST::GUEST or DIR, both non-empty, not '%s'", v);
	}
	RtNoteRecord *g = realloc(f->grants, (f->ngrants + 1) * sizeof *g);
	if (!g)
		return usage_error(run, "%s", "out of memory");
	f->grants = g;
	char *value = strcmp(key, NACRE_NOTE_KEY_ENV) == 0 ? strdup(v) : dir_value(v);
	if (!value)
		return usage_error(run, "%s", "out of memory");
	g[f->ngrants++] = (RtNoteRecord){ .key = rkey, .value = value };
	return 0;
}

/* --dir X, --dir=X and the like: argv[*i] is the flag; 1 if not one. */
static int grant_flag(BuildFlags *f, int argc, char **argv, int *i, bool run)
{
	const char *a = argv[*i];
	for (size_t k = 0; k < sizeof grant_flags / sizeof *grant_flags; k++) {
		size_t n = strlen(grant_flags[k].flag);
		if (strncmp(a, grant_flags[k].flag, n) != 0 || (a[n] && a[n] != '='))
			continue;
		if (a[n] == '=')
			return grant(f, grant_flags[k].key, a + n + 1, run);
		if (++*i == argc)
			return usage_error(run, "%s needs a value", grant_flags[k].flag);
		return grant(f, grant_flags[k].key, argv[*i], run);
	}
	return 1;
}

static int positional(BuildFlags *f, char *a, bool run)
{
	if (!f->in_path)
		return f->in_path = a, 0;
	if (run)
		return usage_error(run, "program arguments go after '--' ('%s')", a);
	return usage_error(run, "one input file at a time ('%s' is a second)", a);
}

/* LLVM knows hundreds of CPUs; its own tool lists them. */
static int unknown_cpu(bool run, const Target *t, const char *cpu)
{
	fprintf(stderr, "%s: error: unknown CPU '%s' for %s: --cpu takes LLVM's names (llc-19 -mtriple=%s "
	                "-mcpu=help lists them), 'native', or the baseline '%s' (see nacre --help)\n",
	        cmd_name(run), cpu, t->name, t->triple, t->baseline_cpu);
	return EXIT_USAGE;
}

static int unknown_feature(bool run, const Target *t, const char *bad)
{
	fprintf(stderr, "%s: error: unknown CPU feature '%s' for %s: --cpu-features takes +NAME,... "
	                "added to the baseline, each NAME one of:", cmd_name(run), bad, t->name);
	for (const char *const *n = t->features; *n; n++)
		fprintf(stderr, " %s", *n);
	fprintf(stderr, " (see nacre --help)\n");
	return EXIT_USAGE;
}

/* What depends on the target, once all flags are read: the features it
 * knows (made canonical, so that their order does not reach the note),
 * --cpu=native and nacre run only for this machine, and an executable's
 * runtime built for it. */
static int check_target(BuildFlags *f, bool run)
{
	BeOptions *o = &f->o;
	const Target *host = be_target_host();
	char bad[64], why[BE_WHY_MAX];
	if (o->cpu_features && !be_target_features(o->target, o->cpu_features, f->features, bad))
		return unknown_feature(run, o->target, bad);
	if (o->cpu_features)
		o->cpu_features = f->features;
	if (o->target != host && o->cpu && strcmp(o->cpu, "native") == 0)
		return usage_error(run, "--cpu=native is for this machine's target, not %s", o->target->name);
	if (o->cpu && strcmp(o->cpu, "native") != 0 && strcmp(o->cpu, o->target->baseline_cpu) != 0 &&
	    !be_target_cpu_known(o->target, o->cpu))
		return unknown_cpu(run, o->target, o->cpu);
	if (o->target != host && run) {
		fprintf(stderr, "nacre run: error: target %s is not this machine's: nacre run runs programs "
		                "here (nacre build --target=%s makes one for that machine)\n",
		        o->target->name, o->target->name);
		return EXIT_USAGE;
	}
	if (o->emit == BE_EMIT_EXE && !be_link_runtime_ready(o, why))
		return usage_error(run, "%s", why);
	return 0;
}

static int parse(BuildFlags *f, int argc, char **argv, bool run)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		int rc;
		if (run && strcmp(a, "--") == 0) {
			f->args = argv + i + 1;
			f->nargs = argc - i - 1;
			break;
		} else if (strcmp(a, "-o") == 0 && !run) {
			if (++i == argc)
				return usage_error(run, "%s needs a file name", "-o");
			f->out = argv[i];
		} else if (strncmp(a, "--runtime-dir=", 14) == 0) {
			if (!a[14])
				return usage_error(run, "%s", "--runtime-dir needs a folder");
			f->runtime_flag = a + 14;
		} else if (strncmp(a, "--stack-size=", 13) == 0) {
			if ((rc = stack_size(f, a + 13, run)))
				return rc;
		} else if (strncmp(a, "--max-memory=", 13) == 0) {
			if ((rc = max_memory(f, a + 13, run)))
				return rc;
		} else if (strncmp(a, "--max-exceptions=", 17) == 0) {
			if ((rc = max_exceptions(f, a + 17, run)))
				return rc;
		} else if (strncmp(a, "--timeout=", 10) == 0) {
			if ((rc = timeout(f, a + 10, run)))
				return rc;
		} else if (strncmp(a, "--fuel=", 7) == 0) {
			if ((rc = fuel(f, a + 7, run)))
				return rc;
		} else if (a[0] == '-' && a[1]) {
			rc = grant_flag(f, argc, argv, &i, run);
			if (rc == 1)
				rc = ci_flag(f, argc, argv, &i, run);
			if (rc == 1 && !run)
				rc = drv_header_flag(f, a); /* --module-name, --header */
			if (rc == 1 && !run)
				rc = drv_report_flag(&f->report, a, "build");
			if (rc == 1)
				rc = option(&f->o, a, run);
			if (rc)
				return rc;
		} else if ((rc = positional(f, a, run))) {
			return rc;
		}
	}
	if (!f->in_path || (!run && !f->out))
		return usage_error(run, "%s", run ? "usage: nacre run FILE [OPTIONS] [-- ARGS...]"
		                                  : "usage: nacre build FILE -o OUT");
	if (!f->o.target)
		return usage_error(run, "%s", "no default target for this machine: give --target=");
	drv_runtime_dir(f->runtime_flag, f->runtime_dir);
	f->o.runtime_dir = f->runtime_dir;
	int rc = check_target(f, run);
	if (rc)
		return rc;
	if (f->o.spectre) /* it implies masked bounds, whatever --bounds said */
		f->o.bounds = NACRE_BOUNDS_EXPLICIT, f->o.bounds_mask = true;
	if (f->ngrants && f->o.emit != BE_EMIT_EXE)
		return usage_error(run, "%s", "--dir, --dir-ro and --env are for executables (--emit=exe)");
	if ((f->timeout_ns || f->has_fuel) && f->o.emit != BE_EMIT_EXE)
		return usage_error(run, "%s", "--timeout and --fuel are for executables (--emit=exe); an embedder "
		                              "builds with --interruptible or --metered and calls "
		                              "nacre_store_interrupt or nacre_store_set_fuel");
	if (f->stack_size && f->o.emit != BE_EMIT_EXE)
		return usage_error(run, "%s", "--stack-size is for executables (--emit=exe); an embedder "
		                              "calls nacre_store_set_stack_size");
	if ((f->max_memory || f->max_exceptions) && f->o.emit != BE_EMIT_EXE)
		return usage_error(run, "%s", "--max-memory and --max-exceptions are for executables "
		                              "(--emit=exe); an embedder calls nacre_store_set_limits");
	return 0;
}

int drv_flags_parse(BuildFlags *f, int argc, char **argv, bool run)
{
	*f = (BuildFlags){ 0 };
	be_options_default(&f->o);
	f->o.emit = BE_EMIT_EXE; /* the commands' default; the library's is a shared object */
	f->part_cache = run;
	f->wasm_features = FE_FEATURES_3_0;
	int rc = parse(f, argc, argv, run);
	if (rc)
		drv_flags_free(f);
	return rc;
}

void drv_flags_free(BuildFlags *f)
{
	for (size_t i = 0; i < f->ngrants; i++)
		free((char *)f->grants[i].value);
	free(f->grants);
	f->grants = NULL;
	f->ngrants = 0;
}

/* e.g. "-O2 --bounds=guard --cfi=on --cpu=x86-64-v2 --emit=exe" (--cpu=native
 * as "--cpu=native=znver3"): every option that changes the code, in one
 * order (--cpu-features, --partition-bytes, an object's --module-name,
 * --spectre, --interruptible and --metered only when set); --verify and --threads do
 * not.  The target has a record of its own. */
static void options_text(const BeOptions *o, char *buf, size_t size)
{
	const char *level = "-O?", *emit = "?";
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
		if (levels[i].level == o->opt)
			level = levels[i].flag;
	for (size_t i = 0; i < sizeof emits / sizeof *emits; i++)
		if (emits[i].emit == o->emit)
			emit = emits[i].name;
	const char *strategy = "?";
	for (size_t i = 0; i < sizeof bounds / sizeof *bounds; i++)
		if (bounds[i].bounds == o->bounds && bounds[i].mask == o->bounds_mask)
			strategy = bounds[i].name;
	/* native is recorded as what it resolved to: another machine's native
	 * is other code (and another nacre run cache entry) */
	char *host = o->cpu && strcmp(o->cpu, "native") == 0 ? LLVMGetHostCPUName() : NULL;
	int n = snprintf(buf, size, "%s --bounds=%s --cfi=%s --cpu=%s%s%s --emit=%s", level, strategy,
	                 o->cfi ? "on" : "none", o->cpu ? o->cpu : o->target->baseline_cpu, host ? "=" : "",
	                 host ? host : "", emit);
	LLVMDisposeMessage(host);
	if (o->cpu_features && n > 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, " --cpu-features=%s", o->cpu_features);
	if (o->partition_bytes && n > 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, " --partition-bytes=%u", (unsigned)o->partition_bytes);
	if (o->module_name && n > 0 && (size_t)n < size) /* it names the object's symbols */
		n += snprintf(buf + n, size - (size_t)n, " --module-name=%s", o->module_name);
	if (o->spectre && n > 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, " --spectre");
	if (o->interruptible && n > 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, " --interruptible");
	if (o->metered && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " --metered");
}

uint8_t *drv_flags_note(const BuildFlags *f, const BeOptions *o, const Input *in, size_t *size)
{
	char sha[IR_SHA256_HEX], insize[24], options[512], stack[24], max_mem[24], timeout_ns[24], fuel[24];
	char max_exn[24];
	ir_sha256_hex(in->bytes, in->size, sha);
	snprintf(insize, sizeof insize, "%zu", in->size);
	options_text(o, options, sizeof options);
	enum { FIXED = 5, SETTINGS = 5 }; /* stack-size, max-memory, timeout, fuel, max-exceptions */
	size_t nfixed = FIXED;
	RtNoteRecord *recs = malloc((FIXED + SETTINGS + f->ngrants) * sizeof *recs);
	if (!recs)
		return NULL;
	recs[0] = (RtNoteRecord){ NACRE_NOTE_KEY_VERSION, NACRE_VERSION };
	recs[1] = (RtNoteRecord){ NACRE_NOTE_KEY_TARGET, o->target->name };
	recs[2] = (RtNoteRecord){ NACRE_NOTE_KEY_INPUT_SHA256, sha };
	recs[3] = (RtNoteRecord){ NACRE_NOTE_KEY_INPUT_SIZE, insize };
	recs[4] = (RtNoteRecord){ NACRE_NOTE_KEY_OPTIONS, options };
	if (o->emit == BE_EMIT_EXE) {
		snprintf(stack, sizeof stack, "%llu",
		         (unsigned long long)(f->stack_size ? f->stack_size : default_stack[o->opt]));
		recs[nfixed++] = (RtNoteRecord){ NACRE_NOTE_KEY_STACK_SIZE, stack };
	}
	/* each only when given, in nacre/note.h's order */
	if (f->max_memory) {
		snprintf(max_mem, sizeof max_mem, "%llu", (unsigned long long)f->max_memory);
		recs[nfixed++] = (RtNoteRecord){ NACRE_NOTE_KEY_MAX_MEMORY, max_mem };
	}
	if (f->timeout_ns) {
		snprintf(timeout_ns, sizeof timeout_ns, "%llu", (unsigned long long)f->timeout_ns);
		recs[nfixed++] = (RtNoteRecord){ NACRE_NOTE_KEY_TIMEOUT, timeout_ns };
	}
	if (f->has_fuel) {
		snprintf(fuel, sizeof fuel, "%llu", (unsigned long long)f->fuel);
		recs[nfixed++] = (RtNoteRecord){ NACRE_NOTE_KEY_FUEL, fuel };
	}
	if (f->max_exceptions) {
		snprintf(max_exn, sizeof max_exn, "%llu", (unsigned long long)f->max_exceptions);
		recs[nfixed++] = (RtNoteRecord){ NACRE_NOTE_KEY_MAX_EXCEPTIONS, max_exn };
	}
	if (f->ngrants)
		memcpy(recs + nfixed, f->grants, f->ngrants * sizeof *recs);
	uint8_t *note = drv_note_encode(recs, nfixed + f->ngrants, size);
	free(recs);
	return note;
}

static void targets_print(void)
{
	size_t n;
	const Target *const *t = be_targets(&n);
	const Target *host = be_target_host();
	printf("targets (--target=NAME or one of its triples):\n");
	for (size_t i = 0; i < n; i++) {
		printf("  %-8s", t[i]->name);
		for (const char *const *a = t[i]->aliases; *a; a++)
			printf(" %s", *a);
		printf("%s\n", t[i] == host ? "  (this machine's, the default)" : "");
	}
}

static void cpus_print(const Target *t)
{
	printf("CPUs for %s (--cpu=NAME):\n  %s (the baseline, the default)\n", t->name, t->baseline_cpu);
	if (t == be_target_host())
		printf("  native (this machine's, recorded as the CPU it resolves to)\n");
	printf("and those LLVM knows:\n");
	if (!be_target_cpus_print(t, stdout))
		printf("  (LLVM did not list them: llc-19 -mtriple=%s -mcpu=help)\n", t->triple);
	printf("CPU features (--cpu-features=+NAME,...):\n ");
	for (const char *const *f = t->features; *f; f++)
		printf(" %s", *f);
	printf("\n");
}

bool drv_flags_help(int argc, char **argv)
{
	const Target *t = be_target_host();
	bool cpu = false, target = false;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--target=help") == 0)
			target = true;
		else if (strcmp(argv[i], "--cpu=help") == 0)
			cpu = true;
		else if (strncmp(argv[i], "--target=", 9) == 0 && be_target_find(argv[i] + 9))
			t = be_target_find(argv[i] + 9);
	}
	if (target)
		targets_print();
	if (cpu && t)
		cpus_print(t);
	return target || cpu;
}
