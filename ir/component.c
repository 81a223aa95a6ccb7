/* ir/component.c: owning and recognising components. */
#include "component.h"
#include "component_plan.h"

#include <stdlib.h>
#include <string.h>

bool ir_is_component(const uint8_t *bytes, size_t size)
{
	static const uint8_t head[8] = { 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00 };
	/* the layer field, not the version, tells a component from a module */
	return size >= 8 && memcmp(bytes, head, 4) == 0 && bytes[6] == head[6] && bytes[7] == head[7];
}

static void free_modules(IrComponent *c)
{
	for (uint32_t i = 0; i < c->nmodules; i++)
		ir_module_free(c->modules[i]);
	for (uint32_t i = 0; i < c->ncomponents; i++)
		free_modules(c->components[i]);
}

void ir_component_free(IrComponent *c)
{
	if (!c)
		return;
	free_modules(c);
	arena_free(c->arena);
}

void ir_component_plan_free(IrCpPlan *p)
{
	if (p)
		arena_free(p->arena); /* the plan itself lives in its arena */
}
