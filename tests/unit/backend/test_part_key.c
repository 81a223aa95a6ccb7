/* tests/unit/backend/test_part_key.c: every BeOptions field against the
 * partition cache's key (backend/part_key.c).  One row per field says
 * which keys it must reach: a field lowering or codegen reads changes
 * every key, the note only the descriptor's, and threads, times,
 * linker_pid, cache, partition_bytes, emit (but an executable that needs no
 * exception tests, its own test), runtime_dir and world none.  Each
 * row sets its field to every other value worth trying (every target,
 * every level, NULL, "" and a string); a keyed field's values all give
 * different keys.  What a row says of bytes is checked by compiling a
 * module in partitions with each value of a field left out of a key: a
 * key must never name two different objects.  The rows are checked
 * against the struct's own fields (clang's __builtin_dump_struct), so a
 * new field needs a new row. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "frontend/frontend.h"

/* LP64: a new field that changes the size needs a row (the name check
 * below catches one in padding). */
_Static_assert(sizeof(BeOptions) == 128, "a new BeOptions field: add its row to the table");

typedef enum Reach { KEY_NONE, KEY_DESCRIPTOR, KEY_ALL } Reach;

/* Sets variant i of the field, each unlike the default; false past the last. */
typedef bool Set(BeOptions *o, unsigned i);

typedef struct Row {
	const char *field;
	Reach reach;
	Set *set;
	void (*base)(BeOptions *o); /* applied before the default's key and every variant's; NULL: none */
} Row;

/* A string field's variants: NULL differs from "" and "" from a name. */
#define STRINGS(name, field, ...)                                      \
	static bool name(BeOptions *o, unsigned i)                     \
	{                                                              \
		static const char *const v[] = { __VA_ARGS__ };        \
		if (i >= sizeof v / sizeof v[0])                       \
			return false;                                  \
		o->field = v[i];                                       \
		return true;                                           \
	}
/* A bool field's one other value. */
#define FLIP(name, field)                                              \
	static bool name(BeOptions *o, unsigned i)                     \
	{                                                              \
		o->field = !o->field;                                  \
		return i == 0;                                         \
	}

STRINGS(set_cpu, cpu, "", "native", "x86-64", "x86-64-v3", "generic")
STRINGS(set_cpu_features, cpu_features, "", "+avx2", "+avx2,+bmi2")
STRINGS(set_module_name, module_name, "", "m", "other")
STRINGS(set_runtime_dir, runtime_dir, "", "lib/nacre", "/opt/nacre/lib/nacre")
FLIP(set_cfi, cfi)
FLIP(set_verify, verify)
FLIP(set_bounds_mask, bounds_mask)
FLIP(set_spectre, spectre)
FLIP(set_interruptible, interruptible)
FLIP(set_metered, metered)

/* Every target but the default (the host's). */
static bool set_target(BeOptions *o, unsigned i)
{
	size_t n;
	const Target *const *t = be_targets(&n);
	for (size_t k = 0; k < n; k++)
		if (t[k] != o->target && i-- == 0) {
			o->target = t[k];
			return true;
		}
	return false;
}

static bool set_threads(BeOptions *o, unsigned i)
{
	o->threads = i + 1;
	return i < 8;
}

/* Every level but the default. */
static bool set_opt(BeOptions *o, unsigned i)
{
	static const BeOptLevel v[] = { BE_O0, BE_O1, BE_O3, BE_OS };
	cr_assert_eq(o->opt, BE_O2);
	o->opt = v[i < 4 ? i : 0];
	return i < 4;
}

static bool set_bounds(BeOptions *o, unsigned i)
{
	cr_assert_eq(o->bounds, NACRE_BOUNDS_GUARD);
	o->bounds = NACRE_BOUNDS_EXPLICIT;
	return i == 0;
}

/* Every kind of library output but the default; an executable is
 * keyed apart when it needs no exception tests (its own test below). */
static bool set_emit(BeOptions *o, unsigned i)
{
	static const BeEmit v[] = { BE_EMIT_OBJ, BE_EMIT_LLVM, BE_EMIT_ASM };
	cr_assert_eq(o->emit, BE_EMIT_SO);
	o->emit = v[i < 3 ? i : 0];
	return i < 3;
}

static bool set_partition_bytes(BeOptions *o, unsigned i)
{
	static const uint32_t v[] = { 1, 4096, 16384, 1 << 20 };
	o->partition_bytes = v[i < 4 ? i : 0];
	return i < 4;
}

/* Notes of different bytes and sizes; the note_size row starts from
 * one of them (base), since without a note its size is not read. */
static const uint8_t notes[2][16] = { "a driver's note", "another note.." };

static bool set_note(BeOptions *o, unsigned i)
{
	o->note = notes[i % 2];
	o->note_size = i < 2 ? 16 : 8;
	return i < 3;
}

