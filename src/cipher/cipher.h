/* SPDX-License-Identifier: MIT */
/*
 * The prepared-key layer every object builds on: one fscrypt mode, one
 * key, and the two ways fscrypt uses it (data units with consecutive IVs,
 * or one message with an explicit IV).
 */
#ifndef EXTCRYPT_CIPHER_INTERNAL_H
#define EXTCRYPT_CIPHER_INTERNAL_H

#include <stdbool.h>

#include "extcrypt/cipher.h"
#include "cipher/modes.h"
#include "common/evp_slot.h"
#include "xts/xts_impl.h"

/*
 * A key object of one mode: the mode's row of the table (facts and ops)
 * and the key prepared by its ops->prepare.  AES-256-XTS keeps its round
 * keys inline (the per-extent hot path); the other modes keep theirs in
 * `prepared`, allocated by prepare in locked memory and freed by wipe.
 */
struct extcrypt_cipher {
	struct extcrypt_xts_key xts; /* AES-256-XTS only; first, for alignment */
	const struct extcrypt_mode_info *info; /* NULL until initialised */
	const char *impl_name; /* what extcrypt_cipher_impl_name reports */
	void *prepared;        /* the other modes' prepared key */
	uint8_t key[64];       /* the raw key */
};

/*
 * Prepares `c` (zeroed, in locked memory) for `mode` with `key` of the
 * mode's key size; `key` may be `c->key` itself (derive-in-place saves a
 * copy and a wipe).  `impl` chooses the XTS implementation (NULL: default).
 */
int extcrypt_cipher_init(struct extcrypt_cipher *c, int mode,
			 const uint8_t *key, const struct extcrypt_xts_impl *impl);

/* Releases what extcrypt_cipher_init allocated outside `c`. */
void extcrypt_cipher_cleanup(struct extcrypt_cipher *c);

/*
 * Encrypts (`enc`) or decrypts `nunits` data units of `unit_len` bytes.
 * Unit j's IV is `iv` with j added to its first 8 bytes, read as a
 * little-endian 64-bit number; the caller guarantees that cannot wrap.
 * Contents modes only; arguments trusted.
 */
int extcrypt_cipher_units(const struct extcrypt_cipher *c, bool enc,
			  const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
			  uint8_t *dst, size_t unit_len, size_t nunits);

/* extcrypt_cipher_units with the IV le64(first) || zeros: the raw cipher's
 * and the extent's data units. */
int extcrypt_cipher_units_at(const struct extcrypt_cipher *c, bool enc,
			     uint64_t first, const uint8_t *src, uint8_t *dst,
			     size_t unit_len, size_t nunits);

/* One message of `len` bytes with IV `iv`; lengths checked by caller. */
int extcrypt_cipher_message(const struct extcrypt_cipher *c, bool enc,
			    const uint8_t iv[EXTCRYPT_IV_MAX],
			    const uint8_t *src, uint8_t *dst, size_t len);

/* The implementation's name, as extcrypt_cipher_impl_name reports it. */
const char *extcrypt_cipher_impl(const struct extcrypt_cipher *c);

#endif /* EXTCRYPT_CIPHER_INTERNAL_H */
