/* bench/programs/hashtable.c: an open-addressing hash table (linear
 * probing, backward-shift deletion) of 64-bit keys: inserts, hits, misses
 * and deletes; unpredictable loads and branches. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct { uint64_t key; uint64_t value; } Slot; /* key 0 = empty */
typedef struct { Slot *slots; size_t mask; size_t count; } Table;

static size_t hash(uint64_t k) { return (size_t)((k * 0x9e3779b97f4a7c15ull) >> 20); }

static Slot *find(Table *t, uint64_t key)
{
	for (size_t i = hash(key) & t->mask;; i = (i + 1) & t->mask)
		if (t->slots[i].key == key || t->slots[i].key == 0)
			return &t->slots[i];
}

static void put(Table *t, uint64_t key, uint64_t value)
{
	Slot *s = find(t, key);
	if (s->key == 0)
		t->count++;
	s->key = key;
	s->value = value;
}

static void del(Table *t, uint64_t key)
{
	Slot *s = find(t, key);
	if (s->key == 0)
		return;
	size_t i = (size_t)(s - t->slots);
	/* Shift later members of the run back so that no probe breaks. */
	for (size_t j = (i + 1) & t->mask; t->slots[j].key; j = (j + 1) & t->mask) {
		size_t home = hash(t->slots[j].key) & t->mask;
		if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i].key = 0;
	t->count--;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t n = quick ? 20000 : 1500000, cap = 1;
	while (cap < n * 2)
		cap <<= 1;
	Table t = { calloc(cap, sizeof(Slot)), cap - 1, 0 };
	if (!t.slots)
		return 1;
	uint64_t seed = 11, sum = 0, hits = 0;
	for (int round = 0; round < 4; round++) {
		uint64_t s = seed;
		for (size_t i = 0; i < n; i++)
			put(&t, bench_rand(&s) | 1, i);
		s = seed;
		for (size_t i = 0; i < n; i++) {
			uint64_t k = bench_rand(&s) | 1;
			Slot *hit = find(&t, k), *miss = find(&t, k ^ 2);
			hits += hit->key == k;
			sum += hit->value + (miss->key != 0);
		}
		s = seed;
		for (size_t i = 0; i < n; i++) {
			uint64_t k = bench_rand(&s) | 1;
			if (i % 3 != 0)
				del(&t, k);
		}
		seed += 1000;
	}
	printf("hashtable: count=%zu hits=%llu sum=%llu\n", t.count, (unsigned long long)hits,
	       (unsigned long long)sum);
	free(t.slots);
	return 0;
}
