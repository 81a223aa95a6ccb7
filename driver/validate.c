/* driver/validate.c: `nacre validate FILE...`: decode and validate each
 * file exactly as the spec does; exit 0 when all are valid, 1 otherwise.
 * "-" is stdin. */
#include "driver.h"

#include <stdio.h>
#include <string.h>

static bool is_file(const char *a)
{
	return a[0] != '-' || !a[1];
}

/* The options; 0, or the exit status after printing why. */
static int options(int argc, char **argv, Report *r, bool *quiet, uint32_t *features)
{
	for (int i = 1; i < argc; i++) {
		int rc;
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			*quiet = true;
		else if (strncmp(argv[i], "--features=", 11) == 0) {
			if ((rc = drv_features_flag("nacre validate", argv[i] + 11, features)))
				return rc;
		}
		else if (!is_file(argv[i]) && (rc = drv_report_flag(r, argv[i], "validate")) != 0) {
			if (rc == 1)
				fprintf(stderr, "nacre validate: error: unknown option '%s' (see nacre help validate)\n",
				        argv[i]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* A component (its layer field says so): the component frontend, with
 * the same report as a module's. */
static bool validate_component(const Input *in, Report *r, bool quiet)
{
	DiagSink diags = { 0 };
	IrComponent *c = fe_component_load(in->bytes, in->size, &diags);
	if (!c || r->format != DRV_FORMAT_TEXT)
		drv_report_file(r, drv_input_name(in->path), &diags, NULL);
	else if (!quiet)
		printf("%s: valid component\n", drv_input_name(in->path));
	ir_component_free(c);
	return c != NULL;
}

/* One file's status: 0 valid, 1 not, 2 unreadable. */
static int validate(const char *path, Report *r, bool quiet, uint32_t features)
{
	Input in;
	if (!drv_input_read(path, &in)) {
		if (r->format != DRV_FORMAT_TEXT)
			drv_report_error(r, drv_input_name(path), DIAG_READ_INPUT, "%s", in.why);
		return EXIT_USAGE;
	}
	in.report = r;
	in.features = features;
	bool ok;
	if (ir_is_component(in.bytes, in.size)) {
		ok = validate_component(&in, r, quiet);
	} else {
		IrModule *m = drv_module_load(&in);
		if (m && r->format != DRV_FORMAT_TEXT)
			drv_report_file(r, drv_input_name(path), &(DiagSink){ 0 }, m);
		else if (m && !quiet)
			printf("%s: valid\n", drv_input_name(path));
		ok = m != NULL;
		ir_module_free(m);
	}
	drv_input_free(&in);
	return ok ? EXIT_OK : EXIT_INPUT;
}

int drv_cmd_validate(int argc, char **argv)
{
	Report r = { .cmd = "validate" };
	bool quiet = false;
	uint32_t features = FE_FEATURES_3_0;
	int status = options(argc, argv, &r, &quiet, &features), files = 0;
	if (status)
		return status;
	for (int i = 1; i < argc; i++)
		files += is_file(argv[i]);
	if (!files) {
		fprintf(stderr, "nacre validate: error: no input files (usage: nacre validate FILE...)\n");
		return EXIT_USAGE;
	}
	drv_report_begin(&r);
	for (int i = 1; i < argc; i++) {
		if (!is_file(argv[i]))
			continue;
		int s = validate(argv[i], &r, quiet, features);
		if (s > status) /* an I/O error outranks invalid input */
			status = s;
	}
	drv_report_end(&r);
	return status;
}
