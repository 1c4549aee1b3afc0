// SPDX-License-Identifier: MIT
/*
 * Constant-time validation, in the style of BoringSSL's and Adam Langley's
 * ctgrind: the secrets (master keys, raw cipher keys, plaintexts) are
 * marked undefined for valgrind's memcheck before they go into the
 * library, so memcheck reports every branch ("Conditional jump or move
 * depends on uninitialised value(s)") and every memory address ("Use of
 * uninitialised value of size N") that depends on them.  Outputs are
 * marked defined again only here, before this program compares them.
 *
 * Run by scripts/checks/ctgrind.sh under `valgrind --error-exitcode`, once
 * per implementation valgrind can execute (EXTCRYPT_IMPL=aesni, portable);
 * without valgrind the markers do nothing and the program is a plain
 * round-trip test.  Built only with -DEXTCRYPT_CTGRIND=ON.
 *
 * What counts as public here: lengths, unit indices, IVs, nonces, inode
 * numbers, policies, contexts, and what the library declassifies on
 * purpose (src/common/ctgrind.h names each place).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "extcrypt/extcrypt.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

#define UNIT 4096
#define NUNITS 3

static int failures;

static void fail(const char *what, int status)
{
	fprintf(stderr, "ctgrind: %s: %s (%s)\n", what,
		extcrypt_status_name(status), extcrypt_last_error());
	failures++;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 31 * i + (i >> 8));
}

/* Compares a decryption with the original: both made public first. */
static void check_round_trip(const char *what, const uint8_t *pt,
			     uint8_t *ct, uint8_t *back, size_t n)
{
	PUBLIC(ct, n);
	PUBLIC(back, n);
	uint8_t *want = malloc(n);

	memcpy(want, pt, n);
	PUBLIC(want, n);
	if (memcmp(want, back, n) != 0 || memcmp(want, ct, n) == 0) {
		fprintf(stderr, "ctgrind: %s: round trip failed\n", what);
		failures++;
	}
	free(want);
}

/*
 * SM4 is left out on purpose: OpenSSL 3.0's SM4 (the only SM4 we use)
 * indexes its S-box table with key- and data-dependent bytes, so memcheck
 * would rightly report secret-dependent addresses.  The library does not
 * claim constant time for SM4 (docs/design.md, "Constant time"); our XTS
 * and CTS code around it is the code the AES rows share or mirror.
 */
static bool constant_time_mode(int mode)
{
	return mode != EXTCRYPT_MODE_SM4_XTS && mode != EXTCRYPT_MODE_SM4_CTS;
}

/* The raw cipher API: every mode, messages and runs of data units. */
static void cipher_modes(void)
{
	static const int modes[] = {
		EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
		EXTCRYPT_MODE_AES_128_CBC, EXTCRYPT_MODE_AES_128_CTS,
		EXTCRYPT_MODE_SM4_XTS, EXTCRYPT_MODE_SM4_CTS,
		EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_AES_256_HCTR2,
	};
	static const size_t msg_lens[] = { 16, 17, 32, 45, 255, UNIT };
	uint8_t key[64], iv[32], pt[UNIT * NUNITS], ct[UNIT * NUNITS],
		back[UNIT * NUNITS];

	fill(iv, sizeof(iv), 7);
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		int mode = modes[m];
		size_t klen = extcrypt_mode_key_size(mode);
		const char *name = extcrypt_mode_name(mode);
		extcrypt_cipher *c;
		int s;

		if (!extcrypt_mode_supported(mode) || !constant_time_mode(mode))
			continue;
		fill(key, klen, (uint8_t)(mode * 13));
		SECRET(key, klen);
		s = extcrypt_cipher_new(mode, key, klen, &c);
		if (s != EXTCRYPT_OK) {
			fail(name, s);
			continue;
		}
		for (size_t l = 0; l < sizeof(msg_lens) / sizeof(msg_lens[0]); l++) {
			size_t n = msg_lens[l];
			/* CBC-ESSIV takes whole blocks only. */
			if (mode == EXTCRYPT_MODE_AES_128_CBC && n % 16)
				continue;
			fill(pt, n, (uint8_t)l);
			SECRET(pt, n);
			s = extcrypt_cipher_encrypt(c, iv, 16, pt, ct, n);
			if (s == EXTCRYPT_OK)
				s = extcrypt_cipher_decrypt(c, iv, 16, ct, back, n);
			if (s != EXTCRYPT_OK)
				fail(name, s);
			else
				check_round_trip(name, pt, ct, back, n);
		}
		/* Runs of data units: the contents modes only. */
		if (mode == EXTCRYPT_MODE_AES_256_CTS ||
		    mode == EXTCRYPT_MODE_AES_128_CTS ||
		    mode == EXTCRYPT_MODE_SM4_CTS ||
		    mode == EXTCRYPT_MODE_AES_256_HCTR2) {
			extcrypt_cipher_free(c);
			continue;
		}
		fill(pt, sizeof(pt), 3);
		SECRET(pt, sizeof(pt));
		s = extcrypt_cipher_encrypt_units(c, 1000, UNIT, pt, ct, sizeof(pt));
		if (s == EXTCRYPT_OK)
			s = extcrypt_cipher_decrypt_units(c, 1000, UNIT, ct, back,
							  sizeof(pt));
		if (s != EXTCRYPT_OK)
			fail(name, s);
		else
			check_round_trip(name, pt, ct, back, sizeof(pt));
		extcrypt_cipher_free(c);
	}
}

