/* backend/part_key.c: the partition cache's key, the SHA-256 of
 * everything a partition's object bytes depend on: the compiler (the
 * driver's salt), the options lowering and codegen read, the module-level
 * facts lowering reads (every type, every function's type, imports,
 * tables, memories, globals, segments, tags, whether calls test for
 * exceptions), the partition's function range
 * and its bodies' bytes and branch hints.  A stale hit would be a miscompile and a needless
 * miss only slow, so when in doubt a fact goes in.  The descriptor's
 * partition depends on the whole module: the note and every input byte.
 */
#include "backend.h"
#include "../ir/sha256.h"

#include <string.h>

static void u32(Sha256 *s, uint32_t v)
{
	const uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	ir_sha256_update(s, b, sizeof b);
}

/* NULL differs from every string, "" included. */
static void str(Sha256 *s, const char *v)
{
	u32(s, v ? 1 : 0);
	if (v)
		ir_sha256_update(s, v, strlen(v) + 1);
}

/* Every BeOptions field is in the key or said here not to be: threads,
 * times, linker_pid and cache change no byte; partition_bytes only moves
 * the ranges, which are in the key; emit is always an object for a
 * partition (but whether calls test for exceptions, which an executable
 * may not need, is keyed beside the options); runtime_dir and world are the link's; the note goes into the
 * descriptor's key.  A new field that changes the struct's size (LP64
 * hosts) fails this assertion until it is added to options() or to that
 * list; one that fits in padding is left to backend.h's comment. */
_Static_assert(sizeof(BeOptions) == 128, "a new BeOptions field: key it in options() or say why not");

static void options(Sha256 *s, const BeOptions *o)
{
	str(s, o->target->name);
	str(s, o->cpu);
	str(s, o->cpu_features);
	str(s, o->module_name);
	const uint32_t v[] = { o->opt, o->bounds, o->cfi, o->verify, o->bounds_mask, o->spectre,
		               o->interruptible, o->metered };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		u32(s, v[i]);
}

static void limits(Sha256 *s, IrLimits l)
{
	u32(s, (uint32_t)l.min);
	u32(s, (uint32_t)(l.min >> 32));
	u32(s, (uint32_t)l.max);
	u32(s, (uint32_t)(l.max >> 32));
	u32(s, l.has_max);
	u32(s, l.is64);
}

static void types(Sha256 *s, const IrModule *m)
{
	u32(s, m->ntypes);
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const IrFuncType *t = &m->types[i];
		u32(s, t->nparams);
		u32(s, t->nresults);
		ir_sha256_update(s, t->params, t->nparams * sizeof *t->params);
		ir_sha256_update(s, t->results, t->nresults * sizeof *t->results);
	}
	u32(s, m->nfuncs);
	u32(s, m->nimported_funcs);
	for (uint32_t i = 0; i < m->nfuncs; i++)
		u32(s, m->func_types[i]);
}

static void name(Sha256 *s, IrName n)
{
	u32(s, n.len);
	ir_sha256_update(s, n.p, n.len);
}

static void imports(Sha256 *s, const IrModule *m)
{
	u32(s, m->nimports);
	for (uint32_t i = 0; i < m->nimports; i++) {
		name(s, m->imports[i].module);
		name(s, m->imports[i].name);
		u32(s, m->imports[i].kind);
		u32(s, m->imports[i].index);
	}
}

