/* tests/spec/spec_json.c: reading what wast2json writes, a JSON list of
 * commands plus one module file per command that carries a module, named
 * relative to the JSON file's directory, into the engine's commands.
 * Values and module files are read here; what cannot be read is kept on
 * the command as an error, for the engine to fail it with when it runs.
 */
#include "spec_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static unsigned line_of(const json_t *cmd)
{
	const json_t *v = json_object_get(cmd, "line");
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > UINT32_MAX)
		return 0;
	return (unsigned)json_integer_value(v);
}

/* A malloc'd copy of the directory part of path ("." when it has none). */
static char *dirname_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The .wast name: below the suite's root when the run has one (folders
 * repeat names: memory_grow.wast and multi-memory/memory_grow.wast), else
 * "source_filename" when wast2json wrote it, else the JSON file's own
 * name with .json replaced by .wast. */
static char *wast_name(const json_t *root, const char *path, const char *suite)
{
	const char *src = str(root, "source_filename");
	if (!suite && src && *basename_of(src))
		return strdup(basename_of(src));
	return wast_script_name(suite, path);
}

/* Reads fp to its end into a malloc'd buffer (never NULL on success, even
 * for an empty file). */
static const char *read_all(FILE *fp, uint8_t **bytes, size_t *size)
{
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	if (!buf)
		return "out of memory";
	for (;;) {
		if (n == cap) {
			uint8_t *grown = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
			if (!grown) {
				free(buf);
				return "out of memory";
			}
			buf = grown;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return "read error";
	}
	*bytes = buf;
	*size = n;
	return NULL;
}

static const char *module_read(const char *dir, const char *filename, uint8_t **bytes, size_t *size)
{
	size_t len = strlen(dir) + 1 + strlen(filename) + 1;
	char *path = malloc(len);
	if (!path)
		return "out of memory";
	snprintf(path, len, "%s/%s", dir, filename);
	FILE *fp = fopen(path, "rb");
	free(path);
	if (!fp)
		return strerror(errno);
	const char *err = read_all(fp, bytes, size);
	fclose(fp);
	return err;
}

/* "cannot read FILE: why" as the module's error. */
static bool module_error(WastModule *m, const char *filename, const char *why)
{
	size_t n = strlen(filename) + strlen(why) + 32;
	m->error = malloc(n);
	if (m->error)
		snprintf(m->error, n, "cannot read %s: %s", filename, why);
	return m->error != NULL;
}

static bool get_module(const json_t *j, const char *dir, WastCommand *c)
{
	const char *filename = str(j, "filename");
	const char *mtype = str(j, "module_type");
	if (!filename)
		return true;
	c->has_module = true;
	c->mod.text = mtype && strcmp(mtype, "text") == 0;
	if (!(c->mod.filename = strdup(filename)))
		return false;
	if (c->mod.text)
		return true;
	const char *err = module_read(dir, filename, &c->mod.bytes, &c->mod.size);
	return !err || module_error(&c->mod, filename, err);
}

static char *error_text(const char *fmt, size_t i, const char *err)
{
	char buf[256];
	snprintf(buf, sizeof buf, fmt, i, err);
	return strdup(buf);
}

static bool get_action(const json_t *j, WastCommand *c)
{
	const json_t *a = json_object_get(j, "action");
	if (!a)
		return true;
	c->has_action = true;
	WastAction *w = &c->action;
	const json_t *field = json_object_get(a, "field"), *args = json_object_get(a, "args");
	const char *type = str(a, "type"), *module = str(a, "module");
	if ((type && !(w->type = strdup(type))) || (module && !(w->module = strdup(module))))
		return false;
	if (json_is_string(field)) {
		w->field_len = json_string_length(field);
		if (!(w->field = wast_strndup(json_string_value(field), w->field_len)))
			return false;
	}
	size_t n = json_array_size(args);
	if (n && !(w->args = calloc(n, sizeof *w->args)))
		return false;
	for (size_t i = 0; i < n; i++) {
		char err[128];
		if (!spec_value_parse(json_array_get(args, i), false, &w->args[i], err, sizeof err))
			return (w->error = error_text("argument %zu: %s", i, err)) != NULL;
		w->nargs++;
	}
	return true;
}

/* One expected result, or an {"type": "either", "values": [...]}. */
static bool get_expect(const json_t *j, size_t i, WastExpect *e)
{
	const json_t *values = json_object_get(j, "values");
	const char *type = str(j, "type");
	e->either = json_is_array(values) && type && strcmp(type, "either") == 0;
	size_t n = e->either ? json_array_size(values) : 1;
	if (!(e->values = calloc(n ? n : 1, sizeof *e->values)))
		return false;
	for (size_t k = 0; k < n; k++) {
		char err[128];
		if (!spec_value_parse(e->either ? json_array_get(values, k) : j, true, &e->values[k], err, sizeof err)) {
			e->n = 0;
			return (e->error = error_text("expected result %zu: %s", i, err)) != NULL;
		}
		e->n++;
	}
	return true;
}

static bool get_expected(const json_t *j, WastCommand *c)
{
	const json_t *list = json_object_get(j, "expected");
	size_t n = json_array_size(list);
	if (n && !(c->expected = calloc(n, sizeof *c->expected)))
		return false;
	for (size_t i = 0; i < n; i++, c->nexpected++)
		if (!get_expect(json_array_get(list, i), i, &c->expected[i]))
			return false;
	return true;
}

/* The string fields a command may have, and where they go. */
static const struct {
	const char *key;
	size_t at;
} strings[] = {
	{ "name", offsetof(WastCommand, name) },     { "instance", offsetof(WastCommand, instance) },
	{ "module", offsetof(WastCommand, module) }, { "as", offsetof(WastCommand, as) },
	{ "text", offsetof(WastCommand, text) },
};

static bool get_command(const json_t *j, const char *dir, WastScript *s)
{
	const char *type = json_is_object(j) ? str(j, "type") : NULL;
	WastCommand *c = wast_script_add(s, type ? type : "?", line_of(j));
	if (!c)
		return false;
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
		const char *v = str(j, strings[i].key);
		char **field = (char **)((char *)c + strings[i].at);
		if (v && !(*field = strdup(v)))
			return false;
	}
	return get_module(j, dir, c) && get_action(j, c) && get_expected(j, c);
}

