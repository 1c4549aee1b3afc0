// SPDX-License-Identifier: MIT
/*
 * extcrypt_extent_load_batch: for every profile and several contents
 * modes, with valid and invalid contexts mixed, each entry equals what a
 * single extcrypt_extent_load gives (status, key, ciphertext), batches of
 * 1..17 and some larger; the call-level errors; nothing left allocated;
 * several threads at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "extent/extent.h"
#include "util/test_util.h"

static extcrypt_master_key *mk;
static uint8_t key_id[16];

static const int all_profiles[] = {
	EXTCRYPT_EXTENT_RFC_2023_09, EXTCRYPT_EXTENT_V1_2023_09,
	EXTCRYPT_EXTENT_V2_2023_10, EXTCRYPT_EXTENT_V5_2024_01,
	EXTCRYPT_EXTENT_V6_2026_02,
};
#define NPROFILES (sizeof(all_profiles) / sizeof(all_profiles[0]))

/* Contents modes (and filenames modes) the extent tests use. */
static const uint8_t modes[][2] = { { 1, 4 }, { 9, 9 }, { 1, 10 } };

static void setup(void)
{
	uint8_t raw[64];

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(3 * i + 1);
	ck_ok(extcrypt_master_key_new(raw, 64, &mk));
	extcrypt_master_key_identifier(mk, key_id);
}

static void teardown(void)
{
	extcrypt_master_key_free(mk);
}

static extcrypt_inode *inode_for(uint8_t c, uint8_t f)
{
	extcrypt_policy *p;
	extcrypt_inode *inode;

	ck_ok(extcrypt_policy_new(c, f, 0, 0, key_id, &p));
	ck_ok(extcrypt_inode_new(mk, p, 4096, &inode));
	extcrypt_policy_free(p);
	return inode;
}

#define CTX_CAP 40

/* Context i: valid or broken in one of the ways a reader checks. */
static size_t make_context(const extcrypt_inode *ino, int profile,
			   uint64_t *seed, uint8_t ctx[CTX_CAP],
			   const uint8_t **ptr)
{
	extcrypt_extent *e;
	size_t len;

	ck_ok(extcrypt_extent_new(ino, profile, &e));
	ck_ok(extcrypt_extent_context(e, ctx, CTX_CAP, &len));
	extcrypt_extent_free(e);
	*ptr = ctx;
	switch (tu_rand_u64(seed) % 8) {
	case 0:
		return len - 1 - tu_rand_u64(seed) % len; /* too short */
	case 1:
		ctx[0] = 2; /* version: v5/v6 refuse it */
		break;
	case 2:
		if (len == 34)
			ctx[1] ^= 0x40; /* mode: v5/v6 refuse it */
		break;
	case 3:
		if (len == 34)
			ctx[2 + tu_rand_u64(seed) % 16] ^= 1; /* identifier */
		break;
	case 4:
		*ptr = NULL;
		break;
	default:
		break; /* valid, with trailing bytes sometimes */
	}
	return len + tu_rand_u64(seed) % 3;
}

