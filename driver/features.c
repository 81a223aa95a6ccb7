/* driver/features.c: --features=LEVEL[,+P|-P]..., the Wasm feature set
 * the frontend accepts (validate, build, run, wast share the syntax of
 * frontend/features.c). */
#include "driver.h"

#include <stdio.h>

int drv_features_flag(const char *cmd, const char *value, uint32_t *features)
{
	char err[256];
	if (fe_features_parse(value, features, err, sizeof err))
		return 0;
	fprintf(stderr, "%s: error: %s\n", cmd, err);
	return EXIT_USAGE;
}
