// SPDX-License-Identifier: MIT
/*
 * kat_gen_keys.c - key vectors: identifiers, per-file keys, per-mode keys
 * (DIRECT_KEY, IV_INO_LBLK_64/32), the inode-number and directory hashes,
 * and per-extent keys of every profile.
 */
#include <string.h>

#include <sodium.h>

#include "kat.h"

static void key_identifier(struct kat *k, const char *id, const char *label,
			   const uint8_t *mk, size_t mk_len)
{
	struct kat_case *c = kat_case(k, "key_identifier", "%s", id);
	uint8_t out[16];

	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, mk_len);
	kat_derive_fields(k, c, mk, mk_len, EXTCRYPT_HKDF_CONTEXT_KEY_IDENTIFIER,
			  NULL, 0, out, sizeof(out));
}

static void gen_key_identifiers(struct kat *k)
{
	static const size_t sizes[] = { 16, 32, 64 };
	uint8_t mk[64];
	char id[64];

	key_identifier(k, "keyid-spec", "xfstests TEST_RAW_KEY 01..40; docs/spec.md A.1",
		       kat_spec_mk, 64);
	for (size_t s = 0; s < CLI_ARRAY_SIZE(sizes); s++) {
		for (int i = 1; i <= 3; i++) {
			snprintf(id, sizeof(id), "keyid-mk%zu-%d", sizes[s], i);
			kat_prgf(k, mk, sizes[s], "%s/master_key", id);
			key_identifier(k, id, NULL, mk, sizes[s]);
		}
	}
}

static void file_key(struct kat *k, const char *id, const char *label,
		     int mode, const uint8_t *mk, size_t mk_len,
		     const uint8_t nonce[16])
{
	struct kat_case *c = kat_case(k, "file_key", "%s", id);
	size_t key_len = extcrypt_mode_key_size(mode);
	uint8_t out[64];

	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, mk_len);
	kat_set(c, "mode", "%s", kat_mode_name(mode));
	kat_set_u64(c, "mode_num", (uint64_t)mode);
	kat_set_hex(c, "nonce", nonce, 16);
	kat_derive_fields(k, c, mk, mk_len, EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY,
			  nonce, 16, out, key_len);
}

static const int file_modes[] = {
	EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
	EXTCRYPT_MODE_AES_128_CBC, EXTCRYPT_MODE_AES_128_CTS,
	EXTCRYPT_MODE_ADIANTUM,    EXTCRYPT_MODE_AES_256_HCTR2,
};

static void gen_file_keys(struct kat *k)
{
	uint8_t mk[64], nonce[16];
	char id[64];

	file_key(k, "filekey-spec-xts", "docs/spec.md A.1", EXTCRYPT_MODE_AES_256_XTS,
		 kat_spec_mk, 64, kat_spec_nonce);
	file_key(k, "filekey-spec-cts256", "docs/spec.md A.1: prefix of the XTS key",
		 EXTCRYPT_MODE_AES_256_CTS, kat_spec_mk, 64, kat_spec_nonce);
	for (size_t m = 0; m < CLI_ARRAY_SIZE(file_modes); m++) {
		snprintf(id, sizeof(id), "filekey-%s", kat_mode_name(file_modes[m]));
		kat_prgf(k, mk, 64, "%s/master_key", id);
		kat_prgf(k, nonce, 16, "%s/nonce", id);
		file_key(k, id, NULL, file_modes[m], mk, 64, nonce);
	}
	kat_prg(k, "filekey-mk32-xts/master_key", mk, 32);
	kat_prg(k, "filekey-mk32-xts/nonce", nonce, 16);
	file_key(k, "filekey-mk32-xts",
		 "32-byte master key, 64-byte key: v2 needs only the security strength",
		 EXTCRYPT_MODE_AES_256_XTS, mk, 32, nonce);
	kat_prg(k, "filekey-mk16-essiv/master_key", mk, 16);
	kat_prg(k, "filekey-mk16-essiv/nonce", nonce, 16);
	file_key(k, "filekey-mk16-essiv", "16-byte master key",
		 EXTCRYPT_MODE_AES_128_CBC, mk, 16, nonce);
}