static void check_batch(const extcrypt_inode *ino, int profile, size_t n,
			uint64_t *seed)
{
	uint8_t (*ctx)[CTX_CAP] = calloc(n, CTX_CAP);
	const uint8_t **ptrs = calloc(n, sizeof(*ptrs));
	size_t *lens = calloc(n, sizeof(*lens));
	extcrypt_extent **out = calloc(n, sizeof(*out));
	int *st = calloc(n, sizeof(*st));
	int first = EXTCRYPT_OK;
	static uint8_t pt[4096], ct1[4096], ct2[4096];

	ck_assert(ctx && ptrs && lens && out && st);
	for (size_t i = 0; i < sizeof(pt); i++)
		pt[i] = (uint8_t)i;
	for (size_t i = 0; i < n; i++)
		lens[i] = make_context(ino, profile, seed, ctx[i], &ptrs[i]);
	int ret = extcrypt_extent_load_batch(ino, profile, ptrs, lens, n, out, st);

	for (size_t i = 0; i < n; i++) {
		extcrypt_extent *single;
		int want = extcrypt_extent_load(ino, profile, ptrs[i], lens[i],
						&single);

		ck_assert_int_eq(st[i], want);
		if (first == EXTCRYPT_OK)
			first = want;
		if (want != EXTCRYPT_OK) {
			ck_assert_ptr_null(out[i]);
			continue;
		}
		ck_assert_ptr_nonnull(out[i]);
		/* Same key bytes, and the same ciphertext through the API. */
		ck_assert_mem_eq(out[i]->cipher.key, single->cipher.key,
				 sizeof(single->cipher.key));
		ck_assert_int_eq(extcrypt_extent_profile(out[i]), profile);
		ck_ok(extcrypt_extent_encrypt(single, 7, pt, ct1, sizeof(pt), NULL, NULL));
		ck_ok(extcrypt_extent_encrypt(out[i], 7, pt, ct2, sizeof(pt), NULL, NULL));
		ck_assert_mem_eq(ct1, ct2, sizeof(pt));
		extcrypt_extent_free(single);
		extcrypt_extent_free(out[i]);
	}
	ck_assert_int_eq(ret, first);
	free(ctx), free(ptrs), free(lens), free(out), free(st);
}

START_TEST(test_batch_equals_single_loads)
{
	uint64_t seed = 1234;
	static const size_t big[] = { 63, 64, 65, 130 };

	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		extcrypt_inode *ino = inode_for(modes[m][0], modes[m][1]);

		for (size_t p = 0; p < NPROFILES; p++) {
			for (size_t n = 1; n <= 17; n++)
				check_batch(ino, all_profiles[p], n, &seed);
			for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++)
				check_batch(ino, all_profiles[p], big[k], &seed);
		}
		extcrypt_inode_free(ino);
	}
}
END_TEST

/* The returned status and message name the first failing entry. */
START_TEST(test_first_error_reported)
{
	extcrypt_inode *ino = inode_for(1, 4);
	uint8_t good[34], bad_id[34], bad_mode[34];
	size_t len;
	extcrypt_extent *e, *out[4];
	int st[4];

	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_V6_2026_02, &e));
	ck_ok(extcrypt_extent_context(e, good, sizeof(good), &len));
	extcrypt_extent_free(e);
	memcpy(bad_id, good, 34), bad_id[5] ^= 1;
	memcpy(bad_mode, good, 34), bad_mode[1] = 9;
	const uint8_t *ctxs[4] = { good, bad_mode, bad_id, good };
	size_t lens[4] = { 34, 34, 34, 34 };

	ck_status(extcrypt_extent_load_batch(ino, EXTCRYPT_EXTENT_V6_2026_02,
					     ctxs, lens, 4, out, st),
		  EXTCRYPT_E_MODE_MISMATCH);
	ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "entry 1:"));
	ck_assert_int_eq(st[0], EXTCRYPT_OK);
	ck_assert_int_eq(st[1], EXTCRYPT_E_MODE_MISMATCH);
	ck_assert_int_eq(st[2], EXTCRYPT_E_KEY_MISMATCH);
	ck_assert_int_eq(st[3], EXTCRYPT_OK);
	ck_assert_ptr_null(out[1]);
	ck_assert_ptr_null(out[2]);
	extcrypt_extent_free(out[0]);
	extcrypt_extent_free(out[3]);
	extcrypt_inode_free(ino);
}
END_TEST

