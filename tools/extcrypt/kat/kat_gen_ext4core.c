// SPDX-License-Identifier: MIT
/*
 * kat_gen_ext4core.c - vectors for what an offline filesystem reader needs
 * beyond v2 contents and filenames: v1 policies (key descriptor, the
 * AES-128-ECB key derivation, DIRECT_KEY), encrypted symlink targets and
 * no-key names.
 *
 * Each result comes from the library's object API; the generator
 * recomputes it from the case's intermediate fields (v1 keys with OpenSSL,
 * ciphertexts through the cipher API, no-key names with OpenSSL's SHA-256
 * and base64) and stops if they disagree.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "kat.h"

#define XTS EXTCRYPT_MODE_AES_256_XTS
#define CTS EXTCRYPT_MODE_AES_256_CTS
#define CBC EXTCRYPT_MODE_AES_128_CBC
#define CTS128 EXTCRYPT_MODE_AES_128_CTS
#define ADI EXTCRYPT_MODE_ADIANTUM
#define HCTR2 EXTCRYPT_MODE_AES_256_HCTR2
#define DIRECT EXTCRYPT_POLICY_FLAG_DIRECT_KEY
#define SYMLINK_MAX 4098 /* 2 + 4096 */

/* ---- v1 ------------------------------------------------------------------ */

/* SHA-512(SHA-512(raw))[0..8) with OpenSSL, compared with the library. */
static void descriptor_of(const uint8_t *mk, size_t mk_len, uint8_t desc[8])
{
	uint8_t h[64], hh[64], lib[8];
	extcrypt_master_key *key;

	if (EVP_Digest(mk, mk_len, h, NULL, EVP_sha512(), NULL) != 1 ||
	    EVP_Digest(h, 64, hh, NULL, EVP_sha512(), NULL) != 1)
		kat_die("OpenSSL SHA-512 failed");
	memcpy(desc, hh, 8);
	kat_try(extcrypt_master_key_new(mk, mk_len, &key), "master key");
	kat_try(extcrypt_master_key_descriptor(key, lib), "descriptor");
	extcrypt_master_key_free(key);
	if (memcmp(lib, desc, 8) != 0)
		kat_die("the library's key descriptor differs from OpenSSL's");
}

static void gen_descriptors(struct kat *k)
{
	static const size_t lens[] = { 16, 32, 64 };
	uint8_t mk[64], desc[8];
	struct kat_case *c;

	for (size_t i = 0; i < CLI_ARRAY_SIZE(lens); i++) {
		kat_prgf(k, mk, lens[i], "v1-descriptor-%zu", lens[i]);
		c = kat_case(k, "key_descriptor", "v1-descriptor-%zu", lens[i]);
		kat_set_master_key(c, mk, lens[i]);
		descriptor_of(mk, lens[i], desc);
		kat_set_hex(c, "key_descriptor", desc, 8);
	}
	c = kat_case(k, "key_descriptor", "v1-descriptor-spec");
	kat_set_master_key(c, kat_spec_mk, 64);
	descriptor_of(kat_spec_mk, 64, desc);
	kat_set_hex(c, "key_descriptor", desc, 8);
}

/* The v1 inode of (mk, modes, flags, nonce), loaded from its 28-byte
 * context, which goes to `ctx`. */
static extcrypt_inode *v1_inode(const uint8_t *mk, size_t mk_len, int cm,
				int fm, uint8_t flags, const uint8_t nonce[16],
				uint32_t block, uint8_t ctx[28])
{
	extcrypt_master_key *key;
	extcrypt_inode *inode;

	ctx[0] = 1;
	ctx[1] = (uint8_t)cm;
	ctx[2] = (uint8_t)fm;
	ctx[3] = flags;
	descriptor_of(mk, mk_len, ctx + 4);
	memcpy(ctx + 12, nonce, 16);
	kat_try(extcrypt_master_key_new(mk, mk_len, &key), "master key");
	kat_try(extcrypt_inode_load(key, ctx, 28, block, &inode), "v1 inode_load");
	extcrypt_master_key_free(key);
	return inode;
}

