/* tests/unit/backend/compiled.c: see compiled.h. */
#include "compiled.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"

static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	cr_assert(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	rewind(f);
	uint8_t *b = malloc(*size);
	cr_assert(fread(b, 1, *size, f) == *size);
	fclose(f);
	return b;
}

IrModule *compiled_load(const char *path, uint8_t **bytes)
{
	size_t size;
	DiagSink diags = { 0 };
	*bytes = slurp(path, &size);
	IrModule *m = fe_module_load(*bytes, size, &diags);
	cr_assert(m, "%s does not validate", path);
	return m;
}

void compiled_open(Compiled *c, const char *path, uint32_t bounds)
{
	DiagSink diags = { 0 };
	c->ir = compiled_load(path, &c->bytes);
	BeOptions o;
	be_options_default(&o);
	o.bounds = bounds;
	o.verify = true;
	snprintf(c->so, sizeof c->so, "/tmp/nacre-test-%d.so", (int)getpid());
	cr_assert(be_compile(c->ir, &o, c->so, &diags), "compile failed: %s %s",
	          diag_text(diags.items[0].code), diags.items[0].detail);
	NacreError err;
	c->store = nacre_store_new();
	cr_assert(nacre_module_open(c->so, &c->module, &err) == NACRE_OK, "%s", err.message);
	cr_assert(nacre_instantiate(c->store, c->module, NULL, 0, &c->inst, &err) == NACRE_OK,
	          "%s", err.message);
}

void compiled_close(Compiled *c)
{
	nacre_store_free(c->store);
	nacre_module_close(c->module);
	unlink(c->so);
	ir_module_free(c->ir);
	free(c->bytes);
}

NacreTrap compiled_call(Compiled *c, const char *name, const NacreValue *args, NacreValue *results)
{
	NacreExtern ext;
	cr_assert(nacre_instance_export(c->inst, name, strlen(name), &ext), "no export %s", name);
	cr_assert_eq(ext.kind, NACRE_EXTERN_FUNC);
	NacreError err = { 0 };
	NacreStatus st = nacre_call(c->store, ext.u.func, args, results, &err);
	if (st == NACRE_TRAPPED)
		return err.trap;
	cr_assert_eq(st, NACRE_OK, "%s: %s", name, err.message);
	return NACRE_TRAP_NONE;
}

char *compiled_text(int fd, const char *path)
{
	FILE *f = fdopen(fd, "r");
	cr_assert(f, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	char *text = calloc(1, (size_t)size + 1);
	cr_assert(text && fread(text, 1, (size_t)size, f) == (size_t)size);
	fclose(f);
	unlink(path);
	return text;
}

char *compiled_emit(const char *path, const BeOptions *o)
{
	char out[] = "/tmp/nacre-emit-XXXXXX";
	int fd = mkstemp(out);
	cr_assert(fd >= 0);
	uint8_t *bytes;
	IrModule *m = compiled_load(path, &bytes);
	DiagSink d = { 0 };
	cr_assert(be_compile(m, o, out, &d), "%s: %s", o->target->name, d.n ? d.items[0].detail : "");
	ir_module_free(m);
	free(bytes);
	return compiled_text(fd, out);
}
