// SPDX-License-Identifier: MIT
/*
 * Policies: encoding, and every validation rule with the status it gives
 * (docs/spec.md rules P-*, FS-*, XP-*).
 */
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

static const uint8_t KEY_ID[16] = { 0x69, 0xb2, 0xf6, 0xed, 0xee, 0xe7, 0x20, 0xcc,
				    0xe0, 0x57, 0x79, 0x37, 0xeb, 0x8a, 0x67, 0x51 };

static int new_policy(uint8_t c, uint8_t f, uint8_t flags, uint8_t log2)
{
	extcrypt_policy *p = (void *)1;
	int err = extcrypt_policy_new(c, f, flags, log2, KEY_ID, &p);

	if (err)
		ck_assert_ptr_null(p);
	extcrypt_policy_free(p);
	return err;
}

/* A v2 policy's 24 bytes with the given fields. */
static void v2_bytes(uint8_t out[24], uint8_t c, uint8_t f, uint8_t flags,
		     uint8_t log2)
{
	memset(out, 0, 24);
	out[0] = 2, out[1] = c, out[2] = f, out[3] = flags, out[4] = log2;
	memcpy(out + 8, KEY_ID, 16);
}

START_TEST(test_mode_pairs)
{
	/* P-1: the five v2 pairs. */
	ck_ok(new_policy(1, 4, 0, 0));
	ck_ok(new_policy(5, 6, 0, 0));
	ck_ok(new_policy(9, 9, 0, 0));
	ck_ok(new_policy(1, 10, 0, 0));
	ck_ok(new_policy(7, 8, 0, 0));
	ck_status(new_policy(1, 1, 0, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(4, 1, 0, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(1, 6, 0, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(2, 3, 0, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(0, 0, 0, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(9, 10, 0, 0), EXTCRYPT_E_POLICY);
	ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "mode pair"));
}
END_TEST

START_TEST(test_flags)
{
	for (uint8_t pad = 0; pad < 4; pad++)
		ck_ok(new_policy(1, 4, pad, 0));
	ck_status(new_policy(1, 4, 0x20, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(1, 4, 0x80, 0), EXTCRYPT_E_POLICY);
	/* At most one of DIRECT_KEY, IV_INO_LBLK_64, IV_INO_LBLK_32. */
	ck_status(new_policy(9, 9, 0x04 | 0x08, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(1, 4, 0x08 | 0x10, 0), EXTCRYPT_E_POLICY);
	/* DIRECT_KEY needs equal modes with a nonce-sized IV: Adiantum. */
	ck_ok(new_policy(9, 9, 0x04, 0));
	ck_status(new_policy(1, 4, 0x04, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(1, 10, 0x04, 0), EXTCRYPT_E_POLICY);
	/* IV_INO_LBLK_* need AES-256-XTS contents. */
	ck_ok(new_policy(1, 4, 0x08, 0));
	ck_ok(new_policy(1, 10, 0x10, 0));
	ck_status(new_policy(9, 9, 0x08, 0), EXTCRYPT_E_POLICY);
	ck_status(new_policy(5, 6, 0x10, 0), EXTCRYPT_E_POLICY);
}
END_TEST

START_TEST(test_data_unit_size)
{
	ck_ok(new_policy(1, 4, 0, 9));
	ck_ok(new_policy(1, 4, 0, 12));
	ck_ok(new_policy(1, 4, 0, 16));
	ck_status(new_policy(1, 4, 0, 8), EXTCRYPT_E_POLICY);
	ck_status(new_policy(1, 4, 0, 17), EXTCRYPT_E_POLICY);
	ck_status(new_policy(1, 4, 0, 1), EXTCRYPT_E_POLICY);
}
END_TEST

START_TEST(test_decode_encode)
{
	uint8_t b[24], out[24];
	size_t n;
	extcrypt_policy *p;

	v2_bytes(b, 1, 4, 0x02, 12);
	ck_ok(extcrypt_policy_decode(b, 24, &p));
	ck_assert_int_eq(extcrypt_policy_version(p), 2);
	ck_assert_uint_eq(extcrypt_policy_contents_mode(p), 1);
	ck_assert_uint_eq(extcrypt_policy_filenames_mode(p), 4);
	ck_assert_uint_eq(extcrypt_policy_flags(p), 2);
	ck_assert_uint_eq(extcrypt_policy_log2_data_unit_size(p), 12);
	ck_ok(extcrypt_policy_key_identifier(p, out));
	ck_assert_mem_eq(out, KEY_ID, 16);
	ck_status(extcrypt_policy_key_descriptor(p, out), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_policy_encode(p, out, 23, &n), EXTCRYPT_E_OUTPUT_SPACE);
	ck_ok(extcrypt_policy_encode(p, out, sizeof(out), &n));
	ck_assert_uint_eq(n, 24);
	ck_assert_mem_eq(out, b, 24);
	extcrypt_policy_free(p);

	/* Sizes, versions, reserved bytes. */
	ck_status(extcrypt_policy_decode(b, 23, &p), EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_policy_decode(b, 25, &p), EXTCRYPT_E_LENGTH);
	ck_status(extcrypt_policy_decode(b, 0, &p), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_policy_decode(NULL, 24, &p), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_policy_decode(b, 24, NULL), EXTCRYPT_E_INVALID);
	b[0] = 1;
	ck_status(extcrypt_policy_decode(b, 24, &p), EXTCRYPT_E_POLICY);
	b[0] = 3;
	ck_status(extcrypt_policy_decode(b, 24, &p), EXTCRYPT_E_POLICY);
	for (int i = 5; i < 8; i++) {
		v2_bytes(b, 1, 4, 0, 0);
		b[i] = 1;
		ck_status(extcrypt_policy_decode(b, 24, &p), EXTCRYPT_E_POLICY);
		ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "reserved"));
	}
}
END_TEST

START_TEST(test_v1)
{
	uint8_t b[12] = { 0, 1, 4, 0x03, 1, 2, 3, 4, 5, 6, 7, 8 }, out[16], d[8];
	size_t n;
	extcrypt_policy *p;

	ck_ok(extcrypt_policy_decode(b, 12, &p));
	ck_assert_int_eq(extcrypt_policy_version(p), 1);
	ck_ok(extcrypt_policy_key_descriptor(p, d));
	ck_assert_mem_eq(d, b + 4, 8);
	ck_status(extcrypt_policy_key_identifier(p, out), EXTCRYPT_E_INVALID);
	ck_ok(extcrypt_policy_encode(p, out, sizeof(out), &n));
	ck_assert_uint_eq(n, 12);
	ck_assert_mem_eq(out, b, 12);
	/* v1 can't be used with extents (distinct status). */
	ck_status(extcrypt_policy_check_extent(p), EXTCRYPT_E_EXTENT_POLICY);
	ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "v1"));
	extcrypt_policy_free(p);
	/* v1 pairs are only the first three; v1 flags only PAD and DIRECT_KEY. */
	b[1] = 1, b[2] = 10, b[3] = 0;
	ck_status(extcrypt_policy_decode(b, 12, &p), EXTCRYPT_E_POLICY);
	b[1] = 7, b[2] = 8;
	ck_status(extcrypt_policy_decode(b, 12, &p), EXTCRYPT_E_POLICY);
	b[1] = 1, b[2] = 4, b[3] = 0x08;
	ck_status(extcrypt_policy_decode(b, 12, &p), EXTCRYPT_E_POLICY);
	b[1] = 9, b[2] = 9, b[3] = 0x04;
	ck_ok(extcrypt_policy_decode(b, 12, &p));
	extcrypt_policy_free(p);
	ck_status(extcrypt_policy_decode(b, 24, &p), EXTCRYPT_E_LENGTH);
}
END_TEST

static int check_fs(uint8_t flags, uint8_t log2, uint32_t caps, uint32_t bs,
		    uint64_t maxsize)
{
	extcrypt_policy *p;
	uint8_t c = (flags & 0x04) ? 9 : 1, f = (flags & 0x04) ? 9 : 4;
	int err;

	ck_ok(extcrypt_policy_new(c, f, flags, log2, KEY_ID, &p));
	err = extcrypt_policy_check_fs(p, caps, bs, maxsize);
	extcrypt_policy_free(p);
	return err;
}

START_TEST(test_filesystem_rules)
{
	const uint32_t ino = EXTCRYPT_FS_STABLE_INODES | EXTCRYPT_FS_32BIT_INODES;

	ck_ok(check_fs(0, 0, 0, 4096, 0));
	ck_status(check_fs(0, 0, 0, 4095, 0), EXTCRYPT_E_INVALID);
	ck_status(check_fs(0, 0, 0, 256, 0), EXTCRYPT_E_INVALID);
	/* IV_INO_LBLK_*: stable, 32-bit inode numbers; 32-bit indices. */
	ck_ok(check_fs(0x08, 0, ino, 4096, 0));
	ck_ok(check_fs(0x10, 0, ino, 4096, 0));
	ck_status(check_fs(0x08, 0, EXTCRYPT_FS_32BIT_INODES, 4096, 0), EXTCRYPT_E_POLICY);
	ck_status(check_fs(0x10, 0, EXTCRYPT_FS_STABLE_INODES, 4096, 0), EXTCRYPT_E_POLICY);
	ck_ok(check_fs(0x08, 0, ino, 4096, UINT64_C(1) << 44));
	ck_status(check_fs(0x08, 0, ino, 4096, UINT64_C(1) << 45), EXTCRYPT_E_POLICY);
	/* Configured data unit sizes. */
	ck_status(check_fs(0, 9, 0, 4096, 0), EXTCRYPT_E_POLICY);
	ck_ok(check_fs(0, 9, EXTCRYPT_FS_SUBBLOCK_UNITS, 4096, 0));
	ck_ok(check_fs(0, 12, EXTCRYPT_FS_SUBBLOCK_UNITS, 4096, 0));
	ck_status(check_fs(0, 13, EXTCRYPT_FS_SUBBLOCK_UNITS, 4096, 0), EXTCRYPT_E_POLICY);
	/* No sub-block units with IV_INO_LBLK_32; whole blocks are fine. */
	ck_status(check_fs(0x10, 9, ino | EXTCRYPT_FS_SUBBLOCK_UNITS, 4096, 0),
		  EXTCRYPT_E_POLICY);
	ck_ok(check_fs(0x10, 12, ino | EXTCRYPT_FS_SUBBLOCK_UNITS, 4096, 0));
	ck_ok(check_fs(0x08, 9, ino | EXTCRYPT_FS_SUBBLOCK_UNITS, 4096, 0));
	ck_status(extcrypt_policy_check_fs(NULL, 0, 4096, 0), EXTCRYPT_E_INVALID);
}
END_TEST

START_TEST(test_extent_rules)
{
	const uint8_t ok_flags[] = { 0, 1, 2, 3 };
	extcrypt_policy *p;

	for (size_t i = 0; i < sizeof(ok_flags); i++) {
		ck_ok(extcrypt_policy_new(1, 4, ok_flags[i], 0, KEY_ID, &p));
		ck_ok(extcrypt_policy_check_extent(p));
		extcrypt_policy_free(p);
	}
	ck_ok(extcrypt_policy_new(9, 9, 0x04, 0, KEY_ID, &p));
	ck_status(extcrypt_policy_check_extent(p), EXTCRYPT_E_EXTENT_POLICY);
	extcrypt_policy_free(p);
	ck_ok(extcrypt_policy_new(1, 4, 0x08, 0, KEY_ID, &p));
	ck_status(extcrypt_policy_check_extent(p), EXTCRYPT_E_EXTENT_POLICY);
	extcrypt_policy_free(p);
	ck_ok(extcrypt_policy_new(1, 10, 0x12, 0, KEY_ID, &p));
	ck_status(extcrypt_policy_check_extent(p), EXTCRYPT_E_EXTENT_POLICY);
	extcrypt_policy_free(p);
	/* Every v2 mode pair stays allowed. */
	ck_ok(extcrypt_policy_new(9, 9, 0, 0, KEY_ID, &p));
	ck_ok(extcrypt_policy_check_extent(p));
	extcrypt_policy_free(p);
	ck_status(extcrypt_policy_check_extent(NULL), EXTCRYPT_E_INVALID);
}
END_TEST

START_TEST(test_modes_and_strings)
{
	ck_assert_str_eq(extcrypt_mode_name(1), "AES-256-XTS");
	ck_assert_str_eq(extcrypt_mode_name(4), "AES-256-CTS-CBC");
	ck_assert_str_eq(extcrypt_mode_name(10), "AES-256-HCTR2");
	ck_assert_ptr_null(extcrypt_mode_name(2));
	ck_assert_ptr_null(extcrypt_mode_name(11));
	ck_assert_ptr_null(extcrypt_mode_name(-1));
	ck_assert_uint_eq(extcrypt_mode_key_size(1), 64);
	ck_assert_uint_eq(extcrypt_mode_key_size(5), 16);
	ck_assert_uint_eq(extcrypt_mode_key_size(3), 0);
	ck_assert_int_eq(extcrypt_mode_supported(1), 1);
	ck_assert_int_eq(extcrypt_mode_supported(9), 1);
	ck_assert_int_eq(extcrypt_mode_supported(7), 1); /* SM4, since 1.0 */
	ck_assert_int_eq(extcrypt_mode_supported(8), 1);
	ck_assert_int_eq(extcrypt_mode_supported(3), 0);
	for (int s = 0; s >= -18; s--)
		ck_assert_str_ne(extcrypt_strerror(s), "unknown status");
	ck_assert_str_eq(extcrypt_strerror(-19), "unknown status");
	ck_assert_str_eq(extcrypt_status_name(0), "EXTCRYPT_OK");
	ck_assert_str_eq(extcrypt_status_name(EXTCRYPT_E_EXTENT_POLICY), "EXTCRYPT_E_EXTENT_POLICY");
	ck_assert_str_eq(extcrypt_status_name(EXTCRYPT_E_STATE), "EXTCRYPT_E_STATE");
	ck_assert_str_eq(extcrypt_status_name(-19), "EXTCRYPT_E_UNKNOWN");
	ck_assert_str_eq(extcrypt_strerror(1), "unknown status");
	ck_assert_uint_eq(extcrypt_version_number(), EXTCRYPT_VERSION_NUMBER);
	ck_assert_str_eq(extcrypt_version_string(), EXTCRYPT_VERSION_STRING);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, test_mode_pairs);
	tcase_add_test(tc, test_flags);
	tcase_add_test(tc, test_data_unit_size);
	tcase_add_test(tc, test_decode_encode);
	tcase_add_test(tc, test_v1);
	tcase_add_test(tc, test_filesystem_rules);
	tcase_add_test(tc, test_extent_rules);
	tcase_add_test(tc, test_modes_and_strings);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
