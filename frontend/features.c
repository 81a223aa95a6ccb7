/* frontend/features.c: the feature levels `--features=` names: a Wasm
 * version (2.0, 3.0), then proposals added (+name) or taken away (-name).
 * The set is a bit mask the caller passes down (fe_module_load_features);
 * 3.0 is everything nacre supports. */
#include "frontend.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	uint32_t bit;
} proposals[] = {
	{ "multi-memory", FE_FEAT_MULTI_MEMORY },
	{ "extended-const", FE_FEAT_EXTENDED_CONST },
	{ "tail-call", FE_FEAT_TAIL_CALL },
	{ "function-references", FE_FEAT_FUNCTION_REFERENCES },
	{ "exceptions", FE_FEAT_EXCEPTIONS },
	{ "gc", FE_FEAT_GC },
	{ "memory64", FE_FEAT_MEMORY64 },
};

static const struct {
	const char *name;
	uint32_t set;
} levels[] = {
	{ "2.0", FE_FEATURES_2_0 },
	{ "3.0", FE_FEATURES_3_0 },
};

static bool word_is(const char *w, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(w, name, n) == 0;
}

static bool level(const char *w, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
		if (word_is(w, n, levels[i].name))
			return *out = levels[i].set, true;
	return false;
}

static bool proposal(const char *w, size_t n, uint32_t *bit)
{
	for (size_t i = 0; i < sizeof proposals / sizeof *proposals; i++)
		if (word_is(w, n, proposals[i].name))
			return *bit = proposals[i].bit, true;
	return false;
}

/* One comma-separated word: the first must be a level. */
static bool apply(const char *w, size_t n, bool first, uint32_t *set)
{
	if (first)
		return level(w, n, set);
	uint32_t bit;
	if (n < 2 || (w[0] != '+' && w[0] != '-') || !proposal(w + 1, n - 1, &bit))
		return false;
	*set = w[0] == '+' ? *set | bit : *set & ~bit;
	return true;
}

bool fe_features_parse(const char *s, uint32_t *out, char *err, size_t errlen)
{
	uint32_t set = 0;
	for (const char *w = s, *end;; w = end + 1) {
		end = strchr(w, ',');
		size_t n = end ? (size_t)(end - w) : strlen(w);
		if (!apply(w, n, w == s, &set)) {
			snprintf(err, errlen, "bad --features word '%.*s' (%s)", (int)n, w, fe_features_usage());
			return false;
		}
		if (!end)
			break;
	}
	*out = set;
	return true;
}

const char *fe_features_usage(void)
{
	return "LEVEL[,+P|-P]...: LEVEL 2.0 or 3.0; P multi-memory, extended-const, tail-call, "
	       "function-references, exceptions or gc";
}

const char *fe_feature_name(uint32_t bit)
{
	for (size_t i = 0; i < sizeof proposals / sizeof *proposals; i++)
		if (proposals[i].bit == bit)
			return proposals[i].name;
	return "?";
}
