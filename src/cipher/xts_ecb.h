/* SPDX-License-Identifier: MIT */
/*
 * XTS (IEEE 1619, the kernel's xts() template) composed on prepared
 * OpenSSL ECB contexts of any 128-bit block cipher: for ciphers whose XTS
 * OpenSSL lacks (SM4 in OpenSSL 3.0).  The key schedules are computed
 * once, in extcrypt_xts_ecb_prepare.  Tweaks are multiplied by x in
 * GF(2^128) in IEEE 1619's little-endian order (reduction 0x87), with no
 * branch on their bits.
 */
#ifndef EXTCRYPT_XTS_ECB_H
#define EXTCRYPT_XTS_ECB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/evp_slot.h"

struct extcrypt_xts_ecb {
	struct extcrypt_evp_slot enc, dec; /* data key */
	struct extcrypt_evp_slot tweak;    /* tweak key, encryption */
};

/*
 * Prepares `x` (zeroed) for `ecb` with the XTS key `key` of `key_len`
 * bytes: data key || tweak key, each half the cipher's key size.  Returns
 * EXTCRYPT_OK, EXTCRYPT_E_CRYPTO or EXTCRYPT_E_NOMEM; free `x` either way.
 * Equal halves are the caller's to refuse.
 */
int extcrypt_xts_ecb_prepare(struct extcrypt_xts_ecb *x,
			     enum extcrypt_evp_cipher ecb, const uint8_t *key,
			     size_t key_len);

/* Frees the contexts (OpenSSL cleanses them); `x` may be unprepared. */
void extcrypt_xts_ecb_free(struct extcrypt_xts_ecb *x);

/*
 * Encrypts (`enc`) or decrypts one XTS message of `len` >= 16 bytes with
 * the 16-byte tweak input `iv`; a partial last block is handled by IEEE
 * 1619 ciphertext stealing, as the kernel's xts() does.  src == dst
 * allowed.  Safe from several threads at once.  False on an OpenSSL error
 * or allocation failure.
 */
bool extcrypt_xts_ecb_crypt(struct extcrypt_xts_ecb *x, bool enc,
			    const uint8_t iv[16], const uint8_t *src,
			    uint8_t *dst, size_t len);

#endif /* EXTCRYPT_XTS_ECB_H */
