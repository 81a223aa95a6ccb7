/* ir/sha256.h: FIPS 180-4 SHA-256, in one go or in pieces: the note's
 * input hash, the driver's cache keys and the backend's partition keys. */
#ifndef NACRE_IR_SHA256_H
#define NACRE_IR_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { IR_SHA256_SIZE = 32, IR_SHA256_HEX = 65 };
typedef struct Sha256 {
	uint32_t h[8];               /* the running hash */
	uint64_t len;                /* bytes hashed so far */
	uint8_t buf[64];             /* the partial block */
	size_t fill;                 /* bytes in buf */
} Sha256;
void ir_sha256_init(Sha256 *s);
void ir_sha256_update(Sha256 *s, const void *data, size_t n);
void ir_sha256_final(Sha256 *s, uint8_t out[IR_SHA256_SIZE]);
/* Lowercase hex of the hash of data, NUL-terminated. */
void ir_sha256_hex(const void *data, size_t n, char hex[IR_SHA256_HEX]);
void ir_hex(const uint8_t *bytes, size_t n, char *hex);  /* hex holds 2n + 1 */

#endif
