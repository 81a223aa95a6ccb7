/* runtime-lib/canon/error.c: the texts of RtCanonError and the trap a
 * failed lift or lower ends in, through the runtime's trap path
 * (trap.c): "wasm trap: host function trapped: canonical ABI: <text>".
 */
#include "rt_canon.h"
#include "../rt.h"

static const char *const texts[RT_CANON_E_COUNT] = {
#define X(name, text) [RT_CANON_E_##name] = text,
	RT_CANON_ERRORS(X)
#undef X
};

const char *rt_canon_error_text(RtCanonError e)
{
	return (unsigned)e < RT_CANON_E_COUNT ? texts[e] : "unknown error";
}

void rt_canon_trap(const RtCanonCx *cx)
{
	char detail[120];
	rt_sys_format(detail, sizeof detail, "canonical ABI: %s", rt_canon_error_text(cx->error));
	rt_trap_raise(NACRE_TRAP_HOST, 0, detail);
}
