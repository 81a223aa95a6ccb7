/* tests/component/component_judge.c: one command of a component suite
 * through the frontend: components (layer 1) through fe_component_load,
 * core modules (version 1) through fe_module_load, as `nacre validate`
 * does.  `module` must load; assert_invalid and assert_malformed must be
 * rejected, with at least one diagnostic inside the input. */
#include "component.h"

#include <stdlib.h>
#include <string.h>

#include "frontend/frontend.h"
#include "ir/component.h"

bool comp_is_text(const WastCommand *cmd)
{
	return cmd->has_module && cmd->mod.text;
}

/* Loads the bytes as whichever kind they are; true when valid. */
static bool load(const uint8_t *bytes, size_t size, DiagSink *d)
{
	if (ir_is_component(bytes, size)) {
		IrComponent *c = fe_component_load(bytes, size, d);
		ir_component_free(c);
		return c != NULL;
	}
	IrModule *m = fe_module_load(bytes, size, d);
	ir_module_free(m);
	return m != NULL;
}

static bool diags_sound(const DiagSink *d, size_t size, char *why, size_t whylen)
{
	if (!d->n) {
		snprintf(why, whylen, "rejected without a diagnostic");
		return false;
	}
	for (unsigned i = 0; i < d->n; i++)
		if (d->items[i].offset > size) {
			snprintf(why, whylen, "diagnostic offset 0x%zx beyond the input", d->items[i].offset);
			return false;
		}
	return true;
}

bool comp_judge(const WastCommand *cmd, char *why, size_t whylen)
{
	const char *type = cmd->type;
	if (strcmp(type, "?") == 0 || !cmd->has_module) {
		snprintf(why, whylen, "command without type or filename");
		return false;
	}
	if (cmd->mod.error) {
		snprintf(why, whylen, "%s", cmd->mod.error);
		return false;
	}
	const uint8_t *bytes = cmd->mod.bytes ? cmd->mod.bytes : (const uint8_t *)"";
	size_t size = cmd->mod.size;
	DiagSink d = { 0 };
	bool valid = load(bytes, size, &d), ok;
	if (strcmp(type, "module") == 0) {
		ok = valid;
		if (!ok && d.n)
			snprintf(why, whylen, "rejected at 0x%zx: %s%s%s", d.items[0].offset, diag_text(d.items[0].code),
			         d.items[0].detail[0] ? ": " : "", d.items[0].detail);
		else if (!ok)
			snprintf(why, whylen, "rejected without a diagnostic");
	} else {
		ok = !valid && diags_sound(&d, size, why, whylen);
		if (ok) /* for --verbose: what the rejection said */
			snprintf(why, whylen, "rejected at 0x%zx: %s%s%s", d.items[0].offset, diag_text(d.items[0].code),
			         d.items[0].detail[0] ? ": " : "", d.items[0].detail);
		if (valid)
			snprintf(why, whylen, "accepted, expected \"%s\"", cmd->text ? cmd->text : "?");
	}
	return ok;
}
