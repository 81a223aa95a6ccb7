/* bench/programs/tailcall.c: an interpreter whose dispatch is tail
 * calls: every opcode is a small function that does its work and then
 * tail-calls the next opcode's handler through a table (musttail, which
 * clang turns into return_call_indirect for Wasm with -mtail-call, and
 * into an indirect jump natively), the shape of fast interpreters that
 * keep their state in arguments (registers) instead of a switch loop.
 * The programs: a Collatz-chain search, a prime count by trial division
 * and an integer hash loop.  Without real tail calls it would overflow
 * any stack within a second.
 * WASM_FLAGS: -mtail-call
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct Instr Instr;
/* the machine: code, four registers in arguments, and a small memory */
typedef uint64_t Handler(const Instr *ip, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t *mem);
struct Instr {
	Handler *op;
	int32_t x;                   /* a constant, or a relative jump */
};

#define NEXT(ip) __attribute__((musttail)) return (ip)->op((ip), a, b, c, d, mem)
#define HANDLER(name) static uint64_t name(const Instr *ip, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t *mem)
#define JUMP_IF(cond) ip += (cond) ? ip->x : 1; NEXT(ip)

HANDLER(op_halt) { (void)ip; (void)b; (void)d; (void)mem; return a + c; }
HANDLER(op_seta) { a = (uint64_t)ip->x; ip++; NEXT(ip); }
HANDLER(op_setb) { b = (uint64_t)ip->x; ip++; NEXT(ip); }
HANDLER(op_setc) { c = (uint64_t)ip->x; ip++; NEXT(ip); }
HANDLER(op_inca) { a += (uint64_t)ip->x; ip++; NEXT(ip); }
HANDLER(op_incb) { b += (uint64_t)ip->x; ip++; NEXT(ip); }
HANDLER(op_incc) { c += (uint64_t)ip->x; ip++; NEXT(ip); }
HANDLER(op_movcb) { c = b; ip++; NEXT(ip); }
HANDLER(op_half) { c >>= 1; ip++; NEXT(ip); }
HANDLER(op_triple) { c = 3 * c + 1; ip++; NEXT(ip); }
HANDLER(op_mix) { c = (c ^ b) * 0x9e3779b97f4a7c15ull; c ^= c >> 29; ip++; NEXT(ip); }
HANDLER(op_store) { mem[b & 255] += c; ip++; NEXT(ip); }
HANDLER(op_jmp) { ip += ip->x; NEXT(ip); }
HANDLER(op_jc_gt1) { JUMP_IF(c > 1); }
HANDLER(op_jc_odd) { JUMP_IF(c & 1); }
HANDLER(op_jb_sq_le_c) { JUMP_IF(b * b <= c); }
HANDLER(op_jc_div_b) { JUMP_IF(c % b == 0); }
HANDLER(op_jb_lt_d) { JUMP_IF(b < d); }
HANDLER(op_jc_lt_d) { JUMP_IF(c < d); }

/* the lengths of the Collatz chains of 1 .. d-1, summed in a */
static const Instr collatz[] = {
	/* 0 */ { op_seta, 0 }, { op_setb, 1 },
	/* 2: next b */ { op_movcb, 0 },
	/* 3: step */ { op_jc_gt1, 2 }, { op_jmp, 7 },
	/* 5 */ { op_jc_odd, 3 }, { op_half, 0 }, { op_jmp, 2 }, { op_triple, 0 },
	/* 9 */ { op_inca, 1 }, { op_jmp, -7 },
	/* 11: chain done */ { op_incb, 1 }, { op_jb_lt_d, -10 }, { op_halt, 0 },
};

/* the primes in 2 .. d-1, by trial division, counted in a */
static const Instr primes[] = {
	/* 0 */ { op_seta, 0 }, { op_setc, 2 },
	/* 2: next c */ { op_setb, 2 },
	/* 3 */ { op_jb_sq_le_c, 2 }, { op_jmp, 4 },
	/* 5 */ { op_jc_div_b, 4 }, { op_incb, 1 }, { op_jmp, -4 },
	/* 8: prime */ { op_inca, 1 },
	/* 9 */ { op_incc, 1 }, { op_jc_lt_d, -8 }, { op_halt, 0 },
};

/* d rounds of a hash, each added into the memory */
static const Instr hash[] = {
	/* 0 */ { op_setb, 0 }, { op_setc, 1 },
	/* 2 */ { op_mix, 0 }, { op_store, 0 }, { op_incb, 1 }, { op_jb_lt_d, -3 }, { op_halt, 0 },
};

static uint64_t run(const Instr *code, uint64_t d, uint64_t *mem)
{
	return code->op(code, 0, 0, 0, d, mem);
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	uint64_t mem[256] = { 0 };
	uint32_t h = 2166136261u;
	h = bench_mix(h, (uint32_t)run(collatz, quick ? 3000 : 300000, mem));
	h = bench_mix(h, (uint32_t)run(primes, quick ? 3000 : 2000000, mem));
	h = bench_mix(h, (uint32_t)run(hash, quick ? 3000 : 20000000, mem));
	for (int i = 0; i < 256; i++)
		h = bench_mix(h, (uint32_t)mem[i]);
	printf("checksum %08x\n", h);
	return 0;
}
