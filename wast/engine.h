/* wast/engine.h: the spec script engine, shared by `nacre wast` (which
 * reads .wast text, wast/read.c) and tests/spec's nacre-spec (which reads
 * wast2json's output).  fork.c runs each script in a forked child
 * (child.c) and reads its results through a pipe; report.c judges them
 * against the xfail list (xfail.c).  In the child, the script's reader
 * makes its commands (script.h), validate.c checks modules against the
 * frontend, and exec.c compiles them and has the executor (target.c,
 * through remote.c) load and run them on the target, with values.c for
 * the values; wire.h is the protocol between the two.
 */
#ifndef NACRE_WAST_ENGINE_H
#define NACRE_WAST_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ir/diag.h"
#include "ir/module.h"
#include "nacre.h"
#include "wire.h"
#include "wast/script.h"

enum { SPEC_WHY_MAX = 512 };

/* options.c: an option's value, given as "--name VALUE", "--name=VALUE"
 * or (a one-letter name) "-jN", advancing *i past a separate value; NULL
 * when argv[*i] is not it.  And a decimal number in [min, max]. */
const char *wast_option_value(int argc, char **argv, int *i, const char *name);
bool wast_option_number(const char *s, unsigned min, unsigned max, unsigned *out);

/* What happened to the commands of one script, or of the whole run. */
typedef struct SpecCounts {
	unsigned passed;     /* checked and right (unexpected passes included) */
	unsigned failed;     /* checked and wrong, or input that could not be read */
	unsigned xfailed;    /* wrong, and listed in the xfail file */
	unsigned unexpected; /* listed in the xfail file, yet right */
	unsigned stale;      /* xfail entries that match no checked command */
	unsigned text;       /* text-format assert_malformed: not applicable */
	unsigned not_run;    /* commands for the execution runner (--validate-only) */
	unsigned wrong_kind; /* rejected, but as INVALID instead of MALFORMED or back */
	unsigned crashes;    /* the child died (signal, timeout) during a command */
	unsigned modules;    /* modules compiled */
	unsigned reused;     /* modules the run had compiled already (the same bytes) */
	uint64_t compile_us; /* time spent compiling them */
	uint64_t slowest_us; /* the command that took longest ... */
	unsigned slowest_line;
	char slowest_file[64]; /* ... and where it is */
} SpecCounts;

/* How the whole run is made (driver/wast.c or tests/spec/spec_main.c fills it
 * from the command line). */
typedef struct SpecOptions {
	bool validate_only;  /* the frontend alone: actions are counted, not run */
	bool verbose;        /* show every rejection and expected failure */
	uint32_t bounds;     /* NACRE_BOUNDS_GUARD or NACRE_BOUNDS_EXPLICIT */
	bool bounds_mask;    /* --bounds=masked: explicit, addresses clamped too */
	bool spectre;        /* --spectre: masked and the rest of BeOptions.spectre */
	bool interruptible;  /* --interruptible: loop headers check for an interrupt */
	bool metered;        /* --metered: code consumes fuel (the store's is unlimited) */
	int opt;             /* optimisation level, 0..3 */
	const char *work;    /* where the shared objects go: WORK/<json stem>/ */
	bool keep;           /* keep them after the run (--work given) */
	unsigned timeout;    /* seconds one command may take before it counts as hung */
	unsigned jobs;       /* files run at the same time */
	unsigned partition_bytes; /* backend partition size; 0: the default */
	const char *target;  /* the backend's target by name; NULL: this machine's */
	const char *executor; /* nacre-wast-target built for that target */
	const char *emulator; /* qemu-user for it; NULL: it runs here */
	const char *sysroot; /* the emulator's -L: the target's C library */
	const char *cache;   /* WORK/cache: the compiled modules by content */
	const char *suite;   /* --root: file names are relative to it (NULL: base names) */
	WastReader *read;    /* reads a file's commands (.wast text, or wast2json's JSON) */
	bool paths_as_given; /* reports name files as given, not "name.wast" (no suite) */
	uint32_t features;   /* FE_FEAT_* the frontend accepts (--features=) */
} SpecOptions;

/* ---- One command as the child runs it. */
typedef enum SpecOutcome {
	SPEC_PASS,    /* checked and right */
	SPEC_FAIL,    /* checked and wrong; why says how */
	SPEC_TEXT,    /* a text module: tests the text parser, not us */
	SPEC_NOT_RUN, /* an action, in a --validate-only run */
} SpecOutcome;

typedef struct SpecChannel SpecChannel;

typedef struct SpecCmd {
	const WastScript *script;
	const WastCommand *cmd;
	const char *type;      /* the command's "type", "?" when missing */
	unsigned index;        /* position in the file's command list */
	unsigned line;         /* line in the .wast */
	SpecChannel *chan;     /* where notes go; NULL while replaying */
	bool verbose;
	uint32_t features;     /* SpecOptions.features */
	SpecOutcome outcome;
	bool wrong_kind;       /* rejected with the other kind of error */
	bool crashed;          /* the executor died in it: a new child goes on after it */
	char why[SPEC_WHY_MAX]; /* for a failure: what went wrong */
} SpecCmd;

