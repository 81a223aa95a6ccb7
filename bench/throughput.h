/* bench/throughput.h: what the throughput tools (frontend_throughput.c,
 * wast_read_throughput.c) share: the clock, a whole file in memory, and
 * the median of a run's times. */
#ifndef NACRE_BENCH_THROUGHPUT_H
#define NACRE_BENCH_THROUGHPUT_H

#include <stddef.h>
#include <stdint.h>

/* Monotonic seconds. */
double bench_now(void);
/* The file's bytes (malloc'd, one spare byte at the end), or NULL. */
uint8_t *bench_slurp(const char *path, size_t *size);
/* The median of t[0..n), which it sorts. */
double bench_median(double *t, int n);

#endif
