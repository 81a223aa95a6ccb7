/* tests/unit/backend/test_plan.c: the partition plan (backend/plan.c)
 * and the partition cache's key (backend/part_key.c) on synthetic
 * modules: cuts cover every function, respect the limits and move only
 * next to an edited function; a key changes with what its partition
 * lowers and with nothing else. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"

enum { NFUNCS = 1200, NIMPORTED = 3, MAX = BE_MAX_PARTS - 1 };

/* A module of NFUNCS defined functions of pseudo-random sizes and bytes,
 * each laid out as the code section does: a LEB128 size, the body. */
typedef struct Synth {
	IrModule m;
	IrFunc funcs[NFUNCS];
	uint32_t func_types[NIMPORTED + NFUNCS];
	IrFuncType type;
	uint8_t *bytes;
} Synth;

static uint32_t next(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Function edited (NIMPORTED + index) gets grow more bytes, one changed. */
static void synth(Synth *y, uint32_t edited, uint32_t grow)
{
	memset(y, 0, sizeof *y);
	uint32_t seed = 7, size[NFUNCS];
	size_t total = 0;
	for (uint32_t i = 0; i < NFUNCS; i++) {
		size[i] = 50 + next(&seed) % 1500 + (i + NIMPORTED == edited ? grow : 0);
		total += 3 + size[i];
	}
	y->bytes = malloc(total);
	cr_assert(y->bytes);
	size_t at = 0;
	for (uint32_t i = 0; i < NFUNCS; i++) {
		y->funcs[i] = (IrFunc){ .body_offset = (uint32_t)at, .body_size = size[i] };
		uint32_t v = size[i];
		do {
			y->bytes[at++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
			v >>= 7;
		} while (v);
		uint32_t own = i; /* the others' bytes do not move with an edit */
		for (uint32_t k = 0; k < size[i]; k++)
			y->bytes[at++] = (uint8_t)next(&own);
		if (i + NIMPORTED == edited)
			y->bytes[at - 1] ^= 0x5a;
	}
	y->m = (IrModule){ .bytes = y->bytes, .size = at, .nfuncs = NIMPORTED + NFUNCS,
		           .nimported_funcs = NIMPORTED, .funcs = y->funcs, .func_types = y->func_types,
		           .ntypes = 1, .types = &y->type };
}

static unsigned plan(const Synth *y, uint32_t avg, BeRange r[MAX])
{
	unsigned n = be_plan(&y->m, avg, r, MAX);
	cr_assert(n >= 1 && n <= MAX);
	cr_assert_eq(r[0].first, NIMPORTED);
	cr_assert_eq(r[n - 1].end, NIMPORTED + NFUNCS);
	for (unsigned k = 0; k < n; k++) {
		cr_assert(r[k].first < r[k].end, "partition %u is empty", k);
		if (k)
			cr_assert_eq(r[k].first, r[k - 1].end);
	}
	return n;
}

static uint64_t bytes(const Synth *y, BeRange r)
{
	uint64_t b = 0;
	for (uint32_t i = r.first; i < r.end; i++)
		b += y->funcs[i - NIMPORTED].body_size;
	return b;
}

Test(plan, covers_every_function_within_the_limits)
{
	Synth y;
	synth(&y, 0, 0);
	BeRange r[MAX];
	unsigned n = plan(&y, 32768, r);
	cr_assert_gt(n, 15, "about 30 partitions of about 32 KiB expected, got %u", n);
	for (unsigned k = 0; k + 1 < n; k++) {
		cr_assert_geq(bytes(&y, r[k]), 16384, "partition %u is below half the size", k);
		cr_assert_lt(bytes(&y, r[k]), 4 * 32768 + 1600, "partition %u is above the most", k);
	}
	BeRange again[MAX];
	cr_assert_eq(plan(&y, 32768, again), n);
	cr_assert_arr_eq(r, again, n * sizeof *r, "the plan is not deterministic");
	free(y.bytes);
}

Test(plan, never_more_than_max)
{
	Synth y;
	synth(&y, 0, 0);
	BeRange r[MAX];
	plan(&y, 1, r); /* every function would be a partition: the limit holds */
	plan(&y, 512, r);
	free(y.bytes);
}

/* The index of the range holding function f. */
static unsigned holding(const BeRange *r, unsigned n, uint32_t f)
{
	for (unsigned k = 0; k < n; k++)
		if (f >= r[k].first && f < r[k].end)
			return k;
	cr_assert_fail("function %u is in no partition", f);
	return n;
}

/* Before the edited function's partition every range is the same; after
 * it, at most one more differs, then they are the same again. */
static void edit_moves_only_neighbours(uint32_t edited, uint32_t grow)
{
	Synth a, b;
	synth(&a, 0, 0);
	synth(&b, edited, grow);
	BeRange ra[MAX], rb[MAX];
	unsigned na = plan(&a, 32768, ra), nb = plan(&b, 32768, rb);
	unsigned ka = holding(ra, na, edited), kb = holding(rb, nb, edited);
	cr_assert_eq(ka, kb);
	cr_assert_arr_eq(ra, rb, ka * sizeof *ra, "a partition before the edit moved");
	unsigned same = 0; /* ranges after the edit, matched from the end */
	while (same < na && same < nb && !memcmp(&ra[na - 1 - same], &rb[nb - 1 - same], sizeof *ra))
		same++;
	cr_assert_geq(same + ka + 2, na, "edit at %u: %u of %u partitions after it moved", edited,
	              na - ka - same, na - ka);
	free(a.bytes);
	free(b.bytes);
}

Test(plan, an_edit_moves_only_the_cuts_beside_it)
{
	for (uint32_t f = NIMPORTED + 5; f < NIMPORTED + NFUNCS - 5; f += 97) {
		edit_moves_only_neighbours(f, 0);
		edit_moves_only_neighbours(f, 40);
		edit_moves_only_neighbours(f, 3000);
	}
}

/* Keys need a cache; its callbacks are never called here. */
static const BePartCache cache = { .salt = { 1 } };

static void key(const Synth *y, BeRange r, bool descriptor, char hex[65])
{
	BeOptions o;
	be_options_default(&o);
	o.cache = &cache;
	cr_assert(be_part_key(&y->m, &o, r, true, descriptor, hex));
}

Test(part_key, changes_with_its_own_bodies_only)
{
	Synth a, b;
	uint32_t edited = NIMPORTED + 600;
	synth(&a, 0, 0);
	synth(&b, edited, 0);
	BeRange before = { NIMPORTED, NIMPORTED + 100 }, holding = { edited - 10, edited + 10 };
	char ka[65], kb[65];
	key(&a, before, false, ka);
	key(&b, before, false, kb);
	cr_assert_str_eq(ka, kb, "an edit outside the partition changed its key");
	key(&a, holding, false, ka);
	key(&b, holding, false, kb);
	cr_assert_str_neq(ka, kb, "an edit inside the partition kept its key");
	key(&a, (BeRange){ NIMPORTED, NIMPORTED }, true, ka);
	key(&b, (BeRange){ NIMPORTED, NIMPORTED }, true, kb);
	cr_assert_str_neq(ka, kb, "the descriptor's key missed an edit");
	free(a.bytes);
	free(b.bytes);
}

Test(part_key, changes_with_options_and_module_facts)
{
	Synth y;
	synth(&y, 0, 0);
	BeRange r = { NIMPORTED, NIMPORTED + 50 };
	char k0[65], k1[65];
	key(&y, r, false, k0);
	BeOptions o;
	be_options_default(&o);
	o.cache = &cache;
	o.bounds = NACRE_BOUNDS_EXPLICIT;
	cr_assert(be_part_key(&y.m, &o, r, true, false, k1));
	cr_assert_str_neq(k0, k1, "--bounds is not in the key");
	y.func_types[NIMPORTED + 900] = 1; /* a function elsewhere changed its type */
	y.type.nparams = 0;
	IrFuncType two[2] = { { 0 }, { .nresults = 0 } };
	y.m.types = two;
	y.m.ntypes = 2;
	key(&y, r, false, k1);
	cr_assert_str_neq(k0, k1, "other functions' types are not in the key");
	free(y.bytes);
}
