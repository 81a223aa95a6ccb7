/* wasi-shim/p2/p2.h: WASI 0.2 for a component executable.  bind.c gives
 * every function a component lowers from the host (calls.h) a host
 * function that crosses the canonical ABI (runtime-lib/canon/) and calls
 * the row's C function on host values; cli.c and streams.c are those
 * functions, on the descriptors and grants the WASI versions share
 * (../wasi.h).  An output stream's rep is its WASI descriptor. */
#ifndef NACRE_WASI_P2_H
#define NACRE_WASI_P2_H

#include "../../runtime-lib/canon/rt_canon.h"
#include "../../runtime-lib/cm_plan_codec.h"
#include "../wasi.h"

/* What every function of the program sees (the env of each row). */
typedef struct P2Ctx {
	WasiCtx *w;
	NacreStore *store;
	const NacreCmPlan *plan;
	NacreInstance **instances;   /* the plan's, NULL until made */
	RtCanonHandles handles;      /* the component instance's */
	RtCanonArena types;          /* the checked descriptors */
} P2Ctx;

#define P2_DECLARE(interface, name, fn, ...) bool fn(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result);
#include "calls.h"
WASI_P2_FUNCS(P2_DECLARE)
#undef P2_DECLARE

/* bind.c: the host function for lowered function i of the plan, and the
 * handle table for the plan's resources; false (err says why) when the
 * runtime cannot provide it. */
bool p2_handles_init(P2Ctx *p, NacreError *err);
bool p2_bind(P2Ctx *p, uint32_t i, NacreExtern *out, NacreError *err);
/* shape.c: whether a lowered function's checked descriptor is exactly
 * the type a row of calls.h gives it, its resources the rows of
 * WASI_P2_RESOURCES the row names. */
bool p2_shape_ok(const NacreCmPlan *plan, const uint8_t *type, size_t n, const uint8_t *shape, size_t shape_len);
/* A result variant's case with no payload (ok, or an error code). */
void p2_case(RtCanonVal *v, uint32_t index);

#endif
