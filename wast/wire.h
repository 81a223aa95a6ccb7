/* wast/wire.h: the line protocol between nacre-spec (which reads
 * the JSON and compiles, on the host) and nacre-wast-target (which loads
 * and runs the compiled modules, natively or under qemu-user), and what
 * both sides share.  No jansson and no LLVM here: the target side is built
 * for every architecture against its C library alone.
 *
 * One command a line from nacre-spec, one reply a line back; fields are
 * separated by one space, and names and messages are escaped (spec_wire_escape)
 * so that they hold no space, line break or '%'.
 *   load ID PATH        open PATH, link it (registered names, then spectest)
 *                       and instantiate it as instance ID
 *   register NAME ID    imports from module NAME come from instance ID
 *   invoke ID FIELD V.. call export FIELD of instance ID with the values
 *   get ID FIELD        read export FIELD (a global) of instance ID
 * Replies:
 *   ok V...             done (invoke and get: the results)
 *   fail STATUS TEXT MESSAGE
 *                       nacre's status (error, unlinkable, trapped), the
 *                       trap's text (the message when it is no trap), and
 *                       the message
 *   bad MESSAGE         the command could not be run (no such export ...)
 * A value V is TYPE:HEX: i32 and f32 eight digits of their bits, i64 and
 * f64 sixteen, v128 its 16 bytes in memory order, references the pointer.
 */
#ifndef NACRE_SPEC_WIRE_H
#define NACRE_SPEC_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nacre.h"

enum {
	SPEC_WIRE_LINE_MAX = 1 << 16, /* a command or reply, line break included */
	SPEC_WIRE_VALUE_MAX = 48,     /* one encoded value: "v128:" and 32 digits */
};

/* "i32" ... "externref" for NACRE_I32 ...; "?" for anything else. */
const char *spec_type_name(uint8_t type);

/* Appends s[0..n) escaped to out (of size len, always terminated); false
 * when it did not fit. */
bool spec_wire_escape(const char *s, size_t n, char *out, size_t len);
/* Unescapes s in place; returns the length (the bytes may hold NULs). */
size_t spec_wire_unescape(char *s);

/* Writes "TYPE:HEX" into out (SPEC_WIRE_VALUE_MAX bytes). */
void spec_wire_value_put(uint8_t type, const NacreValue *v, char *out);
/* Reads one "TYPE:HEX"; false when it is not one. */
bool spec_wire_value_get(const char *s, uint8_t *type, NacreValue *v);

/* Splits line at spaces into at most nf fields; returns their number. */
int spec_wire_split(char *line, char **f, int nf);

/* spectest.c: the host module every spec script may import from. */
typedef struct Spectest Spectest;
Spectest *spectest_new(NacreStore *store, char *err, size_t errlen);
void spectest_free(Spectest *s);
/* The export `name` of spectest; false when there is none. */
bool spectest_lookup(const Spectest *s, const char *name, size_t len, NacreExtern *out);

#endif
