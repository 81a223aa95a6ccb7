/* backend/compile.c: the backend as one call.  The module's functions
 * are cut into partitions where their own bytes say (plan.c), so the
 * split and the output never depend on timing or on how many cores there
 * are, and an edit moves only the cuts beside it; each partition is
 * lowered, optimised and emitted in its own LLVMContext on a worker
 * thread, or taken from the partition cache (part_key.c) when it has the
 * object.  A partitioned build's trampolines and descriptor, which depend
 * on the whole module, are a partition of their own (partition 0), so
 * that no function's partition depends on them.  The objects are audited
 * (audit.c), and the linker joins them in partition order.
 */
#include "backend.h"
#include "../runtime-lib/include/nacre/note.h"
#include "../runtime-lib/note_codec.h"

#include <assert.h>
#include <llvm-c/Analysis.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Below PART_BYTES of function bodies (or --partition-bytes) a module is
 * one partition; above, partitions of about PART_BYTES each (plan.c),
 * at most MAX_PARTS with the descriptor's. */
enum { PART_BYTES = 32 * 1024, MAX_PARTS = BE_MAX_PARTS, MAX_THREADS = 8 };

void be_options_default(BeOptions *o)
{
	*o = (BeOptions){
		.target = be_target_host(),
		.world = be_world_default(),
		.opt = BE_O2,
		.bounds = NACRE_BOUNDS_GUARD,
		.cfi = true,
		.emit = BE_EMIT_SO,
#ifndef NDEBUG
		.verify = true,
#endif
	};
}

typedef struct Part {
	const IrModule *m;
	const BeOptions *o;
	uint32_t first, end;         /* defined functions, by function index */
	bool partitioned;
	bool descriptor;             /* emits trampolines and the descriptor */
	const char *out;             /* where this partition's output goes */
	BeEmit kind;
	DiagSink diags;
	BePartTimes *times;          /* -v: where this partition's phases go; NULL: not measured */
	bool ok;
} Part;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static bool verify(BeModule *bm)
{
	char *msg = NULL;
	if (!LLVMVerifyModule(bm->mod, LLVMReturnStatusAction, &msg)) {
		LLVMDisposeMessage(msg);
		return true;
	}
	/* the first line says what is wrong; the module dump is for debugging */
	char *nl = msg ? strchr(msg, '\n') : NULL;
	if (nl)
		*nl = 0;
	diag_report(bm->diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "invalid LLVM IR: %s", msg ? msg : "");
	LLVMDisposeMessage(msg);
	return false;
}

/* Without the driver's note, one naming only the target, which
 * nacre_module_open checks; the target names are short. */
enum { TARGET_NOTE_MAX = 64 };
static size_t target_note(const Target *t, uint8_t out[TARGET_NOTE_MAX])
{
	const RtNoteRecord rec = { NACRE_NOTE_KEY_TARGET, t->name };
	size_t size = rt_note_size(&rec, 1);
	assert(size && size <= TARGET_NOTE_MAX);
	rt_note_write(out, &rec, 1);
	return size;
}

/* The driver's note (nacre/note.h), as a constant in its own SHT_NOTE
 * section (LLVM types ".note*" sections so) that the runtime finds by
 * symbol; an object named NAME calls it NAME_note, so that several link. */
void be_emit_note(BeModule *bm)
{
	const BeOptions *o = bm->opt;
	char name[256];
	uint8_t own[TARGET_NOTE_MAX];
	const uint8_t *note = o->note;
	size_t size = o->note_size;
	if (!note) {
		size = target_note(o->target, own);
		note = own;
	}
	if (o->module_name)
		snprintf(name, sizeof name, "%s_note", o->module_name);
	LLVMValueRef init = LLVMConstStringInContext(bm->ctx, (const char *)note, (unsigned)size, true);
	LLVMValueRef g = LLVMAddGlobal(bm->mod, LLVMTypeOf(init), o->module_name ? name : NACRE_NOTE_SYMBOL);
	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, true);
	LLVMSetSection(g, NACRE_NOTE_SECTION);
	LLVMSetAlignment(g, 4);
}

