// SPDX-License-Identifier: MIT
/*
 * Inode objects: contexts, contents and filenames against OpenSSL, every
 * error with its status, no partial output, wiping.
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "inode/inode.h"
#include "util/test_util.h"

static extcrypt_master_key *mk;
static uint8_t key_id[16];

static void setup(void)
{
	uint8_t raw[64];

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(i + 1);
	ck_ok(extcrypt_master_key_new(raw, 64, &mk));
	extcrypt_master_key_identifier(mk, key_id);
}

static void teardown(void)
{
	extcrypt_master_key_free(mk);
}

static extcrypt_inode *make_inode(uint8_t c, uint8_t f, uint8_t flags,
				  uint8_t log2, uint32_t bs)
{
	extcrypt_policy *p;
	extcrypt_inode *inode;

	ck_ok(extcrypt_policy_new(c, f, flags, log2, key_id, &p));
	ck_ok(extcrypt_inode_new(mk, p, bs, &inode));
	extcrypt_policy_free(p);
	return inode;
}

START_TEST(test_context_round_trip)
{
	extcrypt_inode *a = make_inode(1, 4, 0x02, 0, 4096), *b, *c;
	uint8_t ctx[40], ctx2[40], na[16], nb[16];
	size_t n;

	ck_ok(extcrypt_inode_context(a, ctx, sizeof(ctx), &n));
	ck_assert_uint_eq(n, EXTCRYPT_CONTEXT_V2_SIZE);
	ck_assert_uint_eq(ctx[0], 2);
	ck_assert_uint_eq(ctx[1], 1);
	ck_assert_uint_eq(ctx[2], 4);
	ck_assert_uint_eq(ctx[3], 2);
	ck_assert_mem_eq(ctx + 8, key_id, 16);
	ck_ok(extcrypt_inode_nonce(a, na));
	ck_assert_mem_eq(ctx + 24, na, 16);
	ck_ok(extcrypt_inode_load(mk, ctx, 40, 4096, &b));
	ck_ok(extcrypt_inode_context(b, ctx2, sizeof(ctx2), &n));
	ck_assert_mem_eq(ctx, ctx2, 40);
	/* One byte short: nothing written. */
	memset(ctx2, 0xee, sizeof(ctx2));
	ck_status(extcrypt_inode_context(b, ctx2, 39, &n),
		  EXTCRYPT_E_OUTPUT_SPACE);
	ck_assert_uint_eq(ctx2[0], 0xee);
	ck_assert_uint_eq(extcrypt_inode_data_unit_size(b), 4096);
	ck_assert_uint_eq(extcrypt_policy_flags(extcrypt_inode_policy(b)), 2);
	/* Fresh nonces differ. */
	c = make_inode(1, 4, 0, 0, 4096);
	extcrypt_inode_nonce(c, nb);
	ck_assert_mem_ne(na, nb, 16);
	extcrypt_inode_free(a), extcrypt_inode_free(b), extcrypt_inode_free(c);
}
END_TEST

