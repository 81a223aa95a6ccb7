/* bench/programs/interp.c: the larger interpreter-like program: a
 * bytecode stack machine (36 opcodes, 27 of them used by the programs;
 * one switch dispatch loop, calls and returns with frames and locals, a
 * word-addressed heap), a small assembler with labels, and five programs
 * written for it: recursive Fibonacci, a sieve, a recursive quicksort
 * checked by a scan, Collatz chains and an integer matrix multiply.  The
 * shape of script engines and emulators: one big function whose switch
 * (a br_table in Wasm) jumps between short cases that load and store a
 * stack in memory. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* name, operand words */
#define OPCODES(X) \
	X(HALT, 0) X(PUSH, 1) X(POP, 0) X(DUP, 0) X(SWAP, 0) X(OVER, 0) \
	X(GET, 1) X(SET, 1) X(TEE, 1) X(INC, 2) \
	X(ADD, 0) X(SUB, 0) X(MUL, 0) X(DIV, 0) X(REM, 0) X(AND, 0) X(OR, 0) X(XOR, 0) \
	X(SHL, 0) X(SHR, 0) X(NEG, 0) X(EQZ, 0) \
	X(LT, 0) X(LE, 0) X(GT, 0) X(GE, 0) X(EQ, 0) X(NE, 0) \
	X(JMP, 1) X(JZ, 1) X(JNZ, 1) X(CALL, 2) X(RET, 0) X(ENTER, 1) \
	X(LOAD, 0) X(STORE, 0)

enum {
#define X(name, operands) OP_##name,
	OPCODES(X)
#undef X
	OP_COUNT
};

static const uint8_t operand_words[OP_COUNT] = {
#define X(name, operands) operands,
	OPCODES(X)
#undef X
};

#define CODE_WORDS 4096
#define LABELS 256
#define STACK_WORDS 8192
#define FRAMES 1024
#define HEAP_WORDS (1 << 20)
/* Room on the stack for one function's expression temporaries, so
 * that only ENTER and CALL check for overflow. */
#define EXPR_WORDS 32

/* ---- the assembler ---- */

typedef struct {
	int32_t code[CODE_WORDS];
	int len, failed;
	int32_t label_at[LABELS];
	int labels;
	int fix_at[LABELS * 4], fix_label[LABELS * 4], fixes;
} Asm;

static int label(Asm *a)
{
	if (a->labels == LABELS) {
		a->failed = 1;
		return 0;
	}
	a->label_at[a->labels] = -1;
	return a->labels++;
}

static void bind(Asm *a, int l)
{
	a->label_at[l] = a->len;
}

static void word(Asm *a, int32_t w)
{
	if (a->len == CODE_WORDS)
		a->failed = 1;
	else
		a->code[a->len++] = w;
}

/* An operand that names a label, patched by resolve(). */
static void label_ref(Asm *a, int l)
{
	if (a->fixes == LABELS * 4) {
		a->failed = 1;
		return;
	}
	a->fix_at[a->fixes] = a->len;
	a->fix_label[a->fixes++] = l;
	word(a, 0);
}

static int resolve(Asm *a)
{
	for (int i = 0; i < a->fixes; i++) {
		int32_t at = a->label_at[a->fix_label[i]];
		if (at < 0)
			return 0;
		a->code[a->fix_at[i]] = at;
	}
	return !a->failed;
}

/* Terse emitters: the programs below read as assembly. */
#define O(op) word(a, OP_##op)
#define O1(op, x) (word(a, OP_##op), word(a, (x)))
#define O2(op, x, y) (word(a, OP_##op), word(a, (x)), word(a, (y)))
#define J(op, l) (word(a, OP_##op), label_ref(a, (l)))
#define CALL(l, nargs) (word(a, OP_CALL), label_ref(a, (l)), word(a, (nargs)))

/* ---- the machine ---- */

typedef struct {
	int32_t ret, fp;
} Frame;

typedef struct {
	const int32_t *code;
	int32_t stack[STACK_WORDS];
	Frame frames[FRAMES];
	int32_t *heap;
	uint64_t steps;
} Vm;

enum { VM_OK, VM_BAD_OPCODE, VM_STACK_OVERFLOW, VM_CALL_DEPTH };

#define HEAP(addr) vm->heap[(uint32_t)(addr) & (HEAP_WORDS - 1)]

/* Binary operators: a op b with a below b on the stack, the result
 * replacing both; arithmetic wraps, as in Wasm's i32. */
