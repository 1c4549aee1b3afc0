/* SPDX-License-Identifier: MIT */
/* Keys of v1 policies (fs/crypto/keysetup_v1.c; docs/spec.md "v1 policies"). */
#ifndef EXTCRYPT_V1_KEY_H
#define EXTCRYPT_V1_KEY_H

#include <stddef.h>
#include <stdint.h>

/*
 * The v1 KDF: `out` = AES-128-ECB encryption of master[0..len) with the
 * 16-byte `nonce` as the key.  `len` is a multiple of 16 (a mode's key
 * size) and the caller has checked the master key is that long.  Returns
 * EXTCRYPT_OK or EXTCRYPT_E_CRYPTO with `out` wiped.
 */
int extcrypt_v1_derive_key(const uint8_t nonce[16], const uint8_t *master,
			   uint8_t *out, size_t len);

#endif /* EXTCRYPT_V1_KEY_H */
