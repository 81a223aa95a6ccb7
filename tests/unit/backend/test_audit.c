/* tests/unit/backend/test_audit.c: the object audit (backend/audit.c) on
 * small objects clang-19 builds from C at test time, each standing for
 * something a compromised or buggy backend could emit, and on real
 * compiles; plus a check that the allow-list is what the freestanding
 * runtime defines. */
#include <criterion/criterion.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend/backend.h"
#include "compiled.h"
#include "../elf_symbols.h"
#include "frontend/frontend.h"

extern char **environ;

enum { MAX_FILES = 16, PATH_LEN = 256 };

static char dir[] = "/tmp/nacre-audit-XXXXXX";
static char files[MAX_FILES][PATH_LEN];
static unsigned nfiles;

static void setup(void)
{
	cr_assert(mkdtemp(dir), "mkdtemp");
}

static void teardown(void)
{
	for (unsigned i = 0; i < nfiles; i++)
		unlink(files[i]);
	rmdir(dir);
}

TestSuite(audit, .init = setup, .fini = teardown);

static char *temp_file(const char *name)
{
	cr_assert(nfiles < MAX_FILES);
	char *path = files[nfiles++];
	snprintf(path, PATH_LEN, "%s/%s", dir, name);
	return path;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

static void run(char **argv)
{
	pid_t pid;
	int status;
	cr_assert(posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) == 0, "cannot run %s", argv[0]);
	cr_assert(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	          "%s failed", argv[0]);
}

/* name.o, or name.so with -shared among the flags (at most 9), built by
 * clang from the C source; its path. */
static char *built(const char *name, const char *source, const char *const *flags)
{
	char cname[64], oname[64];
	bool shared = false;
	for (unsigned i = 0; flags && flags[i]; i++)
		shared |= strcmp(flags[i], "-shared") == 0;
	snprintf(cname, sizeof cname, "%s.c", name);
	snprintf(oname, sizeof oname, "%s.%s", name, shared ? "so" : "o");
	char *src = temp_file(cname), *obj = temp_file(oname);
	write_file(src, source);
	char *argv[20] = { NACRE_CLANG, shared ? "-fuse-ld=lld" : "-c", "-O1", "-fPIC", "-fno-builtin",
	                   "-fno-stack-protector", "-w", src, "-o", obj };
	unsigned n = 10;
	for (unsigned i = 0; flags && flags[i] && n < 19; i++)
		argv[n++] = (char *)flags[i];
	run(argv);
	return obj;
}

static char *object(const char *name, const char *source)
{
	return built(name, source, NULL);
}

static void expect_pass_cfi(char **objs, unsigned n, const BeCfi *cfi)
{
	DiagSink d = { 0 };
	cr_assert(be_audit_objects(objs, n, cfi, &d), "rejected: %s: %s", diag_text(d.items[0].code),
	          d.items[0].detail);
	cr_assert_eq(d.n, 0);
}

static void expect_pass(char **objs, unsigned n)
{
	expect_pass_cfi(objs, n, NULL);
}

/* Every diagnostic is DIAG_AUDIT, and one's detail contains what. */
static void expect_said(const DiagSink *d, const char *what)
{
	cr_assert_gt(d->n, 0);
	bool found = false;
	for (unsigned i = 0; i < d->n; i++) {
		cr_assert_eq(d->items[i].code, DIAG_AUDIT, "%s: %s", diag_code_name(d->items[i].code),
		             d->items[i].detail);
		found |= strstr(d->items[i].detail, what) != NULL;
	}
	cr_assert(found, "no diagnostic says '%s' (first: %s)", what, d->items[0].detail);
}

static void expect_fail_cfi(char **objs, unsigned n, const BeCfi *cfi, const char *what)
{
	DiagSink d = { 0 };
	cr_assert_not(be_audit_objects(objs, n, cfi, &d), "accepted; expected '%s'", what);
	expect_said(&d, what);
}

/* Rejected with DIAG_AUDIT, and one diagnostic's detail contains what. */
static void expect_fail(char **objs, unsigned n, const char *what)
{
	expect_fail_cfi(objs, n, NULL, what);
}