/* Contents and filenames of one inode, then its extents. */
static void inode_data(extcrypt_inode *ino, const char *what, int extents)
{
	uint8_t pt[UNIT * NUNITS], ct[UNIT * NUNITS], back[UNIT * NUNITS];
	uint8_t name[40], ename[EXTCRYPT_NAME_MAX], dname[EXTCRYPT_NAME_MAX];
	size_t elen, dlen;
	uint64_t hash;
	int s;

	fill(pt, sizeof(pt), 9);
	SECRET(pt, sizeof(pt));
	s = extcrypt_inode_encrypt(ino, 5, pt, ct, sizeof(pt));
	if (s == EXTCRYPT_OK)
		s = extcrypt_inode_decrypt(ino, 5, ct, back, sizeof(pt));
	if (s != EXTCRYPT_OK)
		fail(what, s);
	else
		check_round_trip(what, pt, ct, back, sizeof(pt));

	/* A filename is plaintext: secret, but its length is public. */
	for (size_t i = 0; i < sizeof(name); i++)
		name[i] = (uint8_t)('a' + i % 26);
	SECRET(name, sizeof(name));
	s = extcrypt_inode_encrypt_name(ino, name, sizeof(name), EXTCRYPT_NAME_MAX,
					ename, sizeof(ename), &elen);
	if (s == EXTCRYPT_OK) {
		PUBLIC(ename, elen); /* ciphertext goes to disk */
		s = extcrypt_inode_decrypt_name(ino, ename, elen, dname,
						sizeof(dname), &dlen);
	}
	if (s != EXTCRYPT_OK) {
		fail(what, s);
	} else {
		PUBLIC(dname, dlen);
		PUBLIC(name, sizeof(name));
		if (dlen != sizeof(name) || memcmp(dname, name, dlen) != 0)
			fail(what, EXTCRYPT_E_CRYPTO);
	}
	SECRET(name, sizeof(name));
	s = extcrypt_inode_dirhash(ino, name, sizeof(name), &hash);
	if (s != EXTCRYPT_OK && s != EXTCRYPT_E_UNSUPPORTED)
		fail(what, s);

	if (!extents)
		return;
	for (int profile = EXTCRYPT_EXTENT_RFC_2023_09;
	     profile <= EXTCRYPT_EXTENT_V6_2026_02; profile++) {
		extcrypt_extent *e, *e2;
		uint8_t ctx[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE];
		size_t clen;

		s = extcrypt_extent_new(ino, profile, &e);
		if (s != EXTCRYPT_OK) {
			fail(extcrypt_extent_profile_name(profile), s);
			continue;
		}
		/* The context is stored on disk (nonce, no secret). */
		s = extcrypt_extent_context(e, ctx, sizeof(ctx), &clen);
		if (s == EXTCRYPT_OK)
			s = extcrypt_extent_load(ino, profile, ctx, clen, &e2);
		if (s != EXTCRYPT_OK) {
			fail(extcrypt_extent_profile_name(profile), s);
			extcrypt_extent_free(e);
			continue;
		}
		fill(pt, sizeof(pt), (uint8_t)profile);
		SECRET(pt, sizeof(pt));
		s = extcrypt_extent_encrypt(e, 2, pt, ct, sizeof(pt), NULL, NULL);
		if (s == EXTCRYPT_OK)
			s = extcrypt_extent_decrypt(e2, 2, ct, back, sizeof(pt),
						    NULL, NULL);
		if (s != EXTCRYPT_OK)
			fail(extcrypt_extent_profile_name(profile), s);
		else
			check_round_trip(extcrypt_extent_profile_name(profile),
					 pt, ct, back, sizeof(pt));
		extcrypt_extent_free(e2);
		extcrypt_extent_free(e);
	}
}

