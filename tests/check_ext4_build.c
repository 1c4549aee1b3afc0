// SPDX-License-Identifier: MIT
/*
 * check_ext4_build.c - the image builder (include/extcrypt/ext4_build.h)
 * on small images made with mke2fs: what it writes must pass `e2fsck -fn`
 * and read back through the offline reader (ext4.h) byte for byte, with
 * the context the kernel expects; bad input gets the documented statuses.
 * The kernel's view of such images is tests/kernel/ext4-build.sh.
 * Skipped (passes with a note) where mke2fs or e2fsck is missing.
 */
#include <check.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <ext2fs/ext2fs.h>

#include <extcrypt/ext4.h>
#include <extcrypt/extcrypt.h>

static char dir_tmpl[] = "/tmp/check_ext4_build.XXXXXX";
static char *tmpdir;
static char image[256];
static uint8_t key[64], key2[64], key_id[16];

static bool have_tools(void)
{
	return system("mke2fs -V >/dev/null 2>&1") == 0 &&
	       system("e2fsck -V >/dev/null 2>&1") == 0;
}

static void make_image(unsigned block_size, const char *size)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "mke2fs -q -F -t ext4 -b %u -I 256 %s %s >/dev/null 2>&1",
		 block_size, image, size);
	ck_assert_int_eq(system(cmd), 0);
}

static int fsck_clean(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "e2fsck -fn %s >%s/fsck.log 2>&1", image,
		 tmpdir);
	return system(cmd);
}

static const struct extcrypt_ext4_build_attr attr_file = { .mode = 0644,
	.uid = 1000, .gid = 100, .mtime = 1700000000, .mtime_nsec = 5 };
static const struct extcrypt_ext4_build_attr attr_dir = { .mode = 0755 };

static extcrypt_policy *new_policy(const uint8_t id[16], uint8_t cm,
				   uint8_t fm, uint8_t flags)
{
	extcrypt_policy *p;

	ck_assert_int_eq(extcrypt_policy_new(cm, fm, flags, 0, id, &p), EXTCRYPT_OK);
	return p;
}

static void setup(void)
{
	tmpdir = mkdtemp(dir_tmpl);
	ck_assert_ptr_nonnull(tmpdir);
	snprintf(image, sizeof(image), "%s/img", tmpdir);
	for (size_t i = 0; i < sizeof(key); i++) {
		key[i] = (uint8_t)(i * 7 + 1);
		key2[i] = (uint8_t)(i * 11 + 3);
	}
}

static void teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	(void)!system(cmd);
	memcpy(dir_tmpl + strlen(dir_tmpl) - 6, "XXXXXX", 6);
}

/* Reads file `path` of the image whole. */
static uint8_t *read_back(extcrypt_ext4 *fs, const char *path, size_t *len)
{
	struct extcrypt_ext4_stat st;
	uint64_t ino;
	uint8_t *buf;
	size_t n = 0;

	ck_assert_int_eq(extcrypt_ext4_resolve(fs, path, &ino), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_stat(fs, ino, &st), EXTCRYPT_OK);
	buf = malloc(st.size + 1);
	ck_assert_int_eq(extcrypt_ext4_read(fs, ino, 0, buf, st.size, &n), EXTCRYPT_OK);
	ck_assert_uint_eq(n, st.size);
	*len = n;
	return buf;
}

