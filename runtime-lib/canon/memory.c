/* runtime-lib/canon/memory.c: the guest's memory as lift and lower see
 * it.  Every pointer and length from the guest is checked here before
 * any byte is touched (CanonicalABI.md's trap_if(ptr + n > len(memory))
 * and alignment checks), and realloc's result too.
 */
#include "rt_canon.h"

bool rt_canon_fail(RtCanonCx *cx, RtCanonError e)
{
	if (cx->error == RT_CANON_E_NONE)
		cx->error = e;
	return false;
}

void rt_canon_cx_init(RtCanonCx *cx, const RtCanonOptions *opts, RtCanonArena *arena, RtCanonHandles *handles)
{
	*cx = (RtCanonCx){ .opts = opts, .arena = arena, .handles = handles };
}

bool rt_canon_mem_check(RtCanonCx *cx, uint64_t ptr, uint64_t bytes, uint32_t align)
{
	if (!cx->opts->memory || !cx->opts->memory_size)
		return rt_canon_fail(cx, RT_CANON_E_NO_MEMORY);
	if (ptr % align)
		return rt_canon_fail(cx, RT_CANON_E_ALIGN);
	uint64_t size = *cx->opts->memory_size;
	if (ptr > size || bytes > size - ptr)
		return rt_canon_fail(cx, RT_CANON_E_BOUNDS);
	return true;
}

uint8_t *rt_canon_mem_at(const RtCanonCx *cx, uint32_t ptr)
{
	return cx->opts->memory + ptr;
}

bool rt_canon_realloc(RtCanonCx *cx, uint32_t old, uint32_t old_size, uint32_t align, uint32_t size,
                      uint32_t *ptr)
{
	const RtCanonOptions *o = cx->opts;
	if (!o->has_realloc || !o->call)
		return rt_canon_fail(cx, RT_CANON_E_NO_REALLOC);
	NacreValue args[4] = { { .i32 = (int32_t)old }, { .i32 = (int32_t)old_size }, { .i32 = (int32_t)align },
	                       { .i32 = (int32_t)size } };
	NacreValue result = { .i64 = 0 };
	if (!o->call(o->env, o->realloc, args, 4, &result, 1))
		return rt_canon_fail(cx, RT_CANON_E_CALLEE);
	*ptr = (uint32_t)result.i32;
	return rt_canon_mem_check(cx, *ptr, size, align);
}
