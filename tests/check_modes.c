// SPDX-License-Identifier: MIT
/*
 * The mode table (src/cipher/modes.c): every row equals the documented
 * constants (docs/spec.md, "Modes"; the kernel's fscrypt_modes[]), and
 * the prepared keys of the filenames modes work from several threads on
 * one shared inode at once.
 */
#include <pthread.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "cipher/modes.h"
#include "util/test_util.h"

struct mode_fact {
	int number;
	const char *name;
	unsigned key_size, strength, iv_size;
	bool contents, filenames, implemented;
	unsigned flags;
};

static const struct mode_fact facts[] = {
	{ 1, "AES-256-XTS", 64, 32, 16, true, false, true,
	  EXTCRYPT_MODE_F_LBLK_IVS | EXTCRYPT_MODE_F_IMPLS },
	{ 4, "AES-256-CTS-CBC", 32, 32, 16, false, true, true, 0 },
	{ 5, "AES-128-CBC-ESSIV", 16, 16, 16, true, false, true,
	  EXTCRYPT_MODE_F_WHOLE_BLOCKS },
	{ 6, "AES-128-CTS-CBC", 16, 16, 16, false, true, true, 0 },
	{ 7, "SM4-XTS", 32, 16, 16, true, false, true, 0 },
	{ 8, "SM4-CTS-CBC", 16, 16, 16, false, true, true, 0 },
	{ 9, "Adiantum", 32, 32, 32, true, true, true, 0 },
	{ 10, "AES-256-HCTR2", 32, 32, 32, false, true, true, 0 },
};

static const struct mode_fact *fact_of(int number)
{
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
		if (facts[i].number == number)
			return &facts[i];
	return NULL;
}

START_TEST(test_table_matches_constants)
{
	for (int n = -1; n < 64; n++) {
		const struct extcrypt_mode_info *m = extcrypt_mode_lookup(n);
		const struct mode_fact *f = fact_of(n);

		if (f == NULL) {
			ck_assert_ptr_null(m);
			ck_assert_ptr_null(extcrypt_mode_name(n));
			continue;
		}
		ck_assert_ptr_nonnull(m);
		ck_assert_int_eq(m->number, n);
		ck_assert_str_eq(m->name, f->name);
		ck_assert_uint_eq(m->key_size, f->key_size);
		ck_assert_uint_eq(m->strength, f->strength);
		ck_assert_uint_eq(m->iv_size, f->iv_size);
		ck_assert(m->contents == f->contents);
		ck_assert(m->filenames == f->filenames);
		ck_assert_uint_eq(m->flags, f->flags);
		ck_assert((m->ops != NULL) == f->implemented);
		ck_assert_int_eq(extcrypt_mode_supported(n), f->implemented);
		ck_assert_str_eq(extcrypt_mode_name(n), f->name);
		ck_assert_uint_eq(extcrypt_mode_key_size(n), f->key_size);
		if (m->ops != NULL) {
			ck_assert_ptr_nonnull(m->ops->prepare);
			ck_assert_ptr_nonnull(m->ops->crypt);
			ck_assert_ptr_nonnull(m->ops->wipe);
		}
	}
}
END_TEST

/* Every implemented mode's key object says which code runs it. */
START_TEST(test_every_mode_prepares)
{
	uint8_t key[64];

	for (int i = 0; i < 64; i++)
		key[i] = (uint8_t)(3 * i + 1); /* unequal XTS halves */
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		extcrypt_cipher *c = NULL;
		int err = extcrypt_cipher_new(facts[i].number, key,
					      facts[i].key_size, &c);

		if (!facts[i].implemented) {
			ck_assert_int_eq(err, EXTCRYPT_E_UNSUPPORTED);
			continue;
		}
		ck_ok(err);
		ck_assert_ptr_nonnull(extcrypt_cipher_impl_name(c));
		extcrypt_cipher_free(c);
	}
}
END_TEST

#define NTHREADS 4
#define NNAMES 64
#define ROUNDS 200

struct names_job {
	const extcrypt_inode *dir;
	uint8_t names[NNAMES][64];
	size_t lens[NNAMES];
	uint8_t want[NNAMES][64];
	size_t want_len[NNAMES];
};

/* Encrypts and decrypts every name ROUNDS times; counts mismatches. */
static void *names_worker(void *arg)
{
	const struct names_job *job = arg;
	uintptr_t bad = 0;

	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < NNAMES; i++) {
			uint8_t ct[64], back[64];
			size_t n, m;

			if (extcrypt_inode_encrypt_name(job->dir, job->names[i],
							job->lens[i], 0, ct,
							sizeof(ct), &n) != 0 ||
			    n != job->want_len[i] ||
			    memcmp(ct, job->want[i], n) != 0 ||
			    extcrypt_inode_decrypt_name(job->dir, ct, n, back,
							sizeof(back), &m) != 0 ||
			    m != job->lens[i] ||
			    memcmp(back, job->names[i], m) != 0)
				bad++;
		}
	}
	return (void *)bad;
}

static const uint8_t filenames_pairs[][2] = {
	{ 1, 4 }, { 5, 6 }, { 1, 10 }, { 9, 9 }, { 7, 8 },
};

START_TEST(test_shared_inode_names_threads)
{
	const uint8_t *pair = filenames_pairs[_i];
	static struct names_job job;
	extcrypt_master_key *mk;
	extcrypt_policy *p;
	extcrypt_inode *dir;
	pthread_t th[NTHREADS];
	uint64_t seed = 0x7468726561647321 + (uint64_t)_i;
	uint8_t raw[64], id[16];

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(i * 7 + 5);
	ck_ok(extcrypt_master_key_new(raw, sizeof(raw), &mk));
	extcrypt_master_key_identifier(mk, id);
	ck_ok(extcrypt_policy_new(pair[0], pair[1], 0, 0, id, &p));
	ck_ok(extcrypt_inode_new(mk, p, 4096, &dir));
	job.dir = dir;
	for (int i = 0; i < NNAMES; i++) {
		job.lens[i] = 1 + (size_t)i % 64;
		tu_rand(&seed, job.names[i], job.lens[i]);
		for (size_t j = 0; j < job.lens[i]; j++)
			job.names[i][j] |= 1; /* no NUL inside a name */
		ck_ok(extcrypt_inode_encrypt_name(dir, job.names[i], job.lens[i],
						  0, job.want[i],
						  sizeof(job.want[i]),
						  &job.want_len[i]));
	}
	for (int t = 0; t < NTHREADS; t++)
		ck_assert_int_eq(pthread_create(&th[t], NULL, names_worker, &job), 0);
	for (int t = 0; t < NTHREADS; t++) {
		void *bad;

		ck_assert_int_eq(pthread_join(th[t], &bad), 0);
		ck_assert_uint_eq((uintptr_t)bad, 0);
	}
	extcrypt_inode_free(dir);
	extcrypt_policy_free(p);
	extcrypt_master_key_free(mk);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("modes");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_table_matches_constants);
	tcase_add_test(tc, test_every_mode_prepares);
	tcase_add_loop_test(tc, test_shared_inode_names_threads, 0,
			    sizeof(filenames_pairs) / sizeof(filenames_pairs[0]));
	suite_add_tcase(s, tc);
	return tu_run(s);
}
