/* tests/fuzz/fuzz_wast.c: libFuzzer target for nacre wast's script reader
 * (wast/read.c, wast/read_value.c, on top of the text reader).  Any byte
 * string is read as a .wast script.  Besides the sanitizers it checks:
 * a refused script says why; a read one has a type and a line for every
 * command, in order; each module it carries has either its binary or the
 * text reader's diagnostic, placed inside the input; and the same text
 * reads to the same commands twice.  Built only with NACRE_FUZZ.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wast/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_wast: contract broken: %s\n", what);
	__builtin_trap();
}

static void check_module(const WastModule *m, size_t size)
{
	if (m->error)
		broken("a text module with a read error");
	if (!m->filename)
		broken("a module without a name");
	if (m->rejected == (m->bytes != NULL))
		broken("a module with both or neither of a binary and a diagnostic");
	if (m->rejected && (m->diag.code == DIAG_NONE || m->diag.offset > size || !m->diag_line))
		broken("a rejection without a diagnostic inside the input");
}

static void check_script(const WastScript *s, size_t size)
{
	unsigned line = 0;
	for (size_t i = 0; i < s->n; i++) {
		const WastCommand *c = &s->cmds[i];
		if (!c->type || !c->type[0] || !c->line || c->line < line)
			broken("a command without a type, or out of order");
		line = c->line;
		if (c->has_module)
			check_module(&c->mod, size);
		if (c->has_action && !c->error && !c->action.field)
			broken("an action without a field");
		for (uint32_t k = 0; k < c->nexpected; k++)
			if (!c->expected[k].n && !c->error)
				broken("an expected result without values or an error");
	}
}

static bool same(const WastScript *a, const WastScript *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const WastCommand *x = &a->cmds[i], *y = &b->cmds[i];
		if (strcmp(x->type, y->type) || x->line != y->line || x->mod.size != y->mod.size ||
		    (x->mod.size && memcmp(x->mod.bytes, y->mod.bytes, x->mod.size)))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	WastScript a, b;
	char err[256] = "", err2[256] = "";
	bool ok = wast_read_text(data, size, &a, err, sizeof err);
	bool ok2 = wast_read_text(data, size, &b, err2, sizeof err2);
	if (!ok && !err[0])
		broken("a refused script without a reason");
	if (ok != ok2 || (ok && !same(&a, &b)) || (!ok && strcmp(err, err2)))
		broken("the same text read differently");
	if (ok) {
		check_script(&a, size);
		wast_script_free(&a);
		wast_script_free(&b);
	}
	return 0;
}
