/* tests/embed/wasi/tenant.c: a WASI plugin for test_wasi.c, built with
 * wasi-libc.  It prints its arguments and environment, copies stdin to
 * stdout, reads /data/in.txt and writes "<argv[1]> was here" to
 * /data/out.txt (the host's preopen), says "done" on stderr and returns
 * 0; 2 without /data/in.txt, 3 if out.txt cannot be written.
 */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv)
{
	char buf[512];
	size_t n;
	for (int i = 0; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env: %s\n", *e);
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		printf("stdin: ");
		fwrite(buf, 1, n, stdout);
	}
	FILE *f = fopen("/data/in.txt", "r");
	if (!f)
		return 2;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	printf("in.txt: %s\n", buf);
	f = fopen("/data/out.txt", "w");
	if (!f || fprintf(f, "%s was here\n", argc > 1 ? argv[1] : "?") < 0 || fclose(f) != 0)
		return 3;
	fprintf(stderr, "done\n");
	return 0;
}
