/* driver/driver.h: the nacre command line, one file per subcommand. */
#ifndef NACRE_DRIVER_H
#define NACRE_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "../backend/backend.h"
#include "../frontend/frontend.h"

/* Exit codes are part of the interface (CI scripts depend on them). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,     /* an input is malformed, invalid, or unfit for the request */
	EXIT_USAGE = 2,     /* bad usage, or a file could not be read or written */
	EXIT_INTERNAL = 3,  /* the toolchain failed (code generation, linking) */
};

/* input.c */
typedef struct Input {
	const char *path;
	uint8_t *bytes;
	size_t size;
} Input;
/* Reads a whole file; prints the reason and returns false on failure. */
int drv_input_read(const char *path, Input *out);
void drv_input_free(Input *in);
/* Loads and validates; prints diagnostics as FILE:0xOFFSET: error: ... */
IrModule *drv_module_load(const Input *in);
void drv_diags_print(const DiagSink *d, const IrModule *names, const char *path);

/* sha256.c: FIPS 180-4 SHA-256, in one go or in pieces. */
enum { DRV_SHA256_SIZE = 32, DRV_SHA256_HEX = 65 };
typedef struct Sha256 {
	uint32_t h[8];               /* the running hash */
	uint64_t len;                /* bytes hashed so far */
	uint8_t buf[64];             /* the partial block */
	size_t fill;                 /* bytes in buf */
} Sha256;
void drv_sha256_init(Sha256 *s);
void drv_sha256_update(Sha256 *s, const void *data, size_t n);
void drv_sha256_final(Sha256 *s, uint8_t out[DRV_SHA256_SIZE]);
/* Lowercase hex of the hash of data, NUL-terminated. */
void drv_sha256_hex(const void *data, size_t n, char hex[DRV_SHA256_HEX]);
void drv_hex(const uint8_t *bytes, size_t n, char *hex);  /* hex holds 2n + 1 */

/* note.c: the .note.nacre note (runtime-lib/include/nacre/note.h). */
typedef struct NoteRecord {
	const char *key;
	const char *value;
} NoteRecord;
/* The whole note, header to padding, in a malloc'd buffer; NULL when out
 * of memory or too large for its u32 sizes. */
uint8_t *drv_note_encode(const NoteRecord *recs, size_t n, size_t *size);
/* Splits a note into records pointing into p (every value is
 * NUL-terminated inside p), malloc'd into *recs.  On a malformed note
 * returns false with *why saying what is wrong (*recs is then NULL). */
bool drv_note_decode(const uint8_t *p, size_t size, NoteRecord **recs, size_t *n, const char **why);

/* flags.c: the build flags `nacre build` and `nacre run` share. */
typedef struct BuildFlags {
	BeOptions o;
	const char *in_path;
	const char *out;             /* build: -o */
	const char *header;          /* build --emit=obj: --header=PATH, or NULL for OUT's name with .h */
	NoteRecord *grants;          /* dir, dir-ro, env, env-pass: command-line order, values malloc'd */
	uint64_t stack_size;         /* --stack-size in bytes; 0: the default for the -O level */
	size_t ngrants;
	char features[BE_FEATURES_MAX]; /* --cpu-features made canonical; o.cpu_features points here */
	char **args;                 /* run: what follows "--" */
	int nargs;
} BuildFlags;
/* argv[0] is the subcommand; run mode takes no -o or --emit and stops at
 * "--".  Returns 0, or the exit status after printing why. */
int drv_flags_parse(BuildFlags *f, int argc, char **argv, bool run);
void drv_flags_free(BuildFlags *f);
/* The note for this build of in with options o (f's, completed): how it
 * was built and what it may reach. */
uint8_t *drv_flags_note(const BuildFlags *f, const BeOptions *o, const Input *in, size_t *size);

/* header.c: the C header beside an --emit=obj object (typed exports, the
 * import table), and the module name (NAME_module) the object's symbols carry. */
enum { DRV_MODULE_NAME_MAX = 64 };
/* --module-name=NAME and --header=PATH; 1 when a is neither, else 0 or
 * the exit status after printing why. */
int drv_header_flag(BuildFlags *f, const char *a);
/* Checks those flags against o->emit and, for an object without
 * --module-name, sets o->module_name to name made from out's base name. */
int drv_header_name(const BuildFlags *f, BeOptions *o, const char *out, char name[DRV_MODULE_NAME_MAX + 1]);
/* Writes the header of m, built from in_path to the object out; returns
 * an exit status after printing why. */
int drv_header_write(const IrModule *m, const BuildFlags *f, const char *name, const char *in_path,
                     const char *out);

/* build.c: load, check and compile in to out with f's options and note. */
int drv_build_compile(const BuildFlags *f, const Input *in, const char *out);

/* One function per subcommand: argv[0] is the subcommand's name. */
int drv_cmd_validate(int argc, char **argv);
int drv_cmd_dump(int argc, char **argv);
int drv_cmd_build(int argc, char **argv);
int drv_cmd_inspect(int argc, char **argv);
int drv_cmd_run(int argc, char **argv);

#endif