static void build_and_check(unsigned block_size, uint8_t cm, uint8_t fm,
			    uint8_t flags)
{
	extcrypt_ext4_builder *b;
	extcrypt_policy *pol;
	extcrypt_ext4 *fs;
	uint64_t enc, sub, plain, f, ino;
	uint8_t id[16], ctx[64];
	size_t sizes[] = { 0, 1, 4095, 4096, 4097, 70000 };
	char name[256], longtarget[900];
	uint8_t *data = malloc(70000), *got;
	size_t len;

	if (!have_tools()) {
		fprintf(stderr, "check_ext4_build: no mke2fs/e2fsck, skipped\n");
		free(data);
		return;
	}
	for (size_t i = 0; i < 70000; i++)
		data[i] = (uint8_t)(i * 31 + i / 251);
	make_image(block_size, "16M");
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key, sizeof(key), id), EXTCRYPT_OK);
	memcpy(key_id, id, 16);
	pol = new_policy(id, cm, fm, flags);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, EXTCRYPT_EXT4_ROOT_INO, "enc", 3,
						   &attr_dir, pol, &enc), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, EXTCRYPT_EXT4_ROOT_INO, "plain", 5,
						   &attr_dir, NULL, &plain), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, enc, "sub", 3, &attr_dir, NULL, &sub),
			 EXTCRYPT_OK);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(name, sizeof(name), "f%zu", sizes[i]);
		ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, name, strlen(name), &attr_file,
							  data, sizes[i], &f), EXTCRYPT_OK);
	}
	memset(name, 'n', 255);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, name, 255, &attr_file, "x", 1, NULL),
			 EXTCRYPT_OK);
	/* 300 entries: several directory blocks. */
	for (int i = 0; i < 300; i++) {
		char n2[32];

		snprintf(n2, sizeof(n2), "entry-%d", i);
		ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, n2, strlen(n2), &attr_file,
							  n2, strlen(n2), NULL), EXTCRYPT_OK);
	}
	memset(longtarget, 't', sizeof(longtarget));
	ck_assert_int_eq(extcrypt_ext4_build_symlink(b, enc, "short", 5, &attr_file, "f1", 2,
						     NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_symlink(b, enc, "long", 4, &attr_file,
						     longtarget, sizeof(longtarget), NULL),
			 EXTCRYPT_OK);
	{
		struct extcrypt_ext4_build_attr a = attr_file;

		a.mode = S_IFIFO | 0600;
		ck_assert_int_eq(extcrypt_ext4_build_mknod(b, enc, "fifo", 4, &a, 0, NULL),
				 EXTCRYPT_OK);
		a.mode = S_IFCHR | 0600;
		ck_assert_int_eq(extcrypt_ext4_build_mknod(b, enc, "null", 4, &a,
							   makedev(1, 3), NULL), EXTCRYPT_OK);
		a.mode = S_IFBLK | 0600;
		ck_assert_int_eq(extcrypt_ext4_build_mknod(b, plain, "bigdev", 6, &a,
							   makedev(300, 70000), NULL), EXTCRYPT_OK);
	}
	ck_assert_int_eq(extcrypt_ext4_build_link(b, sub, "hard", 4, f), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, plain, "p", 1, &attr_file, "plain", 5,
						  NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, EXTCRYPT_EXT4_ROOT_INO, "top", 3,
						  &attr_file, "top", 3, NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_commit(b), EXTCRYPT_OK);
	extcrypt_policy_free(pol);
	ck_assert_msg(fsck_clean() == 0, "e2fsck -fn found problems (see %s/fsck.log)", tmpdir);

	/* Read back: contents, symlinks, link count, context. */
	ck_assert_int_eq(extcrypt_ext4_open(image, &fs), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_add_key(fs, key, sizeof(key)), EXTCRYPT_OK);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(name, sizeof(name), "/enc/f%zu", sizes[i]);
		got = read_back(fs, name, &len);
		ck_assert_uint_eq(len, sizes[i]);
		ck_assert(len == 0 || memcmp(got, data, len) == 0);
		free(got);
	}
	got = read_back(fs, "/enc/sub/entry-299", &len);
	ck_assert(len == 9 && memcmp(got, "entry-299", 9) == 0);
	free(got);
	{
		struct extcrypt_ext4_stat st;
		uint8_t t[1024];

		ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/enc/long", &ino), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_readlink(fs, ino, t, sizeof(t), &len), EXTCRYPT_OK);
		ck_assert(len == sizeof(longtarget) && memcmp(t, longtarget, len) == 0);
		ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/enc/short", &ino), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_readlink(fs, ino, t, sizeof(t), &len), EXTCRYPT_OK);
		ck_assert(len == 2 && memcmp(t, "f1", 2) == 0);
		ck_assert_int_eq(extcrypt_ext4_stat(fs, f, &st), EXTCRYPT_OK);
		ck_assert_uint_eq(st.links, 2);
		ck_assert_uint_eq(st.uid, 1000);
		ck_assert_int_eq(st.mtime, 1700000000);
		ck_assert_uint_eq(st.mtime_nsec, 5);
		ck_assert(st.flags & EXTCRYPT_EXT4_ENCRYPTED);
		ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/enc/null", &ino), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_stat(fs, ino, &st), EXTCRYPT_OK);
		ck_assert(!(st.flags & EXTCRYPT_EXT4_ENCRYPTED)); /* special files: no context */
		ck_assert_int_eq(extcrypt_ext4_stat(fs, sub, &st), EXTCRYPT_OK);
		ck_assert_uint_eq(st.links, 2);
		ck_assert_int_eq(extcrypt_ext4_stat(fs, enc, &st), EXTCRYPT_OK);
		ck_assert_uint_eq(st.links, 3);
	}
	ck_assert_int_eq(extcrypt_ext4_get_context(fs, enc, ctx, sizeof(ctx), &len), EXTCRYPT_OK);
	ck_assert_uint_eq(len, 40);
	ck_assert_uint_eq(ctx[0], 2);
	ck_assert_uint_eq(ctx[1], cm);
	ck_assert_uint_eq(ctx[2], fm);
	ck_assert_uint_eq(ctx[3], flags);
	ck_assert_mem_eq(ctx + 8, key_id, 16);
	got = read_back(fs, "/plain/p", &len);
	ck_assert(len == 5 && memcmp(got, "plain", 5) == 0);
	free(got);
	extcrypt_ext4_close(fs);
	free(data);
}

