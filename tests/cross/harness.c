/* tests/cross/harness.c: a freestanding program (no libc, no runtime) that
 * calls lowering.wat's exports through the module descriptor with a
 * zeroed vmctx (the functions touch no memory, table or global) and
 * prints each result's 16 bytes in hex; nacre_rt_trap prints the code and
 * exits.  run-cross links it for every target and runs it under qemu. */
#include "nacre/abi.h"
extern const NacreModuleDesc lowering_module;
static long sys3(long n, long a, long b, long c);
#if defined(__x86_64__)
static long sys3(long n, long a, long b, long c) { long r; __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory"); return r; }
enum { SYS_write = 1, SYS_exit = 60 };
#elif defined(__aarch64__)
static long sys3(long n, long a, long b, long c) { register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c; __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory"); return x0; }
enum { SYS_write = 64, SYS_exit = 93 };
#else
static long sys3(long n, long a, long b, long c) { register long a7 __asm__("a7") = n, a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c; __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory"); return a0; }
enum { SYS_write = 64, SYS_exit = 93 };
#endif
void *memset(void *d, int c, unsigned long n) { volatile unsigned char *p = d; while (n--) *p++ = (unsigned char)c; return d; }
void *memcpy(void *d, const void *s, unsigned long n) { volatile unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d; }
void *memmove(void *d, const void *s, unsigned long n) { return memcpy(d, s, n); }
static char buf[8192]; static int len;
static void put(const char *s) { while (*s) buf[len++] = *s++; }
static void hex(const unsigned char *p, int n) { static const char h[] = "0123456789abcdef"; for (int i = n - 1; i >= 0; i--) { buf[len++] = h[p[i] >> 4]; buf[len++] = h[p[i] & 15]; } }
static void flush(void) { sys3(SYS_write, 1, (long)buf, len); len = 0; }
__attribute__((noreturn)) void nacre_rt_trap(NacreVmctx *v, uint32_t t) { put("trap "); hex((unsigned char *)&t, 1); put("\n"); flush(); sys3(SYS_exit, 0, 0, 0); __builtin_unreachable(); }
static uintptr_t limit;
static NacreVmctx vm = { .stack_limit = &limit };
static int eq(const char *a, uint32_t n, const char *b) { uint32_t i = 0; for (; i < n && b[i]; i++) if (a[i] != b[i]) return 0; return i == n && !b[i]; }
static void call(const char *name, NacreValue *av)
{
	const NacreModuleDesc *d = &lowering_module;
	for (uint32_t i = 0; i < d->nexports; i++) {
		const NacreExportDesc *e = &d->exports[i];
		if (!eq(e->name, e->name_len, name)) continue;
		uint32_t t = d->func_types[e->index];
		d->entries[t](&vm, d->func_code[e->index - d->nimported_funcs], av);
		put(name); put(" "); hex(av[0].v128, 16); put("\n");
		return;
	}
	put("missing "); put(name); put("\n");
}
static NacreValue a[4];
static void clear(void) { memset(a, 0, sizeof a); }
static void v8(int k, const unsigned char *b) { for (int i = 0; i < 16; i++) a[k].v128[i] = b[i]; }
static void vf(int k, float x0, float x1, float x2, float x3) { float *f = (float *)a[k].v128; f[0] = x0; f[1] = x1; f[2] = x2; f[3] = x3; }
static const unsigned char bytes[16] = { 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25 };
static const unsigned char idx[16] = { 0, 15, 16, 17, 0x7f, 0x80, 0xff, 3, 31, 32, 5, 0x70, 0x8f, 14, 1, 2 };
void _start(void)
{
	double nan = __builtin_nan(""), snan = __builtin_nans("");
	float nanf = __builtin_nanf("");
	clear(); v8(0, bytes); v8(1, idx); call("swz", a);
	clear(); a[0].f64 = nan; a[1].f64 = 1; call("fmin", a);
	clear(); a[0].f64 = 1; a[1].f64 = snan; call("fmin", a);
	clear(); a[0].f64 = -0.0; a[1].f64 = 0.0; call("fmin", a);
	clear(); a[0].f64 = 0.0; a[1].f64 = -0.0; call("fmin", a);
	clear(); a[0].f32 = -0.0f; a[1].f32 = 0.0f; call("fmax", a);
	clear(); a[0].f32 = 2; a[1].f32 = nanf; call("fmax", a);
	clear(); a[0].f64 = 2.5; call("near", a);
	clear(); a[0].f64 = -0.5; call("near", a);
	clear(); a[0].f64 = 3.5; call("near", a);
	clear(); a[0].f64 = 4503599627370497.0; call("near", a);
	clear(); a[0].f32 = -1.5f; call("nearf", a);
	clear(); a[0].f32 = 8388609.0f; call("nearf", a);
	clear(); vf(0, nanf, -0.0f, 1, 3); vf(1, 1, 0.0f, nanf, 2); call("vmin", a);
	clear(); a[0].f64 = -0.0; ((double *)a[0].v128)[1] = nan; a[1].f64 = 0.0; ((double *)a[1].v128)[1] = 5; call("vmax", a);
	clear(); vf(0, 2.5f, -2.5f, 0.5f, -0.4f); call("vnear", a);
	clear(); v8(0, idx); call("pop", a);
	clear(); a[0].f64 = nan; call("satu", a);
	clear(); a[0].f64 = 5e9; call("satu", a);
	clear(); a[0].f64 = -3; call("satu", a);
	clear(); a[0].f32 = -1e30f; call("sats", a);
	clear(); a[0].f32 = 1e30f; call("sats", a);
	clear(); vf(0, nanf, 3e9f, -3e9f, -7.9f); call("vsat", a);
	clear(); { short *s = (short *)a[0].v128, *t = (short *)a[1].v128; for (int i = 0; i < 8; i++) { s[i] = (short)(i * 9000 - 32768); t[i] = (short)(-32768 + i * 5); } } call("q15", a);
	clear(); v8(0, idx); call("bitmask", a);
	clear(); a[0].f64 = -2.5; call("floor", a);
	clear(); a[0].i64 = 0x7ff4000000000000; call("floor", a); /* signalling NaN: quieted */
	clear(); ((unsigned *)a[0].v128)[0] = 0x7fa00000u; call("vnear", a);
	clear(); a[0].f64 = -2147483648.9; call("trunc", a);
	clear(); a[0].f64 = 2147483648.0; call("trunc", a);
	flush();
	sys3(SYS_exit, 0, 0, 0);
	__builtin_unreachable();
}