/* The v1 key of `mode` (OpenSSL's AES-128-ECB, or the master key itself
 * for DIRECT_KEY) and the case fields describing it. */
static void v1_key_fields(struct kat_case *c, int mode, uint8_t flags,
			  const uint8_t *mk, size_t mk_len,
			  const uint8_t nonce[16], const uint8_t ctx[28],
			  uint8_t *key)
{
	size_t len = extcrypt_mode_key_size(mode);

	kat_set_master_key(c, mk, mk_len);
	kat_set_hex(c, "key_descriptor", ctx + 4, 8);
	kat_set(c, "policy", "%s", kat_policy_name(flags));
	kat_set(c, "mode", "%s", kat_mode_name(mode));
	kat_set_u64(c, "mode_num", (uint64_t)mode);
	kat_set_hex(c, "nonce", nonce, 16);
	kat_set_hex(c, "inode_context", ctx, 28);
	if (flags & DIRECT)
		memcpy(key, mk, len);
	else if (cli_v1_kdf(nonce, mk, key, len) != 0)
		kat_die("v1 key derivation");
	kat_set_hex(c, "derived_key", key, len);
}

/* The IV of unit `index` under a v1 policy (no IV_INO_LBLK flags). */
static void v1_iv(uint8_t flags, uint64_t index, const uint8_t nonce[16],
		  uint8_t iv[32])
{
	memset(iv, 0, 32);
	cli_put_le64(iv, index);
	if (flags & DIRECT)
		memcpy(iv + 8, nonce, 16);
}

/* `units` data units through the cipher API with consecutive IVs. */
static void cipher_units(int mode, const uint8_t *key, uint8_t flags,
			 const uint8_t nonce[16], uint64_t index, uint32_t du,
			 const uint8_t *pt, uint8_t *ct, size_t units)
{
	extcrypt_cipher *cipher;
	uint8_t iv[32];

	kat_try(extcrypt_cipher_new(mode, key, extcrypt_mode_key_size(mode),
				    &cipher),
		"cipher");
	for (size_t j = 0; j < units; j++) {
		v1_iv(flags, index + j, nonce, iv);
		kat_try(extcrypt_cipher_encrypt(cipher, iv, kat_mode_iv_size(mode),
						pt + j * du, ct + j * du, du),
			"cipher");
	}
	extcrypt_cipher_free(cipher);
}

struct v1spec {
	const char *tag;
	int cm, fm;
	uint8_t flags;
	size_t mk_len;
};

static const struct v1spec v1_specs[] = {
	{ "aes256xts", XTS, CTS, 0, 64 },
	{ "aes256xts-pad32", XTS, CTS, 3, 64 },
	{ "aes128cbc", CBC, CTS128, 0, 16 },
	{ "aes128cbc-mk64", CBC, CTS128, 1, 64 },
	{ "adiantum", ADI, ADI, 0, 32 },
	{ "adiantum-direct", ADI, ADI, DIRECT, 64 },
};

static void v1_contents_case(struct kat *k, const struct v1spec *s,
			     uint64_t index)
{
	enum { DU = 4096, UNITS = 2 };
	uint8_t mk[64], nonce[16], ctx[28], key[64], iv[32];
	uint8_t *pt = malloc(DU * UNITS), *ct = malloc(DU * UNITS);
	uint8_t *chk = malloc(DU * UNITS);
	extcrypt_inode *inode;
	struct kat_case *c;
	char id[96];

	if (pt == NULL || ct == NULL || chk == NULL)
		kat_die("out of memory");
	snprintf(id, sizeof(id), "v1-contents-%s-%llu", s->tag,
		 (unsigned long long)index);
	kat_prgf(k, mk, s->mk_len, "%s-mk", id);
	kat_prgf(k, nonce, 16, "%s-nonce", id);
	kat_prgf(k, pt, DU * UNITS, "%s-pt", id);
	inode = v1_inode(mk, s->mk_len, s->cm, s->fm, s->flags, nonce, DU, ctx);
	c = kat_case(k, "v1_contents", "%s", id);
	v1_key_fields(c, s->cm, s->flags, mk, s->mk_len, nonce, ctx, key);
	kat_set_u64(c, "data_unit_size", DU);
	kat_set_u64(c, "data_unit_index", index);
	v1_iv(s->flags, index, nonce, iv);
	kat_set_hex(c, "iv", iv, kat_mode_iv_size(s->cm));
	kat_try(extcrypt_inode_encrypt(inode, index, pt, ct, DU * UNITS),
		"v1 contents");
	cipher_units(s->cm, key, s->flags, nonce, index, DU, pt, chk, UNITS);
	if (memcmp(chk, ct, DU * UNITS) != 0)
		kat_die("%s: the cipher API disagrees with the v1 inode", id);
	kat_set_hex(c, "plaintext", pt, DU * UNITS);
	kat_set_hex(c, "ciphertext", ct, DU * UNITS);
	extcrypt_inode_free(inode);
	free(pt), free(ct), free(chk);
}

