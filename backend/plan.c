/* backend/plan.c: where a module is cut into partitions.  A cut follows
 * a function whose own bytes say so (a hash of its body below a chance
 * proportional to its size) once the partition holds MIN of code, and
 * always at MAX; so an edit moves only the cuts beside it, and every
 * later partition keeps its functions and its cache key (part_key.c).
 * Nothing here depends on timing or on how many cores there are.
 */
#include "backend.h"

/* For about avg bytes a partition: at least avg/2, then a cut after
 * about avg/2 more, at most MAX_TIMES * avg. */
enum { MAX_TIMES = 4 };

const uint8_t *be_func_bytes(const IrModule *m, const IrFunc *f, size_t *size)
{
	if (!m->bytes || f->body_offset >= m->size)
		return NULL;
	size_t leb = 1; /* the size field, LEB128 */
	while (leb < 5 && f->body_offset + leb < m->size && m->bytes[f->body_offset + leb - 1] & 0x80)
		leb++;
	if ((uint64_t)f->body_offset + leb + f->body_size > m->size)
		return NULL;
	*size = leb + f->body_size;
	return m->bytes + f->body_offset;
}

/* FNV-1a: only where the cuts go, never a cache key. */
static uint32_t body_hash(const IrModule *m, uint32_t funcidx)
{
	size_t n = 0;
	const uint8_t *p = be_func_bytes(m, &m->funcs[funcidx - m->nimported_funcs], &n);
	uint32_t h = 2166136261u ^ (p ? 0 : funcidx);
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* A function of size bytes ends its partition with chance size/step. */
static bool cuts(const IrModule *m, uint32_t funcidx, uint32_t size, uint64_t step)
{
	return body_hash(m, funcidx) < ((uint64_t)size << 32) / step;
}

unsigned be_plan(const IrModule *m, uint32_t avg, BeRange *ranges, unsigned max)
{
	uint64_t total = 0, acc = 0;
	for (uint32_t i = 0; i < m->nfuncs - m->nimported_funcs; i++)
		total += m->funcs[i].body_size;
	uint64_t unit = avg ? avg : 1;
	while (total / unit > max * 3 / 4 && unit < ((uint64_t)1 << 40)) /* a huge module: bigger partitions */
		unit *= 2;
	uint64_t min = unit / 2, step = unit - min, most = MAX_TIMES * unit;
	unsigned n = 0;
	ranges[0].first = m->nimported_funcs;
	for (uint32_t i = m->nimported_funcs; i + 1 < m->nfuncs && n + 1 < max; i++) {
		uint32_t size = m->funcs[i - m->nimported_funcs].body_size;
		acc += size;
		if (acc >= most || (acc >= min && cuts(m, i, size, step))) {
			ranges[n++].end = i + 1;
			ranges[n].first = i + 1;
			acc = 0;
		}
	}
	ranges[n].end = m->nfuncs;
	return n + 1;
}