/* Master-key derivation, key loading and every policy kind. */
static void policies(void)
{
	static const struct {
		uint8_t contents, filenames, flags;
		const char *what;
	} pols[] = {
		{ EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, 0, "xts/cts" },
		{ EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_HCTR2, 0, "xts/hctr2" },
		{ EXTCRYPT_MODE_AES_128_CBC, EXTCRYPT_MODE_AES_128_CTS, 0, "essiv/cts" },
		{ EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_ADIANTUM, 0, "adiantum" },
		{ EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_ADIANTUM,
		  EXTCRYPT_POLICY_FLAG_DIRECT_KEY, "adiantum/direct" },
		{ EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
		  EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64, "xts/lblk64" },
		{ EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
		  EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32, "xts/lblk32" },
	};
	uint8_t raw[64], id[16], derived[64], info[16], uuid[16], nonce[16];
	uint8_t ctx[40];
	size_t ctx_len = 0;
	extcrypt_master_key *mk;
	int s;

	fill(raw, sizeof(raw), 1);
	fill(info, sizeof(info), 2);
	fill(uuid, sizeof(uuid), 4);
	fill(nonce, sizeof(nonce), 5);
	SECRET(raw, sizeof(raw));
	s = extcrypt_master_key_new(raw, sizeof(raw), &mk);
	if (s != EXTCRYPT_OK) {
		fail("master_key_new", s);
		return;
	}
	/* The identifier is public (it is in every policy on disk). */
	extcrypt_master_key_identifier(mk, id);
	PUBLIC(id, sizeof(id));
	s = extcrypt_master_key_derive(mk, EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY,
				       info, sizeof(info), derived, sizeof(derived));
	if (s != EXTCRYPT_OK)
		fail("master_key_derive", s);

	for (size_t i = 0; i < sizeof(pols) / sizeof(pols[0]); i++) {
		extcrypt_policy *p;
		extcrypt_inode *ino, *loaded;

		if (!extcrypt_mode_supported(pols[i].contents) ||
		    !extcrypt_mode_supported(pols[i].filenames))
			continue;
		s = extcrypt_policy_new(pols[i].contents, pols[i].filenames,
					pols[i].flags, 0, id, &p);
		if (s != EXTCRYPT_OK) {
			fail(pols[i].what, s);
			continue;
		}
		s = extcrypt_inode_new_with_nonce(mk, p, nonce, UNIT, &ino);
		extcrypt_policy_free(p);
		if (s != EXTCRYPT_OK) {
			fail(pols[i].what, s);
			continue;
		}
		s = extcrypt_inode_set_ino(ino, 12, uuid);
		if (s != EXTCRYPT_OK)
			fail(pols[i].what, s);
		/* Key loading: the same inode from its on-disk context. */
		s = extcrypt_inode_context(ino, ctx, sizeof(ctx), &ctx_len);
		if (s == EXTCRYPT_OK)
			s = extcrypt_inode_load(mk, ctx, ctx_len, UNIT, &loaded);
		if (s == EXTCRYPT_OK)
			s = extcrypt_inode_set_ino(loaded, 12, uuid);
		if (s != EXTCRYPT_OK) {
			fail(pols[i].what, s);
		} else {
			inode_data(loaded, pols[i].what,
				   pols[i].contents == EXTCRYPT_MODE_AES_256_XTS &&
					   pols[i].flags == 0);
			extcrypt_inode_free(loaded);
		}
		extcrypt_inode_free(ino);
	}
	extcrypt_master_key_free(mk);
}

/*
 * --self-test: a branch on a secret, which memcheck must report (the
 * check runs this first, so markers that stopped working cannot pass).
 */
static int self_test(void)
{
	volatile uint8_t secret[1] = { 1 };
	uint8_t copy;

	SECRET((void *)secret, 1);
	copy = secret[0];
	if (copy == 1)
		puts("ctgrind: self-test branch taken");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--self-test") == 0)
		return self_test();
	printf("ctgrind: implementation %s, %s valgrind\n", extcrypt_xts_impl_name(),
	       RUNNING_ON_VALGRIND ? "under" : "not under");
	cipher_modes();
	policies();
	printf("ctgrind: %s\n", failures ? "FAILED" : "round trips OK");
	return failures ? 1 : 0;
}
