/* backend/target/target.c: the table of targets nacre knows, looked up by
 * the --target spelling; common code asks a Target, never a triple. */
#include "../backend.h"

#include <string.h>

static const Target *const targets[] = { &be_target_x86_64 };

const Target *be_target_find(const char *name)
{
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
		if (strcmp(targets[i]->name, name) == 0)
			return targets[i];
	return NULL;
}

const Target *be_target_host(void)
{
#if defined(__x86_64__)
	return &be_target_x86_64;
#else
	return NULL;
#endif
}
