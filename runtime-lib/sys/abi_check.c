/* runtime-lib/sys/abi_check.c: compile-time proof that <arch>/arch.h
 * agrees with the C library's own headers: system call numbers, the open
 * flags that differ, and the signal frame (the checks at the end of each
 * arch.h); and that this target's C lays out the structs generated code
 * shares with the runtime as abi.h's field lists say.  Built into the
 * libc runtime of every target, so a wrong number or layout breaks the
 * build rather than a program.  It generates no code.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>

#define NACRE_RT_ARCH_CHECK
#include "arch.h"
#include "nacre/abi.h"

#define SAME(ours, theirs) _Static_assert((ours) == (theirs), #ours " is not " #theirs)

SAME(RT_O_DIRECTORY, O_DIRECTORY);
SAME(RT_O_NOFOLLOW, O_NOFOLLOW);

SAME(RT_NR_WRITE, SYS_write);
SAME(RT_NR_MMAP, SYS_mmap);
SAME(RT_NR_MPROTECT, SYS_mprotect);
SAME(RT_NR_MUNMAP, SYS_munmap);
SAME(RT_NR_RT_SIGACTION, SYS_rt_sigaction);
SAME(RT_NR_RT_SIGPROCMASK, SYS_rt_sigprocmask);
SAME(RT_NR_IOCTL, SYS_ioctl);
SAME(RT_NR_GETPID, SYS_getpid);
SAME(RT_NR_KILL, SYS_kill);
SAME(RT_NR_SIGALTSTACK, SYS_sigaltstack);
SAME(RT_NR_CLOCK_GETTIME, SYS_clock_gettime);
SAME(RT_NR_CLOCK_GETRES, SYS_clock_getres);
SAME(RT_NR_EXIT_GROUP, SYS_exit_group);
SAME(RT_NR_SETITIMER, SYS_setitimer);
SAME(RT_NR_PRLIMIT64, SYS_prlimit64);
SAME(RT_NR_GETRANDOM, SYS_getrandom);
SAME(RT_NR_READ, SYS_read);
SAME(RT_NR_CLOSE, SYS_close);
SAME(RT_NR_LSEEK, SYS_lseek);
SAME(RT_NR_READV, SYS_readv);
SAME(RT_NR_WRITEV, SYS_writev);
SAME(RT_NR_SCHED_YIELD, SYS_sched_yield);
SAME(RT_NR_SENDMSG, SYS_sendmsg);
SAME(RT_NR_RECVMSG, SYS_recvmsg);
SAME(RT_NR_SHUTDOWN, SYS_shutdown);
SAME(RT_NR_GETSOCKOPT, SYS_getsockopt);
SAME(RT_NR_FCNTL, SYS_fcntl);
SAME(RT_NR_FSYNC, SYS_fsync);
SAME(RT_NR_FDATASYNC, SYS_fdatasync);
SAME(RT_NR_FTRUNCATE, SYS_ftruncate);
SAME(RT_NR_GETTID, SYS_gettid);
SAME(RT_NR_GETDENTS64, SYS_getdents64);
SAME(RT_NR_FADVISE, SYS_fadvise64);
SAME(RT_NR_TGKILL, SYS_tgkill);
SAME(RT_NR_OPENAT, SYS_openat);
SAME(RT_NR_MKDIRAT, SYS_mkdirat);
SAME(RT_NR_UNLINKAT, SYS_unlinkat);
SAME(RT_NR_LINKAT, SYS_linkat);
SAME(RT_NR_SYMLINKAT, SYS_symlinkat);
SAME(RT_NR_READLINKAT, SYS_readlinkat);
SAME(RT_NR_PPOLL, SYS_ppoll);
SAME(RT_NR_UTIMENSAT, SYS_utimensat);
SAME(RT_NR_FALLOCATE, SYS_fallocate);
SAME(RT_NR_ACCEPT4, SYS_accept4);
SAME(RT_NR_PREADV, SYS_preadv);
SAME(RT_NR_PWRITEV, SYS_pwritev);
SAME(RT_NR_RENAMEAT2, SYS_renameat2);
SAME(RT_NR_STATX, SYS_statx);
SAME(RT_NR_OPENAT2, SYS_openat2);

/* abi.h's field lists (NACRE_ABI_STRUCTS).  The backend computes every
 * offset with the C compiler nacre runs on and checks LLVM's layout for
 * the target against it (backend/abi.c); that host stands for every
 * target only because all of them are LP64 and little-endian.  Here, in
 * the target's own C, each struct must have the layout of its list with
 * fixed-width stand-ins for the LP64 kinds: every field's offset and
 * size, and the struct's size and alignment. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "abi.h's constants assume little-endian");

#define LP64_U32 uint32_t
#define LP64_U64 uint64_t
#define LP64_PTR uint64_t
#define LP64_VALUE struct { uint64_t half[2]; }
#define LP64_CONST struct Lp64NacreConstExpr

#define LP64_FIELD(s, f, k) LP64_##k f;
#define LP64_STRUCT(s) struct Lp64##s { NACRE_ABI_FIELDS_##s(LP64_FIELD) };
NACRE_ABI_STRUCTS(LP64_STRUCT)

#define SAME_FIELD(s, f, k) \
	SAME(offsetof(s, f), offsetof(struct Lp64##s, f)); \
	SAME(sizeof(((s *)0)->f), sizeof(((struct Lp64##s *)0)->f));
#define SAME_STRUCT(s) \
	NACRE_ABI_FIELDS_##s(SAME_FIELD) \
	SAME(sizeof(s), sizeof(struct Lp64##s)); \
	SAME(_Alignof(s), _Alignof(struct Lp64##s));
NACRE_ABI_STRUCTS(SAME_STRUCT)
SAME(sizeof(NacreValue), sizeof(LP64_VALUE));
SAME(_Alignof(NacreValue), _Alignof(LP64_VALUE));