static void mode_key(struct kat *k, const char *id, const char *label,
		     uint8_t flags, int mode, const uint8_t *mk, size_t mk_len,
		     const uint8_t *uuid)
{
	struct kat_case *c = kat_case(k, "mode_key", "%s", id);
	uint8_t info[17], out[64], ctx;
	size_t info_len = 1;

	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, mk_len);
	kat_set(c, "policy", "%s", kat_policy_name(flags));
	kat_set(c, "mode", "%s", kat_mode_name(mode));
	kat_set_u64(c, "mode_num", (uint64_t)mode);
	info[0] = (uint8_t)mode;
	if (flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY) {
		ctx = EXTCRYPT_HKDF_CONTEXT_DIRECT_KEY;
	} else {
		ctx = (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64)
			      ? EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_64_KEY
			      : EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_32_KEY;
		kat_set_hex(c, "fs_uuid", uuid, 16);
		memcpy(info + 1, uuid, 16);
		info_len = 17;
	}
	kat_derive_fields(k, c, mk, mk_len, ctx, info, info_len, out,
			  extcrypt_mode_key_size(mode));
}

static void gen_mode_keys(struct kat *k)
{
	static const int lblk_modes[] = {
		EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS,
		EXTCRYPT_MODE_AES_256_HCTR2,
	};
	static const uint8_t lblk_flags[] = {
		EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64,
		EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32,
	};
	uint8_t mk[64], uuid[16];
	char id[80];

	mode_key(k, "modekey-spec-direct-adiantum", "docs/spec.md A.1",
		 EXTCRYPT_POLICY_FLAG_DIRECT_KEY, EXTCRYPT_MODE_ADIANTUM,
		 kat_spec_mk, 64, NULL);
	mode_key(k, "modekey-spec-lblk64-xts", "docs/spec.md A.1",
		 EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64, EXTCRYPT_MODE_AES_256_XTS,
		 kat_spec_mk, 64, kat_spec_uuid);
	kat_prg(k, "modekey-direct-adiantum/master_key", mk, 64);
	mode_key(k, "modekey-direct-adiantum", NULL,
		 EXTCRYPT_POLICY_FLAG_DIRECT_KEY, EXTCRYPT_MODE_ADIANTUM, mk, 64,
		 NULL);
	for (size_t f = 0; f < CLI_ARRAY_SIZE(lblk_flags); f++) {
		for (size_t m = 0; m < CLI_ARRAY_SIZE(lblk_modes); m++) {
			snprintf(id, sizeof(id), "modekey-%s-%s",
				 f == 0 ? "lblk64" : "lblk32",
				 kat_mode_name(lblk_modes[m]));
			kat_prgf(k, mk, 64, "%s/master_key", id);
			kat_prgf(k, uuid, 16, "%s/fs_uuid", id);
			mode_key(k, id, NULL, lblk_flags[f], lblk_modes[m], mk, 64,
				 uuid);
		}
	}
}

static void inode_hash(struct kat *k, const char *id, const char *label,
		       const uint8_t *mk, size_t mk_len, uint64_t ino)
{
	struct kat_case *c = kat_case(k, "inode_hash", "%s", id);
	uint8_t key[16], full[9];
	uint32_t h;

	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, mk_len);
	h = kat_hashed_ino(k, id, mk, mk_len, ino, key);
	kat_set_u64(c, "hkdf_context", EXTCRYPT_HKDF_CONTEXT_INODE_HASH_KEY);
	kat_set_hex(c, "hkdf_info", full,
		    kat_full_info(EXTCRYPT_HKDF_CONTEXT_INODE_HASH_KEY, NULL, 0, full));
	kat_set_hex(c, "derived_key", key, 16);
	kat_set_u64(c, "inode_number", ino);
	kat_set_u64(c, "hashed_ino", h);
}

static void dirhash(struct kat *k, const char *id, const char *label,
		    const uint8_t *mk, size_t mk_len, const uint8_t nonce[16],
		    const uint8_t *name, size_t name_len)
{
	struct kat_case *c = kat_case(k, "dirhash", "%s", id);
	uint8_t key[16], h[crypto_shorthash_siphash24_BYTES];
	extcrypt_inode *dir;
	uint64_t lib_hash, v;

	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, mk_len);
	kat_set_hex(c, "nonce", nonce, 16);
	kat_derive_fields(k, c, mk, mk_len, EXTCRYPT_HKDF_CONTEXT_DIRHASH_KEY,
			  nonce, 16, key, sizeof(key));
	crypto_shorthash_siphash24(h, name, name_len, key);
	v = cli_get_le64(h);
	/* The library's own directory hash must agree. */
	dir = kat_inode(mk, mk_len, EXTCRYPT_MODE_AES_256_XTS,
			EXTCRYPT_MODE_AES_256_CTS, 0, 0, nonce, 4096, 0, NULL, NULL);
	kat_try(extcrypt_inode_dirhash(dir, name, name_len, &lib_hash), "dirhash");
	extcrypt_inode_free(dir);
	if (lib_hash != v)
		kat_die("%s: extcrypt_inode_dirhash disagrees with SipHash-2-4", id);
	kat_set_hex(c, "name", name, name_len);
	kat_set(c, "dirhash", "%016llx", (unsigned long long)v);
}