/* Lowering, up to the IR the optimiser gets. */
static bool generate(BeModule *bm, bool descriptor)
{
	if (!be_lower_module(bm))
		return false;
	bool ok = true;
	if (descriptor)
		be_emit_note(bm);
	if (descriptor) {
		uint32_t n = bm->m->ntypes ? bm->m->ntypes : 1;
		LLVMValueRef *entries = calloc(n, sizeof *entries), *adapters = calloc(n, sizeof *adapters);
		ok = entries && adapters && be_emit_trampolines(bm, entries, adapters) &&
		     be_emit_descriptor(bm, entries, adapters);
		free(entries);
		free(adapters);
	}
	if (ok && bm->opt->cfi)
		be_cfi_apply(bm);
	return ok && (!bm->opt->verify || verify(bm));
}

/* The triple, the target machine's data layout and, where the target
 * names one, its ABI as the module flag LLVM's own tools read (so that
 * --emit=llvm given to llc keeps riscv64's lp64d). */
void be_module_set_target(BeModule *bm)
{
	const Target *t = bm->opt->target;
	LLVMSetTarget(bm->mod, t->triple);
	LLVMTargetDataRef td = LLVMCreateTargetDataLayout(bm->tm);
	char *layout = LLVMCopyStringRepOfTargetData(td);
	LLVMSetDataLayout(bm->mod, layout);
	LLVMDisposeMessage(layout);
	LLVMDisposeTargetData(td);
	if (t->abi) {
		LLVMMetadataRef abi = LLVMMDStringInContext2(bm->ctx, t->abi, strlen(t->abi));
		LLVMAddModuleFlag(bm->mod, LLVMModuleFlagBehaviorError, "target-abi", 10, abi);
	}
}

/* One partition, start to finish, in its own context; *again when a
 * leaf's frame proved too large to go unchecked (leaf.c), which is then
 * marked in *checked for the next attempt.  t: lowering, optimising
 * and code generation times, added to. */
static void attempt(Part *p, uint8_t **checked, bool *again, double t[3])
{
	BeModule bm = { .m = p->m, .opt = p->o, .diags = &p->diags, .first = p->first, .end = p->end,
	                .partitioned = p->partitioned, .checked = *checked };
	*again = false;
	bm.tm = be_target_machine(p->o, &p->diags);
	if (!bm.tm)
		return;
	bm.ctx = LLVMContextCreate();
	bm.mod = LLVMModuleCreateWithNameInContext("wasm", bm.ctx);
	be_module_set_target(&bm);
	be_types_init(&bm.t, bm.ctx, &bm.opt->target->call_regs);
	double t0 = now();
	p->ok = be_leaf_init(&bm);
	if (!p->ok)
		diag_report(&p->diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, NULL);
	*checked = bm.checked;
	p->ok = p->ok && generate(&bm, p->descriptor);
	double t1 = now();
	p->ok = p->ok && be_optimize(&bm);
	double t2 = now();
	p->ok = p->ok && be_emit_file(&bm, p->kind, p->out) && !bm.llvm_error;
	double t3 = now();
	t[0] += t1 - t0;
	t[1] += t2 - t1;
	t[2] += t3 - t2;
	*again = p->ok && bm.recheck;
	free(bm.funcs);
	LLVMDisposeModule(bm.mod);
	LLVMContextDispose(bm.ctx);
	LLVMDisposeTargetMachine(bm.tm);
}

/* Each attempt checks one more function at least, so this ends. */
static void compile_part(Part *p)
{
	uint8_t *checked = NULL;
	double t[3] = { 0 };
	bool again;
	do
		attempt(p, &checked, &again, t);
	while (again);
	free(checked);
	if (p->times)
		*p->times = (BePartTimes){ .first = p->first, .end = p->end, .lower = t[0], .optimise = t[1],
		                           .codegen = t[2] };
}

