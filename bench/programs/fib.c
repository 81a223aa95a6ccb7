/* bench/programs/fib.c: naive doubly recursive Fibonacci and the Takeuchi
 * function; call and return overhead, prologues, stack checks. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static int tak(int x, int y, int z)
{
	return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	/* Sizes come from argc so that no compiler can fold the calls away. */
	uint32_t n = (quick ? 20 : 42) + (uint32_t)argc / 8;
	int t = (quick ? 12 : 26) + argc / 8;
	printf("fib(%u)=%u tak(%d,%d,%d)=%d\n", n, fib(n), t, t / 2, t / 4, tak(t, t / 2, t / 4));
	return 0;
}
