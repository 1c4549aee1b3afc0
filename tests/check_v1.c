// SPDX-License-Identifier: MIT
/*
 * v1 policies for reading: the key descriptor, v1 contexts, and contents,
 * filenames and symlinks of v1 inodes against an independent computation
 * with OpenSSL (AES-128-ECB key derivation, then AES-256-XTS,
 * AES-128-CBC-ESSIV and AES-CBC-CTS); DIRECT_KEY (Adiantum) against the
 * library's cipher layer keyed by the master key; the v1 errors.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "util/ossl_util.h"
#include "util/test_util.h"

static uint8_t raw[64];

static void setup(void)
{
	uint64_t seed = 0x7631;

	tu_rand(&seed, raw, sizeof(raw));
}

/* AES-CBC-CTS (CS3) with IV 0, as for names and symlinks. */
static void ossl_cts(const uint8_t *key, size_t key_len, const uint8_t *in,
		     uint8_t *out, size_t len)
{
	static const uint8_t iv[16];

	tu_ossl_cts(key, key_len, iv, in, out, len);
}

static void descriptor(const uint8_t *key, size_t len, uint8_t out[8])
{
	uint8_t h[64], hh[64];

	ck_assert_int_eq(EVP_Digest(key, len, h, NULL, EVP_sha512(), NULL), 1);
	ck_assert_int_eq(EVP_Digest(h, 64, hh, NULL, EVP_sha512(), NULL), 1);
	memcpy(out, hh, 8);
}

/* A 28-byte v1 context naming `key_len` bytes of raw by descriptor. */
static void v1_context(uint8_t cm, uint8_t fm, uint8_t flags, size_t key_len,
		       const uint8_t nonce[16], uint8_t ctx[28])
{
	ctx[0] = 1, ctx[1] = cm, ctx[2] = fm, ctx[3] = flags;
	descriptor(raw, key_len, ctx + 4);
	memcpy(ctx + 12, nonce, 16);
}

static extcrypt_inode *v1_inode(uint8_t cm, uint8_t fm, uint8_t flags,
				size_t key_len, const uint8_t nonce[16])
{
	extcrypt_master_key *key;
	extcrypt_inode *inode;
	uint8_t ctx[28];

	v1_context(cm, fm, flags, key_len, nonce, ctx);
	ck_ok(extcrypt_master_key_new(raw, key_len, &key));
	ck_ok(extcrypt_inode_load(key, ctx, 28, 4096, &inode));
	extcrypt_master_key_free(key);
	return inode;
}

START_TEST(test_descriptor)
{
	static const size_t lens[] = { 16, 32, 33, 64 };
	extcrypt_master_key *key;
	uint8_t want[8], got[8];

	for (size_t i = 0; i < 4; i++) {
		ck_ok(extcrypt_master_key_new(raw, lens[i], &key));
		ck_ok(extcrypt_master_key_descriptor(key, got));
		descriptor(raw, lens[i], want);
		ck_assert_mem_eq(got, want, 8);
		ck_status(extcrypt_master_key_descriptor(key, NULL), EXTCRYPT_E_INVALID);
		extcrypt_master_key_free(key);
	}
	ck_status(extcrypt_master_key_descriptor(NULL, got), EXTCRYPT_E_INVALID);
}
END_TEST

/* docs/spec.md Appendix A.1 (checked against xfstests' oracle): the v1 key
 * of MK = 01..40 and N = 00112233..ff; the inode must encrypt with it. */
START_TEST(test_spec_value)
{
	static const uint8_t n[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
				       0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
				       0xee, 0xff };
	uint8_t mk[64], key[64], ctx[28], pt[4096] = { 0 }, ct[4096], want[4096];
	uint8_t iv[16] = { 0 };
	extcrypt_master_key *k;
	extcrypt_inode *inode;

	for (int i = 0; i < 64; i++)
		mk[i] = (uint8_t)(i + 1);
	tu_ossl_cipher(EVP_aes_128_ecb(), n, NULL, mk, key, 64);
	tu_assert_hex(key, 64,
		      "bf6529be6d7553abe7b4e048c65b313531fdd13a5873c09df76c5c19943a22d1"
		      "d1468430ec7fdd388e0932d2cb9f4a8d43694b639412e6b7aa0c539e0debca90");
	ctx[0] = 1, ctx[1] = 1, ctx[2] = 4, ctx[3] = 0;
	descriptor(mk, 64, ctx + 4);
	memcpy(ctx + 12, n, 16);
	ck_ok(extcrypt_master_key_new(mk, 64, &k));
	ck_ok(extcrypt_inode_load(k, ctx, 28, 4096, &inode));
	ck_ok(extcrypt_inode_encrypt(inode, 0, pt, ct, sizeof(pt)));
	tu_ossl_cipher(EVP_aes_256_xts(), key, iv, pt, want, sizeof(pt));
	ck_assert_mem_eq(ct, want, sizeof(pt));
	extcrypt_inode_free(inode);
	extcrypt_master_key_free(k);
}
END_TEST

