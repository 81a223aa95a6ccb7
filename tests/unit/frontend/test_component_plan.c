/* tests/unit/frontend/test_component_plan.c: fe_component_plan, the
 * instantiation graph followed at compile time.  The three staged
 * wasi:cli/command components (jco's shape: a shim module whose table a
 * fixup module fills, the program, the preview1 adapter, a nested
 * component that wraps the run export) are checked binding by binding;
 * every valid component of the staged validation suites either plans, with
 * every binding well-formed, or is refused with a diagnostic that says why.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/frontend.h"
#include "ir/component.h"
#include "ir/component_plan.h"

#define COMMANDS NACRE_CONFORMANCE_DIR "/component/commands/"

typedef struct Loaded {
	uint8_t *bytes;
	IrComponent *c;
	IrCpPlan *plan;
	DiagSink diags;
} Loaded;

static uint8_t *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	uint8_t *p = malloc((size_t)size + 1);
	cr_assert_eq(fread(p, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*n = (size_t)size;
	return p;
}

static void load(Loaded *l, const char *path)
{
	size_t n;
	memset(l, 0, sizeof *l);
	l->bytes = read_all(path, &n);
	l->c = fe_component_load(l->bytes, n, &l->diags);
	if (l->c)
		l->plan = fe_component_plan(l->c, &l->diags);
}

static void unload(Loaded *l)
{
	ir_component_plan_free(l->plan);
	ir_component_free(l->c);
	free(l->bytes);
}

static bool name_is(IrName n, const char *s)
{
	return n.len == strlen(s) && memcmp(n.p, s, n.len) == 0;
}

static const IrExport *module_export(const IrModule *m, IrName name)
{
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].name.len == name.len && memcmp(m->exports[i].name.p, name.p, name.len) == 0)
			return &m->exports[i];
	return NULL;
}

/* A reference the instance `at` (or a lift, at = ninstances) may hold:
 * an export of an earlier instance, of the kind wanted, or a lowered
 * function. */
static void check_ref(const IrCpPlan *p, IrCpRef r, uint32_t at, int kind)
{
	if (r.kind == IR_CP_LOWER) {
		cr_assert_lt(r.index, p->nlowers);
		cr_assert_eq(kind, IR_EXTERN_FUNC, "a lowered function bound where a non-function is imported");
		return;
	}
	cr_assert_eq(r.kind, IR_CP_EXPORT);
	cr_assert_lt(r.index, at, "instance %u bound to instance %u, not made before it", at, r.index);
	const IrExport *x = module_export(p->instances[r.index].module, r.name);
	cr_assert_not_null(x, "instance %u has no export `%.*s`", r.index, (int)r.name.len, r.name.p);
	cr_assert_eq(x->kind, kind, "export `%.*s` is of another kind", (int)r.name.len, r.name.p);
}

static void check_options(const IrCpPlan *p, const IrCpOptions *o)
{
	if (o->has_memory)
		check_ref(p, o->memory, p->ninstances, IR_EXTERN_MEMORY);
	if (o->has_realloc)
		check_ref(p, o->realloc, p->ninstances, IR_EXTERN_FUNC);
	if (o->has_post_return)
		check_ref(p, o->post_return, p->ninstances, IR_EXTERN_FUNC);
}

static void check_plan(const IrCpPlan *p)
{
	for (uint32_t i = 0; i < p->ninstances; i++) {
		const IrModule *m = p->instances[i].module;
		for (uint32_t k = 0; k < m->nimports; k++)
			check_ref(p, p->instances[i].imports[k], i, m->imports[k].kind);
	}
	for (uint32_t i = 0; i < p->nlowers; i++)
		check_options(p, &p->lowers[i].opts);
	for (uint32_t i = 0; i < p->nlifts; i++) {
		check_ref(p, p->lifts[i].core, p->ninstances, IR_EXTERN_FUNC);
		check_options(p, &p->lifts[i].opts);
	}
}

static const IrCpLower *find_lower(const IrCpPlan *p, const char *interface, const char *name)
{
	for (uint32_t i = 0; i < p->nlowers; i++)
		if (name_is(p->lowers[i].interface, interface) && name_is(p->lowers[i].name, name))
			return &p->lowers[i];
	return NULL;
}

/* The import (module, name) of instance i. */
static IrCpRef import_of(const IrCpPlan *p, uint32_t i, const char *module, const char *name)
{
	const IrModule *m = p->instances[i].module;
	for (uint32_t k = 0; k < m->nimports; k++)
		if (name_is(m->imports[k].module, module) && name_is(m->imports[k].name, name))
			return p->instances[i].imports[k];
	cr_assert_fail("instance %u does not import %s %s", i, module, name);
	return (IrCpRef){ 0 };
}

