/* wast/script.c: building and freeing the command list of a script. */
#include "script.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

char *wast_strndup(const void *p, size_t n)
{
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, p, n);
		s[n] = 0;
	}
	return s;
}

bool wast_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return true;
	size_t more = *cap ? *cap * 2 : first;
	void **p = items;
	void *grown = realloc(*p, more * size);
	if (!grown)
		return false;
	*p = grown;
	*cap = more;
	return true;
}

WastCommand *wast_script_add(WastScript *s, const char *type, unsigned line)
{
	if (!wast_grow(&s->cmds, &s->cap, s->n, sizeof *s->cmds, 64))
		return NULL;
	WastCommand *c = &s->cmds[s->n];
	*c = (WastCommand){ .type = strdup(type), .line = line };
	if (!c->type)
		return NULL;
	s->n++;
	return c;
}

static void expect_free(WastExpect *e)
{
	free(e->values);
	free(e->error);
}

static void command_free(WastCommand *c)
{
	free(c->type);
	free(c->name);
	free(c->instance);
	free(c->module);
	free(c->as);
	free(c->text);
	free(c->mod.filename);
	free(c->mod.bytes);
	free(c->mod.error);
	free(c->action.type);
	free(c->action.module);
	free(c->action.field);
	free(c->action.args);
	free(c->action.error);
	for (uint32_t i = 0; i < c->nexpected; i++)
		expect_free(&c->expected[i]);
	free(c->expected);
	free(c->error);
}

void wast_script_free(WastScript *s)
{
	for (size_t i = 0; i < s->n; i++)
		command_free(&s->cmds[i]);
	free(s->cmds);
	free(s->name);
	free(s->path);
	free(s->source);
	*s = (WastScript){0};
}

char *wast_script_name(const char *root, const char *path)
{
	size_t n = root ? strlen(root) : 0;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (n && strncmp(path, root, n) == 0 && path[n] == '/')
		base = path + n + 1;
	size_t len = strlen(base);
	if (len > 5 && (strcmp(base + len - 5, ".json") == 0 || strcmp(base + len - 5, ".wast") == 0))
		len -= 5;
	char *name = malloc(len + sizeof ".wast");
	if (name)
		sprintf(name, "%.*s.wast", (int)len, base);
	return name;
}
