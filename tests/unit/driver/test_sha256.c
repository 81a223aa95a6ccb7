/* tests/unit/driver/test_sha256.c: driver/sha256.c against the FIPS 180-2
 * appendix vectors, block-boundary lengths, and piecewise hashing. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "driver/driver.h"

static void expect_hex(const void *data, size_t n, const char *want)
{
	char hex[IR_SHA256_HEX];
	ir_sha256_hex(data, n, hex);
	cr_expect_str_eq(hex, want, "sha256 of %zu bytes", n);
}

Test(sha256, empty_message)
{
	expect_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, abc)
{
	expect_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, two_block_message)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits */
	expect_hex(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, million_a)
{
	size_t n = 1000000;
	char *m = malloc(n);
	cr_assert_not_null(m);
	memset(m, 'a', n);
	expect_hex(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

/* 55 and 56 bytes straddle the length field's room in the last block. */
Test(sha256, padding_boundaries)
{
	static const struct { size_t n; const char *hex; } v[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
	};
	char m[128];
	memset(m, 'a', sizeof m);
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		expect_hex(m, v[i].n, v[i].hex);
}

/* Any split into updates gives the one-shot hash. */
Test(sha256, piecewise_equals_whole)
{
	uint8_t m[300];
	for (size_t i = 0; i < sizeof m; i++)
		m[i] = (uint8_t)(i * 7 + 3);
	for (size_t step = 1; step <= 70; step += 3) {
		Sha256 s;
		uint8_t whole[IR_SHA256_SIZE], parts[IR_SHA256_SIZE];
		ir_sha256_init(&s);
		ir_sha256_update(&s, m, sizeof m);
		ir_sha256_final(&s, whole);
		ir_sha256_init(&s);
		for (size_t at = 0; at < sizeof m; at += step)
			ir_sha256_update(&s, m + at, at + step <= sizeof m ? step : sizeof m - at);
		ir_sha256_final(&s, parts);
		cr_expect(memcmp(whole, parts, sizeof whole) == 0, "split every %zu bytes", step);
	}
}
