/* SPDX-License-Identifier: MIT */
/*
 * HMAC-SHA512 with a prepared key: the states after hashing K ^ ipad and
 * K ^ opad, so a message that fits one padded block costs exactly two
 * SHA-512 compressions.
 */
#ifndef EXTCRYPT_HMAC_SHA512_H
#define EXTCRYPT_HMAC_SHA512_H

#include <stddef.h>
#include <stdint.h>

#include "kdf/sha512_blocks.h"

/* A prepared HMAC-SHA512 key: the states after K^ipad and K^opad. */
struct extcrypt_hmac_sha512_key {
	struct extcrypt_sha512_state inner;
	struct extcrypt_sha512_state outer;
};

/* Prepares `key` (any length; hashed first if over 128 bytes). */
void extcrypt_hmac_sha512_prepare(struct extcrypt_hmac_sha512_key *hk,
				  const uint8_t *key, size_t key_len);

/* HMAC-SHA512 of a message given as `nparts` pieces. */
void extcrypt_hmac_sha512_parts(const struct extcrypt_hmac_sha512_key *hk,
				const struct extcrypt_bytes *parts, size_t nparts,
				uint8_t out[EXTCRYPT_SHA512_DIGEST]);

/* HMAC-SHA512 of the concatenation msg1 || msg2 (either may be empty). */
void extcrypt_hmac_sha512(const struct extcrypt_hmac_sha512_key *hk,
			  const uint8_t *msg1, size_t len1,
			  const uint8_t *msg2, size_t len2,
			  uint8_t out[EXTCRYPT_SHA512_DIGEST]);

/*
 * HMAC-SHA512 of prefix || msg when that fits one padded block
 * (prefix_len + msg_len <= 111): exactly two compressions.
 */
void extcrypt_hmac_sha512_short(const struct extcrypt_hmac_sha512_key *hk,
				const uint8_t *prefix, size_t prefix_len,
				const uint8_t *msg, size_t msg_len,
				uint8_t out[EXTCRYPT_SHA512_DIGEST]);

#endif /* EXTCRYPT_HMAC_SHA512_H */
