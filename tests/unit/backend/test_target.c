/* tests/unit/backend/test_target.c: the target table (backend/target/):
 * names and triples, the host, --cpu-features made canonical, every
 * feature a target lists being one LLVM knows, and real compiles for
 * each target giving objects of its ELF machine (riscv64's with the
 * double-float ABI), and the probe before stores where they may tear. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "compiled.h"
#include "frontend/frontend.h"

TestSuite(target);

Test(target, names_and_triples)
{
	cr_expect_eq(be_target_find("x86_64"), &be_target_x86_64);
	cr_expect_eq(be_target_find("x86_64-unknown-linux-gnu"), &be_target_x86_64);
	cr_expect_eq(be_target_find("aarch64"), &be_target_aarch64);
	cr_expect_eq(be_target_find("aarch64-linux-gnu"), &be_target_aarch64);
	cr_expect_eq(be_target_find("riscv64"), &be_target_riscv64);
	cr_expect_eq(be_target_find("riscv64gc-unknown-linux-gnu"), &be_target_riscv64);
	cr_expect_null(be_target_find("riscv64gc"));
	cr_expect_null(be_target_find("x86"));
	cr_expect_null(be_target_find(""));
}

Test(target, one_host)
{
	size_t n, hosts = 0;
	const Target *const *t = be_targets(&n);
	for (size_t i = 0; i < n; i++)
		hosts += t[i]->host;
	cr_expect_leq(hosts, 1);
#if defined(__x86_64__)
	cr_expect_eq(be_target_host(), &be_target_x86_64);
#endif
}

Test(target, features_canonical)
{
	char out[BE_FEATURES_MAX], bad[64];
	cr_assert(be_target_features(&be_target_riscv64, "+zbb,+v,+zba,+v", out, bad));
	cr_expect_str_eq(out, "+v,+zba,+zbb");
	cr_assert(be_target_features(&be_target_aarch64, "+lse", out, bad));
	cr_expect_str_eq(out, "+lse");
}

Test(target, features_refused)
{
	char out[BE_FEATURES_MAX], bad[64];
	cr_expect_not(be_target_features(&be_target_aarch64, "+lse,+frobnicate", out, bad));
	cr_expect_str_eq(bad, "+frobnicate");
	cr_expect_not(be_target_features(&be_target_riscv64, "-d", out, bad));
	cr_expect_str_eq(bad, "-d");
	cr_expect_not(be_target_features(&be_target_x86_64, "avx2", out, bad));
	cr_expect_not(be_target_features(&be_target_x86_64, "+v", out, bad));
	cr_expect_not(be_target_features(&be_target_x86_64, "", out, bad));
	cr_expect_not(be_target_features(&be_target_x86_64, ",", out, bad));
	/* LLVM aborts on a vector extension without a vector base */
	cr_expect_not(be_target_features(&be_target_riscv64, "+zvbb", out, bad));
	cr_expect(be_target_features(&be_target_riscv64, "+zvbb,+v", out, bad));
	cr_expect(be_target_features(&be_target_riscv64, "+zve64d,+zvl256b", out, bad));
	/* LLVM 19 cannot select f32 roundeven with Zfa */
	cr_expect_not(be_target_features(&be_target_riscv64, "+zfa", out, bad));
}

/* What LLVM says on stderr while it makes a target machine for t with
 * the extra feature fs: it warns about a name it does not know and
 * ignores it, which is why nacre checks names against its own lists. */
static size_t llvm_complaints(const Target *t, const char *fs)
{
	BeOptions o;
	be_options_default(&o);
	o.target = t;
	o.cpu_features = fs;
	char path[] = "/tmp/nacre-target-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	DiagSink d = { 0 };
	LLVMTargetMachineRef tm = be_target_machine(&o, &d);
	dup2(saved, 2);
	close(saved);
	off_t size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	cr_assert(tm, "no target machine for %s %s", t->name, fs);
	LLVMDisposeTargetMachine(tm);
	return (size_t)size;
}

Test(target, listed_features_are_llvms)
{
	be_targets_init();
	size_t n;
	const Target *const *t = be_targets(&n);
	for (size_t i = 0; i < n; i++) {
		cr_expect_gt(llvm_complaints(t[i], "+frobnicate"), 0, "the probe hears LLVM's warning");
		cr_expect_eq(llvm_complaints(t[i], NULL), 0, "%s's baseline", t[i]->name);
		for (const char *const *f = t[i]->features; *f; f++) {
			char fs[64];
			snprintf(fs, sizeof fs, "+%s", *f);
			cr_expect_eq(llvm_complaints(t[i], fs), 0, "%s: LLVM does not know %s", t[i]->name, fs);
		}
	}
}

/* e_machine and e_flags of an ELF64 little-endian file. */
static void elf_header(const char *path, unsigned *machine, unsigned *flags)
{
	uint8_t h[64];
	FILE *f = fopen(path, "rb");
	cr_assert(f && fread(h, 1, sizeof h, f) == sizeof h, "%s: no ELF header", path);
	fclose(f);
	cr_assert(memcmp(h, "\177ELF\2\1", 6) == 0, "%s: not ELF64 little-endian", path);
	*machine = h[18] | h[19] << 8;
	*flags = h[48] | h[49] << 8 | h[50] << 16 | (unsigned)h[51] << 24;
}

