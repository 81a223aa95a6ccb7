/* driver/cache.c: the compile cache `nacre run` always uses and
 * `nacre build --cache` opts into, and `nacre cache clean`.  An entry is
 * named by the SHA-256 of everything that decides its bytes (the note:
 * input, options, grants; the CPU --cpu=native resolved to; the compiler
 * binary's and the runtime archives' contents), so it is never stale.
 * Entries are written to a private name and renamed, so that concurrent
 * builds see a whole file or none; the oldest go past a size limit. */
#include "driver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

/* 512 MiB of executables: a few thousand small programs. */
#define CACHE_MAX_DEFAULT ((uint64_t)512 << 20)

bool drv_cache_dir(char *buf, size_t size)
{
	const char *own = getenv("NACRE_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;
	if (own && own[0])
		n = snprintf(buf, size, "%s", own);
	else if (xdg && xdg[0] == '/') /* the XDG spec ignores relative paths */
		n = snprintf(buf, size, "%s/nacre", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.cache/nacre", home);
	else {
		fprintf(stderr, "%s: error: no cache directory: set NACRE_CACHE_DIR or HOME\n", drv_command());
		return false;
	}
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "%s: error: cache directory path too long\n", drv_command());
		return false;
	}
	return true;
}

/* mkdir -p, private to the user: the cache holds runnable code. */
bool drv_cache_make_dir(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;
		*p = 0;
		int rc = mkdir(path, 0700);
		int err = errno;
		*p = c;
		if (rc != 0 && err != EEXIST) {
			*p = 0;
			fprintf(stderr, "%s: error: cannot create %s: %s\n", drv_command(), path, strerror(err));
			return false;
		}
		if (!c)
			return true;
	}
}

/* A file's bytes, or that it is missing (then nothing can link anyway). */
static void hash_file(Sha256 *s, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t buf[1 << 16];
	size_t n;
	ir_sha256_update(s, f ? "file" : "missing", f ? 5 : 8);
	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		ir_sha256_update(s, buf, n);
	if (f)
		fclose(f);
}

/* --cpu=native means this machine's CPU: the key names the one it is. */
static void hash_native(Sha256 *s, const BeOptions *o)
{
	if (!o->cpu || strcmp(o->cpu, "native") != 0)
		return;
	char *name = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
	ir_sha256_update(s, name, strlen(name) + 1);
	ir_sha256_update(s, features, strlen(features) + 1);
	LLVMDisposeMessage(name);
	LLVMDisposeMessage(features);
}

void drv_cache_identity(Sha256 *s, const BeOptions *o)
{
	hash_native(s, o);
	unsigned llvm[3];
	LLVMGetVersion(&llvm[0], &llvm[1], &llvm[2]); /* the shared LLVM library is not in the binary */
	ir_sha256_update(s, llvm, sizeof llvm);
	hash_file(s, "/proc/self/exe"); /* a rebuilt nacre of the same version differs */
}

bool drv_cache_key(const BuildFlags *f, const BeOptions *o, const Input *in, char hex[IR_SHA256_HEX])
{
	size_t size;
	uint8_t *note = drv_flags_note(f, o, in, &size);
	if (!note)
		return false;
	Sha256 s;
	ir_sha256_init(&s);
	ir_sha256_update(&s, "nacre cache 2", 14);
	ir_sha256_update(&s, note, size);
	ir_sha256_update(&s, &f->wasm_features, sizeof f->wasm_features); /* a cached build was accepted */
	drv_cache_identity(&s, o);
	if (o->emit == BE_EMIT_EXE) {
		char paths[BE_WORLD_MAX_ARCHIVES][BE_PATH_MAX];
		unsigned n = be_link_archives(o, paths);
		for (unsigned i = 0; i < n; i++)
			hash_file(&s, paths[i]);
	}
	uint8_t d[IR_SHA256_SIZE];
	ir_sha256_final(&s, d);
	ir_hex(d, sizeof d, hex);
	free(note);
	return true;
}

/* The private name an entry is written under before its rename: what
 * `nacre cache clean` knows as a stale temporary file (is_ours). */
void drv_cache_temp_name(char *buf, size_t size, const char *to)
{
	snprintf(buf, size, "%s.%ld.cache.tmp", to, (long)getpid());
}

/* Copies from to a private name beside to, then renames it over to; the
 * copy is executable when from is.  Errors name shown, the user's path. */
DrvCopy drv_cache_copy(const char *from, const char *to, const char *shown)
{
	struct stat st;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) != 0) { /* e.g. another build trimmed it */
		if (in >= 0)
			close(in);
		return DRV_COPY_NO_SOURCE;
	}
	char tmp[DRV_PATH_MAX + 48];
	drv_cache_temp_name(tmp, sizeof tmp, to);
	int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0111 ? 0777 : 0666);
	bool ok = out >= 0;
	char buf[1 << 16];
	ssize_t n;
	while (ok && (n = read(in, buf, sizeof buf)) != 0)
		ok = n > 0 && write(out, buf, (size_t)n) == n;
	int err = errno;
	ok = out >= 0 && close(out) == 0 && ok && rename(tmp, to) == 0;
	if (!ok) {
		fprintf(stderr, "%s: error: cannot write %s: %s\n", drv_command(), shown, strerror(err ? err : errno));
		unlink(tmp);
	}
	close(in);
	return ok ? DRV_COPY_OK : DRV_COPY_FAILED;
}

/* NACRE_CACHE_MAX: N bytes, or N with K, M or G. */
static uint64_t cache_max(void)
{
	const char *v = getenv("NACRE_CACHE_MAX");
	char *end;
	unsigned long long n = v && *v ? strtoull(v, &end, 10) : 0;
	if (!n)
		return CACHE_MAX_DEFAULT;
	const char *units = "KMG", *u = *end ? strchr(units, *end) : NULL;
	return u && !end[1] ? (uint64_t)n << (10 * (u - units + 1)) : (uint64_t)n;
}

