// SPDX-License-Identifier: MIT
/*
 * One rule per property for every AES-256-XTS implementation (audit of
 * issue 11, items 1 and 3):
 *  - the largest data unit (EXTCRYPT_CIPHER_MAX_UNIT) works on every
 *    implementation with the same output, and anything larger is refused
 *    before a byte is read or written (no silent partial encryption);
 *  - a key whose two halves are equal is refused by every implementation
 *    with the same status, and keys that differ from that in one byte are
 *    accepted by all of them, with the same output for whole and partial
 *    last blocks.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

/* Runs the statement that follows once per implementation this CPU can
 * run, with `name` set to its name. */
#define FOR_EACH_USABLE_IMPL(name)                                             \
	for (size_t i_ = 0; i_ < extcrypt_xts_impl_count(); i_++)              \
		for (const char *name = extcrypt_xts_impl_name_at(i_);         \
		     name != NULL && extcrypt_xts_impl_usable(name); name = NULL)

static extcrypt_cipher *xts_new(const uint8_t key[64], const char *impl)
{
	extcrypt_cipher *c;

	ck_ok(extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_XTS, key, 64, impl,
				       &c));
	return c;
}

/* Address space that faults on any access: a call that must refuse its
 * arguments before touching the buffers can be given this. */
static uint8_t *no_access_region(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	ck_assert_ptr_ne(p, MAP_FAILED);
	return p;
}

START_TEST(test_max_unit_same_everywhere)
{
	const size_t max = EXTCRYPT_CIPHER_MAX_UNIT;
	uint64_t seed = 0x6d6178;
	uint8_t key[64];
	uint8_t *pt = malloc(max), *ref = NULL, *out = malloc(max);

	ck_assert_uint_eq(max, (size_t)1 << 24); /* IEEE 1619: 2^20 blocks */
	tu_rand(&seed, key, sizeof(key));
	tu_rand(&seed, pt, max);
	FOR_EACH_USABLE_IMPL(name) {
		extcrypt_cipher *c = xts_new(key, name);

		ck_ok(extcrypt_cipher_encrypt_units(c, 7, max, pt, out, max));
		if (ref == NULL) {
			ref = malloc(max);
			memcpy(ref, out, max);
		}
		ck_assert_msg(memcmp(out, ref, max) == 0, "%s differs", name);
		/* The message API's limit is the same one. */
		ck_ok(extcrypt_cipher_encrypt(c, NULL, 0, pt, out, max));
		ck_ok(extcrypt_cipher_encrypt(c, NULL, 0, pt, out, max - 1));
		extcrypt_cipher_free(c);
	}
	ck_assert_ptr_nonnull(ref);
	free(pt), free(ref), free(out);
}
END_TEST

START_TEST(test_over_max_unit_refused_untouched)
{
	const size_t over = (size_t)EXTCRYPT_CIPHER_MAX_UNIT + 16;
	uint8_t key[64];
	uint64_t seed = 0x6f766572;

	tu_rand(&seed, key, sizeof(key));
	FOR_EACH_USABLE_IMPL(name) {
		extcrypt_cipher *c = xts_new(key, name);
		uint8_t *buf = no_access_region(over);

		ck_status(extcrypt_cipher_encrypt_units(c, 0, over, buf, buf, over),
			  EXTCRYPT_E_LENGTH);
		ck_status(extcrypt_cipher_decrypt_units(c, 0, over, buf, buf, over),
			  EXTCRYPT_E_LENGTH);
		ck_status(extcrypt_cipher_encrypt(c, NULL, 0, buf, buf, over - 15),
			  EXTCRYPT_E_LENGTH);
		munmap(buf, over);
#if SIZE_MAX > UINT32_MAX
		/* 2^32 + 16: what an int truncation would turn into 16. */
		{
			const size_t huge = ((size_t)1 << 32) + 16;
			uint8_t *big = no_access_region(huge);

			ck_status(extcrypt_cipher_encrypt_units(c, 0, huge, big, big,
								huge),
				  EXTCRYPT_E_LENGTH);
			ck_status(extcrypt_cipher_encrypt(c, NULL, 0, big, big, huge),
				  EXTCRYPT_E_LENGTH);
			munmap(big, huge);
		}
#endif
		extcrypt_cipher_free(c);
	}
}
END_TEST

START_TEST(test_equal_halves_refused_everywhere)
{
	uint8_t key[64];
	uint64_t seed = 0x6571;
	extcrypt_cipher *c = (extcrypt_cipher *)&seed;

	tu_rand(&seed, key, 32);
	memcpy(key + 32, key, 32);
	FOR_EACH_USABLE_IMPL(name) {
		ck_status(extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_XTS, key,
						   64, name, &c),
			  EXTCRYPT_E_INVALID);
		ck_assert_ptr_null(c);
	}
	/* The default choice (EXTCRYPT_IMPL when this test runs per
	 * implementation) too. */
	ck_status(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, key, 64, &c),
		  EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(c);
}
END_TEST

/* Keys one byte away from equal halves: the check compares all 32 bytes,
 * and every implementation then gives the same bytes, for whole blocks
 * and for ciphertext stealing. */
START_TEST(test_nearly_equal_halves_same_everywhere)
{
	static const size_t lens[] = { 16, 17, 31, 4096, 4100 };
	static const size_t flip_at[] = { 32, 47, 63 };
	uint64_t seed = 0x6e65;
	uint8_t key[64], pt[4100], ref[4100], out[4100], back[4100];
	uint8_t iv[16];

	tu_rand(&seed, pt, sizeof(pt));
	tu_rand(&seed, iv, sizeof(iv));
	for (size_t f = 0; f < sizeof(flip_at) / sizeof(flip_at[0]); f++) {
		tu_rand(&seed, key, 32);
		memcpy(key + 32, key, 32);
		key[flip_at[f]] ^= 0x01;
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			bool have_ref = false;

			FOR_EACH_USABLE_IMPL(name) {
				extcrypt_cipher *c = xts_new(key, name);

				ck_ok(extcrypt_cipher_encrypt(c, iv, 16, pt, out,
							      lens[l]));
				if (!have_ref)
					memcpy(ref, out, lens[l]);
				have_ref = true;
				ck_assert_msg(memcmp(out, ref, lens[l]) == 0,
					      "%s len %zu", name, lens[l]);
				ck_ok(extcrypt_cipher_decrypt(c, iv, 16, out, back,
							      lens[l]));
				ck_assert_mem_eq(back, pt, lens[l]);
				extcrypt_cipher_free(c);
			}
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cipher_limits");
	TCase *tc = tcase_create("cipher_limits");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_max_unit_same_everywhere);
	tcase_add_test(tc, test_over_max_unit_refused_untouched);
	tcase_add_test(tc, test_equal_halves_refused_everywhere);
	tcase_add_test(tc, test_nearly_equal_halves_same_everywhere);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
