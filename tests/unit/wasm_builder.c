/* tests/unit/wasm_builder.c: the byte buffer and encodings behind the unit
 * tests' hand-written modules (see wasm_builder.h).  Allocation failure
 * aborts: this is test code, and a test that cannot build its input has
 * nothing to say.
 */
#include "wasm_builder.h"

#include <stdlib.h>
#include <string.h>

void wb_free(WasmBuf *b)
{
	free(b->p);
	*b = (WasmBuf){ 0 };
}

static void reserve(WasmBuf *b, size_t more)
{
	if (b->cap - b->n >= more)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap - b->n < more)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (!b->p)
		abort();
	b->cap = cap;
}

void wb_byte(WasmBuf *b, uint8_t v)
{
	wb_bytes(b, &v, 1);
}

void wb_bytes(WasmBuf *b, const uint8_t *p, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

void wb_u32leb(WasmBuf *b, uint32_t v)
{
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		wb_byte(b, byte | (v ? 0x80 : 0));
	} while (v);
}

void wb_name(WasmBuf *b, const char *s)
{
	size_t n = strlen(s);
	wb_u32leb(b, (uint32_t)n);
	wb_bytes(b, (const uint8_t *)s, n);
}

void wb_header(WasmBuf *b)
{
	wb_bytes(b, WB(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
}

void wb_section(WasmBuf *b, uint8_t id, const uint8_t *payload, size_t n)
{
	wb_byte(b, id);
	wb_u32leb(b, (uint32_t)n);
	wb_bytes(b, payload, n);
}

void wb_section_buf(WasmBuf *b, uint8_t id, const WasmBuf *payload)
{
	wb_section(b, id, payload->p, payload->n);
}

size_t wb_code_section(WasmBuf *b, const uint8_t *body, size_t n)
{
	WasmBuf size = { 0 };
	wb_u32leb(&size, (uint32_t)n);
	wb_byte(b, WB_SEC_CODE);
	wb_u32leb(b, (uint32_t)(1 + size.n + n));
	wb_byte(b, 0x01);
	wb_bytes(b, size.p, size.n);
	size_t at = b->n;
	wb_bytes(b, body, n);
	wb_free(&size);
	return at;
}

size_t wb_func_module_with(WasmBuf *b, const uint8_t *type, size_t ntype, const WasmBuf *mid,
                           const uint8_t *body, size_t nbody)
{
	wb_header(b);
	wb_byte(b, WB_SEC_TYPE);
	wb_u32leb(b, (uint32_t)(1 + ntype));
	wb_byte(b, 0x01);
	wb_bytes(b, type, ntype);
	wb_section(b, WB_SEC_FUNCTION, WB(0x01, 0x00));
	if (mid)
		wb_bytes(b, mid->p, mid->n);
	return wb_code_section(b, body, nbody);
}

size_t wb_func_module(WasmBuf *b, const uint8_t *type, size_t ntype, const uint8_t *body,
                      size_t nbody)
{
	return wb_func_module_with(b, type, ntype, NULL, body, nbody);
}