/* jco's command shape: shim (0), program (1), adapter (2), fixups (3). */
static void check_command(const char *file)
{
	Loaded l;
	load(&l, file);
	cr_assert_not_null(l.plan, "%s: %s", file, l.diags.n ? l.diags.items[0].detail : "?");
	const IrCpPlan *p = l.plan;
	check_plan(p);
	cr_assert_eq(p->ninstances, 4);
	cr_assert_eq(p->instances[0].module->nimports, 0, "the shim imports nothing");

	IrCpRef fd_write = import_of(p, 1, "wasi_snapshot_preview1", "fd_write");
	cr_assert_eq(fd_write.kind, IR_CP_EXPORT);
	cr_assert_eq(fd_write.index, 0, "the program calls the shim");

	IrCpRef mem = import_of(p, 2, "env", "memory");
	cr_assert(mem.kind == IR_CP_EXPORT && mem.index == 1 && name_is(mem.name, "memory"),
	          "the adapter uses the program's memory");
	IrCpRef table = import_of(p, 3, "shim", "$imports");
	cr_assert(table.kind == IR_CP_EXPORT && table.index == 0, "the fixups fill the shim's table");
	/* what the fixups put in the shim's slots: the adapter's preview1
	 * functions (fd_write among them) and host functions lowered */
	const IrModule *fixups = p->instances[3].module;
	bool fd_write_slot = false;
	for (uint32_t k = 0; k < fixups->nimports; k++) {
		IrCpRef r = p->instances[3].imports[k];
		if (!name_is(fixups->imports[k].module, "actual"))
			continue;
		cr_assert(r.kind == IR_CP_LOWER || r.index == 2, "slot %.*s: neither the adapter's nor the host's",
		          (int)fixups->imports[k].name.len, fixups->imports[k].name.p);
		fd_write_slot |= r.kind == IR_CP_EXPORT && name_is(r.name, "fd_write");
	}
	cr_assert(fd_write_slot, "no slot of the shim's table holds the adapter's fd_write");

	const IrCpLower *w = find_lower(p, "wasi:io/streams@0.2.12", "[method]output-stream.blocking-write-and-flush");
	cr_assert_not_null(w);
	cr_assert_eq(w->kind, IR_CP_HOST_FUNC);
	cr_assert(w->opts.has_memory && w->opts.memory.index == 1, "lowered over the program's memory");
	cr_assert_not_null(find_lower(p, "wasi:cli/exit@0.2.12", "exit"));
	const IrCpLower *drop = find_lower(p, "wasi:io/streams@0.2.12", "output-stream");
	cr_assert(drop && drop->kind == IR_CP_RESOURCE_DROP, "the host resource a drop is for, by name");

	cr_assert_eq(p->nlifts, 1);
	cr_assert(name_is(p->lifts[0].interface, "wasi:cli/run@0.2.12") && name_is(p->lifts[0].name, "run"));
	cr_assert(p->lifts[0].core.index == 2 && name_is(p->lifts[0].core.name, "wasi:cli/run@0.2.12#run"),
	          "run is the adapter's");
	unload(&l);
}

Test(component_plan, hello) { check_command(COMMANDS "hello.component.wasm"); }
Test(component_plan, copy) { check_command(COMMANDS "copy.component.wasm"); }
Test(component_plan, clockrand) { check_command(COMMANDS "clockrand.component.wasm"); }

/* Every staged component that validates: a well-formed plan or a reason. */
static unsigned planned, refused;

static void plan_file(const char *path)
{
	Loaded l;
	load(&l, path);
	if (l.plan)
		check_plan(l.plan);
	else if (l.c) {
		cr_assert_geq(l.diags.n, 1, "%s: refused without a reason", path);
		DiagCode code = l.diags.items[0].code;
		cr_assert(code == DIAG_CM_PLAN || code == DIAG_IMPL_LIMIT, "%s: refused with %s", path,
		          diag_code_name(code));
	}
	planned += l.plan != NULL;
	refused += l.c && !l.plan;
	unload(&l);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s", dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		char path[4096];
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			walk(path);
		else if (n > 5 && strcmp(e->d_name + n - 5, ".wasm") == 0)
			plan_file(path);
	}
	closedir(d);
}

Test(component_plan, every_staged_component)
{
	walk(NACRE_CONFORMANCE_DIR "/component/component-model");
	walk(NACRE_CONFORMANCE_DIR "/component/wasm-tools");
	cr_log_info("%u planned, %u refused with a reason", planned, refused);
	cr_assert_gt(planned, 100);
}
