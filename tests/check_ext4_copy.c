// SPDX-License-Identifier: MIT
/*
 * check_ext4_copy.c - extcrypt_ext4_copy (include/extcrypt/ext4_build.h):
 * a tree the builder encrypted is copied without the key into another
 * image; the copy passes `e2fsck -fn`, its contexts are the source's byte
 * for byte, IV_INO_LBLK_32 inodes keep their numbers, and with the key it
 * reads back as the source does.  Bad arguments and refusals get the
 * documented statuses and leave the destination as it was.  Linux's view
 * of copies is tests/kernel/ext4-copy.sh.  Skipped (passes with a note)
 * where mke2fs or e2fsck is missing.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <extcrypt/ext4.h>
#include <extcrypt/extcrypt.h>

#define UUID "01234567-89ab-cdef-0123-456789abcdef"

static char dir_tmpl[] = "/tmp/check_ext4_copy.XXXXXX";
static char *tmpdir;
static char src_img[256], dst_img[256];
static uint8_t key[64];

static bool have_tools(void)
{
	return system("mke2fs -V >/dev/null 2>&1") == 0 &&
	       system("e2fsck -V >/dev/null 2>&1") == 0;
}

static void make_image(const char *path, const char *opts)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "mke2fs -q -F -t ext4 -b 4096 -I 256 %s %s 16M >/dev/null 2>&1",
		 opts, path);
	ck_assert_int_eq(system(cmd), 0);
}

static int fsck_clean(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "e2fsck -fn %s >%s/fsck.log 2>&1", path, tmpdir);
	return system(cmd);
}

static void setup(void)
{
	tmpdir = mkdtemp(dir_tmpl);
	ck_assert_ptr_nonnull(tmpdir);
	snprintf(src_img, sizeof(src_img), "%s/src", tmpdir);
	snprintf(dst_img, sizeof(dst_img), "%s/dst", tmpdir);
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 13 + 5);
}

static void teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	(void)!system(cmd);
	memcpy(dir_tmpl + strlen(dir_tmpl) - 6, "XXXXXX", 6);
}

static const struct extcrypt_ext4_build_attr attr = { .mode = 0640,
	.uid = 1000, .gid = 100, .mtime = 1700000000 };

/* /enc (XTS/CTS) and /ino (IV_INO_LBLK_32) holding the same small tree. */
static void build_source(void)
{
	static const uint8_t flags[2] = { 0x02, 0x12 };
	static const char *const roots[2] = { "enc", "ino" };
	extcrypt_ext4_builder *b;
	uint8_t id[16], data[9000];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	make_image(src_img, "-U " UUID);
	ck_assert_int_eq(extcrypt_ext4_build_open(src_img, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key, sizeof(key), id), EXTCRYPT_OK);
	for (int r = 0; r < 2; r++) {
		struct extcrypt_ext4_build_attr dev = attr;
		extcrypt_policy *pol;
		uint64_t top, sub, f;

		ck_assert_int_eq(extcrypt_policy_new(1, 4, flags[r], 0, id, &pol), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, roots[r], 3, &attr, pol, &top),
				 EXTCRYPT_OK);
		extcrypt_policy_free(pol);
		ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, top, "sub", 3, &attr, NULL, &sub),
				 EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_file(b, top, "f", 1, &attr, data,
							  sizeof(data), &f), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_link(b, sub, "hard", 4, f), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_symlink(b, sub, "l", 1, &attr, "../f", 4,
							     NULL), EXTCRYPT_OK);
		dev.mode = S_IFCHR | 0600;
		ck_assert_int_eq(extcrypt_ext4_build_mknod(b, sub, "null", 4, &dev,
							   makedev(1, 3), NULL), EXTCRYPT_OK);
		for (int i = 0; i < 200; i++) {
			char n[16];

			snprintf(n, sizeof(n), "e%d", i);
			ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, n, strlen(n), &attr,
								  n, strlen(n), NULL), EXTCRYPT_OK);
		}
	}
	ck_assert_int_eq(extcrypt_ext4_build_commit(b), EXTCRYPT_OK);
}

static void count_progress(void *arg, const struct extcrypt_ext4_copy_stats *done,
			   const struct extcrypt_ext4_copy_stats *total)
{
	ck_assert_uint_le(done->files, total->files);
	(*(int *)arg)++;
}

/* Inode `path` in both images: same context, same contents with the key;
 * returns the two inode numbers. */
static void same_file(extcrypt_ext4 *s, extcrypt_ext4 *d, const char *sp,
		      const char *dp, uint64_t ino[2])
{
	uint8_t c1[64], c2[64], b1[9000], b2[9000];
	size_t l1, l2, n1, n2;

	ck_assert_int_eq(extcrypt_ext4_resolve(s, sp, &ino[0]), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_resolve(d, dp, &ino[1]), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_get_context(s, ino[0], c1, sizeof(c1), &l1), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_get_context(d, ino[1], c2, sizeof(c2), &l2), EXTCRYPT_OK);
	ck_assert_uint_eq(l1, l2);
	ck_assert_mem_eq(c1, c2, l1);
	ck_assert_int_eq(extcrypt_ext4_read(s, ino[0], 0, b1, sizeof(b1), &n1), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_read(d, ino[1], 0, b2, sizeof(b2), &n2), EXTCRYPT_OK);
	ck_assert_uint_eq(n1, n2);
	ck_assert_mem_eq(b1, b2, n1);
}

