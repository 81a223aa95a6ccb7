/* tests/unit/backend/test_lower.c: lowering edge cases, end to end.
 * lower.wat is decoded, validated, compiled to a shared object in each
 * bounds strategy, loaded into the runtime and called: each trapping
 * operation traps with its code, and NaN and signed-zero results follow
 * Wasm, not LLVM.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "compiled.h"

typedef Compiled Fixture;

static NacreTrap call(Fixture *fx, const char *name, const NacreValue *args, NacreValue *results)
{
	return compiled_call(fx, name, args, results);
}

static NacreValue i32(int32_t v) { return (NacreValue){ .i32 = v }; }
static NacreValue i64(int64_t v) { return (NacreValue){ .i64 = v }; }
static NacreValue f32(float v) { return (NacreValue){ .f32 = v }; }
static NacreValue f64(double v) { return (NacreValue){ .f64 = v }; }

static uint32_t f32_bits(float f)
{
	uint32_t u;
	memcpy(&u, &f, 4);
	return u;
}

#define BOTH_STRATEGIES(fx, ...) COMPILED_BOTH_STRATEGIES(fx, NACRE_LOWER_WASM, __VA_ARGS__)

Test(lower, integer_division_traps_and_wraps)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		cr_expect_eq(call(&fx, "div_s", (NacreValue[]){ i32(7), i32(0) }, r), NACRE_TRAP_INT_DIV_ZERO);
		cr_expect_eq(call(&fx, "div_s", (NacreValue[]){ i32(INT32_MIN), i32(-1) }, r), NACRE_TRAP_INT_OVERFLOW);
		cr_expect_eq(call(&fx, "rem_s", (NacreValue[]){ i32(INT32_MIN), i32(-1) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(r[0].i32, 0);
		cr_expect_eq(call(&fx, "rem_s64", (NacreValue[]){ i64(INT64_MIN), i64(-1) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(r[0].i64, 0);
		cr_expect_eq(call(&fx, "div_u64", (NacreValue[]){ i64(1), i64(0) }, r), NACRE_TRAP_INT_DIV_ZERO);
		cr_expect_eq(call(&fx, "div_s", (NacreValue[]){ i32(-7), i32(2) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(r[0].i32, -3);
	});
}

Test(lower, shift_counts_are_masked)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		call(&fx, "shl", (NacreValue[]){ i32(1), i32(33) }, r);
		cr_expect_eq(r[0].i32, 2);
	});
}

Test(lower, float_to_int_truncation_traps_at_the_edges)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		cr_expect_eq(call(&fx, "trunc_f32_s", (NacreValue[]){ f32(NAN) }, r), NACRE_TRAP_INVALID_CONVERSION);
		cr_expect_eq(call(&fx, "trunc_f32_s", (NacreValue[]){ f32(2147483648.0f) }, r), NACRE_TRAP_INT_OVERFLOW);
		cr_expect_eq(call(&fx, "trunc_f32_s", (NacreValue[]){ f32(-2147483648.0f) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(r[0].i32, INT32_MIN);
		cr_expect_eq(call(&fx, "trunc_f32_s", (NacreValue[]){ f32(-2147483904.0f) }, r), NACRE_TRAP_INT_OVERFLOW);
		cr_expect_eq(call(&fx, "trunc_f64_u64", (NacreValue[]){ f64(-0.9) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(r[0].i64, 0);
		cr_expect_eq(call(&fx, "trunc_f64_u64", (NacreValue[]){ f64(-1.0) }, r), NACRE_TRAP_INT_OVERFLOW);
		cr_expect_eq(call(&fx, "trunc_f64_u64", (NacreValue[]){ f64(18446744073709551616.0) }, r),
		             NACRE_TRAP_INT_OVERFLOW);
	});
}

Test(lower, saturating_truncation_never_traps)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		cr_expect_eq(call(&fx, "trunc_sat_f32_s", (NacreValue[]){ f32(NAN) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(r[0].i32, 0);
		call(&fx, "trunc_sat_f32_s", (NacreValue[]){ f32(-INFINITY) }, r);
		cr_expect_eq(r[0].i32, INT32_MIN);
		call(&fx, "trunc_sat_f32_s", (NacreValue[]){ f32(1e20f) }, r);
		cr_expect_eq(r[0].i32, INT32_MAX);
	});
}

Test(lower, min_max_follow_wasm_nan_and_zero_rules)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		call(&fx, "f32_min", (NacreValue[]){ f32(0.0f), f32(-0.0f) }, r);
		cr_expect_eq(f32_bits(r[0].f32), 0x80000000u, "min(+0, -0) is -0");
		call(&fx, "f32_min", (NacreValue[]){ f32(1.0f), f32(NAN) }, r);
		cr_expect(isnan(r[0].f32));
		cr_expect(f32_bits(r[0].f32) & 0x00400000u, "a NaN result is quiet");
		call(&fx, "f64_max", (NacreValue[]){ f64(-0.0), f64(0.0) }, r);
		cr_expect(!signbit(r[0].f64), "max(-0, +0) is +0");
		call(&fx, "f32_nearest", (NacreValue[]){ f32(2.5f) }, r);
		cr_expect_eq(r[0].f32, 2.0f, "nearest rounds half to even");
	});
}

Test(lower, identity_folds_still_quiet_signalling_nans)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		call(&fx, "f32_mul_one_bits", (NacreValue[]){ i32(0x7fa00000) }, r);
		cr_expect((uint32_t)r[0].i32 & 0x00400000u, "x * 1 of a signalling NaN is quiet: 0x%08x", r[0].i32);
		/* vectors are quieted where any lane of the constant is such an
		 * identity (and only there, so that 0.5 * x costs nothing) */
		call(&fx, "f32x4_mul_one_lane_bits", (NacreValue[]){ i32(0x7fa00000) }, r);
		cr_expect((uint32_t)r[0].i32 & 0x00400000u, "f32x4: 1 * x of a signalling NaN is quiet: 0x%08x",
		          r[0].i32);
		call(&fx, "f64x2_add_negzero_lane_bits", (NacreValue[]){ { .i64 = 0x7ff4000000000000 } }, r);
		cr_expect((uint64_t)r[0].i64 & 0x0008000000000000u, "f64x2: x + -0 of a signalling NaN is quiet");
	});
}

