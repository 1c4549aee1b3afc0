// SPDX-License-Identifier: MIT
/*
 * No key material in dead stack after the data path returns (issue 11,
 * item 4): after extcrypt_cipher_encrypt_units / decrypt_units and
 * extcrypt_inode_encrypt / decrypt, the stack below the caller must not
 * hold any 16-byte round key of the cipher's expanded schedules (the data
 * key's encryption and decryption schedules, the tweak key's schedule;
 * round keys 0 and 1 are the raw key bytes).
 *
 * The cipher case covers key setup and the data path; the inode case
 * clears the dead stack after creating the inode, so it covers the data
 * path only.  Each operation runs in a noinline helper; then a sibling noinline
 * function, whose frame starts where the helper's did, takes a large
 * alloca (which reaches over every frame the library used) and scans it
 * without writing it first.  Run once per implementation by CTest
 * (EXTCRYPT_IMPL), like the other data-path tests.  x86 only: other
 * architectures make no such promise yet (the scan is skipped there).
 */
#include <alloca.h>
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define SCAN_DEFINED(p, n) VALGRIND_MAKE_MEM_DEFINED(p, n)
#endif
#ifndef SCAN_DEFINED
#define SCAN_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#include "extcrypt/extcrypt.h"
#include "cipher/cipher.h"
#include "inode/inode.h"
#include "util/test_util.h"
#include "xts/xts_impl.h"

/* noclone (gcc only) keeps gcc from specialising the helpers into copies
 * whose frames differ from the ones the scan expects. */
#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif
#define SCAN_BYTES (64 * 1024)
#define MAX_NEEDLES (3 * 15)

struct needles {
	uint8_t key[MAX_NEEDLES][16];
	size_t n;
};

/* The schedules of `xk`, or, for the portable implementation (whose
 * schedules live inside OpenSSL), the same bytes as an architecture
 * implementation expands them.  Heap, so the needles are not on the stack
 * being scanned.  Returns NULL if there is nothing to compare against
 * (portable, with `raw` unknown or no architecture implementation). */
static struct needles *needles_of(const struct extcrypt_xts_key *xk,
				  const uint8_t raw[64])
{
	struct needles *nd = calloc(1, sizeof(*nd));
	const struct extcrypt_xts_key *from = xk;
	struct extcrypt_xts_key *tmp = NULL;

	ck_assert_ptr_nonnull(nd);
	if (xk->impl == &extcrypt_xts_portable) {
		from = NULL;
		for (size_t i = 0; raw != NULL && extcrypt_arch_xts_impls[i] != NULL; i++) {
			const struct extcrypt_xts_impl *impl = extcrypt_arch_xts_impls[i];

			if (!impl->usable())
				continue;
			tmp = aligned_alloc(64, sizeof(*tmp));
			ck_assert_ptr_nonnull(tmp);
			ck_assert_int_eq(impl->setkey(tmp, raw), 0);
			from = tmp;
			break;
		}
		if (from == NULL) {
			free(nd);
			return NULL;
		}
	}
	for (int r = 0; r < 15; r++) {
		memcpy(nd->key[nd->n++], from->enc[r], 16);
		memcpy(nd->key[nd->n++], from->dec[r], 16);
		memcpy(nd->key[nd->n++], from->tweak_enc[r], 16);
	}
	free(tmp);
	return nd;
}

/* Scans SCAN_BYTES of stack below the caller's frame for any needle;
 * returns the first hit's needle index + 1, or 0. */
static NOINLINE size_t scan_dead_stack(const struct needles *nd, long *where)
{
	uint8_t *p = alloca(SCAN_BYTES);

	/* Hide that the buffer was never written. */
	__asm__ volatile("" : "+r"(p) : : "memory");
	SCAN_DEFINED(p, SCAN_BYTES);
	for (size_t off = 0; off + 16 <= SCAN_BYTES; off++)
		for (size_t i = 0; i < nd->n; i++)
			if (p[off] == nd->key[i][0] && memcmp(p + off, nd->key[i], 16) == 0) {
				*where = (long)(SCAN_BYTES - off);
				return i + 1;
			}
	return 0;
}

static void expect_clean(const struct needles *nd, const char *what)
{
	long depth = 0;
	size_t hit;

#if !defined(__x86_64__)
	/* Promised for the x86 data paths only (docs/design.md, section 4). */
	(void)nd, (void)what, (void)depth, (void)hit;
	return;
#endif
	hit = scan_dead_stack(nd, &depth);

	ck_assert_msg(hit == 0,
		      "%s (%s): round key %zu of schedule %s found in dead stack, "
		      "about %ld bytes below the caller",
		      what, extcrypt_xts_impl_name(), (hit - 1) / 3,
		      (const char *[]){ "enc", "dec", "tweak" }[(hit - 1) % 3], depth);
}

