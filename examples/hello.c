/* examples/hello.c: a WASI program in C, the standalone-executable
 * example: built with clang --target=wasm32-wasi, then
 * `nacre build hello.wasm -o hello` gives a static native executable. */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argv;
	printf("hello from nacre (argc %d)\n", argc);
	return 0;
}
