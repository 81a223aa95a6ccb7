/* driver/dump.c: `nacre dump FILE`: the decoded module as text, for
 * looking at what the frontend hands the backend; a component's imports
 * and exports as WIT. */
#include "driver.h"

#include <stdio.h>

#include "../ir/component_wit.h"

/* A component's imports and exports, as the WIT world they make. */
static int dump_component(Input *in)
{
	DiagSink d = { 0 };
	IrComponent *c = fe_component_load(in->bytes, in->size, &d);
	if (c)
		ir_component_wit(c, stdout);
	else
		drv_report_file(in->report, drv_input_name(in->path), &d, NULL);
	ir_component_free(c);
	drv_input_free(in);
	return c ? EXIT_OK : EXIT_INPUT;
}

int drv_cmd_dump(int argc, char **argv)
{
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1])) { /* "-" is stdin */
		fprintf(stderr, "nacre dump: error: usage: nacre dump FILE (see nacre help dump)\n");
		return EXIT_USAGE;
	}
	Input in;
	if (!drv_input_read(argv[1], &in))
		return EXIT_USAGE;
	if (ir_is_component(in.bytes, in.size))
		return dump_component(&in);
	IrModule *m = drv_module_load(&in);
	if (m)
		ir_module_dump(m, stdout);
	ir_module_free(m);
	drv_input_free(&in);
	return m ? EXIT_OK : EXIT_INPUT;
}
