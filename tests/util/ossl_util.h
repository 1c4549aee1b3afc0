/* SPDX-License-Identifier: MIT */
/* OpenSSL one-shots for recomputing the library's results independently.
 * They abort the test on any OpenSSL failure.  Not part of the library. */
#ifndef EXTCRYPT_TEST_OSSL_UTIL_H
#define EXTCRYPT_TEST_OSSL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* `len` bytes through `cipher` (no padding; `iv` may be NULL for ECB). */
void tu_ossl_cipher(const EVP_CIPHER *cipher, const uint8_t *key,
		    const uint8_t *iv, const uint8_t *in, uint8_t *out,
		    size_t len);

/* AES-CBC-CTS in the CS3 form (the kernel's cts(cbc(aes))); `key_len` 16
 * or 32. */
void tu_ossl_cts(const uint8_t *key, size_t key_len, const uint8_t *iv,
		 const uint8_t *in, uint8_t *out, size_t len);

/*
 * SM4, built here from OpenSSL's SM4-ECB / SM4-CBC alone, block by block,
 * sharing no code with the library's SM4 rows:
 *  - one SM4 block (`enc` or not), applied `times` times over;
 *  - SM4-XTS (IEEE 1619 with ciphertext stealing, the kernel's xts(sm4))
 *    of one message of `len` >= 16 bytes, 32-byte key, 16-byte tweak;
 *  - SM4-CBC-CTS in the CS3 form (cts(cbc(sm4))) of 16..255 bytes.
 */
void tu_ossl_sm4_ecb(const uint8_t key[16], bool enc, const uint8_t in[16],
		     uint8_t out[16], long times);
void tu_ossl_sm4_xts(const uint8_t key[32], bool enc, const uint8_t iv[16],
		     const uint8_t *in, uint8_t *out, size_t len);
void tu_ossl_sm4_cts(const uint8_t key[16], const uint8_t iv[16],
		     const uint8_t *in, uint8_t *out, size_t len);

#endif /* EXTCRYPT_TEST_OSSL_UTIL_H */
