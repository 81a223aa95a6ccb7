/* tests/unit/backend/simd_kernels.c: the same kernels twice, once with
 * wasm_simd128.h intrinsics and once as plain scalar C, built for wasm32
 * with -msimd128 (no libc).  test_simd.c checks that nacre's code gives
 * both the same answers. */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))

static float fa[4096], fb[4096];
static uint8_t bytes[65536];
static uint32_t hist[256];
static int16_t sa[4096], sb[4096];

EXPORT float *buf_fa(void) { return fa; }
EXPORT float *buf_fb(void) { return fb; }
EXPORT uint8_t *buf_bytes(void) { return bytes; }
EXPORT int16_t *buf_sa(void) { return sa; }
EXPORT int16_t *buf_sb(void) { return sb; }

/* xorshift fill, so the inputs are the same on every run */
EXPORT void fill(uint32_t seed)
{
	uint32_t x = seed ? seed : 1;
	for (int i = 0; i < 4096; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		fa[i] = (float)(int32_t)(x % 2001 - 1000) / 64.0f;
		fb[i] = (float)(int32_t)((x >> 11) % 2001 - 1000) / 32.0f;
		sa[i] = (int16_t)x;
		sb[i] = (int16_t)(x >> 16);
	}
	for (int i = 0; i < 65536; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		bytes[i] = (uint8_t)x;
	}
}

EXPORT float dot_scalar(int n)
{
	float s[4] = { 0, 0, 0, 0 };
	for (int i = 0; i < n; i++)
		s[i % 4] += fa[i] * fb[i]; /* the SIMD version's lane order */
	return (s[0] + s[1]) + (s[2] + s[3]);
}

EXPORT float dot_simd(int n)
{
	v128_t acc = wasm_f32x4_splat(0);
	for (int i = 0; i < n; i += 4)
		acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(fa + i), wasm_v128_load(fb + i)));
	return (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
	       (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
}

/* dot of int16 pairs: i32x4.dot_i16x8_s, with wrapping i32 sums */
EXPORT int32_t idot_scalar(int n)
{
	uint32_t s = 0;
	for (int i = 0; i < n; i++)
		s += (uint32_t)((int32_t)sa[i] * sb[i]);
	return (int32_t)s;
}

EXPORT int32_t idot_simd(int n)
{
	v128_t acc = wasm_i32x4_splat(0);
	for (int i = 0; i < n; i += 8)
		acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(sa + i), wasm_v128_load(sb + i)));
	return wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) +
	       wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
}

/* how many bytes are above a threshold: compare, mask, bitmask, popcount */
EXPORT int count_above_scalar(uint8_t t)
{
	int n = 0;
	for (int i = 0; i < 65536; i++)
		n += bytes[i] > t;
	return n;
}

EXPORT int count_above_simd(uint8_t t)
{
	v128_t tv = wasm_u8x16_splat(t);
	int n = 0;
	for (int i = 0; i < 65536; i += 16)
		n += __builtin_popcount(wasm_i8x16_bitmask(wasm_u8x16_gt(wasm_v128_load(bytes + i), tv)));
	return n;
}

/* saturating brighten, min/max clamp and average: a checksum of the result */
EXPORT uint32_t pixels_scalar(uint8_t add)
{
	uint32_t sum = 0;
	for (int i = 0; i < 65536; i++) {
		unsigned v = bytes[i] + add;
		v = v > 255 ? 255 : v;
		v = v < 16 ? 16 : v > 235 ? 235 : v;
		v = (v + bytes[i ^ 1] + 1) >> 1;
		sum = sum * 31 + v;
	}
	return sum;
}

EXPORT uint32_t pixels_simd(uint8_t add)
{
	uint32_t sum = 0;
	uint8_t out[16];
	for (int i = 0; i < 65536; i += 16) {
		v128_t v = wasm_v128_load(bytes + i);
		v128_t swapped = wasm_i8x16_shuffle(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
		v = wasm_u8x16_add_sat(v, wasm_u8x16_splat(add));
		v = wasm_u8x16_min(wasm_u8x16_max(v, wasm_u8x16_splat(16)), wasm_u8x16_splat(235));
		v = wasm_u8x16_avgr(v, swapped);
		wasm_v128_store(out, v);
		for (int k = 0; k < 16; k++)
			sum = sum * 31 + out[k];
	}
	return sum;
}
