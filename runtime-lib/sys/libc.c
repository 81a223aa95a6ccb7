/* runtime-lib/sys/libc.c: the OS layer (sys.h) on libc and POSIX, for
 * embedding the runtime in ordinary programs and for the test harness:
 * mmap for address space, malloc for the heap, sigaction and sigaltstack
 * for faults (the redirect into a trap is <arch>/arch.h's, shared with
 * linux.c), pthread for stack bounds, dlopen for compiled modules (of
 * the descriptor module_check.c read, by its /proc/self/fd name).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"
#include "arch.h"

enum { ALT_STACK_SIZE = 64 * 1024 };

size_t rt_sys_page_size(void)
{
	static size_t page;
	if (!page)
		page = (size_t)sysconf(_SC_PAGESIZE);
	return page;
}

void *rt_sys_reserve(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

bool rt_sys_commit(void *addr, size_t bytes)
{
	return bytes == 0 || mprotect(addr, bytes, PROT_READ | PROT_WRITE) == 0;
}

bool rt_sys_decommit(void *addr, size_t bytes)
{
	return bytes == 0 ||
	       mmap(addr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == addr;
}

void rt_sys_release(void *addr, size_t bytes)
{
	if (addr)
		munmap(addr, bytes);
}

void *rt_sys_alloc(size_t bytes) { return malloc(bytes ? bytes : 1); }
void *rt_sys_zalloc(size_t bytes) { return calloc(1, bytes ? bytes : 1); }
void *rt_sys_realloc(void *p, size_t bytes) { return realloc(p, bytes ? bytes : 1); }
void rt_sys_free(void *p) { free(p); }

/* ---- Faults */

static RtSysFaultFn fault_is_trap;
static RtSysRaiseFn fault_raise;
static struct sigaction prev_segv, prev_bus;
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;
static pthread_key_t alt_key;
static bool fault_ok;

/* Hands a fault that is not a trap to whoever had it before us; with the
 * default action, restores it so that the fault, happening again when the
 * instruction restarts (or raised again if it was sent), kills the process
 * with its own signal. */
static void forward(int sig, siginfo_t *info, void *uc)
{
	const struct sigaction *p = sig == SIGBUS ? &prev_bus : &prev_segv;
	if ((p->sa_flags & SA_SIGINFO) && p->sa_sigaction) {
		p->sa_sigaction(sig, info, uc);
		return;
	}
	if (!(p->sa_flags & SA_SIGINFO) && p->sa_handler != SIG_DFL && p->sa_handler != SIG_IGN) {
		p->sa_handler(sig);
		return;
	}
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	if (info->si_code <= 0)
		raise(sig);
}

static void on_fault(int sig, siginfo_t *info, void *uc)
{
	uintptr_t pc = rt_arch_fault_pc(uc);
	if (info->si_code > 0 && fault_is_trap && fault_is_trap((uintptr_t)info->si_addr, pc)) {
		rt_arch_redirect(uc, fault_raise, pc);
		return;
	}
	forward(sig, info, uc);
}

/* ---- The timer (--timeout) */

static void (*alarm_fn)(void *);
static void *alarm_arg;

static void on_alarm(int sig)
{
	(void)sig;
	if (alarm_fn)
		alarm_fn(alarm_arg);
}

bool rt_sys_alarm(uint64_t ns, void (*fn)(void *), void *arg)
{
	alarm_fn = fn;
	alarm_arg = arg;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	uint64_t us = ns / 1000 ? ns / 1000 : 1;
	struct itimerval t = { { 0, 0 }, { (time_t)(us / 1000000), (suseconds_t)(us % 1000000) } };
	return sigaction(SIGALRM, &sa, NULL) == 0 && setitimer(ITIMER_REAL, &t, NULL) == 0;
}