START_TEST(test_load_errors)
{
	extcrypt_inode *a = make_inode(1, 4, 0, 0, 4096), *b = (void *)1;
	uint8_t ctx[41], bad[41], other_raw[32] = { 9 };
	extcrypt_master_key *other;
	size_t n;

	ck_ok(extcrypt_inode_context(a, ctx, sizeof(ctx), &n));
	ck_status(extcrypt_inode_load(mk, ctx, 39, 4096, &b), EXTCRYPT_E_LENGTH);
	ck_assert_ptr_null(b);
	ck_status(extcrypt_inode_load(mk, ctx, 41, 4096, &b), EXTCRYPT_E_LENGTH);
	/* A v1 context (since 1.1) whose descriptor is not mk's. */
	memcpy(bad, ctx, 40), bad[0] = 1;
	ck_status(extcrypt_inode_load(mk, bad, 28, 4096, &b), EXTCRYPT_E_KEY_MISMATCH);
	memcpy(bad, ctx, 40), bad[0] = 3;
	ck_status(extcrypt_inode_load(mk, bad, 40, 4096, &b), EXTCRYPT_E_CONTEXT);
	memcpy(bad, ctx, 40), bad[6] = 1;
	ck_status(extcrypt_inode_load(mk, bad, 40, 4096, &b), EXTCRYPT_E_POLICY);
	memcpy(bad, ctx, 40), bad[2] = 1;
	ck_status(extcrypt_inode_load(mk, bad, 40, 4096, &b), EXTCRYPT_E_POLICY);
	memcpy(bad, ctx, 40), bad[8] ^= 1;
	ck_status(extcrypt_inode_load(mk, bad, 40, 4096, &b), EXTCRYPT_E_KEY_MISMATCH);
	memcpy(bad, ctx, 40), bad[4] = 13;
	ck_status(extcrypt_inode_load(mk, bad, 40, 4096, &b), EXTCRYPT_E_POLICY);
	ck_status(extcrypt_inode_load(mk, ctx, 40, 1000, &b), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_load(NULL, ctx, 40, 4096, &b), EXTCRYPT_E_INVALID);
	/* A master key shorter than the modes' security strength. */
	ck_ok(extcrypt_master_key_new(other_raw, 16, &other));
	memcpy(bad, ctx, 40);
	extcrypt_master_key_identifier(other, bad + 8);
	ck_status(extcrypt_inode_load(other, bad, 40, 4096, &b), EXTCRYPT_E_KEY_SIZE);
	/* ...but enough for AES-128-CBC-ESSIV + AES-128-CTS. */
	bad[1] = 5, bad[2] = 6;
	ck_ok(extcrypt_inode_load(other, bad, 40, 4096, &b));
	extcrypt_inode_free(b);
	extcrypt_master_key_free(other);
	/* SM4 (v2 only) loads like the others. */
	memcpy(bad, ctx, 40), bad[1] = 7, bad[2] = 8;
	ck_ok(extcrypt_inode_load(mk, bad, 40, 4096, &b));
	extcrypt_inode_free(b);
	extcrypt_inode_free(a);
}
END_TEST

/* Contents equal OpenSSL's XTS with the per-file key from HKDF. */
START_TEST(test_contents_vs_openssl)
{
	uint64_t seed = 0x696e6f6465;
	static const uint8_t log2s[] = { 9, 10, 12, 16 };

	for (size_t t = 0; t < sizeof(log2s); t++) {
		extcrypt_inode *ino = make_inode(1, 4, 0, log2s[t], 65536);
		size_t du = (size_t)1 << log2s[t], nunits = 1 + t * 3, len = du * nunits;
		uint8_t *pt = malloc(len), *ct = malloc(len), *ref = malloc(len);
		uint8_t nonce[16], key[64], iv[16] = { 0 };
		uint64_t first = t == 3 ? UINT64_MAX - nunits + 1 : tu_rand_u64(&seed);
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
		int outl;

		tu_rand(&seed, pt, len);
		extcrypt_inode_nonce(ino, nonce);
		ck_ok(extcrypt_master_key_derive(mk, 2, nonce, 16, key, 64));
		ck_ok(extcrypt_inode_encrypt(ino, first, pt, ct, len));
		for (size_t j = 0; j < nunits; j++) {
			uint64_t idx = first + j;

			for (int b = 0; b < 8; b++)
				iv[b] = (uint8_t)(idx >> (8 * b));
			ck_assert(EVP_EncryptInit_ex(ctx, EVP_aes_256_xts(), NULL, key, iv));
			ck_assert(EVP_EncryptUpdate(ctx, ref + j * du, &outl,
						    pt + j * du, (int)du));
		}
		ck_assert_mem_eq(ct, ref, len);
		/* In place, and decryption. */
		memcpy(ref, pt, len);
		ck_ok(extcrypt_inode_encrypt(ino, first, ref, ref, len));
		ck_assert_mem_eq(ref, ct, len);
		ck_ok(extcrypt_inode_decrypt(ino, first, ref, ref, len));
		ck_assert_mem_eq(ref, pt, len);
		EVP_CIPHER_CTX_free(ctx);
		free(pt), free(ct), free(ref);
		extcrypt_inode_free(ino);
	}
}
END_TEST

