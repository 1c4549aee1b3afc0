// SPDX-License-Identifier: MIT
#include <check.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "util/ossl_util.h"

void tu_ossl_cipher(const EVP_CIPHER *cipher, const uint8_t *key,
		    const uint8_t *iv, const uint8_t *in, uint8_t *out,
		    size_t len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, m = 0;

	ck_assert(ctx != NULL);
	ck_assert(EVP_EncryptInit_ex(ctx, cipher, NULL, key, iv) == 1);
	ck_assert(EVP_CIPHER_CTX_set_padding(ctx, 0) == 1);
	ck_assert(EVP_EncryptUpdate(ctx, out, &n, in, (int)len) == 1);
	ck_assert(EVP_EncryptFinal_ex(ctx, out + n, &m) == 1);
	ck_assert((size_t)(n + m) == len);
	EVP_CIPHER_CTX_free(ctx);
}

void tu_ossl_cts(const uint8_t *key, size_t key_len, const uint8_t *iv,
		 const uint8_t *in, uint8_t *out, size_t len)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, key_len == 32 ? "AES-256-CBC-CTS"
							     : "AES-128-CBC-CTS",
					 NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	OSSL_PARAM p[2];
	int n = 0;

	ck_assert(c != NULL && ctx != NULL);
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
						(char *)"CS3", 0);
	p[1] = OSSL_PARAM_construct_end();
	ck_assert(EVP_EncryptInit_ex2(ctx, c, key, iv, p) == 1);
	ck_assert(EVP_EncryptUpdate(ctx, out, &n, in, (int)len) == 1);
	ck_assert((size_t)n == len);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}