START_TEST(test_build_xts_4k)
{
	build_and_check(4096, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
			EXTCRYPT_POLICY_FLAGS_PAD_32);
}
END_TEST

START_TEST(test_build_xts_1k_pad4)
{
	build_and_check(1024, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
			EXTCRYPT_POLICY_FLAGS_PAD_4);
}
END_TEST

START_TEST(test_build_adiantum_direct)
{
	build_and_check(4096, EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_ADIANTUM,
			EXTCRYPT_POLICY_FLAG_DIRECT_KEY);
}
END_TEST

START_TEST(test_build_ino_lblk_32)
{
	build_and_check(1024, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
			EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32);
}
END_TEST

/* A source file with a hole: the hole stays a hole in the image. */
START_TEST(test_build_sparse_fd)
{
	extcrypt_ext4_builder *b;
	extcrypt_policy *pol;
	extcrypt_ext4 *fs;
	uint64_t enc, f, d, e;
	uint8_t id[16], buf[8192];
	char src[300];
	size_t n;
	int fd;

	if (!have_tools())
		return;
	make_image(4096, "8M");
	snprintf(src, sizeof(src), "%s/sparse", tmpdir);
	fd = open(src, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "data", 4, 1 << 20), 4);
	ck_assert_int_eq(ftruncate(fd, 3 << 20), 0);
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key, sizeof(key), id), EXTCRYPT_OK);
	pol = new_policy(id, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 0);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, EXTCRYPT_EXT4_ROOT_INO, "e", 1,
						   &attr_dir, pol, &enc), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file_fd(b, enc, "s", 1, &attr_file, fd, &f),
			 EXTCRYPT_OK);
	close(fd);
	ck_assert_int_eq(extcrypt_ext4_build_commit(b), EXTCRYPT_OK);
	extcrypt_policy_free(pol);
	ck_assert_int_eq(fsck_clean(), 0);
	ck_assert_int_eq(extcrypt_ext4_open(image, &fs), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_add_key(fs, key, sizeof(key)), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_next_data(fs, f, 0, &d, &e), EXTCRYPT_OK);
	ck_assert_uint_eq(d, 1 << 20);
	ck_assert_uint_eq(e, (1 << 20) + 4096);
	ck_assert_int_eq(extcrypt_ext4_read(fs, f, (1 << 20) - 4096, buf, sizeof(buf), &n),
			 EXTCRYPT_OK);
	ck_assert_uint_eq(n, sizeof(buf));
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_mem_eq(buf + 4096, "data", 4);
	ck_assert_uint_eq(buf[4100], 0);
	extcrypt_ext4_close(fs);
}
END_TEST

