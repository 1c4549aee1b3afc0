// SPDX-License-Identifier: MIT
/*
 * Per-extent encryption: every profile's context layout and reader rules,
 * the extent keys of spec appendix A, reflink semantics, the ciphertext
 * callback, and no half-written output.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "extent/extent.h"
#include "util/test_util.h"

static extcrypt_master_key *mk;
static uint8_t key_id[16];
static uint8_t N[16];

static const int all_profiles[] = {
	EXTCRYPT_EXTENT_RFC_2023_09, EXTCRYPT_EXTENT_V1_2023_09,
	EXTCRYPT_EXTENT_V2_2023_10, EXTCRYPT_EXTENT_V5_2024_01,
	EXTCRYPT_EXTENT_V6_2026_02,
};
#define NPROFILES (sizeof(all_profiles) / sizeof(all_profiles[0]))

static void setup(void)
{
	uint8_t raw[64];
	uint8_t *n = tu_hex("00112233445566778899aabbccddeeff", NULL);

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(i + 1);
	ck_ok(extcrypt_master_key_new(raw, 64, &mk));
	extcrypt_master_key_identifier(mk, key_id);
	memcpy(N, n, 16);
	free(n);
}

static void teardown(void)
{
	extcrypt_master_key_free(mk);
}

static extcrypt_inode *inode_for(extcrypt_master_key *key, uint8_t c, uint8_t f,
				 uint8_t flags)
{
	extcrypt_policy *p;
	extcrypt_inode *inode;
	uint8_t id[16];

	extcrypt_master_key_identifier(key, id);
	ck_ok(extcrypt_policy_new(c, f, flags, 0, id, &p));
	ck_ok(extcrypt_inode_new(key, p, 4096, &inode));
	extcrypt_policy_free(p);
	return inode;
}

START_TEST(test_profile_table)
{
	static const char *const names[] = { "rfc-2023-09", "v1-2023-09", "v2-2023-10",
					     "v5-2024-01", "v6-2026-02" };
	static const size_t sizes[] = { 17, 34, 34, 34, 34 };
	static const int ctxs[] = { 8, 8, 2, 8, 9 };

	for (size_t i = 0; i < NPROFILES; i++) {
		ck_assert_str_eq(extcrypt_extent_profile_name(all_profiles[i]), names[i]);
		ck_assert_int_eq(extcrypt_extent_profile_from_name(names[i]), all_profiles[i]);
		ck_assert_uint_eq(extcrypt_extent_context_size(all_profiles[i]), sizes[i]);
		ck_assert_int_eq(extcrypt_extent_hkdf_context(all_profiles[i]), ctxs[i]);
	}
	ck_assert_int_eq(extcrypt_extent_profile_from_name("default"), EXTCRYPT_EXTENT_V6_2026_02);
	ck_status(extcrypt_extent_profile_from_name("v3"), EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(extcrypt_extent_profile_name(0));
	ck_assert_uint_eq(extcrypt_extent_context_size(99), 0);
}
END_TEST

/* Appendix A: extent keys of contexts 2, 8, 9 and a ctx-9 ciphertext. */
START_TEST(test_spec_values)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);
	static uint8_t zero[4096], out[4096], ref[4096];
	static const struct {
		int profile;
		const char *key;
	} cases[] = {
		{ EXTCRYPT_EXTENT_V2_2023_10,
		  "6c9f9f6a6c496070fe5b18d3f9668990325e15c275ca3780270570ac23516ec6"
		  "7c5836a20db92acb72d129957949ef280fdc40564d98af7dfc884f812cdb6f34" },
		{ EXTCRYPT_EXTENT_V5_2024_01,
		  "6bb32556081b5f84c93e7ae8c379ec73821c4dfcc6e6c9d61b114ddc3df129db"
		  "a1657f7bd77e62d24adeaa33634be89f933849c3b390396cd495ed3a30f78a7c" },
		{ EXTCRYPT_EXTENT_RFC_2023_09,
		  "6bb32556081b5f84c93e7ae8c379ec73821c4dfcc6e6c9d61b114ddc3df129db"
		  "a1657f7bd77e62d24adeaa33634be89f933849c3b390396cd495ed3a30f78a7c" },
		{ EXTCRYPT_EXTENT_V6_2026_02,
		  "34b0590cb819d36d846bb21ac1967a08e2849fd2255324920d1fc66ac37a2300"
		  "98ca9d1ba655c86f242f21e19b23489b9796a2ef8e3a2d7a60e273b0522ff2b5" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		extcrypt_extent *e;
		extcrypt_cipher *c;
		uint8_t *key = tu_hex(cases[i].key, NULL);
		const uint64_t idx[] = { 0, 1, UINT32_MAX, UINT64_C(1) << 32, UINT64_MAX };

		ck_ok(extcrypt_extent_new_with_nonce(ino, cases[i].profile, N, &e));
		ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, key, 64, &c));
		/* The extent encrypts like XTS under that key at the extent-
		 * relative index. */
		for (size_t k = 0; k < 5; k++) {
			ck_ok(extcrypt_extent_encrypt(e, idx[k], zero, out, 4096, NULL, NULL));
			ck_ok(extcrypt_cipher_encrypt_units(c, idx[k], 4096, zero, ref, 4096));
			ck_assert_mem_eq(out, ref, 4096);
		}
		if (cases[i].profile == EXTCRYPT_EXTENT_V6_2026_02) {
			ck_ok(extcrypt_extent_encrypt(e, 0, zero, out, 4096, NULL, NULL));
			tu_assert_hex(out, 32, "1e099a3b44e5b2ee521a78da36d4541ed1a5d6aba565fcc393df8e06f53ef173");
		}
		extcrypt_cipher_free(c), extcrypt_extent_free(e), free(key);
	}
	extcrypt_inode_free(ino);
}
END_TEST