static void note_base(BeOptions *o)
{
	o->note = notes[0];
	o->note_size = 16;
}

static bool set_note_size(BeOptions *o, unsigned i)
{
	o->note_size = 4 + 4 * i;
	return i < 3;
}

static BeTimes times;
static bool set_times(BeOptions *o, unsigned i)
{
	o->times = &times;
	return i == 0;
}

/* A cache that never has an object and records what it is given to
 * keep, for compiles_alike below; worker threads keep at once. */
typedef struct Kept {
	char key[65];
	uint8_t *obj;
	size_t size;
} Kept;
typedef struct Store {
	Kept kept[BE_MAX_PARTS];
	unsigned n;
	pthread_mutex_t lock;
} Store;
static Store stores[2] = { { .lock = PTHREAD_MUTEX_INITIALIZER }, { .lock = PTHREAD_MUTEX_INITIALIZER } };

static BeFetch never(void *ctx, const char *key, const char *path)
{
	(void)ctx, (void)key, (void)path;
	return BE_FETCH_MISS;
}

static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	cr_assert(f, "cannot open %s", path);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	*size = (size_t)ftell(f);
	rewind(f);
	uint8_t *b = malloc(*size + 1);
	cr_assert(b && fread(b, 1, *size, f) == *size);
	fclose(f);
	return b;
}

static void record(void *ctx, const char *key, const char *path)
{
	Store *s = ctx;
	Kept k;
	memcpy(k.key, key, sizeof k.key);
	k.obj = slurp(path, &k.size);
	pthread_mutex_lock(&s->lock);
	cr_assert_lt(s->n, BE_MAX_PARTS);
	s->kept[s->n++] = k;
	pthread_mutex_unlock(&s->lock);
}

/* The same salt (the compiler) under another store: the same key.  A
 * key without a cache is none (no_cache_no_key). */
static const BePartCache cache = { .salt = { 1 }, .fetch = never, .keep = record, .ctx = &stores[0] },
			 same_salt = { .salt = { 1 }, .fetch = never, .keep = record, .ctx = &stores[1] };

static bool set_cache(BeOptions *o, unsigned i)
{
	o->cache = &same_salt;
	return i == 0;
}

/* A world only chooses what an executable links: no partition's bytes. */
static bool set_world(BeOptions *o, unsigned i)
{
	o->world = i == 0 ? NULL : &be_world_wasi_p1;
	return i < 2;
}

static volatile sig_atomic_t pid;
static bool set_linker_pid(BeOptions *o, unsigned i)
{
	o->linker_pid = &pid;
	return i == 0;
}

/* In the order of backend.h's struct. */
static const Row rows[] = {
	{ "target", KEY_ALL, set_target, NULL },
	{ "cpu", KEY_ALL, set_cpu, NULL },
	{ "cpu_features", KEY_ALL, set_cpu_features, NULL },
	{ "threads", KEY_NONE, set_threads, NULL },
	{ "opt", KEY_ALL, set_opt, NULL },
	{ "bounds", KEY_ALL, set_bounds, NULL },
	{ "cfi", KEY_ALL, set_cfi, NULL },
	{ "emit", KEY_NONE, set_emit, NULL }, /* a partition is always an object */
	{ "verify", KEY_ALL, set_verify, NULL }, /* no byte, but keyed: harmless */
	{ "partition_bytes", KEY_NONE, set_partition_bytes, NULL }, /* moves ranges, which are keyed */
	{ "note", KEY_DESCRIPTOR, set_note, NULL },
	{ "note_size", KEY_DESCRIPTOR, set_note_size, note_base },
	{ "module_name", KEY_ALL, set_module_name, NULL },
	{ "bounds_mask", KEY_ALL, set_bounds_mask, NULL },
	{ "spectre", KEY_ALL, set_spectre, NULL },
	{ "interruptible", KEY_ALL, set_interruptible, NULL },
	{ "metered", KEY_ALL, set_metered, NULL },
	{ "runtime_dir", KEY_NONE, set_runtime_dir, NULL },
	{ "world", KEY_NONE, set_world, NULL },
	{ "times", KEY_NONE, set_times, NULL },
	{ "cache", KEY_NONE, set_cache, NULL },
	{ "linker_pid", KEY_NONE, set_linker_pid, NULL },

};
enum { NROWS = sizeof rows / sizeof rows[0], MAX_VARIANTS = 16 };

/* A module of one type, one import and three functions, each body a
 * LEB128 size and its bytes, as the code section lays them out. */
static const uint8_t code[] = { 2, 0, 0x0b, 3, 0, 0x01, 0x0b, 2, 0, 0x0b };
static IrFunc funcs[] = { { .body_offset = 0, .body_size = 2 },
	                  { .body_offset = 3, .body_size = 3 },
	                  { .body_offset = 7, .body_size = 2 } };
