// SPDX-License-Identifier: MIT
/*
 * The conventions of the public headers (docs/design.md, "Conventions"),
 * function by function: every documented failure that can be provoked
 * from outside returns its status and leaves a specific per-thread
 * message ("<strerror>: <detail>", written by that call); a NULL object or
 * buffer is EXTCRYPT_E_INVALID for functions returning a status, the
 * documented 0 / NULL plus a message for accessors, a no-op for *_free;
 * and the status table is complete.
 */
#include <stdio.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

/* A message no library call writes, so a stale one is caught. */
static void plant_sentinel(void)
{
	ck_assert_int_eq(extcrypt_extent_profile_from_name("sentinel-7f3a"),
			 EXTCRYPT_E_INVALID);
}

static void check_failure(int got, int want, const char *expr, int line)
{
	const char *msg = extcrypt_last_error();
	char prefix[96];
	size_t n;

	ck_assert_msg(got == want, "line %d: %s gave %s, want %s (%s)", line,
		      expr, extcrypt_status_name(got), extcrypt_status_name(want),
		      msg);
	n = (size_t)snprintf(prefix, sizeof(prefix), "%s: ",
			     extcrypt_strerror(want));
	ck_assert_msg(strstr(msg, "sentinel-7f3a") == NULL,
		      "line %d: %s left no message of its own", line, expr);
	ck_assert_msg(strncmp(msg, prefix, n) == 0 && strlen(msg) > n + 3,
		      "line %d: %s: message \"%s\" is not \"%s<detail>\"", line,
		      expr, msg, prefix);
}

/* `expr` fails with `want` and says why. */
#define FAILS(expr, want)                                                      \
	do {                                                                   \
		plant_sentinel();                                              \
		check_failure((expr), (want), #expr, __LINE__);                \
	} while (0)

/* An accessor given NULL returns `zero` and says so. */
#define NULL_GIVES(expr, zero)                                                 \
	do {                                                                   \
		plant_sentinel();                                              \
		ck_assert_msg((expr) == (zero), "%s", #expr);                 \
		check_failure(EXTCRYPT_E_INVALID, EXTCRYPT_E_INVALID, #expr,   \
			      __LINE__);                                       \
	} while (0)

static extcrypt_master_key *mk;
static uint8_t id[EXTCRYPT_KEY_IDENTIFIER_SIZE];
static extcrypt_policy *pol;
static extcrypt_inode *ino;
static extcrypt_extent *ext;
static uint8_t buf[8192], out[8192];
static size_t n;

static extcrypt_policy *policy(int c, int f, uint8_t flags)
{
	extcrypt_policy *p;

	ck_ok(extcrypt_policy_new(c, f, flags, 0, id, &p));
	return p;
}

static extcrypt_inode *inode_of(const extcrypt_policy *p)
{
	extcrypt_inode *i;

	ck_ok(extcrypt_inode_new(mk, p, 4096, &i));
	return i;
}

static void setup(void)
{
	uint8_t raw[64];

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(3 * i + 1);
	ck_ok(extcrypt_master_key_new(raw, sizeof(raw), &mk));
	ck_ok(extcrypt_master_key_identifier(mk, id));
	pol = policy(EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
		     EXTCRYPT_POLICY_FLAGS_PAD_32);
	ino = inode_of(pol);
	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &ext));
}

static void teardown(void)
{
	extcrypt_extent_free(ext);
	extcrypt_inode_free(ino);
	extcrypt_policy_free(pol);
	extcrypt_master_key_free(mk);
}

START_TEST(test_status_table)
{
	const char *names[-EXTCRYPT_E_STATE + 1];

	for (int s = 0; s >= EXTCRYPT_E_STATE; s--) {
		names[-s] = extcrypt_status_name(s);
		ck_assert_msg(strncmp(names[-s], "EXTCRYPT_", 9) == 0, "%d", s);
		ck_assert_str_ne(names[-s], "EXTCRYPT_E_UNKNOWN");
		ck_assert_str_ne(extcrypt_strerror(s), "unknown status");
		for (int t = 0; t < -s; t++)
			ck_assert_str_ne(names[t], names[-s]);
	}
	ck_assert_str_eq(extcrypt_status_name(EXTCRYPT_OK), "EXTCRYPT_OK");
	ck_assert_str_eq(extcrypt_status_name(EXTCRYPT_E_STATE), "EXTCRYPT_E_STATE");
	ck_assert_str_eq(extcrypt_strerror(EXTCRYPT_E_NOMEM), "out of memory");
	ck_assert_str_eq(extcrypt_status_name(EXTCRYPT_E_STATE - 1),
			 "EXTCRYPT_E_UNKNOWN");
	ck_assert_str_eq(extcrypt_strerror(1), "unknown status");
	ck_assert_str_eq(extcrypt_strerror(-2147483647 - 1), "unknown status");
}
END_TEST

