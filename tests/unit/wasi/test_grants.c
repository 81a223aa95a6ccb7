/* tests/unit/wasi/test_grants.c: wasi-shim/grants.c reading the Wasm
 * stack's size from an executable's note: the stack-size record's
 * decimal bytes wherever it stands, and 0 (the startup's default) when
 * there is none or it is not a number up to 2^40; likewise the memory
 * limit (max-memory, up to 4 GiB; 0: none). */
#include <criterion/criterion.h>
#include <string.h>

#include "runtime-lib/include/nacre/note.h"
#include "wasi-shim/wasi.h"

/* A note holding desc (records KEY\0VALUE\0, n bytes). */
static const uint8_t *note(const char *desc, size_t n)
{
	static uint8_t buf[256];
	memset(buf, 0, sizeof buf);
	cr_assert(n <= sizeof buf - NACRE_NOTE_DESC_OFFSET);
	buf[0] = NACRE_NOTE_NAMESZ;
	buf[4] = (uint8_t)n;
	buf[8] = NACRE_NOTE_TYPE;
	memcpy(buf + NACRE_NOTE_HEADER, NACRE_NOTE_NAME, NACRE_NOTE_NAMESZ);
	memcpy(buf + NACRE_NOTE_DESC_OFFSET, desc, n);
	return buf;
}

#define NOTE(lit) note(lit, sizeof lit - 1)

Test(grants, stack_size_after_other_records)
{
	cr_expect_eq(wasi_grants_stack_size(NOTE("version\0001\0stack-size\0008388608\0env\0A=1\0")), 8388608);
}

Test(grants, stack_size_up_to_2_to_the_40)
{
	cr_expect_eq(wasi_grants_stack_size(NOTE("stack-size\0001099511627776\0")), (size_t)1 << 40);
	cr_expect_eq(wasi_grants_stack_size(NOTE("stack-size\0001099511627777\0")), 0);
	cr_expect_eq(wasi_grants_stack_size(NOTE("stack-size\00099999999999999999999999\0")), 0);
}

Test(grants, stack_size_absent_or_malformed)
{
	cr_expect_eq(wasi_grants_stack_size(NOTE("version\0001\0")), 0);
	cr_expect_eq(wasi_grants_stack_size(NOTE("stack-size\0\0")), 0);
	cr_expect_eq(wasi_grants_stack_size(NOTE("stack-size\0008M\0")), 0);
	cr_expect_eq(wasi_grants_stack_size(NOTE("stack-size\000-1\0")), 0);
	cr_expect_eq(wasi_grants_stack_size(NOTE("stack-size\0001024")), 0); /* cut short */
}

Test(grants, max_memory_after_stack_size)
{
	cr_expect_eq(wasi_grants_max_memory(NOTE("version\0001\0stack-size\0001048576\0max-memory\0004194304\0"
	                                         "env\0A=1\0")), 4194304);
	cr_expect_eq(wasi_grants_max_memory(NOTE("max-memory\0004294967296\0")), (uint64_t)4 << 30);
}

Test(grants, max_memory_absent_or_malformed)
{
	cr_expect_eq(wasi_grants_max_memory(NOTE("stack-size\0001048576\0")), 0);
	cr_expect_eq(wasi_grants_max_memory(NOTE("max-memory\0004294967297\0")), 0);
	cr_expect_eq(wasi_grants_max_memory(NOTE("max-memory\0004M\0")), 0);
	cr_expect_eq(wasi_grants_max_memory(NOTE("max-memory\0\0")), 0);
	cr_expect_eq(wasi_grants_max_memory(NOTE("max-memory\000655360")), 0); /* cut short */
}