START_TEST(test_context_round_trip)
{
	static const uint8_t nonce[16] = { 0xa5, 1, 2, 3 };
	extcrypt_inode *inode = v1_inode(1, 4, 2, 64, nonce);
	const extcrypt_policy *p = extcrypt_inode_policy(inode);
	uint8_t ctx[28], back[40], desc[8], n2[16];
	size_t n;

	v1_context(1, 4, 2, 64, nonce, ctx);
	memset(back, 0xee, sizeof(back));
	ck_ok(extcrypt_inode_context(inode, back, sizeof(back), &n));
	ck_assert_uint_eq(n, EXTCRYPT_CONTEXT_V1_SIZE);
	ck_assert_mem_eq(back, ctx, 28);
	for (int i = 28; i < 40; i++) /* only the context's bytes written */
		ck_assert_uint_eq(back[i], 0xee);
	ck_status(extcrypt_inode_context(inode, back, 27, &n),
		  EXTCRYPT_E_OUTPUT_SPACE);
	ck_ok(extcrypt_inode_nonce(inode, n2));
	ck_assert_mem_eq(n2, nonce, 16);
	ck_assert_int_eq(extcrypt_policy_version(p), 1);
	ck_ok(extcrypt_policy_key_descriptor(p, desc));
	ck_assert_mem_eq(desc, ctx + 4, 8);
	ck_assert_uint_eq(extcrypt_inode_data_unit_size(inode), 4096);
	extcrypt_inode_free(inode);
}
END_TEST

/* AES-256-XTS contents and AES-256-CTS names with the ECB-derived key. */
START_TEST(test_xts_cts_vs_openssl)
{
	static const uint8_t nonce[16] = { 0x10, 0x32, 0x54, 0x76, 0x98 };
	extcrypt_inode *inode = v1_inode(1, 4, 0, 64, nonce);
	uint8_t key[64], iv[16] = { 0 }, *pt = malloc(8192), *ct = malloc(8192);
	uint8_t *want = malloc(8192), name[40] = "a v1 file name", padded[32] = { 0 };
	size_t n;
	uint64_t seed = 1;

	ck_assert(pt != NULL && ct != NULL && want != NULL);
	tu_ossl_cipher(EVP_aes_128_ecb(), nonce, NULL, raw, key, 64);
	tu_rand(&seed, pt, 8192);
	ck_ok(extcrypt_inode_encrypt(inode, 41, pt, ct, 8192));
	for (int j = 0; j < 2; j++) {
		iv[0] = (uint8_t)(41 + j);
		tu_ossl_cipher(EVP_aes_256_xts(), key, iv, pt + 4096 * j, want + 4096 * j, 4096);
	}
	ck_assert_mem_eq(ct, want, 8192);
	ck_ok(extcrypt_inode_decrypt(inode, 41, ct, ct, 8192));
	ck_assert_mem_eq(ct, pt, 8192);
	/* Filenames: the first 32 bytes of the same derivation. */
	memcpy(padded, name, 14);
	ck_ok(extcrypt_inode_encrypt_name(inode, name, 14, 0, ct, 64, &n));
	ck_assert_uint_eq(n, 16);
	ossl_cts(key, 32, padded, want, 16);
	ck_assert_mem_eq(ct, want, 16);
	ck_ok(extcrypt_inode_encrypt_name(inode, name, 17, 0, ct, 64, &n));
	ck_assert_uint_eq(n, 20);
	memcpy(padded, name, 17);
	ossl_cts(key, 32, padded, want, 20);
	ck_assert_mem_eq(ct, want, 20);
	free(pt), free(ct), free(want);
	extcrypt_inode_free(inode);
}
END_TEST

