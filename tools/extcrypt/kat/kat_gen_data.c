// SPDX-License-Identifier: MIT
/*
 * kat_gen_data.c - contents vectors (per-file and per-extent) and filename
 * vectors.
 *
 * Every ciphertext is produced by the library's object API (inode and
 * extent objects), then recomputed from the derived key and the IV fields
 * of the case with the cipher API; the generator stops if they disagree,
 * so each case's intermediate values are consistent with its result.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kat.h"

#define LBLK_FLAGS                                                             \
	(EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 | EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)

/* Header vectors carry contents of at most this many bytes (size limit). */
#define KAT_HEADER_MAX_CONTENTS 8192

/* The IV of data unit `index` (fscrypt's 32-byte IV union). */
static void make_iv(uint8_t flags, uint64_t index, const uint8_t nonce[16],
		    uint64_t ino, uint32_t hashed, uint8_t iv[32])
{
	memset(iv, 0, 32);
	if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64) {
		cli_put_le32(iv, (uint32_t)index);
		cli_put_le32(iv + 4, (uint32_t)ino);
	} else if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) {
		cli_put_le32(iv, hashed + (uint32_t)index);
	} else {
		cli_put_le64(iv, index);
		if (flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY)
			memcpy(iv + 8, nonce, 16);
	}
}

/* Sets the fields that describe the inode; returns hashed_ino
 * (IV_INO_LBLK_32) or 0. */
static uint32_t inode_fields(struct kat *k, struct kat_case *c, int mode,
			     uint8_t flags, const uint8_t *mk, size_t mk_len,
			     const uint8_t nonce[16], uint64_t ino,
			     const uint8_t *uuid, const uint8_t ictx[40])
{
	uint8_t hkey[16];
	uint32_t hashed = 0;

	kat_set_master_key(c, mk, mk_len);
	kat_set(c, "policy", "%s", kat_policy_name(flags));
	kat_set(c, "mode", "%s", kat_mode_name(mode));
	kat_set_u64(c, "mode_num", (uint64_t)mode);
	kat_set_hex(c, "nonce", nonce, 16);
	if (flags & LBLK_FLAGS) {
		kat_set_u64(c, "inode_number", ino);
		kat_set_hex(c, "fs_uuid", uuid, 16);
	}
	if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) {
		hashed = kat_hashed_ino(k, kat_case_id(c), mk, mk_len, ino, hkey);
		kat_set_hex(c, "ino_hash_key", hkey, 16);
		kat_set_u64(c, "hashed_ino", hashed);
	}
	kat_set_hex(c, "inode_context", ictx, 40);
	return hashed;
}

/* Derives the key the policy (or the extent profile) gives `mode` and sets
 * hkdf_context, hkdf_info, derived_key. */
static void key_fields(struct kat *k, struct kat_case *c, int mode,
		       uint8_t flags, const uint8_t *mk, size_t mk_len,
		       const uint8_t nonce[16], const uint8_t *uuid, int profile,
		       const uint8_t *extent_nonce, uint8_t *key)
{
	uint8_t info[17], ctx;
	size_t info_len;

	info[0] = (uint8_t)mode;
	if (profile != 0) {
		ctx = (uint8_t)extcrypt_extent_hkdf_context(profile);
		memcpy(info, extent_nonce, 16);
		info_len = 16;
	} else if (flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY) {
		ctx = EXTCRYPT_HKDF_CONTEXT_DIRECT_KEY;
		info_len = 1;
	} else if (flags & LBLK_FLAGS) {
		ctx = (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64)
			      ? EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_64_KEY
			      : EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_32_KEY;
		memcpy(info + 1, uuid, 16);
		info_len = 17;
	} else {
		ctx = EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY;
		memcpy(info, nonce, 16);
		info_len = 16;
	}
	kat_derive_fields(k, c, mk, mk_len, ctx, info, info_len, key,
			  extcrypt_mode_key_size(mode));
}

