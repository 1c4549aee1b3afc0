// SPDX-License-Identifier: MIT
/*
 * libextcrypt-ext4 against an image Linux wrote (tests/vectors/ext4: the
 * tiny image of tests/kernel/ext4-roundtrip.sh, its keys and what the guest
 * recorded): contents by SHA-256, no-key names, the status codes of the
 * API (no key, wrong type, missing entries, bad arguments) and the
 * contract of next_data and readlink.
 */
#include <check.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <extcrypt/ext4.h>

#define VEC EXTCRYPT_EXT4_VECTOR_DIR

static char image[256];

/* Decompresses the committed image once per process. */
static void unpack(void)
{
	char cmd[1024];

	if (image[0])
		return;
	snprintf(image, sizeof(image), "/tmp/check_ext4_%d.img", (int)getpid());
	snprintf(cmd, sizeof(cmd), "xz -dc '%s/vec.img.xz' > '%s'", VEC, image);
	ck_assert_msg(system(cmd) == 0, "cannot decompress %s/vec.img.xz", VEC);
}

static void add_key(extcrypt_ext4 *fs, int n)
{
	char path[512];
	uint8_t key[64];
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/k%d.key", VEC, n);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	len = fread(key, 1, sizeof(key), f);
	fclose(f);
	ck_assert_int_eq(extcrypt_ext4_add_key(fs, key, len), EXTCRYPT_OK);
}

static extcrypt_ext4 *open_image(int with_keys)
{
	extcrypt_ext4 *fs = NULL;

	unpack();
	ck_assert_int_eq(extcrypt_ext4_open(image, &fs), EXTCRYPT_OK);
	for (int i = 1; with_keys && i <= 3; i++)
		add_key(fs, i);
	return fs;
}

/* The guest's sha256 of ./PATH, from guest-records.txt. */
static int guest_sha(const char *path, char out[65])
{
	char line[4096], want[4096];
	FILE *f;
	int found = 0;

	snprintf(want, sizeof(want), "  ./%s\n", path);
	f = fopen(VEC "/guest-records.txt", "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "SHA ", 4) == 0 && strlen(line) > 68 &&
		    strcmp(line + 68, want) == 0) {
			memcpy(out, line + 4, 64);
			out[64] = '\0';
			found = 1;
		}
	fclose(f);
	return found;
}

static void file_sha(extcrypt_ext4 *fs, const char *path, char out[65])
{
	uint64_t ino;
	struct extcrypt_ext4_stat st;
	uint8_t buf[8192], md[32];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	uint64_t off = 0;

	ck_assert_int_eq(extcrypt_ext4_resolve(fs, path, &ino), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_stat(fs, ino, &st), EXTCRYPT_OK);
	ck_assert(EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1);
	while (off < st.size) {
		size_t got;

		/* Odd chunk sizes: reads across data-unit boundaries. */
		ck_assert_int_eq(extcrypt_ext4_read(fs, ino, off, buf, 3001, &got),
				 EXTCRYPT_OK);
		ck_assert_uint_gt(got, 0);
		ck_assert(EVP_DigestUpdate(c, buf, got) == 1);
		off += got;
	}
	ck_assert(EVP_DigestFinal_ex(c, md, NULL) == 1);
	EVP_MD_CTX_free(c);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

START_TEST(contents_match_the_kernel)
{
	static const char *const files[] = {
		"vec_xts_cts/f0", "vec_xts_cts/f1", "vec_xts_cts/f4095",
		"vec_xts_cts/f4096", "vec_xts_cts/f4097",
		"vec_xts_cts/sparse_mid", "vec_xts_cts/sparse_tail",
		"vec_xts_cts/sub/deeper/file", "vec_adiantum/f4097",
		"vec_adiantum/sparse_mid", "vec_ino32/f4097",
	};
	extcrypt_ext4 *fs = open_image(1);
	char want[65], got[65];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (!guest_sha(files[i], want))
			continue; /* not written by this image's guest */
		file_sha(fs, files[i], got);
		ck_assert_msg(strcmp(want, got) == 0, "%s: %s != %s", files[i],
			      got, want);
	}
	extcrypt_ext4_close(fs);
}
END_TEST

