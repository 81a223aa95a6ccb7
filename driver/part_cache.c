/* driver/part_cache.c: the backend's partition cache, which `nacre run`
 * and `nacre build --cache` use beneath the whole-output cache: a module
 * rebuilt after a small edit compiles only the partitions it changed.
 * Entries are partition objects in the folder DRV_PARTS_DIR of the
 * compile cache, named by backend/part_key.c's key; they are written and
 * read as the cache's own entries are (a private name, then a rename),
 * trimmed with them under one limit, and go with `nacre cache clean`.
 *
 * An entry is the object and a seal: the SHA-256 of its key and the
 * object's bytes.  A full disk, a killed writer, a flipped bit or another
 * tool can leave an entry short, changed or some other key's object;
 * none has its own key's seal, so fetch drops it and the partition is
 * compiled and kept again instead of failing the build.
 */
#include "driver.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SEAL = IR_SHA256_SIZE };

static void seal(const char *key, const uint8_t *obj, size_t size, uint8_t out[SEAL])
{
	Sha256 s;
	ir_sha256_init(&s);
	ir_sha256_update(&s, "nacre part entry 1", 19);
	ir_sha256_update(&s, key, IR_SHA256_HEX);
	ir_sha256_update(&s, obj, size);
	ir_sha256_final(&s, out);
}

/* The whole file, malloc'd (at least one byte); NULL when it cannot be
 * read, which is a miss, never an error. */
static uint8_t *slurp(const char *path, size_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint8_t *buf = fd >= 0 && fstat(fd, &st) == 0 ? malloc((size_t)st.st_size + 1) : NULL;
	size_t n = 0;
	ssize_t got = 1;
	while (buf && n < (size_t)st.st_size && (got = read(fd, buf + n, (size_t)st.st_size - n)) > 0)
		n += (size_t)got;
	if (fd >= 0)
		close(fd);
	if (buf && got <= 0) {
		free(buf);
		return NULL;
	}
	*size = n;
	return buf;
}

/* Writes a then b (NULL: nothing more) to path. */
static bool put(const char *path, const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	bool ok = fd >= 0 && write(fd, a, na) == (ssize_t)na && (!b || write(fd, b, nb) == (ssize_t)nb);
	return fd >= 0 && close(fd) == 0 && ok;
}

/* An entry: through a private name and a rename, so that a reader sees
 * all of it or nothing. */
static bool store(const char *entry, const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	char tmp[DRV_PATH_MAX + IR_SHA256_HEX + 48];
	drv_cache_temp_name(tmp, sizeof tmp, entry);
	bool ok = put(tmp, a, na, b, nb) && rename(tmp, entry) == 0;
	if (!ok)
		unlink(tmp);
	return ok;
}

/* Is e (n bytes) an object and the seal of key. */
static bool sealed(const char *key, const uint8_t *e, size_t n)
{
	uint8_t want[SEAL];
	if (n < SEAL)
		return false;
	seal(key, e, n - SEAL, want);
	return memcmp(want, e + n - SEAL, SEAL) == 0;
}

/* Worker threads call both at once: nothing here changes c. */
static BeFetch fetch(void *ctx, const char *key, const char *path)
{
	const DrvPartCache *c = ctx;
	char entry[DRV_PATH_MAX + IR_SHA256_HEX];
	snprintf(entry, sizeof entry, "%s/%s", c->dir, key);
	size_t n;
	uint8_t *e = slurp(entry, &n);
	if (!e)
		return BE_FETCH_MISS; /* not there: compiled instead */
	BeFetch got = BE_FETCH_HIT;
	if (!sealed(key, e, n)) {
		unlink(entry); /* keep() writes a good one once it is compiled */
		got = BE_FETCH_DAMAGED;
	} else if (!put(path, e, n - SEAL, NULL, 0)) /* path is the build's own */
		got = BE_FETCH_MISS; /* and failed us: compiling it says why */
	else
		drv_cache_touch(entry);
	free(e);
	return got;
}

static void keep(void *ctx, const char *key, const char *path)
{
	const DrvPartCache *c = ctx;
	char entry[DRV_PATH_MAX + IR_SHA256_HEX];
	snprintf(entry, sizeof entry, "%s/%s", c->dir, key);
	size_t n;
	uint8_t *obj = slurp(path, &n), s[SEAL];
	if (!obj)
		return;
	seal(key, obj, n, s);
	if (!store(entry, obj, n, s, SEAL))
		fprintf(stderr, "%s: warning: cannot write the cache entry %s\n", drv_command(), entry);
	free(obj);
}

bool drv_part_cache_open(DrvPartCache *c, const BeOptions *o)
{
	*c = (DrvPartCache){ .be = { .fetch = fetch, .keep = keep, .ctx = c } };
	char root[DRV_PATH_MAX];
	if (!drv_cache_dir(root, sizeof root))
		return false;
	if (snprintf(c->dir, sizeof c->dir, "%s/%s", root, DRV_PARTS_DIR) >= (int)sizeof c->dir) {
		fprintf(stderr, "%s: error: cache directory path too long\n", drv_command());
		return false;
	}
	if (!drv_cache_make_dir(c->dir))
		return false;
	Sha256 s;
	ir_sha256_init(&s);
	ir_sha256_update(&s, "nacre parts 1", 14);
	drv_cache_identity(&s, o);
	ir_sha256_final(&s, c->be.salt);
	return true;
}
