// SPDX-License-Identifier: MIT
#include <check.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <string.h>

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

void tu_ossl_sm4_ecb(const uint8_t key[16], bool enc, const uint8_t in[16],
		     uint8_t out[16], long times)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	ck_assert(ctx != NULL);
	ck_assert(EVP_CipherInit_ex(ctx, EVP_sm4_ecb(), NULL, key, NULL, enc));
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	memcpy(out, in, 16);
	for (long i = 0; i < times; i++)
		ck_assert(EVP_CipherUpdate(ctx, out, &outl, out, 16) && outl == 16);
	EVP_CIPHER_CTX_free(ctx);
}

/* The tweak as two little-endian 64-bit halves, doubled in GF(2^128). */
static void tweak_double(uint64_t t[2])
{
	uint64_t carry = t[1] >> 63;

	t[1] = t[1] << 1 | t[0] >> 63;
	t[0] = t[0] << 1 ^ (carry ? 0x87 : 0);
}

static void sm4_xex(const uint8_t key[16], bool enc, const uint64_t t[2],
		    const uint8_t in[16], uint8_t out[16])
{
	uint8_t tb[16], b[16];

	for (int i = 0; i < 16; i++)
		tb[i] = (uint8_t)(t[i / 8] >> (8 * (i % 8)));
	for (int i = 0; i < 16; i++)
		b[i] = in[i] ^ tb[i];
	tu_ossl_sm4_ecb(key, enc, b, b, 1);
	for (int i = 0; i < 16; i++)
		out[i] = b[i] ^ tb[i];
}

void tu_ossl_sm4_xts(const uint8_t key[32], bool enc, const uint8_t iv[16],
		     const uint8_t *in, uint8_t *out, size_t len)
{
	uint8_t tb[16], cc[16], pp[16];
	uint64_t t[2] = { 0, 0 }, t_next[2];
	size_t m = len / 16, r = len % 16, full = r ? m - 1 : m;

	ck_assert(len >= 16);
	tu_ossl_sm4_ecb(key + 16, true, iv, tb, 1);
	for (int i = 0; i < 16; i++)
		t[i / 8] |= (uint64_t)tb[i] << (8 * (i % 8));
	for (size_t b = 0; b < full; b++, tweak_double(t))
		sm4_xex(key, enc, t, in + 16 * b, out + 16 * b);
	if (r == 0)
		return;
	/* Stealing (IEEE 1619 5.3.2): the last full block's output lends
	 * its tail to the partial block; encryption uses T_{m-1} then T_m,
	 * decryption the other way round. */
	memcpy(t_next, t, sizeof(t));
	tweak_double(t_next);
	sm4_xex(key, enc, enc ? t : t_next, in + 16 * full, cc);
	memcpy(pp, in + 16 * m, r);
	memcpy(pp + r, cc + r, 16 - r);
	memcpy(out + 16 * m, cc, r);
	sm4_xex(key, enc, enc ? t_next : t, pp, out + 16 * full);
}

void tu_ossl_sm4_cts(const uint8_t key[16], const uint8_t iv[16],
		     const uint8_t *in, uint8_t *out, size_t len)
{
	size_t n = (len + 15) / 16, t = len - 16 * (n - 1);
	uint8_t buf[256] = { 0 }, cbc[256];

	ck_assert(len >= 16 && len <= 255);
	memcpy(buf, in, len);
	tu_ossl_cipher(EVP_sm4_cbc(), key, iv, buf, cbc, 16 * n);
	if (n == 1) {
		memcpy(out, cbc, 16);
		return;
	}
	/* CS3: C_1 .. C_{n-2} || C_n || C_{n-1} cut to t bytes. */
	memcpy(out, cbc, 16 * (n - 2));
	memcpy(out + 16 * (n - 2), cbc + 16 * (n - 1), 16);
	memcpy(out + 16 * (n - 1), cbc + 16 * (n - 2), t);
}
