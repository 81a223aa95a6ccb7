/* frontend/text/encode.c: the binary writer under the text parser: a
 * growing buffer and the binary format's integers (spec 5.2.2).  LEB128
 * is always minimal, so the bytes match what other tools write.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

void tx_buf_free(TxBuf *b)
{
	free(b->p);
	*b = (TxBuf){ 0 };
}

static bool reserve(TxBuf *b, size_t n)
{
	if (b->failed)
		return false;
	if (b->cap - b->n >= n)
		return true;
	size_t want = b->cap ? b->cap : 64;
	while (want - b->n < n) {
		if (want > SIZE_MAX / 2) {
			b->failed = true;
			return false;
		}
		want *= 2;
	}
	uint8_t *p = realloc(b->p, want);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = want;
	return true;
}

void tx_buf_bytes(TxBuf *b, const void *p, size_t n)
{
	if (n && reserve(b, n)) {
		memcpy(b->p + b->n, p, n);
		b->n += n;
	}
}

void tx_buf_u8(TxBuf *b, uint8_t v)
{
	tx_buf_bytes(b, &v, 1);
}

void tx_buf_u32(TxBuf *b, uint64_t v)
{
	uint8_t tmp[10];
	size_t n = 0;
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		tmp[n++] = byte | (v ? 0x80 : 0);
	} while (v);
	tx_buf_bytes(b, tmp, n);
}

void tx_buf_s64(TxBuf *b, int64_t v)
{
	uint8_t tmp[10];
	size_t n = 0;
	for (;;) {
		uint8_t byte = v & 0x7f;
		v >>= 7; /* arithmetic: clang and gcc define it so */
		bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
		tmp[n++] = byte | (done ? 0 : 0x80);
		if (done)
			break;
	}
	tx_buf_bytes(b, tmp, n);
}

void tx_buf_fixed(TxBuf *b, uint64_t v, unsigned bytes)
{
	uint8_t tmp[8];
	for (unsigned i = 0; i < bytes; i++)
		tmp[i] = (uint8_t)(v >> (8 * i));
	tx_buf_bytes(b, tmp, bytes);
}

void tx_buf_name(TxBuf *b, const uint8_t *p, size_t n)
{
	tx_buf_u32(b, n);
	tx_buf_bytes(b, p, n);
}

void tx_buf_section(TxBuf *b, uint8_t id, const TxBuf *content)
{
	if (content->failed) {
		b->failed = true;
		return;
	}
	tx_buf_u8(b, id);
	tx_buf_u32(b, content->n);
	tx_buf_bytes(b, content->p, content->n);
}