static bool get_commands(const json_t *list, const char *path, WastScript *s)
{
	char *dir = dirname_of(path);
	bool ok = dir != NULL;
	for (size_t i = 0; ok && i < json_array_size(list); i++)
		ok = get_command(json_array_get(list, i), dir, s);
	free(dir);
	return ok;
}

bool spec_json_read(const char *path, const char *suite, WastScript *out, char *err, size_t errlen)
{
	json_error_t jerr;
	struct stat st;
	*out = (WastScript){0};
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "is a directory, not a JSON file");
		return false;
	}
	json_t *root = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	if (!root) {
		if (jerr.line > 0)
			snprintf(err, errlen, "bad JSON: %s (line %d)", jerr.text, jerr.line);
		else
			snprintf(err, errlen, "cannot load JSON: %s", jerr.text);
		return false;
	}
	const json_t *commands = json_object_get(root, "commands");
	bool ok = json_is_array(commands);
	if (!ok)
		snprintf(err, errlen, "no \"commands\" array: not wast2json output");
	else if (!(out->name = wast_name(root, path, suite)) || !(out->path = strdup(path)) ||
	         (str(root, "source_filename") && !(out->source = strdup(str(root, "source_filename")))) ||
	         !get_commands(commands, path, out))
		ok = false, snprintf(err, errlen, "out of memory");
	json_decref(root);
	if (!ok)
		wast_script_free(out);
	return ok;
}