START_TEST(test_copy_roundtrip)
{
	struct extcrypt_ext4_copy_stats st;
	struct extcrypt_ext4_stat sst;
	extcrypt_ext4 *s, *d;
	uint64_t ino[2];
	uint8_t t[16];
	size_t len;
	int calls = 0;

	if (!have_tools()) {
		fprintf(stderr, "check_ext4_copy: no mke2fs/e2fsck, skipped\n");
		return;
	}
	build_source();
	make_image(dst_img, "-U " UUID);
	ck_assert_int_eq(extcrypt_ext4_open(src_img, &s), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/enc", dst_img, "/copy", 0, count_progress,
					    &calls, &st), EXTCRYPT_OK);
	ck_assert_int_gt(calls, 0);
	ck_assert_uint_eq(st.directories, 2);
	ck_assert_uint_eq(st.files, 201);
	ck_assert_uint_eq(st.hard_links, 1);
	ck_assert_uint_eq(st.symlinks, 1);
	ck_assert_uint_eq(st.special, 1);
	ck_assert_uint_eq(st.encrypted, 204);
	ck_assert_uint_eq(st.kept_inode_numbers, 0);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/ino", dst_img, "/kept",
					    EXTCRYPT_EXT4_COPY_IN_PLACE, NULL, NULL, &st),
			 EXTCRYPT_OK);
	ck_assert_uint_eq(st.kept_inode_numbers, 204);
	ck_assert_msg(fsck_clean(dst_img) == 0, "e2fsck -fn found problems (%s/fsck.log)", tmpdir);

	ck_assert_int_eq(extcrypt_ext4_add_key(s, key, sizeof(key)), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_open(dst_img, &d), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_add_key(d, key, sizeof(key)), EXTCRYPT_OK);
	same_file(s, d, "/enc/f", "/copy/f", ino);
	same_file(s, d, "/enc/sub/e199", "/copy/sub/e199", ino);
	same_file(s, d, "/ino/f", "/kept/f", ino);
	ck_assert_uint_eq(ino[0], ino[1]);
	same_file(s, d, "/ino/sub/e7", "/kept/sub/e7", ino);
	ck_assert_uint_eq(ino[0], ino[1]);
	ck_assert_int_eq(extcrypt_ext4_stat(d, ino[1], &sst), EXTCRYPT_OK);
	ck_assert_uint_eq(sst.uid, 1000);
	ck_assert_uint_eq(sst.mode, S_IFREG | 0640);
	ck_assert_int_eq(extcrypt_ext4_resolve(d, "/copy/sub/hard", &ino[0]), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_stat(d, ino[0], &sst), EXTCRYPT_OK);
	ck_assert_uint_eq(sst.links, 2);
	ck_assert_int_eq(extcrypt_ext4_resolve(d, "/kept/sub/l", &ino[0]), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_readlink(d, ino[0], t, sizeof(t), &len), EXTCRYPT_OK);
	ck_assert(len == 4 && memcmp(t, "../f", 4) == 0);
	extcrypt_ext4_close(d);
	extcrypt_ext4_close(s);
}
END_TEST

/* Refusals: documented statuses, destination unchanged. */
START_TEST(test_copy_refusals)
{
	struct extcrypt_ext4_copy_stats st;
	extcrypt_ext4 *s;
	char cmd[600];

	if (!have_tools())
		return;
	build_source();
	make_image(dst_img, "");
	ck_assert_int_eq(extcrypt_ext4_open(src_img, &s), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_copy(NULL, "/enc", dst_img, "/c", 0, NULL, NULL, &st),
			 EXTCRYPT_E_INVALID);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/enc", dst_img, "/c", 0x80, NULL, NULL, NULL),
			 EXTCRYPT_E_INVALID);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/enc", dst_img, "c", 0, NULL, NULL, NULL),
			 EXTCRYPT_E_INVALID);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/nothere", dst_img, "/c", 0, NULL, NULL, NULL),
			 EXTCRYPT_EXT4_E_NOENT);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/enc", dst_img, "/a/b", 0, NULL, NULL, NULL),
			 EXTCRYPT_EXT4_E_NOENT);
	/* Another UUID: IV_INO_LBLK keys would differ. */
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/ino", dst_img, "/c", 0, NULL, NULL, NULL),
			 EXTCRYPT_E_POLICY);
	ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(), UUID));
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/enc", dst_img, "/lost+found/x", 0, NULL,
					    NULL, NULL), EXTCRYPT_OK);
	snprintf(cmd, sizeof(cmd), "cp %s %s.before", dst_img, dst_img);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/enc", dst_img, "/", 0, NULL, NULL, NULL),
			 EXTCRYPT_EXT4_E_EXIST);
	ck_assert_int_eq(extcrypt_ext4_copy(s, "/enc", dst_img, "/lost+found/x/y", 0, NULL,
					    NULL, NULL), EXTCRYPT_E_UNSUPPORTED);
	snprintf(cmd, sizeof(cmd), "cmp -s %s %s.before", dst_img, dst_img);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_msg(fsck_clean(dst_img) == 0, "e2fsck -fn found problems (%s/fsck.log)", tmpdir);
	extcrypt_ext4_close(s);
}
END_TEST

static Suite *ext4_copy_suite(void)
{
	Suite *s = suite_create("ext4_copy");
	TCase *tc = tcase_create("copy");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_copy_roundtrip);
	tcase_add_test(tc, test_copy_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ext4_copy_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
