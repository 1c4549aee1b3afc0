// SPDX-License-Identifier: MIT
/*
 * The prepared-cipher layer: Wycheproof AES-XTS, every XTS implementation
 * against OpenSSL through the public API, CBC-ESSIV and CBC-CTS against
 * constructions built from plain OpenSSL primitives, argument checks.
 */
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

static int xts_case(void *arg, const char *obj, size_t len)
{
	size_t *checked = arg, klen, ivlen, mlen, clen;
	char *k = tu_json_string(obj, len, "key"), *iv_h = tu_json_string(obj, len, "iv");
	char *m = tu_json_string(obj, len, "msg"), *c = tu_json_string(obj, len, "ct");
	uint8_t *key = tu_hex(k, &klen), *iv = tu_hex(iv_h, &ivlen);
	uint8_t *msg = tu_hex(m, &mlen), *ct = tu_hex(c, &clen);
	uint8_t *out = malloc(mlen + 1);
	extcrypt_cipher *ci;

	/* fscrypt only has AES-256-XTS (64-byte keys) and 16-byte IVs. */
	if (klen == 64 && ivlen <= 16 && mlen >= 16) {
		ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, key, klen, &ci));
		ck_ok(extcrypt_cipher_encrypt(ci, iv, ivlen, msg, out, mlen));
		ck_assert_msg(memcmp(out, ct, clen) == 0, "XTS tc %ld",
			      tu_json_int(obj, len, "tcId"));
		ck_ok(extcrypt_cipher_decrypt(ci, iv, ivlen, ct, out, clen));
		ck_assert(memcmp(out, msg, mlen) == 0);
		extcrypt_cipher_free(ci);
		(*checked)++;
	}
	free(k), free(iv_h), free(m), free(c), free(key), free(iv), free(msg);
	free(ct), free(out);
	return 0;
}

START_TEST(test_wycheproof_xts)
{
	char *json = tu_read_vector_file("third_party/wycheproof/aes_xts_test.json", NULL);
	size_t checked = 0;

	tu_wycheproof_foreach(json, xts_case, &checked);
	ck_assert_uint_ge(checked, 30);
	printf("wycheproof aes_xts: %zu AES-256 cases checked (impl %s)\n",
	       checked, extcrypt_xts_impl_name());
	free(json);
}
END_TEST

static void openssl_xts_units(const uint8_t key[64], uint64_t first, size_t du,
			      const uint8_t *in, uint8_t *out, size_t len, int enc)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t iv[16] = { 0 };
	int outl;

	for (size_t j = 0; j < len / du; j++) {
		uint64_t idx = first + j;

		for (int b = 0; b < 8; b++)
			iv[b] = (uint8_t)(idx >> (8 * b));
		ck_assert(EVP_CipherInit_ex(ctx, EVP_aes_256_xts(), NULL, key, iv, enc));
		ck_assert(EVP_CipherUpdate(ctx, out + j * du, &outl, in + j * du, (int)du));
	}
	EVP_CIPHER_CTX_free(ctx);
}

/* Every implementation this CPU can run, through the public API. */
START_TEST(test_every_impl_vs_openssl)
{
	uint64_t seed = 0x78747321;
	static const size_t dus[] = { 512, 1024, 4096, 16384, 65536 };
	static const size_t counts[] = { 1, 2, 3, 7, 16, 33, 64 };
	size_t tested = 0;

	for (size_t i = 0; i < extcrypt_xts_impl_count(); i++) {
		const char *name = extcrypt_xts_impl_name_at(i);

		if (!extcrypt_xts_impl_usable(name))
			continue;
		tested++;
		for (int iter = 0; iter < 12; iter++) {
			size_t du = dus[iter % 5], n = counts[iter % 7];
			size_t len = du * n > (1u << 20) ? du : du * n;
			uint8_t key[64];
			uint8_t *pt = malloc(len + 16), *ct = malloc(len + 16);
			uint8_t *ref = malloc(len);
			size_t off = (size_t)iter % 3 == 0 ? 0 : (size_t)iter % 15;
			const uint64_t firsts[] = { 0, UINT32_MAX - 1, UINT64_MAX - len / du + 1,
						    tu_rand_u64(&seed) >> 1 };
			uint64_t first = firsts[iter % 4];
			extcrypt_cipher *c;

			tu_rand(&seed, key, 64);
			tu_rand(&seed, pt + off, len);
			ck_ok(extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_XTS, key,
						       64, name, &c));
			ck_assert_str_eq(extcrypt_cipher_impl_name(c), name);
			ck_ok(extcrypt_cipher_encrypt_units(c, first, du, pt + off,
							    ct + off, len));
			openssl_xts_units(key, first, du, pt + off, ref, len, 1);
			ck_assert_msg(memcmp(ct + off, ref, len) == 0,
				      "%s du %zu n %zu first %llu", name, du, len / du,
				      (unsigned long long)first);
			ck_ok(extcrypt_cipher_decrypt_units(c, first, du, ct + off,
							    ct + off, len));
			ck_assert(memcmp(ct + off, pt + off, len) == 0);
			extcrypt_cipher_free(c);
			free(pt), free(ct), free(ref);
		}
	}
	ck_assert_uint_ge(tested, 1);
	ck_status(extcrypt_cipher_new_impl(1, (const uint8_t *)"0123456789abcdef"
				"0123456789abcdef0123456789abcdef0123456789abcdeX",
				64, "no-such-impl", &(extcrypt_cipher *){ 0 }),
		  EXTCRYPT_E_UNSUPPORTED);
}
END_TEST