START_TEST(test_build_bad_input)
{
	extcrypt_ext4_builder *b;
	extcrypt_policy *pol, *pol2, *other;
	uint64_t enc, enc2, f, sub;
	uint8_t id[16], id2[16], unknown[16] = { 1 };
	char name[300];

	if (!have_tools())
		return;
	make_image(1024, "4M");
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key, sizeof(key), id), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key2, sizeof(key2), id2), EXTCRYPT_OK);
	pol = new_policy(id, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 3);
	pol2 = new_policy(id2, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 3);
	other = new_policy(unknown, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 3);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "e", 1, &attr_dir, pol, &enc),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "e2", 2, &attr_dir, pol2, &enc2),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "x", 1, &attr_dir, other, NULL),
			 EXTCRYPT_EXT4_E_NOKEY);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, enc, "nested", 6, &attr_dir, pol2, NULL),
			 EXTCRYPT_E_POLICY);
	memset(name, 'a', sizeof(name));
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, name, 256, &attr_file, "x", 1, NULL),
			 EXTCRYPT_E_NAME_TOO_LONG);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "a/b", 3, &attr_file, "x", 1, NULL),
			 EXTCRYPT_E_INVALID);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "..", 2, &attr_file, "x", 1, NULL),
			 EXTCRYPT_E_INVALID);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "a\0b", 3, &attr_file, "x", 1, NULL),
			 EXTCRYPT_E_INVALID);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "f", 1, &attr_file, "x", 1, &f),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "f", 1, &attr_file, "x", 1, NULL),
			 EXTCRYPT_EXT4_E_EXIST);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, 2, "e", 1, &attr_file, "x", 1, NULL),
			 EXTCRYPT_EXT4_E_EXIST);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, f, "g", 1, &attr_file, "x", 1, NULL),
			 EXTCRYPT_EXT4_E_TYPE);
	/* The kernel's EXDEV: no hard link into another encryption root. */
	ck_assert_int_eq(extcrypt_ext4_build_link(b, enc2, "f", 1, f), EXTCRYPT_E_POLICY);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, enc, "sub", 3, &attr_dir, NULL, &sub),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_link(b, enc, "d", 1, sub), EXTCRYPT_EXT4_E_TYPE);
	ck_assert_int_eq(extcrypt_ext4_build_link(b, sub, "f", 1, f), EXTCRYPT_OK);
	memset(name, 't', sizeof(name));
	ck_assert_int_eq(extcrypt_ext4_build_symlink(b, enc, "l", 1, &attr_file, name, 0, NULL),
			 EXTCRYPT_E_INVALID);
	{
		char *big = malloc(5000);

		memset(big, 't', 5000);
		ck_assert_int_eq(extcrypt_ext4_build_symlink(b, enc, "l", 1, &attr_file, big,
							     1022, NULL),
				 EXTCRYPT_E_NAME_TOO_LONG); /* 1 KiB block: at most 1021 */
		ck_assert_int_eq(extcrypt_ext4_build_symlink(b, enc, "l", 1, &attr_file, big,
							     1021, NULL), EXTCRYPT_OK);
		/* Image too small: a clear "no space". */
		big = realloc(big, 8 << 20);
		memset(big, 1, 8 << 20);
		ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "huge", 4, &attr_file, big,
							  8 << 20, NULL), EXTCRYPT_EXT4_E_NOSPC);
		ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(), "image full"));
		free(big);
	}
	extcrypt_ext4_build_free(b);
	extcrypt_policy_free(pol);
	extcrypt_policy_free(pol2);
	extcrypt_policy_free(other);
	ck_assert_int_eq(extcrypt_ext4_build_open("/nonexistent/img", &b), EXTCRYPT_EXT4_E_IO);
	ck_assert_ptr_null(b);
}
END_TEST

/* Casefolded encrypted directories: case-insensitive duplicates refused,
 * the image passes e2fsck (which checks the hashes stored in the entries
 * against the htree), flags inherited by subdirectories. */
