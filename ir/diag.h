/* ir/diag.h: the diagnostic sink every stage reports into.
 * Fallible functions return a status and append here; the caller owns the
 * sink and decides how to print it.  Codes come from diag.def.
 */
#ifndef NACRE_IR_DIAG_H
#define NACRE_IR_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum DiagCode {
	DIAG_NONE,
#define DIAG(code, kind, text) DIAG_##code,
#include "diag.def"
#undef DIAG
	DIAG_COUNT
} DiagCode;

typedef enum DiagKind {
	DIAG_KIND_MALFORMED, DIAG_KIND_INVALID, DIAG_KIND_INTERNAL, DIAG_KIND_LIMIT, DIAG_KIND_USAGE
} DiagKind;

enum { DIAG_NO_FUNC = UINT32_MAX, DIAG_DETAIL_MAX = 160, DIAG_MAX = 16 };

typedef struct Diagnostic {
	DiagCode code;
	size_t offset;                /* absolute byte offset in the input */
	uint32_t func;                /* function index, or DIAG_NO_FUNC */
	char detail[DIAG_DETAIL_MAX]; /* what follows the fixed text, or "" */
} Diagnostic;

typedef struct DiagSink {
	Diagnostic items[DIAG_MAX];
	unsigned n;                   /* kept (at most DIAG_MAX) */
	unsigned dropped;             /* reported beyond DIAG_MAX */
} DiagSink;

const char *diag_text(DiagCode code);
DiagKind diag_kind(DiagCode code);
const char *diag_code_name(DiagCode code);
/* Appends one diagnostic; detail is printf-style and may be NULL. */
void diag_report(DiagSink *s, DiagCode code, size_t offset, uint32_t func,
                 const char *detail, ...) __attribute__((format(printf, 5, 6)));
/* "FILE:0xOFFSET: error: text: detail (func N)" on one line. */
void diag_print(const Diagnostic *d, const char *file, const char *funcname, FILE *out);

#endif
