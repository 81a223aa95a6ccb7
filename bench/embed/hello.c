/* bench/embed/hello.c: the WASI plugin whose start instantiate.c times:
 * wasi-libc's start-up, one line to stdout, exit 0. */
#include <stdio.h>

int main(void)
{
	puts("hello from a plugin");
	return 0;
}
