// SPDX-License-Identifier: MIT
/*
 * Encrypted symlink targets: round trips under every filenames mode and
 * padding, the on-disk form against the filename API, the kernel's size
 * limits, lying length fields, and no output on failure.
 */
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

static extcrypt_master_key *mk;

static void setup(void)
{
	uint8_t raw[64];

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(i + 1);
	ck_ok(extcrypt_master_key_new(raw, 64, &mk));
}

static void teardown(void)
{
	extcrypt_master_key_free(mk);
}

static extcrypt_inode *make_link(uint8_t c, uint8_t f, uint8_t flags)
{
	static const uint8_t nonce[16] = { 0x5e, 0x11 };
	uint8_t id[16];
	extcrypt_policy *p;
	extcrypt_inode *inode;

	extcrypt_master_key_identifier(mk, id);
	ck_ok(extcrypt_policy_new(c, f, flags, 0, id, &p));
	ck_ok(extcrypt_inode_new_with_nonce(mk, p, nonce, 4096, &inode));
	extcrypt_policy_free(p);
	return inode;
}

/* A target of `len` printable bytes, never NUL. */
static void make_target(char *t, size_t len, uint64_t *seed)
{
	tu_rand(seed, t, len);
	for (size_t i = 0; i < len; i++)
		t[i] = (char)('!' + (unsigned char)t[i] % 94);
}

static void round_trip(const extcrypt_inode *inode, const char *target,
		       size_t len, size_t max_disk_len)
{
	uint8_t disk[4099], ct[4096]; /* one byte more for the NUL of SL-2 */
	char back[4099];
	size_t n, m, ct_len, cap = max_disk_len - 3 < 4096 ? max_disk_len - 3 : 4096;

	ck_ok(extcrypt_inode_encrypt_symlink(inode, target, len, max_disk_len,
					     disk, sizeof(disk), &n));
	ct_len = (size_t)disk[0] | (size_t)disk[1] << 8;
	ck_assert_uint_eq(n, 2 + ct_len);
	ck_assert_uint_le(n, max_disk_len - 1);
	/* The ciphertext is the target encrypted as a filename. */
	ck_ok(extcrypt_inode_encrypt_name(inode, (const uint8_t *)target, len,
					  cap, ct, sizeof(ct), &m));
	ck_assert_uint_eq(m, ct_len);
	ck_assert_mem_eq(ct, disk + 2, m);
	memset(back, 'x', sizeof(back));
	ck_ok(extcrypt_inode_decrypt_symlink(inode, disk, n, back, sizeof(back), &m));
	ck_assert_uint_eq(m, len);
	ck_assert_mem_eq(back, target, len);
	ck_assert_int_eq(back[len], '\0');
	/* Bytes after the target (ext4's NUL, the rest of the block) are
	 * ignored. */
	disk[n] = 0;
	ck_ok(extcrypt_inode_decrypt_symlink(inode, disk, n + 1, back,
					     sizeof(back), &m));
	ck_assert_uint_eq(m, len);
}

START_TEST(test_round_trips)
{
	static const uint8_t pairs[][3] = {
		{ 1, 4, 0 }, { 1, 4, 3 }, { 5, 6, 1 }, { 1, 10, 2 },
		{ 9, 9, 0 }, { 9, 9, 0x04 },
	};
	static const size_t lens[] = { 1, 15, 16, 17, 31, 33, 57, 100, 255,
				       256, 1000, 4093 };
	uint64_t seed = 0x73796d6c;
	char target[4095];

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		extcrypt_inode *inode = make_link(pairs[i][0], pairs[i][1],
						  pairs[i][2]);

		for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
			make_target(target, lens[j], &seed);
			round_trip(inode, target, lens[j], 4096);
			if (lens[j] <= 57)
				round_trip(inode, target, lens[j], 60);
		}
		make_target(target, 4095, &seed);
		round_trip(inode, target, 4095, 65536);
		extcrypt_inode_free(inode);
	}
}
END_TEST

