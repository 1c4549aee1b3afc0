/* SPDX-License-Identifier: MIT */
/*
 * Resumable SHA-512 on top of OpenSSL's compression function.
 */
#ifndef EXTCRYPT_SHA512_BLOCKS_H
#define EXTCRYPT_SHA512_BLOCKS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kdf/hkdf_sha512.h"

/* The SHA-512 initial chaining value. */
void extcrypt_sha512_init_state(struct extcrypt_sha512_state *st);

/* Compresses one 128-byte block into `st`. */
void extcrypt_sha512_absorb_block(struct extcrypt_sha512_state *st,
				  const uint8_t block[EXTCRYPT_SHA512_BLOCK]);

/*
 * Finishes a hash with one last block: `block` holds the final `len`
 * bytes of the message (len <= 111, so padding fits), `total_bytes` is the
 * whole message length including the blocks already in `st`.  `block` is
 * used as scratch for the padding.
 */
void extcrypt_sha512_final_block(const struct extcrypt_sha512_state *st,
				 uint8_t block[EXTCRYPT_SHA512_BLOCK],
				 size_t len, uint64_t total_bytes,
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
