/* driver/part_cache.c: the backend's partition cache, which `nacre run`
 * and `nacre build --cache` use beneath the whole-output cache: a module
 * rebuilt after a small edit compiles only the partitions it changed.
 * Entries are partition objects in the folder DRV_PARTS_DIR of the
 * compile cache, named by backend/part_key.c's key; they are written and
 * read as the cache's own entries are (a private name, then a rename),
 * trimmed with them under one limit, and go with `nacre cache clean`.
 */
#include "driver.h"

#include <stdio.h>

/* Worker threads call both at once: nothing here changes c. */
static bool fetch(void *ctx, const char *key, const char *path)
{
	const DrvPartCache *c = ctx;
	char entry[DRV_PATH_MAX + IR_SHA256_HEX];
	snprintf(entry, sizeof entry, "%s/%s", c->dir, key);
	if (drv_cache_copy(entry, path, path) != DRV_COPY_OK)
		return false; /* not there, or the copy failed: compiled instead */
	drv_cache_touch(entry);
	return true;
}

static void keep(void *ctx, const char *key, const char *path)
{
	const DrvPartCache *c = ctx;
	char entry[DRV_PATH_MAX + IR_SHA256_HEX];
	snprintf(entry, sizeof entry, "%s/%s", c->dir, key);
	drv_cache_copy(path, entry, entry);
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
