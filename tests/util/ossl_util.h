/* SPDX-License-Identifier: MIT */
/* OpenSSL one-shots for recomputing the library's results independently.
 * They abort the test on any OpenSSL failure.  Not part of the library. */
#ifndef EXTCRYPT_TEST_OSSL_UTIL_H
#define EXTCRYPT_TEST_OSSL_UTIL_H

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

#endif /* EXTCRYPT_TEST_OSSL_UTIL_H */
