/* SPDX-License-Identifier: MIT */
/*
 * AES-256-HCTR2 tests:
 *  - every google/hctr2 reference vector (HCTR2_AES256.json), encrypt and
 *    decrypt, out of place and in place (32-byte-tweak vectors also
 *    through the public fscrypt API);
 *  - the fscrypt filename cases for AES-256-HCTR2 produced by xfstests'
 *    fscrypt-crypt-util (tests/vectors/fscrypt_wide_modes.txt);
 *  - POLYVAL against RFC 8452, algebraic checks, and the PCLMULQDQ
 *    multiplier against the portable one;
 *  - argument checking and random round trips.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cipher/wide_raw.h"
#include "hctr2/hctr2.h"
#include "hctr2/polyval.h"
#include "json_vectors.h"
#include "wide_mode_tests.h"

#define HCTR2_JSON "third_party/hctr2/HCTR2_AES256.json"
#define HCTR2_JSON_COUNT 350
#define HCTR2_FSCRYPT_COUNT 10

static void unhex(const char *hex, uint8_t *out, size_t len)
{
	size_t n = 0;
	uint8_t *b = extcrypt_tv_hex_decode(hex, strlen(hex), &n);

	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(n, len);
	memcpy(out, b, len);
	free(b);
}

static const struct wide_mode hctr2 = {
	"HCTR2", "google/hctr2",
	extcrypt_hctr2_encrypt_tweak, extcrypt_hctr2_decrypt_tweak,
	extcrypt_hctr2_encrypt, extcrypt_hctr2_decrypt,
};

START_TEST(test_reference_vectors)
{
	wide_check_reference_vectors(&hctr2, HCTR2_JSON, HCTR2_JSON_COUNT);
}
END_TEST

START_TEST(test_fscrypt_filenames)
{
	wide_check_fscrypt_cases(&hctr2, "AES-256-HCTR2", HCTR2_FSCRYPT_COUNT, 0);
}
END_TEST

/* RFC 8452, appendix A: POLYVAL(H, X_1, X_2). */
START_TEST(test_polyval_rfc8452)
{
	uint8_t h[16], x[32], out[16], want[16];
	struct extcrypt_polyval pv;

	unhex("25629347589242761d31f826ba4b757b", h, 16);
	unhex("4f4f95668c83dfb6401762bb2d01a262"
	      "d1a24ddd2721d006bbe45f20d3c9f362", x, 32);
	unhex("f7a3b47b846119fae5b7866cf5e5b77e", want, 16);

	extcrypt_polyval_init(&pv, h);
	extcrypt_polyval_update(&pv, x, 2);
	extcrypt_polyval_value(&pv, out);
	ck_assert_mem_eq(out, want, 16);

	/* Same through the portable multiplier only. */
	extcrypt_polyval_init(&pv, h);
	pv.use_pclmul = 0;
	extcrypt_polyval_update(&pv, x, 1);
	extcrypt_polyval_update(&pv, x + 16, 1);
	extcrypt_polyval_value(&pv, out);
	ck_assert_mem_eq(out, want, 16);
}
END_TEST

/*
 * dot(a, b) = a * b * x^-128.  x^128 mod g is the field's Montgomery "one":
 * dot(a, x^128) = a.  Also check commutativity, distributivity, and that
 * the PCLMULQDQ multiplier agrees with the portable one.
 */
START_TEST(test_polyval_algebra)
{
	const uint64_t mont_one[2] = {
		1, (UINT64_C(1) << 57) | (UINT64_C(1) << 62) | (UINT64_C(1) << 63)
	};
	const uint64_t edge[][2] = {
		{ 0, 0 }, { 1, 0 }, { 0, UINT64_C(1) << 63 },
		{ UINT64_MAX, UINT64_MAX }, { UINT64_MAX, 0 }, { 0, UINT64_MAX },
		{ UINT64_C(0x8000000000000001), UINT64_C(0x8000000000000001) },
	};
	int have_pclmul = extcrypt_polyval_have_pclmul();
	size_t n_edge = sizeof(edge) / sizeof(edge[0]);

	for (size_t i = 0; i < 2000; i++) {
		uint64_t a[2], b[2], c[2], bc[2], r1[2], r2[2], r3[2], r4[2];

		if (i < n_edge * n_edge) {
			memcpy(a, edge[i / n_edge], sizeof(a));
			memcpy(b, edge[i % n_edge], sizeof(b));
		} else {
			randombytes_buf(a, sizeof(a));
			randombytes_buf(b, sizeof(b));
		}
		randombytes_buf(c, sizeof(c));

		extcrypt_polyval_dot_portable(a, mont_one, r1);
		ck_assert(r1[0] == a[0] && r1[1] == a[1]);

		extcrypt_polyval_dot_portable(a, b, r1);
		extcrypt_polyval_dot_portable(b, a, r2);
		ck_assert(r1[0] == r2[0] && r1[1] == r2[1]);

		/* a(b + c) = ab + ac */
		bc[0] = b[0] ^ c[0];
		bc[1] = b[1] ^ c[1];
		extcrypt_polyval_dot_portable(a, bc, r3);
		extcrypt_polyval_dot_portable(a, c, r4);
		ck_assert(r3[0] == (r1[0] ^ r4[0]) && r3[1] == (r1[1] ^ r4[1]));

		if (have_pclmul) {
			ck_assert_int_eq(extcrypt_polyval_dot_pclmul(a, b, r2), 1);
			ck_assert(r1[0] == r2[0] && r1[1] == r2[1]);
		}
	}
	printf("HCTR2: POLYVAL algebra checked; PCLMULQDQ path %s\n",
	       have_pclmul ? "present and cross-checked" : "not available");
	fflush(stdout);
}
END_TEST

