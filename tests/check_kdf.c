// SPDX-License-Identifier: MIT
/*
 * HKDF-SHA512 and the fscrypt key hierarchy: Wycheproof HKDF and HMAC
 * vectors, the fscrypt known answers, a differential test against
 * OpenSSL's EVP_KDF, key-size rules and wiping.
 */
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "kdf/hkdf_sha512.h"
#include "kdf/hmac_sha512.h"
#include "kdf/master_key.h"
#include "util/test_util.h"

static const char *const N_HEX = "00112233445566778899aabbccddeeff";

static extcrypt_master_key *kat_key(void)
{
	uint8_t raw[64];
	extcrypt_master_key *mk;

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(i + 1);
	ck_ok(extcrypt_master_key_new(raw, sizeof(raw), &mk));
	return mk;
}

/* xfstests' common/encrypt known answer: key 01..40. */
START_TEST(test_key_identifier_kat)
{
	extcrypt_master_key *mk = kat_key();
	uint8_t id[16];

	extcrypt_master_key_identifier(mk, id);
	tu_assert_hex(id, 16, "69b2f6edeee720cce0577937eb8a6751");
	ck_assert_uint_eq(extcrypt_master_key_size(mk), 64);
	extcrypt_master_key_free(mk);
}
END_TEST

struct derived_case {
	uint8_t ctx;
	const char *info_hex;
	size_t len;
	const char *want;
};

/* The worked values of docs/spec.md appendix A (fact sheet section 5.3). */
static const struct derived_case spec_cases[] = {
	{ 2, "00112233445566778899aabbccddeeff", 64,
	  "6c9f9f6a6c496070fe5b18d3f9668990325e15c275ca3780270570ac23516ec6"
	  "7c5836a20db92acb72d129957949ef280fdc40564d98af7dfc884f812cdb6f34" },
	{ 8, "00112233445566778899aabbccddeeff", 64,
	  "6bb32556081b5f84c93e7ae8c379ec73821c4dfcc6e6c9d61b114ddc3df129db"
	  "a1657f7bd77e62d24adeaa33634be89f933849c3b390396cd495ed3a30f78a7c" },
	{ 9, "00112233445566778899aabbccddeeff", 64,
	  "34b0590cb819d36d846bb21ac1967a08e2849fd2255324920d1fc66ac37a2300"
	  "98ca9d1ba655c86f242f21e19b23489b9796a2ef8e3a2d7a60e273b0522ff2b5" },
	{ 4, "010123456789abcdeffedcba9876543210", 64,
	  "54ee2eb6f663babd22da97e9b4f1747dc75013d8e782bb563a3cc566e36aa481"
	  "7295e53a2896bc9c3352f08ce56c2570689cede6cdf4b6370ebb92368a028d9e" },
	{ 7, "", 16, "47646c0b607504d327bc9a6569f9a372" },
	{ 5, "00112233445566778899aabbccddeeff", 16,
	  "bfee76438754a453866595430b82d891" },
	{ 3, "09", 32,
	  "119cdfc84d03a78e39bf41d4f29f6d76db9636f6fce4da764411d8f77e31b19e" },
	/* A shorter output is a prefix of a longer one (filenames key). */
	{ 2, "00112233445566778899aabbccddeeff", 32,
	  "6c9f9f6a6c496070fe5b18d3f9668990325e15c275ca3780270570ac23516ec6" },
};

START_TEST(test_spec_derived_keys)
{
	extcrypt_master_key *mk = kat_key();

	for (size_t i = 0; i < sizeof(spec_cases) / sizeof(spec_cases[0]); i++) {
		const struct derived_case *c = &spec_cases[i];
		size_t info_len;
		uint8_t *info = tu_hex(c->info_hex, &info_len);
		uint8_t out[64];

		ck_ok(extcrypt_master_key_derive(mk, c->ctx, info, info_len, out,
						 c->len));
		tu_assert_hex(out, c->len, c->want);
		free(info);
	}
	extcrypt_master_key_free(mk);
	(void)N_HEX;
}
END_TEST