/* fscrypt_prepare_symlink: ciphertext <= max_disk_len - 3, padding cut. */
START_TEST(test_size_limits)
{
	extcrypt_inode *inode = make_link(1, 4, 3); /* padding 32 */
	uint8_t disk[4098];
	char target[4097];
	size_t n = 99;

	memset(target, 'a', sizeof(target));
	/* 4093 bytes fit a 4096-byte block: padding stops at 4093. */
	ck_ok(extcrypt_inode_encrypt_symlink(inode, target, 4093, 4096, disk,
					     sizeof(disk), &n));
	ck_assert_uint_eq(n, 4095);
	ck_status(extcrypt_inode_encrypt_symlink(inode, target, 4094, 4096, disk,
						 sizeof(disk), &n),
		  EXTCRYPT_E_NAME_TOO_LONG);
	/* A 40-byte target pads to 64 but is cut to 57 in 60 bytes. */
	ck_ok(extcrypt_inode_encrypt_symlink(inode, target, 40, 60, disk,
					     sizeof(disk), &n));
	ck_assert_uint_eq(n, 59);
	ck_status(extcrypt_inode_encrypt_symlink(inode, target, 58, 60, disk,
						 sizeof(disk), &n),
		  EXTCRYPT_E_NAME_TOO_LONG);
	/* PATH_MAX - 1 at most, whatever the block size. */
	ck_status(extcrypt_inode_encrypt_symlink(inode, target, 4096, 65536,
						 disk, sizeof(disk), &n),
		  EXTCRYPT_E_NAME_TOO_LONG);
	ck_ok(extcrypt_inode_encrypt_symlink(inode, target, 1, 19, disk,
					     sizeof(disk), &n));
	ck_assert_uint_eq(n, 18);
	ck_status(extcrypt_inode_encrypt_symlink(inode, target, 1, 18, disk,
						 sizeof(disk), &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt_symlink(inode, target, 0, 4096, disk,
						 sizeof(disk), &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt_symlink(inode, "a\0b", 3, 4096, disk,
						 sizeof(disk), &n),
		  EXTCRYPT_E_INVALID);
	extcrypt_inode_free(inode);
}
END_TEST

START_TEST(test_encrypt_errors_leave_output)
{
	extcrypt_inode *inode = make_link(1, 4, 0);
	uint8_t disk[64], zero[64] = { 0 };
	size_t n = 7;

	memset(disk, 0, sizeof(disk));
	/* "abc" needs 2 + 16 bytes. */
	ck_status(extcrypt_inode_encrypt_symlink(inode, "abc", 3, 4096, disk, 17,
						 &n),
		  EXTCRYPT_E_OUTPUT_SPACE);
	ck_assert_mem_eq(disk, zero, sizeof(disk));
	ck_assert_uint_eq(n, 7);
	ck_ok(extcrypt_inode_encrypt_symlink(inode, "abc", 3, 4096, disk, 18, &n));
	ck_assert_uint_eq(n, 18);
	ck_status(extcrypt_inode_encrypt_symlink(NULL, "abc", 3, 4096, disk, 18, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt_symlink(inode, NULL, 3, 4096, disk, 18, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt_symlink(inode, "abc", 3, 4096, NULL, 18, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt_symlink(inode, "abc", 3, 4096, disk, 18, NULL),
		  EXTCRYPT_E_INVALID);
	extcrypt_inode_free(inode);
}
END_TEST

/* fscrypt_get_symlink's checks; the length field is never trusted beyond
 * disk_len (ASan would see an over-read: the buffer is exact). */
START_TEST(test_lying_lengths)
{
	extcrypt_inode *inode = make_link(1, 4, 0);
	uint8_t good[18], *exact;
	char out[64];
	size_t n = 5;

	ck_ok(extcrypt_inode_encrypt_symlink(inode, "target", 6, 4096, good,
					     sizeof(good), &n));
	exact = malloc(18);
	ck_assert_ptr_nonnull(exact);
	memcpy(exact, good, 18);
	for (unsigned len = 0; len <= 0xffff; len += len < 40 ? 1 : 257) {
		exact[0] = (uint8_t)len, exact[1] = (uint8_t)(len >> 8);
		memset(out, 'x', sizeof(out));
		if (len == 16) {
			ck_ok(extcrypt_inode_decrypt_symlink(inode, exact, 18, out,
							     sizeof(out), &n));
			continue;
		}
		ck_status(extcrypt_inode_decrypt_symlink(inode, exact, 18, out,
							 sizeof(out), &n),
			  EXTCRYPT_E_BAD_NAME);
		ck_assert_int_eq(out[0], 'x');
	}
	/* Too short for the length field; one byte short of the ciphertext. */
	ck_status(extcrypt_inode_decrypt_symlink(inode, good, 1, out, sizeof(out), &n),
		  EXTCRYPT_E_BAD_NAME);
	ck_status(extcrypt_inode_decrypt_symlink(inode, good, 0, out, sizeof(out), &n),
		  EXTCRYPT_E_BAD_NAME);
	ck_status(extcrypt_inode_decrypt_symlink(inode, good, 17, out, sizeof(out), &n),
		  EXTCRYPT_E_BAD_NAME);
	free(exact);
	extcrypt_inode_free(inode);
}
END_TEST

START_TEST(test_decrypt_errors)
{
	extcrypt_inode *inode = make_link(1, 4, 0);
	uint8_t disk[18], nul[16] = { 0 };
	char out[32];
	size_t n = 3, m;

	/* A target that decrypts to an empty string (the kernel: EUCLEAN). */
	ck_ok(extcrypt_inode_encrypt_name(inode, nul, 16, 0, disk + 2, 16, &m));
	disk[0] = 16, disk[1] = 0;
	ck_status(extcrypt_inode_decrypt_symlink(inode, disk, 18, out, sizeof(out), &n),
		  EXTCRYPT_E_BAD_NAME);
	/* Room for the target but not its NUL. */
	ck_ok(extcrypt_inode_encrypt_symlink(inode, "target", 6, 4096, disk,
					     sizeof(disk), &n));
	memset(out, 'x', sizeof(out));
	ck_status(extcrypt_inode_decrypt_symlink(inode, disk, 18, out, 6, &n),
		  EXTCRYPT_E_OUTPUT_SPACE);
	ck_assert_int_eq(out[0], 'x');
	ck_ok(extcrypt_inode_decrypt_symlink(inode, disk, 18, out, 7, &n));
	ck_assert_str_eq(out, "target");
	ck_status(extcrypt_inode_decrypt_symlink(inode, NULL, 18, out, 7, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_decrypt_symlink(inode, disk, 18, NULL, 7, &n),
		  EXTCRYPT_E_INVALID);
	extcrypt_inode_free(inode);
}
END_TEST

/* IV_INO_LBLK_64 symlinks need their inode number first. */
START_TEST(test_needs_ino)
{
	extcrypt_inode *inode = make_link(1, 4, 0x08);
	static const uint8_t uuid[16] = { 1 };
	uint8_t disk[64];
	char out[64];
	size_t n;

	ck_status(extcrypt_inode_encrypt_symlink(inode, "x", 1, 4096, disk,
						 sizeof(disk), &n),
		  EXTCRYPT_E_STATE);
	ck_ok(extcrypt_inode_set_ino(inode, 12, uuid));
	ck_ok(extcrypt_inode_encrypt_symlink(inode, "x", 1, 4096, disk,
					     sizeof(disk), &n));
	ck_ok(extcrypt_inode_decrypt_symlink(inode, disk, n, out, sizeof(out), &n));
	ck_assert_str_eq(out, "x");
	extcrypt_inode_free(inode);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("symlink");
	TCase *tc = tcase_create("symlink");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trips);
	tcase_add_test(tc, test_size_limits);
	tcase_add_test(tc, test_encrypt_errors_leave_output);
	tcase_add_test(tc, test_lying_lengths);
	tcase_add_test(tc, test_decrypt_errors);
	tcase_add_test(tc, test_needs_ino);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
