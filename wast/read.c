/* wast/read.c: a .wast script (spec "Scripts") read into commands, on top
 * of the text reader: sexpr.c gives the forms, tx_module_encode turns each
 * module (text, `binary` or `quote`) into its binary.  A module the text
 * reader refuses is kept with its diagnostic, for assert_malformed to
 * expect and for anything else to fail with.  A form that is no command,
 * or that cannot be read, becomes a command that fails with why, at its
 * line; only an unreadable file (or unbalanced parentheses) fails whole.
 */
#include "read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Reader {
	const uint8_t *src;
	size_t len;
	WastScript *s;
	const char *stem;      /* module file names: stem.N.wasm */
	unsigned modules;
	bool oom;
} Reader;

static unsigned line_of(const TxNode *n)
{
	return n->tok.loc.line;
}

static char *atom_str(const TxNode *n)
{
	return wast_strndup(n->tok.str, n->tok.str_len);
}

static bool is_string(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_STRING;
}

/* A $name as the JSON has it ("$M"). */
static char *id_str(const TxNode *n)
{
	return wast_strndup(n->tok.text, n->tok.len);
}

/* Fails the command with why, unless it failed already. */
static void bad(Reader *r, WastCommand *c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(Reader *r, WastCommand *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	if (c->error)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!(c->error = strdup(buf)))
		r->oom = true;
}

/* (module ...) without `definition`: a copy of the list whose head is
 * followed by what came after the keyword (the nodes are shared). */
typedef struct Stripped {
	TxNode list, head;
} Stripped;

static const TxNode *strip_definition(const TxNode *form, Stripped *st, bool *definition, const TxNode **id)
{
	const TxNode *a = form->first->next, *b = a ? a->next : NULL;
	*id = NULL;
	*definition = false;
	if (tx_is_kw(a, "definition")) {
		*definition = true;
		*id = tx_is_id(b) ? b : NULL;
		st->head = *form->first;
		st->head.next = (TxNode *)(uintptr_t)b; /* read, never written */
	} else if (tx_is_id(a) && tx_is_kw(b, "definition")) {
		*definition = true;
		*id = a;
		st->head = *form->first;
		st->head.next = b->next;
	} else {
		*id = tx_is_id(a) ? a : NULL;
		return form;
	}
	st->list = *form;
	st->list.first = &st->head;
	return &st->list;
}

/* The module form's binary into c->mod, or its rejection. */
static void encode(Reader *r, WastCommand *c, const TxNode *form)
{
	char name[256];
	snprintf(name, sizeof name, "%s.%u.wasm", r->stem, r->modules++);
	c->has_module = true;
	if (!(c->mod.filename = strdup(name)))
		r->oom = true;
	DiagSink diags = {0};
	c->mod.bytes = tx_module_encode(form, r->src, r->len, &diags, &c->mod.size);
	if (c->mod.bytes)
		return;
	c->mod.rejected = true;
	c->mod.diag = diags.n ? diags.items[0] : (Diagnostic){ .code = DIAG_TEXT_UNEXPECTED_TOKEN };
	TxLoc at = tx_loc_of(r->src, r->len, c->mod.diag.offset);
	c->mod.diag_line = at.line;
	c->mod.diag_col = at.col;
}

/* A command's module: (module ...), possibly a definition. */
static void module_of(Reader *r, WastCommand *c, const TxNode *form)
{
	Stripped st;
	bool definition;
	const TxNode *id;
	if (!tx_is_list(form, "module")) {
		bad(r, c, "expected a module");
		return;
	}
	encode(r, c, strip_definition(form, &st, &definition, &id));
}

/* (module instance $I? $M?) */
static bool is_instance(const TxNode *form)
{
	return tx_is_kw(form->first->next, "instance");
}

