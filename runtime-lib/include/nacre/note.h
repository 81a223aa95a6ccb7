/* nacre/note.h: the .note.nacre ELF note every nacre object carries: how
 * it was built (compiler version, target, options, input hash) and, for an
 * executable, the capabilities its build granted.  The driver writes it
 * (driver/note.c), `nacre inspect` prints it, and the runtime reads the
 * grants from it at start-up through the symbol NACRE_NOTE_SYMBOL.
 *
 * Layout (target byte order; every nacre target is little-endian):
 *   u32 namesz = NACRE_NOTE_NAMESZ, u32 descsz, u32 type = NACRE_NOTE_TYPE,
 *   name "nacre\0" padded to 8 bytes, then descsz bytes of desc padded to 4.
 * desc is a sequence of records KEY\0VALUE\0: first version, target,
 * input-sha256 (lowercase hex), input-size (decimal) and options, in that
 * order; for an executable, stack-size: the bytes of native stack its Wasm
 * code may use (decimal; `--stack-size`, or the default for its -O
 * level); then, each only when its option was given and in this order,
 * max-memory (bytes, decimal; `--max-memory`), timeout (nanoseconds,
 * decimal; `--timeout`) and fuel (decimal; `--fuel`); then the grants in
 * command-line order:
 *   dir     HOST::GUEST   preopened read-write, fds 3, 4, ... in order
 *   dir-ro  HOST::GUEST   preopened read-only, in the same numbering
 *   env     NAME=VALUE    set in the program's environment
 *   env-pass NAME         the host's value of NAME, if set, at run time
 * HOST holds no "::" (the first "::" splits); a relative HOST resolves
 * against the working directory when the program starts.
 * Built through the backend alone (no driver, so no note given), an
 * object's note holds the target record only: nacre_module_open refuses
 * a shared object whose note does not name its own target.
 */
#ifndef NACRE_NOTE_H
#define NACRE_NOTE_H

#define NACRE_NOTE_SECTION ".note.nacre"
#define NACRE_NOTE_SYMBOL "nacre_note"    /* extern const unsigned char nacre_note[] */
#define NACRE_NOTE_NAME "nacre"

enum {
	NACRE_NOTE_TYPE = 1,
	NACRE_NOTE_NAMESZ = 6,         /* "nacre" and its NUL */
	NACRE_NOTE_NAME_PADDED = 8,
	NACRE_NOTE_HEADER = 12,        /* namesz, descsz, type */
	NACRE_NOTE_DESC_OFFSET = 20,   /* header and padded name */
};

/* Record keys. */
#define NACRE_NOTE_KEY_VERSION "version"
#define NACRE_NOTE_KEY_TARGET "target"
#define NACRE_NOTE_KEY_INPUT_SHA256 "input-sha256"
#define NACRE_NOTE_KEY_INPUT_SIZE "input-size"
#define NACRE_NOTE_KEY_OPTIONS "options"
#define NACRE_NOTE_KEY_DIR "dir"
#define NACRE_NOTE_KEY_DIR_RO "dir-ro"
#define NACRE_NOTE_KEY_ENV "env"
#define NACRE_NOTE_KEY_ENV_PASS "env-pass"
#define NACRE_NOTE_KEY_STACK_SIZE "stack-size"
#define NACRE_NOTE_KEY_MAX_MEMORY "max-memory"
#define NACRE_NOTE_KEY_TIMEOUT "timeout"
#define NACRE_NOTE_KEY_FUEL "fuel"
#define NACRE_NOTE_KEY_MAX_EXCEPTIONS "max-exceptions"

/* Between HOST and GUEST in a dir or dir-ro record. */
#define NACRE_NOTE_DIR_SEP "::"

#endif
