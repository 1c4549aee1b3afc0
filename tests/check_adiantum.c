/* SPDX-License-Identifier: MIT */
/*
 * Adiantum (XChaCha12, AES-256) tests:
 *  - every google/adiantum reference vector
 *    (Adiantum_XChaCha12_32_AES256.json), encrypt and decrypt, out of
 *    place and in place (32-byte-tweak vectors also through the public
 *    fscrypt API);
 *  - the fscrypt filename and contents cases for Adiantum produced by
 *    xfstests' fscrypt-crypt-util (tests/vectors/fscrypt_wide_modes.txt);
 *  - our ChaCha/HChaCha/XChaCha core run with 20 rounds against
 *    libsodium's ChaCha20/HChaCha20/XChaCha20 (Adiantum uses the same code
 *    with 12 rounds);
 *  - argument checking and random round trips across NH chunk borders.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "adiantum/adiantum.h"
#include "adiantum/chacha.h"
#include "cipher/wide_raw.h"
#include "json_vectors.h"
#include "wide_mode_tests.h"

#define ADIANTUM_JSON "third_party/adiantum/Adiantum_XChaCha12_32_AES256.json"
#define ADIANTUM_JSON_COUNT 180
#define ADIANTUM_FSCRYPT_FILENAME_COUNT 6
#define ADIANTUM_FSCRYPT_CONTENTS_COUNT 5

static const struct wide_mode adiantum = {
	"Adiantum", "google/adiantum",
	extcrypt_adiantum_encrypt_tweak, extcrypt_adiantum_decrypt_tweak,
	extcrypt_adiantum_encrypt, extcrypt_adiantum_decrypt,
};

START_TEST(test_reference_vectors)
{
	wide_check_reference_vectors(&adiantum, ADIANTUM_JSON,
				     ADIANTUM_JSON_COUNT);
}
END_TEST

START_TEST(test_fscrypt_cases)
{
	wide_check_fscrypt_cases(&adiantum, "Adiantum",
				 ADIANTUM_FSCRYPT_FILENAME_COUNT,
				 ADIANTUM_FSCRYPT_CONTENTS_COUNT);
}
END_TEST

/*
 * The ChaCha core is round-count generic; with 20 rounds it must match
 * libsodium exactly (original 64-bit-nonce ChaCha20, HChaCha20, XChaCha20,
 * including a start at a non-zero block counter and partial blocks).
 */
START_TEST(test_chacha_core_vs_libsodium)
{
	static const size_t lens[] = { 0, 1, 63, 64, 65, 127, 128, 300, 1136 };
	uint8_t key[32], nonce[24], sub[32], want_sub[32];
	uint8_t *in = malloc(2048), *a = malloc(2048), *b = malloc(2048);

	ck_assert(in != NULL && a != NULL && b != NULL);
	for (int iter = 0; iter < 20; iter++) {
		randombytes_buf(key, sizeof(key));
		randombytes_buf(nonce, sizeof(nonce));

		extcrypt_hchacha(sub, key, nonce, 20);
		crypto_core_hchacha20(want_sub, nonce, key, NULL);
		ck_assert_mem_eq(sub, want_sub, 32);

		for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			size_t len = lens[i];
			uint64_t ic = (uint64_t)iter * 3;

			randombytes_buf(in, len);
			extcrypt_xchacha_xor(key, nonce, ic, in, a, len, 20);
			crypto_stream_xchacha20_xor_ic(b, in, len, nonce, ic, key);
			ck_assert_mem_eq(a, b, len);

			extcrypt_chacha_xor(key, nonce, ic, in, a, len, 20);
			crypto_stream_chacha20_xor_ic(b, in, len, nonce, ic, key);
			ck_assert_mem_eq(a, b, len);

			/* NULL source writes the bare keystream. */
			extcrypt_xchacha_xor(key, nonce, 0, NULL, a, len, 20);
			crypto_stream_xchacha20(b, len, nonce, key);
			ck_assert_mem_eq(a, b, len);

			/* In place. */
			memcpy(a, in, len);
			extcrypt_xchacha_xor(key, nonce, ic, a, a, len, 20);
			crypto_stream_xchacha20_xor_ic(b, in, len, nonce, ic, key);
			ck_assert_mem_eq(a, b, len);
		}
	}
	free(in);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_bad_arguments)
{
	uint8_t key[32] = { 0 }, tweak[32] = { 0 }, buf[64] = { 0 };

	for (size_t len = 0; len < 16; len++) {
		ck_assert_int_eq(extcrypt_adiantum_encrypt(key, tweak, buf, buf, len), -2);
		ck_assert_int_eq(extcrypt_adiantum_decrypt(key, tweak, buf, buf, len), -2);
	}
	ck_assert_int_eq(extcrypt_adiantum_encrypt(NULL, tweak, buf, buf, 16), -1);
	ck_assert_int_eq(extcrypt_adiantum_encrypt(key, NULL, buf, buf, 16), -1);
	ck_assert_int_eq(extcrypt_adiantum_encrypt(key, tweak, NULL, buf, 16), -1);
	ck_assert_int_eq(extcrypt_adiantum_decrypt(key, tweak, buf, NULL, 16), -1);
	ck_assert_int_eq(extcrypt_adiantum_encrypt_tweak(key, NULL, 1, buf, buf, 16), -1);
	ck_assert_int_eq(extcrypt_adiantum_encrypt_tweak(key, NULL, 0, buf, buf, 16), 0);
	ck_assert_int_eq(extcrypt_adiantum_decrypt_tweak(key, NULL, 0, buf, buf, 16), 0);
	ck_assert_int_eq(extcrypt_adiantum_encrypt(key, tweak, buf, buf, 16), 0);
}
END_TEST

