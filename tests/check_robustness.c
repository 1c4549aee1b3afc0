// SPDX-License-Identifier: MIT
/*
 * Bad input never crashes and never half-writes: every decoder and loader
 * gets many seeded random and mutated inputs (run under ASan/UBSan in CI).
 * Each call must return OK or a known status with a message, and a failed
 * call must leave its output buffer as it was.
 */
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

static bool known_status(int s)
{
	return s == 0 || strcmp(extcrypt_status_name(s), "EXTCRYPT_E_UNKNOWN") != 0;
}

static void check_status(int s)
{
	ck_assert_msg(known_status(s), "unknown status %d", s);
	if (s != 0)
		ck_assert_str_ne(extcrypt_last_error(), "");
}

/* A valid encoding with a few random bytes changed, or random bytes. */
static size_t mutate(uint64_t *seed, const uint8_t *valid, size_t valid_len,
		     uint8_t *out, size_t cap)
{
	size_t len = valid_len;

	if (tu_rand_u64(seed) % 4 == 0) {
		len = tu_rand_u64(seed) % cap;
		tu_rand(seed, out, len);
		return len;
	}
	memcpy(out, valid, valid_len);
	for (int i = 0, n = 1 + (int)(tu_rand_u64(seed) % 3); i < n; i++)
		out[tu_rand_u64(seed) % valid_len] ^= (uint8_t)(1 + tu_rand_u64(seed) % 255);
	if (tu_rand_u64(seed) % 8 == 0)
		len = tu_rand_u64(seed) % (valid_len + 8);
	return len;
}

START_TEST(test_decoders)
{
	uint64_t seed = 0x726f62;
	uint8_t raw[64] = { 1, 2, 3 }, id[16], buf[64], ctx[40], ectx[34];
	extcrypt_master_key *mk;
	extcrypt_policy *p;
	extcrypt_inode *ino;
	extcrypt_extent *e;
	size_t n;

	ck_ok(extcrypt_master_key_new(raw, 64, &mk));
	extcrypt_master_key_identifier(mk, id);
	ck_ok(extcrypt_policy_new(1, 4, 0, 0, id, &p));
	ck_ok(extcrypt_inode_new(mk, p, 4096, &ino));
	ck_ok(extcrypt_inode_context(ino, ctx, sizeof(ctx), &n));
	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
	ck_ok(extcrypt_extent_context(e, ectx, sizeof(ectx), &n));
	extcrypt_extent_free(e);
	for (int iter = 0; iter < 20000; iter++) {
		extcrypt_policy *q = (void *)1;
		extcrypt_inode *j = (void *)1;
		extcrypt_extent *f = (void *)1;
		uint8_t pol[24];
		size_t len;
		int s;

		ck_ok(extcrypt_policy_encode(p, pol, sizeof(pol), &n));
		len = mutate(&seed, pol, sizeof(pol), buf, sizeof(buf));
		s = extcrypt_policy_decode(buf, len, &q);
		check_status(s);
		ck_assert(s == 0 ? q != NULL : q == NULL);
		extcrypt_policy_free(q);

		len = mutate(&seed, ctx, sizeof(ctx), buf, sizeof(buf));
		s = extcrypt_inode_load(mk, buf, len, 4096, &j);
		check_status(s);
		ck_assert(s == 0 ? j != NULL : j == NULL);
		extcrypt_inode_free(j);

		len = mutate(&seed, ectx, sizeof(ectx), buf, sizeof(buf));
		s = extcrypt_extent_load(ino, 1 + iter % 6, buf, len, &f);
		check_status(s);
		ck_assert(s == 0 ? f != NULL : f == NULL);
		extcrypt_extent_free(f);
	}
	extcrypt_inode_free(ino);
	extcrypt_policy_free(p);
	extcrypt_master_key_free(mk);
}
END_TEST

START_TEST(test_names_and_data)
{
	uint64_t seed = 0x6e616d;
	uint8_t raw[32] = { 9 }, id[16];
	static uint8_t in[8192], out[8192], pattern[8192];
	extcrypt_master_key *mk;
	extcrypt_policy *p;
	extcrypt_inode *dir;

	memset(pattern, 0xc3, sizeof(pattern));
	ck_ok(extcrypt_master_key_new(raw, 32, &mk));
	extcrypt_master_key_identifier(mk, id);
	ck_ok(extcrypt_policy_new(1, 10, 2, 0, id, &p));
	ck_ok(extcrypt_inode_new(mk, p, 1024, &dir));
	for (int iter = 0; iter < 5000; iter++) {
		size_t len = tu_rand_u64(&seed) % 300, cap = tu_rand_u64(&seed) % 300;
		size_t out_len = 12345;
		uint64_t first = tu_rand_u64(&seed) >> (tu_rand_u64(&seed) % 64);
		int s;

		tu_rand(&seed, in, len);
		memcpy(out, pattern, sizeof(out));
		s = extcrypt_inode_decrypt_name(dir, in, len, out, cap, &out_len);
		check_status(s);
		if (s != 0) {
			ck_assert_mem_eq(out, pattern, sizeof(out));
			ck_assert_uint_eq(out_len, 12345);
		}
		memcpy(out, pattern, sizeof(out));
		s = extcrypt_inode_encrypt_name(dir, in, len, 0, out, cap, &out_len);
		check_status(s);
		if (s != 0)
			ck_assert_mem_eq(out, pattern, sizeof(out));
		/* Contents: random lengths and indices. */
		len = tu_rand_u64(&seed) % 4 == 0 ? 1024 * (tu_rand_u64(&seed) % 9)
						 : tu_rand_u64(&seed) % sizeof(in);
		memcpy(out, pattern, sizeof(out));
		s = extcrypt_inode_encrypt(dir, first, in, out, len);
		check_status(s);
		if (s != 0)
			ck_assert_mem_eq(out, pattern, sizeof(out));
	}
	extcrypt_inode_free(dir);
	extcrypt_policy_free(p);
	extcrypt_master_key_free(mk);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("robustness");
	TCase *tc = tcase_create("robustness");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_decoders);
	tcase_add_test(tc, test_names_and_data);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
