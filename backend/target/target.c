/* backend/target/target.c: the table of targets nacre knows, looked up by
 * the --target spelling or a triple, and the check of --cpu-features
 * against a target's list; common code asks a Target, never a triple. */
#include "../backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const Target *const targets[] = { &be_target_x86_64, &be_target_aarch64, &be_target_riscv64 };
enum { NTARGETS = sizeof targets / sizeof *targets };

const Target *const *be_targets(size_t *n)
{
	*n = NTARGETS;
	return targets;
}

static bool in_list(const char *const *list, const char *name, size_t len)
{
	for (; list && *list; list++)
		if (strlen(*list) == len && strncmp(*list, name, len) == 0)
			return true;
	return false;
}

const Target *be_target_find(const char *name)
{
	for (size_t i = 0; i < NTARGETS; i++)
		if (strcmp(targets[i]->name, name) == 0 || in_list(targets[i]->aliases, name, strlen(name)))
			return targets[i];
	return NULL;
}

const Target *be_target_host(void)
{
	for (size_t i = 0; i < NTARGETS; i++)
		if (targets[i]->host)
			return targets[i];
	return NULL;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Splits list at commas into items (each "+NAME" pointing into copy). */
static size_t split(char *copy, const char **items, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (n < max)
			items[n++] = tok;
		else
			return max + 1;
	return n;
}

static void set_bad(char bad[64], const char *item)
{
	strncpy(bad, item, 63);
	bad[63] = 0;
}

bool be_target_features(const Target *t, const char *list, char out[BE_FEATURES_MAX], char bad[64])
{
	enum { MAX_ITEMS = 64 };
	char copy[BE_FEATURES_MAX];
	const char *items[MAX_ITEMS];
	set_bad(bad, list);
	if (strlen(list) >= sizeof copy)
		return false;
	strcpy(copy, list);
	size_t n = split(copy, items, MAX_ITEMS);
	if (n == 0 || n > MAX_ITEMS)
		return false;
	for (size_t i = 0; i < n; i++)
		if (items[i][0] != '+' || !in_list(t->features, items[i] + 1, strlen(items[i] + 1)))
			return set_bad(bad, items[i]), false;
	if (t->features_check && !t->features_check(items, n, bad))
		return false;
	qsort(items, n, sizeof *items, compare);
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(items[i], items[i - 1]) != 0)
			len += (size_t)snprintf(out + len, BE_FEATURES_MAX - len, "%s%s", len ? "," : "", items[i]);
	return true;
}