/* Sets c to a failure and formats why. */
void spec_fail(SpecCmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* child.c: the child's side of the pipe. */
/* A note shown under the file with --verbose (nothing while replaying). */
void spec_note(SpecCmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs the commands of the script at path, reporting those from
 * `start` on to fd; the earlier ones, except those that crashed, only
 * rebuild the state after a crash.  module_dir is where this file's shared
 * objects go.  Returns the exit status for the child. */
int spec_child_run(const char *path, const SpecOptions *o, const char *module_dir,
                   unsigned start, const unsigned *crashed, size_t ncrashed, int fd);

/* validate.c */
/* Validates the command's module; NULL (with c failed) when it could not
 * be read or is rejected.  The module points into the script's bytes. */
IrModule *spec_module_load(SpecCmd *c);
/* Fails c with "what: FILE:0xOFFSET: error: text: detail (func N)". */
void spec_fail_diag(SpecCmd *c, const char *what, const Diagnostic *d);
/* Judges a command with the frontend alone: modules must load, malformed
 * and invalid ones must be rejected, actions are SPEC_NOT_RUN. */
void spec_validate_command(SpecCmd *c);

/* values.c */
bool spec_value_matches(const SpecValue *want, const NacreValue *got);
/* "i32:42", "f32:0x7fc00000 (nan)", "externref:3", "v128:i32 1 2 3 4" ... */
void spec_value_format(const SpecValue *shape, const NacreValue *v, char *buf, size_t len);
void spec_expected_format(const SpecValue *want, char *buf, size_t len);

/* remote.c: the executor of one script (nacre-wast-target). */
typedef struct SpecRemote SpecRemote;
/* The executor starts with the first command. */
SpecRemote *spec_remote_new(const SpecOptions *o);
/* Ends the executor (it exits at the end of its input); false, with why,
 * when it did not exit cleanly (a crash while freeing, a leak report). */
bool spec_remote_close(SpecRemote *r, char *why, size_t len);
/* Ends it if still running, and frees r. */
void spec_remote_free(SpecRemote *r);
/* Sends one command line (without its line break) and returns the reply
 * (without it; valid until the next call), or NULL when the executor
 * could not start or died, with why saying how. */
char *spec_remote_call(SpecRemote *r, const char *cmd, char *why, size_t len);

/* exec.c: modules compiled, loaded and run. */
typedef struct SpecExec SpecExec;
SpecExec *spec_exec_new(const SpecOptions *o, const char *module_dir, char *err, size_t errlen);
void spec_exec_free(SpecExec *x);
/* Stands for a command that crashed an earlier child, when replaying:
 * a module command leaves no current instance. */
void spec_exec_skip(SpecExec *x, SpecCmd *c);
/* How many modules x compiled, and in how long, and how many it found
 * compiled already. */
void spec_exec_stats(const SpecExec *x, unsigned *modules, unsigned *reused, uint64_t *compile_us);
/* Ends the file's executor; false, with why, when it did not exit cleanly. */
bool spec_exec_close(SpecExec *x, char *why, size_t len);
/* Runs one command and judges it (validation commands go to
 * spec_validate_command). */
void spec_exec_command(SpecExec *x, SpecCmd *c);

/* xfail.c */
enum { XFAIL_WHOLE_FILE = 0, XFAIL_ANY_BOUNDS = -1 };

typedef struct XfailEntry {
	char *file;     /* "binary.wast" */
	unsigned line;  /* the JSON command's line, or XFAIL_WHOLE_FILE */
	int bounds;     /* the strategy it holds for, or XFAIL_ANY_BOUNDS */
	char *reason;   /* never empty */
	bool used;      /* matched a checked command (whole file: a failure) */
} XfailEntry;

typedef struct XfailList {
	XfailEntry *items;
	size_t n, cap;
} XfailList;

/* Adds the entries of an xfail file to out (which starts zeroed): those
 * for every strategy and those for `bounds` (NACRE_BOUNDS_*, or
 * XFAIL_ANY_BOUNDS for none); on failure prints why to err and returns
 * false. */
bool spec_xfail_load(const char *path, int bounds, XfailList *out, FILE *err);
void spec_xfail_free(XfailList *l);
/* The entry for exactly file:line, or the whole-file entry, or NULL. */
XfailEntry *spec_xfail_line(XfailList *l, const char *file, unsigned line);
XfailEntry *spec_xfail_whole(XfailList *l, const char *file);
/* Prints the entries for `file` that matched nothing; returns how many. */
unsigned spec_xfail_report_unused(const XfailList *l, const char *file, FILE *out);

/* report.c: the parent's account of one file. */
typedef struct SpecTally {
	char *name;          /* the .wast name, for the xfail list and the report */
	SpecCounts counts;
	FILE *log;           /* the lines printed under the file's line */
	char *log_buf;
	size_t log_len;
	bool verbose;
	XfailList *xfail;
} SpecTally;

bool spec_tally_init(SpecTally *t, const char *name, XfailList *xfail, bool verbose);
void spec_tally_rename(SpecTally *t, const char *name);
/* One judged command (why only for a failure), which took us; the xfail
 * list knows it as key_line. */
void spec_tally_result(SpecTally *t, unsigned line, unsigned key_line, const char *type, SpecOutcome o,
                       bool wrong_kind, uint64_t us, const char *why);
/* A line of the log as it is. */
void spec_tally_note(SpecTally *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Closes the file: reports unused xfail entries, prints the file's line and
 * its log to out, adds its counts to total and frees t. */
void spec_tally_finish(SpecTally *t, FILE *out, SpecCounts *total);

/* fork.c */
/* Removes path and everything under it; false when something stayed. */
bool spec_remove_tree(const char *path);
/* Runs every file in its own child, o->jobs at a time, and prints each
 * file's report in the order given.  Returns 0, or the signal (SIGINT,
 * SIGTERM, SIGHUP) that stopped the run early. */
int spec_run_files(const SpecOptions *o, char **paths, int n, XfailList *xfail,
                    SpecCounts *total);

#endif
