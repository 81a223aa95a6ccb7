/* frontend/text/loc.c: line and column of a byte offset, for diagnostics
 * about text input.  The diagnostic sink keeps offsets only (as it does for
 * binaries); the line is found again when printing, counting CR, LF and
 * CR LF as one line break each (spec 6.2.2), as the lexer does.
 */
#include "text.h"

TxLoc tx_loc_of(const uint8_t *src, size_t len, size_t offset)
{
	TxLoc loc = { .offset = offset, .line = 1 };
	size_t line_start = 0;
	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++) {
		if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n'))) {
			loc.line++;
			line_start = i + 1;
		}
	}
	loc.col = (uint32_t)(offset - line_start + 1);
	return loc;
}

void tx_diag_print(const Diagnostic *d, const char *file, const uint8_t *src, size_t len, FILE *out)
{
	TxLoc at = tx_loc_of(src, len, d->offset);
	fprintf(out, "%s:%u:%u: error: %s", file, at.line, at.col, diag_text(d->code));
	if (d->detail[0])
		fprintf(out, ": %s", d->detail);
	fputc('\n', out);
}