START_TEST(test_contents_errors_leave_output)
{
	extcrypt_inode *ino = make_inode(1, 4, 0, 0, 4096);
	extcrypt_inode *lblk = make_inode(1, 4, 0x08, 0, 4096);
	static uint8_t src[8192], dst[8192], pattern[8192];
	uint8_t uuid[16] = { 1 };

	memset(pattern, 0xaa, sizeof(pattern));
	memcpy(dst, pattern, sizeof(dst));
	ck_status(extcrypt_inode_encrypt(ino, 0, src, dst, 4095), EXTCRYPT_E_ALIGNMENT);
	ck_status(extcrypt_inode_encrypt(ino, UINT64_MAX, src, dst, 8192), EXTCRYPT_E_RANGE);
	ck_status(extcrypt_inode_encrypt(ino, 0, src, src + 16, 4096), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt(ino, 0, NULL, dst, 4096), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt(NULL, 0, src, dst, 4096), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt(lblk, 0, src, dst, 4096), EXTCRYPT_E_STATE);
	ck_assert_mem_eq(dst, pattern, sizeof(dst));
	ck_ok(extcrypt_inode_encrypt(ino, UINT64_MAX, src, dst, 4096));
	ck_ok(extcrypt_inode_encrypt(ino, 0, src, dst, 0));
	/* IV_INO_LBLK_64: 32-bit indices and inode numbers. */
	ck_status(extcrypt_inode_set_ino(lblk, 0, uuid), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_set_ino(lblk, UINT64_C(1) << 32, uuid), EXTCRYPT_E_INVALID);
	ck_ok(extcrypt_inode_set_ino(lblk, 12, uuid));
	ck_status(extcrypt_inode_set_ino(lblk, 12, uuid), EXTCRYPT_E_STATE);
	memcpy(dst, pattern, sizeof(dst));
	ck_status(extcrypt_inode_encrypt(lblk, UINT32_MAX, src, dst, 8192), EXTCRYPT_E_RANGE);
	ck_assert_mem_eq(dst, pattern, sizeof(dst));
	ck_ok(extcrypt_inode_encrypt(lblk, UINT32_MAX, src, dst, 4096));
	extcrypt_inode_free(ino), extcrypt_inode_free(lblk);
}
END_TEST

/* IV_INO_LBLK_64 IVs are le32(index) || le32(ino); check one unit. */
START_TEST(test_lblk_spec_values)
{
	static uint8_t zero[4096], out[4096];
	uint8_t uuid[16];
	extcrypt_inode *a = make_inode(1, 4, 0x08, 0, 4096);
	extcrypt_inode *b = make_inode(1, 4, 0x10, 0, 4096);
	uint8_t *u = tu_hex("0123456789abcdeffedcba9876543210", NULL);

	memcpy(uuid, u, 16);
	ck_ok(extcrypt_inode_set_ino(a, 12, uuid));
	ck_ok(extcrypt_inode_encrypt(a, 0, zero, out, 4096));
	tu_assert_hex(out, 32, "e075d1dc2f4e01687bd5be91891775fe805dac1b4bf340221d8ee4f2b605a3db");
	ck_ok(extcrypt_inode_set_ino(b, 12, uuid));
	ck_assert_uint_eq(((struct extcrypt_inode *)b)->hashed_ino, 0xb1d67186);
	ck_ok(extcrypt_inode_encrypt(b, 0, zero, out, 4096));
	tu_assert_hex(out, 32, "e5bdf2a81983b15d1fb20c9f1d0aee8dc7fb6d12dc0e9e04ae43f86866c9706f");
	free(u);
	extcrypt_inode_free(a), extcrypt_inode_free(b);
}
END_TEST

/* IV_INO_LBLK_32 IVs wrap at 2^32: a run across the wrap equals the units
 * done one by one. */
START_TEST(test_lblk32_wrap)
{
	extcrypt_inode *b = make_inode(1, 4, 0x10, 0, 4096);
	uint8_t uuid[16] = { 7 };
	static uint8_t pt[4 * 4096], run[4 * 4096], one[4 * 4096];
	uint32_t first;
	uint64_t seed = 32;

	ck_ok(extcrypt_inode_set_ino(b, 77, uuid));
	first = UINT32_MAX - ((struct extcrypt_inode *)b)->hashed_ino - 1; /* wraps after 2 */
	tu_rand(&seed, pt, sizeof(pt));
	ck_ok(extcrypt_inode_encrypt(b, first, pt, run, sizeof(pt)));
	for (uint32_t j = 0; j < 4; j++)
		ck_ok(extcrypt_inode_encrypt(b, (uint64_t)first + j, pt + j * 4096,
					     one + j * 4096, 4096));
	ck_assert_mem_eq(run, one, sizeof(run));
	ck_ok(extcrypt_inode_decrypt(b, first, run, run, sizeof(run)));
	ck_assert_mem_eq(run, pt, sizeof(pt));
	extcrypt_inode_free(b);
}
END_TEST