/* From the partition cache when it has the object, else compiled and
 * kept there (a damaged entry too, which fetch dropped); only objects
 * are cached (other outputs are for reading). */
static void *run_part(void *arg)
{
	Part *p = arg;
	const BePartCache *cache = p->o->cache;
	char key[65];
	bool keyed = cache && p->kind == BE_EMIT_OBJ &&
	             be_part_key(p->m, p->o, (BeRange){ p->first, p->end }, p->partitioned, p->descriptor, key);
	BeFetch got = keyed ? cache->fetch(cache->ctx, key, p->out) : BE_FETCH_MISS;
	if (got == BE_FETCH_HIT) {
		p->ok = true;
		if (p->times)
			*p->times = (BePartTimes){ p->first, p->end, .cached = true };
		return NULL;
	}
	compile_part(p);
	if (p->times && got == BE_FETCH_DAMAGED)
		memcpy(p->times->damaged, key, sizeof key);
	if (keyed && p->ok)
		cache->keep(cache->ctx, key, p->out);
	return NULL;
}

static Part part(const IrModule *m, const BeOptions *o, BeRange r, bool partitioned, bool descriptor)
{
	return (Part){ .m = m, .o = o, .first = r.first, .end = r.end, .partitioned = partitioned,
		       .descriptor = descriptor };
}

/* One partition for a small module or a readable file; otherwise the
 * descriptor's, then the functions' as plan.c cuts them. */
static unsigned plan(const IrModule *m, const BeOptions *o, Part *parts)
{
	uint64_t total = 0;
	for (uint32_t i = 0; i < m->nfuncs - m->nimported_funcs; i++)
		total += m->funcs[i].body_size;
	uint32_t per = o->partition_bytes ? o->partition_bytes : PART_BYTES;
	BeRange all = { m->nimported_funcs, m->nfuncs }, ranges[MAX_PARTS - 1];
	if (total < per || o->emit == BE_EMIT_LLVM || o->emit == BE_EMIT_ASM) {
		parts[0] = part(m, o, all, false, true);
		return 1;
	}
	unsigned n = be_plan(m, per, ranges, MAX_PARTS - 1);
	parts[0] = part(m, o, (BeRange){ all.first, all.first }, true, true);
	for (unsigned k = 0; k < n; k++)
		parts[k + 1] = part(m, o, ranges[k], true, false);
	return n + 1;
}

/* Workers take partitions in order; how many there are changes only
 * when each partition is done, never what it produces. */
typedef struct Queue {
	Part *parts;
	unsigned n, next, done;
	BeTimes *times;              /* its progress callback hears of each partition done */
	pthread_mutex_t lock;
} Queue;

static void report_done(Queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->done++;
	if (q->times && q->times->progress)
		q->times->progress(q->times->ctx, q->done, q->n);
	pthread_mutex_unlock(&q->lock);
}

static void *worker(void *arg)
{
	Queue *q = arg;
	for (;;) {
		pthread_mutex_lock(&q->lock);
		unsigned k = q->next < q->n ? q->next++ : q->n;
		pthread_mutex_unlock(&q->lock);
		if (k == q->n)
			return NULL;
		run_part(&q->parts[k]);
		report_done(q);
	}
}

