/* tests/fuzz/fuzz_wasi.c: libFuzzer target for the WASI shim's
 * guest-facing calls.  The input is a program of preview1 calls with
 * hostile arguments (pointers and lengths into and past linear memory,
 * fds, flags, paths), run against a 64 KiB memory and a sandbox
 * directory preopened as fd 3 (and its subdirectory d, read-only, as fd
 * 4) and a socket as fd 5, twice: paths resolved by openat2, then by
 * the shim's own walk.  Invariants, besides ASan and UBSan: every call
 * returns a WASI errno; nothing is written in the canary pages around
 * memory; the tree around the sandbox keeps exactly what it held, inodes
 * unchanged; no host descriptor leaks.
 *
 * Input, record after record (a short record ends the program):
 *   op          one byte; op % (NCALLS + 1) is a call in WASI_CALLS
 *               order (p1/calls.h), or NCALLS: poke
 *   call        then one argument per parameter of the call's type
 *   poke        u16 offset, u8 n, then n bytes copied into memory there
 *   argument    a tag byte, then its payload (see arg32, arg64)
 * Numbers are little-endian.  seeds/wasi-*.txt are written in words, and
 * wasi-seed turns them into this form.  Built only with NACRE_FUZZ.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi-shim/resolve.h"
#include "wasi-shim/p1/p1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MEM_SIZE = 65536, CANARY_SIZE = 4096, CANARY = 0xa5, MAX_ERRNO = WASI_ENOTCAPABLE, NOUTSIDE = 3 };

/* The shim reaches memory only through nacre_memory_data, so the harness
 * gives it one of its own: MEM_SIZE bytes between two canary pages. */
struct NacreMemory {
	uint8_t *data;
};

uint8_t *nacre_memory_data(NacreMemory *mem, uint64_t *size)
{
	*size = MEM_SIZE;
	return mem->data;
}

/* bind.c's only other tie to the runtime; the harness calls directly. */
NacreFuncRef *nacre_host_func_new(NacreStore *store, const NacreFuncType *type,
                                  void (*callback)(void *env, NacreValue *args_results), void *env)
{
	(void)store, (void)type, (void)callback, (void)env;
	return NULL;
}

/* proc_exit's; the harness never makes that call (tame). */
void nacre_host_exit(NacreStore *store, int32_t code)
{
	(void)store, (void)code;
	abort();
}

typedef uint32_t (*WasiFn)(WasiCtx *w, const NacreValue *a);
typedef struct Call {
	const char *name;
	const char *sig;
	WasiFn fn;
} Call;
#define ROW(name, sig) { #name, sig, wasi_##name },
static const Call calls[] = { WASI_CALLS(ROW) };
#undef ROW
enum { NCALLS = sizeof calls / sizeof *calls };

/* What lives for the whole run: libFuzzer gives no context pointer. */
typedef struct Fixture {
	uint8_t *map;              /* canary, memory, canary */
	NacreMemory mem;
	char root[PATH_MAX];       /* the temp dir: outside, p/box */
	char box[PATH_MAX];        /* the sandbox, preopened */
	char ro[PATH_MAX];         /* box/d, preopened read-only */
	int devnull;               /* the program's stdin, stdout, stderr */
	char outside[NOUTSIDE][PATH_MAX + 16]; /* root/outside, root, root/p */
	struct stat before[NOUTSIDE];          /* as they were made */
	uint8_t canary[CANARY_SIZE];           /* what both canary pages hold */
} Fixture;
static Fixture fx;

typedef struct Input {
	const uint8_t *p, *end;
} Input;

static bool more(const Input *in, size_t n) { return (size_t)(in->end - in->p) >= n; }

static uint64_t take(Input *in, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n && in->p < in->end; i++)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_wasi: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	__builtin_trap();
}