#define BINOP(expr) do { uint32_t b = (uint32_t)s[--sp], a = (uint32_t)s[sp - 1]; s[sp - 1] = (int32_t)(expr); } while (0)
#define CMPOP(op) do { int32_t b = s[--sp], a = s[sp - 1]; s[sp - 1] = a op b; } while (0)

static int32_t divide(int32_t a, int32_t b, int rem)
{
	if (b == 0 || (b == -1 && a == INT32_MIN))
		return rem ? 0 : a;
	return rem ? a % b : a / b;
}

/* Calls the function at `entry` with `args`; code word 0 is HALT, where
 * its return lands.  *result is what it returned. */
static int vm_call(Vm *vm, int32_t entry, const int32_t *args, int nargs, int32_t *result)
{
	const int32_t *code = vm->code;
	int32_t *s = vm->stack;
	int32_t pc = entry, sp = 0, fp = 0, nf = 1;
	uint64_t steps = 0;
	for (int i = 0; i < nargs; i++)
		s[sp++] = args[i];
	vm->frames[0] = (Frame){ 0, 0 };
	for (;;) {
		int32_t op = code[pc++];
		steps++;
		switch (op) {
		case OP_HALT: vm->steps += steps; *result = s[sp - 1]; return VM_OK;
		case OP_PUSH: s[sp++] = code[pc++]; break;
		case OP_POP: sp--; break;
		case OP_DUP: s[sp] = s[sp - 1]; sp++; break;
		case OP_SWAP: { int32_t t = s[sp - 1]; s[sp - 1] = s[sp - 2]; s[sp - 2] = t; break; }
		case OP_OVER: s[sp] = s[sp - 2]; sp++; break;
		case OP_GET: s[sp++] = s[fp + code[pc++]]; break;
		case OP_SET: s[fp + code[pc++]] = s[--sp]; break;
		case OP_TEE: s[fp + code[pc++]] = s[sp - 1]; break;
		case OP_INC: s[fp + code[pc]] = (int32_t)((uint32_t)s[fp + code[pc]] + (uint32_t)code[pc + 1]); pc += 2; break;
		case OP_ADD: BINOP(a + b); break;
		case OP_SUB: BINOP(a - b); break;
		case OP_MUL: BINOP(a * b); break;
		case OP_DIV: BINOP(divide((int32_t)a, (int32_t)b, 0)); break;
		case OP_REM: BINOP(divide((int32_t)a, (int32_t)b, 1)); break;
		case OP_AND: BINOP(a & b); break;
		case OP_OR: BINOP(a | b); break;
		case OP_XOR: BINOP(a ^ b); break;
		case OP_SHL: BINOP(a << (b & 31)); break;
		case OP_SHR: BINOP(a >> (b & 31)); break;
		case OP_NEG: s[sp - 1] = (int32_t)(0u - (uint32_t)s[sp - 1]); break;
		case OP_EQZ: s[sp - 1] = s[sp - 1] == 0; break;
		case OP_LT: CMPOP(<); break;
		case OP_LE: CMPOP(<=); break;
		case OP_GT: CMPOP(>); break;
		case OP_GE: CMPOP(>=); break;
		case OP_EQ: CMPOP(==); break;
		case OP_NE: CMPOP(!=); break;
		case OP_JMP: pc = code[pc]; break;
		case OP_JZ: pc = s[--sp] == 0 ? code[pc] : pc + 1; break;
		case OP_JNZ: pc = s[--sp] != 0 ? code[pc] : pc + 1; break;
		case OP_CALL:
			if (nf == FRAMES)
				return VM_CALL_DEPTH;
			vm->frames[nf++] = (Frame){ pc + 2, fp };
			fp = sp - code[pc + 1];
			pc = code[pc];
			break;
		case OP_RET: {
			int32_t v = s[sp - 1];
			Frame f = vm->frames[--nf];
			sp = fp;
			s[sp++] = v;
			fp = f.fp;
			pc = f.ret;
			break;
		}
		case OP_ENTER:
			if (sp + code[pc] + EXPR_WORDS > STACK_WORDS)
				return VM_STACK_OVERFLOW;
			for (int32_t i = 0; i < code[pc]; i++)
				s[sp++] = 0;
			pc++;
			break;
		case OP_LOAD: s[sp - 1] = HEAP(s[sp - 1]); break;
		case OP_STORE: HEAP(s[sp - 2]) = s[sp - 1]; sp -= 2; break; /* addr value STORE */
		default: return VM_BAD_OPCODE;
		}
	}
}

/* Every instruction with its operands inside the code, every jump and
 * call target an instruction start: what vm_call may assume. */
