/* nacre/canon.h: the canonical ABI type descriptor, a compact byte
 * encoding of component value and function types.  The compiler writes
 * one per lifted or lowered function as constant data
 * (backend/component/canon_type.c); the runtime checks it before use and
 * lifts and lowers values by it (runtime-lib/canon/).  Never trusted:
 * forged bytes are refused, never followed (rt_canon_check).
 *
 * Encoding (u32: unsigned LEB128, at most 5 bytes, value < 2^32):
 *
 *   descriptor := NACRE_CANON_VERSION (NACRE_CANON_FUNC func | valtype)
 *   func       := u32:nparams valtype^nparams u8:hasresult valtype^hasresult
 *   valtype    := NACRE_CANON_BOOL .. NACRE_CANON_STRING   (one byte)
 *               | NACRE_CANON_LIST valtype
 *               | NACRE_CANON_RECORD u32:n valtype^n       (n >= 1)
 *               | NACRE_CANON_TUPLE u32:n valtype^n        (n >= 1)
 *               | NACRE_CANON_VARIANT u32:n case^n         (n >= 1)
 *               | NACRE_CANON_ENUM u32:n                   (1 <= n <= 2^20)
 *               | NACRE_CANON_OPTION valtype
 *               | NACRE_CANON_RESULT u8:which [valtype:ok] [valtype:err]
 *                   (which: bit 0 ok present, bit 1 err present)
 *               | NACRE_CANON_FLAGS u32:n                  (1 <= n <= 32)
 *               | NACRE_CANON_OWN u32:resource | NACRE_CANON_BORROW u32:resource
 *   case       := 0x00 | 0x01 valtype                      (payload or none)
 *
 * Names are left out: lifting and lowering go by position, the way the
 * canonical ABI numbers fields and cases.  A resource is a number the
 * compiler assigns (an index into the instance's resource types, see
 * runtime-lib/canon/handles.c), below NACRE_CANON_MAX_RESOURCES.
 * Limits a checked descriptor meets: at most NACRE_CANON_MAX_BYTES bytes,
 * nesting at most NACRE_CANON_MAX_DEPTH, every elem_size below 2^28 (the
 * component model's own validation rule), and nothing after the type.
 */
#ifndef NACRE_CANON_H
#define NACRE_CANON_H

enum {
	NACRE_CANON_VERSION = 1,
	NACRE_CANON_MAX_BYTES = 1 << 16,
	NACRE_CANON_MAX_DEPTH = 32,
	NACRE_CANON_MAX_RESOURCES = 1 << 16,
	NACRE_CANON_MAX_ENUM = 1 << 20,
	NACRE_CANON_MAX_FLAT_PARAMS = 16,    /* CanonicalABI.md MAX_FLAT_PARAMS */
	NACRE_CANON_MAX_FLAT_RESULTS = 1,    /* MAX_FLAT_RESULTS */
};

/* Type codes: the first byte of a valtype (and of a func). */
enum {
	NACRE_CANON_BOOL = 0x00, NACRE_CANON_S8, NACRE_CANON_U8, NACRE_CANON_S16, NACRE_CANON_U16,
	NACRE_CANON_S32, NACRE_CANON_U32, NACRE_CANON_S64, NACRE_CANON_U64,
	NACRE_CANON_F32, NACRE_CANON_F64, NACRE_CANON_CHAR, NACRE_CANON_STRING,
	NACRE_CANON_LIST = 0x0d, NACRE_CANON_RECORD, NACRE_CANON_TUPLE, NACRE_CANON_VARIANT,
	NACRE_CANON_ENUM, NACRE_CANON_OPTION, NACRE_CANON_RESULT, NACRE_CANON_FLAGS,
	NACRE_CANON_OWN, NACRE_CANON_BORROW,
	NACRE_CANON_FUNC = 0x40,
};

/* String encodings (canonopt string-encoding). */
enum { NACRE_CANON_UTF8, NACRE_CANON_UTF16, NACRE_CANON_LATIN1_UTF16 };

#endif
