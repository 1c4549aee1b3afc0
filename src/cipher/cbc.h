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

#endif /* EXTCRYPT_CBC_H */