/* Tables, memories, globals' types, and the segments' shapes. */
static void storage(Sha256 *s, const IrModule *m)
{
	u32(s, m->ntables);
	u32(s, m->nimported_tables);
	for (uint32_t i = 0; i < m->ntables; i++) {
		u32(s, m->tables[i].elem);
		limits(s, m->tables[i].limits);
	}
	u32(s, m->nmems);
	u32(s, m->nimported_mems);
	for (uint32_t i = 0; i < m->nmems; i++)
		limits(s, m->mems[i]);
	u32(s, m->nglobals);
	u32(s, m->nimported_globals);
	for (uint32_t i = 0; i < m->nglobals; i++) {
		u32(s, m->globals[i].type.type);
		u32(s, m->globals[i].type.mut);
	}
	u32(s, m->nelems);
	for (uint32_t i = 0; i < m->nelems; i++) {
		const IrElem *e = &m->elems[i];
		const uint32_t v[] = { e->mode, e->type, e->table, e->nitems };
		ir_sha256_update(s, v, sizeof v);
	}
	const uint32_t v[] = { m->has_data_count, m->data_count, m->ndatas, m->has_start, m->start };
	ir_sha256_update(s, v, sizeof v);
	u32(s, m->ntags);
	u32(s, m->nimported_tags);
	for (uint32_t i = 0; i < m->ntags; i++)
		u32(s, m->tag_types[i]);
	for (uint32_t i = 0; i < m->ndatas; i++) {
		u32(s, m->datas[i].mode);
		u32(s, m->datas[i].memory);
		u32(s, m->datas[i].size);
	}
}

/* The branch hints inside [from, to) (lowering turns them into weights),
 * relative to from, as the bodies' bytes are. */
static void hints(Sha256 *s, const IrModule *m, uint32_t from, uint32_t to)
{
	for (uint32_t i = 0; i < m->nbranch_hints; i++) {
		const IrBranchHint *h = &m->branch_hints[i];
		if (h->offset >= from && h->offset < to) {
			u32(s, h->offset - from);
			u32(s, h->likely);
		}
	}
	u32(s, UINT32_MAX);
}

static bool bodies(Sha256 *s, const IrModule *m, BeRange r)
{
	if (r.first < r.end) {
		size_t n;
		const IrFunc *first = &m->funcs[r.first - m->nimported_funcs];
		const uint8_t *p = be_func_bytes(m, &m->funcs[r.end - 1 - m->nimported_funcs], &n);
		if (!p)
			return false;
		hints(s, m, first->body_offset, (uint32_t)(p + n - m->bytes));
	}
	for (uint32_t i = r.first; i < r.end; i++) {
		size_t n;
		const IrFunc *f = &m->funcs[i - m->nimported_funcs];
		const uint8_t *p = be_func_bytes(m, f, &n);
		if (!p)
			return false;
		u32(s, f->type);
		u32(s, (uint32_t)n);
		ir_sha256_update(s, p, n);
	}
	return true;
}

/* The note and every byte of the input. */
static bool whole(Sha256 *s, const IrModule *m, const BeOptions *o)
{
	u32(s, o->note ? (uint32_t)o->note_size : UINT32_MAX);
	if (o->note)
		ir_sha256_update(s, o->note, o->note_size);
	u32(s, (uint32_t)m->size);
	if (m->bytes)
		ir_sha256_update(s, m->bytes, m->size);
	return m->bytes != NULL;
}

bool be_part_key(const IrModule *m, const BeOptions *o, BeRange r, bool partitioned, bool descriptor,
                 char hex[65])
{
	if (!o->cache)
		return false;
	Sha256 s;
	ir_sha256_init(&s);
	ir_sha256_update(&s, "nacre partition 1", 18);
	ir_sha256_update(&s, o->cache->salt, sizeof o->cache->salt);
	unsigned llvm[3];
	LLVMGetVersion(&llvm[0], &llvm[1], &llvm[2]);
	const uint32_t v[] = { llvm[0], llvm[1], llvm[2], r.first, r.end, partitioned, descriptor };
	ir_sha256_update(&s, v, sizeof v);
	options(&s, o);
	/* whether calls test for a pending exception depends on every
	 * function of the module (lower_exn.c), not only the partition's */
	u32(&s, be_exn_observable(m, o));
	types(&s, m);
	imports(&s, m);
	storage(&s, m);
	if (!bodies(&s, m, r) || (descriptor && !whole(&s, m, o)))
		return false;
	uint8_t d[IR_SHA256_SIZE];
	ir_sha256_final(&s, d);
	ir_hex(d, sizeof d, hex);
	return true;
}