static void read_instance(Reader *r, const TxNode *form)
{
	WastCommand *c = wast_script_add(r->s, "module_instance", line_of(form));
	if (!c)
		return (void)(r->oom = true);
	/* the instance's name first, then the definition's (the reference
	 * interpreter's order): one id names the instance */
	const TxNode *n = form->first->next->next;
	if (tx_is_id(n)) {
		c->instance = id_str(n);
		n = n->next;
	}
	if (tx_is_id(n)) {
		c->module = id_str(n);
		n = n->next;
	}
	if (n)
		bad(r, c, "unexpected token in (module instance ...)");
}

static void read_module(Reader *r, const TxNode *form)
{
	if (is_instance(form))
		return read_instance(r, form);
	Stripped st;
	bool definition;
	const TxNode *id;
	const TxNode *m = strip_definition(form, &st, &definition, &id);
	WastCommand *c = wast_script_add(r->s, definition ? "module_definition" : "module", line_of(form));
	if (!c)
		return (void)(r->oom = true);
	if (id && !(c->name = id_str(id)))
		r->oom = true;
	encode(r, c, m);
}

/* (invoke $M? "name" const*) or (get $M? "name") into c->action. */
static void read_action(Reader *r, WastCommand *c, const TxNode *form)
{
	WastAction *a = &c->action;
	bool invoke = tx_is_list(form, "invoke");
	if (!invoke && !tx_is_list(form, "get"))
		return bad(r, c, "expected an action, (invoke ...) or (get ...)");
	c->has_action = true;
	const TxNode *n = form->first->next;
	a->type = strdup(invoke ? "invoke" : "get");
	if (tx_is_id(n)) {
		a->module = id_str(n);
		n = n->next;
	}
	if (!is_string(n))
		return bad(r, c, "expected the export's name");
	a->field = atom_str(n);
	a->field_len = n->tok.str_len;
	uint32_t count = 0;
	for (const TxNode *v = n->next; v; v = v->next)
		count++;
	if (!invoke && count)
		return bad(r, c, "(get ...) takes no arguments");
	if (count && !(a->args = calloc(count, sizeof *a->args)))
		return (void)(r->oom = true);
	for (const TxNode *v = n->next; v; v = v->next) {
		const char *why;
		if (!wast_value_read(v, false, &a->args[a->nargs], &why))
			return bad(r, c, "argument %u: %s", a->nargs, why);
		a->nargs++;
	}
}

/* A result, or (either result*). */
static void read_expect(Reader *r, WastCommand *c, const TxNode *n, uint32_t index, WastExpect *e)
{
	const TxNode *first = n, *end = n->next;
	e->either = tx_is_list(n, "either");
	if (e->either)
		first = n->first->next, end = NULL;
	uint32_t count = 0;
	for (const TxNode *v = first; v != end; v = v->next)
		count++;
	if (!count)
		return bad(r, c, "expected result %u: (either) without a value", index);
	if (!(e->values = calloc(count ? count : 1, sizeof *e->values)))
		return (void)(r->oom = true);
	for (const TxNode *v = first; v != end; v = v->next) {
		const char *why;
		if (!wast_value_read(v, true, &e->values[e->n], &why)) {
			e->n = 0;
			return bad(r, c, "expected result %u: %s", index, why);
		}
		e->n++;
	}
}

static void read_results(Reader *r, WastCommand *c, const TxNode *first)
{
	uint32_t count = 0;
	for (const TxNode *v = first; v; v = v->next)
		count++;
	if (count && !(c->expected = calloc(count, sizeof *c->expected)))
		return (void)(r->oom = true);
	for (const TxNode *v = first; v; v = v->next, c->nexpected++)
		read_expect(r, c, v, c->nexpected, &c->expected[c->nexpected]);
}

/* The expected message at the end of an assertion. */
static void read_text(Reader *r, WastCommand *c, const TxNode *n)
{
	if (!is_string(n) || n->next)
		return bad(r, c, "expected the failure's message");
	if (!(c->text = atom_str(n)))
		r->oom = true;
}

/* Assertions about a module or an action, by the form they take. */
typedef enum Shape { ON_ACTION, ON_MODULE, ON_EITHER, ON_RETURN, ON_EXCEPTION } Shape;