/* An i32 argument: the tag's low bits choose what kind of value. */
static uint32_t arg32(Input *in)
{
	switch (take(in, 1) & 7) {
	case 0: return (uint32_t)take(in, 1);                   /* small: a length, a flag */
	case 1: return (uint32_t)take(in, 2);                   /* anywhere in memory */
	case 2: return MEM_SIZE - (uint32_t)take(in, 1);        /* at its end */
	case 3: return (uint32_t)take(in, 4);                   /* anything */
	case 4: return (uint32_t)take(in, 1) % 8;               /* a descriptor */
	case 5: return 0;
	case 6: return UINT32_MAX - (uint32_t)take(in, 1);      /* wraps around */
	default: return (uint32_t)take(in, 1) << 8;             /* a page-ish pointer */
	}
}

static uint64_t arg64(Input *in)
{
	switch (take(in, 1) & 3) {
	case 0: return take(in, 1);
	case 1: return take(in, 8);
	case 2: return UINT64_MAX - take(in, 1);
	default: return take(in, 4);
	}
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag;
	if (ftw->level > 0 && remove(path) != 0)
		fail("cannot clean the sandbox", path);
	return 0;
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		fail("cannot make", path);
}

static void link_to(const char *target, const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", fx.box, name);
	if (symlink(target, path) != 0)
		fail("cannot make", path);
}

/* The sandbox afresh: a file, a directory with a file, links to both,
 * one up to p and one to outside by its absolute path. */
static void fill_box(void)
{
	char outside[PATH_MAX + 16];
	nftw(fx.box, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	if (mkdir(fx.ro, 0755) != 0)
		fail("cannot make", fx.ro);
	put(fx.box, "f", "hello, sandbox\n");
	put(fx.ro, "g", "read only\n");
	link_to("f", "l");
	link_to("d", "ld");
	link_to("..", "up");
	snprintf(outside, sizeof outside, "%s/outside", fx.root);
	link_to(outside, "abs");
}

/* Memory as a program might hold it: paths at 0x0 (see the seeds), an
 * iovec array at 0x200, buffers from 0x1000; canaries around. */
static void fill_memory(void)
{
	static const char paths[] = "f\0d\0l\0new\0d/g\0up/x\0abs\0../x\0/f\0ld/g\0\0";
	uint8_t *mem = fx.mem.data;
	memset(fx.map, CANARY, CANARY_SIZE);
	memset(mem + MEM_SIZE, CANARY, CANARY_SIZE);
	memset(mem, 0, MEM_SIZE);
	memcpy(mem, paths, sizeof paths);
	static const uint32_t iovs[] = { 0x1000, 64, 0x2000, 16, 0xfff0, 16 };
	memcpy(mem + 0x200, iovs, sizeof iovs);
}

/* After every call: one memcmp a page, not a loop whose every byte
 * compared is traced for coverage (that took nine tenths of the run). */
static void check_canaries(const char *call)
{
	const uint8_t *pages[2] = { fx.map, fx.mem.data + MEM_SIZE };
	for (int k = 0; k < 2; k++)
		if (memcmp(pages[k], fx.canary, CANARY_SIZE) != 0)
			fail(k ? "write past the end of memory" : "write before memory", call);
}

/* Any change to an inode shows in its ctime; times can be set, so they
 * are compared too (a directory's atime changes as check_tree lists it). */
static bool same_inode(const struct stat *a, const struct stat *b, bool atime)
{
	return a->st_ino == b->st_ino && a->st_mode == b->st_mode && a->st_nlink == b->st_nlink &&
	       a->st_size == b->st_size && a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       (!atime || (a->st_atim.tv_sec == b->st_atim.tv_sec && a->st_atim.tv_nsec == b->st_atim.tv_nsec));
}

static int named(const struct dirent *e) { return strcmp(e->d_name, ".") && strcmp(e->d_name, ".."); }

/* Each directory of the tree outside the sandbox holds just what it did. */
static void check_tree(void)
{
	static const char *const want[][2] = { { "", "outside p " }, { "/p", "box " } };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char path[PATH_MAX + 8], seen[256] = "";
		struct dirent **list;
		snprintf(path, sizeof path, "%s%s", fx.root, want[i][0]);
		int n = scandir(path, &list, named, alphasort);
		for (int k = 0; k < n; k++) {
			snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s ", list[k]->d_name);
			free(list[k]);
		}
		if (n >= 0)
			free(list);
		if (strcmp(seen, want[i][1]) != 0)
			fail("the tree outside the sandbox changed", path);
	}
	for (int i = 0; i < NOUTSIDE; i++) {
		struct stat st;
		if (lstat(fx.outside[i], &st) != 0 || !same_inode(&st, &fx.before[i], i == 0))
			fail("a file outside the sandbox changed", fx.outside[i]);
	}
}

