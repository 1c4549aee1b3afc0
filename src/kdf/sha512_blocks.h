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
 * HMAC-SHA512 of prefix || msg when that fits one padded block
 * (prefix_len + msg_len <= 111): exactly two compressions.
 */
void extcrypt_hmac_sha512_short(const struct extcrypt_hmac_sha512_key *hk,
				const uint8_t *prefix, size_t prefix_len,
				const uint8_t *msg, size_t msg_len,
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