/* CS3 built from plain CBC: encrypt the zero-padded name, then swap the
 * last two blocks and cut to the name's length. */
static void reference_cts(const uint8_t key[32], const uint8_t *in, size_t n,
			  uint8_t *out)
{
	uint8_t buf[272] = { 0 }, iv[16] = { 0 };
	size_t m = (n + 15) / 16, d = n - 16 * (m - 1);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	memcpy(buf, in, n);
	ck_assert(EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv));
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	ck_assert(EVP_EncryptUpdate(ctx, buf, &outl, buf, (int)(16 * m)));
	EVP_CIPHER_CTX_free(ctx);
	if (m == 1) {
		memcpy(out, buf, 16);
		return;
	}
	memcpy(out, buf, 16 * (m - 2));
	memcpy(out + 16 * (m - 2), buf + 16 * (m - 1), 16);
	memcpy(out + 16 * (m - 1), buf + 16 * (m - 2), d);
}

START_TEST(test_filenames_all_lengths)
{
	uint64_t seed = 0x666e616d65;

	for (uint8_t pad = 0; pad < 4; pad++) {
		extcrypt_inode *dir = make_inode(1, 4, pad, 0, 4096);
		uint8_t nonce[16], key[32];

		extcrypt_inode_nonce(dir, nonce);
		ck_ok(extcrypt_master_key_derive(mk, 2, nonce, 16, key, 32));
		for (size_t len = 1; len <= 255; len++) {
			uint8_t name[255], padded[255] = { 0 }, ct[255], ref[255], back[255];
			size_t n, want = len < 16 ? 16 : len, out_len;

			want = (want + (4u << pad) - 1) & ~((size_t)(4u << pad) - 1);
			want = want > 255 ? 255 : want;
			tu_rand(&seed, name, len);
			for (size_t i = 0; i < len; i++)
				name[i] |= 1; /* no NUL inside the name */
			ck_ok(extcrypt_inode_encrypted_name_size(dir, len, 0, &n));
			ck_assert_uint_eq(n, want);
			ck_ok(extcrypt_inode_encrypt_name(dir, name, len, 0, ct,
							  sizeof(ct), &out_len));
			ck_assert_uint_eq(out_len, want);
			memcpy(padded, name, len);
			reference_cts(key, padded, want, ref);
			ck_assert_mem_eq(ct, ref, want);
			ck_ok(extcrypt_inode_decrypt_name(dir, ct, want, back,
							  sizeof(back), &out_len));
			ck_assert_uint_eq(out_len, len);
			ck_assert_mem_eq(back, name, len);
		}
		extcrypt_inode_free(dir);
	}
}
END_TEST