/* NUL-pads `name` as a filename or symlink of `pad` padding, capped. */
static size_t padded_len(size_t len, unsigned pad, size_t cap)
{
	size_t n = len < 16 ? 16 : len;

	n = (n + pad - 1) / pad * pad;
	return n < cap ? n : cap;
}

/* Encrypts `padded` (`n` bytes) with IV index 0 through the cipher API. */
static void cipher_name(int mode, const uint8_t *key, uint8_t flags,
			const uint8_t nonce[16], const uint8_t *padded,
			uint8_t *out, size_t n)
{
	cipher_units(mode, key, flags, nonce, 0, (uint32_t)n, padded, out, 1);
}

static void v1_filename_case(struct kat *k, const struct v1spec *s,
			     size_t name_len)
{
	uint8_t mk[64], nonce[16], ctx[28], key[64], iv[32];
	uint8_t name[EXTCRYPT_NAME_MAX], padded[EXTCRYPT_NAME_MAX];
	uint8_t ct[EXTCRYPT_NAME_MAX], chk[EXTCRYPT_NAME_MAX];
	unsigned pad = 4u << (s->flags & 3);
	extcrypt_inode *dir;
	struct kat_case *c;
	size_t n;
	char id[96];

	snprintf(id, sizeof(id), "v1-filename-%s-%zu", s->tag, name_len);
	kat_prgf(k, mk, s->mk_len, "%s-mk", id);
	kat_prgf(k, nonce, 16, "%s-nonce", id);
	kat_prg_name(k, id, name, name_len);
	dir = v1_inode(mk, s->mk_len, s->cm, s->fm, s->flags, nonce, 4096, ctx);
	c = kat_case(k, "v1_filename", "%s", id);
	v1_key_fields(c, s->fm, s->flags, mk, s->mk_len, nonce, ctx, key);
	kat_set_u64(c, "padding", pad);
	v1_iv(s->flags, 0, nonce, iv);
	kat_set_hex(c, "iv", iv, kat_mode_iv_size(s->fm));
	kat_try(extcrypt_inode_encrypt_name(dir, name, name_len, 0, ct,
					    sizeof(ct), &n),
		"v1 filename");
	memset(padded, 0, sizeof(padded));
	memcpy(padded, name, name_len);
	if (n != padded_len(name_len, pad, EXTCRYPT_NAME_MAX))
		kat_die("%s: padded length", id);
	cipher_name(s->fm, key, s->flags, nonce, padded, chk, n);
	if (memcmp(chk, ct, n) != 0)
		kat_die("%s: the cipher API disagrees with the v1 inode", id);
	kat_set_hex(c, "plaintext", name, name_len);
	kat_set_hex(c, "ciphertext", ct, n);
	extcrypt_inode_free(dir);
}

static void gen_v1(struct kat *k)
{
	static const uint64_t indices[] = { 0, 1234567 };
	static const size_t names[] = { 1, 16, 17, 100, 255 };

	gen_descriptors(k);
	for (size_t i = 0; i < CLI_ARRAY_SIZE(v1_specs); i++) {
		for (size_t j = 0; j < CLI_ARRAY_SIZE(indices); j++)
			v1_contents_case(k, &v1_specs[i], indices[j]);
		for (size_t j = 0; j < CLI_ARRAY_SIZE(names); j++)
			v1_filename_case(k, &v1_specs[i], names[j]);
	}
}

