// SPDX-License-Identifier: MIT
/*
 * The test loops HCTR2 and Adiantum share; see wide_mode_tests.h.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wide_mode_tests.h"

#define FSCRYPT_CASES "fscrypt_wide_modes.txt"
#define FSCRYPT_TWEAK_SIZE 32

/* One call: `enc` or not, through the fscrypt form (32-byte tweak) or the
 * form with a tweak length. */
static int run_one(const struct wide_mode *m, bool enc, bool fscrypt,
		   const struct extcrypt_tv *tv, const uint8_t *src,
		   uint8_t *dst)
{
	size_t len = tv->plaintext_len;

	if (fscrypt)
		return (enc ? m->encrypt : m->decrypt)(tv->key, tv->tweak, src,
							dst, len);
	return (enc ? m->encrypt_tweak : m->decrypt_tweak)(
		tv->key, tv->tweak, tv->tweak_len, src, dst, len);
}

/* Out of place, then in place; 1 if both give the expected data. */
static int both_ways(const struct wide_mode *m, bool enc, bool fscrypt,
		     const struct extcrypt_tv *tv, uint8_t *buf)
{
	const uint8_t *in = enc ? tv->plaintext : tv->ciphertext;
	const uint8_t *want = enc ? tv->ciphertext : tv->plaintext;
	size_t len = tv->plaintext_len;
	int ok = run_one(m, enc, fscrypt, tv, in, buf) == 0 &&
		 memcmp(buf, want, len) == 0;

	memcpy(buf, in, len);
	return ok && run_one(m, enc, fscrypt, tv, buf, buf) == 0 &&
	       memcmp(buf, want, len) == 0;
}

/* One vector, four ways (eight with a 32-byte tweak); 1 if all agree. */
static int run_vector(const struct wide_mode *m, const struct extcrypt_tv *tv)
{
	uint8_t *buf = malloc(tv->plaintext_len ? tv->plaintext_len : 1);
	int ok;

	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(tv->key_len, 32);
	ok = both_ways(m, true, false, tv, buf) &&
	     both_ways(m, false, false, tv, buf);
	if (tv->tweak_len == FSCRYPT_TWEAK_SIZE)
		ok = ok && both_ways(m, true, true, tv, buf) &&
		     both_ways(m, false, true, tv, buf);
	free(buf);
	return ok;
}

void wide_check_reference_vectors(const struct wide_mode *m, const char *json,
				  size_t count)
{
	struct extcrypt_tv_set set;
	char *path = extcrypt_tv_path(EXTCRYPT_TEST_VECTOR_DIR, json);
	size_t passed = 0, with_fscrypt_tweak = 0;

	ck_assert_ptr_nonnull(path);
	ck_assert_msg(extcrypt_tv_load_json(path, &set) == 0,
		      "cannot load %s", path);
	ck_assert_uint_eq(set.n, count);

	for (size_t i = 0; i < set.n; i++) {
		if (run_vector(m, &set.v[i]))
			passed++;
		else
			fprintf(stderr, "%s vector %zu (%s, tweak %zu B, "
				"len %zu B) failed\n", m->name, i,
				set.v[i].description ? set.v[i].description : "",
				set.v[i].tweak_len, set.v[i].plaintext_len);
		if (set.v[i].tweak_len == FSCRYPT_TWEAK_SIZE)
			with_fscrypt_tweak++;
	}
	printf("%s: %zu/%zu %s vectors passed "
	       "(%zu with a 32-byte tweak also via the fscrypt API)\n",
	       m->name, passed, set.n, m->source, with_fscrypt_tweak);
	fflush(stdout);
	ck_assert_uint_eq(passed, set.n);
	extcrypt_tv_free(&set);
	free(path);
}

void wide_check_fscrypt_cases(const struct wide_mode *m,
			      const char *fscrypt_mode, size_t names,
			      size_t contents)
{
	struct extcrypt_fscase_set set;
	char *path = extcrypt_tv_path(EXTCRYPT_TEST_VECTOR_DIR, FSCRYPT_CASES);
	size_t seen_names = 0, seen_contents = 0, passed = 0;

	ck_assert_ptr_nonnull(path);
	ck_assert_msg(extcrypt_fscase_load(path, &set) == 0,
		      "cannot load %s", path);
	for (size_t i = 0; i < set.n; i++) {
		const char *mode = extcrypt_fscase_get(&set.c[i], "mode");
		const char *kind = extcrypt_fscase_get(&set.c[i], "kind");

		if (mode == NULL || kind == NULL || strcmp(mode, fscrypt_mode) != 0)
			continue;
		if (strcmp(kind, "filename") == 0)
			seen_names++;
		else if (strcmp(kind, "contents") == 0)
			seen_contents++;
		else
			continue;
		if (extcrypt_fscase_check_wide(&set.c[i], m->encrypt,
					       m->decrypt) == 0)
			passed++;
	}
	printf("%s: %zu/%zu fscrypt (fscrypt-crypt-util) cases passed "
	       "(%zu filename, %zu contents)\n", m->name, passed,
	       seen_names + seen_contents, seen_names, seen_contents);
	fflush(stdout);
	ck_assert_uint_eq(seen_names, names);
	ck_assert_uint_eq(seen_contents, contents);
	ck_assert_uint_eq(passed, names + contents);
	extcrypt_fscase_free(&set);
	free(path);
}
