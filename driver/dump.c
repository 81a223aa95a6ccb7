/* driver/dump.c: `nacre dump FILE`: the decoded module as text, for
 * looking at what the frontend hands the backend. */
#include "driver.h"

#include <stdio.h>

int drv_cmd_dump(int argc, char **argv)
{
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1])) { /* "-" is stdin */
		fprintf(stderr, "nacre dump: error: usage: nacre dump FILE (see nacre help dump)\n");
		return EXIT_USAGE;
	}
	Input in;
	if (!drv_input_read(argv[1], &in))
		return EXIT_USAGE;
	IrModule *m = drv_module_load(&in);
	if (m)
		ir_module_dump(m, stdout);
	ir_module_free(m);
	drv_input_free(&in);
	return m ? EXIT_OK : EXIT_INPUT;
}