static int remove_all(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void cleanup(void) { nftw(fx.root, remove_all, 16, FTW_DEPTH | FTW_PHYS); }

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(fx.root, sizeof fx.root, "%s/fuzz-wasi.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx.root))
		fail("cannot make a temporary directory", fx.root);
	char p[PATH_MAX + 4];
	snprintf(p, sizeof p, "%s/p", fx.root);
	snprintf(fx.box, sizeof fx.box, "%s/box", p);
	snprintf(fx.ro, sizeof fx.ro, "%s/d", fx.box);
	umask(022);
	put(fx.root, "outside", "outside!\n");
	if (mkdir(p, 0755) != 0 || mkdir(fx.box, 0755) != 0)
		fail("cannot make", fx.box);
	snprintf(fx.outside[0], sizeof fx.outside[0], "%s/outside", fx.root);
	snprintf(fx.outside[1], sizeof fx.outside[1], "%s", fx.root);
	snprintf(fx.outside[2], sizeof fx.outside[2], "%s", p);
	for (int i = 0; i < NOUTSIDE; i++)
		if (lstat(fx.outside[i], &fx.before[i]) != 0)
			fail("cannot stat", fx.outside[i]);
	fx.map = mmap(NULL, MEM_SIZE + 2 * CANARY_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fx.map == MAP_FAILED)
		fail("cannot map memory", NULL);
	fx.mem.data = fx.map + CANARY_SIZE;
	memset(fx.canary, CANARY, CANARY_SIZE);
	atexit(cleanup); /* a failing input leaves the tree to look at */
	signal(SIGPIPE, SIG_IGN); /* writing to the socket's closed peer: EPIPE */
	fx.devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fx.devnull < 0)
		fail("cannot open /dev/null", NULL);
}

static char *argv[] = { "prog", "--flag", "", "ünïcode", NULL };

static void start(WasiCtx *w)
{
	NacreError err;
	if (!wasi_ctx_init(w, 4, argv))
		fail("wasi_ctx_init failed", NULL);
	for (int fd = 0; fd < 3; fd++) /* never the harness's own streams */
		w->fds[fd] = (WasiFd){ .host = fx.devnull, .type = WASI_FILETYPE_CHARACTER_DEVICE, .shared = true,
		                       .base = wasi_rights_for(WASI_FILETYPE_CHARACTER_DEVICE) };
	if (!wasi_ctx_env(w, "HOME", 4, "/sandbox") || !wasi_ctx_env(w, "EMPTY", 5, ""))
		fail("wasi_ctx_env failed", NULL);
	if (wasi_ctx_preopen(w, fx.box, "/sandbox", false, &err) != NACRE_OK ||
	    wasi_ctx_preopen(w, fx.ro, "/ro", true, &err) != NACRE_OK)
		fail("wasi_ctx_preopen failed", err.message);
	/* fd 5: a socket whose peer has sent a line and hung up, so that no
	 * call on it can block. */
	int sv[2];
	uint32_t fd;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 || write(sv[1], "from the peer\n", 14) != 14)
		fail("cannot make a socket pair", NULL);
	close(sv[1]);
	if (wasi_fd_insert(w, sv[0], WASI_FILETYPE_SOCKET_STREAM, wasi_rights_for(WASI_FILETYPE_SOCKET_STREAM), 0,
	                   &fd) != WASI_ESUCCESS || fd != 5)
		fail("cannot give the program a socket", NULL);
	w->memory = &fx.mem;
}

