/* frontend/frontend.c: the whole frontend stage in one call: decode the
 * bytes, check them against the feature set, then validate; the caller
 * gets an immutable module or nothing. */
#include "frontend.h"

IrModule *fe_module_load(const uint8_t *bytes, size_t size, DiagSink *diags)
{
	return fe_module_load_features(bytes, size, FE_FEATURES_3_0, diags);
}

IrModule *fe_module_load_features(const uint8_t *bytes, size_t size, uint32_t features, DiagSink *diags)
{
	IrModule *m = fe_decode(bytes, size, diags);
	if (!m)
		return NULL;
	if (!fe_features_check(m, features, diags) || !fe_validate(m, diags)) {
		ir_module_free(m);
		return NULL;
	}
	return m;
}