START_TEST(test_context_layouts)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);

	for (size_t i = 0; i < NPROFILES; i++) {
		extcrypt_extent *e, *back;
		uint8_t ctx[40], ctx2[40], nonce[16];
		size_t n, n2;

		ck_ok(extcrypt_extent_new(ino, all_profiles[i], &e));
		ck_status(extcrypt_extent_context(e, ctx, 16, &n), EXTCRYPT_E_OUTPUT_SPACE);
		ck_ok(extcrypt_extent_context(e, ctx, sizeof(ctx), &n));
		ck_assert_uint_eq(n, extcrypt_extent_context_size(all_profiles[i]));
		extcrypt_extent_nonce(e, nonce);
		ck_assert_uint_eq(ctx[0], 1);
		ck_assert_mem_eq(ctx + n - 16, nonce, 16);
		if (n == 34) {
			bool mode_written = all_profiles[i] >= EXTCRYPT_EXTENT_V5_2024_01;

			ck_assert_uint_eq(ctx[1], mode_written ? 1 : 0);
			ck_assert_mem_eq(ctx + 2, key_id, 16);
		}
		ck_ok(extcrypt_extent_load(ino, all_profiles[i], ctx, n, &back));
		ck_ok(extcrypt_extent_context(back, ctx2, sizeof(ctx2), &n2));
		ck_assert_mem_eq(ctx, ctx2, n);
		ck_assert_int_eq(extcrypt_extent_profile(back), all_profiles[i]);
		ck_assert_uint_eq(extcrypt_extent_data_unit_size(back), 4096);
		extcrypt_extent_free(back), extcrypt_extent_free(e);
	}
	extcrypt_inode_free(ino);
}
END_TEST

static int load_status(extcrypt_inode *ino, int profile, const uint8_t *ctx,
		       size_t len)
{
	extcrypt_extent *e = (void *)1;
	int err = extcrypt_extent_load(ino, profile, ctx, len, &e);

	if (err)
		ck_assert_ptr_null(e);
	extcrypt_extent_free(e);
	return err;
}

