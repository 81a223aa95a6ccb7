/* bench/programs/ptrchase.c: follows a linked list laid out as one random
 * cycle (Sattolo's shuffle) through a large array of nodes; every load
 * depends on the last, so this measures load latency and pointer size. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct Node { struct Node *next; uint32_t value; } Node;

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t n = quick ? 4000 : (size_t)1 << 20, steps = quick ? 70000 : 10000000;
	Node *nodes = malloc(n * sizeof *nodes);
	uint32_t *order = malloc(n * sizeof *order);
	if (!nodes || !order)
		return 1;
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	uint64_t seed = 9;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = bench_rand(&seed) % i; /* j < i: one single cycle */
		uint32_t t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (size_t i = 0; i < n; i++) {
		nodes[order[i]].next = &nodes[order[(i + 1) % n]];
		nodes[i].value = (uint32_t)(i * 2654435761u);
	}
	Node *p = &nodes[0];
	uint32_t sum = 0;
	for (size_t s = 0; s < steps; s++) {
		sum += p->value;
		p = p->next;
	}
	printf("ptrchase: n=%zu steps=%zu end=%zu sum=%08x\n", n, steps, (size_t)(p - nodes), sum);
	free(nodes);
	free(order);
	return 0;
}