START_TEST(test_filename_errors)
{
	extcrypt_inode *dir = make_inode(1, 4, 3, 0, 4096);
	uint8_t name[300], out[300], pattern[300];
	size_t n = 77;

	memset(name, 'a', sizeof(name));
	memset(pattern, 0x5a, sizeof(pattern));
	memcpy(out, pattern, sizeof(out));
	ck_status(extcrypt_inode_encrypt_name(dir, name, 256, 0, out, 300, &n),
		  EXTCRYPT_E_NAME_TOO_LONG);
	ck_status(extcrypt_inode_encrypt_name(dir, name, 0, 0, out, 300, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_encrypt_name(dir, name, 20, 0, out, 31, &n),
		  EXTCRYPT_E_OUTPUT_SPACE);
	ck_status(extcrypt_inode_encrypt_name(dir, name, 20, 8, out, 300, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_inode_decrypt_name(dir, name, 15, out, 300, &n),
		  EXTCRYPT_E_BAD_NAME);
	ck_assert_mem_eq(out, pattern, sizeof(out));
	ck_assert_uint_eq(n, 77);
	/* A symlink target may be longer than NAME_MAX with its own limit. */
	ck_ok(extcrypt_inode_encrypt_name(dir, name, 280, 290, out, 300, &n));
	ck_assert_uint_eq(n, 288);
	/* All-NUL plaintext decrypts to an empty name: invalid. */
	memset(name, 0, 32);
	ck_ok(extcrypt_inode_encrypt_name(dir, (const uint8_t *)"x", 1, 0, out, 300, &n));
	{
		extcrypt_cipher *c;
		uint8_t nonce[16], key[32], zero[16] = { 0 }, ct[32];

		extcrypt_inode_nonce(dir, nonce);
		ck_ok(extcrypt_master_key_derive(mk, 2, nonce, 16, key, 32));
		ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_CTS, key, 32, &c));
		ck_ok(extcrypt_cipher_encrypt(c, zero, 16, name, ct, 32));
		ck_status(extcrypt_inode_decrypt_name(dir, ct, 32, out, 300, &n),
			  EXTCRYPT_E_BAD_NAME);
		extcrypt_cipher_free(c);
	}
	extcrypt_inode_free(dir);
}
END_TEST

START_TEST(test_dirhash)
{
	extcrypt_policy *p;
	extcrypt_inode *dir;
	uint8_t *nonce = tu_hex("00112233445566778899aabbccddeeff", NULL);
	uint64_t h;

	ck_ok(extcrypt_policy_new(1, 4, 0, 0, key_id, &p));
	ck_ok(extcrypt_inode_new_with_nonce(mk, p, nonce, 4096, &dir));
	ck_ok(extcrypt_inode_dirhash(dir, (const uint8_t *)"hello.txt", 9, &h));
	ck_assert_uint_eq(h, 0xef50d38751a07800ULL);
	ck_status(extcrypt_inode_dirhash(dir, NULL, 3, &h), EXTCRYPT_E_INVALID);
	extcrypt_inode_free(dir), extcrypt_policy_free(p), free(nonce);
}
END_TEST

START_TEST(test_wiped_on_free)
{
	extcrypt_inode *ino = make_inode(1, 4, 0, 0, 4096);
	const uint8_t *bytes = (const uint8_t *)ino;
	size_t size = sizeof(struct extcrypt_inode);

	extcrypt_inode_free(ino);
	for (size_t i = sizeof(void *); i < size; i++)
		ck_assert_msg(bytes[i] == 0, "byte %zu not wiped", i);
	/* The inode held a master key reference: freeing the caller's
	 * reference first is fine. */
	ino = make_inode(1, 4, 0, 0, 4096);
	extcrypt_master_key_free(mk);
	{
		static uint8_t buf[4096];

		ck_ok(extcrypt_inode_encrypt(ino, 0, buf, buf, 4096));
	}
	extcrypt_inode_free(ino);
	setup(); /* teardown frees mk again */
}
END_TEST

/* Whether the inode's lazy keys exist yet (inode/inode.h). */
static bool filenames_ready(const extcrypt_inode *inode)
{
	return atomic_load(&((const struct extcrypt_inode *)inode)->filenames_ready);
}

static bool dirhash_ready(const extcrypt_inode *inode)
{
	return atomic_load(&((const struct extcrypt_inode *)inode)->dirhash_ready);
}

/*
 * A regular file's inode never prepares the filenames key or derives the
 * dirhash key: not when made or loaded, not when it encrypts contents, not
 * when extents are opened from it.  The first name prepares the one, the
 * first dirhash derives the other.
 */
