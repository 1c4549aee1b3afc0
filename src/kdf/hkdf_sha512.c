// SPDX-License-Identifier: MIT
/*
 * HKDF-SHA512 (RFC 5869) over prepared HMAC-SHA512 keys.
 */
#include <sodium.h>
#include <stdbool.h>

#include "kdf/hkdf_sha512.h"

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

		extcrypt_hmac_sha512_parts(prk, parts, 4, t);
		memcpy(out, t, n);
		out += n;
		out_len -= n;
		t_len = sizeof(t);
		counter++;
	}
	sodium_memzero(t, sizeof(t));
}
