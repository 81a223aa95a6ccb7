/* backend/lower_simd.c: fixed-width SIMD.  Not lowered yet (its own
 * issue): a module that uses it gets a clear "not supported" error from
 * lower.c rather than wrong code. */
#include "backend.h"

bool be_lower_simd(FuncCtx *c, const IrInstr *in)
{
	(void)c;
	(void)in;
	return false;
}
