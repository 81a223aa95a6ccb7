/* tests/exe/divzero.c: an integer division by zero, a trap in the named
 * function `divide`. */
#include <stdio.h>

__attribute__((noinline)) int divide(int a, int b)
{
	return a / b;
}

int main(void)
{
	volatile int zero = 0;
	printf("%d\n", divide(1, zero));
	return 0;
}
