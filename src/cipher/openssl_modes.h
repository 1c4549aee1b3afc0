/* SPDX-License-Identifier: MIT */
/*
 * The modes we take from OpenSSL as they are: AES-CBC-CTS (CS3), the
 * AES-128-CBC-ESSIV building blocks, and XTS with ciphertext stealing for
 * odd-length messages.  None of them is on a hot path.
 */
#ifndef EXTCRYPT_OPENSSL_MODES_H
#define EXTCRYPT_OPENSSL_MODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* AES-CBC-CTS in the CS3 form the kernel's cts(cbc(aes)) uses; key 16 or
 * 32 bytes, len >= 16, IV 16 bytes. */
int extcrypt_ossl_cbc_cts(bool enc, const uint8_t *key, size_t key_len,
			  const uint8_t iv[16], const uint8_t *src,
			  uint8_t *dst, size_t len);

/* AES-128-CBC without padding (len a multiple of 16). */
int extcrypt_ossl_aes128_cbc(bool enc, const uint8_t key[16],
			     const uint8_t iv[16], const uint8_t *src,
			     uint8_t *dst, size_t len);

/* One AES-256 block encryption (ESSIV's IV encryption). */
int extcrypt_ossl_aes256_block(const uint8_t key[32], const uint8_t in[16],
			       uint8_t out[16]);

/* AES-256-XTS of one message of any length >= 16 (with stealing). */
int extcrypt_ossl_aes256_xts(bool enc, const uint8_t key[64],
			     const uint8_t iv[16], const uint8_t *src,
			     uint8_t *dst, size_t len);

#endif /* EXTCRYPT_OPENSSL_MODES_H */