/* Thread exit: the alternate stack we made for the thread goes too. */
static void drop_alt_stack(void *mem)
{
	size_t page = rt_sys_page_size();
	stack_t cur;
	if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == (uint8_t *)mem + page) {
		stack_t off;
		memset(&off, 0, sizeof off);
		off.ss_flags = SS_DISABLE;
		sigaltstack(&off, NULL);
	}
	rt_sys_release(mem, ALT_STACK_SIZE + page);
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	fault_ok = pthread_key_create(&alt_key, drop_alt_stack) == 0 &&
	           sigaction(SIGSEGV, &sa, &prev_segv) == 0 &&
	           sigaction(SIGBUS, &sa, &prev_bus) == 0;
}

bool rt_sys_fault_install(RtSysFaultFn is_trap, RtSysRaiseFn raise_trap)
{
	__atomic_store_n(&fault_raise, raise_trap, __ATOMIC_RELEASE);
	__atomic_store_n(&fault_is_trap, is_trap, __ATOMIC_RELEASE);
	pthread_once(&fault_once, install);
	return fault_ok;
}

bool rt_sys_fault_stack(void)
{
	static __thread bool ready;
	if (ready)
		return true;
	stack_t cur;
	if (sigaltstack(NULL, &cur) != 0)
		return false;
	if (!(cur.ss_flags & SS_DISABLE)) /* the program (or a sanitizer) gave it one */
		return ready = true;
	size_t page = rt_sys_page_size();
	uint8_t *mem = rt_sys_reserve(ALT_STACK_SIZE + page); /* lowest page stays a guard */
	if (!mem || !rt_sys_commit(mem + page, ALT_STACK_SIZE)) {
		rt_sys_release(mem, ALT_STACK_SIZE + page);
		return false;
	}
	stack_t ss = { .ss_sp = mem + page, .ss_size = ALT_STACK_SIZE, .ss_flags = 0 };
	if (sigaltstack(&ss, NULL) != 0 || pthread_setspecific(alt_key, mem) != 0) {
		drop_alt_stack(mem);
		return false;
	}
	return ready = true;
}

uintptr_t rt_sys_stack_low(void)
{
	static __thread uintptr_t low;
	static __thread bool known;
	if (known)
		return low;
	pthread_attr_t attr;
	if (pthread_getattr_np(pthread_self(), &attr) == 0) {
		void *addr;
		size_t size;
		if (pthread_attr_getstack(&attr, &addr, &size) == 0)
			low = (uintptr_t)addr;
		pthread_attr_destroy(&attr);
	}
	known = true;
	return low;
}

/* An embedder's threads keep their own stacks: the store's limit is
 * clamped to them (trap.c). */
int rt_sys_stack_run(size_t wasm_bytes, int (*fn)(void *), void *arg)
{
	(void)wasm_bytes;
	return fn(arg);
}

bool rt_sys_stack_guard_holds(uintptr_t addr)
{
	(void)addr;
	return false;
}

/* ---- Shared objects */

/* A loaded module keeps the descriptor it was checked and loaded through:
 * its /proc/self/fd name stays its own while it is loaded. */
typedef struct Library {
	void *dl;
	int fd;
} Library;

