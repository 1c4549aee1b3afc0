// SPDX-License-Identifier: MIT
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <pthread.h>

#include "cipher/openssl_modes.h"
#include "common/internal.h"

enum { CTS128, CTS256, CBC128, ECB256, XTS256, NCIPHERS };

static const char *const cipher_names[NCIPHERS] = {
	[CTS128] = "AES-128-CBC-CTS", [CTS256] = "AES-256-CBC-CTS",
	[CBC128] = "AES-128-CBC",     [ECB256] = "AES-256-ECB",
	[XTS256] = "AES-256-XTS",
};

/* Fetched once: a fetch costs a provider lookup we should not repeat. */
static EVP_CIPHER *ciphers[NCIPHERS];
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void fetch_all(void)
{
	for (int i = 0; i < NCIPHERS; i++)
		ciphers[i] = EVP_CIPHER_fetch(NULL, cipher_names[i], NULL);
}

/* Runs one whole message through `which`; `cts` selects the CTS variant. */
static int oneshot(int which, bool enc, const uint8_t *key, const uint8_t *iv,
		   const uint8_t *src, uint8_t *dst, size_t len, bool cts)
{
	EVP_CIPHER_CTX *ctx;
	int inl, outl = 0, finl = 0, ok;

	if (!extcrypt_int_len(len, &inl))
		return extcrypt_fail(EXTCRYPT_E_LENGTH, "%zu bytes is too long for OpenSSL",
				     len);
	pthread_once(&fetch_once, fetch_all);
	if (ciphers[which] == NULL)
		return extcrypt_fail(EXTCRYPT_E_CRYPTO, "OpenSSL lacks %s",
				     cipher_names[which]);
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "EVP_CIPHER_CTX_new");
	ok = EVP_CipherInit_ex2(ctx, ciphers[which], key, iv, enc ? 1 : 0,
				NULL) == 1;
	if (ok && cts) {
		OSSL_PARAM params[2] = {
			OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
							 (char *)"CS3", 0),
			OSSL_PARAM_construct_end(),
		};
		ok = EVP_CIPHER_CTX_set_params(ctx, params) == 1;
	}
	if (ok)
		ok = EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
	if (ok)
		ok = EVP_CipherUpdate(ctx, dst, &outl, src, inl) == 1 &&
		     outl >= 0 && outl <= inl &&
		     EVP_CipherFinal_ex(ctx, dst + outl, &finl) == 1 &&
		     finl == inl - outl;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		return extcrypt_fail(EXTCRYPT_E_CRYPTO, "OpenSSL %s failed",
				     cipher_names[which]);
	return EXTCRYPT_OK;
}

int extcrypt_ossl_cbc_cts(bool enc, const uint8_t *key, size_t key_len,
			  const uint8_t iv[16], const uint8_t *src,
			  uint8_t *dst, size_t len)
{
	return oneshot(key_len == 16 ? CTS128 : CTS256, enc, key, iv, src, dst,
		       len, true);
}

int extcrypt_ossl_aes128_cbc(bool enc, const uint8_t key[16],
			     const uint8_t iv[16], const uint8_t *src,
			     uint8_t *dst, size_t len)
{
	return oneshot(CBC128, enc, key, iv, src, dst, len, false);
}

int extcrypt_ossl_aes256_block(const uint8_t key[32], const uint8_t in[16],
			       uint8_t out[16])
{
	return oneshot(ECB256, true, key, NULL, in, out, 16, false);
}

int extcrypt_ossl_aes256_xts(bool enc, const uint8_t key[64],
			     const uint8_t iv[16], const uint8_t *src,
			     uint8_t *dst, size_t len)
{
	return oneshot(XTS256, enc, key, iv, src, dst, len, false);
}
