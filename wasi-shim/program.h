/* wasi-shim/program.h: a standalone executable's start-up, what every
 * WASI version's shares (program.c): the grants its build recorded (the
 * `.note.nacre` the compiler links in) become the program's preopens and
 * environment; a fresh store gets the recorded memory limit, fuel and
 * timeout; the version's `run` then makes its instances and calls its
 * entry on a stack of the recorded size.  Exit statuses: what run
 * returns; EXIT_TRAP (134, as SIGABRT would) for a trap; EXIT_SETUP (70,
 * EX_SOFTWARE) when the program cannot be set up. */
#ifndef NACRE_WASI_PROGRAM_H
#define NACRE_WASI_PROGRAM_H

#include "wasi.h"

enum { WASI_EXIT_TRAP = 134, WASI_EXIT_SETUP = 70 };

/* The whole program: returns its exit status. */
int wasi_program_main(int argc, char **argv, char **envp, int (*run)(NacreStore *s, WasiCtx *w));
/* One line on stderr: a, then b. */
void wasi_program_say(const char *a, const char *b);
/* The exit status for how the entry's call ended (err from it). */
int wasi_program_status(NacreStatus st, const NacreError *err);

#endif