static int verify(const int32_t *code, int len)
{
	uint8_t *start = calloc((size_t)len, 1);
	if (!start)
		return 0;
	int ok = 1, pc = 0;
	while (pc < len && ok) {
		ok = code[pc] >= 0 && code[pc] < OP_COUNT && pc + operand_words[code[pc]] < len;
		start[pc] = 1;
		pc += ok ? 1 + operand_words[code[pc]] : 0;
	}
	for (pc = 0; pc < len && ok; pc += 1 + operand_words[code[pc]]) {
		int op = code[pc];
		if (op == OP_JMP || op == OP_JZ || op == OP_JNZ || op == OP_CALL)
			ok = code[pc + 1] >= 0 && code[pc + 1] < len && start[code[pc + 1]];
	}
	free(start);
	return ok;
}

/* ---- the programs ---- */

/* fib(n): doubly recursive. */
static void prog_fib(Asm *a, int fib)
{
	int rec = label(a);
	bind(a, fib);
	O1(ENTER, 0);
	O1(GET, 0); O1(PUSH, 2); O(LT); J(JZ, rec);
	O1(GET, 0); O(RET);
	bind(a, rec);
	O1(GET, 0); O1(PUSH, 1); O(SUB); CALL(fib, 1);
	O1(GET, 0); O1(PUSH, 2); O(SUB); CALL(fib, 1);
	O(ADD); O(RET);
}

/* sieve(n): the primes below n, flags in heap[0, n). */
static void prog_sieve(Asm *a, int sieve)
{
	enum { N, I, J_, COUNT };
	int fill = label(a), fill_end = label(a), outer = label(a), outer_end = label(a);
	int inner = label(a), next = label(a), count = label(a), done = label(a);
	bind(a, sieve);
	O1(ENTER, 3);
	O1(PUSH, 0); O1(SET, I);
	bind(a, fill);
	O1(GET, I); O1(GET, N); O(LT); J(JZ, fill_end);
	O1(GET, I); O1(PUSH, 1); O(STORE);
	O2(INC, I, 1); J(JMP, fill);
	bind(a, fill_end);
	O1(PUSH, 2); O1(SET, I);
	bind(a, outer);
	O1(GET, I); O(DUP); O(MUL); O1(GET, N); O(LT); J(JZ, outer_end);
	O1(GET, I); O(LOAD); J(JZ, next);
	O1(GET, I); O(DUP); O(MUL); O1(SET, J_);
	bind(a, inner);
	O1(GET, J_); O1(GET, N); O(LT); J(JZ, next);
	O1(GET, J_); O1(PUSH, 0); O(STORE);
	O1(GET, J_); O1(GET, I); O(ADD); O1(SET, J_); J(JMP, inner);
	bind(a, next);
	O2(INC, I, 1); J(JMP, outer);
	bind(a, outer_end);
	O1(PUSH, 2); O1(SET, I);
	bind(a, count);
	O1(GET, I); O1(GET, N); O(LT); J(JZ, done);
	O1(GET, COUNT); O1(GET, I); O(LOAD); O(ADD); O1(SET, COUNT);
	O2(INC, I, 1); J(JMP, count);
	bind(a, done);
	O1(GET, COUNT); O(RET);
}

/* qsort(lo, hi): Lomuto partition of heap[lo, hi], recursing on both
 * sides. */
static void prog_qsort(Asm *a, int qs)
{
	enum { LO, HI, PIVOT, I, J_, T };
	int done = label(a), scan = label(a), scan_end = label(a), skip = label(a);
	bind(a, qs);
	O1(ENTER, 4);
	O1(GET, LO); O1(GET, HI); O(LT); J(JZ, done);
	O1(GET, HI); O(LOAD); O1(SET, PIVOT);
	O1(GET, LO); O(DUP); O1(SET, I); O1(SET, J_);
	bind(a, scan);
	O1(GET, J_); O1(GET, HI); O(LT); J(JZ, scan_end);
	O1(GET, J_); O(LOAD); O1(GET, PIVOT); O(LT); J(JZ, skip);
	O1(GET, I); O(LOAD); O1(SET, T);
	O1(GET, I); O1(GET, J_); O(LOAD); O(STORE);
	O1(GET, J_); O1(GET, T); O(STORE);
	O2(INC, I, 1);
	bind(a, skip);
	O2(INC, J_, 1); J(JMP, scan);
	bind(a, scan_end);
	O1(GET, I); O(LOAD); O1(SET, T);
	O1(GET, I); O1(GET, HI); O(LOAD); O(STORE);
	O1(GET, HI); O1(GET, T); O(STORE);
	O1(GET, LO); O1(GET, I); O1(PUSH, 1); O(SUB); CALL(qs, 2); O(POP);
	O1(GET, I); O1(PUSH, 1); O(ADD); O1(GET, HI); CALL(qs, 2); O(POP);
	bind(a, done);
	O1(PUSH, 0); O(RET);
}

