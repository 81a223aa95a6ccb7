/* tests/wasi/programs/proc.c: proc_exit, proc_raise and the exit status
 * of main's return.  run-wasi runs it as
 *   proc exit N      writes "before exit\n", then proc_exit(N)
 *   proc return N    returns N from main (wasi-libc calls proc_exit)
 *   proc raise       proc_raise with a bad signal is EINVAL; then
 *                    proc_raise(ABRT) must end the program (status 134)
 * and checks the status and that nothing after the exit is printed.
 */
#include <stdlib.h>

#include "check.h"

/* wasi-libc's <wasi/api.h> of this vintage lacks proc_raise. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
extern uint16_t raw_proc_raise(uint8_t sig);

enum { SIGNAL_ABRT = 6 };

int main(int argc, char **argv)
{
	if (argc != 3 && !(argc == 2 && strcmp(argv[1], "raise") == 0)) {
		printf("usage: proc exit N | proc return N | proc raise\n");
		return 100;
	}
	if (strcmp(argv[1], "exit") == 0) {
		write_all(1, "before exit\n");
		__wasi_proc_exit((__wasi_exitcode_t)atoi(argv[2]));
	}
	if (strcmp(argv[1], "return") == 0) {
		printf("before return\n");
		return atoi(argv[2]);
	}
	if (strcmp(argv[1], "raise") == 0) {
		expect_errno("proc_raise(200) is EINVAL", raw_proc_raise(200), __WASI_ERRNO_INVAL);
		fflush(stdout);
		write_all(1, "raising ABRT\n");
		raw_proc_raise(SIGNAL_ABRT);
	}
	write_all(1, "after exit\n");
	return 101;
}