struct cspec {
	const char *id, *label;
	int mode;
	uint8_t flags;
	const uint8_t *mk;
	size_t mk_len;
	const uint8_t *nonce;
	uint32_t du;
	uint64_t index;
	size_t units;
	uint64_t ino;
	const uint8_t *uuid;
	int profile; /* 0: per-file */
	const uint8_t *extent_nonce;
	bool zeros;
};

static void contents_case(struct kat *k, const struct cspec *s)
{
	size_t len = (size_t)s->du * s->units, ivs = kat_mode_iv_size(s->mode);
	uint8_t *pt = cli_malloc(len), *ct = cli_malloc(len), *chk = cli_malloc(len);
	uint8_t key[64], iv[32], ictx[40], ectx[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE];
	extcrypt_inode *inode;
	extcrypt_extent *ext = NULL, *loaded;
	extcrypt_cipher *cipher;
	struct kat_case *c;
	uint32_t hashed;
	size_t elen;

	if (s->zeros)
		memset(pt, 0, len);
	else
		kat_prgf(k, pt, len, "plaintext/du%u/units%zu", s->du, s->units);
	inode = kat_inode(s->mk, s->mk_len, s->mode, kat_pair_filenames(s->mode),
			  s->flags, 0, s->nonce, s->du, s->ino, s->uuid, ictx);
	c = kat_case(k, "contents", "%s", s->id);
	if (s->label != NULL)
		kat_set(c, "label", "%s", s->label);
	kat_set(c, "scope", "%s", s->profile != 0 ? "extent" : "file");
	hashed = inode_fields(k, c, s->mode, s->flags, s->mk, s->mk_len,
			      s->nonce, s->ino, s->uuid, ictx);
	if (s->profile != 0) {
		kat_try(extcrypt_extent_new_with_nonce(inode, s->profile,
						       s->extent_nonce, &ext),
			"extent");
		kat_try(extcrypt_extent_context(ext, ectx, sizeof(ectx), &elen),
			"extent context");
		kat_set(c, "profile", "%s", extcrypt_extent_profile_name(s->profile));
		kat_set_hex(c, "extent_nonce", s->extent_nonce, 16);
		kat_set_hex(c, "extent_context", ectx, elen);
	}
	key_fields(k, c, s->mode, s->flags, s->mk, s->mk_len, s->nonce, s->uuid,
		   s->profile, s->extent_nonce, key);
	kat_set_u64(c, "data_unit_size", s->du);
	kat_set_u64(c, "data_unit_index", s->index);
	make_iv(s->profile != 0 ? 0 : s->flags, s->index, s->nonce, s->ino,
		hashed, iv);
	kat_set_hex(c, "iv", iv, ivs);
	if (ext != NULL) {
		kat_try(extcrypt_extent_encrypt(ext, s->index, pt, ct, len, NULL,
						NULL),
			"extent encryption");
		kat_try(extcrypt_extent_load(inode, s->profile, ectx, elen, &loaded),
			"extent load");
		kat_try(extcrypt_extent_decrypt(loaded, s->index, ct, chk, len,
						NULL, NULL),
			"extent decryption");
		extcrypt_extent_free(loaded);
	} else {
		kat_try(extcrypt_inode_encrypt(inode, s->index, pt, ct, len),
			"contents encryption");
		kat_try(extcrypt_inode_decrypt(inode, s->index, ct, chk, len),
			"contents decryption");
	}
	if (memcmp(chk, pt, len) != 0)
		kat_die("%s: decryption does not give the plaintext back", s->id);
	/* The same units from derived_key and the IV fields alone. */
	kat_try(extcrypt_cipher_new(s->mode, key, extcrypt_mode_key_size(s->mode),
				    &cipher),
		"cipher");
	for (size_t j = 0; j < s->units; j++) {
		make_iv(s->profile != 0 ? 0 : s->flags, s->index + j, s->nonce,
			s->ino, hashed, iv);
		kat_try(extcrypt_cipher_encrypt(cipher, iv, ivs, pt + j * s->du,
						chk + j * s->du, s->du),
			"cipher");
	}
	extcrypt_cipher_free(cipher);
	if (memcmp(chk, ct, len) != 0)
		kat_die("%s: the cipher API disagrees with the %s API", s->id,
			ext != NULL ? "extent" : "inode");
	kat_set_hex(c, "plaintext", pt, len);
	kat_set_hex(c, "ciphertext", ct, len);
	if (s->mode == EXTCRYPT_MODE_AES_256_XTS &&
	    (s->profile != 0 || (s->flags & 0xfc) == 0) &&
	    len <= KAT_HEADER_MAX_CONTENTS)
		kat_tv_xts(k, s->id, key, s->index, s->du, pt, ct, len);
	if (s->mode == EXTCRYPT_MODE_SM4_XTS && s->profile == 0 &&
	    (s->flags & 0xfc) == 0 && len <= KAT_HEADER_MAX_CONTENTS)
		kat_tv_cipher(k, KAT_TV_SM4_XTS, s->id, key, 32, s->index,
			      s->du, pt, ct, len);
	extcrypt_extent_free(ext);
	extcrypt_inode_free(inode);
	free(pt);
	free(ct);
	free(chk);
}

