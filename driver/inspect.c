/* driver/inspect.c: `nacre inspect [--json] FILE`: what kind of ELF file
 * nacre made, for which machine, from which input and options, what its
 * build granted (the .note.nacre note, nacre/note.h), and which
 * protections it carries: those the options chose, and those the file
 * itself shows (control-flow integrity's property; for a linked program
 * its stack, segments and relocations), so that an auditor can check a
 * binary without its source.  The file may be anything: libelf bounds
 * its sections, note.c bounds the note. */
#include "driver.h"

#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime-lib/include/nacre/note.h"

typedef struct Inspected {
	const char *kind;            /* executable, shared object, relocatable */
	char machine[32];
	const char *cfi;             /* the CFI the file carries: "ibt", "bti+pac", "none" */
	bool linked;                 /* an executable or shared object: facts holds */
	BeElfFacts facts;
	uint8_t *note;               /* a copy of the note's section */
	RtNoteRecord *recs;            /* its records, pointing into it */
	size_t nrecs;
} Inspected;

static const char *fixed_keys[] = {
	NACRE_NOTE_KEY_VERSION, NACRE_NOTE_KEY_TARGET, NACRE_NOTE_KEY_INPUT_SHA256,
	NACRE_NOTE_KEY_INPUT_SIZE, NACRE_NOTE_KEY_OPTIONS,
};
enum { NFIXED = sizeof fixed_keys / sizeof *fixed_keys };

static const char *kind_name(unsigned type)
{
	switch (type) {
	case ET_EXEC: return "executable";
	case ET_DYN: return "shared object";
	case ET_REL: return "relocatable";
	default: return "other";
	}
}

static void machine_name(unsigned m, char *buf, size_t size)
{
	const char *name = m == EM_X86_64 ? "x86-64" : m == EM_AARCH64 ? "aarch64" : m == EM_RISCV ? "riscv"
	                 : m == EM_386 ? "i386" : NULL;
	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "machine %u", m);
}

/* The bytes of the section named .note.nacre; NULL when there is none. */
static Elf_Data *note_section(Elf *e)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		return NULL;
	for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(e, shstrndx, sh.sh_name)))
			continue;
		if (sh.sh_type == SHT_NOTE && strcmp(name, NACRE_NOTE_SECTION) == 0)
			return elf_rawdata(scn, NULL);
	}
	return NULL;
}

static const Target *target_of(unsigned machine)
{
	size_t n;
	const Target *const *all = be_targets(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->elf_machine == machine)
			return all[i];
	return NULL;
}

static void protections(Elf *e, unsigned machine, Inspected *out)
{
	const char *cfi = be_elf_cfi(e, target_of(machine));
	out->cfi = cfi ? cfi : "none";
}

/* The value of "--NAME=VALUE" among the options: its length, 0 when absent. */
static size_t option_value(const char *options, const char *prefix, const char **value)
{
	size_t n = strlen(prefix);
	for (const char *p = options; (p = strstr(p, prefix)); p += n)
		if (p == options || p[-1] == ' ') {
			*value = p + n;
			return strcspn(p + n, " ");
		}
	return 0;
}

static bool option_set(const char *options, const char *flag)
{
	size_t n = strlen(flag);
	for (const char *p = options; (p = strstr(p, flag)); p += n)
		if ((p == options || p[-1] == ' ') && (p[n] == 0 || p[n] == ' '))
			return true;
	return false;
}

/* Fixed records first, in note.h's order; grants after, well formed. */
static const char *check_records(const RtNoteRecord *r, size_t n)
{
	if (n < NFIXED)
		return "malformed note: build records missing";
	for (size_t i = 0; i < NFIXED; i++)
		if (strcmp(r[i].key, fixed_keys[i]) != 0)
			return "malformed note: build records out of order";
	for (size_t i = NFIXED; i < n; i++) {
		bool dir = strcmp(r[i].key, NACRE_NOTE_KEY_DIR) == 0 || strcmp(r[i].key, NACRE_NOTE_KEY_DIR_RO) == 0;
		if (dir && !strstr(r[i].value, NACRE_NOTE_DIR_SEP))
			return "malformed note: a dir grant without HOST::GUEST";
		if (strcmp(r[i].key, NACRE_NOTE_KEY_ENV) == 0 && !strchr(r[i].value, '='))
			return "malformed note: an env grant without NAME=VALUE";
	}
	return NULL;
}