static uint32_t func_types[4];
static IrFuncType type;
static const IrModule module = { .bytes = code, .size = sizeof code, .nfuncs = 4, .nimported_funcs = 1,
	                         .funcs = funcs, .func_types = func_types, .ntypes = 1, .types = &type };

/* The keys a build makes: a function partition's, the descriptor's, and
 * an unpartitioned module's (the descriptor's too). */
typedef struct Keys {
	char func[65], descriptor[65], whole[65];
} Keys;

static Keys keys(const BeOptions *o)
{
	Keys k;
	cr_assert(be_part_key(&module, o, (BeRange){ 2, 4 }, true, false, k.func));
	cr_assert(be_part_key(&module, o, (BeRange){ 1, 1 }, true, true, k.descriptor));
	cr_assert(be_part_key(&module, o, (BeRange){ 1, 4 }, false, true, k.whole));
	return k;
}

static BeOptions defaults(const Row *r)
{
	BeOptions o;
	be_options_default(&o);
	o.cache = &cache;
	if (r->base)
		r->base(&o);
	return o;
}

/* Key a of variant va against b of vb, as the row's reach says. */
static void compare(const Row *r, const Keys *a, const Keys *b, int va, int vb)
{
	bool func = r->reach == KEY_ALL, descriptor = r->reach != KEY_NONE;
	cr_assert_eq(strcmp(a->func, b->func) != 0, func, "%s, values %d and %d: a function partition's key %s",
	             r->field, va, vb, func ? "is the same" : "changed");
	cr_assert_eq(strcmp(a->descriptor, b->descriptor) != 0, descriptor,
	             "%s, values %d and %d: the descriptor's key %s", r->field, va, vb,
	             descriptor ? "is the same" : "changed");
	cr_assert_eq(strcmp(a->whole, b->whole) != 0, descriptor,
	             "%s, values %d and %d: an unpartitioned module's key %s", r->field, va, vb,
	             descriptor ? "is the same" : "changed");
}

/* The default (-1) and every variant, each pair compared. */
static void check_row(const Row *r)
{
	Keys k[MAX_VARIANTS + 1];
	BeOptions o = defaults(r);
	k[0] = keys(&o);
	unsigned n = 0;
	for (; n < MAX_VARIANTS; n++) {
		o = defaults(r);
		if (!r->set(&o, n))
			break;
		k[n + 1] = keys(&o);
	}
	cr_assert_gt(n, 0, "%s has no value to try", r->field);
	cr_assert_lt(n, MAX_VARIANTS, "%s: too many values", r->field);
	for (unsigned a = 0; a <= n; a++)
		for (unsigned b = a + 1; b <= n; b++)
			compare(r, &k[a], &k[b], (int)a - 1, (int)b - 1);
}

Test(part_key, every_option_field_reaches_the_keys_its_row_says)
{
	for (size_t i = 0; i < NROWS; i++)
		check_row(&rows[i]);
}

Test(part_key, every_target_and_level_has_its_own_key)
{
	size_t n;
	const Target *const *t = be_targets(&n);
	cr_assert_geq(n, 3, "x86_64, aarch64 and riscv64 expected");
	char seen[3 * 5][65];
	unsigned nseen = 0;
	for (size_t i = 0; i < 3; i++)
		for (BeOptLevel l = BE_O0; l <= BE_OS; l++) {
			BeOptions o = defaults(&rows[0]);
			o.target = t[i];
			o.opt = l;
			cr_assert(be_part_key(&module, &o, (BeRange){ 2, 4 }, true, false, seen[nseen]));
			for (unsigned k = 0; k < nseen; k++)
				cr_assert_str_neq(seen[k], seen[nseen], "%s -O%d shares a key", t[i]->name, l);
			nseen++;
		}
}

Test(part_key, the_salt_is_in_the_key_and_no_cache_no_key)
{
	BeOptions o = defaults(&rows[0]);
	Keys a = keys(&o);
	const BePartCache other = { .salt = { 2 } };
	o.cache = &other;
	Keys b = keys(&o);
	cr_assert_str_neq(a.func, b.func, "another compiler (salt) shares a key");
	o.cache = NULL;
	char hex[65];
	cr_assert_not(be_part_key(&module, &o, (BeRange){ 2, 4 }, true, false, hex));
}

/* ---- What the rows say of bytes, compiled: a field that reaches no
 * key (or only the descriptor's) changes no byte of any object whose
 * key it leaves alone, so a key never names two different objects. */