/* An entry's name is a key: 64 hex digits. */
static bool is_entry(const char *name)
{
	return strlen(name) == IR_SHA256_HEX - 1 && strspn(name, "0123456789abcdef") == IR_SHA256_HEX - 1;
}

/* Entries are in the cache's folder and in its partition cache's. */
static const char *const folders[] = { "", DRV_PARTS_DIR "/" };
enum { FOLDER_MAX = sizeof DRV_PARTS_DIR + 1 };

typedef struct Entry {
	char name[FOLDER_MAX + IR_SHA256_HEX]; /* under the cache's folder */
	uint64_t size;
	struct timespec used;        /* atime: when it was made or last reused */
} Entry;

static int older(const void *a, const void *b)
{
	const struct timespec *x = &((const Entry *)a)->used, *y = &((const Entry *)b)->used;
	return x->tv_sec != y->tv_sec ? (x->tv_sec < y->tv_sec ? -1 : 1)
	                              : (x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec);
}

/* Adds the entries of dir/folder to *e (n of cap); the new count. */
static long add_entries(const char *dir, const char *folder, Entry **e, long n, long *cap)
{
	char path[DRV_PATH_MAX + FOLDER_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, folder);
	DIR *d = opendir(path);
	struct dirent *de;
	struct stat st;
	while (d && (de = readdir(d))) {
		if (!is_entry(de->d_name) || fstatat(dirfd(d), de->d_name, &st, 0) != 0)
			continue;
		if (n == *cap) {
			Entry *g = realloc(*e, (size_t)(*cap = *cap ? 2 * *cap : 64) * sizeof **e);
			if (!g)
				break;
			*e = g;
		}
		(*e)[n] = (Entry){ .size = (uint64_t)st.st_size, .used = st.st_atim };
		snprintf((*e)[n++].name, sizeof (*e)->name, "%s%s", folder, de->d_name);
	}
	if (d)
		closedir(d);
	return n;
}

/* The entries under dir, malloc'd into *out; their count. */
static long entries(const char *dir, Entry **out)
{
	long n = 0, cap = 0;
	*out = NULL;
	for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++)
		n = add_entries(dir, folders[i], out, n, &cap);
	return n;
}

/* Only the access time: an entry's mtime says when it was made, and
 * explicit times are kept under noatime and relatime mounts too. */
void drv_cache_touch(const char *path)
{
	const struct timespec t[2] = { { .tv_nsec = UTIME_NOW }, { .tv_nsec = UTIME_OMIT } };
	utimensat(AT_FDCWD, path, t, 0);
}

void drv_cache_trim(const char *dir, const char *keep)
{
	Entry *e = NULL;
	long n = entries(dir, &e);
	uint64_t total = 0, max = cache_max();
	for (long i = 0; i < n; i++)
		total += e[i].size;
	if (n > 0 && total > max)
		qsort(e, (size_t)n, sizeof *e, older);
	char path[DRV_PATH_MAX + FOLDER_MAX + IR_SHA256_HEX];
	for (long i = 0; i < n && total > max; i++) {
		if (strcmp(e[i].name, keep) == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e[i].name);
		if (unlink(path) == 0)
			total -= e[i].size;
	}
	free(e);
}

/* Is a file of this cache: an entry, or one being written. */
static bool is_ours(const char *name)
{
	size_t n = strlen(name);
	return is_entry(name) ||
	       (n > IR_SHA256_HEX + 4 && name[IR_SHA256_HEX - 1] == '.' && strcmp(name + n - 4, ".tmp") == 0);
}

/* Every entry and stale temporary file of one folder; false when it
 * cannot be read (a missing one is empty). */
static bool clean_folder(const char *path, unsigned long *files, unsigned long long *bytes)
{
	DIR *d = opendir(path);
	if (!d) {
		if (errno != ENOENT)
			fprintf(stderr, "nacre cache: error: cannot read %s: %s\n", path, strerror(errno));
		return errno == ENOENT;
	}
	struct dirent *de;
	struct stat st;
	while ((de = readdir(d)))
		if (is_ours(de->d_name) && fstatat(dirfd(d), de->d_name, &st, 0) == 0 &&
		    unlinkat(dirfd(d), de->d_name, 0) == 0) {
			++*files;
			*bytes += (unsigned long long)st.st_size;
		}
	closedir(d);
	return true;
}

/* `nacre cache clean`: every entry and every stale temporary file, the
 * partition cache's too. */
static int clean(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0 && errno == ENOENT) {
		printf("nacre cache: %s is empty (0 files, 0 bytes removed)\n", dir);
		return EXIT_OK;
	}
	unsigned long files = 0;
	unsigned long long bytes = 0;
	char path[DRV_PATH_MAX + FOLDER_MAX];
	for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, folders[i]);
		if (!clean_folder(path, &files, &bytes))
			return EXIT_USAGE;
	}
	snprintf(path, sizeof path, "%s/%s", dir, DRV_PARTS_DIR);
	rmdir(path); /* when empty: the cache's folder is as a first build found it */
	printf("nacre cache: removed %lu file%s, %llu bytes from %s\n", files, files == 1 ? "" : "s", bytes, dir);
	return EXIT_OK;
}

int drv_cmd_cache(int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "clean") != 0) {
		fprintf(stderr, "nacre cache: error: usage: nacre cache clean (see nacre --help)\n");
		return EXIT_USAGE;
	}
	char dir[DRV_PATH_MAX];
	return drv_cache_dir(dir, sizeof dir) ? clean(dir) : EXIT_USAGE;
}