/* Fills out from an ELF image; returns NULL or why it cannot. */
static const char *inspect(uint8_t *bytes, size_t size, Inspected *out)
{
	Elf *e = elf_memory((char *)bytes, size);
	GElf_Ehdr eh;
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		if (e)
			elf_end(e);
		return "not an ELF file";
	}
	out->kind = kind_name(eh.e_type);
	machine_name(eh.e_machine, out->machine, sizeof out->machine);
	protections(e, eh.e_machine, out);
	out->linked = (eh.e_type == ET_EXEC || eh.e_type == ET_DYN) && be_elf_program_facts(e, &out->facts);
	Elf_Data *d = note_section(e);
	const char *why = NULL;
	if (!d || !d->d_buf)
		why = "no " NACRE_NOTE_SECTION " note (not built by nacre?)";
	else if (!(out->note = malloc(d->d_size ? d->d_size : 1)))
		why = "out of memory";
	else {
		memcpy(out->note, d->d_buf, d->d_size); /* libelf's view goes with e */
		size_t at = drv_note_pick(out->note, d->d_size);
		if (drv_note_decode(out->note + at, d->d_size - at, &out->recs, &out->nrecs, &why))
			why = check_records(out->recs, out->nrecs);
	}
	elf_end(e);
	return why;
}

static void print_grant(const RtNoteRecord *r)
{
	const char *sep = strstr(r->value, NACRE_NOTE_DIR_SEP);
	bool ro = strcmp(r->key, NACRE_NOTE_KEY_DIR_RO) == 0;
	if (ro || strcmp(r->key, NACRE_NOTE_KEY_DIR) == 0)
		printf("  dir  %.*s -> %s (%s)\n", (int)(sep - r->value), r->value, sep + 2,
		       ro ? "read-only" : "read-write");
	else if (strcmp(r->key, NACRE_NOTE_KEY_ENV) == 0)
		printf("  env  %s\n", r->value);
	else if (strcmp(r->key, NACRE_NOTE_KEY_ENV_PASS) == 0)
		printf("  env  %s (from the host)\n", r->value);
	else
		printf("  unknown grant %s: %s\n", r->key, r->value);
}

static const char *yes_no(bool v)
{
	return v ? "yes" : "no";
}

static void print_protections(const Inspected *in, const char *options)
{
	const char *bounds = "";
	int nb = (int)option_value(options, "--bounds=", &bounds);
	printf("protect:  bounds %.*s, cfi %s, spectre %s\n", nb ? nb : 7, nb ? bounds : "unknown", in->cfi,
	       option_set(options, "--spectre") ? "on" : "off");
	printf("checks:   interruptible %s, metered %s\n", option_set(options, "--interruptible") ? "on" : "off",
	       option_set(options, "--metered") ? "on" : "off");
	if (in->linked)
		printf("loader:   executable stack %s, writable+executable segment %s, text relocations %s\n",
		       yes_no(in->facts.exec_stack), yes_no(in->facts.wx_segment), yes_no(in->facts.text_relocations));
}

/* The settings an executable's note may hold after the fixed records and
 * before the grants (note.h): text label, what comes around the value,
 * JSON name. */
static const struct { const char *key, *label, *before, *after, *json; } settings[] = {
	{ NACRE_NOTE_KEY_STACK_SIZE, "stack:    ", "", " bytes for Wasm code", "stack_size" },
	{ NACRE_NOTE_KEY_MAX_MEMORY, "memory:   ", "at most ", " bytes per memory (--max-memory)", "max_memory" },
	{ NACRE_NOTE_KEY_TIMEOUT, "timeout:  ", "", " ns of real time (--timeout)", "timeout_ns" },
	{ NACRE_NOTE_KEY_FUEL, "fuel:     ", "", " Wasm instructions (--fuel)", "fuel" },
	{ NACRE_NOTE_KEY_MAX_EXCEPTIONS, "exnrefs:  ", "at most ", " bytes of kept exceptions (--max-exceptions)",
	  "max_exceptions" },
};
enum { NSETTINGS = sizeof settings / sizeof *settings };

/* The row of settings for key, or NSETTINGS if it is none. */
static size_t setting(const char *key)
{
	size_t i = 0;
	while (i < NSETTINGS && strcmp(settings[i].key, key) != 0)
		i++;
	return i;
}

/* Where the grants begin: after the fixed records and the settings. */
static size_t first_grant(const Inspected *in)
{
	size_t i = NFIXED;
	while (i < in->nrecs && setting(in->recs[i].key) < NSETTINGS)
		i++;
	return i;
}

static void print_text(const char *path, const Inspected *in)
{
	const RtNoteRecord *r = in->recs;
	printf("file:     %s\nkind:     %s\nmachine:  %s\n", path, in->kind, in->machine);
	printf("nacre:    %s\ntarget:   %s\noptions:  %s\n", r[0].value, r[1].value, r[4].value);
	printf("input:    sha256 %s, %s bytes\n", r[2].value, r[3].value);
	print_protections(in, r[4].value);
	for (size_t i = NFIXED; i < first_grant(in); i++) {
		size_t k = setting(r[i].key);
		printf("%s%s%s%s\n", settings[k].label, settings[k].before, r[i].value, settings[k].after);
	}
	if (in->nrecs == first_grant(in)) {
		printf("grants:   none (stdin, stdout, stderr only)\n");
		return;
	}
	printf("grants:\n");
	for (size_t i = first_grant(in); i < in->nrecs; i++)
		print_grant(&r[i]);
}

