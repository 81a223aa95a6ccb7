/* tests/unit/backend/test_simd.c: C kernels written with wasm_simd128.h
 * intrinsics must compute what their scalar twins compute once nacre has
 * compiled them, in both bounds strategies (simd_kernels.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "compiled.h"

static void fill(Compiled *fx, uint32_t seed)
{
	compiled_call(fx, "fill", (NacreValue[]){ { .i32 = (int32_t)seed } }, NULL);
}

/* Calls NAME_scalar and NAME_simd with one i32 argument. */
static void both(Compiled *fx, const char *name, int32_t arg, NacreValue *scalar, NacreValue *simd)
{
	char s[64], v[64];
	snprintf(s, sizeof s, "%s_scalar", name);
	snprintf(v, sizeof v, "%s_simd", name);
	cr_assert_eq(compiled_call(fx, s, (NacreValue[]){ { .i32 = arg } }, scalar), NACRE_TRAP_NONE);
	cr_assert_eq(compiled_call(fx, v, (NacreValue[]){ { .i32 = arg } }, simd), NACRE_TRAP_NONE);
}

Test(simd, float_dot_product_matches_scalar)
{
	COMPILED_BOTH_STRATEGIES(fx, NACRE_SIMD_WASM, {
		NacreValue a, b;
		fill(&fx, 7);
		both(&fx, "dot", 4096, &a, &b);
		cr_expect_eq(a.f32, b.f32, "scalar %g, simd %g", a.f32, b.f32);
	});
}

Test(simd, integer_dot_product_matches_scalar)
{
	COMPILED_BOTH_STRATEGIES(fx, NACRE_SIMD_WASM, {
		NacreValue a, b;
		fill(&fx, 11);
		both(&fx, "idot", 4096, &a, &b);
		cr_expect_eq(a.i32, b.i32);
	});
}

Test(simd, byte_compare_and_bitmask_match_scalar)
{
	COMPILED_BOTH_STRATEGIES(fx, NACRE_SIMD_WASM, {
		NacreValue a, b;
		fill(&fx, 3);
		for (int32_t t = 0; t < 256; t += 51) {
			both(&fx, "count_above", t, &a, &b);
			cr_expect_eq(a.i32, b.i32, "threshold %d", t);
		}
	});
}

Test(simd, saturating_pixel_ops_match_scalar)
{
	COMPILED_BOTH_STRATEGIES(fx, NACRE_SIMD_WASM, {
		NacreValue a, b;
		fill(&fx, 5);
		for (int32_t add = 0; add < 256; add += 85) {
			both(&fx, "pixels", add, &a, &b);
			cr_expect_eq(a.i32, b.i32, "add %d", add);
		}
	});
}