START_TEST(test_essiv_reference)
{
	uint64_t seed = 0x65737369;
	uint8_t key[16], salt[32], pt[1024], ct[1024], ref[1024], iv[16] = { 0 }, essiv[16];
	extcrypt_cipher *c;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	tu_rand(&seed, key, sizeof(key));
	tu_rand(&seed, pt, sizeof(pt));
	ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_128_CBC, key, 16, &c));
	ck_ok(extcrypt_cipher_encrypt_units(c, 5, 512, pt, ct, sizeof(pt)));
	SHA256(key, 16, salt);
	for (int j = 0; j < 2; j++) {
		iv[0] = (uint8_t)(5 + j);
		ck_assert(EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), NULL, salt, NULL));
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		ck_assert(EVP_EncryptUpdate(ctx, essiv, &outl, iv, 16));
		ck_assert(EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, key, essiv));
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		ck_assert(EVP_EncryptUpdate(ctx, ref + 512 * j, &outl, pt + 512 * j, 512));
	}
	ck_assert_mem_eq(ct, ref, sizeof(ct));
	ck_ok(extcrypt_cipher_decrypt_units(c, 5, 512, ct, ct, sizeof(ct)));
	ck_assert_mem_eq(ct, pt, sizeof(pt));
	ck_assert_str_eq(extcrypt_cipher_impl_name(c), "openssl");
	EVP_CIPHER_CTX_free(ctx);
	extcrypt_cipher_free(c);
}
END_TEST

START_TEST(test_argument_checks)
{
	uint8_t key[64] = { 1, 2, 3 }, buf[8192] = { 0 }, pattern[8192];
	extcrypt_cipher *c = (void *)1;

	key[40] = 9; /* halves differ */
	ck_status(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, key, 32, &c), EXTCRYPT_E_LENGTH);
	ck_assert_ptr_null(c);
	ck_status(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_XTS, key, 64, &c), EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_cipher_new(3, key, 32, &c), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_cipher_new(1, NULL, 64, &c), EXTCRYPT_E_INVALID);
	ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, key, 64, &c));
	memset(pattern, 0x77, sizeof(pattern));
	memcpy(buf, pattern, sizeof(buf));
	ck_status(extcrypt_cipher_encrypt_units(c, 0, 500, buf, buf, 1000), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_cipher_encrypt_units(c, 0, 512, buf, buf, 1000), EXTCRYPT_E_ALIGNMENT);
	ck_status(extcrypt_cipher_encrypt_units(c, UINT64_MAX, 512, buf, buf, 1024), EXTCRYPT_E_RANGE);
	ck_status(extcrypt_cipher_encrypt(c, key, 17, buf, buf, 32), EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_cipher_encrypt(c, key, 16, buf, buf, 15), EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_cipher_encrypt(c, key, 16, buf, buf + 1, 64), EXTCRYPT_E_INVALID);
	ck_assert_mem_eq(buf, pattern, sizeof(buf));
	/* XTS with a partial last block uses ciphertext stealing. */
	ck_ok(extcrypt_cipher_encrypt(c, key, 16, buf, buf, 33));
	extcrypt_cipher_free(c);
	ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_CTS, key, 32, &c));
	ck_status(extcrypt_cipher_encrypt_units(c, 0, 512, buf, buf, 512), EXTCRYPT_E_INVALID);
	extcrypt_cipher_free(c);
	ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_128_CBC, key, 16, &c));
	ck_status(extcrypt_cipher_encrypt(c, NULL, 0, buf, buf, 20), EXTCRYPT_E_ALIGNMENT);
	extcrypt_cipher_free(c);
	extcrypt_cipher_free(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cipher");
	TCase *tc = tcase_create("cipher");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_wycheproof_xts);
	tcase_add_test(tc, test_every_impl_vs_openssl);
	tcase_add_test(tc, test_essiv_reference);
	tcase_add_test(tc, test_argument_checks);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