static void json_string(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_field(const char *key, const char *value, size_t n, bool comma)
{
	printf("\"%s\": ", key);
	json_string(value, n);
	printf(comma ? ", " : "");
}

static void json_grant(const RtNoteRecord *r)
{
	const char *v = r->value, *sep = strstr(v, NACRE_NOTE_DIR_SEP), *eq = strchr(v, '=');
	bool ro = strcmp(r->key, NACRE_NOTE_KEY_DIR_RO) == 0;
	printf("{");
	json_field("kind", r->key, strlen(r->key), true);
	if (ro || strcmp(r->key, NACRE_NOTE_KEY_DIR) == 0) {
		json_field("host", v, (size_t)(sep - v), true);
		json_field("guest", sep + 2, strlen(sep + 2), true);
		printf("\"read_only\": %s", ro ? "true" : "false");
	} else if (strcmp(r->key, NACRE_NOTE_KEY_ENV) == 0) {
		json_field("name", v, (size_t)(eq - v), true);
		json_field("value", eq + 1, strlen(eq + 1), false);
	} else {
		json_field("name", v, strlen(v), false);
	}
	printf("}");
}

/* A decimal number as a JSON number when it is one, else as a string. */
static void json_number(const char *key, const char *v)
{
	size_t digits = strspn(v, "0123456789");
	if (digits && digits <= 15 && !v[digits] && (v[0] != '0' || digits == 1))
		printf("\"%s\": %s, ", key, v);
	else
		json_field(key, v, strlen(v), true);
}

static void json_protections(const Inspected *in, const char *options)
{
	const char *bounds = "";
	size_t nb = option_value(options, "--bounds=", &bounds);
	printf("\"protections\": {");
	json_field("bounds", nb ? bounds : "unknown", nb ? nb : 7, true);
	json_field("cfi", in->cfi, strlen(in->cfi), true);
	printf("\"spectre\": %s, ", option_set(options, "--spectre") ? "true" : "false");
	printf("\"interruptible\": %s, ", option_set(options, "--interruptible") ? "true" : "false");
	printf("\"metered\": %s", option_set(options, "--metered") ? "true" : "false");
	if (in->linked)
		printf(", \"executable_stack\": %s, \"wx_segment\": %s, \"text_relocations\": %s",
		       in->facts.exec_stack ? "true" : "false", in->facts.wx_segment ? "true" : "false",
		       in->facts.text_relocations ? "true" : "false");
	printf("}, ");
}

static void print_json(const char *path, const Inspected *in)
{
	const RtNoteRecord *r = in->recs;
	printf("{");
	json_field("file", path, strlen(path), true);
	json_field("kind", in->kind, strlen(in->kind), true);
	json_field("machine", in->machine, strlen(in->machine), true);
	json_field("version", r[0].value, strlen(r[0].value), true);
	json_field("target", r[1].value, strlen(r[1].value), true);
	json_field("options", r[4].value, strlen(r[4].value), true);
	json_field("input_sha256", r[2].value, strlen(r[2].value), true);
	json_number("input_size", r[3].value);
	for (size_t i = NFIXED; i < first_grant(in); i++)
		json_number(settings[setting(r[i].key)].json, r[i].value);
	json_protections(in, r[4].value);
	printf("\"grants\": [");
	for (size_t i = first_grant(in); i < in->nrecs; i++) {
		printf(i > first_grant(in) ? ", " : "");
		json_grant(&r[i]);
	}
	printf("]}\n");
}

/* --json: errors are JSON too, {"file": F, "error": E, "status": N},
 * on stdout, besides the text on stderr. */
static int json_error(const char *path, const char *why, int status)
{
	printf("{\"file\": ");
	drv_json_string(stdout, path, strlen(path));
	printf(", \"error\": ");
	drv_json_string(stdout, why, strlen(why));
	printf(", \"status\": %d}\n", status);
	return status;
}

int drv_cmd_inspect(int argc, char **argv)
{
	const char *path = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if ((argv[i][0] == '-' && argv[i][1]) || path) {
			fprintf(stderr, "nacre inspect: error: unexpected '%s' (see nacre help inspect)\n", argv[i]);
			return EXIT_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fprintf(stderr, "nacre inspect: error: usage: nacre inspect [--json] FILE\n");
		return EXIT_USAGE;
	}
	Input file;
	if (!drv_input_read(path, &file))
		return json ? json_error(path, file.why, EXIT_USAGE) : EXIT_USAGE;
	elf_version(EV_CURRENT);
	Inspected in = { 0 };
	const char *why = inspect(file.bytes, file.size, &in);
	if (why)
		fprintf(stderr, "%s: error: %s\n", path, why);
	if (why && json)
		json_error(path, why, EXIT_INPUT);
	else if (!why && json)
		print_json(path, &in);
	else if (!why)
		print_text(path, &in);
	free(in.recs);
	free(in.note);
	drv_input_free(&file);
	return why ? EXIT_INPUT : EXIT_OK;
}
