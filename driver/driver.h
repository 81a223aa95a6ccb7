/* driver/driver.h: the nacre command line, one file per subcommand. */
#ifndef NACRE_DRIVER_H
#define NACRE_DRIVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../backend/backend.h"
#include "../frontend/frontend.h"
#include "../ir/component.h"
#include "../ir/sha256.h"
#include "../runtime-lib/note_codec.h"

/* Exit codes are part of the interface (CI scripts depend on them). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,     /* an input is malformed, invalid, or unfit for the request */
	EXIT_USAGE = 2,     /* bad usage, or a file could not be read or written */
	EXIT_INTERNAL = 3,  /* the toolchain failed (code generation, linking) */
};

enum { DRV_PATH_MAX = 4096 };

/* main.c: "nacre COMMAND", the prefix of every error the command prints. */
const char *drv_command(void);

/* help.c: the subcommands, their help, and the version. */
typedef struct DrvCommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;        /* after "usage: nacre " */
	const char *summary;         /* what it does, one line */
	const char *more;            /* its help's next lines, or "" */
	const char *options;         /* one "  --flag  what" a line, or "" */
} DrvCommand;
const DrvCommand *drv_command_find(const char *name);  /* NULL: no such command */
void drv_help(FILE *out);
void drv_help_command(const DrvCommand *c, FILE *out);
/* True (after printing c's help) when argv has -h or --help before "--". */
bool drv_help_asked(int argc, char **argv, const char *name);
void drv_version(FILE *out);

/* report.c: diagnostics as text on stderr, or JSON or SARIF on stdout. */
typedef enum DrvFormat { DRV_FORMAT_TEXT, DRV_FORMAT_JSON, DRV_FORMAT_SARIF } DrvFormat;
typedef struct Report {
	DrvFormat format;
	const char *cmd;             /* "validate", "build" */
	unsigned nfiles, nresults;   /* written so far */
} Report;
/* --diagnostics=FORMAT: 1 when a is not that flag, else 0 or the exit
 * status after printing why. */
int drv_report_flag(Report *r, const char *a, const char *cmd);
void drv_report_begin(Report *r);
/* One input's outcome (no diagnostics: it passed); names gives function
 * names, may be NULL.  r NULL: text. */