/*
 * Round trips over lengths around the 16-byte NH unit and the 1024-byte NH
 * chunk, and the wide-block property: changing the first input byte
 * changes the last output block, changing the last ciphertext block
 * changes all of the decrypted bulk part (2^-128-ish false-failure odds).
 */
START_TEST(test_roundtrip_and_diffusion)
{
	static const size_t lens[] = { 16, 17, 31, 32, 33, 48, 255, 512,
				       1024 + 15, 1024 + 16, 1024 + 17,
				       2048 + 16, 4096, 4096 + 16 + 3, 10000 };
	uint8_t key[32], tweak[32];
	uint8_t *pt = malloc(10000), *ct = malloc(10000), *ct2 = malloc(10000);

	ck_assert(pt != NULL && ct != NULL && ct2 != NULL);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i];

		randombytes_buf(key, sizeof(key));
		randombytes_buf(tweak, sizeof(tweak));
		randombytes_buf(pt, len);

		ck_assert_int_eq(extcrypt_adiantum_encrypt(key, tweak, pt, ct, len), 0);
		ck_assert(memcmp(pt, ct, len) != 0);
		ck_assert_int_eq(extcrypt_adiantum_decrypt(key, tweak, ct, ct2, len), 0);
		ck_assert_mem_eq(ct2, pt, len);

		pt[0] ^= 0x01;
		ck_assert_int_eq(extcrypt_adiantum_encrypt(key, tweak, pt, ct2, len), 0);
		ck_assert(memcmp(ct + len - 16, ct2 + len - 16, 16) != 0);
		pt[0] ^= 0x01;

		tweak[0] ^= 0x80;
		ck_assert_int_eq(extcrypt_adiantum_encrypt(key, tweak, pt, ct2, len), 0);
		ck_assert(memcmp(ct + len - 16, ct2 + len - 16, 16) != 0);
		/* The bulk part changes too; compared only where a chance
		 * match is negligible (1 byte would match 1 run in 256). */
		if (len >= 16 + 8)
			ck_assert(memcmp(ct, ct2, len - 16) != 0);
		tweak[0] ^= 0x80;

		ct[len - 1] ^= 0x01;
		ck_assert_int_eq(extcrypt_adiantum_decrypt(key, tweak, ct, ct2, len), 0);
		if (len >= 32)
			ck_assert(memcmp(ct2, pt, 16) != 0);
		ck_assert(memcmp(ct2 + len - 16, pt + len - 16, 16) != 0);
	}
	free(pt);
	free(ct);
	free(ct2);
}
END_TEST

static Suite *adiantum_suite(void)
{
	Suite *s = suite_create("adiantum");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_reference_vectors);
	tcase_add_test(tc, test_fscrypt_cases);
	tcase_add_test(tc, test_chacha_core_vs_libsodium);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_roundtrip_and_diffusion);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (sodium_init() < 0)
		return EXIT_FAILURE;
	sr = srunner_create(adiantum_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