static const struct {
	const char *name;
	Shape shape;
} assertions[] = {
	{ "assert_return", ON_RETURN },        { "assert_trap", ON_EITHER },
	{ "assert_exhaustion", ON_ACTION },    { "assert_exception", ON_EXCEPTION },
	{ "assert_invalid", ON_MODULE },       { "assert_malformed", ON_MODULE },
	{ "assert_unlinkable", ON_MODULE },    { "assert_uninstantiable", ON_MODULE },
	{ "assert_invalid_custom", ON_MODULE }, { "assert_malformed_custom", ON_MODULE },
};

static void read_assertion(Reader *r, const TxNode *form, Shape shape)
{
	WastCommand *c = wast_script_add(r->s, "?", line_of(form));
	if (!c)
		return (void)(r->oom = true);
	free(c->type);
	c->type = wast_strndup(form->first->tok.text, form->first->tok.len);
	const TxNode *what = form->first->next;
	if (!what)
		return bad(r, c, "%s without a module or an action", c->type);
	if (line_of(what) != c->line)
		c->key_line = line_of(what);
	bool module = shape == ON_MODULE || (shape == ON_EITHER && tx_is_list(what, "module"));
	if (module)
		module_of(r, c, what);
	else
		read_action(r, c, what);
	if (shape == ON_RETURN)
		read_results(r, c, what->next);
	else if (shape == ON_EXCEPTION && what->next)
		bad(r, c, "unexpected token after the action");
	else if (shape != ON_EXCEPTION)
		read_text(r, c, what->next);
}

/* (register "name" $M?) */
static void read_register(Reader *r, const TxNode *form)
{
	WastCommand *c = wast_script_add(r->s, "register", line_of(form));
	if (!c)
		return (void)(r->oom = true);
	const TxNode *n = form->first->next;
	if (!is_string(n))
		return bad(r, c, "expected the name to register under");
	c->as = atom_str(n);
	if (tx_is_id(n->next))
		c->name = id_str(n->next);
	if (n->next && (!tx_is_id(n->next) || n->next->next))
		bad(r, c, "unexpected token in (register ...)");
}

/* (invoke ...) or (get ...) alone. */
static void read_plain_action(Reader *r, const TxNode *form)
{
	WastCommand *c = wast_script_add(r->s, "action", line_of(form));
	if (!c)
		return (void)(r->oom = true);
	read_action(r, c, form);
}

/* ((@a) module ...): the form as if its head came first (a copy sharing
 * the nodes). */
static const TxNode *unannotated(const TxNode *form, TxNode *copy)
{
	const TxNode *head = form->first;
	if (!head || head->kind != TX_NODE_ANNOT)
		return form;
	while (head && head->kind == TX_NODE_ANNOT)
		head = head->next;
	*copy = *form;
	copy->first = (TxNode *)(uintptr_t)head; /* read, never written */
	return copy;
}

static void read_form(Reader *r, const TxNode *annotated)
{
	TxNode copy;
	if (annotated->kind == TX_NODE_ANNOT)
		return;
	const TxNode *form = unannotated(annotated, &copy);
	if (tx_is_list(form, "module"))
		return read_module(r, form);
	if (tx_is_list(form, "register"))
		return read_register(r, form);
	if (tx_is_list(form, "invoke") || tx_is_list(form, "get"))
		return read_plain_action(r, form);
	for (size_t i = 0; i < sizeof assertions / sizeof *assertions; i++)
		if (tx_is_list(form, assertions[i].name))
			return read_assertion(r, form, assertions[i].shape);
	const TxNode *head = form->first;
	bool named = head && head->kind == TX_NODE_ATOM && head->tok.kind == TX_KEYWORD;
	char type[64];
	snprintf(type, sizeof type, "%.*s", named ? (int)head->tok.len : 1, named ? head->tok.text : "?");
	WastCommand *c = wast_script_add(r->s, type, line_of(form));
	if (!c)
		return (void)(r->oom = true);
	bad(r, c, "not a script command");
}