START_TEST(test_build_casefold)
{
	extcrypt_ext4_builder *b;
	extcrypt_policy *pol;
	extcrypt_ext4 *fs;
	struct extcrypt_ext4_build_attr cf = attr_dir;
	struct extcrypt_ext4_stat st;
	uint64_t enc, sub, plain, ino, ino2;
	uint8_t id[16];
	char cmd[512];

	if (!have_tools())
		return;
	snprintf(cmd, sizeof(cmd),
		 "mke2fs -q -F -t ext4 -b 1024 -O casefold %s 8M >/dev/null 2>&1", image);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key, sizeof(key), id), EXTCRYPT_OK);
	pol = new_policy(id, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 3);
	cf.flags = EXTCRYPT_EXT4_BUILD_CASEFOLD;
	ck_assert_int_eq(extcrypt_ext4_build_file(b, 2, "x", 1, &cf, "x", 1, NULL),
			 EXTCRYPT_E_INVALID); /* directories only */
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "cf", 2, &cf, pol, &enc), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, enc, "Sub", 3, &attr_dir, NULL, &sub),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "MixedCase", 9, &attr_file, "m", 1,
						  NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "mixedCASE", 9, &attr_file, "m", 1,
						  NULL), EXTCRYPT_EXT4_E_EXIST);
	/* Non-ASCII names: folded as Linux folds them (NFD + full case
	 * folding), so other spellings are duplicates; names strict mode
	 * refuses are refused. */
	ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, "caf\xc3\xa9", 5, &attr_file, "m", 1,
						  NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, "CAF\xc3\x89", 5, &attr_file, "m", 1,
						  NULL), EXTCRYPT_EXT4_E_EXIST);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, "Cafe\xcc\x81", 6, &attr_file, "m", 1,
						  NULL), EXTCRYPT_EXT4_E_EXIST);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "stra\xc3\x9f" "e", 7, &attr_file,
						  "s", 1, NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "STRASSE", 7, &attr_file, "s", 1,
						  NULL), EXTCRYPT_EXT4_E_EXIST);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, "caf\xff", 4, &attr_file, "m", 1,
						  NULL), EXTCRYPT_E_BAD_NAME);
	ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(), "strict"));
	/* A plaintext casefolded directory big enough for an htree: e2fsck
	 * checks its order with libext2fs's own folded hashes. */
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "plaincf", 7, &cf, NULL, &plain),
			 EXTCRYPT_OK);
	for (int i = 0; i < 300; i++) {
		char n[40];

		snprintf(n, sizeof(n), "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9-%d", i);
		ck_assert_int_eq(extcrypt_ext4_build_file(b, plain, n, strlen(n), &attr_file,
							  n, strlen(n), NULL), EXTCRYPT_OK);
	}
	for (int i = 0; i < 400; i++) {
		char n[32];

		snprintf(n, sizeof(n), "Entry-%d", i);
		ck_assert_int_eq(extcrypt_ext4_build_file(b, sub, n, strlen(n), &attr_file,
							  n, strlen(n), NULL), EXTCRYPT_OK);
	}
	ck_assert_int_eq(extcrypt_ext4_build_commit(b), EXTCRYPT_OK);
	extcrypt_policy_free(pol);
	ck_assert_msg(fsck_clean() == 0, "e2fsck -fn found problems (see %s/fsck.log)", tmpdir);
	ck_assert_int_eq(extcrypt_ext4_open(image, &fs), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_add_key(fs, key, sizeof(key)), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_stat(fs, sub, &st), EXTCRYPT_OK);
	ck_assert(st.flags & EXTCRYPT_EXT4_CASEFOLD);
	ck_assert(st.flags & EXTCRYPT_EXT4_INDEXED);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/cf/Sub/Entry-399", &ino), EXTCRYPT_OK);
	/* Lookups in casefolded directories ignore case and normalisation,
	 * with the key and in plaintext ones; the root is not casefolded. */
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/cf/SUB/entry-399", &ino2), EXTCRYPT_OK);
	ck_assert_uint_eq(ino, ino2);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/cf/Sub/caf\xc3\xa9", &ino), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/cf/sub/CAFE\xcc\x81", &ino2), EXTCRYPT_OK);
	ck_assert_uint_eq(ino, ino2);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/cf/Strasse", &ino), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/plaincf/U\xcc\x88NI\xcc\x88" "CO\xcc\x88"
					       "DE\xcc\x81-299", &ino), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/CF", &ino), EXTCRYPT_EXT4_E_NOENT);
	extcrypt_ext4_close(fs);
	/* Without the key, names are no-key names, matched exactly. */
	ck_assert_int_eq(extcrypt_ext4_open(image, &fs), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/cf/Strasse", &ino), EXTCRYPT_EXT4_E_NOENT);
	extcrypt_ext4_close(fs);

	/* No casefold feature: refused before anything is allocated. */
	make_image(1024, "4M");
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "cf", 2, &cf, NULL, NULL),
			 EXTCRYPT_E_UNSUPPORTED);
	extcrypt_ext4_build_free(b);
}
END_TEST

static int count_bad_hash(void *arg, const struct extcrypt_ext4_dirent *ent)
{
	int *n = arg;

	n[0]++;
	if (ent->flags & EXTCRYPT_EXT4_DIRENT_BAD_HASH)
		n[1]++;
	return 0;
}

/* The reader recomputes the hashes stored in casefold + encrypt entries
 * (EXTCRYPT_EXT4_ITER_CHECK_PADDING): the builder's pass, a flipped byte
 * is flagged.  No metadata_csum, so the flipped byte is read as is. */