void drv_report_file(Report *r, const char *path, const DiagSink *d, const IrModule *names);
/* One diagnostic without a place in the input (e.g. READ_INPUT). */
void drv_report_error(Report *r, const char *path, DiagCode code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void drv_report_end(Report *r);
void drv_json_string(FILE *out, const char *s, size_t n);

/* input.c */
typedef struct Input {
	const char *path;            /* as given; "-" is stdin */
	uint8_t *bytes;
	size_t size;
	Report *report;              /* where its diagnostics go; NULL: text */
	const char *why;             /* after a failed read: the reason */
	uint32_t features;           /* FE_FEAT_* accepted; FE_FEATURES_3_0 after drv_input_read */
} Input;
/* Reads a whole file ("-": stdin); prints the reason and returns false
 * on failure. */
int drv_input_read(const char *path, Input *out);
void drv_input_free(Input *in);
/* The name diagnostics give an input: "<stdin>" for "-". */
const char *drv_input_name(const char *path);
/* features.c: --features=VALUE into *features; 0, or EXIT_USAGE after
 * saying why (cmd names the command). */
int drv_features_flag(const char *cmd, const char *value, uint32_t *features);
/* Loads and validates; reports the diagnostics of a failure. */
IrModule *drv_module_load(const Input *in);
/* The same, with the seconds decoding and validating took in secs. */
IrModule *drv_module_load_timed(const Input *in, double secs[2]);

/* output.c: a build's output, written under a temporary name beside it
 * and renamed when whole; an interrupted build removes it. */
typedef struct Output {
	const char *path;            /* the user's */
	char tmp[DRV_PATH_MAX];      /* where the backend writes */
} Output;
/* 0, or EXIT_USAGE after saying why path cannot be written (naming it). */
int drv_output_check(const char *path, const char *const *inputs, size_t ninputs);
void drv_output_begin(Output *o, const char *path);
int drv_output_commit(Output *o);   /* renames; an exit status */
void drv_output_abort(Output *o);   /* removes the temporary and its parts */
void drv_output_name_diags(const Output *o, DiagSink *d);
/* Where the backend publishes its linker's process id (BeOptions), for
 * the handler that cleans up after a signal to stop it first. */
volatile sig_atomic_t *drv_output_linker(void);


/* note.c: the .note.nacre note (runtime-lib/include/nacre/note.h), in
 * malloc'd buffers over the codec of runtime-lib/note_codec.h. */
/* The whole note, header to padding, in a malloc'd buffer; NULL when out
 * of memory or too large for its u32 sizes. */
uint8_t *drv_note_encode(const RtNoteRecord *recs, size_t n, size_t *size);
/* Splits a note into records pointing into p (every value is
 * NUL-terminated inside p), malloc'd into *recs.  On a malformed note
 * returns false with *why saying what is wrong (*recs is then NULL). */
bool drv_note_decode(const uint8_t *p, size_t size, RtNoteRecord **recs, size_t *n, const char **why);
/* Where in a .note.nacre section of size bytes the build's note starts:
 * a linked component holds each core module's bare target note before
 * it.  0 (the first note) when no well-formed note is a build's. */
size_t drv_note_pick(const uint8_t *p, size_t size);

/* runtime_dir.c: the folder of the per-target runtime archives: flag
 * (--runtime-dir), else $NACRE_RUNTIME_DIR, else <bin>/../lib/nacre or
 * <bin>/lib/nacre beside nacre's own executable. */
void drv_runtime_dir(const char *flag, char out[BE_PATH_MAX]);

/* flags.c: the build flags `nacre build` and `nacre run` share. */
typedef struct BuildFlags {
	BeOptions o;
	const char *in_path;
	const char *out;             /* build: -o */
	const char *header;          /* build --emit=obj: --header=PATH, or NULL for OUT's name with .h */
	RtNoteRecord *grants;          /* dir, dir-ro, env, env-pass: command-line order, values malloc'd */
	uint64_t stack_size;         /* --stack-size in bytes; 0: the default for the -O level */
	uint64_t max_memory;         /* --max-memory in bytes, whole 64 KiB pages; 0: none */
	uint64_t max_exceptions;     /* --max-exceptions in bytes; 0: the runtime's default */
	uint64_t timeout_ns;         /* --timeout in nanoseconds; 0: none */
	uint64_t fuel;               /* --fuel, when has_fuel */
	bool has_fuel;
	size_t ngrants;
	char features[BE_FEATURES_MAX]; /* --cpu-features made canonical; o.cpu_features points here */
	Report report;               /* build: --diagnostics */
	char **args;                 /* run: what follows "--" */
	int nargs;
	const char *runtime_flag;    /* --runtime-dir=DIR, or NULL */
	char runtime_dir[BE_PATH_MAX]; /* where the archives are (runtime_dir.c); o.runtime_dir points here */
	bool verbose;                /* -v: phase times (and nacre run's cache) on stderr */
	bool cache;                  /* build --cache: reuse and fill the build cache */
	bool part_cache;             /* run and build --cache: the partition cache too */
	uint32_t wasm_features;      /* --features=: FE_FEAT_* the frontend accepts */
} BuildFlags;
/* argv[0] is the subcommand; run mode takes no -o or --emit and stops at
 * "--".  Returns 0, or the exit status after printing why. */
int drv_flags_parse(BuildFlags *f, int argc, char **argv, bool run);
void drv_flags_free(BuildFlags *f);
/* --target=help and --cpu=help (for the --target given, else this
 * machine's): true after listing the valid names on stdout. */
bool drv_flags_help(int argc, char **argv);
/* The note for this build of in with options o (f's, completed): how it
 * was built and what it may reach. */
uint8_t *drv_flags_note(const BuildFlags *f, const BeOptions *o, const Input *in, size_t *size);

/* header.c: where the C header beside an --emit=obj object goes, and the
 * module name (NAME_module) the object's symbols carry; the backend
 * writes its text (be_header_emit). */
/* --module-name=NAME and --header=PATH; 1 when a is neither, else 0 or
 * the exit status after printing why. */
int drv_header_flag(BuildFlags *f, const char *a);
/* Checks those flags against o->emit and, for an object without
 * --module-name, sets o->module_name to name made from out's base name. */
int drv_header_name(const BuildFlags *f, BeOptions *o, const char *out, char name[BE_MODULE_NAME_MAX + 1]);
/* Where the header of the object out goes (--header, or OUT with .h);
 * malloc'd, NULL when out of memory. */
char *drv_header_path(const BuildFlags *f, const char *out);
/* Writes the header of m, built from in_path, to to->tmp; returns an
 * exit status after printing why (naming to->path). */
int drv_header_write(const IrModule *m, const char *name, const char *in_path, const Output *to);

/* cache.c: the compile cache of nacre run and nacre build --cache. */
/* $NACRE_CACHE_DIR, else $XDG_CACHE_HOME/nacre, else $HOME/.cache/nacre. */
bool drv_cache_dir(char *buf, size_t size);
bool drv_cache_make_dir(char *path);  /* mkdir -p, mode 0700 */
/* The key of in built with f and o: false when out of memory. */
bool drv_cache_key(const BuildFlags *f, const BeOptions *o, const Input *in, char hex[IR_SHA256_HEX]);
/* Copies from to to through a temporary file and a rename; says why it
 * failed, naming shown, only when from could be read. */
typedef enum DrvCopy { DRV_COPY_OK, DRV_COPY_NO_SOURCE, DRV_COPY_FAILED } DrvCopy;
DrvCopy drv_cache_copy(const char *from, const char *to, const char *shown);
/* The temporary name beside to that an entry is written under first. */
void drv_cache_temp_name(char *buf, size_t size, const char *to);
/* Marks an entry used: trimming goes by when each was last used. */
void drv_cache_touch(const char *path);
/* Removes the least recently used entries of dir and of its partition
 * cache (DRV_PARTS_DIR) past NACRE_CACHE_MAX together, never keep (the
 * entry just made, which its caller is about to use). */
void drv_cache_trim(const char *dir, const char *keep);
/* What decides output bytes besides the input and the options: LLVM's
 * version, the CPU --cpu=native is, the compiler binary. */
void drv_cache_identity(Sha256 *s, const BeOptions *o);

/* part_cache.c: the backend's partition cache (backend/part_key.c keys
 * it), in the folder DRV_PARTS_DIR of the compile cache. */
#define DRV_PARTS_DIR "parts"
typedef struct DrvPartCache {
	BePartCache be;
	char dir[DRV_PATH_MAX];
} DrvPartCache;
/* Ready for o's builds; false (said why) when there is no cache. */
bool drv_part_cache_open(DrvPartCache *c, const BeOptions *o);

/* verbose.c: -v's phase times and a terminal's progress line, on stderr. */
double drv_now(void);  /* seconds, monotonic */
/* front: decode and validate; total: the whole build. */
void drv_verbose_times(const BeTimes *t, const double front[2], double total);
typedef struct DrvProgress {
	double start;                /* drv_now() when the build began */
	const char *what;            /* the input's name */
	bool shown;                  /* a line is on the terminal */
} DrvProgress;
/* Hooks p into t when stderr is a terminal and not a CI log. */
void drv_progress_start(DrvProgress *p, BeTimes *t, const char *what);
void drv_progress_end(const DrvProgress *p);  /* clears the line */

/* build.c: load, check and compile in to out with f's options and note. */
int drv_build_compile(const BuildFlags *f, const Input *in, const char *out);
/* build_component.c: drv_build_compile's part for a component input. */
int drv_build_component(const BuildFlags *f, const Input *in, const char *out);

/* One function per subcommand: argv[0] is the subcommand's name. */
int drv_cmd_validate(int argc, char **argv);
int drv_cmd_dump(int argc, char **argv);
int drv_cmd_build(int argc, char **argv);
int drv_cmd_inspect(int argc, char **argv);
int drv_cmd_run(int argc, char **argv);
int drv_cmd_help(int argc, char **argv);
int drv_cmd_cache(int argc, char **argv);
int drv_cmd_wast(int argc, char **argv);

#endif
