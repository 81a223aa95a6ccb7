/* tests/fuzz/fuzz_module_check.c: libFuzzer target for the checks
 * nacre_module_open makes of a shared object before loading it
 * (runtime-lib/module_check.c).  Any byte string is a file; besides the
 * sanitizers, it checks the checker's contract: every read lies inside
 * the file, and every refusal says which rule broke, in a terminated
 * message.  Built only with NACRE_FUZZ (see CMakeLists.txt here).
 */
#include <string.h>

#include "rt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool read_bytes(const RtSysFile *f, uint64_t offset, void *buf, size_t n)
{
	if (offset > f->size || n > f->size - offset)
		__builtin_trap(); /* a read past the end the checker promised not to make */
	memcpy(buf, (const uint8_t *)f->ctx + offset, n);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	RtSysFile f = { .size = size, .read = read_bytes, .ctx = (void *)data };
	char why[200];
	memset(why, 0x55, sizeof why);
	if (rt_module_check(&f, why, sizeof why))
		return 0;
	static const char prefix[] = "not a nacre module: ";
	if (memchr(why, 0, sizeof why) == NULL || strncmp(why, prefix, sizeof prefix - 1) != 0 ||
	    !why[sizeof prefix - 1])
		__builtin_trap(); /* a refusal that does not say why */
	return 0;
}