START_TEST(test_casefold_stored_hash)
{
	extcrypt_ext4_builder *b;
	extcrypt_policy *pol;
	extcrypt_ext4 *fs;
	struct extcrypt_ext4_build_attr cf = attr_dir;
	uint64_t enc;
	uint8_t id[16], de[8];
	unsigned long blk = 0;
	char cmd[768];
	int n[2] = { 0, 0 }, fd;
	FILE *p;

	if (!have_tools())
		return;
	snprintf(cmd, sizeof(cmd),
		 "mke2fs -q -F -t ext4 -b 1024 -O casefold,^metadata_csum %s 4M >/dev/null 2>&1",
		 image);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key, sizeof(key), id), EXTCRYPT_OK);
	pol = new_policy(id, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 3);
	cf.flags = EXTCRYPT_EXT4_BUILD_CASEFOLD;
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "cf", 2, &cf, pol, &enc), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9",
						  11, &attr_file, "u", 1, NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "stra\xc3\x9f" "e", 7, &attr_file,
						  "s", 1, NULL), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_commit(b), EXTCRYPT_OK);
	extcrypt_policy_free(pol);
	ck_assert_int_eq(fsck_clean(), 0);
	ck_assert_int_eq(extcrypt_ext4_open(image, &fs), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_add_key(fs, key, sizeof(key)), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_dir_iterate(fs, enc, EXTCRYPT_EXT4_ITER_CHECK_PADDING,
						   count_bad_hash, n), EXTCRYPT_OK);
	ck_assert_int_eq(n[0], 2);
	ck_assert_int_eq(n[1], 0);
	extcrypt_ext4_close(fs);

	/* The first entry after "." and "..": its hash follows the name. */
	snprintf(cmd, sizeof(cmd), "debugfs -R 'blocks /cf' %s 2>/dev/null", image);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%lu", &blk), 1);
	pclose(p);
	fd = open(image, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, de, 8, (off_t)blk * 1024 + 24), 8);
	{
		off_t at = (off_t)blk * 1024 + 24 + 8 + ((de[6] + 3) & ~3);
		uint8_t h;

		ck_assert_int_eq(pread(fd, &h, 1, at), 1);
		h ^= 0x10;
		ck_assert_int_eq(pwrite(fd, &h, 1, at), 1);
	}
	close(fd);
	ck_assert_int_eq(extcrypt_ext4_open(image, &fs), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_add_key(fs, key, sizeof(key)), EXTCRYPT_OK);
	n[0] = n[1] = 0;
	ck_assert_int_eq(extcrypt_ext4_dir_iterate(fs, enc, EXTCRYPT_EXT4_ITER_CHECK_PADDING,
						   count_bad_hash, n), EXTCRYPT_OK);
	ck_assert_int_eq(n[0], 2);
	ck_assert_int_eq(n[1], 1);
	extcrypt_ext4_close(fs);
}
END_TEST

/* Reads xattr `name` of inode `ino` of the image through libext2fs's own
 * reader (which converts ext4 ACLs back to the getxattr format). */
static void *ext2_xattr(ext2_filsys fs, uint64_t ino, const char *name,
			size_t *len)
{
	struct ext2_xattr_handle *h;
	void *v = NULL;

	ck_assert_int_eq(ext2fs_xattrs_open(fs, (ext2_ino_t)ino, &h), 0);
	ck_assert_int_eq(ext2fs_xattrs_read(h), 0);
	if (ext2fs_xattr_get(h, name, &v, len) != 0)
		v = NULL;
	ext2fs_xattrs_close(&h);
	return v;
}

static bool image_contains(const void *needle, size_t n)
{
	FILE *f = fopen(image, "rb");
	size_t cap = 16 << 20, got;
	uint8_t *buf = malloc(cap);
	bool found = false;

	ck_assert_ptr_nonnull(f);
	got = fread(buf, 1, cap, f);
	fclose(f);
	for (size_t i = 0; i + n <= got && !found; i++)
		found = memcmp(buf + i, needle, n) == 0;
	free(buf);
	return found;
}

/* Extended attributes: in the inode after the context, overflow into one
 * block; e2fsck clean; libext2fs reads them back; the context stays
 * first (the reader still decrypts); values are stored in plaintext. */
