/* SPDX-License-Identifier: MIT */
/*
 * CBC and CBC-CTS (the CS3 form of the kernel's cts(cbc(aes))) on a
 * prepared AES-ECB context: the key schedule is the context's, computed
 * once per key object, so a 16-byte filename costs one block call instead
 * of a context set-up.  Lengths and directions are the only branches.
 */
#ifndef EXTCRYPT_CBC_H
#define EXTCRYPT_CBC_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * CBC over `nblocks` whole blocks; `chain` holds the IV on entry and the
 * last ciphertext block on return.  `ecb` encrypts for _encrypt and
 * decrypts for _decrypt.  src == dst allowed.  False on an OpenSSL error.
 */
bool extcrypt_cbc_encrypt(EVP_CIPHER_CTX *ecb, uint8_t chain[16],
			  const uint8_t *src, uint8_t *dst, size_t nblocks);
bool extcrypt_cbc_decrypt(EVP_CIPHER_CTX *ecb, uint8_t chain[16],
			  const uint8_t *src, uint8_t *dst, size_t nblocks);

/* CBC-CTS (CS3) of `len` >= 16 bytes with IV `iv`; src == dst allowed. */
bool extcrypt_cts_encrypt(EVP_CIPHER_CTX *ecb, const uint8_t iv[16],
			  const uint8_t *src, uint8_t *dst, size_t len);
bool extcrypt_cts_decrypt(EVP_CIPHER_CTX *ecb, const uint8_t iv[16],
			  const uint8_t *src, uint8_t *dst, size_t len);

/* The longest message extcrypt_cts_encrypt_cbc takes (a filename: 255). */
#define EXTCRYPT_CTS_ONE_PASS_MAX 256

/*
 * CBC-CTS (CS3) encryption of `len` (16..EXTCRYPT_CTS_ONE_PASS_MAX) bytes
 * in one call of a CBC context: C_1 .. C_{n-1}, then the padded P_n
 * chained on C_{n-1} is what the context computes next anyway.  `chain`
 * is the context's chaining value (the block it output last) on entry and
 * on return; the first block is adjusted for it and for `iv`.
 */
bool extcrypt_cts_encrypt_cbc(EVP_CIPHER_CTX *cbc, uint8_t chain[16],
			      const uint8_t iv[16], const uint8_t *src,
			      uint8_t *dst, size_t len);

#endif /* EXTCRYPT_CBC_H */
