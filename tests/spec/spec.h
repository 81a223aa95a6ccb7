/* tests/spec/spec.h: declarations shared by nacre-spec, the spec testsuite
 * runner.  spec_json.c reads wast2json's output, spec_xfail.c the list of
 * expected failures, spec_validate.c checks one file's modules against the
 * frontend, and spec_main.c drives the run and prints the summary.
 */
#ifndef NACRE_SPEC_H
#define NACRE_SPEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What happened to the commands of one JSON file, or of the whole run. */
typedef struct SpecCounts {
	unsigned passed;     /* checked and right (unexpected passes included) */
	unsigned failed;     /* checked and wrong, or input that could not be read */
	unsigned xfailed;    /* wrong, and listed in the xfail file */
	unsigned unexpected; /* listed in the xfail file, yet right */
	unsigned stale;      /* xfail entries that match no checked command */
	unsigned text;       /* text-format assert_malformed: not applicable */
	unsigned not_run;    /* commands for the execution runner, not run yet */
	unsigned wrong_kind; /* rejected, but as INVALID instead of MALFORMED or back */
} SpecCounts;

/* spec_json.c */
typedef struct SpecFile {
	json_t *root;     /* the whole parsed JSON */
	json_t *commands; /* root's "commands" array (borrowed) */
	char *dir;        /* directory of the JSON file, which holds its modules */
	char *name;       /* "binary.wast": the report name and the xfail key */
} SpecFile;

/* Parses a wast2json file; on failure writes why into err and returns false. */
bool spec_file_open(const char *path, SpecFile *out, char *err, size_t errlen);
void spec_file_close(SpecFile *f);
/* A string field of a command, or NULL when absent or not a string. */
const char *spec_cmd_str(const json_t *cmd, const char *key);
/* The command's "line" (its line in the .wast), or 0 when absent. */
unsigned spec_cmd_line(const json_t *cmd);
/* Reads module file `filename` (relative to f->dir) into a malloc'd buffer;
 * returns NULL on success or a description of the error. */
const char *spec_module_read(const SpecFile *f, const char *filename,
                             uint8_t **bytes, size_t *size);

/* spec_xfail.c */
typedef struct XfailEntry {
	char *file;     /* "binary.wast" */
	unsigned line;  /* the JSON command's line */
	char *reason;   /* never empty */
	bool used;      /* matched a checked command in this run */
} XfailEntry;

typedef struct XfailList {
	XfailEntry *items;
	size_t n, cap;
} XfailList;

/* Reads an xfail file; on failure prints why to err and returns false. */
bool spec_xfail_load(const char *path, XfailList *out, FILE *err);
void spec_xfail_free(XfailList *l);
/* The entry for file:line, marked used, or NULL when there is none. */
XfailEntry *spec_xfail_find(XfailList *l, const char *file, unsigned line);
/* Prints the entries for `file` that matched nothing; returns how many. */
unsigned spec_xfail_report_unused(const XfailList *l, const char *file, FILE *out);

/* spec_validate.c */
/* Checks every command of f that the frontend can answer, adding to counts
 * and writing one line per failure (and more with verbose) to log. */
void spec_validate_file(const SpecFile *f, XfailList *xfail, bool verbose,
                        SpecCounts *counts, FILE *log);

#endif
