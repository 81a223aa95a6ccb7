/* bench/programs/indirect.c: calls through a table of function pointers
 * chosen by data (as virtual calls and interpreters do); each call is an
 * indirect branch, and in Wasm a call_indirect with its type check. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef uint32_t (*Op)(uint32_t, uint32_t);

static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
static uint32_t op_rol(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
static uint32_t op_shr(uint32_t a, uint32_t b) { return a >> (b & 15); }
static uint32_t op_min(uint32_t a, uint32_t b) { return a < b ? a : b; }
static uint32_t op_max(uint32_t a, uint32_t b) { return a > b ? a : b; }
static uint32_t op_and(uint32_t a, uint32_t b) { return a & (b | 0xff00ff00u); }
static uint32_t op_or(uint32_t a, uint32_t b) { return a | (b & 0x00ff00ffu); }
static uint32_t op_div(uint32_t a, uint32_t b) { return a / (b | 1) + b; }
static uint32_t op_mix(uint32_t a, uint32_t b) { return (a ^ (a >> 16)) * 0x45d9f3bu + b; }
static uint32_t op_neg(uint32_t a, uint32_t b) { return -a + (b >> 3); }
static uint32_t op_avg(uint32_t a, uint32_t b) { return (a >> 1) + (b >> 1); }
static uint32_t op_pop(uint32_t a, uint32_t b) { return a + (uint32_t)__builtin_popcount(b); }
static uint32_t op_sel(uint32_t a, uint32_t b) { return (b & 1) ? a : ~a; }

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	static Op table[16] = { op_add, op_sub, op_xor, op_mul, op_rol, op_shr, op_min, op_max,
				op_and, op_or, op_div, op_mix, op_neg, op_avg, op_pop, op_sel };
	size_t prog_len = 4096, reps = quick ? 20 : 40000;
	uint8_t *prog = malloc(prog_len);
	uint32_t *arg = malloc(prog_len * sizeof *arg);
	if (!prog || !arg)
		return 1;
	uint64_t seed = 17;
	for (size_t i = 0; i < prog_len; i++) {
		uint64_t r = bench_rand(&seed);
		prog[i] = (uint8_t)(r & 15);
		arg[i] = (uint32_t)(r >> 32);
	}
	uint32_t acc = 1;
	for (size_t r = 0; r < reps; r++)
		for (size_t i = 0; i < prog_len; i++)
			acc = table[prog[i]](acc, arg[i] ^ (uint32_t)r);
	printf("indirect: calls=%zu acc=%08x\n", reps * prog_len, acc);
	free(prog);
	free(arg);
	return 0;
}