struct count {
	int n, nokey;
};

static int count_entry(void *arg, const struct extcrypt_ext4_dirent *e)
{
	struct count *c = arg;

	c->n++;
	c->nokey += (e->flags & EXTCRYPT_EXT4_DIRENT_NOKEY) != 0;
	ck_assert_uint_eq(e->name[e->name_len], 0);
	return 0;
}

START_TEST(without_key)
{
	extcrypt_ext4 *fs = open_image(0);
	struct extcrypt_ext4_stat st;
	uint64_t dir, ino = 0;
	struct count c = { 0, 0 };
	uint8_t buf[64];
	size_t got = 1;

	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/vec_xts_cts", &dir), EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_stat(fs, dir, &st), EXTCRYPT_OK);
	ck_assert(st.flags & EXTCRYPT_EXT4_ENCRYPTED);
	ck_assert(!(st.flags & EXTCRYPT_EXT4_HAS_KEY));
	ck_assert_uint_eq(st.key_id_len, 16);
	ck_assert_int_eq(extcrypt_ext4_dir_iterate(fs, dir, 0, count_entry, &c),
			 EXTCRYPT_OK);
	ck_assert_int_gt(c.n, 10);
	ck_assert_int_eq(c.n, c.nokey);
	/* A plaintext name does not resolve without the key. */
	ck_assert_int_eq(extcrypt_ext4_lookup(fs, dir, "f4097", 5, &ino),
			 EXTCRYPT_EXT4_E_NOENT);
	/* A file found by its no-key name cannot be read. */
	{
		char line[4096], path[4200];
		FILE *f = fopen(VEC "/guest-records.txt", "r");
		int done = 0;

		ck_assert_ptr_nonnull(f);
		while (!done && fgets(line, sizeof(line), f)) {
			if (strncmp(line, "NOKEY vec_xts_cts ", 18) != 0)
				continue;
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, sizeof(path), "/vec_xts_cts/%s", line + 18);
			ck_assert_int_eq(extcrypt_ext4_resolve(fs, path, &ino),
					 EXTCRYPT_OK);
			ck_assert_int_eq(extcrypt_ext4_stat(fs, ino, &st), EXTCRYPT_OK);
			if ((st.mode & 0170000) == 0100000 && st.size > 0) {
				ck_assert_int_eq(extcrypt_ext4_read(fs, ino, 0, buf,
								    sizeof(buf), &got),
						 EXTCRYPT_EXT4_E_NOKEY);
				ck_assert_uint_eq(got, 0);
				ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(),
							     "no key for this file (key identifier "));
				done = 1;
			}
		}
		fclose(f);
		ck_assert(done);
	}
	extcrypt_ext4_close(fs);
}
END_TEST

/* readlink without the key gives what Linux's readlink printed. */
START_TEST(nokey_symlinks)
{
	extcrypt_ext4 *fs = open_image(0);
	FILE *f = fopen(VEC "/guest-records.txt", "r");
	char line[8192], path[8200];
	uint8_t target[4097];
	size_t len;
	int n = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		char *arrow;
		uint64_t ino;

		if (strncmp(line, "NOKEYLINK ", 10) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		arrow = strstr(line, " -> ");
		ck_assert_ptr_nonnull(arrow);
		*arrow = '\0';
		snprintf(path, sizeof(path), "/%s", line + 10);
		ck_assert_int_eq(extcrypt_ext4_resolve(fs, path, &ino), EXTCRYPT_OK);
		ck_assert_int_eq(extcrypt_ext4_readlink(fs, ino, target,
							sizeof(target) - 1, &len),
				 EXTCRYPT_OK);
		target[len] = '\0';
		ck_assert_str_eq((char *)target, arrow + 4);
		n++;
	}
	fclose(f);
	ck_assert_int_gt(n, 0);
	extcrypt_ext4_close(fs);
}
END_TEST