/* Keys and nonces of a case from the PRG, by case id. */
struct case_inputs {
	uint8_t mk[64], nonce[16], uuid[16], extent_nonce[16];
	uint64_t ino;
};

static void prg_inputs(struct kat *k, const char *id, struct case_inputs *in)
{
	uint8_t ino[4];

	kat_prgf(k, in->mk, 64, "%s/master_key", id);
	kat_prgf(k, in->nonce, 16, "%s/nonce", id);
	kat_prgf(k, in->uuid, 16, "%s/fs_uuid", id);
	kat_prgf(k, in->extent_nonce, 16, "%s/extent_nonce", id);
	kat_prgf(k, ino, 4, "%s/inode_number", id);
	in->ino = ((uint32_t)ino[0] << 24 | (uint32_t)ino[1] << 16 |
		   (uint32_t)ino[2] << 8 | ino[3]) | 1;
}

static size_t units_for(uint32_t du, uint64_t index)
{
	return index == UINT64_MAX || du > 4096 ? 1 : 2;
}

/* One contents case of a mode with PRG inputs. */
static void simple_contents(struct kat *k, const char *id, int mode,
			    uint8_t flags, uint32_t du, uint64_t index,
			    size_t units, int profile)
{
	struct case_inputs in;
	struct cspec s = { 0 };

	prg_inputs(k, id, &in);
	s.id = id;
	s.mode = mode;
	s.flags = flags;
	s.mk = in.mk;
	s.mk_len = 64;
	s.nonce = in.nonce;
	s.du = du;
	s.index = index;
	s.units = units;
	s.ino = in.ino;
	s.uuid = in.uuid;
	s.profile = profile;
	s.extent_nonce = in.extent_nonce;
	contents_case(k, &s);
}

static void spec_contents(struct kat *k)
{
	struct cspec s = {
		.mk = kat_spec_mk, .mk_len = 64, .nonce = kat_spec_nonce,
		.du = 4096, .zeros = true, .uuid = kat_spec_uuid, .ino = 12,
		.extent_nonce = kat_spec_nonce,
	};
	char id[64];

	s.id = "file-spec-xts";
	s.label = "docs/spec.md A.2: all-zero units, indices 0 and 1";
	s.mode = EXTCRYPT_MODE_AES_256_XTS;
	s.units = 2;
	contents_case(k, &s);
	s.id = "file-spec-essiv";
	s.label = "docs/spec.md A.2";
	s.mode = EXTCRYPT_MODE_AES_128_CBC;
	s.units = 1;
	contents_case(k, &s);
	s.id = "file-spec-lblk64-ino12";
	s.mode = EXTCRYPT_MODE_AES_256_XTS;
	s.flags = EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64;
	contents_case(k, &s);
	s.id = "file-spec-lblk32-ino12";
	s.flags = EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32;
	contents_case(k, &s);
	s.flags = 0;
	s.label = "docs/spec.md A.5: all-zero unit at extent offset 0";
	for (size_t p = 0; p < CLI_NUM_PROFILES; p++) {
		snprintf(id, sizeof(id), "extent-spec-%s",
			 extcrypt_extent_profile_name(cli_profiles[p]));
		s.id = id;
		s.profile = cli_profiles[p];
		contents_case(k, &s);
	}
}

