/* wast/script.h: a spec script (.wast) as a list of commands, the one
 * representation the engine runs.  Two readers make it: wast/read*.c from
 * .wast text (nacre wast), and tests/spec/spec_json.c from wast2json's
 * output (nacre-spec).  Command types and field names are wast2json's, so
 * that both routes judge and report the same way.  Every string and array
 * is malloc'd and owned by the script.
 */
#ifndef NACRE_WAST_SCRIPT_H
#define NACRE_WAST_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir/diag.h"
#include "nacre.h"

/* What an expected lane (or scalar) accepts. */
enum { SPEC_MATCH_EXACT, SPEC_MATCH_NAN_CANONICAL, SPEC_MATCH_NAN_ARITHMETIC, SPEC_MATCH_NON_NULL,
       SPEC_MATCH_ANY_NULL /* (ref.null) without a type: a null of any reference type */ };
/* The lane shapes of a v128, the shape it is written in. */
enum { SPEC_LANE_I8, SPEC_LANE_I16, SPEC_LANE_I32, SPEC_LANE_I64, SPEC_LANE_F32, SPEC_LANE_F64 };

/* An argument, or an expected result (which may be a pattern). */
typedef struct SpecValue {
	uint8_t type;          /* NACRE_I32 ... NACRE_EXTERNREF */
	uint8_t lane;          /* v128: SPEC_LANE_* */
	uint8_t nlanes;        /* v128: 16, 8, 4 or 2; 1 for scalars */
	uint8_t match[16];     /* per lane SPEC_MATCH_*; [0] for scalars */
	NacreValue v;
} SpecValue;

/* One expected result: a value, or (either v...) its alternatives. */
typedef struct WastExpect {
	bool either;
	uint32_t n;            /* 1, or the number of alternatives */
	SpecValue *values;
	char *error;           /* it could not be read: why (then n is 0) */
} WastExpect;

typedef struct WastAction {
	char *type;            /* "invoke" or "get" (anything else fails) */
	char *module;          /* $name, or NULL: the current instance */
	char *field;           /* the export's name, field_len bytes */
	size_t field_len;
	SpecValue *args;
	uint32_t nargs;
	char *error;           /* an argument could not be read: why */
} WastAction;

/* The module a command carries. */
typedef struct WastModule {
	char *filename;        /* how reports name it ("name.3.wasm") */
	bool text;             /* wast2json's text module: not applicable */
	uint8_t *bytes;        /* the binary, when it has one */
	size_t size;
	bool rejected;         /* the text reader refused it: diag says why, */
	Diagnostic diag;
	uint32_t diag_line, diag_col; /* at this place in the .wast */
	char *error;           /* it could not be read at all: why */
} WastModule;

typedef struct WastCommand {
	char *type;            /* "module", "assert_return", ... */
	unsigned line;         /* its line in the .wast */
	unsigned key_line;     /* the line xfail lists know it by, when not line:
	                        * wast2json's, an assertion's module or action */
	char *name;            /* module: its $name; register: whose instance */
	char *instance;        /* module_instance: the new instance's $name */
	char *module;          /* the definition a command instantiates */
	char *as;              /* register: the name imports use */
	char *text;            /* assertions: the expected message */
	bool has_module;
	WastModule mod;
	bool has_action;
	WastAction action;
	WastExpect *expected;
	uint32_t nexpected;
	char *error;           /* the command could not be read: why */
} WastCommand;

typedef struct WastScript {
	char *name;            /* "binary.wast": reports and xfail keys */
	char *path;            /* the file it came from (for file:line) */
	char *source;          /* a converted script's .wast as the converter
	                        * wrote it ("linking/unit.wast"), or NULL */
	WastCommand *cmds;
	size_t n, cap;
} WastScript;

/* script.c */
/* Room for one more of *n elements of size bytes in the growable array
 * *items of *cap (doubling, from first); false when out of memory. */
bool wast_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);
/* A new command at the end (zeroed but for type and line); NULL when out
 * of memory. */
WastCommand *wast_script_add(WastScript *s, const char *type, unsigned line);
void wast_script_free(WastScript *s);
/* "dir/name.json" or "dir/name.wast" -> "name.wast", or "sub/name.wast"
 * when path is root/sub/name.* (malloc'd; root may be NULL). */
char *wast_script_name(const char *root, const char *path);
/* A malloc'd copy of n bytes and a NUL (NULL when out of memory). */
char *wast_strndup(const void *p, size_t n);

/* Reads a script; on failure writes why into err and returns false.
 * suite (may be NULL) is the folder the run's files are under: names
 * are then relative to it. */
typedef bool WastReader(const char *path, const char *suite, WastScript *out, char *err,
                        size_t errlen);

/* read.c: the .wast text reader. */
bool wast_read_file(const char *path, const char *suite, WastScript *out, char *err, size_t errlen);
bool wast_read_text(const uint8_t *src, size_t len, WastScript *out, char *err, size_t errlen);

#endif