/* Both test modules (scalar edge cases, SIMD kernels) for every target
 * and every object-making emit, in one and in several partitions. */
Test(target, objects_per_target)
{
	const char *wasm[] = { NACRE_LOWER_WASM, NACRE_SIMD_WASM };
	char out[] = "/tmp/nacre-target-out-XXXXXX";
	int fd = mkstemp(out);
	cr_assert(fd >= 0);
	close(fd);
	size_t n;
	const Target *const *t = be_targets(&n);
	for (unsigned w = 0; w < 2; w++) {
		uint8_t *bytes;
		IrModule *m = compiled_load(wasm[w], &bytes);
		for (size_t i = 0; i < n; i++)
			for (BeEmit e = BE_EMIT_OBJ; e <= BE_EMIT_SO; e++) {
				BeOptions o;
				be_options_default(&o);
				o.target = t[i];
				o.emit = e;
				o.partition_bytes = e == BE_EMIT_SO ? 64 : 0;
				DiagSink d = { 0 };
				cr_assert(be_compile(m, &o, out, &d), "%s for %s: %s: %s", wasm[w], t[i]->name,
				          diag_text(d.items[0].code), d.items[0].detail);
				unsigned machine, flags;
				elf_header(out, &machine, &flags);
				cr_expect_eq(machine, t[i]->elf_machine, "%s", t[i]->name);
				if (t[i] == &be_target_riscv64) /* EF_RISCV_FLOAT_ABI_DOUBLE, RVC */
					cr_expect_eq(flags, 0x4 | 0x1, "riscv64 e_flags %#x", flags);
			}
		ir_module_free(m);
		free(bytes);
	}
	unlink(out);
}

/* (module (memory 1) (func (export "store") (param i32 i64)
 *   local.get 0 local.get 1 i64.store align=4)) */
static const uint8_t store_module[] = {
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x06, 0x01, 0x60, 0x02, 0x7f, 0x7e, 0x00,             /* type: (i32 i64) -> () */
	0x03, 0x02, 0x01, 0x00,                                     /* func */
	0x05, 0x03, 0x01, 0x00, 0x01,                               /* memory 1 */
	0x07, 0x09, 0x01, 0x05, 's', 't', 'o', 'r', 'e', 0x00, 0x00, /* export */
	0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x37, 0x02, 0x00, 0x0b,
};

/* store_module for t with the bounds strategy as LLVM IR or assembly,
 * malloc'd. */
static char *store_text(const Target *t, uint32_t bounds, BeEmit emit)
{
	char out[] = "/tmp/nacre-target-ll-XXXXXX";
	int fd = mkstemp(out);
	cr_assert(fd >= 0);
	DiagSink d = { 0 };
	IrModule *m = fe_module_load(store_module, sizeof store_module, &d);
	cr_assert(m, "store_module does not validate");
	BeOptions o;
	be_options_default(&o);
	o.target = t;
	o.emit = emit;
	o.bounds = bounds;
	cr_assert(be_compile(m, &o, out, &d), "%s: %s", t->name, d.n ? d.items[0].detail : "");
	ir_module_free(m);
	return compiled_text(fd, out);
}

static char *store_ir(const Target *t, uint32_t bounds)
{
	return store_text(t, bounds, BE_EMIT_LLVM);
}

/* align.wast: an i64.store 4 bytes past the end traps writing nothing.
 * Where a store may tear (aarch64, riscv64), guard mode loads its last
 * byte before it; x86 and explicit checks need no probe. */
Test(target, store_probe_where_stores_tear)
{
	size_t n;
	const Target *const *t = be_targets(&n);
	for (size_t i = 0; i < n; i++) {
		for (uint32_t bounds = NACRE_BOUNDS_GUARD; ; bounds = NACRE_BOUNDS_EXPLICIT) {
			char *ir = store_ir(t[i], bounds);
			const char *probe = strstr(ir, "load i8"), *store = strstr(ir, "store i64");
			cr_assert(store, "%s: no store in\n%s", t[i]->name, ir);
			if (t[i]->store_may_tear && bounds == NACRE_BOUNDS_GUARD)
				cr_expect(probe && probe < store, "%s: no probe before the store:\n%s", t[i]->name, ir);
			else
				cr_expect(!probe, "%s (bounds %u): a probe it does not need:\n%s", t[i]->name, bounds, ir);
			free(ir);
			if (bounds == NACRE_BOUNDS_EXPLICIT)
				break;
		}
	}
	cr_expect(be_target_aarch64.store_may_tear && be_target_riscv64.store_may_tear &&
	          !be_target_x86_64.store_may_tear);
}

/* riscv64's baseline has unaligned-scalar-mem (riscv64.c): the i64.store
 * is one sd, not eight sb and the shifts between them. */
Test(target, riscv64_access_is_one_instruction)
{
	char *s = store_text(&be_target_riscv64, NACRE_BOUNDS_EXPLICIT, BE_EMIT_ASM);
	cr_expect(strstr(s, "\tsd\t") && !strstr(s, "\tsb\t"), "the store is split:\n%s", s);
	free(s);
}