START_TEST(test_reader_rules)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);
	uint8_t ctx[40] = { 0 }, bad[40];

	for (size_t i = 0; i < NPROFILES; i++) {
		int p = all_profiles[i];
		size_t size = extcrypt_extent_context_size(p);
		bool v5plus = p >= EXTCRYPT_EXTENT_V5_2024_01;

		ctx[0] = 1, ctx[1] = v5plus ? 1 : 0;
		memcpy(ctx + 2, key_id, 16);
		memcpy(ctx + size - 16, N, 16);
		ck_ok(load_status(ino, p, ctx, size));
		ck_ok(load_status(ino, p, ctx, size + 6)); /* trailing bytes ignored */
		ck_status(load_status(ino, p, ctx, size - 1), EXTCRYPT_E_CONTEXT);
		/* Version: only v5/v6 readers check it. */
		memcpy(bad, ctx, sizeof(bad)), bad[0] = 2;
		if (v5plus)
			ck_status(load_status(ino, p, bad, size), EXTCRYPT_E_CONTEXT);
		else
			ck_ok(load_status(ino, p, bad, size));
		if (size == 17)
			continue;
		/* Mode: only v5/v6 readers check it; v1..v4 never wrote it. */
		memcpy(bad, ctx, sizeof(bad)), bad[1] = v5plus ? 9 : 0xcc;
		if (v5plus)
			ck_status(load_status(ino, p, bad, size), EXTCRYPT_E_MODE_MISMATCH);
		else
			ck_ok(load_status(ino, p, bad, size));
		/* Identifier: every 34-byte reader checks it. */
		memcpy(bad, ctx, sizeof(bad)), bad[17] ^= 0x80;
		ck_status(load_status(ino, p, bad, size), EXTCRYPT_E_KEY_MISMATCH);
	}
	ck_status(load_status(ino, 42, ctx, 34), EXTCRYPT_E_INVALID);
	ck_status(load_status(NULL, EXTCRYPT_EXTENT_DEFAULT, ctx, 34), EXTCRYPT_E_INVALID);
	ck_status(load_status(ino, EXTCRYPT_EXTENT_DEFAULT, NULL, 34), EXTCRYPT_E_INVALID);
	extcrypt_inode_free(ino);
}
END_TEST

START_TEST(test_extent_policy_rules)
{
	extcrypt_inode *direct = inode_for(mk, 9, 9, 0x04);
	extcrypt_inode *lblk = inode_for(mk, 1, 4, 0x08);
	extcrypt_inode *padded = inode_for(mk, 1, 10, 0x03);
	extcrypt_extent *e = (void *)1;
	uint8_t ctx[34] = { 1, 1 };

	ck_status(extcrypt_extent_new(direct, EXTCRYPT_EXTENT_DEFAULT, &e),
		  EXTCRYPT_E_EXTENT_POLICY);
	ck_assert_ptr_null(e);
	ck_status(extcrypt_extent_new(lblk, EXTCRYPT_EXTENT_DEFAULT, &e),
		  EXTCRYPT_E_EXTENT_POLICY);
	memcpy(ctx + 2, key_id, 16);
	ck_status(extcrypt_extent_load(lblk, EXTCRYPT_EXTENT_DEFAULT, ctx, 34, &e),
		  EXTCRYPT_E_EXTENT_POLICY);
	ck_ok(extcrypt_extent_new(padded, EXTCRYPT_EXTENT_DEFAULT, &e));
	extcrypt_extent_free(e);
	extcrypt_inode_free(direct), extcrypt_inode_free(lblk), extcrypt_inode_free(padded);
}
END_TEST

/* Reflink: an extent written through inode A reads the same through inode
 * B with the same policy, and is refused under another master key or
 * (profiles that record it) another contents mode. */