START_TEST(test_null_rule)
{
	uint8_t b[64];

	/* Functions returning a status. */
	FAILS(extcrypt_master_key_identifier(NULL, b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_master_key_identifier(mk, NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_master_key_descriptor(NULL, b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_key_identifier(NULL, b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_encode(pol, NULL, 64, &n), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_check_extent(NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_context(NULL, b, sizeof(b), &n), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_context(ino, b, sizeof(b), NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_nonce(NULL, b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_nonce(ino, NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_set_ino(ino, 5, NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_encrypt(NULL, 0, buf, out, 4096), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_dirhash(NULL, b, 1, (uint64_t *)b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_nonce(NULL, b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_nonce(ext, NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_context(NULL, b, sizeof(b), &n), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_encrypt(ext, 0, NULL, out, 4096, NULL, NULL),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_csum_begin(NULL, 0, b, 4), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_csum_result(NULL, NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_nokey_name_encode(NULL, 16, 0, 0, (char *)b, sizeof(b), &n),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_nokey_name_match(NULL, 4, buf, 16, 0, 0), EXTCRYPT_E_INVALID);

	/* Accessors: the documented 0 or NULL, and a message. */
	NULL_GIVES(extcrypt_master_key_size(NULL), 0);
	NULL_GIVES(extcrypt_policy_version(NULL), 0);
	NULL_GIVES(extcrypt_policy_contents_mode(NULL), 0);
	NULL_GIVES(extcrypt_policy_filenames_mode(NULL), 0);
	NULL_GIVES(extcrypt_policy_flags(NULL), 0);
	NULL_GIVES(extcrypt_policy_log2_data_unit_size(NULL), 0);
	NULL_GIVES(extcrypt_inode_policy(NULL), NULL);
	NULL_GIVES(extcrypt_inode_data_unit_size(NULL), 0);
	NULL_GIVES(extcrypt_extent_profile(NULL), 0);
	NULL_GIVES(extcrypt_extent_data_unit_size(NULL), 0);
	NULL_GIVES(extcrypt_cipher_impl_name(NULL), NULL);

	/* Destructors. */
	extcrypt_master_key_free(NULL);
	extcrypt_policy_free(NULL);
	extcrypt_inode_free(NULL);
	extcrypt_extent_free(NULL);
	extcrypt_cipher_free(NULL);
	extcrypt_csum_free(NULL);
}
END_TEST

START_TEST(test_policy_and_key_failures)
{
	uint8_t raw[65] = { 1 }, b[64];
	extcrypt_master_key *k;
	extcrypt_policy *p = (void *)1;
	extcrypt_policy *v1;
	extcrypt_policy *direct = policy(EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_ADIANTUM,
					 EXTCRYPT_POLICY_FLAG_DIRECT_KEY);
	extcrypt_policy *lblk = policy(EXTCRYPT_MODE_AES_256_XTS,
				       EXTCRYPT_MODE_AES_256_CTS,
				       EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64);
	static const uint8_t v1_bytes[12] = { 0, 1, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8 };

	FAILS(extcrypt_master_key_new(NULL, 32, &k), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_master_key_new(raw, 15, &k), EXTCRYPT_E_KEY_SIZE);
	FAILS(extcrypt_master_key_new(raw, 65, &k), EXTCRYPT_E_KEY_SIZE);
	FAILS(extcrypt_master_key_derive(mk, 2, NULL, 0, b, 0), EXTCRYPT_E_LENGTH);
	FAILS(extcrypt_master_key_derive(mk, 2, buf, 257, b, 16), EXTCRYPT_E_LENGTH);
	FAILS(extcrypt_master_key_derive(mk, 2, NULL, 0, NULL, 16), EXTCRYPT_E_INVALID);

	FAILS(extcrypt_policy_new(1, 4, 0, 0, NULL, &p), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_new(1, 4, 0, 0, id, NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_new(1, 1, 0, 0, id, &p), EXTCRYPT_E_POLICY);
	ck_assert_ptr_null(p);
	FAILS(extcrypt_policy_new(0x101, 4, 0, 0, id, &p), EXTCRYPT_E_POLICY);
	FAILS(extcrypt_policy_new(1, -252, 0, 0, id, &p), EXTCRYPT_E_POLICY);
	FAILS(extcrypt_policy_new(1, 4, 0x80, 0, id, &p), EXTCRYPT_E_POLICY);
	FAILS(extcrypt_policy_new(1, 4, 0, 8, id, &p), EXTCRYPT_E_POLICY);
	FAILS(extcrypt_policy_decode(NULL, 24, &p), EXTCRYPT_E_INVALID);
	ck_ok(extcrypt_policy_encode(pol, b, sizeof(b), &n));
	FAILS(extcrypt_policy_decode(b, 23, &p), EXTCRYPT_E_LENGTH);
	b[0] = 9;
	FAILS(extcrypt_policy_decode(b, 24, &p), EXTCRYPT_E_POLICY);
	b[0] = 2, b[5] = 1;
	FAILS(extcrypt_policy_decode(b, 24, &p), EXTCRYPT_E_POLICY);
	FAILS(extcrypt_policy_encode(pol, b, 23, &n), EXTCRYPT_E_OUTPUT_SPACE);
	ck_ok(extcrypt_policy_decode(v1_bytes, sizeof(v1_bytes), &v1));
	FAILS(extcrypt_policy_key_identifier(v1, b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_key_descriptor(pol, b), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_check_fs(pol, 0, 1000, 0), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_policy_check_fs(lblk, 0, 4096, 0), EXTCRYPT_E_POLICY);
	FAILS(extcrypt_policy_check_extent(direct), EXTCRYPT_E_EXTENT_POLICY);
	FAILS(extcrypt_policy_check_extent(v1), EXTCRYPT_E_EXTENT_POLICY);
	extcrypt_policy_free(v1);
	extcrypt_policy_free(direct);
	extcrypt_policy_free(lblk);
}
END_TEST

START_TEST(test_inode_failures)
{
	uint8_t ctx[41], b[64], other_raw[32] = { 7 }, uuid[16] = { 1 };
	extcrypt_master_key *other, *short_key;
	extcrypt_inode *i = (void *)1, *lblk_ino;
	extcrypt_policy *lblk = policy(EXTCRYPT_MODE_AES_256_XTS,
				       EXTCRYPT_MODE_AES_256_CTS,
				       EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64);
	uint8_t other_id[16];
	extcrypt_policy *foreign, *short_pol;
	uint64_t h;

	ck_ok(extcrypt_master_key_new(other_raw, sizeof(other_raw), &other));
	ck_ok(extcrypt_master_key_identifier(other, other_id));
	ck_ok(extcrypt_policy_new(1, 4, 0, 0, other_id, &foreign));
	ck_ok(extcrypt_master_key_new(other_raw, 16, &short_key));

	FAILS(extcrypt_inode_new(NULL, pol, 4096, &i), EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(i);
	FAILS(extcrypt_inode_new(mk, pol, 1000, &i), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_new(mk, foreign, 4096, &i), EXTCRYPT_E_KEY_MISMATCH);
	ck_ok(extcrypt_master_key_identifier(short_key, other_id));
	ck_ok(extcrypt_policy_new(1, 4, 0, 0, other_id, &short_pol));
	FAILS(extcrypt_inode_new(short_key, short_pol, 4096, &i),
	      EXTCRYPT_E_KEY_SIZE);
	FAILS(extcrypt_inode_new_with_nonce(mk, pol, NULL, 4096, &i),
	      EXTCRYPT_E_INVALID);

	ck_ok(extcrypt_inode_context(ino, ctx, sizeof(ctx), &n));
	FAILS(extcrypt_inode_context(ino, b, 39, &n), EXTCRYPT_E_OUTPUT_SPACE);
	FAILS(extcrypt_inode_load(mk, ctx, 39, 4096, &i), EXTCRYPT_E_LENGTH);
	FAILS(extcrypt_inode_load(other, ctx, 40, 4096, &i),
	      EXTCRYPT_E_KEY_MISMATCH);
	ctx[5] = 1;
	FAILS(extcrypt_inode_load(mk, ctx, 40, 4096, &i), EXTCRYPT_E_POLICY);
	ctx[5] = 0, ctx[0] = 3;
	FAILS(extcrypt_inode_load(mk, ctx, 40, 4096, &i), EXTCRYPT_E_CONTEXT);

	FAILS(extcrypt_inode_set_ino(ino, 0, uuid), EXTCRYPT_E_INVALID);
	lblk_ino = inode_of(lblk);
	FAILS(extcrypt_inode_encrypt(lblk_ino, 0, buf, out, 4096), EXTCRYPT_E_STATE);
	FAILS(extcrypt_inode_encrypt_name(lblk_ino, (const uint8_t *)"a", 1, 0, b,
					  sizeof(b), &n),
	      EXTCRYPT_E_STATE);
	ck_ok(extcrypt_inode_set_ino(lblk_ino, 12, uuid));
	FAILS(extcrypt_inode_set_ino(lblk_ino, 12, uuid), EXTCRYPT_E_STATE);
	FAILS(extcrypt_inode_encrypt(lblk_ino, UINT32_MAX, buf, out, 8192),
	      EXTCRYPT_E_RANGE);

	FAILS(extcrypt_inode_encrypt(ino, 0, buf, out, 100), EXTCRYPT_E_ALIGNMENT);
	FAILS(extcrypt_inode_decrypt(ino, 0, buf, out, 4097), EXTCRYPT_E_ALIGNMENT);
	FAILS(extcrypt_inode_encrypt(ino, UINT64_MAX, buf, out, 8192),
	      EXTCRYPT_E_RANGE);
	FAILS(extcrypt_inode_encrypt(ino, 0, buf, buf + 1, 4096),
	      EXTCRYPT_E_INVALID);

	FAILS(extcrypt_inode_encrypted_name_size(ino, 0, 0, &n), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_encrypted_name_size(ino, 256, 0, &n),
	      EXTCRYPT_E_NAME_TOO_LONG);
	FAILS(extcrypt_inode_encrypt_name(ino, buf, 256, 0, out, sizeof(out), &n),
	      EXTCRYPT_E_NAME_TOO_LONG);
	FAILS(extcrypt_inode_encrypt_name(ino, buf, 5, 0, out, 31, &n),
	      EXTCRYPT_E_OUTPUT_SPACE);
	FAILS(extcrypt_inode_encrypt_name(ino, NULL, 5, 0, out, 32, &n),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_decrypt_name(ino, buf, 15, out, sizeof(out), &n),
	      EXTCRYPT_E_BAD_NAME);
	/* A real 20-byte name's ciphertext, so the plaintext is known (random
	 * bytes could decrypt to a leading NUL: E_BAD_NAME, not the point). */
	memset(buf, 'n', 20);
	ck_ok(extcrypt_inode_encrypt_name(ino, buf, 20, 0, out, sizeof(out), &n));
	FAILS(extcrypt_inode_decrypt_name(ino, out, n, buf, 19, &n),
	      EXTCRYPT_E_OUTPUT_SPACE);
	FAILS(extcrypt_inode_dirhash(ino, NULL, 1, &h), EXTCRYPT_E_INVALID);

	FAILS(extcrypt_inode_encrypt_symlink(ino, "", 0, 4096, out, sizeof(out), &n),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_encrypt_symlink(ino, "a", 1, 18, out, sizeof(out), &n),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_inode_encrypt_symlink(ino, (const char *)buf, 100, 60, out,
					     sizeof(out), &n),
	      EXTCRYPT_E_INVALID); /* NUL bytes inside */
	memset(b, 'x', sizeof(b));
	FAILS(extcrypt_inode_encrypt_symlink(ino, (const char *)b, 64, 60, out,
					     sizeof(out), &n),
	      EXTCRYPT_E_NAME_TOO_LONG);
	FAILS(extcrypt_inode_encrypt_symlink(ino, "a", 1, 4096, out, 33, &n),
	      EXTCRYPT_E_OUTPUT_SPACE);
	FAILS(extcrypt_inode_decrypt_symlink(ino, buf, 1, (char *)out, sizeof(out),
					     &n),
	      EXTCRYPT_E_BAD_NAME);
	ck_ok(extcrypt_inode_encrypt_symlink(ino, "a", 1, 4096, b, sizeof(b), &n));
	FAILS(extcrypt_inode_decrypt_symlink(ino, b, n, (char *)out, 1, &n),
	      EXTCRYPT_E_OUTPUT_SPACE);

	extcrypt_inode_free(lblk_ino);
	extcrypt_policy_free(lblk);
	extcrypt_policy_free(foreign);
	extcrypt_policy_free(short_pol);
	extcrypt_master_key_free(other);
	extcrypt_master_key_free(short_key);
}
END_TEST

static int reject_all(void *arg, uint64_t unit, const uint8_t *ct, size_t len)
{
	(void)arg, (void)unit, (void)ct, (void)len;
	return 1;
}

START_TEST(test_extent_failures)
{
	uint8_t ctx[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE], bad[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE];
	const uint8_t *ctxs[2];
	size_t lens[2];
	extcrypt_extent *e = (void *)1, *outs[2];
	int statuses[2];
	extcrypt_policy *direct = policy(EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_ADIANTUM,
					 EXTCRYPT_POLICY_FLAG_DIRECT_KEY);
	extcrypt_policy *adiantum = policy(EXTCRYPT_MODE_ADIANTUM,
					   EXTCRYPT_MODE_ADIANTUM, 0);
	extcrypt_inode *direct_ino = inode_of(direct);
	extcrypt_inode *other_mode = inode_of(adiantum);

	FAILS(extcrypt_extent_profile_from_name("v9-2099-01"), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_profile_from_name(NULL), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_new(ino, 99, &e), EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(e);
	FAILS(extcrypt_extent_new(NULL, EXTCRYPT_EXTENT_DEFAULT, &e),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_new(direct_ino, EXTCRYPT_EXTENT_DEFAULT, &e),
	      EXTCRYPT_E_EXTENT_POLICY);
	FAILS(extcrypt_extent_new_with_nonce(ino, EXTCRYPT_EXTENT_DEFAULT, NULL, &e),
	      EXTCRYPT_E_INVALID);

	ck_ok(extcrypt_extent_context(ext, ctx, sizeof(ctx), &n));
	FAILS(extcrypt_extent_context(ext, bad, n - 1, &n), EXTCRYPT_E_OUTPUT_SPACE);
	FAILS(extcrypt_extent_load(ino, EXTCRYPT_EXTENT_DEFAULT, ctx, 10, &e),
	      EXTCRYPT_E_CONTEXT);
	FAILS(extcrypt_extent_load(other_mode, EXTCRYPT_EXTENT_DEFAULT, ctx,
				   sizeof(ctx), &e),
	      EXTCRYPT_E_MODE_MISMATCH);
	memcpy(bad, ctx, sizeof(bad));
	bad[0] ^= 0xff;
	FAILS(extcrypt_extent_load(ino, EXTCRYPT_EXTENT_DEFAULT, bad, sizeof(bad),
				   &e),
	      EXTCRYPT_E_CONTEXT);
	memcpy(bad, ctx, sizeof(bad));
	bad[2] ^= 1; /* the key identifier */
	FAILS(extcrypt_extent_load(ino, EXTCRYPT_EXTENT_DEFAULT, bad, sizeof(bad),
				   &e),
	      EXTCRYPT_E_KEY_MISMATCH);
	FAILS(extcrypt_extent_load(direct_ino, EXTCRYPT_EXTENT_DEFAULT, ctx,
				   sizeof(ctx), &e),
	      EXTCRYPT_E_EXTENT_POLICY);

	ctxs[0] = ctx, ctxs[1] = bad;
	lens[0] = lens[1] = sizeof(ctx);
	FAILS(extcrypt_extent_load_batch(ino, EXTCRYPT_EXTENT_DEFAULT, ctxs, lens,
					 2, NULL, statuses),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_extent_load_batch(ino, EXTCRYPT_EXTENT_DEFAULT, ctxs, lens,
					 2, outs, statuses),
	      EXTCRYPT_E_KEY_MISMATCH);
	ck_assert_ptr_null(strstr(extcrypt_last_error(), "entry 0"));
	ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "entry 1"));
	extcrypt_extent_free(outs[0]);

	FAILS(extcrypt_extent_encrypt(ext, 0, buf, out, 100, NULL, NULL),
	      EXTCRYPT_E_ALIGNMENT);
	FAILS(extcrypt_extent_encrypt(ext, UINT64_MAX, buf, out, 8192, NULL, NULL),
	      EXTCRYPT_E_RANGE);
	FAILS(extcrypt_extent_encrypt(ext, 0, buf, out, 4096, reject_all, NULL),
	      EXTCRYPT_E_REJECTED);
	FAILS(extcrypt_extent_decrypt(ext, 0, buf, out, 4096, reject_all, NULL),
	      EXTCRYPT_E_REJECTED);
	FAILS(extcrypt_extent_decrypt(ext, 0, buf, out, 4095, NULL, NULL),
	      EXTCRYPT_E_ALIGNMENT);

	extcrypt_inode_free(direct_ino);
	extcrypt_inode_free(other_mode);
	extcrypt_policy_free(direct);
	extcrypt_policy_free(adiantum);
}
END_TEST

/* Every mode's raw cipher, HCTR2 and Adiantum included. */
START_TEST(test_cipher_failures)
{
	static const int modes[] = {
		EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
		EXTCRYPT_MODE_AES_128_CBC, EXTCRYPT_MODE_AES_128_CTS,
		EXTCRYPT_MODE_ADIANTUM,	   EXTCRYPT_MODE_AES_256_HCTR2,
	};
	uint8_t key[64], iv[32] = { 0 };
	extcrypt_cipher *c = (void *)1;

	for (int i = 0; i < 64; i++)
		key[i] = (uint8_t)i;
	FAILS(extcrypt_cipher_new(3, key, 32, &c), EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(c);
	FAILS(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, key, 63, &c),
	      EXTCRYPT_E_LENGTH);
	FAILS(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, NULL, 64, &c),
	      EXTCRYPT_E_INVALID);
	memcpy(out, key, 32), memcpy(out + 32, key, 32);
	FAILS(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, out, 64, &c),
	      EXTCRYPT_E_INVALID); /* equal halves */
	FAILS(extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_XTS, key, 64,
				       "no-such-impl", &c),
	      EXTCRYPT_E_UNSUPPORTED);
	FAILS(extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_CTS, key, 32,
				       "portable", &c),
	      EXTCRYPT_E_INVALID);

	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		size_t klen = extcrypt_mode_key_size(modes[m]);
		bool contents = modes[m] != EXTCRYPT_MODE_AES_256_CTS &&
				modes[m] != EXTCRYPT_MODE_AES_128_CTS &&
				modes[m] != EXTCRYPT_MODE_AES_256_HCTR2;

		ck_ok(extcrypt_cipher_new(modes[m], key, klen, &c));
		FAILS(extcrypt_cipher_encrypt(c, iv, 16, buf, out, 15),
		      EXTCRYPT_E_LENGTH);
		FAILS(extcrypt_cipher_decrypt(c, iv, 16, buf, out, 15),
		      EXTCRYPT_E_LENGTH);
		FAILS(extcrypt_cipher_encrypt(c, iv, 33, buf, out, 32),
		      EXTCRYPT_E_LENGTH);
		FAILS(extcrypt_cipher_encrypt(c, iv, 16, NULL, out, 32),
		      EXTCRYPT_E_INVALID);
		FAILS(extcrypt_cipher_encrypt(c, iv, 16, buf,
					      out, EXTCRYPT_CIPHER_MAX_UNIT + 1),
		      EXTCRYPT_E_LENGTH);
		if (contents) {
			FAILS(extcrypt_cipher_encrypt_units(c, 0, 500, buf, out, 1000),
			      EXTCRYPT_E_INVALID);
			FAILS(extcrypt_cipher_encrypt_units(c, 0, 512, buf, out, 1000),
			      EXTCRYPT_E_ALIGNMENT);
			FAILS(extcrypt_cipher_decrypt_units(c, UINT64_MAX, 512, buf,
							    out, 1024),
			      EXTCRYPT_E_RANGE);
		} else {
			FAILS(extcrypt_cipher_encrypt_units(c, 0, 512, buf, out, 512),
			      EXTCRYPT_E_INVALID);
		}
		if (modes[m] == EXTCRYPT_MODE_AES_128_CBC)
			FAILS(extcrypt_cipher_encrypt(c, iv, 16, buf, out, 17),
			      EXTCRYPT_E_ALIGNMENT);
		extcrypt_cipher_free(c);
	}
}
END_TEST

static int reject_none(void *arg, uint64_t unit, const uint8_t *ct, size_t len)
{
	(void)arg, (void)unit, (void)ct, (void)len;
	return 0;
}

START_TEST(test_csum_and_nokey_failures)
{
	uint8_t sums[8] = { 0 };
	char name[300];
	extcrypt_csum *cs = (void *)1;
	uint64_t bad;

	FAILS(extcrypt_csum_type_from_name("md5"), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_csum_supported(9), EXTCRYPT_E_INVALID);
	FAILS(extcrypt_csum_new(9, 0, &cs), EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(cs);
	FAILS(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 1000, &cs),
	      EXTCRYPT_E_INVALID);
	FAILS(extcrypt_csum_sectors(EXTCRYPT_CSUM_CRC32C, 16, buf, 40, out,
				    sizeof(out), &n),
	      EXTCRYPT_E_ALIGNMENT);
	FAILS(extcrypt_csum_sectors(EXTCRYPT_CSUM_CRC32C, 16, buf, 48, out, 11, &n),
	      EXTCRYPT_E_OUTPUT_SPACE);
	FAILS(extcrypt_csum_sectors(EXTCRYPT_CSUM_CRC32C, 16, buf, 48, out,
				    sizeof(out), NULL),
	      EXTCRYPT_E_INVALID);

	ck_ok(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 0, &cs));
	/* The callback without a begin call, then a stored sum that differs. */
	ck_assert_int_ne(extcrypt_csum_callback(cs, 0, buf, 4096), 0);
	FAILS(extcrypt_csum_result(cs, &bad), EXTCRYPT_E_STATE);
	ck_ok(extcrypt_csum_begin_verify(cs, 0, sums, sizeof(sums)));
	FAILS(extcrypt_extent_decrypt(ext, 0, buf, out, 4096, extcrypt_csum_callback,
				      cs),
	      EXTCRYPT_E_REJECTED);
	FAILS(extcrypt_csum_result(cs, &bad), EXTCRYPT_E_REJECTED);
	ck_ok(extcrypt_csum_begin(cs, 0, sums, 4));
	FAILS(extcrypt_extent_encrypt(ext, 0, buf, out, 8192, extcrypt_csum_callback,
				      cs),
	      EXTCRYPT_E_REJECTED);
	FAILS(extcrypt_csum_result(cs, NULL), EXTCRYPT_E_OUTPUT_SPACE);
	extcrypt_csum_free(cs);
	ck_ok(extcrypt_extent_encrypt(ext, 0, buf, out, 4096, reject_none, NULL));

	FAILS(extcrypt_nokey_name_encode(buf, 15, 0, 0, name, sizeof(name), &n),
	      EXTCRYPT_E_BAD_NAME);
	FAILS(extcrypt_nokey_name_encode(buf, 16, 0, 0, name, 10, &n),
	      EXTCRYPT_E_OUTPUT_SPACE);
	FAILS(extcrypt_nokey_name_match("!!!!", 4, buf, 16, 0, 0),
	      EXTCRYPT_E_BAD_NAME);
	FAILS(extcrypt_nokey_name_match("", 0, buf, 16, 0, 0), EXTCRYPT_E_BAD_NAME);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("api_conventions");
	TCase *tc = tcase_create("api_conventions");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_status_table);
	tcase_add_test(tc, test_null_rule);
	tcase_add_test(tc, test_policy_and_key_failures);
	tcase_add_test(tc, test_inode_failures);
	tcase_add_test(tc, test_extent_failures);
	tcase_add_test(tc, test_cipher_failures);
	tcase_add_test(tc, test_csum_and_nokey_failures);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
