/* tests/spec/spec_json.c: reading what wast2json writes, a JSON list of
 * commands plus one module file per command that carries a module, named
 * relative to the JSON file's directory.
 */
#include "spec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

char *spec_file_name(const char *root, const char *path)
{
	size_t n = root ? strlen(root) : 0;
	const char *base = basename_of(path);
	if (n && strncmp(path, root, n) == 0 && path[n] == '/')
		base = path + n + 1;
	size_t len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".json") == 0)
		len -= 5;
	char *name = malloc(len + sizeof ".wast");
	if (name)
		sprintf(name, "%.*s.wast", (int)len, base);
	return name;
}

/* The .wast name: below the suite's root when the run has one (folders
 * repeat names: memory_grow.wast and multi-memory/memory_grow.wast), else
 * "source_filename" when wast2json wrote it, else the JSON file's own
 * name with .json replaced by .wast. */
static char *wast_name(const json_t *root, const char *path, const char *suite)
{
	const char *src = spec_cmd_str(root, "source_filename");
	if (suite)
		return spec_file_name(suite, path);
	if (src && *basename_of(src))
		return strdup(basename_of(src));
	const char *base = basename_of(path);
	size_t len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".json") == 0)
		len -= 5;
	char *name = malloc(len + sizeof ".wast");
	if (name)
		sprintf(name, "%.*s.wast", (int)len, base);
	return name;
}

bool spec_file_open(const char *path, const char *suite, SpecFile *out, char *err, size_t errlen)
{
	json_error_t jerr;
	struct stat st;
	*out = (SpecFile){0};
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "is a directory, not a JSON file");
		return false;
	}
	out->root = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	if (!out->root) {
		if (jerr.line > 0)
			snprintf(err, errlen, "bad JSON: %s (line %d)", jerr.text, jerr.line);
		else
			snprintf(err, errlen, "cannot load JSON: %s", jerr.text);
		return false;
	}
	out->commands = json_object_get(out->root, "commands");
	if (!json_is_array(out->commands)) {
		snprintf(err, errlen, "no \"commands\" array: not wast2json output");
		spec_file_close(out);
		return false;
	}
	out->dir = dirname_of(path);
	out->name = wast_name(out->root, path, suite);
	if (!out->dir || !out->name) {
		snprintf(err, errlen, "out of memory");
		spec_file_close(out);
		return false;
	}
	return true;
}

void spec_file_close(SpecFile *f)
{
	json_decref(f->root);
	free(f->dir);
	free(f->name);
	*f = (SpecFile){0};
}

const char *spec_cmd_str(const json_t *cmd, const char *key)
{
	const json_t *v = json_object_get(cmd, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

unsigned spec_cmd_line(const json_t *cmd)
{
	const json_t *v = json_object_get(cmd, "line");
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > UINT32_MAX)
		return 0;
	return (unsigned)json_integer_value(v);
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

const char *spec_module_read(const SpecFile *f, const char *filename,
                             uint8_t **bytes, size_t *size)
{
	size_t len = strlen(f->dir) + 1 + strlen(filename) + 1;
	char *path = malloc(len);
	if (!path)
		return "out of memory";
	snprintf(path, len, "%s/%s", f->dir, filename);
	FILE *fp = fopen(path, "rb");
	free(path);
	if (!fp)
		return strerror(errno);
	const char *err = read_all(fp, bytes, size);
	fclose(fp);
	return err;
}