Test(audit, accepts_runtime_entries_and_libcalls)
{
	char *o = object("clean",
		"typedef unsigned long size_t;\n"
		"void *memcpy(void *, const void *, size_t); void *memset(void *, int, size_t);\n"
		"double floor(double); float nearbyintf(float);\n"
		"void nacre_rt_trap(void *, unsigned); unsigned nacre_rt_memory_grow(void *, unsigned);\n"
		"double f(void *vm, char *a, char *b, size_t n, double x, float y) {\n"
		"  memcpy(a, b, n); memset(b, 0, n);\n"
		"  if (nacre_rt_memory_grow(vm, 1) == ~0u) nacre_rt_trap(vm, 3);\n"
		"  return floor(x) + nearbyintf(y); }\n");
	expect_pass(&o, 1);
}

Test(audit, rejects_a_libc_call)
{
	char *o = object("system", "int system(const char *); int f(void) { return system(\"sh\"); }\n");
	expect_fail(&o, 1, "undefined symbol 'system'");
}

/* (and an object that defines no global at all) */
Test(audit, rejects_a_weak_undefined_symbol)
{
	char *o = object("weak",
		"extern int getpid(void) __attribute__((weak));\n"
		"__attribute__((used)) static int f(void) { return getpid ? getpid() : 0; }\n");
	expect_fail(&o, 1, "undefined symbol 'getpid'");
}

Test(audit, rejects_a_writable_executable_section)
{
	char *o = object("wx",
		"__asm__(\".section .wx,\\\"awx\\\",@progbits\\n\\tret\\n\\t.text\");\n"
		"int f(int x) { return x + 1; }\n");
	expect_fail(&o, 1, "writable and executable section '.wx'");
}

Test(audit, rejects_a_constructor)
{
	/* a call, or clang's optimiser evaluates the constructor away */
	char *o = object("ctor",
		"void nacre_rt_trap(void *, unsigned);\n"
		"__attribute__((constructor)) static void early(void) { nacre_rt_trap(0, 1); }\n");
	expect_fail(&o, 1, "load-time section '.init_array");
}

Test(audit, rejects_ctors_by_name)
{
	char *o = object("ctors",
		"static void early(void) {}\n"
		"__attribute__((used, section(\".ctors.100\"))) static void (*p)(void) = early;\n");
	expect_fail(&o, 1, "load-time section '.ctors.100'");
}

Test(audit, rejects_an_init_symbol)
{
	char *o = object("init", "void _init(void) {}\n");
	expect_fail(&o, 1, "load-time symbol '_init'");
}

/* An ifunc's resolver runs when the loader binds it. */
Test(audit, rejects_an_ifunc)
{
	char *o = object("ifunc",
		"static int one(void) { return 1; }\n"
		"static int (*resolve(void))(void) { return one; }\n"
		"int chosen(void) __attribute__((ifunc(\"resolve\")));\n");
	expect_fail(&o, 1, "load-time symbol 'chosen'");
}

/* Functions shared between partitions are hidden globals (wasm_fN). */
Test(audit, partitions_may_call_each_other)
{
	char *objs[] = {
		object("part0", "__attribute__((visibility(\"hidden\"))) int wasm_f9(int);\n"
		                "__attribute__((visibility(\"hidden\"))) int wasm_f3(int x) { return wasm_f9(x) + 1; }\n"),
		object("part1", "__attribute__((visibility(\"hidden\"))) int wasm_f3(int);\n"
		                "__attribute__((visibility(\"hidden\"))) int wasm_f9(int x) { return x ? wasm_f3(x - 1) : 0; }\n"),
	};
	expect_pass(objs, 2);
	expect_fail(&objs[0], 1, "undefined symbol 'wasm_f9'");
	expect_fail(&objs[1], 1, "undefined symbol 'wasm_f3'");
}

