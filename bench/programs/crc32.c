/* bench/programs/crc32.c: CRC-32 (the IEEE 802.3 / zlib polynomial),
 * slicing-by-4 over a buffer; table lookups and shifts. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static uint32_t table[4][256];

static void make_tables(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int j = 0; j < 8; j++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
		table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 4; t++)
			table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	for (; n >= 4; n -= 4, p += 4) {
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		crc = table[3][crc & 0xff] ^ table[2][(crc >> 8) & 0xff] ^
		      table[1][(crc >> 16) & 0xff] ^ table[0][crc >> 24];
	}
	while (n--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t len = quick ? 65536 : 1 << 20;
	int rounds = quick ? 4 : 1000;
	make_tables();
	if (crc32(0, (const uint8_t *)"123456789", 9) != 0xcbf43926u) {
		printf("crc32: self-check FAILED\n");
		return 1;
	}
	uint8_t *buf = malloc(len);
	if (!buf)
		return 1;
	uint64_t seed = 3;
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)bench_rand(&seed);
	uint32_t crc = 0;
	for (int r = 0; r < rounds; r++) {
		crc = crc32(crc, buf + (r & 3), len - (size_t)(r & 3));
		buf[(size_t)r % len] ^= (uint8_t)crc;
	}
	printf("crc32: %08x\n", crc);
	free(buf);
	return 0;
}
