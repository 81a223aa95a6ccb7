/* frontend/frontend.c: the whole frontend stage in one call: decode the
 * bytes, then validate; the caller gets an immutable module or nothing. */
#include "frontend.h"

IrModule *fe_module_load(const uint8_t *bytes, size_t size, DiagSink *diags)
{
	IrModule *m = fe_decode(bytes, size, diags);
	if (!m)
		return NULL;
	if (!fe_validate(m, diags)) {
		ir_module_free(m);
		return NULL;
	}
	return m;
}
