/* SPDX-License-Identifier: MIT */
/*
 * The CBC-CTS operations of src/cipher/mode_cbc.c, for rows that are the
 * same mode on another 128-bit block cipher (SM4-CTS-CBC).
 */
#ifndef EXTCRYPT_MODE_CBC_H
#define EXTCRYPT_MODE_CBC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cipher/modes.h"
#include "common/evp_slot.h"

/*
 * A CTS prepare(): the key's `ecb` contexts (both directions) and a `cbc`
 * encryption context for names in one pass; wipe with
 * extcrypt_cbc_key_wipe, crypt with extcrypt_cts_crypt.
 */
int extcrypt_cts_prepare(struct extcrypt_cipher *c, const uint8_t *key,
			 enum extcrypt_evp_cipher ecb, enum extcrypt_evp_cipher cbc);
int extcrypt_cts_crypt(const struct extcrypt_cipher *c, bool enc,
		       const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		       uint8_t *dst, size_t len);
void extcrypt_cbc_key_wipe(struct extcrypt_cipher *c);

#endif /* EXTCRYPT_MODE_CBC_H */