/* Zeroes the dead stack below the caller, so that a later scan sees only
 * what runs after this. */
static NOINLINE void clear_dead_stack(void)
{
	uint8_t *p = alloca(SCAN_BYTES);

	memset(p, 0, SCAN_BYTES);
	__asm__ volatile("" : : "r"(p) : "memory");
}

static NOINLINE void cipher_op(extcrypt_cipher *c, int enc, uint8_t *buf, size_t len)
{
	if (enc)
		ck_ok(extcrypt_cipher_encrypt_units(c, 7, 4096, buf, buf, len));
	else
		ck_ok(extcrypt_cipher_decrypt_units(c, 7, 4096, buf, buf, len));
}

static NOINLINE void inode_op(extcrypt_inode *ino, int enc, uint8_t *buf, size_t len)
{
	if (enc)
		ck_ok(extcrypt_inode_encrypt(ino, 3, buf, buf, len));
	else
		ck_ok(extcrypt_inode_decrypt(ino, 3, buf, buf, len));
}

START_TEST(test_cipher_units)
{
	static const size_t lens[] = { 4096, 4096 * 3, 4096 * 16 };
	uint64_t seed = 0x7363727562;
	uint8_t raw[64];
	uint8_t *buf = malloc(4096 * 16);
	extcrypt_cipher *c;
	struct needles *nd;

	tu_rand(&seed, raw, sizeof(raw));
	tu_rand(&seed, buf, 4096 * 16);
	ck_ok(extcrypt_cipher_new(EXTCRYPT_MODE_AES_256_XTS, raw, 64, &c));
	nd = needles_of(&c->xts, raw);
	if (nd == NULL) {
		printf("stack residue: no schedule to compare against, skipped\n");
		goto out;
	}
	/* Key setup first, on its own.  Optimised, the x86 key expansion keeps
	 * round keys in registers; unoptimised (-O0, the ASan build) it spills
	 * them like any C code, and only the data-path bodies are scrubbed
	 * there (xts_scrub.c), so the check needs an optimised build.  The
	 * portable implementation's needles come from this test's own setkey
	 * call (needles_of), whose residue is the test's, not the library's. */
#if defined(__OPTIMIZE__)
	if (c->xts.impl != &extcrypt_xts_portable)
		expect_clean(nd, "cipher_new");
#endif
	clear_dead_stack();
	for (size_t i = 0; i < 3; i++)
		for (int enc = 1; enc >= 0; enc--) {
			char what[64];

			cipher_op(c, enc, buf, lens[i]);
			snprintf(what, sizeof(what), "%s_units of %zu bytes",
				 enc ? "encrypt" : "decrypt", lens[i]);
			expect_clean(nd, what);
		}
	free(nd);
out:
	extcrypt_cipher_free(c);
	free(buf);
}
END_TEST

START_TEST(test_inode)
{
	uint8_t raw[64], key_id[16];
	uint64_t seed = 0x696e6f6465;
	uint8_t *buf = malloc(4096 * 4);
	extcrypt_master_key *mk;
	extcrypt_policy *p;
	extcrypt_inode *ino;
	struct needles *nd;

	tu_rand(&seed, raw, sizeof(raw));
	tu_rand(&seed, buf, 4096 * 4);
	ck_ok(extcrypt_master_key_new(raw, 64, &mk));
	extcrypt_master_key_identifier(mk, key_id);
	ck_ok(extcrypt_policy_new(EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
				  0x02, 0, key_id, &p));
	ck_ok(extcrypt_inode_new(mk, p, 4096, &ino));
	nd = needles_of(&ino->contents.xts, NULL);
	/* Only the data path is under test here: the key derivation of
	 * extcrypt_inode_new (HKDF through OpenSSL's SHA-512) is not. */
	clear_dead_stack();
	if (nd != NULL) {
		for (int enc = 1; enc >= 0; enc--) {
			inode_op(ino, enc, buf, 4096 * 4);
			expect_clean(nd, enc ? "inode_encrypt" : "inode_decrypt");
		}
		free(nd);
	} else {
		printf("stack residue: no schedule to compare against, skipped\n");
	}
	extcrypt_inode_free(ino);
	extcrypt_policy_free(p);
	extcrypt_master_key_free(mk);
	free(buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stack_residue");
	TCase *tc = tcase_create("stack_residue");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_cipher_units);
	tcase_add_test(tc, test_inode);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