/* ---- symlinks ------------------------------------------------------------ */

struct sspec {
	const char *tag;
	int version, fm;
	uint8_t flags;
	size_t target_len, max_disk_len;
};

/* The symlink inode and its filenames key (with the case fields). */
static extcrypt_inode *symlink_inode(struct kat *k, struct kat_case *c,
				     const struct sspec *s, const uint8_t mk[64],
				     const uint8_t nonce[16], uint8_t *key)
{
	int cm = kat_pair_contents(s->fm);
	uint8_t ctx[40];
	extcrypt_inode *inode;

	kat_set_u64(c, "policy_version", (uint64_t)s->version);
	if (s->version == 1) {
		inode = v1_inode(mk, 64, cm, s->fm, s->flags, nonce, 4096, ctx);
		v1_key_fields(c, s->fm, s->flags, mk, 64, nonce, ctx, key);
		return inode;
	}
	inode = kat_inode(mk, 64, cm, s->fm, s->flags, 0, nonce, 4096, 0, NULL,
			  ctx);
	kat_set_master_key(c, mk, 64);
	kat_set(c, "policy", "%s", kat_policy_name(s->flags));
	kat_set(c, "mode", "%s", kat_mode_name(s->fm));
	kat_set_u64(c, "mode_num", (uint64_t)s->fm);
	kat_set_hex(c, "nonce", nonce, 16);
	kat_set_hex(c, "inode_context", ctx, 40);
	kat_derive_fields(k, c, mk, 64, EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY,
			  nonce, 16, key, extcrypt_mode_key_size(s->fm));
	return inode;
}

static void symlink_case(struct kat *k, const struct sspec *s)
{
	uint8_t mk[64], nonce[16], key[64], iv[32], disk[SYMLINK_MAX];
	uint8_t padded[4096], chk[4096];
	char target[4096], back[SYMLINK_MAX];
	unsigned pad = 4u << (s->flags & 3);
	extcrypt_inode *inode;
	struct kat_case *c;
	size_t n, back_len, ct_len;
	char id[96];

	snprintf(id, sizeof(id), "symlink-v%d-%s-%zu-%zu", s->version, s->tag,
		 s->target_len, s->max_disk_len);
	kat_prgf(k, mk, 64, "%s-mk", id);
	kat_prgf(k, nonce, 16, "%s-nonce", id);
	kat_prg_name(k, id, (uint8_t *)target, s->target_len);
	c = kat_case(k, "symlink", "%s", id);
	inode = symlink_inode(k, c, s, mk, nonce, key);
	kat_set_u64(c, "padding", pad);
	v1_iv(s->flags, 0, nonce, iv);
	kat_set_hex(c, "iv", iv, kat_mode_iv_size(s->fm));
	kat_set_u64(c, "max_disk_len", s->max_disk_len);
	kat_try(extcrypt_inode_encrypt_symlink(inode, target, s->target_len,
					       s->max_disk_len, disk,
					       sizeof(disk), &n),
		"symlink encryption");
	kat_try(extcrypt_inode_decrypt_symlink(inode, disk, n, back, sizeof(back),
					       &back_len),
		"symlink decryption");
	if (back_len != s->target_len || memcmp(back, target, back_len) != 0)
		kat_die("%s: decryption does not give the target back", id);
	ct_len = padded_len(s->target_len, pad, s->max_disk_len - 3);
	if (n != 2 + ct_len || disk[0] != (uint8_t)ct_len ||
	    disk[1] != (uint8_t)(ct_len >> 8))
		kat_die("%s: on-disk length", id);
	memset(padded, 0, sizeof(padded));
	memcpy(padded, target, s->target_len);
	cipher_name(s->fm, key, s->flags, nonce, padded, chk, ct_len);
	if (memcmp(chk, disk + 2, ct_len) != 0)
		kat_die("%s: the cipher API disagrees with the symlink", id);
	kat_set_hex(c, "target", (const uint8_t *)target, s->target_len);
	kat_set_hex(c, "disk", disk, n);
	extcrypt_inode_free(inode);
}

