/* tests/stack/interp.c: the stack an interpreter needs.  `interp N` runs
 * a function shaped like an interpreter's main loop (QuickJS's
 * JS_CallInternal, Lua's luaV_execute): a bytecode loop over a big switch
 * with many values live across it and a CALL opcode that re-enters it, N
 * calls deep.  `deep N` recurses N deep through a small function.  Each
 * prints a checksum, the same on every target and at every level. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long u64;

/* Thirty-two registers, each an opcode of its own that mixes it with the
 * next: every one is live across the whole switch. */
#define REGS(X) X(0, 1) X(1, 2) X(2, 3) X(3, 4) X(4, 5) X(5, 6) X(6, 7) X(7, 8) \
	 X(8, 9) X(9, 10) X(10, 11) X(11, 12) X(12, 13) X(13, 14) X(14, 15) X(15, 16) \
	 X(16, 17) X(17, 18) X(18, 19) X(19, 20) X(20, 21) X(21, 22) X(22, 23) X(23, 24) \
	 X(24, 25) X(25, 26) X(26, 27) X(27, 28) X(28, 29) X(29, 30) X(30, 31) X(31, 0)
#define DECLARE(i, j) u64 r##i = seed * (i + 3) + depth; double d##i = (double)(i + depth);
#define OPS(i, j) OP_ADD##i, OP_MUL##i, OP_MIX##i, OP_DIV##i, OP_ROT##i, OP_SEL##i,
#define CASES(i, j)                                                                 \
	case OP_ADD##i: r##i += r##j ^ (u64)i; d##i += (double)(r##i & 255); break;     \
	case OP_MUL##i: r##i = r##i * 0x9e3779b97f4a7c15ull + r##j; d##i *= 0.5; break; \
	case OP_MIX##i: r##i ^= r##i >> (i % 32 + 7); d##i = d##i - d##j / 3.0; break;    \
	case OP_DIV##i: r##i = r##j / (r##i | 1) + r##i % 7; d##i += d##j * 0.25; break; \
	case OP_ROT##i: r##i = (r##i << 13 | r##i >> 51) - r##j; d##i -= 1.5; break;      \
	case OP_SEL##i: r##i = r##i > r##j ? r##i - r##j : r##j - r##i; d##i = -d##i; break;
#define SUM(i, j) + r##i + (u64)(long long)d##i

enum { REGS(OPS) OP_CALL, OP_RET };

static const unsigned char program[] = {
	OP_ADD0, OP_MUL3, OP_MIX5, OP_ADD7, OP_MUL9, OP_MIX11, OP_ADD13, OP_MUL15,
	OP_CALL,
	OP_MIX1, OP_ADD2, OP_MUL4, OP_MIX6, OP_ADD8, OP_MUL10, OP_MIX12, OP_ADD14,
	OP_ADD1, OP_MUL2, OP_MIX3, OP_ADD4, OP_MUL5, OP_MIX7, OP_ADD6, OP_MUL8,
	OP_MIX9, OP_ADD10, OP_MUL11, OP_MIX13, OP_ADD12, OP_MUL14, OP_MIX15, OP_MIX0,
	OP_DIV16, OP_ROT17, OP_SEL18, OP_DIV19, OP_ROT20, OP_SEL21, OP_DIV22, OP_ROT23,
	OP_SEL24, OP_DIV25, OP_ROT26, OP_SEL27, OP_DIV28, OP_ROT29, OP_SEL30, OP_DIV31,
	OP_RET,
};

static volatile int budget = 1 << 30; /* opaque to the optimiser */

__attribute__((noinline)) static u64 interp(const unsigned char *pc, u64 seed, int depth)
{
	REGS(DECLARE)
	for (;;) {
		if (--budget < 0)
			return 0;
		switch (*pc++) {
		REGS(CASES)
		case OP_CALL:
			if (depth > 1)
				r0 += interp(program, r1 ^ r2, depth - 1);
			break;
		case OP_RET:
			return 0 REGS(SUM);
		}
	}
}

static volatile u64 sink;

__attribute__((noinline)) static u64 deep(u64 n)
{
	if (n == 0)
		return 0;
	u64 r = deep(n - 1);
	sink = r; /* keeps the call from becoming a loop */
	return r + n;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return fprintf(stderr, "usage: interp interp|deep N\n"), 2;
	int n = atoi(argv[2]);
	if (strcmp(argv[1], "interp") == 0)
		printf("interp %d: %llu\n", n, interp(program, 1, n));
	else
		printf("deep %d: %llu\n", n, deep((u64)n));
	return 0;
}
