/* runtime-lib/sys/sys.h: the operating-system layer, the only way the rest
 * of the runtime reaches the OS: address space, the heap, the fault
 * handler and its alternate stack, stack bounds, loading shared objects and
 * text formatting, and the few services WASI needs.  libc.c implements it on
 * libc (embedding, tests); linux.c on raw system calls for freestanding
 * static executables (built with NACRE_SYS_FREESTANDING; see heap.c,
 * format.c, string.c, math.c and the per-architecture <arch>/ folder).
 */
#ifndef NACRE_RT_SYS_H
#define NACRE_RT_SYS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Non-local exits for trap delivery.  The signal mask is not saved: traps
 * never jump out of a signal handler (see rt_sys_fault_install).  The
 * freestanding build has its own, in <arch>/entry.S: callee-saved
 * registers, stack pointer and return address (32 slots fit every
 * architecture we target). */
#ifdef NACRE_SYS_FREESTANDING
typedef uint64_t RtSysJump[32];
__attribute__((returns_twice)) int rt_sys_jump_set(RtSysJump j);
__attribute__((noreturn)) void rt_sys_jump_to(RtSysJump j);
#define rt_sys_setjmp(j) rt_sys_jump_set(j)
#define rt_sys_longjmp(j) rt_sys_jump_to(j)
#else
#include <setjmp.h>
typedef sigjmp_buf RtSysJump;
#define rt_sys_setjmp(j) sigsetjmp((j), 0)
#define rt_sys_longjmp(j) siglongjmp((j), 1)
#endif

/* Per-thread state.  A freestanding executable is single-threaded and
 * sets up no thread pointer, so there it is a plain static. */
#ifdef NACRE_SYS_FREESTANDING
#define RT_THREAD_LOCAL
#else
#define RT_THREAD_LOCAL __thread
#endif

/* Address space.  reserve gives inaccessible, uncommitted space (NULL on
 * failure); commit makes [addr, addr+bytes) read/write and zero on first
 * touch; release returns a whole reservation.  Sizes are multiples of the
 * page size. */
size_t rt_sys_page_size(void);
void *rt_sys_reserve(size_t bytes);
bool rt_sys_commit(void *addr, size_t bytes);
void rt_sys_release(void *addr, size_t bytes);

/* The heap.  zalloc zero-fills; all return NULL on failure. */
void *rt_sys_alloc(size_t bytes);
void *rt_sys_zalloc(size_t bytes);
void *rt_sys_realloc(void *p, size_t bytes);
void rt_sys_free(void *p);

/* Memory faults (SIGSEGV, SIGBUS).  The handler is installed once per
 * process.  For each fault it asks is_trap(address, faulting instruction);
 * if so, it returns into raise(pc) on the interrupted thread's own stack,
 * as if the faulting instruction had called it (raise must not return),
 * so that no trap is ever delivered from inside the signal handler or on
 * the alternate stack.  Otherwise the fault goes on to the handler that
 * was installed before (or the default action: the process dies).
 * fault_stack gives the calling thread an alternate signal stack if it has
 * none, so that a fault on an exhausted stack still reaches the handler. */
typedef bool (*RtSysFaultFn)(uintptr_t addr, uintptr_t pc);
typedef void (*RtSysRaiseFn)(uintptr_t pc);
bool rt_sys_fault_install(RtSysFaultFn is_trap, RtSysRaiseFn raise);
bool rt_sys_fault_stack(void);

/* Lowest usable address of the calling thread's stack, or 0 if unknown. */
uintptr_t rt_sys_stack_low(void);

/* Shared objects.  open returns NULL and writes why into err. */
void *rt_sys_library_open(const char *path, char *err, size_t errlen);
void *rt_sys_library_symbol(void *lib, const char *name);
void rt_sys_library_close(void *lib);
/* Base address of the loaded object that holds code address pc, or 0. */
uintptr_t rt_sys_code_base(uintptr_t pc);

/* snprintf's contract for %s, %.*s, %u, %d, %x and %zu. */
int rt_sys_vformat(char *buf, size_t n, const char *fmt, va_list ap);

/* The one way out when no caller can be told (a trap with no entry to
 * unwind to): writes msg to the error stream and ends the process with
 * SIGABRT, as an uncaught fault would end it with SIGSEGV. */
__attribute__((noreturn)) void rt_sys_fatal(const char *msg);

/* ---- Services for the WASI shim.  Failures return a negative Linux
 * errno (libc.c converts errno to the same numbers). */
/* Writes up to n bytes; the count written, or -errno. */
long rt_sys_write(int fd, const void *buf, size_t n);
/* Whether fd is a terminal. */
bool rt_sys_isatty(int fd);
/* Clock ids are POSIX's: 0 realtime, 1 monotonic, 2 process CPU, 3 thread
 * CPU.  Nanoseconds, or -errno. */
int rt_sys_clock_time(uint32_t clock, uint64_t *ns);
int rt_sys_clock_res(uint32_t clock, uint64_t *ns);
/* Fills buf with n random bytes; 0 or -errno. */
int rt_sys_random(void *buf, size_t n);
/* Ends the process with status code, at once (WASI proc_exit, or the end
 * of a standalone executable). */
__attribute__((noreturn)) void rt_sys_exit(int code);

/* The freestanding entry point (<arch>/entry.S, then linux.c) calls this
 * with the process's arguments and environment and exits with its result;
 * a standalone executable's startup (wasi-shim/start.c) defines it. */
int nacre_main(int argc, char **argv, char **envp);

#endif