/* sort(n, seed): n LCG values into heap[0, n), qsort, then a hash of
 * the result with the count of out-of-order pairs in its top bits. */
static void prog_sort(Asm *a, int sort, int qs)
{
	enum { N, SEED, I, H, BAD };
	int fill = label(a), fill_end = label(a), check = label(a), done = label(a);
	bind(a, sort);
	O1(ENTER, 3);
	bind(a, fill);
	O1(GET, I); O1(GET, N); O(LT); J(JZ, fill_end);
	O1(GET, SEED); O1(PUSH, 1103515245); O(MUL); O1(PUSH, 12345); O(ADD); O1(TEE, SEED);
	O1(PUSH, 8); O(SHR); O1(PUSH, 0xffff); O(AND);
	O1(GET, I); O(SWAP); O(STORE);
	O2(INC, I, 1); J(JMP, fill);
	bind(a, fill_end);
	O1(PUSH, 0); O1(GET, N); O1(PUSH, 1); O(SUB); CALL(qs, 2); O(POP);
	O1(PUSH, 1); O1(SET, I);
	bind(a, check);
	O1(GET, I); O1(GET, N); O(LT); J(JZ, done);
	O1(GET, H); O1(PUSH, 31); O(MUL); O1(GET, I); O(LOAD); O(ADD); O1(SET, H);
	O1(GET, I); O1(PUSH, 1); O(SUB); O(LOAD); O1(GET, I); O(LOAD); O(GT);
	O1(GET, BAD); O(ADD); O1(SET, BAD);
	O2(INC, I, 1); J(JMP, check);
	bind(a, done);
	O1(GET, H); O1(GET, BAD); O1(PUSH, 24); O(SHL); O(XOR); O(RET);
}

/* collatz(n): the total number of steps of the chains from 1 to n - 1
 * (below 100000 no chain leaves the int32 range). */
static void prog_collatz(Asm *a, int collatz)
{
	enum { N, I, X, TOTAL };
	int outer = label(a), outer_end = label(a), chain = label(a), chain_end = label(a);
	int even = label(a), step = label(a);
	bind(a, collatz);
	O1(ENTER, 3);
	O1(PUSH, 1); O1(SET, I);
	bind(a, outer);
	O1(GET, I); O1(GET, N); O(LT); J(JZ, outer_end);
	O1(GET, I); O1(SET, X);
	bind(a, chain);
	O1(GET, X); O1(PUSH, 1); O(NE); J(JZ, chain_end);
	O1(GET, X); O1(PUSH, 1); O(AND); J(JZ, even);
	O1(GET, X); O1(PUSH, 3); O(MUL); O1(PUSH, 1); O(ADD); O1(SET, X); J(JMP, step);
	bind(a, even);
	O1(GET, X); O1(PUSH, 1); O(SHR); O1(SET, X);
	bind(a, step);
	O2(INC, TOTAL, 1); J(JMP, chain);
	bind(a, chain_end);
	O2(INC, I, 1); J(JMP, outer);
	bind(a, outer_end);
	O1(GET, TOTAL); O(RET);
}

/* matmul(n): C = A B for n x n matrices of small integers at heap
 * offsets 0, n^2 and 2n^2; returns a polynomial hash of C. */