/* A local (static) definition in one object does not satisfy another. */
Test(audit, local_definitions_are_not_shared)
{
	char *objs[] = {
		object("local", "__attribute__((used)) static int helper(int x) { return x; }\n"
		                "int (*keep)(int) = helper;\n"),
		object("user", "int helper(int); int f(int x) { return helper(x); }\n"),
	};
	expect_fail(objs, 2, "undefined symbol 'helper'");
}

Test(audit, rejects_what_is_not_an_object)
{
	char *text = temp_file("text.o");
	write_file(text, "not an ELF file\n");
	expect_fail(&text, 1, "not a relocatable ELF object");
	char *missing = temp_file("missing.o");
	expect_fail(&missing, 1, "not a relocatable ELF object");
}

typedef struct Defined {
	const char *const *names;
	bool *defined;
	size_t n;
} Defined;

static void mark_defined(const char *name, const GElf_Sym *s, void *ctx)
{
	Defined *d = ctx;
	(void)s;
	for (size_t k = 0; k < d->n; k++)
		d->defined[k] |= strcmp(name, d->names[k]) == 0;
}

/* Every name the audit allows is defined by the freestanding runtime, so
 * an executable that passes the audit links. */
Test(audit, allow_list_is_what_the_runtime_defines)
{
	static const char *const allowed[] = {
#define ENTRY(id, sym, ...) #sym,
#define NAME(sym) #sym,
		NACRE_RUNTIME_ENTRIES(ENTRY) NACRE_RUNTIME_LIBCALLS(NAME)
#undef ENTRY
#undef NAME
	};
	enum { N = sizeof allowed / sizeof *allowed };
	bool defined[N] = { 0 };
	BeOptions o;
	be_options_default(&o);
	o.runtime_dir = NACRE_RUNTIME_DIR;
	char paths[BE_WORLD_MAX_ARCHIVES][BE_PATH_MAX];
	const char *rt = paths[be_link_archives(&o, paths) - 1]; /* the runtime comes last */
	Defined d = { allowed, defined, N };
	elf_symbols_walk(rt, mark_defined, &d);
	for (size_t k = 0; k < N; k++)
		cr_expect(defined[k], "%s is allowed but %s does not define it", allowed[k], rt);
}

/* The real pipeline's objects pass, in one partition and in several that
 * call each other, for every emit that makes objects. */
Test(audit, real_compiles_pass)
{
	uint8_t *bytes;
	IrModule *m = compiled_load(NACRE_LOWER_WASM, &bytes);
	char *out = temp_file("out");
	BeEmit emits[] = { BE_EMIT_OBJ, BE_EMIT_SO };
	for (unsigned e = 0; e < 2; e++)
		for (uint32_t part = 0; part <= 64; part += 64) {
			BeOptions o;
			be_options_default(&o);
			o.emit = emits[e];
			o.partition_bytes = part; /* 0: the default, one partition here */
			DiagSink d = { 0 };
			cr_assert(be_compile(m, &o, out, &d), "emit %u, partition bytes %u: %s: %s", emits[e],
			          part, diag_text(d.items[0].code), d.items[0].detail);
			if (o.emit == BE_EMIT_OBJ)
				expect_pass(&out, 1);
			unlink(out);
		}
	ir_module_free(m);
	free(bytes);
}

/* ---- Control-flow integrity: each target's property and landing pads,
 * on objects clang builds for it. */
static const char *const x86_ibt[] = { "--target=x86_64-linux-gnu", "-fcf-protection=branch", NULL };
static const char *const x86_plain[] = { "--target=x86_64-linux-gnu", "-fcf-protection=none", NULL };
static const char *const arm_bti[] = { "--target=aarch64-linux-gnu", "-mbranch-protection=standard", NULL };
static const char *const arm_pac[] = { "--target=aarch64-linux-gnu", "-mbranch-protection=pac-ret", NULL };

static const char called[] = "int g(int); int f(int x) { return g(x) + 1; }\n";
/* a global function without its pad, in an object that claims pads */
static const char x86_padless[] = "__attribute__((nocf_check)) int f(int x) { return x + 1; }\n";
static const char arm_padless[] =
	"__attribute__((target(\"branch-protection=none\"))) int f(int x) { return x + 1; }\n";