static void gen_symlinks(struct kat *k)
{
	static const struct sspec specs[] = {
		{ "aes256cts", 2, CTS, 0, 1, 4096 },
		{ "aes256cts", 2, CTS, 0, 17, 4096 },
		{ "aes256cts", 2, CTS, 0, 57, 60 },     /* ct capped at 57 */
		{ "aes256cts-pad32", 2, CTS, 3, 40, 4096 },
		{ "aes256cts-pad32", 2, CTS, 3, 1000, 1024 },
		{ "aes256cts-pad32", 2, CTS, 3, 4093, 4096 }, /* ct 4093 */
		{ "aes256cts-pad16", 2, CTS, 2, 4095, 65536 }, /* ct 4096 */
		{ "hctr2", 2, HCTR2, 1, 100, 4096 },
		{ "adiantum", 2, ADI, 0, 30, 4096 },
		{ "aes256cts", 1, CTS, 0, 20, 1024 },
		{ "aes128cts", 1, CTS128, 2, 300, 4096 },
		{ "adiantum-direct", 1, ADI, DIRECT, 45, 4096 },
	};

	for (size_t i = 0; i < CLI_ARRAY_SIZE(specs); i++)
		symlink_case(k, &specs[i]);
}

/* ---- no-key names -------------------------------------------------------- */

/* OpenSSL's base64 turned into base64url without padding. */
static size_t ossl_base64url(const uint8_t *in, size_t n, char *out)
{
	int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);

	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (int i = 0; i < len; i++)
		out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	return (size_t)len;
}

/* The no-key name by the kernel's layout, with OpenSSL only. */
static size_t ossl_nokey_name(const uint8_t *ct, size_t len, uint32_t hash,
			      uint32_t minor, char *out)
{
	uint8_t buf[189];
	size_t n = 8 + len;

	cli_put_le32(buf, hash);
	cli_put_le32(buf + 4, minor);
	if (len <= 149) {
		memcpy(buf + 8, ct, len);
	} else {
		memcpy(buf + 8, ct, 149);
		if (EVP_Digest(ct + 149, len - 149, buf + 157, NULL, EVP_sha256(),
			       NULL) != 1)
			kat_die("OpenSSL SHA-256 failed");
		n = 189;
	}
	return ossl_base64url(buf, n, out);
}

static void nokey_case(struct kat *k, size_t len, uint32_t hash,
		       uint32_t minor)
{
	uint8_t ct[4096];
	char name[256], chk[256];
	struct kat_case *c;
	size_t n;
	char id[96];

	snprintf(id, sizeof(id), "nokey-%zu-%08x-%08x", len, hash, minor);
	kat_prgf(k, ct, len, "%s", id);
	kat_try(extcrypt_nokey_name_encode(ct, len, hash, minor, name,
					   sizeof(name), &n),
		"no-key name");
	if (ossl_nokey_name(ct, len, hash, minor, chk) != n ||
	    memcmp(chk, name, n) != 0)
		kat_die("%s: OpenSSL disagrees with the library", id);
	if (extcrypt_nokey_name_match(name, n, ct, len, hash, minor) != 1)
		kat_die("%s: the name does not match its entry", id);
	c = kat_case(k, "nokey_name", "%s", id);
	kat_set(c, "form", "%s", len <= 149 ? "short" : "long");
	kat_set_hex(c, "ciphertext", ct, len);
	kat_set_u64(c, "hash", hash);
	kat_set_u64(c, "minor_hash", minor);
	kat_set(c, "nokey_name", "%s", name);
}

static void bad_nokey(struct kat *k, const char *tag, const char *name,
		      const char *rule)
{
	static const uint8_t ct[16] = { 0 };
	struct kat_case *c;
	char id[96];
	int got = extcrypt_nokey_name_match(name, strlen(name), ct, 16, 0, 0);

	snprintf(id, sizeof(id), "reject-nokey-%s", tag);
	c = kat_input_case(k, id, "nokey_name", EXTCRYPT_E_BAD_NAME, got, rule);
	kat_finish_case(c, (const uint8_t *)name, strlen(name),
			EXTCRYPT_E_BAD_NAME, rule);
}