static int hkdf_case(void *arg, const char *obj, size_t len)
{
	size_t *checked = arg, ikm_len, salt_len, info_len, okm_len;
	char *ikm_h = tu_json_string(obj, len, "ikm");
	char *salt_h = tu_json_string(obj, len, "salt");
	char *info_h = tu_json_string(obj, len, "info");
	char *okm_h = tu_json_string(obj, len, "okm");
	char *result = tu_json_string(obj, len, "result");
	long size = tu_json_int(obj, len, "size");
	uint8_t *ikm = tu_hex(ikm_h, &ikm_len), *salt = tu_hex(salt_h, &salt_len);
	uint8_t *info = tu_hex(info_h, &info_len), *okm = tu_hex(okm_h, &okm_len);

	if (strcmp(result, "valid") == 0) {
		struct extcrypt_hmac_sha512_key salt_key, prk_key;
		uint8_t prk[64], *out = malloc((size_t)size);

		ck_assert(out != NULL && (size_t)size == okm_len);
		extcrypt_hmac_sha512_prepare(&salt_key, salt, salt_len);
		extcrypt_hmac_sha512(&salt_key, ikm, ikm_len, NULL, 0, prk);
		extcrypt_hmac_sha512_prepare(&prk_key, prk, sizeof(prk));
		extcrypt_hkdf_sha512_expand(&prk_key, NULL, 0, info, info_len,
					    out, (size_t)size);
		ck_assert_msg(memcmp(out, okm, okm_len) == 0, "HKDF tc %ld",
			      tu_json_int(obj, len, "tcId"));
		free(out);
	} else {
		/* Wycheproof's only invalid HKDF inputs ask for more than
		 * 255 blocks; the public API refuses such lengths. */
		ck_assert_int_gt(size, 255 * 64);
	}
	(*checked)++;
	free(ikm_h), free(salt_h), free(info_h), free(okm_h), free(result);
	free(ikm), free(salt), free(info), free(okm);
	return 0;
}

START_TEST(test_wycheproof_hkdf)
{
	char *json = tu_read_vector_file("third_party/wycheproof/hkdf_sha512_test.json", NULL);
	size_t checked = 0;

	ck_assert_uint_eq(tu_wycheproof_foreach(json, hkdf_case, &checked), 83);
	ck_assert_uint_eq(checked, 83);
	free(json);
}
END_TEST

static int hmac_case(void *arg, const char *obj, size_t len)
{
	size_t *checked = arg, key_len, msg_len, tag_len;
	char *key_h = tu_json_string(obj, len, "key");
	char *msg_h = tu_json_string(obj, len, "msg");
	char *tag_h = tu_json_string(obj, len, "tag");
	char *result = tu_json_string(obj, len, "result");
	uint8_t *key = tu_hex(key_h, &key_len), *msg = tu_hex(msg_h, &msg_len);
	uint8_t *tag = tu_hex(tag_h, &tag_len), mac[64];
	struct extcrypt_hmac_sha512_key hk;
	bool match;

	extcrypt_hmac_sha512_prepare(&hk, key, key_len);
	extcrypt_hmac_sha512(&hk, msg, msg_len, NULL, 0, mac);
	match = tag_len <= 64 && memcmp(mac, tag, tag_len) == 0;
	ck_assert_msg(match == (strcmp(result, "valid") == 0), "HMAC tc %ld",
		      tu_json_int(obj, len, "tcId"));
	(*checked)++;
	free(key_h), free(msg_h), free(tag_h), free(result);
	free(key), free(msg), free(tag);
	return 0;
}

START_TEST(test_wycheproof_hmac)
{
	char *json = tu_read_vector_file("third_party/wycheproof/hmac_sha512_test.json", NULL);
	size_t checked = 0;

	tu_wycheproof_foreach(json, hmac_case, &checked);
	ck_assert_uint_eq(checked, 174);
	free(json);
}
END_TEST

/* OpenSSL's HKDF over the same full info, as the reference. */
static void openssl_hkdf(const uint8_t *ikm, size_t ikm_len,
			 const uint8_t *info, size_t info_len, uint8_t *out,
			 size_t out_len)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						 (char *)"SHA512", 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						  (void *)ikm, ikm_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
						  (void *)info, info_len),
		OSSL_PARAM_construct_end(),
	};

	ck_assert(ctx != NULL);
	ck_assert_int_eq(EVP_KDF_derive(ctx, out, out_len, params), 1);
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
}

