// SPDX-License-Identifier: MIT
/*
 * v1 policies: the AES-128-ECB key derivation (the kernel's derive_key_aes
 * in fs/crypto/keysetup_v1.c) and the master key descriptor.
 */
#include <openssl/evp.h>
#include <sodium.h>

#include "common/internal.h"
#include "common/secure_mem.h"
#include "kdf/master_key.h"
#include "kdf/v1_key.h"

int extcrypt_v1_derive_key(const uint8_t nonce[16], const uint8_t *master,
			   uint8_t *out, size_t len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ok;

	/* ECB: each 16-byte block of the master key encrypted on its own,
	 * so a shorter derived key is a prefix of a longer one. */
	ok = ctx != NULL &&
	     EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, nonce, NULL) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_EncryptUpdate(ctx, out, &n, master, (int)len) == 1 &&
	     (size_t)n == len;
	EVP_CIPHER_CTX_free(ctx);
	if (ok)
		return EXTCRYPT_OK;
	extcrypt_secure_wipe(out, len);
	return extcrypt_fail(EXTCRYPT_E_CRYPTO, "AES-128-ECB key derivation failed");
}

EXTCRYPT_API int extcrypt_master_key_descriptor(const extcrypt_master_key *key,
						uint8_t out[8])
{
	uint8_t h[crypto_hash_sha512_BYTES], hh[crypto_hash_sha512_BYTES];

	if (key == NULL || out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	/* The userspace convention (e4crypt, google/fscrypt, fscryptctl,
	 * Android vold): SHA-512 twice, first 8 bytes. */
	crypto_hash_sha512(h, key->raw, key->raw_len);
	crypto_hash_sha512(hh, h, sizeof(h));
	memcpy(out, hh, 8);
	extcrypt_secure_wipe(h, sizeof(h));
	return EXTCRYPT_OK;
}
