/* backend/component/component.h: compiling a component (the frontend's
 * plan, ir/component_plan.h) into one executable: build.c compiles each
 * distinct core module as an object of its own, descriptor.c emits the
 * component descriptor object, plan_bytes.c encodes the plan into it. */
#ifndef NACRE_BE_COMPONENT_H
#define NACRE_BE_COMPONENT_H

#include "../../ir/component_plan.h"
#include "../backend.h"

/* The plan's distinct modules, in order of first instantiation, into
 * mods (room for p->ninstances); returns how many. */
uint32_t be_cm_modules(const IrCpPlan *p, const IrModule **mods);
/* The plan as runtime-lib/cm_plan_codec.h's bytes (malloc'd), or NULL. */
uint8_t *be_cm_plan_bytes(const IrCpPlan *p, const IrModule *const *mods, uint32_t nmods, size_t *size);
/* The object holding NACRE_COMPONENT_SYMBOL: the nmods module
 * descriptors NAME_module for names[k], the plan, and o's note. */
bool be_cm_emit_descriptor(const BeOptions *o, char *const *names, uint32_t nmods, const uint8_t *plan,
                           size_t plan_size, const char *path, DiagSink *diags);

#endif
