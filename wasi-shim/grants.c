/* wasi-shim/grants.c: what an executable's build granted, read from its
 * `.note.nacre` (runtime-lib/include/nacre/note.h): the preopened
 * directories, in the order given (fds 3, 4, ...), the environment, the
 * size of its Wasm stack and its limits (max-memory, timeout, fuel).
 * The note is the executable's own constant data, written by `nacre
 * build`; it is still read with every length checked. */
#include <string.h>

#include "wasi.h"
#include "nacre/note.h"
#include "../runtime-lib/note_codec.h"

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

/* The note's records, checked whole (its size is the header's: the
 * executable's own data). */
static RtNoteReader records(const uint8_t *note, const char **why)
{
	RtNoteReader r = { NULL, NULL };
	*why = rt_note_open(&r, note, rt_note_own_size(note));
	return r;
}

static NacreStatus grant(WasiCtx *w, RtNoteRecord rec, char **host_envp, NacreError *err)
{
	if (strcmp(rec.key, NACRE_NOTE_KEY_DIR) == 0 || strcmp(rec.key, NACRE_NOTE_KEY_DIR_RO) == 0)
		return preopen(w, rec.value, strcmp(rec.key, NACRE_NOTE_KEY_DIR_RO) == 0, err);
	if (strcmp(rec.key, NACRE_NOTE_KEY_ENV_PASS) == 0)
		return pass_env(w, rec.value, host_envp, err);
	if (strcmp(rec.key, NACRE_NOTE_KEY_ENV) != 0)
		return NACRE_OK; /* a build record, or a setting read on its own */
	const char *eq = strchr(rec.value, '=');
	if (!eq || eq == rec.value)
		return bad(err, "environment grant without NAME=VALUE");
	return wasi_ctx_env(w, rec.value, (size_t)(eq - rec.value), eq + 1) ? NACRE_OK : bad(err, "out of memory");
}

NacreStatus wasi_grants_apply(WasiCtx *w, const uint8_t *note, char **host_envp, NacreError *err)
{
	const char *why;
	RtNoteReader r = records(note, &why);
	RtNoteRecord rec;
	if (why)
		return bad(err, why);
	NacreStatus st = NACRE_OK;
	while (st == NACRE_OK && rt_note_next(&r, &rec))
		st = grant(w, rec, host_envp, err);
	return st;
}

bool wasi_grants_number(const uint8_t *note, const char *key, uint64_t max, uint64_t *out)
{
	const char *why;
	RtNoteReader r = records(note, &why);
	return !why && rt_note_number(r, key, max, out);
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

/* The same for the bytes of kept exceptions (--max-exceptions). */
uint64_t wasi_grants_max_exceptions(const uint8_t *note)
{
	uint64_t n;
	return wasi_grants_number(note, NACRE_NOTE_KEY_MAX_EXCEPTIONS, (uint64_t)4 << 30, &n) ? n : 0;
}
