/* driver/validate.c: `nacre validate FILE...`: decode and validate each
 * file exactly as the spec does; exit 0 when all are valid, 1 otherwise. */
#include "driver.h"

#include <stdio.h>
#include <string.h>

int drv_cmd_validate(int argc, char **argv)
{
	int status = EXIT_OK, files = 0;
	bool quiet = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
			quiet = true;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "nacre validate: error: unknown option '%s' (see nacre --help)\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		Input in;
		files++;
		if (!drv_input_read(argv[i], &in)) {
			status = EXIT_USAGE;
			continue;
		}
		IrModule *m = drv_module_load(&in);
		if (!m && status == EXIT_OK)
			status = EXIT_INPUT;
		if (m && !quiet)
			printf("%s: valid\n", argv[i]);
		ir_module_free(m);
		drv_input_free(&in);
	}
	if (!files) {
		fprintf(stderr, "nacre validate: error: no input files (usage: nacre validate FILE...)\n");
		return EXIT_USAGE;
	}
	return status;
}