/* poll_oneoff's clock subscriptions (48 bytes each, the timeout at 24,
 * the flags at 40) wait at most a millisecond, an absolute one not at all. */
static void tame_poll(uint32_t subs, uint32_t n)
{
	for (uint32_t k = 0; k < n && k < MEM_SIZE / 48; k++) {
		uint64_t at = (uint64_t)subs + 48 * k;
		if (at + 48 > MEM_SIZE)
			return;
		uint8_t *sub = fx.mem.data + at;
		uint64_t timeout = wasi_get_u64(sub + 24);
		if (sub[8] == 0 && (sub[40] & 1))
			wasi_put_u64(sub + 24, 0);
		else if (sub[8] == 0 && timeout > 1000000)
			wasi_put_u64(sub + 24, timeout % 1000000);
	}
}

/* Arguments that would end or stall the run, or fill the disk, made
 * harmless; all else reaches the shim as the input says. */
static bool tame(const Call *c, NacreValue *a)
{
	if (c->fn == wasi_proc_exit)
		return false;
	if (c->fn == wasi_proc_raise) { /* only signals whose default is to ignore */
		uint32_t s = (uint32_t)a[0].i32 & 0xff; /* a u8, as the shim reads it */
		if (s >= 1 && s <= 31 && s != 16 && s != 17 && s != 22 && s != 27)
			a[0].i32 = 0;
	}
	if (c->fn == wasi_fd_allocate) { /* real blocks: keep them few */
		uint64_t off = (uint64_t)a[1].i64, len = (uint64_t)a[2].i64;
		if (off <= INT64_MAX && len <= INT64_MAX && off + len > (1 << 20))
			a[1].i64 = (int64_t)(off & 0xffff), a[2].i64 = (int64_t)(len & 0xffff);
	}
	if (c->fn == wasi_poll_oneoff)
		tame_poll((uint32_t)a[0].i32, (uint32_t)a[2].i32);
	return true;
}

static void call(WasiCtx *w, const Call *c, Input *in)
{
	NacreValue a[16] = { 0 };
	int n = 0;
	for (const char *t = c->sig; *t != ':'; t++, n++) {
		if (*t == 'I')
			a[n].i64 = (int64_t)arg64(in);
		else
			a[n].i32 = (int32_t)arg32(in);
	}
	if (!tame(c, a))
		return;
	uint32_t e = c->fn(w, a);
	if (e > MAX_ERRNO) {
		char what[64];
		snprintf(what, sizeof what, "%s returned %u", c->name, e);
		fail("not a WASI errno", what);
	}
	check_canaries(c->name);
}

static void poke(Input *in)
{
	uint32_t at = (uint32_t)take(in, 2), n = (uint32_t)take(in, 1);
	for (uint32_t i = 0; i < n && in->p < in->end; i++, in->p++)
		fx.mem.data[(at + i) % MEM_SIZE] = *in->p;
}

/* One run of the program against a fresh sandbox and memory. */
static void run(const uint8_t *data, size_t size)
{
	fill_box();
	fill_memory();
	int nfds = count_fds(); /* here: libFuzzer opens some of its own later */
	WasiCtx w;
	start(&w);
	Input in = { data, data + size };
	while (more(&in, 1)) {
		unsigned op = (unsigned)take(&in, 1) % (NCALLS + 1);
		if (op == NCALLS)
			poke(&in);
		else
			call(&w, &calls[op], &in);
	}
	wasi_ctx_free(&w);
	check_tree();
	if (count_fds() != nfds)
		fail("a host descriptor leaked", NULL);
}

/* Twice: paths resolved by openat2 (RESOLVE_BENEATH), then by the shim's
 * own walk, the way kernels without openat2 have it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fx.map)
		setup();
	run(data, size);
	wasi_resolve_force_walk(true);
	run(data, size);
	wasi_resolve_force_walk(false);
	return 0;
}