Test(lower, unreachable_traps)
{
	BOTH_STRATEGIES(fx, { cr_expect_eq(call(&fx, "unreachable", NULL, NULL), NACRE_TRAP_UNREACHABLE); });
}

Test(lower, out_of_bounds_memory_traps_in_both_strategies)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		cr_expect_eq(call(&fx, "load", (NacreValue[]){ i32(65532) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(call(&fx, "load", (NacreValue[]){ i32(65533) }, r), NACRE_TRAP_OOB_MEMORY);
		cr_expect_eq(call(&fx, "load", (NacreValue[]){ i32(-1) }, r), NACRE_TRAP_OOB_MEMORY);
		cr_expect_eq(call(&fx, "load_dropped", (NacreValue[]){ i32(65530) }, r), NACRE_TRAP_OOB_MEMORY,
		             "a dropped load still traps");
		cr_expect_eq(call(&fx, "load_far", (NacreValue[]){ i32(-1) }, r), NACRE_TRAP_OOB_MEMORY,
		             "the highest effective address, 2^33 - 2, still faults inside the reservation");
	});
}

Test(lower, memory_grows_and_keeps_contents)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		call(&fx, "store_load", (NacreValue[]){ i32(100), i32(0x1ff) }, r);
		cr_expect_eq(r[0].i32, 0xff);
		call(&fx, "grow", (NacreValue[]){ i32(1) }, r);
		cr_expect_eq(r[0].i32, 1);
		call(&fx, "size", NULL, r);
		cr_expect_eq(r[0].i32, 2);
		cr_expect_eq(call(&fx, "load", (NacreValue[]){ i32(65536 + 100) }, r), NACRE_TRAP_NONE);
		call(&fx, "grow", (NacreValue[]){ i32(2) }, r);
		cr_expect_eq(r[0].i32, -1, "growing past the maximum fails");
		call(&fx, "store_load", (NacreValue[]){ i32(100), i32(0) }, r);
		call(&fx, "load", (NacreValue[]){ i32(100) }, r);
		cr_expect_eq(r[0].i32, 0);
	});
}

Test(lower, call_indirect_checks_bounds_null_and_type)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		cr_expect_eq(call(&fx, "call_indirect", (NacreValue[]){ i32(0) }, r), NACRE_TRAP_NONE);
		cr_expect_eq(r[0].i32, 5);
		cr_expect_eq(call(&fx, "call_indirect", (NacreValue[]){ i32(1) }, r), NACRE_TRAP_INDIRECT_CALL_TYPE);
		cr_expect_eq(call(&fx, "call_indirect", (NacreValue[]){ i32(2) }, r), NACRE_TRAP_UNINITIALIZED_ELEMENT);
		cr_expect_eq(call(&fx, "call_indirect", (NacreValue[]){ i32(4) }, r), NACRE_TRAP_UNDEFINED_ELEMENT);
	});
}

Test(lower, deep_recursion_is_a_clean_trap)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[1];
		cr_expect_eq(call(&fx, "recurse", (NacreValue[]){ i32(0) }, r), NACRE_TRAP_STACK_EXHAUSTED);
		cr_expect_eq(call(&fx, "div_s", (NacreValue[]){ i32(9), i32(3) }, r), NACRE_TRAP_NONE,
		             "the store is usable after it");
		cr_expect_eq(r[0].i32, 3);
	});
}

Test(lower, multiple_results_and_br_table)
{
	BOTH_STRATEGIES(fx, {
		NacreValue r[3];
		call(&fx, "multi", (NacreValue[]){ i32(-4) }, r);
		cr_expect_eq(r[0].i32, -4);
		cr_expect_eq(r[1].i64, -4);
		cr_expect_eq(r[2].f32, -4.0f);
		for (int32_t i = 0; i < 5; i++) {
			call(&fx, "br_table", (NacreValue[]){ i32(i) }, r);
			cr_expect_eq(r[0].i32, i < 2 ? 10 + i : 12, "br_table %d", i);
		}
	});
}
