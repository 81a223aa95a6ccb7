/* bench/programs/mandelbrot.c: escape-time iteration over a grid of the
 * complex plane; a tight double-precision loop with an early exit. */
#include <stdio.h>

#include "bench.h"

int main(int argc, char **argv)
{
	int w = bench_quick(argc, argv) ? 120 : 2000, h = w * 3 / 4, max_iter = 400;
	uint32_t mix = 2166136261u;
	uint64_t total = 0;
	for (int y = 0; y < h; y++) {
		double ci = -1.125 + 2.25 * y / h;
		uint32_t row = 0;
		for (int x = 0; x < w; x++) {
			double cr = -2.25 + 3.0 * x / w, zr = 0, zi = 0;
			int it = 0;
			for (; it < max_iter; it++) {
				double zr2 = zr * zr, zi2 = zi * zi;
				if (zr2 + zi2 > 4.0)
					break;
				zi = 2 * zr * zi + ci;
				zr = zr2 - zi2 + cr;
			}
			total += (uint64_t)it;
			row = row * 31 + (uint32_t)it;
		}
		mix = bench_mix(mix, row);
	}
	printf("mandelbrot: %dx%d iterations=%llu checksum=%08x\n", w, h, (unsigned long long)total, mix);
	return 0;
}