static void gen_hashes(struct kat *k)
{
	static const uint64_t inos[] = { 1, 2, 4294967295u };
	static const size_t name_lens[] = { 1, 16, 255 };
	uint8_t mk[64], nonce[16], name[255];
	char id[64];

	inode_hash(k, "inohash-spec-ino12", "docs/spec.md A.1: 0xb1d67186",
		   kat_spec_mk, 64, 12);
	for (size_t i = 0; i < CLI_ARRAY_SIZE(inos); i++) {
		snprintf(id, sizeof(id), "inohash-ino%llu", (unsigned long long)inos[i]);
		kat_prgf(k, mk, 64, "%s/master_key", id);
		inode_hash(k, id, NULL, mk, 64, inos[i]);
	}
	dirhash(k, "dirhash-spec-hello", "docs/spec.md A.1: hello.txt",
		kat_spec_mk, 64, kat_spec_nonce, (const uint8_t *)"hello.txt", 9);
	for (size_t i = 0; i < CLI_ARRAY_SIZE(name_lens); i++) {
		snprintf(id, sizeof(id), "dirhash-len%zu", name_lens[i]);
		kat_prgf(k, mk, 64, "%s/master_key", id);
		kat_prgf(k, nonce, 16, "%s/nonce", id);
		kat_prg_name(k, id, name, name_lens[i]);
		dirhash(k, id, NULL, mk, 64, nonce, name, name_lens[i]);
	}
}

static void extent_key(struct kat *k, const char *id, const char *label,
		       int profile, int mode, const uint8_t *mk, size_t mk_len,
		       const uint8_t nonce[16])
{
	struct kat_case *c = kat_case(k, "extent_key", "%s", id);
	uint8_t out[64];

	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, mk_len);
	kat_set(c, "profile", "%s", extcrypt_extent_profile_name(profile));
	kat_set(c, "mode", "%s", kat_mode_name(mode));
	kat_set_u64(c, "mode_num", (uint64_t)mode);
	kat_set_hex(c, "extent_nonce", nonce, 16);
	kat_derive_fields(k, c, mk, mk_len,
			  (uint8_t)extcrypt_extent_hkdf_context(profile), nonce, 16,
			  out, extcrypt_mode_key_size(mode));
}

static void gen_extent_keys(struct kat *k)
{
	static const int modes[] = {
		EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_128_CBC,
		EXTCRYPT_MODE_ADIANTUM,
	};
	uint8_t mk[64], nonce[16];
	char id[80];

	for (size_t p = 0; p < CLI_NUM_PROFILES; p++) {
		const char *pname = extcrypt_extent_profile_name(cli_profiles[p]);

		snprintf(id, sizeof(id), "extentkey-spec-%s", pname);
		extent_key(k, id, "docs/spec.md A.4", cli_profiles[p],
			   EXTCRYPT_MODE_AES_256_XTS, kat_spec_mk, 64, kat_spec_nonce);
		for (size_t m = 0; m < CLI_ARRAY_SIZE(modes); m++) {
			snprintf(id, sizeof(id), "extentkey-%s-%s", pname,
				 kat_mode_name(modes[m]));
			kat_prgf(k, mk, 64, "%s/master_key", id);
			kat_prgf(k, nonce, 16, "%s/extent_nonce", id);
			extent_key(k, id, NULL, cli_profiles[p], modes[m], mk, 64,
				   nonce);
		}
	}
}

void kat_gen_keys(struct kat *k)
{
	gen_key_identifiers(k);
	gen_file_keys(k);
	gen_mode_keys(k);
	gen_hashes(k);
	gen_extent_keys(k);
}