/* Returns how many threads worked. */
static unsigned run_all(Part *parts, unsigned n, unsigned want, BeTimes *times)
{
	Queue q = { .parts = parts, .n = n, .times = times };
	pthread_mutex_init(&q.lock, NULL);
	unsigned cpus = want ? want : be_cpus_available();
	unsigned nthreads = cpus > MAX_THREADS ? MAX_THREADS : cpus;
	if (nthreads > n)
		nthreads = n;
	pthread_t tids[MAX_THREADS];
	unsigned started = 0;
	for (unsigned i = 1; i < nthreads; i++)
		if (pthread_create(&tids[started], NULL, worker, &q) == 0)
			started++;
	worker(&q); /* this thread works too, so one partition needs no thread */
	for (unsigned i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	pthread_mutex_destroy(&q.lock);
	return started + 1;
}

/* Objects go next to the output, named by the process and partition. */
static char **object_paths(const char *out, unsigned n)
{
	char **objs = calloc(n, sizeof *objs);
	size_t len = strlen(out) + 32;
	for (unsigned k = 0; objs && k < n; k++) {
		objs[k] = malloc(len);
		if (!objs[k])
			return objs; /* the caller sees the NULL */
		snprintf(objs[k], len, "%s.%d.%u.o", out, (int)getpid(), k);
	}
	return objs;
}

static bool join(const BeOptions *o, char **objs, unsigned n, const char *out, DiagSink *diags)
{
	switch (o->emit) {
	case BE_EMIT_SO: return be_link_shared(o, objs, n, out, diags);
	case BE_EMIT_EXE: return be_link_exe(o, objs, n, out, diags);
	default: return be_link_relocatable(o, objs, n, out, diags); /* obj in several parts */
	}
}

static void free_paths(char **objs, unsigned n)
{
	for (unsigned k = 0; objs && k < n; k++) {
		if (objs[k])
			unlink(objs[k]);
		free(objs[k]);
	}
	free(objs);
}

/* Every object is audited before anything links it; an object written
 * straight to the output that fails goes, so nothing unsafe is left. */
static bool audit(const BeOptions *o, char **objs, unsigned n, const char *out, DiagSink *diags)
{
	char *direct[] = { (char *)out };
	const BeCfi *cfi = o->cfi ? o->target->cfi : NULL;
	if (be_audit_objects(objs ? objs : direct, objs ? n : 1, cfi, diags))
		return true;
	if (!objs)
		unlink(out);
	return false;
}

bool be_compile(const IrModule *m, const BeOptions *o, const char *out_path, DiagSink *diags)
{
	/* the frontend validates GC; running it needs the collector (issue 14) */
	if (ir_module_uses_gc(m)) {
		diag_report(diags, DIAG_GC_UNSUPPORTED, 0, DIAG_NO_FUNC, "compiling this module");
		return false;
	}
	Part parts[MAX_PARTS];
	unsigned n = plan(m, o, parts);
	bool direct = n == 1 && o->emit != BE_EMIT_SO && o->emit != BE_EMIT_EXE;
	char **objs = direct ? NULL : object_paths(out_path, n);
	for (unsigned k = 0; k < n; k++) {
		if (!direct && (!objs || !objs[k])) {
			free_paths(objs, n);
			diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "object paths");
			return false;
		}
		parts[k].out = direct ? out_path : objs[k];
		parts[k].kind = direct ? o->emit : BE_EMIT_OBJ;
		parts[k].times = o->times ? &o->times->parts[k] : NULL;
	}
	be_targets_init();
	unsigned threads = run_all(parts, n, o->threads, o->times);
	if (o->times) {
		o->times->cpus = be_cpus_available();
		o->times->threads = threads;
		o->times->nparts = n;
	}
	bool ok = true;
	for (unsigned k = 0; k < n && ok; k++) {
		ok = parts[k].ok;
		for (unsigned i = 0; i < parts[k].diags.n; i++) /* the first failure's story */
			*(diags->n < DIAG_MAX ? &diags->items[diags->n++] : &diags->items[DIAG_MAX - 1]) =
				parts[k].diags.items[i];
	}
	double t0 = now();
	if (ok && o->emit != BE_EMIT_LLVM && o->emit != BE_EMIT_ASM)
		ok = audit(o, objs, n, out_path, diags);
	double t1 = now();
	if (ok && !direct)
		ok = join(o, objs, n, out_path, diags);
	double t2 = now();
	if (ok && (o->emit == BE_EMIT_SO || o->emit == BE_EMIT_EXE))
		ok = be_audit_program(o, out_path, diags);
	if (o->times) { /* both audits are one phase */
		o->times->audit = t1 - t0 + now() - t2;
		o->times->link = t2 - t1;
	}
	free_paths(objs, n);
	return ok;
}