START_TEST(test_reflink)
{
	extcrypt_inode *a = inode_for(mk, 1, 4, 0), *b = inode_for(mk, 1, 10, 0x02);
	extcrypt_inode *adiantum = inode_for(mk, 9, 9, 0);
	uint8_t other_raw[64] = { 0x42 };
	extcrypt_master_key *other;
	extcrypt_inode *c;
	static uint8_t pt[3 * 4096], ct[3 * 4096], back[3 * 4096];
	uint64_t seed = 0x7265666c;

	ck_ok(extcrypt_master_key_new(other_raw, 64, &other));
	c = inode_for(other, 1, 4, 0);
	tu_rand(&seed, pt, sizeof(pt));
	for (size_t i = 0; i < NPROFILES; i++) {
		extcrypt_extent *ea, *eb, *ec = (void *)1;
		uint8_t ctx[34];
		size_t n;

		ck_ok(extcrypt_extent_new(a, all_profiles[i], &ea));
		ck_ok(extcrypt_extent_encrypt(ea, 5, pt, ct, sizeof(pt), NULL, NULL));
		ck_ok(extcrypt_extent_context(ea, ctx, sizeof(ctx), &n));
		ck_ok(extcrypt_extent_load(b, all_profiles[i], ctx, n, &eb));
		ck_ok(extcrypt_extent_decrypt(eb, 5, ct, back, sizeof(ct), NULL, NULL));
		ck_assert_mem_eq(back, pt, sizeof(pt));
		/* Unit 6 alone decrypts on its own (extent-relative index). */
		ck_ok(extcrypt_extent_decrypt(eb, 6, ct + 4096, back, 4096, NULL, NULL));
		ck_assert_mem_eq(back, pt + 4096, 4096);
		if (n == 34) {
			ck_status(extcrypt_extent_load(c, all_profiles[i], ctx, n, &ec),
				  EXTCRYPT_E_KEY_MISMATCH);
			ck_assert_ptr_null(ec);
		}
		if (all_profiles[i] >= EXTCRYPT_EXTENT_V5_2024_01)
			ck_status(extcrypt_extent_load(adiantum, all_profiles[i], ctx, n, &ec),
				  EXTCRYPT_E_MODE_MISMATCH);
		extcrypt_extent_free(ea), extcrypt_extent_free(eb);
	}
	extcrypt_inode_free(a), extcrypt_inode_free(b), extcrypt_inode_free(c);
	extcrypt_inode_free(adiantum), extcrypt_master_key_free(other);
}
END_TEST

/* The v2-2023-10 profile's extent key is the per-file key of a file whose
 * nonce is the extent nonce. */
START_TEST(test_v2_profile_equals_per_file)
{
	extcrypt_inode *a = inode_for(mk, 1, 4, 0), *as_file;
	extcrypt_policy *p;
	extcrypt_extent *e;
	static uint8_t pt[4096], x[4096], y[4096];

	ck_ok(extcrypt_policy_new(1, 4, 0, 0, key_id, &p));
	ck_ok(extcrypt_inode_new_with_nonce(mk, p, N, 4096, &as_file));
	ck_ok(extcrypt_extent_new_with_nonce(a, EXTCRYPT_EXTENT_V2_2023_10, N, &e));
	memset(pt, 0x33, sizeof(pt));
	ck_ok(extcrypt_extent_encrypt(e, 99, pt, x, 4096, NULL, NULL));
	ck_ok(extcrypt_inode_encrypt(as_file, 99, pt, y, 4096));
	ck_assert_mem_eq(x, y, 4096);
	extcrypt_extent_free(e), extcrypt_inode_free(as_file), extcrypt_inode_free(a);
	extcrypt_policy_free(p);
}
END_TEST

struct cb_log {
	size_t calls;
	uint64_t first_index, last_index;
	int64_t reject_index; /* -1: accept all */
	const uint8_t *expect; /* ciphertext the callback must see, or NULL */
	uint64_t base;
	const uint8_t *watch; /* a buffer that must hold no plaintext yet */
	size_t watch_len;
	const uint8_t *plaintext;
};