void kat_gen_contents(struct kat *k)
{
	struct case_inputs in;
	struct cspec s = { 0 };
	uint8_t hkey[16];
	uint32_t hashed;
	char id[96];

	spec_contents(k);

	/* AES-256-XTS, default policy: every data unit size; every index at
	 * 512 and 4096 bytes, one index per size otherwise. */
	for (unsigned d = 0; d < KAT_NUM_DU_SIZES; d++) {
		uint32_t du = 512u << d;

		for (size_t i = 0; i < CLI_ARRAY_SIZE(kat_indices); i++) {
			uint64_t idx = kat_indices[i];

			if (du != 512 && du != 4096 && i != d % 5)
				continue;
			snprintf(id, sizeof(id), "file-xts-du%u-idx%llu", du,
				 (unsigned long long)idx);
			simple_contents(k, id, EXTCRYPT_MODE_AES_256_XTS, 0, du, idx,
					units_for(du, idx), 0);
		}
	}
	/* Per-extent, every profile and data unit size; the first index
	 * rotates so that the profiles together cover every (size, index). */
	for (size_t p = 0; p < CLI_NUM_PROFILES; p++) {
		const char *pname = extcrypt_extent_profile_name(cli_profiles[p]);

		for (unsigned d = 0; d < KAT_NUM_DU_SIZES; d++) {
			uint32_t du = 512u << d;
			uint64_t idx = kat_indices[(d + p + 1) % 5];

			snprintf(id, sizeof(id), "extent-%s-xts-du%u-idx%llu", pname,
				 du, (unsigned long long)idx);
			simple_contents(k, id, EXTCRYPT_MODE_AES_256_XTS, 0, du, idx,
					units_for(du, idx), cli_profiles[p]);
		}
		snprintf(id, sizeof(id), "extent-%s-essiv-du4096-idx0", pname);
		simple_contents(k, id, EXTCRYPT_MODE_AES_128_CBC, 0, 4096, 0, 2,
				cli_profiles[p]);
		snprintf(id, sizeof(id), "extent-%s-adiantum-du4096-idx1", pname);
		simple_contents(k, id, EXTCRYPT_MODE_ADIANTUM, 0, 4096, 1, 2,
				cli_profiles[p]);
	}

	/* SM4-XTS (v2 only), per file: several data unit sizes and indices;
	 * the last one is over the header's size limit. */
	simple_contents(k, "file-sm4xts-du512-idx0", EXTCRYPT_MODE_SM4_XTS, 0,
			512, 0, 2, 0);
	simple_contents(k, "file-sm4xts-du1024-idx4294967295",
			EXTCRYPT_MODE_SM4_XTS, 0, 1024, UINT64_C(0xffffffff), 2, 0);
	simple_contents(k, "file-sm4xts-du4096-idx1", EXTCRYPT_MODE_SM4_XTS, 0,
			4096, 1, 2, 0);
	simple_contents(k, "file-sm4xts-du4096-idx18446744073709551615",
			EXTCRYPT_MODE_SM4_XTS, 0, 4096, UINT64_MAX, 1, 0);
	simple_contents(k, "file-sm4xts-du65536-idx779", EXTCRYPT_MODE_SM4_XTS,
			0, 65536, 779, 1, 0);

	/* Other modes and policies, per file. */
	simple_contents(k, "file-essiv-du4096-idx0", EXTCRYPT_MODE_AES_128_CBC, 0,
			4096, 0, 2, 0);
	simple_contents(k, "file-essiv-du512-idx4294967296",
			EXTCRYPT_MODE_AES_128_CBC, 0, 512, UINT64_C(0x100000000), 1, 0);
	simple_contents(k, "file-adiantum-du4096-idx0", EXTCRYPT_MODE_ADIANTUM, 0,
			4096, 0, 2, 0);
	simple_contents(k, "file-adiantum-du512-idx18446744073709551615",
			EXTCRYPT_MODE_ADIANTUM, 0, 512, UINT64_MAX, 1, 0);
	simple_contents(k, "file-direct-adiantum-du4096-idx0",
			EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_POLICY_FLAG_DIRECT_KEY, 4096,
			0, 2, 0);
	simple_contents(k, "file-direct-adiantum-du1024-idx4294967295",
			EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_POLICY_FLAG_DIRECT_KEY, 1024,
			UINT64_C(0xffffffff), 2, 0);
	simple_contents(k, "file-lblk64-xts-du4096-idx4294967294",
			EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64,
			4096, UINT64_C(0xfffffffe), 2, 0);
	simple_contents(k, "file-lblk64-xts-du1024-idx5", EXTCRYPT_MODE_AES_256_XTS,
			EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64, 1024, 5, 2, 0);
	simple_contents(k, "file-lblk32-xts-du1024-idx5", EXTCRYPT_MODE_AES_256_XTS,
			EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32, 1024, 5, 2, 0);

	/* IV_INO_LBLK_32 where hashed_ino + index wraps past 2^32 - 1
	 * between the two units. */
	snprintf(id, sizeof(id), "file-lblk32-xts-du4096-ivwrap");
	prg_inputs(k, id, &in);
	hashed = kat_hashed_ino(k, id, in.mk, 64, in.ino, hkey);
	s.id = id;
	s.label = "hashed_ino + index wraps from 2^32 - 1 to 0 in the second unit";
	s.mode = EXTCRYPT_MODE_AES_256_XTS;
	s.flags = EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32;
	s.mk = in.mk;
	s.mk_len = 64;
	s.nonce = in.nonce;
	s.du = 4096;
	s.index = (uint32_t)(UINT32_MAX - hashed);
	s.units = 2;
	s.ino = in.ino;
	s.uuid = in.uuid;
	contents_case(k, &s);

	/* A 32-byte master key with the 64-byte XTS key (kernel v2 rule). */
	snprintf(id, sizeof(id), "file-xts-mk32-du4096-idx779");
	prg_inputs(k, id, &in);
	memset(&s, 0, sizeof(s));
	s.id = id;
	s.label = "32-byte master key; the derived key is 64 bytes";
	s.mode = EXTCRYPT_MODE_AES_256_XTS;
	s.mk = in.mk;
	s.mk_len = 32;
	s.nonce = in.nonce;
	s.du = 4096;
	s.index = 779;
	s.units = 1;
	contents_case(k, &s);
	snprintf(id, sizeof(id), "file-essiv-mk16-du4096-idx3");
	prg_inputs(k, id, &in);
	s.id = id;
	s.label = "16-byte master key";
	s.mode = EXTCRYPT_MODE_AES_128_CBC;
	s.mk_len = 16;
	s.index = 3;
	contents_case(k, &s);
}