START_TEST(api_contract)
{
	extcrypt_ext4 *fs = open_image(1);
	uint64_t ino, data, end;
	struct extcrypt_ext4_stat st;
	uint8_t buf[4096];
	size_t len;

	ck_assert_int_eq(extcrypt_ext4_open("/nonexistent/image", &fs),
			 EXTCRYPT_EXT4_E_IO);
	ck_assert_ptr_null(fs);
	fs = open_image(1);
	ck_assert_uint_eq(extcrypt_ext4_block_size(fs), 1024);
	ck_assert_int_eq(extcrypt_ext4_add_key(fs, buf, 8), EXTCRYPT_E_KEY_SIZE);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/vec_xts_cts/nothere", &ino),
			 EXTCRYPT_EXT4_E_NOENT);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/vec_xts_cts/f1/x", &ino),
			 EXTCRYPT_EXT4_E_TYPE);
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "//vec_xts_cts/./sub/../f1", &ino),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_readlink(fs, ino, buf, sizeof(buf), &len),
			 EXTCRYPT_EXT4_E_TYPE);
	ck_assert_int_eq(extcrypt_ext4_stat(fs, 0, &st), EXTCRYPT_EXT4_E_NOENT);
	ck_assert_int_eq(extcrypt_ext4_stat(fs, 1u << 30, &st), EXTCRYPT_EXT4_E_NOENT);
	/* sparse_mid: 3 blocks of 4 KiB at 200 KiB, size 1000000. */
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/vec_xts_cts/sparse_mid", &ino),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_next_data(fs, ino, 0, &data, &end), EXTCRYPT_OK);
	ck_assert_uint_eq(data, 50 * 4096);
	ck_assert_uint_eq(end, 53 * 4096);
	ck_assert_int_eq(extcrypt_ext4_next_data(fs, ino, end, &data, &end), EXTCRYPT_OK);
	ck_assert_uint_eq(data, 1000000);
	ck_assert_int_eq(extcrypt_ext4_read(fs, ino, 0, buf, 100, &len), EXTCRYPT_OK);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(buf[i], 0);
	ck_assert_int_eq(extcrypt_ext4_read(fs, ino, 1000000, buf, 100, &len), EXTCRYPT_OK);
	ck_assert_uint_eq(len, 0);
	/* Symlinks: decrypted with the key. */
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/vec_xts_cts/link_short", &ino),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_readlink(fs, ino, buf, sizeof(buf), &len),
			 EXTCRYPT_OK);
	ck_assert_uint_eq(len, 1);
	ck_assert_uint_eq(buf[0], 'a');
	ck_assert_int_eq(extcrypt_ext4_resolve(fs, "/vec_xts_cts/link_long", &ino),
			 EXTCRYPT_OK);
	ck_assert_int_eq(extcrypt_ext4_readlink(fs, ino, buf, sizeof(buf), &len),
			 EXTCRYPT_OK);
	ck_assert_uint_eq(len, 4 + 300 + 10);
	ck_assert_int_eq(extcrypt_ext4_readlink(fs, ino, buf, 10, &len),
			 EXTCRYPT_E_OUTPUT_SPACE);
	ck_assert_str_eq(extcrypt_ext4_strerror(EXTCRYPT_EXT4_E_NOKEY),
			 "no key for this directory or file");
	extcrypt_ext4_close(fs);
	extcrypt_ext4_close(NULL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ext4");
	TCase *tc = tcase_create("kernel image");

	tcase_add_test(tc, contents_match_the_kernel);
	tcase_add_test(tc, without_key);
	tcase_add_test(tc, nokey_symlinks);
	tcase_add_test(tc, api_contract);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (access(VEC "/vec.img.xz", R_OK) != 0 || system("xz --version >/dev/null 2>&1") != 0)
		return 77; /* no vectors or no xz: skip */
	sr = srunner_create(suite());
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (image[0])
		unlink(image);
	return failed ? 1 : 0;
}