/* Errors of the call: every entry gets the status and NULL. */
START_TEST(test_call_errors)
{
	extcrypt_inode *ino = inode_for(1, 4);
	uint8_t ctx[34] = { 1, 1 };
	const uint8_t *ctxs[2] = { ctx, ctx };
	size_t lens[2] = { 34, 34 };
	extcrypt_extent *out[2];
	int st[2];

	memcpy(ctx + 2, key_id, 16);
	ck_ok(extcrypt_extent_load_batch(ino, EXTCRYPT_EXTENT_DEFAULT, ctxs, lens,
					 0, NULL, NULL));
	ck_status(extcrypt_extent_load_batch(ino, EXTCRYPT_EXTENT_DEFAULT, ctxs,
					     lens, 2, NULL, st),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_extent_load_batch(ino, EXTCRYPT_EXTENT_DEFAULT, ctxs,
					     lens, 2, out, NULL),
		  EXTCRYPT_E_INVALID);
	for (int k = 0; k < 4; k++) {
		const extcrypt_inode *i = k == 0 ? NULL : ino;
		int p = k == 1 ? 42 : EXTCRYPT_EXTENT_DEFAULT;

		out[0] = out[1] = (void *)1;
		ck_status(extcrypt_extent_load_batch(i, p, k == 2 ? NULL : ctxs,
						     k == 3 ? NULL : lens, 2,
						     out, st),
			  EXTCRYPT_E_INVALID);
		ck_assert_ptr_null(out[0]);
		ck_assert_ptr_null(out[1]);
		ck_assert_int_eq(st[0], EXTCRYPT_E_INVALID);
		ck_assert_int_eq(st[1], EXTCRYPT_E_INVALID);
	}
	extcrypt_inode_free(ino);
}
END_TEST

/* Threads loading batches from one inode at once get the keys single
 * loads give (the choice of kernel and the slot cache are shared). */
#define T_KEYS 13
#define T_THREADS 4

struct thread_job {
	const extcrypt_inode *ino;
	const uint8_t *ctxs[T_KEYS];
	size_t lens[T_KEYS];
	uint8_t want[T_KEYS][64];
	int bad;
};

static void *batch_thread(void *arg)
{
	struct thread_job *j = arg;

	for (int rep = 0; rep < 50; rep++) {
		extcrypt_extent *out[T_KEYS];
		int st[T_KEYS];

		if (extcrypt_extent_load_batch(j->ino, EXTCRYPT_EXTENT_DEFAULT,
					       j->ctxs, j->lens, T_KEYS, out, st))
			j->bad = 1;
		for (int i = 0; i < T_KEYS; i++) {
			if (out[i] == NULL ||
			    memcmp(out[i]->cipher.key, j->want[i], 64) != 0)
				j->bad = 1;
			extcrypt_extent_free(out[i]);
		}
	}
	return NULL;
}

START_TEST(test_threads)
{
	extcrypt_inode *ino = inode_for(1, 4);
	static uint8_t ctx[T_KEYS][CTX_CAP];
	static struct thread_job jobs[T_THREADS];
	pthread_t th[T_THREADS];

	for (int i = 0; i < T_KEYS; i++) {
		extcrypt_extent *e;
		size_t len;

		ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
		ck_ok(extcrypt_extent_context(e, ctx[i], CTX_CAP, &len));
		for (int t = 0; t < T_THREADS; t++) {
			jobs[t].ctxs[i] = ctx[i];
			jobs[t].lens[i] = len;
			memcpy(jobs[t].want[i], e->cipher.key, 64);
		}
		extcrypt_extent_free(e);
	}
	for (int t = 0; t < T_THREADS; t++) {
		jobs[t].ino = ino;
		jobs[t].bad = 0;
		ck_assert_int_eq(pthread_create(&th[t], NULL, batch_thread, &jobs[t]), 0);
	}
	for (int t = 0; t < T_THREADS; t++) {
		pthread_join(th[t], NULL);
		ck_assert_int_eq(jobs[t].bad, 0);
	}
	extcrypt_inode_free(ino);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("extent_batch");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_batch_equals_single_loads);
	tcase_add_test(tc, test_first_error_reported);
	tcase_add_test(tc, test_call_errors);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