/* A file of module fields without (module ...) (a .wat) is one module
 * command: its first form is a field. */
static const char *const fields[] = { "type", "rec", "import", "func", "table", "memory", "tag",
	                              "global", "export", "start", "elem", "data" };

static bool bare_module(const TxNode *root)
{
	const TxNode *n = root->first;
	while (n && n->kind == TX_NODE_ANNOT)
		n = n->next;
	for (size_t i = 0; n && i < sizeof fields / sizeof *fields; i++)
		if (tx_is_list(n, fields[i]))
			return true;
	return false;
}

static bool read_root(Reader *r, const TxNode *root)
{
	if (root->first && bare_module(root)) {
		WastCommand *c = wast_script_add(r->s, "module", line_of(root->first));
		if (c)
			encode(r, c, root);
		return c && !r->oom;
	}
	for (const TxNode *n = root->first; n && !r->oom; n = n->next) {
		if (n->kind == TX_NODE_ATOM) {
			WastCommand *c = wast_script_add(r->s, "?", line_of(n));
			if (!c)
				return false;
			bad(r, c, "unexpected token outside a command");
			continue;
		}
		read_form(r, n);
	}
	return !r->oom;
}

static bool read_source(const uint8_t *src, size_t len, const char *stem, WastScript *out, char *err,
                        size_t errlen)
{
	Arena *arena = arena_new();
	DiagSink diags = {0};
	if (!arena) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	Reader r = { .src = src, .len = len, .s = out, .stem = stem };
	const TxNode *root = tx_sexpr_read(src, len, TX_SEXPR_MAX_DEPTH, arena, &diags);
	bool ok = root && read_root(&r, root);
	if (!root) {
		TxLoc at = tx_loc_of(src, len, diags.n ? diags.items[0].offset : 0);
		snprintf(err, errlen, "%u:%u: %s%s%s", at.line, at.col,
		         diags.n ? diag_text(diags.items[0].code) : "cannot read", diags.n && diags.items[0].detail[0] ? ": " : "",
		         diags.n ? diags.items[0].detail : "");
	} else if (!ok) {
		snprintf(err, errlen, "out of memory");
	}
	arena_free(arena);
	return ok;
}

bool wast_read_text(const uint8_t *src, size_t len, WastScript *out, char *err, size_t errlen)
{
	*out = (WastScript){0};
	bool ok = read_source(src, len, "module", out, err, errlen);
	if (!ok)
		wast_script_free(out);
	return ok;
}

/* The whole file, malloc'd; NULL with why in err. */
static uint8_t *read_whole(const char *path, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	const char *why = NULL;
	if (!fp || fstat(fileno(fp), &st) != 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = S_ISDIR(st.st_mode) ? "is a directory, not a .wast file" : "not a regular file";
	else if (!(buf = malloc((size_t)st.st_size + 1)))
		why = "out of memory";
	else if (fread(buf, 1, (size_t)st.st_size, fp) != (size_t)st.st_size)
		why = "read error";
	if (fp)
		fclose(fp);
	if (why) {
		snprintf(err, errlen, "%s", why);
		free(buf);
		return NULL;
	}
	*len = (size_t)st.st_size;
	return buf;
}

bool wast_read_file(const char *path, const char *suite, WastScript *out, char *err, size_t errlen)
{
	size_t len;
	*out = (WastScript){0};
	uint8_t *src = read_whole(path, &len, err, errlen);
	if (!src)
		return false;
	out->name = suite ? wast_script_name(suite, path) : strdup(path); /* as given */
	out->path = strdup(path);
	char *base = wast_script_name(NULL, path);
	char *stem = base ? wast_strndup(base, strlen(base) - 5) : NULL;
	free(base);
	bool ok = stem && out->path && read_source(src, len, stem, out, err, errlen);
	if (!stem || !out->path)
		snprintf(err, errlen, "out of memory");
	free(stem);
	free(src);
	if (!ok)
		wast_script_free(out);
	return ok;
}
