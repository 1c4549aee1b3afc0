// SPDX-License-Identifier: MIT
/*
 * The SM4 rows (src/cipher/mode_sm4.c), checked against computations that
 * share no code with them:
 *
 *  - the SM4 block cipher: the GB/T 32907-2016 example (one block, and
 *    the same block encrypted 1,000,000 times) through OpenSSL's SM4-ECB
 *    and through our SM4-CTS-CBC row (one block with a zero IV is SM4);
 *  - our XTS composition (src/cipher/xts_ecb.c) on AES-ECB against every
 *    Wycheproof AES-XTS vector, ciphertext stealing included: the IEEE
 *    1619 structure, on a cipher whose XTS OpenSSL has;
 *  - SM4-XTS against XTS written out here block by block on OpenSSL's
 *    SM4-ECB (data units with fscrypt IVs, and stealing lengths);
 *  - SM4-CTS-CBC against OpenSSL's SM4-CBC with the last two blocks
 *    swapped (CS3), every name length 16..255.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "cipher/xts_ecb.h"
#include "util/ossl_util.h"
#include "util/test_util.h"

/* GB/T 32907-2016, Appendix A (also draft-ribose-cfrg-sm4, A.1). */
static const uint8_t gbt_key[16] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
};
static const uint8_t gbt_ct[16] = {
	0x68, 0x1e, 0xdf, 0x34, 0xd2, 0x06, 0x96, 0x5e,
	0x86, 0xb3, 0xe9, 0x4f, 0x53, 0x6e, 0x42, 0x46,
};
static const uint8_t gbt_ct_1m[16] = {
	0x59, 0x52, 0x98, 0xc7, 0xc6, 0xfd, 0x27, 0x1f,
	0x04, 0x02, 0xf8, 0x04, 0xc3, 0x3d, 0x3f, 0x66,
};

START_TEST(test_gbt32907_block)
{
	uint8_t out[16], back[16];
	extcrypt_cipher *c;

	tu_ossl_sm4_ecb(gbt_key, true, gbt_key, out, 1); /* plaintext = key */
	ck_assert_mem_eq(out, gbt_ct, 16);
	tu_ossl_sm4_ecb(gbt_key, true, gbt_key, out, 1000000);
	ck_assert_mem_eq(out, gbt_ct_1m, 16);
	/* Our row: CBC of one block with a zero IV is the block cipher. */
	ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_CTS, gbt_key, 16, &c));
	ck_assert_str_eq(extcrypt_cipher_impl_name(c), "openssl");
	ck_ok(extcrypt_cipher_encrypt(c, NULL, 0, gbt_key, out, 16));
	ck_assert_mem_eq(out, gbt_ct, 16);
	ck_ok(extcrypt_cipher_decrypt(c, NULL, 0, out, back, 16));
	ck_assert_mem_eq(back, gbt_key, 16);
	extcrypt_cipher_free(c);
}
END_TEST

/* ---- the XTS structure, on AES: Wycheproof -------------------------------- */

static int wycheproof_case(void *arg, const char *obj, size_t len)
{
	size_t *checked = arg, klen, ivlen, mlen, clen;
	char *k = tu_json_string(obj, len, "key"), *iv_h = tu_json_string(obj, len, "iv");
	char *m = tu_json_string(obj, len, "msg"), *c = tu_json_string(obj, len, "ct");
	uint8_t *key = tu_hex(k, &klen), *ivb = tu_hex(iv_h, &ivlen);
	uint8_t *msg = tu_hex(m, &mlen), *ct = tu_hex(c, &clen);
	uint8_t *out = malloc(mlen + 1), iv[16] = { 0 };
	struct extcrypt_xts_ecb x;

	if ((klen == 32 || klen == 64) && ivlen <= 16 && mlen >= 16) {
		memset(&x, 0, sizeof(x));
		memcpy(iv, ivb, ivlen);
		ck_ok(extcrypt_xts_ecb_prepare(&x, klen == 32 ? EXTCRYPT_EVP_AES128_ECB :
								EXTCRYPT_EVP_AES256_ECB,
					       key, klen));
		ck_assert(extcrypt_xts_ecb_crypt(&x, true, iv, msg, out, mlen));
		ck_assert_msg(memcmp(out, ct, clen) == 0, "XTS tc %ld",
			      tu_json_int(obj, len, "tcId"));
		/* in place, the other way */
		ck_assert(extcrypt_xts_ecb_crypt(&x, false, iv, out, out, mlen));
		ck_assert(memcmp(out, msg, mlen) == 0);
		extcrypt_xts_ecb_free(&x);
		(*checked)++;
	}
	free(k), free(iv_h), free(m), free(c), free(key), free(ivb), free(msg);
	free(ct), free(out);
	return 0;
}

START_TEST(test_xts_structure_wycheproof)
{
	char *json = tu_read_vector_file("third_party/wycheproof/aes_xts_test.json", NULL);
	size_t checked = 0;

	tu_wycheproof_foreach(json, wycheproof_case, &checked);
	ck_assert_uint_ge(checked, 60); /* AES-128 and AES-256, stealing too */
	free(json);
}
END_TEST