/* ---- filenames ------------------------------------------------------------ */

struct fspec {
	const char *id, *label;
	int mode;      /* filenames mode */
	uint8_t flags; /* padding and key flags */
	const uint8_t *mk;
	size_t mk_len;
	const uint8_t *nonce, *uuid;
	uint64_t ino;
	const uint8_t *name;
	size_t name_len;
	bool in_header;
};

static void fname_case(struct kat *k, const struct fspec *s)
{
	size_t ivs = kat_mode_iv_size(s->mode), n, back_len;
	uint8_t key[64], iv[32], ictx[40], ct[EXTCRYPT_NAME_MAX];
	uint8_t padded[EXTCRYPT_NAME_MAX], chk[EXTCRYPT_NAME_MAX];
	extcrypt_inode *dir;
	extcrypt_cipher *cipher;
	struct kat_case *c;
	uint32_t hashed;

	dir = kat_inode(s->mk, s->mk_len, kat_pair_contents(s->mode), s->mode,
			s->flags, 0, s->nonce, 4096, s->ino, s->uuid, ictx);
	c = kat_case(k, "filename", "%s", s->id);
	if (s->label != NULL)
		kat_set(c, "label", "%s", s->label);
	hashed = inode_fields(k, c, s->mode, s->flags, s->mk, s->mk_len,
			      s->nonce, s->ino, s->uuid, ictx);
	key_fields(k, c, s->mode, s->flags, s->mk, s->mk_len, s->nonce, s->uuid,
		   0, NULL, key);
	kat_set_u64(c, "data_unit_size", EXTCRYPT_NAME_MAX);
	kat_set_u64(c, "padding", 4u << (s->flags & 3));
	make_iv(s->flags, 0, s->nonce, s->ino, hashed, iv);
	kat_set_hex(c, "iv", iv, ivs);
	kat_try(extcrypt_inode_encrypt_name(dir, s->name, s->name_len, 0, ct,
					    sizeof(ct), &n),
		"filename encryption");
	kat_try(extcrypt_inode_decrypt_name(dir, ct, n, chk, sizeof(chk),
					    &back_len),
		"filename decryption");
	if (back_len != s->name_len || memcmp(chk, s->name, back_len) != 0)
		kat_die("%s: decryption does not give the name back", s->id);
	memset(padded, 0, sizeof(padded));
	memcpy(padded, s->name, s->name_len);
	kat_try(extcrypt_cipher_new(s->mode, key, extcrypt_mode_key_size(s->mode),
				    &cipher),
		"cipher");
	kat_try(extcrypt_cipher_encrypt(cipher, iv, ivs, padded, chk, n), "cipher");
	extcrypt_cipher_free(cipher);
	if (memcmp(chk, ct, n) != 0)
		kat_die("%s: the cipher API disagrees with the inode API", s->id);
	kat_set_hex(c, "plaintext", s->name, s->name_len);
	kat_set_hex(c, "ciphertext", ct, n);
	if ((s->mode == EXTCRYPT_MODE_AES_256_CTS ||
	     s->mode == EXTCRYPT_MODE_AES_128_CTS) &&
	    (s->flags & 0xfc) == 0 && s->in_header)
		kat_tv_cts(k, s->id, key, extcrypt_mode_key_size(s->mode), padded,
			   ct, n);
	if (s->mode == EXTCRYPT_MODE_SM4_CTS && (s->flags & 0xfc) == 0 &&
	    s->in_header)
		kat_tv_cipher(k, KAT_TV_SM4_CTS, s->id, key, 16, 0, 0, padded, ct,
			      n);
	extcrypt_inode_free(dir);
}

