/* tests/embed/test_swizzle.c: two builds of i8x16.swizzle
 * (backend/lower_simd.c) against the spec's definition: lane i is
 * a[idx[i]] when idx[i] < 16, else 0.  swz_base is built for the
 * target's baseline CPU, swz_alt as tests/embed/CMakeLists.txt chooses
 * per target, so that the two take different paths: on x86-64 the
 * baseline's pshufb after a saturating add against plain x86-64 (no
 * SSSE3: the lane-by-lane path); on riscv64 the lane-by-lane path in
 * scalar code against the same with the vector extension (+v), which
 * LLVM carries out in vector registers (run under qemu with V enabled);
 * on aarch64, whose tbl has no alternative, the baseline against -O0.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "swz_base.h"
#include "swz_alt.h"

typedef NacreStatus (*Swizzle)(NacreStore *, NacreInstance *, NacreValue, NacreValue, NacreValue *,
                               NacreError *);

/* xorshift: the same inputs every run */
static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void check(const NacreModuleDesc *desc, Swizzle fn)
{
	NacreStore *store = nacre_store_new();
	NacreModule *m;
	NacreInstance *inst;
	NacreError err;
	cr_assert_eq(nacre_module_from_desc(desc, &m, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(nacre_instantiate(store, m, NULL, 0, &inst, &err), NACRE_OK, "%s", err.message);
	uint32_t seed = 12345;
	for (int t = 0; t < 20000; t++) {
		NacreValue a, idx, got;
		for (int i = 0; i < 16; i++) {
			a.v128[i] = (uint8_t)next(&seed);
			/* every boundary, then mostly near 16, then anything */
			idx.v128[i] = t < 256 ? (uint8_t)(t + i) : t & 1 ? (uint8_t)next(&seed) : next(&seed) % 20;
		}
		cr_assert_eq(fn(store, inst, a, idx, &got, &err), NACRE_OK, "%s", err.message);
		for (int i = 0; i < 16; i++) {
			uint8_t want = idx.v128[i] < 16 ? a.v128[idx.v128[i]] : 0;
			cr_assert_eq(got.v128[i], want, "case %d lane %d: index %u gave %u, expected %u", t, i,
			             idx.v128[i], got.v128[i], want);
		}
	}
	nacre_store_free(store);
	nacre_module_close(m);
}

Test(swizzle, baseline_cpu)
{
	check(&swz_base_module, swz_base_swizzle);
}

Test(swizzle, alternative_build)
{
	check(&swz_alt_module, swz_alt_swizzle);
}
