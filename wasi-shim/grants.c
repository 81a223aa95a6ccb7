/* wasi-shim/grants.c: what an executable's build granted, read from its
 * `.note.nacre` (runtime-lib/include/nacre/note.h): the preopened
 * directories, in the order given (fds 3, 4, ...), the environment, the
 * size of its Wasm stack and its limits (max-memory, timeout, fuel).
 * The note is the executable's own constant data, written by `nacre
 * build`; it is still read with every length checked. */
#include <string.h>

#include "wasi.h"
#include "nacre/note.h"

/* The next NUL-terminated string of [*p, end), or NULL. */
static const char *next(const char **p, const char *end)
{
	const char *s = *p, *z = s < end ? memchr(s, 0, (size_t)(end - s)) : NULL;
	if (!z)
		return NULL;
	*p = z + 1;
	return s;
}

static NacreStatus bad(NacreError *err, const char *what)
{
	rt_sys_format(err->message, sizeof err->message, "malformed build note: %s", what);
	return NACRE_ERROR;
}

static NacreStatus preopen(WasiCtx *w, const char *grant, bool read_only, NacreError *err)
{
	const char *sep = strstr(grant, NACRE_NOTE_DIR_SEP);
	if (!sep || sep == grant || !sep[2])
		return bad(err, "directory grant without HOST::GUEST");
	char host[4096];
	size_t n = (size_t)(sep - grant);
	if (n >= sizeof host)
		return bad(err, "directory grant too long");
	memcpy(host, grant, n);
	host[n] = 0;
	return wasi_ctx_preopen(w, host, sep + 2, read_only, err);
}

static NacreStatus pass_env(WasiCtx *w, const char *name, char **host_envp, NacreError *err)
{
	size_t n = strlen(name);
	for (char **e = host_envp; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return wasi_ctx_env(w, name, n, *e + n + 1) ? NACRE_OK : bad(err, "out of memory");
	return NACRE_OK; /* not set on the host: not set for the program */
}

NacreStatus wasi_grants_apply(WasiCtx *w, const uint8_t *note, char **host_envp, NacreError *err)
{
	uint32_t namesz = wasi_get_u32(note), descsz = wasi_get_u32(note + 4), type = wasi_get_u32(note + 8);
	if (namesz != NACRE_NOTE_NAMESZ || type != NACRE_NOTE_TYPE ||
	    memcmp(note + NACRE_NOTE_HEADER, NACRE_NOTE_NAME, NACRE_NOTE_NAMESZ) != 0)
		return bad(err, "not a nacre note");
	const char *p = (const char *)note + NACRE_NOTE_DESC_OFFSET, *end = p + descsz;
	while (p < end) {
		const char *key = next(&p, end), *value = key ? next(&p, end) : NULL;
		if (!value)
			return bad(err, "a record is cut short");
		NacreStatus st = NACRE_OK;
		if (strcmp(key, NACRE_NOTE_KEY_DIR) == 0)
			st = preopen(w, value, false, err);
		else if (strcmp(key, NACRE_NOTE_KEY_DIR_RO) == 0)
			st = preopen(w, value, true, err);
		else if (strcmp(key, NACRE_NOTE_KEY_ENV) == 0) {
			const char *eq = strchr(value, '=');
			if (!eq || eq == value)
				return bad(err, "environment grant without NAME=VALUE");
			st = wasi_ctx_env(w, value, (size_t)(eq - value), eq + 1) ? NACRE_OK : bad(err, "out of memory");
		} else if (strcmp(key, NACRE_NOTE_KEY_ENV_PASS) == 0)
			st = pass_env(w, value, host_envp, err);
		if (st != NACRE_OK)
			return st;
	}
	return NACRE_OK;
}

/* The value of the note's record key as a decimal number up to max:
 * false when there is none or it is not such a number. */
bool wasi_grants_number(const uint8_t *note, const char *key, uint64_t max, uint64_t *out)
{
	uint32_t descsz = wasi_get_u32(note + 4);
	const char *p = (const char *)note + NACRE_NOTE_DESC_OFFSET, *end = p + descsz;
	while (p < end) {
		const char *k = next(&p, end), *value = k ? next(&p, end) : NULL;
		if (!value)
			return false;
		if (strcmp(k, key) != 0)
			continue;
		uint64_t n = 0;
		for (const char *d = value; *d; d++) {
			uint64_t digit = (uint64_t)(*d - '0');
			if (*d < '0' || *d > '9' || n > (max - digit) / 10)
				return false;
			n = n * 10 + digit;
		}
		*out = n;
		return *value != 0;
	}
	return false;
}

/* A stack-size record's value: decimal bytes, from 1 to 2^40 (the driver
 * allows 4 GiB); 0 when there is none or it is not such a number. */
size_t wasi_grants_stack_size(const uint8_t *note)
{
	uint64_t n;
	return wasi_grants_number(note, NACRE_NOTE_KEY_STACK_SIZE, (uint64_t)1 << 40, &n) ? (size_t)n : 0;
}

/* In bytes, up to 4 GiB (the driver's limit); 0 for none. */
uint64_t wasi_grants_max_memory(const uint8_t *note)
{
	uint64_t n;
	return wasi_grants_number(note, NACRE_NOTE_KEY_MAX_MEMORY, (uint64_t)4 << 30, &n) ? n : 0;
}
