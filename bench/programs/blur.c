/* bench/programs/blur.c: a SIMD-friendly kernel: a separable 5-tap
 * box blur of an 8-bit greyscale image, then a histogram of the result;
 * byte loads, 16-bit sums and a division by a constant, row after row. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static void blur_rows(const uint8_t *src, uint8_t *dst, int w, int h)
{
	for (int y = 0; y < h; y++) {
		const uint8_t *s = src + (size_t)y * w;
		uint8_t *d = dst + (size_t)y * w;
		d[0] = s[0]; d[1] = s[1]; d[w - 2] = s[w - 2]; d[w - 1] = s[w - 1];
		for (int x = 2; x < w - 2; x++)
			d[x] = (uint8_t)((s[x - 2] + s[x - 1] + s[x] + s[x + 1] + s[x + 2]) * 13 >> 6);
	}
}

static void blur_cols(const uint8_t *src, uint8_t *dst, int w, int h)
{
	memcpy(dst, src, (size_t)w * 2);
	memcpy(dst + (size_t)(h - 2) * w, src + (size_t)(h - 2) * w, (size_t)w * 2);
	for (int y = 2; y < h - 2; y++) {
		const uint8_t *s = src + (size_t)y * w;
		uint8_t *d = dst + (size_t)y * w;
		for (int x = 0; x < w; x++)
			d[x] = (uint8_t)((s[x - 2 * w] + s[x - w] + s[x] + s[x + w] + s[x + 2 * w]) * 13 >> 6);
	}
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	int w = quick ? 256 : 1920, h = quick ? 128 : 1080, reps = quick ? 2 : 250;
	size_t n = (size_t)w * h;
	uint8_t *img = malloc(n), *tmp = malloc(n);
	if (!img || !tmp)
		return 1;
	uint64_t seed = 33;
	for (size_t i = 0; i < n; i++)
		img[i] = (uint8_t)(bench_rand(&seed) >> 56);
	uint32_t hist[256];
	uint32_t mix = 2166136261u;
	for (int r = 0; r < reps; r++) {
		blur_rows(img, tmp, w, h);
		blur_cols(tmp, img, w, h);
		img[(size_t)r * 7919 % n] ^= 0xff; /* keep it from going flat */
		memset(hist, 0, sizeof hist);
		for (size_t i = 0; i < n; i++)
			hist[img[i]]++;
		for (int v = 0; v < 256; v++)
			mix = bench_mix(mix, hist[v]);
	}
	printf("blur: %dx%d reps=%d checksum=%08x\n", w, h, reps, mix);
	free(img);
	free(tmp);
	return 0;
}
