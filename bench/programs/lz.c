/* bench/programs/lz.c: the mixed-work program: generates text from a
 * word list, compresses it with an LZ77 coder (hash chains, lazy-free
 * greedy parse, varint tokens), decompresses it and checks the round
 * trip; hashing, branchy searches, byte copies and buffer management. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define HASH_BITS 16
#define WINDOW (1 << 16)
#define MIN_MATCH 4
#define MAX_CHAIN 24

static const char *words[] = {
	"the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be",
	"by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
	"an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has",
	"there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "memory",
	"compiler", "module", "function", "table", "stack", "value", "native", "sandbox", "guard",
};

static size_t make_text(uint8_t *out, size_t n, uint64_t seed)
{
	size_t len = 0, nwords = sizeof words / sizeof *words;
	while (len + 16 < n) {
		uint64_t r = bench_rand(&seed);
		/* Skewed choice: low indices (common words) far more often. */
		uint64_t x = r & 0xffff;
		size_t w = (size_t)((x * x >> 16) * nwords >> 16);
		for (const char *p = words[w]; *p; p++)
			out[len++] = (uint8_t)*p;
		out[len++] = (r >> 20) % 13 == 0 ? '\n' : (r >> 24) % 17 == 0 ? ',' : ' ';
		if ((r >> 40) % 97 == 0)
			len += (size_t)sprintf((char *)out + len, "%u", (unsigned)(r >> 48));
	}
	return len;
}

static uint8_t *put_varint(uint8_t *p, uint32_t v)
{
	for (; v >= 0x80; v >>= 7)
		*p++ = (uint8_t)(v | 0x80);
	*p++ = (uint8_t)v;
	return p;
}

static const uint8_t *get_varint(const uint8_t *p, uint32_t *v)
{
	uint32_t x = 0;
	for (int shift = 0;; shift += 7) {
		uint8_t b = *p++;
		x |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	*v = x;
	return p;
}

static uint32_t hash4(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Tokens: varint literal count, the literals, varint match length
 * (0 = end), varint distance. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out, int32_t *head, int32_t *prev)
{
	for (size_t i = 0; i < (1u << HASH_BITS); i++)
		head[i] = -1;
	uint8_t *o = out;
	size_t lit_start = 0, i = 0;
	while (i + MIN_MATCH <= n) {
		uint32_t h = hash4(in + i);
		size_t best_len = 0, best_dist = 0;
		int chain = MAX_CHAIN;
		for (int32_t c = head[h]; c >= 0 && i - (size_t)c < WINDOW && chain--; c = prev[c & (WINDOW - 1)]) {
			size_t len = 0, max = n - i;
			while (len < max && in[(size_t)c + len] == in[i + len])
				len++;
			if (len > best_len) {
				best_len = len;
				best_dist = i - (size_t)c;
			}
		}
		prev[i & (WINDOW - 1)] = head[h];
		head[h] = (int32_t)i;
		if (best_len < MIN_MATCH) {
			i++;
			continue;
		}
		o = put_varint(o, (uint32_t)(i - lit_start));
		memcpy(o, in + lit_start, i - lit_start);
		o += i - lit_start;
		o = put_varint(o, (uint32_t)best_len);
		o = put_varint(o, (uint32_t)best_dist);
		for (size_t k = 1; k < best_len && i + k + MIN_MATCH <= n; k++) {
			uint32_t hk = hash4(in + i + k);
			prev[(i + k) & (WINDOW - 1)] = head[hk];
			head[hk] = (int32_t)(i + k);
		}
		i += best_len;
		lit_start = i;
	}
	o = put_varint(o, (uint32_t)(n - lit_start));
	memcpy(o, in + lit_start, n - lit_start);
	o += n - lit_start;
	o = put_varint(o, 0);
	return (size_t)(o - out);
}

static size_t decompress(const uint8_t *in, uint8_t *out)
{
	uint8_t *o = out;
	for (;;) {
		uint32_t lits, len, dist;
		in = get_varint(in, &lits);
		memcpy(o, in, lits);
		o += lits;
		in += lits;
		in = get_varint(in, &len);
		if (len == 0)
			return (size_t)(o - out);
		in = get_varint(in, &dist);
		for (uint32_t k = 0; k < len; k++, o++) /* overlapping copies are allowed */
			*o = *(o - dist);
	}
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t cap = quick ? 1 << 16 : 1 << 22;
	int rounds = quick ? 1 : 5;
	uint8_t *text = malloc(cap), *packed = malloc(cap + cap / 2 + 64), *back = malloc(cap);
	int32_t *head = malloc((sizeof *head) << HASH_BITS), *prev = malloc(WINDOW * sizeof *prev);
	if (!text || !packed || !back || !head || !prev)
		return 1;
	uint32_t h = 2166136261u;
	size_t n = 0, packed_len = 0;
	for (int r = 0; r < rounds; r++) {
		n = make_text(text, cap, 100 + (uint64_t)r);
		packed_len = compress(text, n, packed, head, prev);
		size_t m = decompress(packed, back);
		if (m != n || memcmp(text, back, n) != 0) {
			printf("lz: ROUND TRIP FAILED\n");
			return 1;
		}
		for (size_t i = 0; i < packed_len; i += 31)
			h = bench_mix(h, packed[i]);
	}
	printf("lz: in=%zu out=%zu checksum=%08x\n", n, packed_len, h);
	free(text);
	free(packed);
	free(back);
	free(head);
	free(prev);
	return 0;
}