/* The objects a compile with o kept, into its cache's store (emptied first). */
static Store *compile(const IrModule *m, const BeOptions *o)
{
	Store *s = o->cache->ctx;
	for (unsigned i = 0; i < s->n; i++)
		free(s->kept[i].obj);
	s->n = 0;
	char out[64];
	snprintf(out, sizeof out, "/tmp/nacre-test-part-key-%d", (int)getpid());
	DiagSink diags = { 0 };
	bool ok = be_compile(m, o, out, &diags);
	unlink(out);
	/* --emit=exe finds no runtime archives here: its partitions are kept before the link */
	cr_assert(ok || o->emit == BE_EMIT_EXE, "compile failed: %s %s", diag_text(diags.items[0].code),
	          diags.items[0].detail);
	return s;
}

/* Every key b kept that a kept too names the same bytes; how many. */
static unsigned alike(const Row *r, int variant, const Store *a, const Store *b)
{
	unsigned common = 0;
	for (unsigned i = 0; i < b->n; i++)
		for (unsigned k = 0; k < a->n; k++) {
			if (strcmp(a->kept[k].key, b->kept[i].key) != 0)
				continue;
			common++;
			cr_assert(a->kept[k].size == b->kept[i].size &&
			                  !memcmp(a->kept[k].obj, b->kept[i].obj, a->kept[k].size),
			          "%s, value %d: key %s names another object", r->field, variant, a->kept[k].key);
		}
	return common;
}

/* Several partitions of a real module, each variant of the row against
 * the default; a copy of the default's store, since the row's own cache
 * variant may share it. */
static void compile_row(const IrModule *m, const Row *r)
{
	BeOptions o = defaults(r);
	o.partition_bytes = 512;
	Store base = *compile(m, &o);
	cr_assert_gt(base.n, 3, "%s: %u partitions kept, several expected", r->field, base.n);
	stores[0].n = 0; /* base owns the objects now */
	for (unsigned i = 0;; i++) {
		o = defaults(r);
		o.partition_bytes = 512;
		if (!r->set(&o, i))
			break;
		const Store *v = compile(m, &o);
		unsigned common = alike(r, (int)i, &base, v);
		bool cuts = r->set == set_partition_bytes, objects = o.emit != BE_EMIT_LLVM && o.emit != BE_EMIT_ASM;
		cr_assert(cuts || !objects || common + (r->reach == KEY_DESCRIPTOR) == base.n,
		          "%s, value %u: %u of %u keys kept", r->field, i, common, base.n);
	}
	for (unsigned i = 0; i < base.n; i++)
		free(base.kept[i].obj);
}

Test(part_key, a_key_names_one_object_whatever_the_fields_it_leaves_out)
{
	size_t size;
	uint8_t *bytes = slurp(NACRE_SIMD_WASM, &size);
	DiagSink diags = { 0 };
	IrModule *m = fe_module_load(bytes, size, &diags);
	cr_assert(m, NACRE_SIMD_WASM " does not validate");
	be_targets_init();
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].reach != KEY_ALL)
			compile_row(m, &rows[i]);
	for (unsigned s = 0; s < 2; s++) {
		for (unsigned i = 0; i < stores[s].n; i++)
			free(stores[s].kept[i].obj);
		stores[s].n = 0;
	}
	ir_module_free(m);
	free(bytes);
}

/* ---- The rows are the struct's fields: clang lists them. */
typedef struct Fields {
	const char *name[64];
	unsigned n;
} Fields;

/* __builtin_dump_struct's printer: a field's line is "%s%s %s = ..."
 * with the indent, the type and the name first. */
static int field(void *ctx, const char *fmt, ...)
{
	Fields *f = ctx;
	if (strncmp(fmt, "%s%s %s", 7) != 0)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	(void)va_arg(ap, const char *);
	(void)va_arg(ap, const char *);
	const char *name = va_arg(ap, const char *);
	va_end(ap);
	if (f->n < 64)
		f->name[f->n++] = name;
	return 0;
}

Test(part_key, the_table_has_one_row_per_field_in_order)
{
	Fields f = { .n = 0 };
	BeOptions o;
	be_options_default(&o);
	__builtin_dump_struct(&o, field, &f);
	cr_assert_eq(f.n, NROWS, "BeOptions has %u fields, the table %u rows", f.n, (unsigned)NROWS);
	for (unsigned i = 0; i < f.n; i++)
		cr_assert_str_eq(f.name[i], rows[i].field, "field %u is %s, its row says %s", i, f.name[i],
		                 rows[i].field);
}

/* The module above has no tag and no import: built as an executable its
 * calls test for no exception, as a library they do (lower_exn.c), so
 * the two must not share an object. */
Test(part_key, an_executable_that_sees_no_exception_is_keyed_apart_from_a_library)
{
	BeOptions o;
	be_options_default(&o);
	o.cache = &cache;
	Keys lib = keys(&o);
	o.emit = BE_EMIT_EXE;
	Keys exe = keys(&o);
	cr_assert_str_neq(lib.func, exe.func);
	cr_assert_str_neq(lib.whole, exe.whole);
}