Test(audit, cfi_objects_pass_with_their_pads)
{
	char *x86 = built("ibt", called, x86_ibt), *arm = built("bti", called, arm_bti);
	expect_fail_cfi(&x86, 1, be_target_x86_64.cfi, "undefined symbol 'g'"); /* and nothing else */
	char *objs[] = { x86, built("ibt_g", "int g(int x) { return x; }\n", x86_ibt) };
	expect_pass_cfi(objs, 2, be_target_x86_64.cfi);
	char *arm_objs[] = { arm, built("bti_g", "int g(int x) { return x; }\n", arm_bti) };
	expect_pass_cfi(arm_objs, 2, be_target_aarch64.cfi);
}

Test(audit, cfi_rejects_an_object_without_the_property)
{
	char *x86 = built("plain", "int f(int x) { return x; }\n", x86_plain);
	expect_pass(&x86, 1);
	expect_fail_cfi(&x86, 1, be_target_x86_64.cfi, "no control-flow integrity property 'ibt'");
	char *pac_only = built("pac", "int f(int x) { return x; }\n", arm_pac); /* PAC, no BTI */
	expect_fail_cfi(&pac_only, 1, be_target_aarch64.cfi, "no control-flow integrity property 'bti+pac'");
}

Test(audit, cfi_rejects_a_function_without_a_landing_pad)
{
	char *x86 = built("x86_padless", x86_padless, x86_ibt);
	expect_fail_cfi(&x86, 1, be_target_x86_64.cfi, "function without a landing pad 'f'");
	char *arm = built("arm_padless", arm_padless, arm_bti);
	expect_fail_cfi(&arm, 1, be_target_aarch64.cfi, "function without a landing pad 'f'");
}

/* ---- Linked programs (be_audit_program), as shared libraries clang
 * links for this machine; o is the default build: CFI on. */
static const char exports_ok[] = "const int nacre_module = 1; const char nacre_note[4] = \"abc\";\n";

static void program_fails(const char *name, const char *source, const char *const *flags, const char *what)
{
	BeOptions o;
	be_options_default(&o);
	DiagSink d = { 0 };
	char *so = built(name, source, flags);
	cr_assert_not(be_audit_program(&o, so, &d), "accepted; expected '%s'", what);
	expect_said(&d, what);
	cr_assert_neq(access(so, F_OK), 0, "a rejected program stays behind");
}

Test(audit, programs_pass_with_nothing_more)
{
	static const char *const flags[] = { "-shared", "-nostdlib", "-fcf-protection=branch", NULL };
	BeOptions o;
	be_options_default(&o);
	DiagSink d = { 0 };
	char *so = built("good", exports_ok, flags);
	cr_assert(be_audit_program(&o, so, &d), "rejected: %s", d.items[0].detail);
}

Test(audit, programs_fail_for_each_weakness)
{
	static const char *const execstack[] = { "-shared", "-nostdlib", "-fcf-protection=branch", "-Wl,-z,execstack", NULL };
	static const char *const wx[] = { "-shared", "-nostdlib", "-fcf-protection=branch", "-Wl,-N", NULL };
	static const char *const textrel[] = { "-shared", "-nostdlib", "-fcf-protection=branch", "-Wl,-z,notext", NULL };
	static const char *const no_ibt[] = { "-shared", "-nostdlib", "-fcf-protection=none", NULL };
	static const char *const cfi[] = { "-shared", "-nostdlib", "-fcf-protection=branch", NULL };
	program_fails("execstack", exports_ok, execstack, "executable stack");
	program_fails("wx", exports_ok, wx, "writable and executable segment");
	/* an absolute address in the code: the loader must write it there */
	program_fails("textrel", "extern int v; __asm__(\"\\t.text\\n\\t.quad v\\n\");\n", textrel,
	              "text relocations");
	program_fails("noibt", exports_ok, no_ibt, "no ibt property");
	program_fails("export", "int helper(int x) { return x; }\n", cfi, "exported symbol 'helper'");
}