static int cb(void *arg, uint64_t index, const uint8_t *ct, size_t len)
{
	struct cb_log *log = arg;

	ck_assert_uint_eq(len, 4096);
	if (log->calls == 0)
		log->first_index = index;
	else
		ck_assert_uint_eq(index, log->last_index + 1);
	log->last_index = index;
	log->calls++;
	if (log->expect != NULL)
		ck_assert_mem_eq(ct, log->expect + (index - log->base) * 4096, 4096);
	if (log->watch != NULL) /* decrypt: nothing written yet */
		ck_assert(memcmp(log->watch, log->plaintext, log->watch_len) != 0);
	return (int64_t)index == log->reject_index ? -1 : 0;
}

START_TEST(test_callback)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);
	extcrypt_extent *e;
	enum { UNITS = 40 };
	static uint8_t pt[UNITS * 4096], ct[UNITS * 4096], buf[UNITS * 4096];
	static uint8_t pattern[UNITS * 4096];
	uint64_t seed = 0x63616c6c;
	struct cb_log log;

	tu_rand(&seed, pt, sizeof(pt));
	memset(pattern, 0xa5, sizeof(pattern));
	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
	ck_ok(extcrypt_extent_encrypt(e, 1000, pt, ct, sizeof(pt), NULL, NULL));

	/* Encrypt: every unit, in order, with the ciphertext produced. */
	log = (struct cb_log){ .reject_index = -1, .expect = ct, .base = 1000 };
	ck_ok(extcrypt_extent_encrypt(e, 1000, pt, buf, sizeof(pt), cb, &log));
	ck_assert_uint_eq(log.calls, UNITS);
	ck_assert_uint_eq(log.first_index, 1000);
	ck_assert_mem_eq(buf, ct, sizeof(ct));

	/* Encrypt, rejected mid-way: out of place -> output zeroed... */
	memcpy(buf, pattern, sizeof(buf));
	log = (struct cb_log){ .reject_index = 1000 + 21 };
	ck_status(extcrypt_extent_encrypt(e, 1000, pt, buf, sizeof(pt), cb, &log),
		  EXTCRYPT_E_REJECTED);
	ck_assert_uint_eq(log.calls, 22);
	for (size_t i = 0; i < sizeof(buf); i++)
		ck_assert_msg(buf[i] == 0, "byte %zu left", i);
	/* ...in place -> plaintext restored. */
	memcpy(buf, pt, sizeof(buf));
	log = (struct cb_log){ .reject_index = 1000 + 35 };
	ck_status(extcrypt_extent_encrypt(e, 1000, buf, buf, sizeof(buf), cb, &log),
		  EXTCRYPT_E_REJECTED);
	ck_assert_mem_eq(buf, pt, sizeof(pt));

	/* Decrypt: every unit seen before any plaintext is written. */
	memcpy(buf, pattern, sizeof(buf));
	log = (struct cb_log){ .reject_index = -1, .expect = ct, .base = 1000,
			       .watch = buf, .watch_len = sizeof(buf), .plaintext = pt };
	ck_ok(extcrypt_extent_decrypt(e, 1000, ct, buf, sizeof(ct), cb, &log));
	ck_assert_uint_eq(log.calls, UNITS);
	ck_assert_mem_eq(buf, pt, sizeof(pt));
	/* Decrypt, one unit rejected: no plaintext anywhere.  Out of place,
	 * the units of earlier batches (4 units of 4 KiB each) were
	 * decrypted and are zeroed; the last batch's are untouched. */
	memcpy(buf, pattern, sizeof(buf));
	log = (struct cb_log){ .reject_index = 1000 + UNITS - 1 };
	ck_status(extcrypt_extent_decrypt(e, 1000, ct, buf, sizeof(ct), cb, &log),
		  EXTCRYPT_E_REJECTED);
	for (size_t i = 0; i < 36 * 4096; i++)
		ck_assert_msg(buf[i] == 0, "byte %zu left", i);
	ck_assert_mem_eq(buf + 36 * 4096, pattern, sizeof(buf) - 36 * 4096);
	/* Within one batch (4 units of 4 KiB): dst untouched. */
	memcpy(buf, pattern, sizeof(buf));
	log = (struct cb_log){ .reject_index = 1000 + 3 };
	ck_status(extcrypt_extent_decrypt(e, 1000, ct, buf, 4 * 4096, cb, &log),
		  EXTCRYPT_E_REJECTED);
	ck_assert_mem_eq(buf, pattern, sizeof(buf));
	/* In place, rejected late: the ciphertext is back. */
	memcpy(buf, ct, sizeof(buf));
	log = (struct cb_log){ .reject_index = 1000 + UNITS - 2 };
	ck_status(extcrypt_extent_decrypt(e, 1000, buf, buf, sizeof(buf), cb, &log),
		  EXTCRYPT_E_REJECTED);
	ck_assert_mem_eq(buf, ct, sizeof(ct));
	memcpy(buf, ct, sizeof(buf));
	log = (struct cb_log){ .reject_index = 1000 };
	ck_status(extcrypt_extent_decrypt(e, 1000, buf, buf, sizeof(buf), cb, &log),
		  EXTCRYPT_E_REJECTED);
	ck_assert_mem_eq(buf, ct, sizeof(ct));
	ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "unit 1000"));
	extcrypt_extent_free(e), extcrypt_inode_free(ino);
}
END_TEST