START_TEST(test_differential_openssl)
{
	uint64_t seed = 0x6b6466u;

	for (int iter = 0; iter < 300; iter++) {
		uint8_t ikm[64], info[9 + 100], ours[300], ref[300];
		size_t ikm_len = 16 + tu_rand_u64(&seed) % 49;
		size_t info_len = tu_rand_u64(&seed) % 100;
		size_t out_len = 1 + tu_rand_u64(&seed) % sizeof(ours);
		extcrypt_master_key *mk;

		tu_rand(&seed, ikm, ikm_len);
		memcpy(info, "fscrypt", 8);
		tu_rand(&seed, info + 8, 1 + info_len);
		ck_ok(extcrypt_master_key_new(ikm, ikm_len, &mk));
		ck_ok(extcrypt_master_key_derive(mk, info[8], info + 9, info_len,
						 ours, out_len));
		openssl_hkdf(ikm, ikm_len, info, 9 + info_len, ref, out_len);
		ck_assert_msg(memcmp(ours, ref, out_len) == 0,
			      "iteration %d (ikm %zu, info %zu, out %zu)", iter,
			      ikm_len, info_len, out_len);
		/* The identifier is the same derivation with context 1. */
		openssl_hkdf(ikm, ikm_len, (const uint8_t *)"fscrypt\0\1", 9, ref, 16);
		extcrypt_master_key_identifier(mk, ours);
		ck_assert(memcmp(ours, ref, 16) == 0);
		extcrypt_master_key_free(mk);
	}
}
END_TEST

START_TEST(test_key_size_rules)
{
	uint8_t raw[65] = { 1 };
	extcrypt_master_key *mk = (void *)1;
	uint8_t out[16];

	ck_status(extcrypt_master_key_new(raw, 15, &mk), EXTCRYPT_E_KEY_SIZE);
	ck_assert_ptr_null(mk);
	ck_status(extcrypt_master_key_new(raw, 65, &mk), EXTCRYPT_E_KEY_SIZE);
	ck_status(extcrypt_master_key_new(NULL, 32, &mk), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_master_key_new(raw, 32, NULL), EXTCRYPT_E_INVALID);
	ck_ok(extcrypt_master_key_new(raw, 16, &mk));
	ck_status(extcrypt_master_key_derive(mk, 2, NULL, 1, out, 16),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_master_key_derive(mk, 2, raw, 257, out, 16),
		  EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_master_key_derive(mk, 2, NULL, 0, out, 0),
		  EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_master_key_derive(mk, 2, NULL, 0, out, 255 * 64 + 1),
		  EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_master_key_derive(NULL, 2, NULL, 0, out, 16),
		  EXTCRYPT_E_INVALID);
	ck_assert_str_ne(extcrypt_last_error(), "");
	extcrypt_master_key_free(mk);
	extcrypt_master_key_free(NULL);
}
END_TEST

/* Freed keys leave no secret behind (the pool keeps slots mapped, so the
 * bytes can be inspected; the first word becomes a free-list link). */
START_TEST(test_wiped_on_free)
{
	extcrypt_master_key *mk = kat_key(), *ref;
	const uint8_t *bytes = (const uint8_t *)mk;
	size_t nonzero = 0;

	for (size_t i = 0; i < sizeof(*mk); i++)
		nonzero += bytes[i] != 0;
	ck_assert_uint_gt(nonzero, 64);
	/* A second reference keeps the key alive... */
	ref = extcrypt_master_key_ref(mk);
	extcrypt_master_key_free(mk);
	ck_assert_uint_eq(ref->raw_len, 64);
	/* ...and the last one wipes it. */
	extcrypt_master_key_free(ref);
	for (size_t i = sizeof(void *); i < sizeof(*mk); i++)
		ck_assert_msg(bytes[i] == 0, "byte %zu not wiped", i);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kdf");
	TCase *tc = tcase_create("kdf");

	tcase_add_test(tc, test_key_identifier_kat);
	tcase_add_test(tc, test_spec_derived_keys);
	tcase_add_test(tc, test_wycheproof_hkdf);
	tcase_add_test(tc, test_wycheproof_hmac);
	tcase_add_test(tc, test_differential_openssl);
	tcase_add_test(tc, test_key_size_rules);
	tcase_add_test(tc, test_wiped_on_free);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
