/* driver/main.c: the `nacre` command: finds the subcommand and hands it
 * its arguments.  The stages run inside each subcommand; nothing here
 * holds logic of its own. */
#include "driver.h"

#include <stdio.h>
#include <string.h>

/* "nacre build", the prefix of every error ("nacre build: error: ..."):
 * set once here, before any command runs, and only read after. */
static char command[64] = "nacre";

const char *drv_command(void)
{
	return command;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		drv_help(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		drv_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		drv_version(stdout);
		return EXIT_OK;
	}
	const DrvCommand *c = drv_command_find(cmd);
	if (c) {
		snprintf(command, sizeof command, "nacre %s", c->name);
		bool builds = c->run == drv_cmd_build || c->run == drv_cmd_run;
		if (drv_help_asked(argc - 1, argv + 1, c->name) || (builds && drv_flags_help(argc - 1, argv + 1)))
			return EXIT_OK;
		return c->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "nacre: error: unknown %s '%s' (see nacre --help)\n", cmd[0] == '-' ? "option" : "command",
	        cmd);
	return EXIT_USAGE;
}
