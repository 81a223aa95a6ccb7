/* bench/programs/fannkuch.c: pancake flipping over every permutation
 * (fannkuch-redux); small arrays, data-dependent branches. */
#include <stdio.h>

#include "bench.h"

static void fannkuch(int n, int *checksum, int *max_flips)
{
	int perm[16], perm1[16], count[16];
	for (int i = 0; i < n; i++)
		perm1[i] = i;
	int r = n, index = 0;
	*checksum = 0;
	*max_flips = 0;
	for (;;) {
		for (; r != 1; r--)
			count[r - 1] = r;
		for (int i = 0; i < n; i++)
			perm[i] = perm1[i];
		int flips = 0;
		for (int k = perm[0]; k != 0; k = perm[0]) {
			for (int i = 0, j = k; i < j; i++, j--) {
				int t = perm[i];
				perm[i] = perm[j];
				perm[j] = t;
			}
			flips++;
		}
		if (flips > *max_flips)
			*max_flips = flips;
		*checksum += (index & 1) ? -flips : flips;
		/* Next permutation in the order the checksum is defined over. */
		for (;;) {
			if (r == n)
				return;
			int first = perm1[0];
			for (int i = 0; i < r; i++)
				perm1[i] = perm1[i + 1];
			perm1[r] = first;
			if (--count[r] > 0)
				break;
			r++;
		}
		index++;
	}
}

int main(int argc, char **argv)
{
	int n = bench_quick(argc, argv) ? 7 : 10;
	int reps = bench_quick(argc, argv) ? 1 : 4;
	int checksum = 0, max_flips = 0;
	uint32_t h = 2166136261u;
	for (int r = 0; r < reps; r++) {
		fannkuch(n, &checksum, &max_flips);
		h = bench_mix(h, (uint32_t)checksum);
	}
	printf("fannkuch(%d): checksum=%d max_flips=%d mix=%08x\n", n, checksum, max_flips, h);
	return 0;
}