static void prog_matmul(Asm *a, int mm)
{
	enum { N, I, J_, K, S, NN, TOTAL };
	int fill = label(a), fill_end = label(a), li = label(a), li_end = label(a);
	int lj = label(a), lj_end = label(a), lk = label(a), lk_end = label(a);
	bind(a, mm);
	O1(ENTER, 6);
	O1(GET, N); O1(GET, N); O(MUL); O1(SET, NN);
	bind(a, fill);
	O1(GET, I); O1(GET, NN); O(LT); J(JZ, fill_end);
	O1(GET, I); O1(GET, I); O1(PUSH, 7); O(MUL); O1(PUSH, 13); O(REM); O1(PUSH, 6); O(SUB); O(STORE);
	O1(GET, I); O1(GET, NN); O(ADD);
	O1(GET, I); O1(PUSH, 5); O(MUL); O1(PUSH, 11); O(REM); O1(PUSH, 5); O(SUB); O(STORE);
	O2(INC, I, 1); J(JMP, fill);
	bind(a, fill_end);
	O1(PUSH, 0); O1(SET, I);
	bind(a, li);
	O1(GET, I); O1(GET, N); O(LT); J(JZ, li_end);
	O1(PUSH, 0); O1(SET, J_);
	bind(a, lj);
	O1(GET, J_); O1(GET, N); O(LT); J(JZ, lj_end);
	O1(PUSH, 0); O1(SET, S); O1(PUSH, 0); O1(SET, K);
	bind(a, lk);
	O1(GET, K); O1(GET, N); O(LT); J(JZ, lk_end);
	O1(GET, S);
	O1(GET, I); O1(GET, N); O(MUL); O1(GET, K); O(ADD); O(LOAD);
	O1(GET, K); O1(GET, N); O(MUL); O1(GET, J_); O(ADD); O1(GET, NN); O(ADD); O(LOAD);
	O(MUL); O(ADD); O1(SET, S);
	O2(INC, K, 1); J(JMP, lk);
	bind(a, lk_end);
	O1(GET, I); O1(GET, N); O(MUL); O1(GET, J_); O(ADD); O1(GET, NN); O(DUP); O(ADD); O(ADD);
	O1(GET, S); O(STORE);
	O1(GET, TOTAL); O1(PUSH, 31); O(MUL); O1(GET, S); O(ADD); O1(SET, TOTAL);
	O2(INC, J_, 1); J(JMP, lj);
	bind(a, lj_end);
	O2(INC, I, 1); J(JMP, li);
	bind(a, li_end);
	O1(GET, TOTAL); O(RET);
}

enum { P_FIB, P_SIEVE, P_SORT, P_COLLATZ, P_MATMUL, PROGRAMS };

typedef struct {
	const char *name;
	int32_t args[2], quick_args[2];
	int nargs, vary; /* args[vary] += the repetition, if vary >= 0 */
} Program;

static const Program programs[PROGRAMS] = {
	[P_FIB] = { "fib", { 31 }, { 15 }, 1, -1 },
	[P_SIEVE] = { "sieve", { 1000000 }, { 20000 }, 1, 0 },
	[P_SORT] = { "sort", { 100000, 42 }, { 3000, 42 }, 2, 1 },
	[P_COLLATZ] = { "collatz", { 30000 }, { 2000 }, 1, 0 },
	[P_MATMUL] = { "matmul", { 120 }, { 16 }, 1, -1 },
};

/* Assembles every program; entry[p] is where program p starts. */
static int assemble(Asm *a, int32_t *entry)
{
	int l[PROGRAMS], qs;
	O(HALT); /* word 0: where the outermost return lands */
	for (int p = 0; p < PROGRAMS; p++)
		l[p] = label(a);
	qs = label(a);
	prog_fib(a, l[P_FIB]);
	prog_sieve(a, l[P_SIEVE]);
	prog_qsort(a, qs);
	prog_sort(a, l[P_SORT], qs);
	prog_collatz(a, l[P_COLLATZ]);
	prog_matmul(a, l[P_MATMUL]);
	if (!resolve(a) || !verify(a->code, a->len))
		return 0;
	for (int p = 0; p < PROGRAMS; p++)
		entry[p] = a->label_at[l[p]];
	return 1;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	int reps = quick ? 1 : 2;
	Asm *a = calloc(1, sizeof *a);
	Vm *vm = calloc(1, sizeof *vm);
	int32_t entry[PROGRAMS];
	if (!a || !vm || !(vm->heap = calloc(HEAP_WORDS, sizeof *vm->heap)))
		return 1;
	if (!assemble(a, entry)) {
		fprintf(stderr, "interp: assembly failed\n");
		return 1;
	}
	vm->code = a->code;
	uint32_t mix = 2166136261u;
	for (int r = 0; r < reps; r++)
		for (int p = 0; p < PROGRAMS; p++) {
			const Program *pr = &programs[p];
			int32_t result, args[2];
			for (int i = 0; i < pr->nargs; i++)
				args[i] = (quick ? pr->quick_args : pr->args)[i] + (i == pr->vary ? r : 0);
			int err = vm_call(vm, entry[p], args, pr->nargs, &result);
			if (err != VM_OK) {
				fprintf(stderr, "interp: %s: error %d\n", pr->name, err);
				return 1;
			}
			mix = bench_mix(mix, (uint32_t)result);
		}
	printf("interp: code=%d words steps=%llu checksum=%08x\n", a->len, (unsigned long long)vm->steps, mix);
	free(vm->heap);
	free(vm);
	free(a);
	return 0;
}
