/* frontend/component/cm_sort.c: sort bytes, core and component. */
#include "cm.h"

bool cm_read_core_sort(CmScope *s, IrCmSort *out)
{
	static const int8_t sorts[0x13] = {
		[0x00] = IR_CM_CORE_FUNC + 1, [0x01] = IR_CM_CORE_TABLE + 1, [0x02] = IR_CM_CORE_MEMORY + 1,
		[0x03] = IR_CM_CORE_GLOBAL + 1, [0x10] = IR_CM_CORE_TYPE + 1, [0x11] = IR_CM_CORE_MODULE + 1,
		[0x12] = IR_CM_CORE_INSTANCE + 1,
	};
	size_t at = s->r->pos;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	if (b == 0x04)
		return cm_fail(s, DIAG_CM_GATED, at, "core tags (exception handling)");
	if (b >= sizeof sorts || !sorts[b])
		return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a core sort", b);
	*out = (IrCmSort)(sorts[b] - 1);
	return true;
}

bool cm_read_sort(CmScope *s, IrCmSort *out)
{
	static const int8_t sorts[6] = {
		[0x01] = IR_CM_FUNC, [0x02] = IR_CM_VALUE, [0x03] = IR_CM_TYPE, [0x04] = IR_CM_COMPONENT,
		[0x05] = IR_CM_INSTANCE,
	};
	size_t at = s->r->pos;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	if (b == 0x00)
		return cm_read_core_sort(s, out);
	if (b >= sizeof sorts)
		return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a sort", b);
	if (b == 0x02)
		return cm_fail(s, DIAG_CM_GATED, at, "component values");
	*out = (IrCmSort)sorts[b];
	return true;
}