/* AES-128-CBC-ESSIV contents, AES-128-CTS symlink, with a 16-byte key. */
START_TEST(test_essiv_cts128_vs_openssl)
{
	static const uint8_t nonce[16] = { 0xee, 0x55 };
	extcrypt_inode *inode = v1_inode(5, 6, 1, 16, nonce);
	uint8_t key[16], salt[32], iv[16] = { 7 }, essiv[16];
	uint8_t pt[4096], ct[4096], want[4096], disk[64], padded[24] = { 0 };
	size_t n;
	uint64_t seed = 2;

	tu_ossl_cipher(EVP_aes_128_ecb(), nonce, NULL, raw, key, 16);
	tu_rand(&seed, pt, sizeof(pt));
	ck_ok(extcrypt_inode_encrypt(inode, 7, pt, ct, sizeof(pt)));
	ck_assert_int_eq(EVP_Digest(key, 16, salt, NULL, EVP_sha256(), NULL), 1);
	tu_ossl_cipher(EVP_aes_256_ecb(), salt, NULL, iv, essiv, 16);
	tu_ossl_cipher(EVP_aes_128_cbc(), key, essiv, pt, want, sizeof(pt));
	ck_assert_mem_eq(ct, want, sizeof(pt));
	/* A 17-byte target pads to 24 (padding 8). */
	ck_ok(extcrypt_inode_encrypt_symlink(inode, "../some/where/else", 17,
					     4096, disk, sizeof(disk), &n));
	ck_assert_uint_eq(n, 26);
	ck_assert_uint_eq(disk[0], 24);
	ck_assert_uint_eq(disk[1], 0);
	memcpy(padded, "../some/where/else", 17);
	ossl_cts(key, 16, padded, want, 24);
	ck_assert_mem_eq(disk + 2, want, 24);
	extcrypt_inode_free(inode);
}
END_TEST

/* DIRECT_KEY: the first 32 bytes of the master key, nonce in the IV. */
START_TEST(test_adiantum_direct_key)
{
	static const uint8_t n1[16] = { 1 }, n2[16] = { 2 };
	extcrypt_inode *a = v1_inode(9, 9, 4, 64, n1), *b = v1_inode(9, 9, 4, 64, n2);
	extcrypt_cipher *c;
	uint8_t pt[4096], ca[4096], cb[4096], want[4096], iv[32] = { 0 };
	uint64_t seed = 3;

	tu_rand(&seed, pt, sizeof(pt));
	ck_ok(extcrypt_inode_encrypt(a, 3, pt, ca, sizeof(pt)));
	ck_ok(extcrypt_inode_encrypt(b, 3, pt, cb, sizeof(pt)));
	ck_assert_mem_ne(ca, cb, 64);
	ck_ok(extcrypt_cipher_new(9, raw, 32, &c));
	iv[0] = 3;
	memcpy(iv + 8, n1, 16);
	ck_ok(extcrypt_cipher_encrypt(c, iv, 32, pt, want, sizeof(pt)));
	ck_assert_mem_eq(ca, want, sizeof(pt));
	memcpy(iv + 8, n2, 16);
	ck_ok(extcrypt_cipher_encrypt(c, iv, 32, pt, want, sizeof(pt)));
	ck_assert_mem_eq(cb, want, sizeof(pt));
	extcrypt_cipher_free(c);
	extcrypt_inode_free(a), extcrypt_inode_free(b);
}
END_TEST

/* Without DIRECT_KEY, Adiantum takes the ECB-derived 32-byte key. */
START_TEST(test_adiantum_derived)
{
	static const uint8_t nonce[16] = { 9, 9, 9 };
	extcrypt_inode *inode = v1_inode(9, 9, 0, 32, nonce);
	extcrypt_cipher *c;
	uint8_t key[32], pt[512 * 8], ct[512 * 8], want[4096], iv[32] = { 0 };
	uint64_t seed = 4;

	tu_rand(&seed, pt, sizeof(pt));
	tu_ossl_cipher(EVP_aes_128_ecb(), nonce, NULL, raw, key, 32);
	ck_ok(extcrypt_inode_encrypt(inode, 0, pt, ct, 4096));
	ck_ok(extcrypt_cipher_new(9, key, 32, &c));
	ck_ok(extcrypt_cipher_encrypt(c, iv, 32, pt, want, 4096));
	ck_assert_mem_eq(ct, want, 4096);
	extcrypt_cipher_free(c);
	extcrypt_inode_free(inode);
}
END_TEST

