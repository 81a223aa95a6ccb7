/* runtime-lib/sys/math.c: the rounding functions LLVM calls for Wasm's
 * f32/f64 floor, ceil, trunc and nearest on a CPU without rounding
 * instructions (x86-64 without SSE4.1, riscv64 without Zfa); a static
 * executable has no libm to give them.
 * Exact by construction: values of magnitude 2^52 (2^23) or more, NaN and
 * infinities are already integral and come back unchanged (NaN quieted).
 */
#include <stdint.h>

double trunc(double x);
double floor(double x);
double ceil(double x);
double nearbyint(double x);
double roundeven(double x);
float truncf(float x);
float floorf(float x);
float ceilf(float x);
float nearbyintf(float x);
float roundevenf(float x);

static double with_sign(double mag, double x) { return __builtin_copysign(mag, x); }

double trunc(double x)
{
	double a = __builtin_fabs(x);
	if (!(a < 0x1p52))
		return x != x ? x + x : x; /* integral, or NaN (quieted) */
	return with_sign((double)(int64_t)a, x);
}

double floor(double x)
{
	double t = trunc(x);
	return t > x ? t - 1.0 : t;
}

double ceil(double x)
{
	double t = trunc(x);
	return t < x ? with_sign(t + 1.0, x) : t;
}

/* Ties to even, in the default rounding mode: adding and removing 2^52
 * leaves no fraction bits. */
double nearbyint(double x)
{
	double a = __builtin_fabs(x);
	if (!(a < 0x1p52))
		return x != x ? x + x : x;
	volatile double big = 0x1p52;
	return with_sign((a + big) - big, x);
}

static float with_signf(float mag, float x) { return __builtin_copysignf(mag, x); }

float truncf(float x)
{
	float a = __builtin_fabsf(x);
	if (!(a < 0x1p23f))
		return x != x ? x + x : x;
	return with_signf((float)(int32_t)a, x);
}

float floorf(float x)
{
	float t = truncf(x);
	return t > x ? t - 1.0f : t;
}

float ceilf(float x)
{
	float t = truncf(x);
	return t < x ? with_signf(t + 1.0f, x) : t;
}

float nearbyintf(float x)
{
	float a = __builtin_fabsf(x);
	if (!(a < 0x1p23f))
		return x != x ? x + x : x;
	volatile float big = 0x1p23f;
	return with_signf((a + big) - big, x);
}

/* Wasm's nearest is llvm.roundeven, which a CPU without SSE4.1 calls:
 * ties to even whatever the rounding mode, and the runtime never changes
 * the mode, so it is nearbyint. */
double roundeven(double x) { return nearbyint(x); }
float roundevenf(float x) { return nearbyintf(x); }