static bool header_len(size_t len)
{
	static const size_t lens[] = { 1, 15, 16, 17, 31, 32, 33, 47, 48, 49,
				       100, 254, 255 };

	for (size_t i = 0; i < CLI_ARRAY_SIZE(lens); i++)
		if (lens[i] == len)
			return true;
	return false;
}

static void spec_filenames(struct kat *k)
{
	uint8_t xs[40];
	struct fspec s = {
		.label = "docs/spec.md A.2", .mode = EXTCRYPT_MODE_AES_256_CTS,
		.mk = kat_spec_mk, .mk_len = 64, .nonce = kat_spec_nonce,
		.name = (const uint8_t *)"hello.txt", .name_len = 9,
		.in_header = true,
	};

	memset(xs, 'x', sizeof(xs));
	s.id = "fname-spec-cts256-hello-pad4";
	s.flags = EXTCRYPT_POLICY_FLAGS_PAD_4;
	fname_case(k, &s);
	s.id = "fname-spec-cts256-hello-pad32";
	s.flags = EXTCRYPT_POLICY_FLAGS_PAD_32;
	fname_case(k, &s);
	s.id = "fname-spec-hctr2-hello-pad32";
	s.mode = EXTCRYPT_MODE_AES_256_HCTR2;
	fname_case(k, &s);
	s.id = "fname-spec-cts256-40x-pad16";
	s.mode = EXTCRYPT_MODE_AES_256_CTS;
	s.flags = EXTCRYPT_POLICY_FLAGS_PAD_16;
	s.name = xs;
	s.name_len = 40;
	fname_case(k, &s);
}