/*
 * A callback that changes src right after approving a unit, as another
 * thread or a shared mapping could: the plaintext must still be that of
 * the ciphertext the callback saw (issue 11, item 6).
 */
struct tamper {
	uint8_t *src;
	uint64_t base;
	uint8_t seen[8][4096];
};

static int tamper_cb(void *arg, uint64_t index, const uint8_t *ct, size_t len)
{
	struct tamper *t = arg;
	size_t u = index - t->base;

	memcpy(t->seen[u], ct, len);
	t->src[u * 4096 + (index % 4096)] ^= 0x80; /* after approval */
	return 0;
}

START_TEST(test_decrypt_reads_src_once)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);
	extcrypt_extent *e;
	static uint8_t pt[8 * 4096], ct[8 * 4096], src[8 * 4096], out[8 * 4096];
	static uint8_t check[4096];
	uint64_t seed = 0x6f6e6365;
	static struct tamper t;

	tu_rand(&seed, pt, sizeof(pt));
	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
	ck_ok(extcrypt_extent_encrypt(e, 70, pt, ct, sizeof(pt), NULL, NULL));
	for (int in_place = 0; in_place < 2; in_place++) {
		uint8_t *dst = in_place ? src : out;

		memcpy(src, ct, sizeof(src));
		t = (struct tamper){ .src = src, .base = 70 };
		ck_ok(extcrypt_extent_decrypt(e, 70, src, dst, sizeof(src),
					      tamper_cb, &t));
		for (size_t u = 0; u < 8; u++) {
			/* Plaintext of unit u, encrypted again, is what the
			 * callback approved - and here also the original. */
			ck_ok(extcrypt_extent_encrypt(e, 70 + u, dst + u * 4096,
						      check, 4096, NULL, NULL));
			ck_assert_mem_eq(check, t.seen[u], 4096);
			ck_assert_mem_eq(dst + u * 4096, pt + u * 4096, 4096);
		}
	}
	extcrypt_extent_free(e), extcrypt_inode_free(ino);
}
END_TEST

