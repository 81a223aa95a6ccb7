/* tests/spec/spec_json.h: nacre-spec's front, wast2json's output read into
 * the engine's script representation (wast/script.h).
 */
#ifndef NACRE_SPEC_JSON_H
#define NACRE_SPEC_JSON_H

#include <jansson.h>

#include "wast/engine.h"

/* spec_json.c: a WastReader for "name.json" and its module files. */
bool spec_json_read(const char *path, const char *suite, WastScript *out, char *err, size_t errlen);

/* spec_json_value.c: one {"type":..., "value":...} object; patterns
 * (nan:canonical, a reference without a value) only when expected. */
bool spec_value_parse(const json_t *j, bool expected, SpecValue *out, char *err, size_t errlen);

#endif
