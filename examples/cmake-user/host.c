/* examples/cmake-user/host.c: a C program embedding the module scale
 * (nacre_add_object gives scale.h and scale_module; nacre::runtime
 * gives nacre.h and the runtime).  Prints scale(7) with factor 6. */
#include <stdio.h>

#include "scale.h"

int main(void)
{
	NacreError err = { 0 };
	NacreModule *module = NULL;
	NacreInstance *inst = NULL;
	NacreStore *store = nacre_store_new();
	NacreStatus st = store ? nacre_module_from_desc(&scale_module, &module, &err) : NACRE_ERROR;
	if (st == NACRE_OK)
		st = nacre_instantiate(store, module, NULL, 0, &inst, &err);
	int32_t r = 0;
	if (st == NACRE_OK)
		st = scale_set_factor(store, inst, 6, &err);
	if (st == NACRE_OK)
		st = scale_scale(store, inst, 7, &r, &err);
	if (st == NACRE_OK)
		printf("scale(7) = %d\n", (int)r);
	else
		fprintf(stderr, "host: %s\n", err.message);
	if (store)
		nacre_store_free(store);
	if (module)
		nacre_module_close(module);
	return st == NACRE_OK ? 0 : 1;
}
