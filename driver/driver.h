/* driver/driver.h: the nacre command line, one file per subcommand. */
#ifndef NACRE_DRIVER_H
#define NACRE_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "../frontend/frontend.h"

/* Exit codes are part of the interface (CI scripts depend on them). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,     /* an input is malformed, invalid, or unfit for the request */
	EXIT_USAGE = 2,     /* bad usage, or a file could not be read or written */
	EXIT_INTERNAL = 3,  /* the toolchain failed (code generation, linking) */
};

/* input.c */
typedef struct Input {
	const char *path;
	uint8_t *bytes;
	size_t size;
} Input;
/* Reads a whole file; prints the reason and returns false on failure. */
int drv_input_read(const char *path, Input *out);
void drv_input_free(Input *in);
/* Loads and validates; prints diagnostics as FILE:0xOFFSET: error: ... */
IrModule *drv_module_load(const Input *in);
void drv_diags_print(const DiagSink *d, const IrModule *names, const char *path);

/* One function per subcommand: argv[0] is the subcommand's name. */
int drv_cmd_validate(int argc, char **argv);
int drv_cmd_dump(int argc, char **argv);
int drv_cmd_build(int argc, char **argv);

#endif
