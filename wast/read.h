/* wast/read.h: shared by the .wast text reader's files (read.c: the
 * commands, read_value.c: the constants and result patterns).
 */
#ifndef NACRE_WAST_READ_H
#define NACRE_WAST_READ_H

#include "frontend/text/text.h"
#include "script.h"

/* One argument, (i32.const 1) ... (ref.extern 3), or with expected an
 * expected result, which may also be a NaN or reference pattern; false
 * with why (a static text) when it is none of them. */
bool wast_value_read(const TxNode *n, bool expected, SpecValue *out, const char **why);

#endif
