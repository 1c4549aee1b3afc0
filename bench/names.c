// SPDX-License-Identifier: MIT
/*
 * extcrypt-bench-names: filename encryption throughput (names per second)
 * through the public API, extcrypt_inode_encrypt_name, for every filenames
 * mode and 16- and 64-byte names; for CTS also OpenSSL's EVP with a fresh
 * context per name (the naive baseline) and with one prepared context.
 * SM4-CTS has no OpenSSL row: OpenSSL 3.0 has SM4-CBC but no SM4 CTS.
 * An argument runs only the rows whose label contains it ("HCTR2").
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "extcrypt/extcrypt.h"

#define NAMES 100000
#define REPS 5 /* best of: the machine is shared */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void report(const char *what, size_t len, double secs)
{
	printf("%-34s %3zu B  %10.0f names/s  %7.0f ns/name\n", what, len,
	       NAMES / secs, secs * 1e9 / NAMES);
}

/* The contents mode fscrypt pairs with filenames mode `mode`. */
static int contents_mode(int mode)
{
	if (mode == EXTCRYPT_MODE_ADIANTUM)
		return EXTCRYPT_MODE_ADIANTUM;
	if (mode == EXTCRYPT_MODE_AES_128_CTS)
		return EXTCRYPT_MODE_AES_128_CBC;
	if (mode == EXTCRYPT_MODE_SM4_CTS)
		return EXTCRYPT_MODE_SM4_XTS;
	return EXTCRYPT_MODE_AES_256_XTS;
}

/* Rows whose label contains this (argv[1]), or all. */
static const char *only;

static void bench_inode(int mode, const char *label, size_t len)
{
	uint8_t raw[64], name[64], out[64], id[16];
	extcrypt_master_key *mk = NULL;
	extcrypt_policy *pol = NULL;
	extcrypt_inode *dir = NULL;
	size_t out_len;
	double t, best = 0;

	if (only != NULL && strstr(label, only) == NULL)
		return;
	memset(raw, 0x5a, sizeof(raw));
	memset(name, 'a', sizeof(name));
	if (extcrypt_master_key_new(raw, sizeof(raw), &mk) != 0 ||
	    extcrypt_master_key_identifier(mk, id) != 0 ||
	    extcrypt_policy_new(contents_mode(mode), mode, EXTCRYPT_POLICY_FLAGS_PAD_16, 0, id,
				&pol) != 0 ||
	    extcrypt_inode_new(mk, pol, 4096, &dir) != 0) {
		printf("%-34s setup failed: %s\n", label, extcrypt_last_error());
		goto out;
	}
	for (int r = 0; r < REPS; r++) {
		t = now();
		for (int i = 0; i < NAMES; i++) {
			name[0] = (uint8_t)i;
			extcrypt_inode_encrypt_name(dir, name, len, 0, out,
						    sizeof(out), &out_len);
		}
		t = now() - t;
		best = r == 0 || t < best ? t : best;
	}
	report(label, len, best);
out:
	extcrypt_inode_free(dir);
	extcrypt_policy_free(pol);
	extcrypt_master_key_free(mk);
}

static int cts_run(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *c,
		   const uint8_t *key, const uint8_t *iv, const uint8_t *in,
		   uint8_t *out, int len)
{
	OSSL_PARAM p[2] = {
		OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
						 (char *)"CS3", 0),
		OSSL_PARAM_construct_end(),
	};
	int outl = 0, finl = 0;

	return EVP_CipherInit_ex2(ctx, c, key, iv, 1, p) == 1 &&
	       EVP_CipherUpdate(ctx, out, &outl, in, len) == 1 &&
	       EVP_CipherFinal_ex(ctx, out + outl, &finl) == 1;
}

static void bench_openssl(const char *cipher, const char *label, size_t len)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, cipher, NULL);
	uint8_t key[32], iv[16] = { 0 }, name[64], out[64];
	char what[64];
	EVP_CIPHER_CTX *ctx;
	double t, best = 0;

	if (only != NULL && strstr(label, only) == NULL) {
		EVP_CIPHER_free(c);
		return;
	}
	memset(key, 0x33, sizeof(key));
	memset(name, 'a', sizeof(name));
	for (int r = 0; r < REPS; r++) {
		t = now();
		for (int i = 0; i < NAMES; i++) {
			ctx = EVP_CIPHER_CTX_new();
			name[0] = (uint8_t)i;
			cts_run(ctx, c, key, iv, name, out, (int)len);
			EVP_CIPHER_CTX_free(ctx);
		}
		t = now() - t;
		best = r == 0 || t < best ? t : best;
	}
	snprintf(what, sizeof(what), "%s fresh ctx", label);
	report(what, len, best);
	ctx = EVP_CIPHER_CTX_new();
	cts_run(ctx, c, key, iv, name, out, (int)len);
	for (int r = 0; r < REPS; r++) {
		t = now();
		for (int i = 0; i < NAMES; i++) {
			name[0] = (uint8_t)i;
			cts_run(ctx, NULL, NULL, iv, name, out, (int)len);
		}
		t = now() - t;
		best = r == 0 || t < best ? t : best;
	}
	snprintf(what, sizeof(what), "%s prepared ctx", label);
	report(what, len, best);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}

int main(int argc, char **argv)
{
	static const size_t lens[] = { 16, 64 };

	only = argc > 1 ? argv[1] : NULL;
	for (size_t i = 0; i < 2; i++) {
		size_t len = lens[i];

		bench_inode(EXTCRYPT_MODE_AES_256_CTS, "extcrypt AES-256-CTS", len);
		bench_openssl("AES-256-CBC-CTS", "OpenSSL AES-256-CTS", len);
		bench_inode(EXTCRYPT_MODE_AES_128_CTS, "extcrypt AES-128-CTS", len);
		bench_openssl("AES-128-CBC-CTS", "OpenSSL AES-128-CTS", len);
		bench_inode(EXTCRYPT_MODE_AES_256_HCTR2, "extcrypt AES-256-HCTR2", len);
		bench_inode(EXTCRYPT_MODE_ADIANTUM, "extcrypt Adiantum", len);
		bench_inode(EXTCRYPT_MODE_SM4_CTS, "extcrypt SM4-CTS", len);
		if (only == NULL || strstr("OpenSSL SM4-CTS", only) != NULL)
			printf("%-34s %3zu B  (none: OpenSSL 3.0 has SM4-CBC, no CTS)\n",
			       "OpenSSL SM4-CTS", len);
	}
	return 0;
}
