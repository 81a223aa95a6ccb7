/* ir/component_wit.h: a component's imports and exports as WIT (what
 * `nacre dump` prints for a component). */
#ifndef NACRE_IR_COMPONENT_WIT_H
#define NACRE_IR_COMPONENT_WIT_H

#include <stdio.h>

#include "component.h"

void ir_component_wit(const IrComponent *c, FILE *out);

#endif