static void gen_nokey_names(struct kat *k)
{
	static const size_t lens[] = { 16, 17, 32, 100, 148, 149, 150, 151,
				       200, 255, 4096 };
	static const uint32_t hashes[][2] = {
		{ 0, 0 }, { 0x12345678, 0x9abcdef0 }, { 0xfffffffe, 0xffffffff },
	};
	char big[254];

	for (size_t i = 0; i < CLI_ARRAY_SIZE(lens); i++)
		for (size_t j = 0; j < CLI_ARRAY_SIZE(hashes); j++)
			nokey_case(k, lens[i], hashes[j][0], hashes[j][1]);
	bad_nokey(k, "plus", "AAAAAAAAAAAA+AAAAAAAAAAA",
		  "no-key name (fscrypt_setup_filename): '+' is not in the base64url alphabet");
	bad_nokey(k, "padding", "AAAAAAAAAAAAAAAAAAAAAA==",
		  "no-key name (fscrypt_setup_filename): no '=' padding");
	bad_nokey(k, "stray-bits", "AAAAAAAAAAAAAAB",
		  "no-key name (fscrypt_setup_filename): non-zero bits after the last byte");
	bad_nokey(k, "4k+1", "AAAAAAAAAAAAAAAAA",
		  "no-key name (fscrypt_setup_filename): a length no encoder produces");
	bad_nokey(k, "decoded-8", "AAAAAAAAAAA",
		  "no-key name (fscrypt_setup_filename): decodes to 8 bytes, no ciphertext");
	memset(big, 'A', 211);
	big[211] = '\0';
	bad_nokey(k, "decoded-158", big, "no-key name (fscrypt_setup_filename): decodes to 158 bytes");
	memset(big, 'A', 251);
	big[251] = '\0';
	bad_nokey(k, "decoded-188", big, "no-key name (fscrypt_setup_filename): decodes to 188 bytes");
	memset(big, 'A', 253);
	big[253] = '\0';
	bad_nokey(k, "253-chars", big, "no-key name (fscrypt_setup_filename): longer than 252 characters");
}

/* Symlinks whose length field lies, or that are too short. */
static void bad_symlink(struct kat *k, const char *tag, uint16_t len_field,
			size_t disk_len, const char *rule)
{
	uint8_t mk[64], nonce[16], ctx[40], disk[64];
	extcrypt_inode *inode;
	struct kat_case *c;
	char id[96], out[128];
	size_t n;
	int got;

	snprintf(id, sizeof(id), "reject-symlink-%s", tag);
	kat_prgf(k, mk, 64, "%s-mk", id);
	kat_prgf(k, nonce, 16, "%s-nonce", id);
	kat_prgf(k, disk, sizeof(disk), "%s-disk", id);
	disk[0] = (uint8_t)len_field;
	disk[1] = (uint8_t)(len_field >> 8);
	inode = kat_inode(mk, 64, XTS, CTS, 0, 0, nonce, 4096, 0, NULL, ctx);
	got = extcrypt_inode_decrypt_symlink(inode, disk, disk_len, out,
					     sizeof(out), &n);
	extcrypt_inode_free(inode);
	c = kat_input_case(k, id, "symlink", EXTCRYPT_E_BAD_NAME, got, rule);
	kat_set_master_key(c, mk, 64);
	kat_set_hex(c, "inode_context", ctx, 40);
	kat_set_u64(c, "block_size", 4096);
	kat_finish_case(c, disk, disk_len, EXTCRYPT_E_BAD_NAME, rule);
}

static void gen_bad_symlinks(struct kat *k)
{
	bad_symlink(k, "len-past-end", 40, 32, "SL-4: length field past the data");
	bad_symlink(k, "len-ffff", 0xffff, 64, "SL-4: length field 65535");
	bad_symlink(k, "len-0", 0, 32, "SL-4: length field 0");
	bad_symlink(k, "len-15", 15, 17, "SL-4: ciphertext shorter than 16");
	bad_symlink(k, "1-byte", 0, 1, "SL-4: no room for the length field");
}

void kat_gen_ext4core(struct kat *k)
{
	gen_v1(k);
	gen_symlinks(k);
	gen_nokey_names(k);
	gen_bad_symlinks(k);
}