/* ---- SM4-XTS against XTS written out here --------------------------------- */

START_TEST(test_sm4_xts_vs_reference)
{
	static const size_t lens[] = { 16, 17, 31, 32, 33, 47, 100, 512, 527,
				       4096, 4111 };
	uint64_t seed = 0x534d342d585453;
	uint8_t key[32], iv[16];
	uint8_t *pt = malloc(4111), *ct = malloc(4111), *ref = malloc(4111);
	extcrypt_cipher *c;

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i];

		tu_rand(&seed, key, sizeof(key));
		tu_rand(&seed, iv, sizeof(iv));
		tu_rand(&seed, pt, len);
		ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_XTS, key, 32, &c));
		ck_ok(extcrypt_cipher_encrypt(c, iv, 16, pt, ct, len));
		tu_ossl_sm4_xts(key, true, iv, pt, ref, len);
		ck_assert_msg(memcmp(ct, ref, len) == 0, "SM4-XTS len %zu", len);
		tu_ossl_sm4_xts(key, false, iv, ct, ref, len);
		ck_assert_mem_eq(ref, pt, len);
		ck_ok(extcrypt_cipher_decrypt(c, iv, 16, ct, ct, len));
		ck_assert_mem_eq(ct, pt, len);
		extcrypt_cipher_free(c);
	}
	free(pt), free(ct), free(ref);
}
END_TEST

/* Data units: IV = le64(index) || 0, as fscrypt's default policy. */
START_TEST(test_sm4_xts_units_vs_reference)
{
	static const size_t dus[] = { 512, 4096, 65536 };
	uint64_t seed = 0x756e697473;
	uint8_t key[32];
	extcrypt_cipher *c;

	for (size_t d = 0; d < 3; d++) {
		size_t du = dus[d], len = 3 * du;
		uint8_t *pt = malloc(len), *ct = malloc(len), *ref = malloc(du);
		uint64_t first = d == 1 ? UINT64_MAX - 2 : 1000 * d;

		tu_rand(&seed, key, sizeof(key));
		tu_rand(&seed, pt, len);
		ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_XTS, key, 32, &c));
		ck_ok(extcrypt_cipher_encrypt_units(c, first, du, pt, ct, len));
		for (size_t j = 0; j < 3; j++) {
			uint8_t iv[16] = { 0 };

			for (int b = 0; b < 8; b++)
				iv[b] = (uint8_t)((first + j) >> (8 * b));
			tu_ossl_sm4_xts(key, true, iv, pt + j * du, ref, du);
			ck_assert_msg(memcmp(ct + j * du, ref, du) == 0,
				      "SM4-XTS du %zu unit %zu", du, j);
		}
		ck_ok(extcrypt_cipher_decrypt_units(c, first, du, ct, ct, len));
		ck_assert_mem_eq(ct, pt, len);
		extcrypt_cipher_free(c);
		free(pt), free(ct), free(ref);
	}
}
END_TEST

START_TEST(test_sm4_xts_equal_halves)
{
	uint8_t key[32];
	extcrypt_cipher *c = NULL;

	memset(key, 0x5a, sizeof(key));
	ck_status(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_XTS, key, 32, &c),
		  EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(c);
	ck_status(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_XTS, key, 64, &c),
		  EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_CTS, key, 32, &c),
		  EXTCRYPT_E_LENGTH);
}
END_TEST

/* ---- SM4-CTS-CBC against OpenSSL's SM4-CBC -------------------------------- */

START_TEST(test_sm4_cts_vs_openssl_cbc)
{
	uint64_t seed = 0x534d342d435453;
	uint8_t key[16], iv[16], pt[255], ct[255], ref[255], back[255];
	extcrypt_cipher *c;

	tu_rand(&seed, key, sizeof(key));
	ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_SM4_CTS, key, 16, &c));
	for (size_t len = 16; len <= 255; len++) {
		bool zero_iv = len % 2 == 0; /* fscrypt's names: IV zero */

		memset(iv, 0, sizeof(iv));
		if (!zero_iv)
			tu_rand(&seed, iv, sizeof(iv));
		tu_rand(&seed, pt, len);
		ck_ok(extcrypt_cipher_encrypt(c, iv, 16, pt, ct, len));
		tu_ossl_sm4_cts(key, iv, pt, ref, len);
		ck_assert_msg(memcmp(ct, ref, len) == 0, "SM4-CTS len %zu", len);
		ck_ok(extcrypt_cipher_decrypt(c, iv, 16, ct, back, len));
		ck_assert_mem_eq(back, pt, len);
	}
	extcrypt_cipher_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sm4");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_gbt32907_block);
	tcase_add_test(tc, test_xts_structure_wycheproof);
	tcase_add_test(tc, test_sm4_xts_vs_reference);
	tcase_add_test(tc, test_sm4_xts_units_vs_reference);
	tcase_add_test(tc, test_sm4_xts_equal_halves);
	tcase_add_test(tc, test_sm4_cts_vs_openssl_cbc);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