static bool read_fd(const RtSysFile *f, uint64_t offset, void *buf, size_t n)
{
	int fd = (int)(intptr_t)f->ctx;
	for (size_t done = 0; done < n;) {
		ssize_t r = pread(fd, (uint8_t *)buf + done, n - done, (off_t)(offset + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		done += (size_t)r;
	}
	return true;
}

static bool same_file(const char *name, const struct stat *st)
{
	struct stat at;
	return stat(name, &at) == 0 && at.st_dev == st->st_dev && at.st_ino == st->st_ino;
}

/* glibc knows a loaded object by every name it was opened under, so a
 * /proc/self/fd name once used for another module that is still loaded
 * gives back that module: whatever dlopen returned must be the file that
 * was checked, or it is refused. */
static bool loaded_is(void *dl, const struct stat *st)
{
	struct link_map *map;
	return dlinfo(dl, RTLD_DI_LINKMAP, &map) == 0 && map->l_name && same_file(map->l_name, st);
}

/* Loads the checked file through its descriptor's /proc/self/fd name, so
 * that no other file can take its place after the check.  Without /proc
 * there is no such name; falling back to the path would load a file that
 * was never checked, so the load fails instead. */
static bool load(Library *lib, const struct stat *st, char *err, size_t errlen)
{
	char name[32];
	snprintf(name, sizeof name, "/proc/self/fd/%d", lib->fd);
	if (!same_file(name, st)) {
		snprintf(err, errlen, "cannot load it through %s (is /proc mounted?)", name);
		return false;
	}
	lib->dl = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!lib->dl) {
		const char *why = dlerror();
		snprintf(err, errlen, "%s", why ? why : "dlopen failed");
		return false;
	}
	if (loaded_is(lib->dl, st))
		return true;
	dlclose(lib->dl);
	snprintf(err, errlen, "the dynamic loader gave another object for %s", name);
	return false;
}

static bool open_checked(Library *lib, RtSysLibraryCheck check, char *err, size_t errlen)
{
	struct stat st;
	if (fstat(lib->fd, &st) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		return false;
	}
	RtSysFile f = { .size = (uint64_t)st.st_size, .read = read_fd, .ctx = (void *)(intptr_t)lib->fd };
	return check(&f, err, errlen) && load(lib, &st, err, errlen);
}

void *rt_sys_library_open(const char *path, RtSysLibraryCheck check, char *err, size_t errlen)
{
	Library *lib = malloc(sizeof *lib);
	if (!lib) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* non-blocking: a FIFO must not hang the open (it is refused next) */
	lib->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (lib->fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(lib);
		return NULL;
	}
	char why[200];
	if (open_checked(lib, check, why, sizeof why))
		return lib;
	snprintf(err, errlen, "%s: %s", path, why);
	close(lib->fd);
	free(lib);
	return NULL;
}

void *rt_sys_library_symbol(void *lib, const char *name)
{
	return dlsym(((Library *)lib)->dl, name);
}

void rt_sys_library_close(void *lib)
{
	Library *l = lib;
	dlclose(l->dl);
	close(l->fd);
	free(l);
}

uintptr_t rt_sys_code_base(uintptr_t pc)
{
	Dl_info info;
	if (!pc || !dladdr((void *)pc, &info))
		return 0;
	return (uintptr_t)info.dli_fbase;
}

int rt_sys_vformat(char *buf, size_t n, const char *fmt, va_list ap)
{
	return vsnprintf(buf, n, fmt, ap);
}

void rt_sys_fatal(const char *msg)
{
	ssize_t w = write(STDERR_FILENO, msg, strlen(msg));
	w = write(STDERR_FILENO, "\n", 1);
	(void)w;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	raise(SIGKILL);
	__builtin_unreachable();
}

/* ---- Services for the WASI shim */

long rt_sys_write(int fd, const void *buf, size_t n)
{
	ssize_t w = write(fd, buf, n);
	return w < 0 ? -errno : (long)w;
}

bool rt_sys_isatty(int fd)
{
	return isatty(fd) == 1;
}

int rt_sys_clock_time(uint32_t clock, uint64_t *ns)
{
	struct timespec ts;
	if (clock_gettime((clockid_t)clock, &ts) != 0)
		return -errno;
	*ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	return 0;
}

int rt_sys_clock_res(uint32_t clock, uint64_t *ns)
{
	struct timespec ts;
	if (clock_getres((clockid_t)clock, &ts) != 0)
		return -errno;
	*ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	return 0;
}

int rt_sys_random(void *buf, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t r = getrandom((uint8_t *)buf + done, n - done, 0);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r > 0)
			done += (size_t)r;
	}
	return 0;
}

void rt_sys_exit(int code)
{
	_exit(code);
}
