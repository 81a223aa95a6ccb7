/* wasi-shim/p2/p2.h: WASI 0.2 for a component executable.  bind.c gives
 * every function a component lowers from the host (calls.h) a host
 * function that crosses the canonical ABI (runtime-lib/canon/) and calls
 * the row's C function on host values; cli.c and streams.c are those
 * functions, on the descriptors and grants the WASI versions share
 * (../wasi.h).  An output stream's rep is its WASI descriptor. */
#ifndef NACRE_WASI_P2_H
#define NACRE_WASI_P2_H

#include "../../runtime-lib/canon/rt_canon.h"
#include "../../runtime-lib/cm_plan_codec.h"
#include "../wasi.h"

/* How a stream reaches its descriptor's bytes. */
enum { P2_PIPE, P2_AT, P2_APPEND };

/* An input or output stream (the rep of either is its index here): the
 * WASI descriptor it moves bytes through and, for a file's stream, where. */
typedef struct P2Stream {
	bool used;                   /* first, for p2_slot_new */
	bool orphan;                 /* its descriptor was dropped: the last stream on it closes it */
	uint8_t how;                 /* P2_PIPE, P2_AT, P2_APPEND */
	uint32_t fd;
	uint64_t offset;             /* P2_AT: the next byte's */
} P2Stream;

/* A pollable (the rep is its index here): ready when the host descriptor
 * is ready for `events`, or, with none, once the monotonic clock reaches
 * `deadline` (0: at once). */
typedef struct P2Poll {
	bool used;                   /* first, for p2_slot_new */
	short events;                /* poll(2)'s POLLIN or POLLOUT on host */
	int host;
	uint64_t deadline;
} P2Poll;

/* What every function of the program sees (the env of each row). */
typedef struct P2Ctx {
	WasiCtx *w;
	NacreStore *store;
	const NacreCmPlan *plan;
	NacreInstance **instances;   /* the plan's, NULL until made */
	RtCanonHandles handles;      /* the component instance's */
	RtCanonArena types;          /* the checked descriptors */
	P2Stream *streams;           /* owned; grows */
	uint32_t nstreams;
	P2Poll *polls;               /* owned; grows */
	uint32_t npolls;
} P2Ctx;

#define P2_DECLARE(interface, name, fn, ...) bool fn(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result);
#include "calls.h"
WASI_P2_FUNCS(P2_DECLARE)
#undef P2_DECLARE

/* bind.c: the host function for lowered function i of the plan, and the
 * handle table for the plan's resources; false (err says why) when the
 * runtime cannot provide it. */
bool p2_handles_init(P2Ctx *p, NacreError *err);
bool p2_bind(P2Ctx *p, uint32_t i, NacreExtern *out, NacreError *err);
/* shape.c: whether a lowered function's checked descriptor is exactly
 * the type a row of calls.h gives it, its resources the rows of
 * WASI_P2_RESOURCES the row names. */
bool p2_shape_ok(const NacreCmPlan *plan, const uint8_t *type, size_t n, const uint8_t *shape, size_t shape_len);
/* Which row of WASI_P2_RESOURCES the plan's resource r is; -1: none. */
int p2_host_resource(const NacreCmPlan *plan, uint32_t r);
/* A result variant's case with no payload (ok, or an error code). */
void p2_case(RtCanonVal *v, uint32_t index);
/* result<T, E>: ok with payload (NULL: none), or err with a payload. */
bool p2_ok(RtCanonCx *cx, RtCanonVal *result, const RtCanonVal *payload);
bool p2_err(RtCanonCx *cx, RtCanonVal *result, const RtCanonVal *payload);
/* A fresh host value in the call's arena (zeroed n of them). */
RtCanonVal *p2_vals(RtCanonCx *cx, uint32_t n);

/* errors.c: err(error-code) for a WASI errno (wasi:filesystem's
 * error-code, case by case); the error-code of one. */
bool p2_fs_err(RtCanonCx *cx, RtCanonVal *result, uint32_t wasi_errno);
uint32_t p2_error_code(uint32_t wasi_errno);

/* slots.c: a free entry of a table whose entries start with a `used`
 * flag (size bytes each), the table doubled if none is free; its index
 * in *index, NULL when out of memory. */
void *p2_slot_new(void **table, uint32_t *n, size_t size, uint32_t *index);

/* poll.c: a new pollable as an own<pollable> result (false: out of
 * memory); its destructor; the table freed with the program. */
bool p2_poll_new(P2Ctx *p, RtCanonCx *cx, P2Poll q, RtCanonVal *result);
void p2_poll_drop(void *env, uint32_t rep);
void p2_polls_free(P2Ctx *p);

/* streams.c: a new stream's rep; false when out of memory.  Dropping
 * one (the resource's destructor) frees its slot. */
bool p2_stream_new(P2Ctx *p, uint32_t fd, uint8_t how, uint64_t offset, uint32_t *rep);
void p2_stream_drop(void *env, uint32_t rep);
/* Whether a live stream moves bytes through fd; marks those orphans. */
bool p2_streams_adopt(P2Ctx *p, uint32_t fd);
void p2_streams_free(P2Ctx *p);

/* filesystem.c: the descriptor a rep names if it holds `rights` (a WASI
 * errno if not); the same for a directory (not-directory for others);
 * a path argument as a C string (name-too-long, invalid with a NUL). */
uint32_t p2_desc(P2Ctx *p, uint64_t rep, uint64_t rights, WasiFd **f);
uint32_t p2_dir(P2Ctx *p, uint64_t rep, uint64_t rights, WasiFd **d);
uint32_t p2_path(const RtCanonVal *s, char buf[4096]);
/* Destructors: a descriptor's (filesystem.c), a directory-entry-stream's
 * (dirs.c). */
void p2_descriptor_drop(void *env, uint32_t rep);
void p2_dir_stream_drop(void *env, uint32_t rep);
/* clocks.c: the monotonic clock now, in ns. */
uint64_t p2_monotonic(void);
/* paths.c: a new-timestamp as the OS layer's time and how to set it. */
void p2_new_timestamp(const RtCanonVal *v, uint64_t *ns, int *how);
/* stat.c: the descriptor-type of a stat mode. */
uint32_t p2_dtype(uint32_t mode);

#endif