START_TEST(test_build_xattrs)
{
	/* getxattr's POSIX ACL: user::rw-, user:1234:r--, group::r--,
	 * mask::r--, other::--- */
	static const uint8_t acl[] = { 2, 0, 0, 0, 1, 0, 6, 0, 0xff, 0xff, 0xff, 0xff,
		2, 0, 4, 0, 0xd2, 4, 0, 0, 4, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x10, 0, 4, 0, 0xff, 0xff, 0xff, 0xff, 0x20, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
	/* The same as libext2fs gives it back: id 0 where the kernel says
	 * ACL_UNDEFINED_ID (the on-disk short entries have no id). */
	static const uint8_t acl_e2fs[] = { 2, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0,
		2, 0, 4, 0, 0xd2, 4, 0, 0, 4, 0, 4, 0, 0, 0, 0, 0,
		0x10, 0, 4, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0 };
	extcrypt_ext4_builder *b;
	extcrypt_policy *pol;
	extcrypt_ext4 *rfs;
	ext2_filsys fs;
	uint64_t enc, f, d, l, p, fifo;
	uint8_t id[16], big[1500], huge[5000];
	char marker[] = "xattr-in-plaintext-8d1f";
	size_t len;
	void *v;

	if (!have_tools())
		return;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13 + 7);
	memcpy(big, marker, sizeof(marker) - 1);
	memset(huge, 'h', sizeof(huge));
	make_image(4096, "8M");
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_add_key(b, key, sizeof(key), id), EXTCRYPT_OK);
	pol = new_policy(id, EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 3);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, 2, "enc", 3, &attr_dir, pol, &enc),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, enc, "f", 1, &attr_file, "data", 4, &f),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_mkdir(b, enc, "d", 1, &attr_dir, NULL, &d),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_symlink(b, enc, "l", 1, &attr_file, "f", 1, &l),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_build_file(b, 2, "p", 1, &attr_file, "p", 1, &p),
			 EXTCRYPT_OK);
	{
		struct extcrypt_ext4_build_attr a = attr_file;

		a.mode = S_IFIFO | 0600;
		ck_assert_int_eq(extcrypt_ext4_build_mknod(b, enc, "fifo", 4, &a, 0, &fifo),
				 EXTCRYPT_OK);
	}
	{
		/* f: two small ones in the inode (after the context), the big
		 * one and the rest in the block. */
		const struct extcrypt_ext4_build_xattr fx[] = {
			{ "user.small", "v1", 2 },
			{ "user.empty", NULL, 0 },
			{ "user.big", big, sizeof(big) },
			{ "trusted.t", "T", 1 },
			{ "security.s", "S", 1 },
		};
		const struct extcrypt_ext4_build_xattr dx[] = { { "user.dir", "dirval", 6 } };
		/* user.aa fills the inode: user.dir and the empty user.zzz
		 * go to the block. */
		const struct extcrypt_ext4_build_xattr dx2[] = { { "user.zzz", NULL, 0 },
			{ "user.dir", "dirval", 6 }, { "user.aa", "12345678", 8 } };
		const struct extcrypt_ext4_build_xattr lx[] = {
			{ "user.link", "linkval", 7 }, { "user.big", big, 1000 } };
		const struct extcrypt_ext4_build_xattr px[] = {
			{ "system.posix_acl_access", acl, sizeof(acl) },
			{ "user.x", big, 1200 } };
		const struct extcrypt_ext4_build_xattr px2[] = {
			{ "system.posix_acl_access", acl, sizeof(acl) },
			{ "user.y", "y", 1 } };
		const struct extcrypt_ext4_build_xattr bad[] = {
			{ "user.a", "1", 1 }, { "user.a", "2", 1 } };
		struct extcrypt_ext4_build_xattr one = { "user.huge", huge, sizeof(huge) };

		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, f, fx, 5), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, d, dx2, 3), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, l, lx, 2), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, fifo, dx, 1), EXTCRYPT_OK);
		/* p: a block, then replaced by attributes that fit the inode:
		 * the block is freed (e2fsck would see a leak). */
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, p, px, 2), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, p, px2, 2), EXTCRYPT_OK);
		/* Bad input leaves the inode as it was. */
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, f, bad, 2), EXTCRYPT_EXT4_E_EXIST);
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, f, &one, 1), EXTCRYPT_E_RANGE);
		ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(), "one 4096-byte block"));
		one = (struct extcrypt_ext4_build_xattr){ "user.", "x", 1 };
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, f, &one, 1), EXTCRYPT_E_INVALID);
		one.name = "os2.x";
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, f, &one, 1), EXTCRYPT_E_INVALID);
		one.name = "system.data";
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, f, &one, 1),
				 EXTCRYPT_E_UNSUPPORTED);
		one.name = "system.posix_acl_default"; /* "x" is no ACL */
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, d, &one, 1), EXTCRYPT_E_INVALID);
		ck_assert_int_eq(extcrypt_ext4_build_set_xattrs(b, 99999, dx, 1),
				 EXTCRYPT_EXT4_E_NOENT);
	}
	ck_assert_int_eq(extcrypt_ext4_build_commit(b), EXTCRYPT_OK);
	extcrypt_policy_free(pol);
	ck_assert_msg(fsck_clean() == 0, "e2fsck -fn found problems (see %s/fsck.log)", tmpdir);
	ck_assert_msg(image_contains(marker, sizeof(marker) - 1),
		      "the xattr value is not in the image in plaintext");

	ck_assert_int_eq(ext2fs_open(image, EXT2_FLAG_64BITS, 0, 0, unix_io_manager, &fs), 0);
	v = ext2_xattr(fs, f, "user.small", &len);
	ck_assert(v && len == 2 && memcmp(v, "v1", 2) == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, f, "user.empty", &len);
	ck_assert(v && len == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, f, "user.big", &len);
	ck_assert(v && len == sizeof(big) && memcmp(v, big, len) == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, f, "trusted.t", &len);
	ck_assert(v && len == 1 && memcmp(v, "T", 1) == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, f, "security.s", &len);
	ck_assert(v && len == 1 && memcmp(v, "S", 1) == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, d, "user.dir", &len);
	ck_assert(v && len == 6 && memcmp(v, "dirval", 6) == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, d, "user.zzz", &len);
	ck_assert(v && len == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, d, "user.aa", &len);
	ck_assert(v && len == 8 && memcmp(v, "12345678", 8) == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, l, "user.big", &len);
	ck_assert(v && len == 1000 && memcmp(v, big, len) == 0);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, fifo, "user.dir", &len);
	ck_assert(v && len == 6);
	ext2fs_free_mem(&v);
	v = ext2_xattr(fs, p, "system.posix_acl_access", &len);
	ck_assert(v && len == sizeof(acl_e2fs) && memcmp(v, acl_e2fs, len) == 0);
	ext2fs_free_mem(&v);
	ck_assert_ptr_null(ext2_xattr(fs, p, "user.x", &len));
	{
		struct ext2_inode_large in;

		ck_assert_int_eq(ext2fs_read_inode_full(fs, (ext2_ino_t)p, (struct ext2_inode *)&in,
							sizeof(in)), 0);
		ck_assert_uint_eq(ext2fs_file_acl_block(fs, (struct ext2_inode *)&in), 0);
		ck_assert_int_eq(ext2fs_read_inode_full(fs, (ext2_ino_t)f, (struct ext2_inode *)&in,
							sizeof(in)), 0);
		ck_assert_uint_ne(ext2fs_file_acl_block(fs, (struct ext2_inode *)&in), 0);
		ck_assert_uint_eq(in.i_blocks, 16); /* one data block + the xattr block */
	}
	ext2fs_close_free(&fs);

	/* The context is still the first in-inode entry: the reader decrypts. */
	ck_assert_int_eq(extcrypt_ext4_open(image, &rfs), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_add_key(rfs, key, sizeof(key)), EXTCRYPT_OK);
	v = read_back(rfs, "/enc/f", &len);
	ck_assert(len == 4 && memcmp(v, "data", 4) == 0);
	free(v);
	extcrypt_ext4_close(rfs);
}
END_TEST

