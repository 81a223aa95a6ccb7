/* wasi-shim/p1/start.c: a preview1 executable's start-up (the rest is
 * ../program.c): the linked-in module (NACRE_MODULE_SYMBOL) is
 * instantiated with its WASI imports bound and its `_start` export
 * called: returning from it exits 0, proc_exit exits with its code
 * (NACRE_EXITED), a trap prints "wasm trap: <reason> (in func N 'name')"
 * and exits 134; --timeout and --fuel (note records) make "interrupted"
 * and "out of fuel" traps.
 */
#include "../program.h"
#include "p1.h"

extern const NacreModuleDesc nacre_module;

static NacreStatus instantiate(NacreStore *s, WasiCtx *w, NacreInstance **inst, NacreError *err)
{
	NacreModule *m;
	NacreStatus st = nacre_module_from_desc(&nacre_module, &m, err);
	if (st != NACRE_OK)
		return st;
	size_t n = nacre_module.nimports;
	NacreExtern *imports = rt_sys_zalloc((n ? n : 1) * sizeof *imports);
	st = imports ? wasi_bind(w, s, &nacre_module, imports, false, err) : NACRE_ERROR;
	if (st == NACRE_OK)
		st = nacre_instantiate(s, m, imports, n, inst, err);
	rt_sys_free(imports);
	nacre_module_close(m);
	NacreExtern mem;
	if (st == NACRE_OK && nacre_instance_export(*inst, "memory", 6, &mem) && mem.kind == NACRE_EXTERN_MEMORY)
		w->memory = mem.u.memory;
	return st;
}

static int run(NacreStore *s, WasiCtx *w)
{
	NacreError err = { .message = "out of memory" };
	NacreInstance *inst;
	NacreStatus st = instantiate(s, w, &inst, &err);
	NacreExtern start;
	NacreFuncType ft;
	if (st == NACRE_OK && !(nacre_instance_export(inst, "_start", 6, &start) &&
	                        start.kind == NACRE_EXTERN_FUNC && nacre_func_type(s, start.u.func, &ft) &&
	                        ft.nparams == 0 && ft.nresults == 0))
		return wasi_program_say("nacre: the module has no _start export of type [] -> []", ""), WASI_EXIT_SETUP;
	if (st == NACRE_OK)
		st = nacre_call(s, start.u.func, NULL, NULL, &err);
	return wasi_program_status(st, &err);
}

int nacre_main(int argc, char **argv, char **envp)
{
	return wasi_program_main(argc, argv, envp, run);
}
