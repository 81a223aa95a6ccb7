/* tests/exe/oob.c: a load far outside linear memory, caught by the guard
 * region and reported as a trap. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	volatile uint32_t addr = 0xfffffff0u;
	printf("%d\n", *(volatile int *)(uintptr_t)addr);
	return 0;
}