static int load(size_t key_len, const uint8_t *ctx, size_t ctx_len)
{
	extcrypt_master_key *key;
	extcrypt_inode *inode = (void *)1;
	int err;

	ck_ok(extcrypt_master_key_new(raw, key_len, &key));
	err = extcrypt_inode_load(key, ctx, ctx_len, 4096, &inode);
	if (err)
		ck_assert_ptr_null(inode);
	extcrypt_inode_free(inode);
	extcrypt_master_key_free(key);
	return err;
}

START_TEST(test_errors)
{
	static const uint8_t nonce[16] = { 0 };
	uint8_t ctx[28];
	extcrypt_master_key *key;
	extcrypt_policy *p;
	extcrypt_inode *inode;
	uint64_t h;

	/* v1 key sizes: the whole mode key (64 for AES-256-XTS). */
	v1_context(1, 4, 0, 32, nonce, ctx);
	ck_status(load(32, ctx, 28), EXTCRYPT_E_KEY_SIZE);
	v1_context(1, 4, 0, 63, nonce, ctx);
	ck_status(load(63, ctx, 28), EXTCRYPT_E_KEY_SIZE);
	v1_context(9, 9, 4, 16, nonce, ctx);
	ck_status(load(16, ctx, 28), EXTCRYPT_E_KEY_SIZE);
	v1_context(9, 9, 4, 32, nonce, ctx);
	ck_ok(load(32, ctx, 28));
	/* The descriptor must be the key's. */
	v1_context(1, 4, 0, 64, nonce, ctx);
	ck_ok(load(64, ctx, 28));
	ctx[11] ^= 1;
	ck_status(load(64, ctx, 28), EXTCRYPT_E_KEY_MISMATCH);
	/* v1 policy rules. */
	v1_context(1, 10, 0, 64, nonce, ctx); /* HCTR2: v2 only */
	ck_status(load(64, ctx, 28), EXTCRYPT_E_POLICY);
	v1_context(1, 4, 0x08, 64, nonce, ctx); /* IV_INO_LBLK_64: v2 only */
	ck_status(load(64, ctx, 28), EXTCRYPT_E_POLICY);
	v1_context(1, 4, 0x04, 64, nonce, ctx); /* DIRECT_KEY with XTS */
	ck_status(load(64, ctx, 28), EXTCRYPT_E_POLICY);
	v1_context(1, 4, 0, 64, nonce, ctx);
	ck_status(load(64, ctx, 27), EXTCRYPT_E_LENGTH);
	ctx[0] = 2;
	ck_status(load(64, ctx, 28), EXTCRYPT_E_LENGTH);
	/* No dirhash (casefolding) and no new inodes under v1. */
	inode = v1_inode(1, 4, 0, 64, nonce);
	ck_status(extcrypt_inode_dirhash(inode, (const uint8_t *)"a", 1, &h),
		  EXTCRYPT_E_POLICY);
	extcrypt_inode_free(inode);
	ck_ok(extcrypt_master_key_new(raw, 64, &key));
	ck_ok(extcrypt_policy_decode((const uint8_t[12]){ 0, 1, 4, 0 }, 12, &p));
	inode = (void *)1;
	ck_status(extcrypt_inode_new_with_nonce(key, p, nonce, 4096, &inode),
		  EXTCRYPT_E_POLICY);
	ck_assert_ptr_null(inode);
	extcrypt_policy_free(p);
	extcrypt_master_key_free(key);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("v1");
	TCase *tc = tcase_create("v1");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_descriptor);
	tcase_add_test(tc, test_spec_value);
	tcase_add_test(tc, test_context_round_trip);
	tcase_add_test(tc, test_xts_cts_vs_openssl);
	tcase_add_test(tc, test_essiv_cts128_vs_openssl);
	tcase_add_test(tc, test_adiantum_direct_key);
	tcase_add_test(tc, test_adiantum_derived);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
