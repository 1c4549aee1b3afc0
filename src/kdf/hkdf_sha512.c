// SPDX-License-Identifier: MIT
/*
 * HMAC-SHA512 and HKDF-SHA512 over resumable SHA-512 states.
 */
#include <sodium.h>
#include <stdbool.h>

#include "kdf/hkdf_sha512.h"
#include "kdf/sha512_blocks.h"

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

/* HMAC of a message given in pieces. */
static void hmac_parts(const struct extcrypt_hmac_sha512_key *hk,
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

	hmac_parts(hk, parts, 2, out);
}

void extcrypt_hkdf_sha512_extract(const uint8_t *ikm, size_t ikm_len,
				  uint8_t prk[EXTCRYPT_SHA512_DIGEST])
{
	/* "No salt" is HashLen zero bytes, which HMAC pads to the same key
	 * as an empty salt; the kernel passes 64 zero bytes explicitly. */
	static const uint8_t zero_salt[EXTCRYPT_SHA512_DIGEST];
	struct extcrypt_hmac_sha512_key hk;

	extcrypt_hmac_sha512_prepare(&hk, zero_salt, sizeof(zero_salt));
	extcrypt_hmac_sha512(&hk, ikm, ikm_len, NULL, 0, prk);
	sodium_memzero(&hk, sizeof(hk));
}

/*
 * The hot path: one output block whose HMAC message (prefix || info ||
 * 0x01) fits a single padded SHA-512 block, so exactly two compressions.
 * Every fscrypt subkey takes this path.
 */
static bool expand_one_block(const struct extcrypt_hmac_sha512_key *prk,
			     const uint8_t *prefix, size_t prefix_len,
			     const uint8_t *info, size_t info_len,
			     uint8_t *out, size_t out_len)
{
	uint8_t msg[111], t[EXTCRYPT_SHA512_DIGEST];

	if (out_len > EXTCRYPT_SHA512_DIGEST || prefix_len + info_len + 1 > 111)
		return false;
	if (info_len != 0)
		memcpy(msg, info, info_len);
	msg[info_len] = 1; /* the HKDF block counter */
	if (out_len == EXTCRYPT_SHA512_DIGEST) {
		extcrypt_hmac_sha512_short(prk, prefix, prefix_len, msg,
					   info_len + 1, out);
		return true;
	}
	extcrypt_hmac_sha512_short(prk, prefix, prefix_len, msg, info_len + 1, t);
	memcpy(out, t, out_len);
	sodium_memzero(t, sizeof(t));
	return true;
}

void extcrypt_hkdf_sha512_expand(const struct extcrypt_hmac_sha512_key *prk,
				 const uint8_t *prefix, size_t prefix_len,
				 const uint8_t *info, size_t info_len,
				 uint8_t *out, size_t out_len)
{
	uint8_t t[EXTCRYPT_SHA512_DIGEST];
	uint8_t counter = 1;
	size_t t_len = 0; /* T(0) is empty */

	if (expand_one_block(prk, prefix, prefix_len, info, info_len, out,
			     out_len))
		return;

	while (out_len != 0) {
		struct extcrypt_bytes parts[4] = {
			{ t, t_len },
			{ prefix, prefix_len },
			{ info, info_len },
			{ &counter, 1 },
		};
		size_t n = out_len < sizeof(t) ? out_len : sizeof(t);

		hmac_parts(prk, parts, 4, t);
		memcpy(out, t, n);
		out += n;
		out_len -= n;
		t_len = sizeof(t);
		counter++;
	}
	sodium_memzero(t, sizeof(t));
}
