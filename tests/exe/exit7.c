/* tests/exe/exit7.c: exit(7) reaches WASI proc_exit(7). */
#include <stdlib.h>

int main(void)
{
	exit(7);
}