START_TEST(test_per_inode_keys_lazy)
{
	extcrypt_inode *ino = make_inode(1, 4, 0, 0, 4096), *loaded;
	uint8_t ctx[40], ectx[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE], name[32];
	static uint8_t buf[4096];
	extcrypt_extent *e, *e2;
	size_t n, en;
	uint64_t h;

	ck_ok(extcrypt_inode_context(ino, ctx, sizeof(ctx), &n));
	ck_ok(extcrypt_inode_load(mk, ctx, n, 4096, &loaded));
	ck_ok(extcrypt_extent_new(ino, EXTCRYPT_EXTENT_DEFAULT, &e));
	ck_ok(extcrypt_extent_context(e, ectx, sizeof(ectx), &en));
	ck_ok(extcrypt_extent_load(loaded, EXTCRYPT_EXTENT_DEFAULT, ectx, en, &e2));
	ck_ok(extcrypt_extent_encrypt(e, 0, buf, buf, sizeof(buf), NULL, NULL));
	ck_ok(extcrypt_extent_decrypt(e2, 0, buf, buf, sizeof(buf), NULL, NULL));
	ck_ok(extcrypt_inode_encrypt(loaded, 0, buf, buf, sizeof(buf)));
	ck_assert(!filenames_ready(ino) && !filenames_ready(loaded));
	ck_assert(!dirhash_ready(ino) && !dirhash_ready(loaded));

	ck_ok(extcrypt_inode_encrypt_name(loaded, (const uint8_t *)"a", 1, 0,
					  name, sizeof(name), &n));
	ck_assert(filenames_ready(loaded) && !dirhash_ready(loaded));
	ck_ok(extcrypt_inode_dirhash(loaded, (const uint8_t *)"a", 1, &h));
	ck_assert(dirhash_ready(loaded) && !filenames_ready(ino));
	extcrypt_extent_free(e), extcrypt_extent_free(e2);
	extcrypt_inode_free(ino), extcrypt_inode_free(loaded);
}
END_TEST

struct name_race {
	pthread_t thread;
	const extcrypt_inode *dir;
	int status;
	size_t len;
	uint8_t ct[32];
	uint64_t hash;
};

static void *race_one_name(void *arg)
{
	struct name_race *r = arg;

	r->status = extcrypt_inode_encrypt_name(r->dir, (const uint8_t *)"race", 4,
						0, r->ct, sizeof(r->ct), &r->len);
	if (r->status == EXTCRYPT_OK)
		r->status = extcrypt_inode_dirhash(r->dir, (const uint8_t *)"race",
						   4, &r->hash);
	return NULL;
}

/* Threads that all need the lazy keys at once get the same keys (run under
 * ThreadSanitizer / helgrind to see the synchronisation). */
START_TEST(test_lazy_keys_thread_safe)
{
	extcrypt_inode *dir = make_inode(1, 4, 0, 0, 4096), *twin;
	struct name_race r[8];
	uint8_t nonce[16], want[32];
	size_t want_len;
	uint64_t want_hash;

	ck_ok(extcrypt_inode_nonce(dir, nonce));
	ck_ok(extcrypt_inode_new_with_nonce(mk, extcrypt_inode_policy(dir), nonce,
					    4096, &twin));
	ck_ok(extcrypt_inode_encrypt_name(twin, (const uint8_t *)"race", 4, 0, want,
					  sizeof(want), &want_len));
	ck_ok(extcrypt_inode_dirhash(twin, (const uint8_t *)"race", 4, &want_hash));
	for (size_t i = 0; i < 8; i++) {
		r[i].dir = dir;
		ck_assert_int_eq(pthread_create(&r[i].thread, NULL, race_one_name,
						&r[i]), 0);
	}
	for (size_t i = 0; i < 8; i++) {
		pthread_join(r[i].thread, NULL);
		ck_ok(r[i].status);
		ck_assert_uint_eq(r[i].len, want_len);
		ck_assert_mem_eq(r[i].ct, want, want_len);
		ck_assert_uint_eq(r[i].hash, want_hash);
	}
	extcrypt_inode_free(dir), extcrypt_inode_free(twin);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("inode");
	TCase *tc = tcase_create("inode");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_context_round_trip);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_contents_vs_openssl);
	tcase_add_test(tc, test_contents_errors_leave_output);
	tcase_add_test(tc, test_lblk_spec_values);
	tcase_add_test(tc, test_lblk32_wrap);
	tcase_add_test(tc, test_filenames_all_lengths);
	tcase_add_test(tc, test_filename_errors);
	tcase_add_test(tc, test_dirhash);
	tcase_add_test(tc, test_wiped_on_free);
	tcase_add_test(tc, test_per_inode_keys_lazy);
	tcase_add_test(tc, test_lazy_keys_thread_safe);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
