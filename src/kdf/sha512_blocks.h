/* SPDX-License-Identifier: MIT */
/*
 * Resumable SHA-512 on top of OpenSSL's compression function: the lowest
 * layer of src/kdf (HMAC, hmac_sha512.h, and HKDF, hkdf_sha512.h, sit on it).
 */
#ifndef EXTCRYPT_SHA512_BLOCKS_H
#define EXTCRYPT_SHA512_BLOCKS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EXTCRYPT_SHA512_DIGEST 64
#define EXTCRYPT_SHA512_BLOCK 128

/* Chaining values of SHA-512 after one or more whole blocks. */
struct extcrypt_sha512_state {
	uint64_t h[8];
};

/* The SHA-512 initial chaining value. */
void extcrypt_sha512_init_state(struct extcrypt_sha512_state *st);

/* Compresses one 128-byte block into `st`. */
void extcrypt_sha512_absorb_block(struct extcrypt_sha512_state *st,
				  const uint8_t block[EXTCRYPT_SHA512_BLOCK]);

/*
 * Finishes, in exactly one compression, a hash whose first `bytes_done`
 * bytes (a multiple of 128) are in `st` and whose last `len` bytes
 * (len <= 111) are at the start of `block`: pads `block` in place and
 * writes the digest to `out`, which may be `block`.  The caller wipes
 * `block`; nothing else is left behind.
 */
void extcrypt_sha512_finish_block(const struct extcrypt_sha512_state *st,
				  uint64_t bytes_done,
				  uint8_t block[EXTCRYPT_SHA512_BLOCK], size_t len,
				  uint8_t out[EXTCRYPT_SHA512_DIGEST]);

/* A piece of a message. */
struct extcrypt_bytes {
	const uint8_t *p;
	size_t len;
};

/*
 * Finishes a hash whose first `bytes_done` bytes (a multiple of 128) are
 * already in `st`, with the rest of the message given as `nparts` pieces.
 */
void extcrypt_sha512_finish(const struct extcrypt_sha512_state *st,
			    uint64_t bytes_done,
			    const struct extcrypt_bytes *parts, size_t nparts,
			    uint8_t out[EXTCRYPT_SHA512_DIGEST]);

#endif /* EXTCRYPT_SHA512_BLOCKS_H */