START_TEST(test_errors_leave_output)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);
	extcrypt_extent *e;
	static uint8_t src[8192], dst[8192], pattern[8192];

	memset(pattern, 0x11, sizeof(pattern));
	memcpy(dst, pattern, sizeof(dst));
	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
	ck_status(extcrypt_extent_encrypt(e, 0, src, dst, 100, NULL, NULL), EXTCRYPT_E_ALIGNMENT);
	ck_status(extcrypt_extent_encrypt(e, UINT64_MAX, src, dst, 8192, NULL, NULL), EXTCRYPT_E_RANGE);
	ck_status(extcrypt_extent_decrypt(e, UINT64_MAX, src, dst, 8192, NULL, NULL), EXTCRYPT_E_RANGE);
	ck_status(extcrypt_extent_encrypt(e, 0, src, src + 1, 4096, NULL, NULL), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_extent_encrypt(NULL, 0, src, dst, 4096, NULL, NULL), EXTCRYPT_E_INVALID);
	ck_assert_mem_eq(dst, pattern, sizeof(dst));
	ck_ok(extcrypt_extent_encrypt(e, UINT64_MAX, src, dst, 4096, NULL, NULL));
	extcrypt_extent_free(e);
	extcrypt_extent_free(NULL);
	extcrypt_inode_free(ino);
}
END_TEST

START_TEST(test_wiped_on_free)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);
	extcrypt_extent *e;
	const uint8_t *bytes;

	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
	extcrypt_inode_free(ino); /* the extent does not need its inode */
	{
		static uint8_t buf[4096];

		ck_ok(extcrypt_extent_encrypt(e, 0, buf, buf, 4096, NULL, NULL));
	}
	bytes = (const uint8_t *)e;
	extcrypt_extent_free(e);
	for (size_t i = sizeof(void *); i < sizeof(struct extcrypt_extent); i++)
		ck_assert_msg(bytes[i] == 0, "byte %zu not wiped", i);
}
END_TEST


/* Several threads share one inode and create, use and free extents at
 * once (the locked-memory pool has per-thread caches; threads exit with
 * slots cached and give them back). */
struct thread_arg {
	const extcrypt_inode *inode;
	const uint8_t *ctx;
	const uint8_t *expect;
	int failures;
};

static void *extent_worker(void *p)
{
	struct thread_arg *a = p;
	static const uint8_t zero[4096];
	uint8_t out[4096];

	for (int i = 0; i < 3000; i++) {
		extcrypt_extent *e;

		if (extcrypt_extent_load(a->inode, EXTCRYPT_EXTENT_DEFAULT, a->ctx, 34, &e) ||
		    extcrypt_extent_encrypt(e, 7, zero, out, sizeof(out), NULL, NULL) ||
		    memcmp(out, a->expect, sizeof(out)) != 0)
			a->failures++;
		extcrypt_extent_free(e);
	}
	return NULL;
}

START_TEST(test_threads)
{
	extcrypt_inode *ino = inode_for(mk, 1, 4, 0);
	extcrypt_extent *e;
	static const uint8_t zero[4096];
	static uint8_t expect[4096];
	uint8_t ctx[34];
	size_t n;
	pthread_t t[4];
	struct thread_arg args[4];

	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
	ck_ok(extcrypt_extent_context(e, ctx, sizeof(ctx), &n));
	ck_ok(extcrypt_extent_encrypt(e, 7, zero, expect, sizeof(expect), NULL, NULL));
	extcrypt_extent_free(e);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 4; i++) {
			args[i] = (struct thread_arg){ ino, ctx, expect, 0 };
			ck_assert_int_eq(pthread_create(&t[i], NULL, extent_worker, &args[i]), 0);
		}
		for (int i = 0; i < 4; i++) {
			pthread_join(t[i], NULL);
			ck_assert_int_eq(args[i].failures, 0);
		}
	}
	extcrypt_inode_free(ino);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("extent");
	TCase *tc = tcase_create("extent");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_profile_table);
	tcase_add_test(tc, test_spec_values);
	tcase_add_test(tc, test_context_layouts);
	tcase_add_test(tc, test_reader_rules);
	tcase_add_test(tc, test_extent_policy_rules);
	tcase_add_test(tc, test_reflink);
	tcase_add_test(tc, test_v2_profile_equals_per_file);
	tcase_add_test(tc, test_callback);
	tcase_add_test(tc, test_decrypt_reads_src_once);
	tcase_add_test(tc, test_errors_leave_output);
	tcase_add_test(tc, test_wiped_on_free);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