/* Directory `dirid` of `mode` with PRG keys; names of the given lengths. */
static void fname_dir(struct kat *k, const char *tag, int mode, uint8_t flags,
		      const size_t *lens, size_t nlens)
{
	uint8_t name[EXTCRYPT_NAME_MAX];
	struct case_inputs in;
	struct fspec s = { 0 };
	char dirid[96], id[128], label[32];

	snprintf(dirid, sizeof(dirid), "fname-%s-pad%u", tag, 4u << (flags & 3));
	prg_inputs(k, dirid, &in);
	s.mode = mode;
	s.flags = flags;
	s.mk = in.mk;
	s.mk_len = 64;
	s.nonce = in.nonce;
	s.uuid = in.uuid;
	s.ino = in.ino;
	s.name = name;
	for (size_t i = 0; i < nlens; i++) {
		snprintf(id, sizeof(id), "%s-len%zu", dirid, lens[i]);
		snprintf(label, sizeof(label), "name/len%zu", lens[i]);
		kat_prg_name(k, label, name, lens[i]);
		s.id = id;
		s.name_len = lens[i];
		s.in_header = header_len(lens[i]);
		fname_case(k, &s);
	}
}

void kat_gen_filenames(struct kat *k)
{
	static const size_t some[] = { 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63,
				       64, 65, 100, 127, 128, 129, 200, 254, 255 };
	static const size_t few[] = { 9, 40 };
	static const int other_modes[] = {
		EXTCRYPT_MODE_AES_128_CTS, EXTCRYPT_MODE_AES_256_HCTR2,
		EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_SM4_CTS,
	};
	static const int lblk_modes[] = {
		EXTCRYPT_MODE_AES_256_CTS, EXTCRYPT_MODE_AES_256_HCTR2,
	};
	size_t all[EXTCRYPT_NAME_MAX];
	char tag[64];

	spec_filenames(k);
	for (size_t i = 0; i < EXTCRYPT_NAME_MAX; i++)
		all[i] = i + 1;
	for (uint8_t pad = 0; pad < 4; pad++)
		fname_dir(k, "AES-256-CTS-CBC", EXTCRYPT_MODE_AES_256_CTS, pad, all,
			  EXTCRYPT_NAME_MAX);
	for (size_t m = 0; m < CLI_ARRAY_SIZE(other_modes); m++)
		for (uint8_t pad = 0; pad < 4; pad++)
			fname_dir(k, kat_mode_name(other_modes[m]), other_modes[m],
				  pad, some, CLI_ARRAY_SIZE(some));
	for (size_t m = 0; m < CLI_ARRAY_SIZE(lblk_modes); m++) {
		snprintf(tag, sizeof(tag), "lblk64-%s", kat_mode_name(lblk_modes[m]));
		fname_dir(k, tag, lblk_modes[m],
			  EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 | 2, few,
			  CLI_ARRAY_SIZE(few));
		snprintf(tag, sizeof(tag), "lblk32-%s", kat_mode_name(lblk_modes[m]));
		fname_dir(k, tag, lblk_modes[m],
			  EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32 | 2, few,
			  CLI_ARRAY_SIZE(few));
	}
	fname_dir(k, "direct-Adiantum", EXTCRYPT_MODE_ADIANTUM,
		  EXTCRYPT_POLICY_FLAG_DIRECT_KEY | 3, few, CLI_ARRAY_SIZE(few));
}
