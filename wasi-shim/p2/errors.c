/* wasi-shim/p2/errors.c: results, and errors as WASI 0.2 says them.  The
 * shared shim (../wasi.h) reports a WASI errno (preview1's numbering);
 * wasi:filesystem's error-code names the same conditions in another
 * order, case by case below.  An io/error resource's rep is the errno of
 * the operation that failed: filesystem-error-code reads it back. */
#include <string.h>

#include "p2.h"

/* error-code's cases, in their order (wasi:filesystem/types). */
#define ERROR_CODES(X) \
	X(ACCESS, "access", WASI_EACCES) X(WOULD_BLOCK, "would-block", WASI_EAGAIN) X(ALREADY, "already", 7) \
	X(BAD_DESCRIPTOR, "bad-descriptor", WASI_EBADF) X(BUSY, "busy", 10) X(DEADLOCK, "deadlock", 16) \
	X(QUOTA, "quota", 19) X(EXIST, "exist", WASI_EEXIST) X(FILE_TOO_LARGE, "file-too-large", 22) \
	X(ILLEGAL_BYTE_SEQUENCE, "illegal-byte-sequence", 25) X(IN_PROGRESS, "in-progress", 26) \
	X(INTERRUPTED, "interrupted", WASI_EINTR) X(INVALID, "invalid", WASI_EINVAL) X(IO, "io", WASI_EIO) \
	X(IS_DIRECTORY, "is-directory", WASI_EISDIR) X(LOOP, "loop", WASI_ELOOP) \
	X(TOO_MANY_LINKS, "too-many-links", 34) X(MESSAGE_SIZE, "message-size", 35) \
	X(NAME_TOO_LONG, "name-too-long", WASI_ENAMETOOLONG) X(NO_DEVICE, "no-device", 43) \
	X(NO_ENTRY, "no-entry", WASI_ENOENT) X(NO_LOCK, "no-lock", 46) \
	X(INSUFFICIENT_MEMORY, "insufficient-memory", WASI_ENOMEM) \
	X(INSUFFICIENT_SPACE, "insufficient-space", WASI_ENOSPC) X(NOT_DIRECTORY, "not-directory", WASI_ENOTDIR) \
	X(NOT_EMPTY, "not-empty", WASI_ENOTEMPTY) X(NOT_RECOVERABLE, "not-recoverable", 56) \
	X(UNSUPPORTED, "unsupported", WASI_ENOTSUP) X(NO_TTY, "no-tty", 59) X(NO_SUCH_DEVICE, "no-such-device", 60) \
	X(OVERFLOW, "overflow", 61) X(NOT_PERMITTED, "not-permitted", WASI_EPERM) X(PIPE, "pipe", WASI_EPIPE) \
	X(READ_ONLY, "read-only", 69) X(INVALID_SEEK, "invalid-seek", WASI_ESPIPE) \
	X(TEXT_FILE_BUSY, "text-file-busy", 74) X(CROSS_DEVICE, "cross-device", WASI_EXDEV)

enum {
#define CASE(id, name, wasi) P2_E_##id,
	ERROR_CODES(CASE)
#undef CASE
};

static const char *const names[] = {
#define NAME(id, name, wasi) name,
	ERROR_CODES(NAME)
#undef NAME
};

/* The errnos with no case of their own. */
static const struct { uint8_t wasi, code; } also[] = {
	{ WASI_ENOTCAPABLE, P2_E_NOT_PERMITTED }, /* a path outside, or a right not granted */
	{ WASI_ENOSYS, P2_E_UNSUPPORTED }, { 47 /* ENOLINK */, P2_E_NO_ENTRY },
	{ WASI_EMFILE, P2_E_INSUFFICIENT_MEMORY }, { 41 /* ENFILE */, P2_E_INSUFFICIENT_MEMORY },
	{ WASI_EFAULT, P2_E_INVALID }, { WASI_E2BIG, P2_E_INVALID },
};

uint32_t p2_error_code(uint32_t wasi_errno)
{
	static const uint8_t from[] = {
#define FROM(id, name, wasi) wasi,
		ERROR_CODES(FROM)
#undef FROM
	};
	for (uint32_t i = 0; i < sizeof from; i++)
		if (from[i] == wasi_errno)
			return i;
	for (size_t i = 0; i < sizeof also / sizeof *also; i++)
		if (also[i].wasi == wasi_errno)
			return also[i].code;
	return P2_E_IO;
}

RtCanonVal *p2_vals(RtCanonCx *cx, uint32_t n)
{
	RtCanonVal *v = rt_canon_arena_alloc(cx->arena, n * sizeof *v);
	if (!v)
		rt_canon_fail(cx, RT_CANON_E_NOMEM);
	else
		memset(v, 0, n * sizeof *v);
	return v;
}

bool p2_ok(RtCanonCx *cx, RtCanonVal *result, const RtCanonVal *payload)
{
	result->var.index = 0;
	result->var.payload = (RtCanonVal *)payload;
	return true;
}

bool p2_err(RtCanonCx *cx, RtCanonVal *result, const RtCanonVal *payload)
{
	result->var.index = 1;
	result->var.payload = (RtCanonVal *)payload;
	return true;
}

bool p2_fs_err(RtCanonCx *cx, RtCanonVal *result, uint32_t wasi_errno)
{
	RtCanonVal *code = p2_vals(cx, 1);
	if (!code)
		return false;
	p2_case(code, p2_error_code(wasi_errno));
	return p2_err(cx, result, code);
}

/* filesystem-error-code: func(err: borrow<error>) -> option<error-code>:
 * every error the host makes is a file system one. */
bool p2_filesystem_error_code(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtCanonVal *code = p2_vals(cx, 1);
	if (!code)
		return false;
	p2_case(code, p2_error_code((uint32_t)params[0].u));
	result->var.index = 1;
	result->var.payload = code;
	return true;
}

/* [method]error.to-debug-string: func(self: borrow<error>) -> string. */
bool p2_error_text(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	const char *s = names[p2_error_code((uint32_t)params[0].u)];
	result->str.ptr = s;
	result->str.len = (uint32_t)strlen(s);
	return true;
}