START_TEST(test_bad_arguments)
{
	uint8_t key[32] = { 0 }, tweak[32] = { 0 }, buf[64] = { 0 };

	for (size_t len = 0; len < 16; len++) {
		ck_assert_int_eq(extcrypt_hctr2_encrypt(key, tweak, buf, buf, len), -2);
		ck_assert_int_eq(extcrypt_hctr2_decrypt(key, tweak, buf, buf, len), -2);
	}
	ck_assert_int_eq(extcrypt_hctr2_encrypt(NULL, tweak, buf, buf, 16), -1);
	ck_assert_int_eq(extcrypt_hctr2_encrypt(key, NULL, buf, buf, 16), -1);
	ck_assert_int_eq(extcrypt_hctr2_encrypt(key, tweak, NULL, buf, 16), -1);
	ck_assert_int_eq(extcrypt_hctr2_decrypt(key, tweak, buf, NULL, 16), -1);
	ck_assert_int_eq(extcrypt_hctr2_encrypt_tweak(key, NULL, 1, buf, buf, 16), -1);
	ck_assert_int_eq(extcrypt_hctr2_encrypt_tweak(key, NULL, 0, buf, buf, 16), 0);
	ck_assert_int_eq(extcrypt_hctr2_decrypt_tweak(key, NULL, 0, buf, buf, 16), 0);
	ck_assert_int_eq(extcrypt_hctr2_encrypt(key, tweak, buf, buf, 16), 0);
}
END_TEST

/*
 * Round trips over many lengths, and the wide-block property: changing
 * the last input byte changes the first output block and vice versa
 * (a 2^-128 chance of a false failure).
 */
START_TEST(test_roundtrip_and_diffusion)
{
	static const size_t lens[] = { 16, 17, 31, 32, 33, 47, 48, 100, 255,
				       256, 257, 511, 512, 4096, 4096 + 7 };
	uint8_t key[32], tweak[32];
	uint8_t *pt = malloc(8192), *ct = malloc(8192), *ct2 = malloc(8192);

	ck_assert(pt != NULL && ct != NULL && ct2 != NULL);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i];

		randombytes_buf(key, sizeof(key));
		randombytes_buf(tweak, sizeof(tweak));
		randombytes_buf(pt, len);

		ck_assert_int_eq(extcrypt_hctr2_encrypt(key, tweak, pt, ct, len), 0);
		ck_assert(memcmp(pt, ct, len) != 0);
		ck_assert_int_eq(extcrypt_hctr2_decrypt(key, tweak, ct, ct2, len), 0);
		ck_assert_mem_eq(ct2, pt, len);

		pt[len - 1] ^= 0x80;
		ck_assert_int_eq(extcrypt_hctr2_encrypt(key, tweak, pt, ct2, len), 0);
		ck_assert(memcmp(ct, ct2, 16) != 0);
		pt[len - 1] ^= 0x80;

		tweak[31] ^= 1;
		ck_assert_int_eq(extcrypt_hctr2_encrypt(key, tweak, pt, ct2, len), 0);
		ck_assert(memcmp(ct, ct2, 16) != 0);
		if (len > 16)
			ck_assert(memcmp(ct + 16, ct2 + 16, len - 16) != 0);
		tweak[31] ^= 1;

		ct[0] ^= 1;
		ck_assert_int_eq(extcrypt_hctr2_decrypt(key, tweak, ct, ct2, len), 0);
		ck_assert(memcmp(ct2 + len - 16, pt + len - 16, 16) != 0);
	}
	free(pt);
	free(ct);
	free(ct2);
}
END_TEST

static Suite *hctr2_suite(void)
{
	Suite *s = suite_create("hctr2");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_reference_vectors);
	tcase_add_test(tc, test_fscrypt_filenames);
	tcase_add_test(tc, test_polyval_rfc8452);
	tcase_add_test(tc, test_polyval_algebra);
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
	sr = srunner_create(hctr2_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