/* extcrypt_ext4_build_file_fd's documented failures, without races: a
 * procfs file (fstat says 0 bytes, reads give more: it "grew"), a file
 * open for writing only (the read fails), a directory. */
START_TEST(test_build_fd_faults)
{
	extcrypt_ext4_builder *b;
	char path[300];
	int fd;

	if (!have_tools())
		return;
	make_image(4096, "4M");
	ck_assert_int_eq(extcrypt_ext4_build_open(image, &b), EXTCRYPT_OK);
	fd = open("/proc/self/stat", O_RDONLY);
	if (fd >= 0) {
		ck_assert_int_eq(extcrypt_ext4_build_file_fd(b, 2, "p", 1, &attr_file, fd, NULL),
				 EXTCRYPT_EXT4_E_IO);
		ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(),
					     "changed size while being read"));
		close(fd);
	}
	snprintf(path, sizeof(path), "%s/wo", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_eq(write(fd, "abc", 3), 3);
	ck_assert_int_eq(extcrypt_ext4_build_file_fd(b, 2, "w", 1, &attr_file, fd, NULL),
			 EXTCRYPT_EXT4_E_IO);
	ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(), "Bad file descriptor"));
	close(fd);
	fd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(extcrypt_ext4_build_file_fd(b, 2, "d", 1, &attr_file, fd, NULL),
			 EXTCRYPT_EXT4_E_TYPE);
	close(fd);
	ck_assert_int_eq(extcrypt_ext4_build_file_fd(b, 2, "n", 1, &attr_file, -1, NULL),
			 EXTCRYPT_E_INVALID);
	extcrypt_ext4_build_free(b);
}
END_TEST

static Suite *ext4_build_suite(void)
{
	Suite *s = suite_create("ext4_build");
	TCase *tc = tcase_create("builder");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_build_xts_4k);
	tcase_add_test(tc, test_build_xts_1k_pad4);
	tcase_add_test(tc, test_build_adiantum_direct);
	tcase_add_test(tc, test_build_ino_lblk_32);
	tcase_add_test(tc, test_build_sparse_fd);
	tcase_add_test(tc, test_build_bad_input);
	tcase_add_test(tc, test_build_casefold);
	tcase_add_test(tc, test_casefold_stored_hash);
	tcase_add_test(tc, test_build_xattrs);
	tcase_add_test(tc, test_build_fd_faults);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ext4_build_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
