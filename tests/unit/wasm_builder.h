/* tests/unit/wasm_builder.h: assembling test modules from bytes.
 * A growable byte buffer plus the few encodings every test needs (LEB128,
 * sections, a one-function module), so a test reads as the bytes it feeds
 * the frontend.  Linked into every unit test executable.
 */
#ifndef NACRE_TESTS_WASM_BUILDER_H
#define NACRE_TESTS_WASM_BUILDER_H

#include <stddef.h>
#include <stdint.h>

/* WB(0x00, 0x61) stands for the two arguments (pointer, length) of a byte
 * list, for every function below that takes them. */
#define WB(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Section ids (spec 5.5.2). */
enum {
	WB_SEC_CUSTOM, WB_SEC_TYPE, WB_SEC_IMPORT, WB_SEC_FUNCTION, WB_SEC_TABLE,
	WB_SEC_MEMORY, WB_SEC_GLOBAL, WB_SEC_EXPORT, WB_SEC_START, WB_SEC_ELEMENT,
	WB_SEC_CODE, WB_SEC_DATA, WB_SEC_DATA_COUNT,
};

typedef struct WasmBuf {
	uint8_t *p;   /* the bytes, malloc'd */
	size_t n;     /* bytes written */
	size_t cap;   /* bytes allocated */
} WasmBuf;

void wb_free(WasmBuf *b);
void wb_byte(WasmBuf *b, uint8_t v);
void wb_bytes(WasmBuf *b, const uint8_t *p, size_t n);
void wb_u32leb(WasmBuf *b, uint32_t v);
/* A name: its length, then its bytes (no terminator). */
void wb_name(WasmBuf *b, const char *s);
/* The magic number and version 1. */
void wb_header(WasmBuf *b);
/* id, payload size, payload. */
void wb_section(WasmBuf *b, uint8_t id, const uint8_t *payload, size_t n);
void wb_section_buf(WasmBuf *b, uint8_t id, const WasmBuf *payload);
/* A code section holding one body (locals vector, instructions, end);
 * returns the absolute offset of the body's first byte. */
size_t wb_code_section(WasmBuf *b, const uint8_t *body, size_t n);
/* A whole module with one function: a type section holding `type` (one
 * functype, 0x60 ...), a function section, then the sections already
 * encoded in `mid` (table to data count, in order; NULL for none), then the
 * code section with `body`.  Returns the offset of the body's first byte,
 * so the instruction at body[k] sits at the returned offset + k. */
size_t wb_func_module_with(WasmBuf *b, const uint8_t *type, size_t ntype, const WasmBuf *mid,
                           const uint8_t *body, size_t nbody);
size_t wb_func_module(WasmBuf *b, const uint8_t *type, size_t ntype, const uint8_t *body,
                      size_t nbody);

#endif
