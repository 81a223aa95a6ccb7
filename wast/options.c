/* wast/options.c: the command-line helpers both fronts of the engine
 * share (driver/wast.c for `nacre wast`, tests/spec/spec_main.c for
 * nacre-spec). */
#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *wast_option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == 0 && *i + 1 < argc)
		return argv[++*i];
	if (name[1] != '-' && argv[*i][n]) /* -j4 */
		return argv[*i] + n;
	return NULL;
}

bool wast_option_number(const char *s, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}
