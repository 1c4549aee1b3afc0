/* SPDX-License-Identifier: MIT */
/*
 * HKDF-SHA512 (RFC 5869) with a prepared PRK.
 *
 * fscrypt derives every key from one PRK per master key, so the PRK is
 * turned once into a prepared HMAC-SHA512 key (hmac_sha512.h).  An
 * Expand of up to 64 bytes with a short info then costs exactly two
 * SHA-512 compressions, the minimum, instead of the four plus API overhead
 * of a generic HMAC call.
 */
#ifndef EXTCRYPT_HKDF_SHA512_H
#define EXTCRYPT_HKDF_SHA512_H

#include <stddef.h>
#include <stdint.h>

#include "kdf/hmac_sha512.h"

/* HKDF-Extract with no salt (= 64 zero bytes): PRK = HMAC(0^64, ikm). */
void extcrypt_hkdf_sha512_extract(const uint8_t *ikm, size_t ikm_len,
				  uint8_t prk[EXTCRYPT_SHA512_DIGEST]);

/*
 * HKDF-Expand from a prepared PRK with info = prefix || info (the split
 * saves a copy: fscrypt's info is "fscrypt\0" || context || info).
 * out_len <= 255 * 64; prefix_len + info_len <= 512.
 */
void extcrypt_hkdf_sha512_expand(const struct extcrypt_hmac_sha512_key *prk,
				 const uint8_t *prefix, size_t prefix_len,
				 const uint8_t *info, size_t info_len,
				 uint8_t *out, size_t out_len);

struct extcrypt_sha512_mb_impl;

/*
 * `n` HKDF-Expands from one prepared PRK: outs[i] (out_len bytes) gets
 * what extcrypt_hkdf_sha512_expand gives for info = prefix || infos[i],
 * every infos[i] being info_len bytes.  When the expands are the one-block
 * kind (out_len <= 64, prefix_len + info_len <= 110) they run 8 at a time
 * through the multi-buffer compression `impl` (NULL: the best for this
 * CPU); otherwise one by one.  The outputs may not overlap the inputs.
 */
void extcrypt_hkdf_sha512_expand_mb(const struct extcrypt_hmac_sha512_key *prk,
				    const uint8_t *prefix, size_t prefix_len,
				    const uint8_t *const infos[], size_t info_len,
				    uint8_t *const outs[], size_t out_len,
				    size_t n,
				    const struct extcrypt_sha512_mb_impl *impl);

#endif /* EXTCRYPT_HKDF_SHA512_H */
