/* runtime-lib/sys/sys.h: the operating-system layer, the only way the rest
 * of the runtime reaches the OS: address space, the heap, the fault
 * handler and its alternate stack, stack bounds, loading shared objects and
 * text formatting.  libc.c implements it on libc; a raw-syscall version for
 * freestanding executables comes later and must keep these contracts.
 */
#ifndef NACRE_RT_SYS_H
#define NACRE_RT_SYS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Non-local exits for trap delivery.  The signal mask is not saved: traps
 * never jump out of a signal handler (see rt_sys_fault_install). */
#include <setjmp.h>
typedef sigjmp_buf RtSysJump;
#define rt_sys_setjmp(j) sigsetjmp((j), 0)
#define rt_sys_longjmp(j) siglongjmp((j), 1)

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

#endif
