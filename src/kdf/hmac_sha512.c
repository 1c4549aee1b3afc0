// SPDX-License-Identifier: MIT
/*
 * HMAC-SHA512 (RFC 2104) over resumable SHA-512 states.
 */
#include <sodium.h>

#include "kdf/hmac_sha512.h"

void extcrypt_hmac_sha512_prepare(struct extcrypt_hmac_sha512_key *hk,
				  const uint8_t *key, size_t key_len)
{
	uint8_t k[EXTCRYPT_SHA512_BLOCK] = { 0 };
	uint8_t pad[EXTCRYPT_SHA512_BLOCK];

	if (key_len > EXTCRYPT_SHA512_BLOCK) {
		struct extcrypt_sha512_state st;
		struct extcrypt_bytes part = { key, key_len };

		extcrypt_sha512_init_state(&st);
		extcrypt_sha512_finish(&st, 0, &part, 1, k);
	} else if (key_len != 0) {
		memcpy(k, key, key_len);
	}
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	extcrypt_sha512_init_state(&hk->inner);
	extcrypt_sha512_absorb_block(&hk->inner, pad);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	extcrypt_sha512_init_state(&hk->outer);
	extcrypt_sha512_absorb_block(&hk->outer, pad);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(pad, sizeof(pad));
}

void extcrypt_hmac_sha512_parts(const struct extcrypt_hmac_sha512_key *hk,
				const struct extcrypt_bytes *parts, size_t nparts,
				uint8_t out[EXTCRYPT_SHA512_DIGEST])
{
	uint8_t inner[EXTCRYPT_SHA512_DIGEST];
	struct extcrypt_bytes outer_msg = { inner, sizeof(inner) };

	extcrypt_sha512_finish(&hk->inner, EXTCRYPT_SHA512_BLOCK, parts, nparts,
			       inner);
	extcrypt_sha512_finish(&hk->outer, EXTCRYPT_SHA512_BLOCK, &outer_msg, 1,
			       out);
	sodium_memzero(inner, sizeof(inner));
}

void extcrypt_hmac_sha512(const struct extcrypt_hmac_sha512_key *hk,
			  const uint8_t *msg1, size_t len1,
			  const uint8_t *msg2, size_t len2,
			  uint8_t out[EXTCRYPT_SHA512_DIGEST])
{
	struct extcrypt_bytes parts[2] = { { msg1, len1 }, { msg2, len2 } };

	extcrypt_hmac_sha512_parts(hk, parts, 2, out);
}

void extcrypt_hmac_sha512_short(const struct extcrypt_hmac_sha512_key *hk,
				const uint8_t *prefix, size_t prefix_len,
				const uint8_t *msg, size_t msg_len,
				uint8_t out[EXTCRYPT_SHA512_DIGEST])
{
	/* One block, wiped once: this runs for every derived key. */
	uint8_t block[EXTCRYPT_SHA512_BLOCK];

	if (prefix_len != 0)
		memcpy(block, prefix, prefix_len);
	if (msg_len != 0)
		memcpy(block + prefix_len, msg, msg_len);
	/* The inner digest replaces the message in the block. */
	extcrypt_sha512_finish_block(&hk->inner, EXTCRYPT_SHA512_BLOCK, block,
				     prefix_len + msg_len, block);
	extcrypt_sha512_finish_block(&hk->outer, EXTCRYPT_SHA512_BLOCK, block,
				     EXTCRYPT_SHA512_DIGEST, out);
	sodium_memzero(block, sizeof(block));
}
