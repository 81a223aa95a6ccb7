/* tests/exe/env.c: arguments arrive, the environment stays empty (nothing
 * granted), clocks and random_get work, stderr is written. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/random.h>

extern char **environ;

int main(int argc, char **argv)
{
	int nenv = 0;
	for (char **e = environ; e && *e; e++)
		nenv++;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_REALTIME, &b);
	unsigned char r[16] = { 0 };
	int rnd = getentropy(r, sizeof r);
	printf("argc=%d argv1=%s env=%d mono=%d real=%d random=%d\n", argc, argc > 1 ? argv[1] : "-", nenv,
	       a.tv_sec > 0 || a.tv_nsec > 0, b.tv_sec > 1700000000, rnd == 0);
	fprintf(stderr, "to stderr\n");
	return 0;
}
