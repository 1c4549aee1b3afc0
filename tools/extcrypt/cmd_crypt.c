// SPDX-License-Identifier: MIT
/*
 * cmd_crypt.c - `extcrypt crypt`: encrypt or decrypt standard input the
 * way fscrypt does, with the options of xfstests' fscrypt-crypt-util, so
 * that it can stand in for that program.  Extension: per-extent keys.
 *
 * Every key derivation and every cipher call goes through libextcrypt's
 * public API (extcrypt_master_key_derive, extcrypt_cipher_*); the IVs are
 * built here from the option values, as fscrypt-crypt-util does, so any
 * IV method can be combined with any cipher.  The v1 AES-128-ECB KDF and
 * the hardware-wrapped-key KDF, which the library does not implement, use
 * OpenSSL.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"

struct cipher_desc {
	const char *name;
	int mode;
	size_t min_input; /* smallest message the cipher takes */
	size_t strength;  /* v2 minimum master key size (security strength) */
	size_t iv_size;
};

static const struct cipher_desc ciphers[] = {
	{ "AES-256-XTS", EXTCRYPT_MODE_AES_256_XTS, 0, 32, 16 },
	{ "AES-256-CTS-CBC", EXTCRYPT_MODE_AES_256_CTS, 16, 32, 16 },
	{ "AES-128-CBC-ESSIV", EXTCRYPT_MODE_AES_128_CBC, 0, 16, 16 },
	{ "AES-128-CTS-CBC", EXTCRYPT_MODE_AES_128_CTS, 16, 16, 16 },
	{ "Adiantum", EXTCRYPT_MODE_ADIANTUM, 16, 32, 32 },
	{ "AES-256-HCTR2", EXTCRYPT_MODE_AES_256_HCTR2, 16, 32, 32 },
	{ "SM4-XTS", EXTCRYPT_MODE_SM4_XTS, 0, 16, 16 },
	{ "SM4-CTS-CBC", EXTCRYPT_MODE_SM4_CTS, 16, 16, 16 },
};

enum kdf { KDF_NONE, KDF_AES_128_ECB, KDF_HKDF_SHA512 };

struct crypt_opts {
	uint64_t index;
	size_t du_size;
	size_t padding; /* 0: pad a partial last unit to du_size */
	bool decrypt, direct_key, dump_id, hw_kdf, inline_key;
	bool lblk64, lblk32;
	enum kdf kdf;
	uint8_t mode_num; /* 0: not given */
	bool have_nonce, have_uuid, have_extent_nonce;
	uint8_t nonce[16], fs_uuid[16], extent_nonce[16];
	uint64_t ino; /* 0: not given */
	int profile;  /* 0: not given */
	const char *key_file; /* NULL: MASTER_KEY on the command line */
};

static void usage(FILE *f)
{
	fputs(
"Usage: extcrypt crypt [OPTION]... CIPHER MASTER_KEY\n"
"       extcrypt crypt [OPTION]... --key-file=FILE CIPHER\n"
"       extcrypt crypt [OPTION]... --dump-key-identifier MASTER_KEY\n"
"       extcrypt crypt [OPTION]... --dump-key-identifier --key-file=FILE\n"
"\n"
"Encrypt (or decrypt) standard input with CIPHER as fscrypt does, and write\n"
"the result to standard output.  The key is MASTER_KEY (hex, at most 64\n"
"bytes; visible to other users in the process list) or the raw bytes of\n"
"--key-file, or a key derived from it with --kdf.  A drop-in for xfstests'\n"
"fscrypt-crypt-util.\n"
"\n"
"CIPHER: AES-256-XTS, AES-256-CTS-CBC, AES-128-CBC-ESSIV, AES-128-CTS-CBC,\n"
"Adiantum, AES-256-HCTR2, SM4-XTS, SM4-CTS-CBC.\n"
"\n"
"Options:\n"
"  --data-unit-index=N    index of the first data unit (default 0); each\n"
"                         further unit adds 1 (mod 2^32 with --iv-ino-lblk-*;\n"
"                         otherwise passing 2^64 - 1 is an error)\n"
"  --data-unit-size=N     bytes per data unit (default 4096; 255 for names)\n"
"  --decrypt              decrypt instead of encrypt\n"
"  --direct-key           DIRECT_KEY IVs: le64(index) || file nonce\n"
"  --dump-key-identifier  print the master key identifier and exit\n"
"                         (needs --kdf=HKDF-SHA512)\n"
"  --enable-hw-kdf        MASTER_KEY is a 32-byte raw hardware-wrapped key:\n"
"                         derive the software secret from it first\n"
"  --extent-nonce=HEX     16-byte extent nonce, with --extent-profile\n"
"  --extent-profile=NAME  use the per-extent key of this profile (rfc-2023-09,\n"
"                         v1-2023-09, v2-2023-10, v5-2024-01, v6-2026-02,\n"
"                         default); indices are relative to the extent start\n"
"  --file-nonce=HEX       16-byte nonce of the file (or directory)\n"
"  --fs-uuid=HEX          16-byte filesystem UUID (--iv-ino-lblk-*)\n"
"  --help                 show this help and exit\n"
"  --inode-number=N       inode number (--iv-ino-lblk-*)\n"
"  --iv-ino-lblk-32       IV_INO_LBLK_32 keys and IVs\n"
"  --iv-ino-lblk-64       IV_INO_LBLK_64 keys and IVs\n"
"  --key-file=FILE        read the master key from FILE: 16 to 64 raw bytes\n"
"                         (not hex), kept in locked memory; '-' is standard\n"
"                         input, only with --dump-key-identifier (otherwise\n"
"                         standard input is the data: use /dev/fd/N)\n"
"  --kdf=KDF              none (default), AES-128-ECB (v1) or HKDF-SHA512 (v2)\n"
"  --mode-num=N           fscrypt mode number, for DIRECT_KEY and\n"
"                         IV_INO_LBLK_* key derivation\n"
"  --padding=N            zero-pad a partial last data unit to a multiple of\n"
"                         N bytes (a power of two) instead of a whole unit\n"
"  --use-inlinecrypt-key  with --enable-hw-kdf and --iv-ino-lblk-*: encrypt\n"
"                         with the hardware's 64-byte inline encryption key\n"
"\n"
"Exit status: 0 success, 1 error, 2 usage error.\n", f);
}

enum {
	OPT_DATA_UNIT_INDEX = 256,
	OPT_DATA_UNIT_SIZE,
	OPT_DECRYPT,
	OPT_DIRECT_KEY,
	OPT_DUMP_KEY_IDENTIFIER,
	OPT_ENABLE_HW_KDF,
	OPT_EXTENT_NONCE,
	OPT_EXTENT_PROFILE,
	OPT_FILE_NONCE,
	OPT_FS_UUID,
	OPT_HELP,
	OPT_INODE_NUMBER,
	OPT_IV_INO_LBLK_32,
	OPT_IV_INO_LBLK_64,
	OPT_KEY_FILE,
	OPT_KDF,
	OPT_MODE_NUM,
	OPT_PADDING,
	OPT_USE_INLINECRYPT_KEY,
};

static const struct option longopts[] = {
	{ "data-unit-index", required_argument, NULL, OPT_DATA_UNIT_INDEX },
	{ "data-unit-size", required_argument, NULL, OPT_DATA_UNIT_SIZE },
	/* The names older fscrypt-crypt-util versions used. */
	{ "block-number", required_argument, NULL, OPT_DATA_UNIT_INDEX },
	{ "block-size", required_argument, NULL, OPT_DATA_UNIT_SIZE },
	{ "decrypt", no_argument, NULL, OPT_DECRYPT },
	{ "direct-key", no_argument, NULL, OPT_DIRECT_KEY },
	{ "dump-key-identifier", no_argument, NULL, OPT_DUMP_KEY_IDENTIFIER },
	{ "enable-hw-kdf", no_argument, NULL, OPT_ENABLE_HW_KDF },
	{ "extent-nonce", required_argument, NULL, OPT_EXTENT_NONCE },
	{ "extent-profile", required_argument, NULL, OPT_EXTENT_PROFILE },
	{ "file-nonce", required_argument, NULL, OPT_FILE_NONCE },
	{ "fs-uuid", required_argument, NULL, OPT_FS_UUID },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "inode-number", required_argument, NULL, OPT_INODE_NUMBER },
	{ "iv-ino-lblk-32", no_argument, NULL, OPT_IV_INO_LBLK_32 },
	{ "iv-ino-lblk-64", no_argument, NULL, OPT_IV_INO_LBLK_64 },
	{ "key-file", required_argument, NULL, OPT_KEY_FILE },
	{ "kdf", required_argument, NULL, OPT_KDF },
	{ "mode-num", required_argument, NULL, OPT_MODE_NUM },
	{ "padding", required_argument, NULL, OPT_PADDING },
	{ "use-inlinecrypt-key", no_argument, NULL, OPT_USE_INLINECRYPT_KEY },
	{ NULL, 0, NULL, 0 },
};

static int parse_16(const char *arg, uint8_t out[16], const char *what)
{
	size_t n;

	if (cli_hex_decode(arg, out, 16, &n) != 0 || n != 16)
		return cli_error("invalid %s '%s': need 32 hex digits", what, arg);
	return 0;
}

static int parse_size(const char *arg, size_t *out, const char *what)
{
	uint64_t v;

	if (cli_parse_u64(arg, &v) != 0 || v == 0 || v > INT32_MAX)
		return cli_error("invalid %s '%s'", what, arg);
	*out = (size_t)v;
	return 0;
}

/* Handles one option; returns 0, CLI_ERR or CLI_USAGE (or -1 for --help). */
static int handle_option(int c, const char *arg, struct crypt_opts *o)
{
	uint64_t v;

	switch (c) {
	case OPT_DATA_UNIT_INDEX:
		if (cli_parse_u64(arg, &o->index) != 0)
			return cli_error("invalid data unit index '%s'", arg);
		return 0;
	case OPT_DATA_UNIT_SIZE:
		return parse_size(arg, &o->du_size, "data unit size");
	case OPT_DECRYPT:
		o->decrypt = true;
		return 0;
	case OPT_DIRECT_KEY:
		o->direct_key = true;
		return 0;
	case OPT_DUMP_KEY_IDENTIFIER:
		o->dump_id = true;
		return 0;
	case OPT_ENABLE_HW_KDF:
		o->hw_kdf = true;
		return 0;
	case OPT_EXTENT_NONCE:
		o->have_extent_nonce = true;
		return parse_16(arg, o->extent_nonce, "extent nonce");
	case OPT_EXTENT_PROFILE:
		o->profile = extcrypt_extent_profile_from_name(arg);
		if (o->profile < 0)
			return cli_error("unknown extent profile '%s' (rfc-2023-09, v1-2023-09, v2-2023-10, v5-2024-01, v6-2026-02, default)",
					 arg);
		return 0;
	case OPT_FILE_NONCE:
		o->have_nonce = true;
		return parse_16(arg, o->nonce, "file nonce");
	case OPT_FS_UUID:
		o->have_uuid = true;
		return parse_16(arg, o->fs_uuid, "filesystem UUID");
	case OPT_HELP:
		return -1;
	case OPT_INODE_NUMBER:
		if (cli_parse_u64(arg, &o->ino) != 0 || o->ino == 0)
			return cli_error("invalid inode number '%s'", arg);
		return 0;
	case OPT_IV_INO_LBLK_32:
		o->lblk32 = true;
		return 0;
	case OPT_IV_INO_LBLK_64:
		o->lblk64 = true;
		return 0;
	case OPT_KEY_FILE:
		o->key_file = arg;
		return 0;
	case OPT_KDF:
		if (strcmp(arg, "none") == 0)
			o->kdf = KDF_NONE;
		else if (strcmp(arg, "AES-128-ECB") == 0)
			o->kdf = KDF_AES_128_ECB;
		else if (strcmp(arg, "HKDF-SHA512") == 0)
			o->kdf = KDF_HKDF_SHA512;
		else
			return cli_error("unknown KDF '%s' (none, AES-128-ECB, HKDF-SHA512)",
					 arg);
		return 0;
	case OPT_MODE_NUM:
		if (cli_parse_u64(arg, &v) != 0 || v == 0 || v > 255)
			return cli_error("invalid mode number '%s'", arg);
		o->mode_num = (uint8_t)v;
		return 0;
	case OPT_PADDING:
		if (parse_size(arg, &o->padding, "padding amount") != 0)
			return CLI_ERR;
		if (o->padding & (o->padding - 1))
			return cli_error("invalid padding amount '%s': not a power of two",
					 arg);
		return 0;
	case OPT_USE_INLINECRYPT_KEY:
		o->inline_key = true;
		return 0;
	default:
		return CLI_USAGE;
	}
}

static const struct cipher_desc *find_cipher(const char *name)
{
	for (size_t i = 0; i < CLI_ARRAY_SIZE(ciphers); i++)
		if (strcmp(ciphers[i].name, name) == 0)
			return &ciphers[i];
	return NULL;
}

/* The v1 KDF: AES-128-ECB encryption of the master key's first `len`
 * bytes, keyed by the file nonce. */
int cli_v1_kdf(const uint8_t nonce[16], const uint8_t *mk, uint8_t *out,
		  size_t len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ok;

	ok = ctx != NULL &&
	     EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, nonce, NULL) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_EncryptUpdate(ctx, out, &n, mk, (int)len) == 1 &&
	     (size_t)n == len;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		return cli_error("OpenSSL AES-128-ECB failed");
	return 0;
}

struct secret {
	uint8_t bytes[64];
	size_t len;
};

/* The HKDF context and info that pick the key for these options. */
static int hkdf_params(const struct crypt_opts *o, uint8_t *ctx,
		       uint8_t info[17], size_t *info_len)
{
	if (o->profile != 0) {
		*ctx = (uint8_t)extcrypt_extent_hkdf_context(o->profile);
		memcpy(info, o->extent_nonce, 16);
		*info_len = 16;
	} else if (o->direct_key) {
		if (o->mode_num == 0)
			return cli_error("--direct-key with a KDF needs --mode-num");
		*ctx = EXTCRYPT_HKDF_CONTEXT_DIRECT_KEY;
		info[0] = o->mode_num;
		*info_len = 1;
	} else if (o->lblk64 || o->lblk32) {
		const char *opt = o->lblk64 ? "--iv-ino-lblk-64" : "--iv-ino-lblk-32";

		if (o->mode_num == 0)
			return cli_error("%s with a KDF needs --mode-num", opt);
		if (!o->have_uuid)
			return cli_error("%s with a KDF needs --fs-uuid", opt);
		*ctx = o->lblk64 ? EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_64_KEY
				 : EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_32_KEY;
		info[0] = o->mode_num;
		memcpy(info + 1, o->fs_uuid, 16);
		*info_len = 17;
	} else {
		if (!o->have_nonce)
			return cli_error("--kdf=HKDF-SHA512 needs --file-nonce (or --direct-key, --iv-ino-lblk-*, --extent-profile)");
		*ctx = EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY;
		memcpy(info, o->nonce, 16);
		*info_len = 16;
	}
	return 0;
}

static int derive_key(const struct crypt_opts *o, const struct cipher_desc *cd,
		      const struct secret *mk, const struct secret *secret,
		      extcrypt_master_key *hkdf_key, uint8_t *key, size_t key_len)
{
	uint8_t ctx = 0, info[17];
	size_t info_len = 0;
	int err;

	if (o->inline_key) {
		if (!o->hw_kdf)
			return cli_error("--use-inlinecrypt-key needs --enable-hw-kdf");
		if (!o->lblk64 && !o->lblk32)
			return cli_error("--use-inlinecrypt-key needs --iv-ino-lblk-64 or --iv-ino-lblk-32");
		if (key_len != CLI_INLINECRYPT_KEY_SIZE)
			return cli_error("%s cannot be used with --use-inlinecrypt-key (it needs a %d-byte key)",
					 cd->name, CLI_INLINECRYPT_KEY_SIZE);
		return cli_hw_kdf(mk->bytes, true, key, key_len);
	}
	switch (o->kdf) {
	case KDF_NONE:
		if (secret->len < key_len)
			return cli_error("master key is too short for %s (%zu bytes, needs %zu)",
					 cd->name, secret->len, key_len);
		memcpy(key, secret->bytes, key_len);
		return 0;
	case KDF_AES_128_ECB:
		if (!o->have_nonce)
			return cli_error("--kdf=AES-128-ECB needs --file-nonce");
		if (secret->len < key_len)
			return cli_error("master key is too short for %s (%zu bytes, needs %zu)",
					 cd->name, secret->len, key_len);
		return cli_v1_kdf(o->nonce, secret->bytes, key, key_len);
	case KDF_HKDF_SHA512:
		/* The kernel's v2 rule: at least the mode's security strength
		 * (so 32 bytes do for AES-256-XTS's 64-byte key). */
		if (secret->len < cd->strength)
			return cli_error("master key of %zu bytes is shorter than the security strength of %s (%zu bytes)",
					 secret->len, cd->name, cd->strength);
		if (hkdf_params(o, &ctx, info, &info_len) != 0)
			return CLI_ERR;
		err = extcrypt_master_key_derive(hkdf_key, ctx, info, info_len,
						 key, key_len);
		if (err)
			return cli_lib_error(err, "key derivation");
		return 0;
	}
	return CLI_ERR;
}

/* IV_INO_LBLK_32: low 32 bits of SipHash-2-4(HKDF(7), le64(ino)). */
static int hash_inode_number(const struct crypt_opts *o,
			     extcrypt_master_key *hkdf_key, uint32_t *out)
{
	uint8_t key[crypto_shorthash_siphash24_KEYBYTES], msg[8];
	uint8_t h[crypto_shorthash_siphash24_BYTES];
	int err;

	if (o->kdf != KDF_HKDF_SHA512)
		return cli_error("--iv-ino-lblk-32 needs --kdf=HKDF-SHA512");
	err = extcrypt_master_key_derive(hkdf_key,
					 EXTCRYPT_HKDF_CONTEXT_INODE_HASH_KEY,
					 NULL, 0, key, sizeof(key));
	if (err)
		return cli_lib_error(err, "inode hash key derivation");
	cli_put_le64(msg, o->ino);
	crypto_shorthash_siphash24(h, msg, sizeof(msg), key);
	sodium_memzero(key, sizeof(key));
	*out = (uint32_t)cli_get_le64(h);
	return 0;
}

/* The IV of the first data unit (the IV union of fscrypt, 32 bytes). */
static int first_iv(const struct crypt_opts *o, extcrypt_master_key *hkdf_key,
		    uint8_t iv[32])
{
	uint32_t hashed = 0;

	memset(iv, 0, 32);
	if (o->direct_key) {
		if (!o->have_nonce)
			return cli_error("--direct-key needs --file-nonce");
		cli_put_le64(iv, o->index);
		memcpy(iv + 8, o->nonce, 16);
	} else if (o->lblk64 || o->lblk32) {
		const char *opt = o->lblk64 ? "--iv-ino-lblk-64" : "--iv-ino-lblk-32";

		if (o->index > UINT32_MAX)
			return cli_error("%s cannot use a data unit index above 2^32 - 1",
					 opt);
		if (o->ino == 0)
			return cli_error("%s needs --inode-number", opt);
		if (o->lblk64) {
			if (o->ino > UINT32_MAX)
				return cli_error("--iv-ino-lblk-64 cannot use an inode number above 2^32 - 1");
			cli_put_le32(iv, (uint32_t)o->index);
			cli_put_le32(iv + 4, (uint32_t)o->ino);
		} else {
			if (hash_inode_number(o, hkdf_key, &hashed) != 0)
				return CLI_ERR;
			cli_put_le32(iv, hashed + (uint32_t)o->index);
		}
	} else {
		cli_put_le64(iv, o->index);
	}
	return 0;
}

/* Adds 1 to the IV's index: 32 bits for IV_INO_LBLK_*, else 64. */
static void next_iv(const struct crypt_opts *o, uint8_t iv[32])
{
	if (o->lblk64 || o->lblk32) {
		uint32_t v = (uint32_t)cli_get_le64(iv);

		cli_put_le32(iv, v + 1);
	} else {
		cli_put_le64(iv, cli_get_le64(iv) + 1);
	}
}

static int crypt_loop(const struct crypt_opts *o, const struct cipher_desc *cd,
		      const extcrypt_cipher *cipher, uint8_t iv[32])
{
	uint8_t *buf = cli_malloc(o->du_size);
	size_t n;
	int ret = CLI_OK;
	bool index_spent = false; /* the last unit had index 2^64 - 1 */

	while ((n = fread(buf, 1, o->du_size, stdin)) > 0) {
		size_t len = o->du_size;
		int err;

		/* Wrapping to index 0 would reuse tweaks: refuse, with the
		 * library's words for it. */
		if (index_spent) {
			ret = cli_error("%s: %s: data-unit index passes 2^64 - 1",
					cd->name, extcrypt_strerror(EXTCRYPT_E_RANGE));
			break;
		}

		if (o->padding != 0) {
			len = n > cd->min_input ? n : cd->min_input;
			len = (len + o->padding - 1) & ~(o->padding - 1);
			if (len > o->du_size)
				len = o->du_size;
		}
		memset(buf + n, 0, len - n);
		if (o->decrypt)
			err = extcrypt_cipher_decrypt(cipher, iv, cd->iv_size,
						      buf, buf, len);
		else
			err = extcrypt_cipher_encrypt(cipher, iv, cd->iv_size,
						      buf, buf, len);
		if (err) {
			ret = cli_lib_error(err, cd->name);
			break;
		}
		if (cli_write_all(stdout, buf, len) != 0) {
			ret = CLI_ERR;
			break;
		}
		index_spent = !o->lblk64 && !o->lblk32 &&
			      cli_get_le64(iv) == UINT64_MAX;
		next_iv(o, iv);
	}
	if (ret == CLI_OK && ferror(stdin))
		ret = cli_error("read error on standard input");
	if (ret == CLI_OK && fflush(stdout) != 0)
		ret = cli_error("write error on standard output");
	sodium_memzero(buf, o->du_size);
	free(buf);
	return ret;
}

static int check_combination(const struct crypt_opts *o)
{
	int methods = o->direct_key + o->lblk64 + o->lblk32;

	if (methods > 1)
		return cli_error("conflicting IV methods: use at most one of --direct-key, --iv-ino-lblk-64, --iv-ino-lblk-32");
	if (methods > 0 && o->kdf == KDF_AES_128_ECB)
		return cli_error("--kdf=AES-128-ECB cannot be combined with an IV method option");
	if (o->profile == 0 && !o->have_extent_nonce)
		return 0;
	/* Per-extent keys follow the extent policy rule of every proposal:
	 * v2 (HKDF) policies without DIRECT_KEY or IV_INO_LBLK_*. */
	if (o->profile == 0)
		return cli_error("--extent-nonce needs --extent-profile");
	if (!o->have_extent_nonce)
		return cli_error("--extent-profile needs --extent-nonce");
	if (o->kdf != KDF_HKDF_SHA512)
		return cli_error("--extent-profile needs --kdf=HKDF-SHA512 (extent encryption exists only for v2 policies)");
	if (methods > 0)
		return cli_error("--extent-profile cannot be combined with --direct-key or --iv-ino-lblk-*: extent encryption forbids those policy flags");
	if (o->have_nonce)
		return cli_error("--extent-profile and --file-nonce are exclusive: the extent key depends only on the extent nonce");
	if (o->hw_kdf)
		return cli_error("--extent-profile cannot be combined with --enable-hw-kdf");
	return 0;
}

static int dump_identifier(const struct crypt_opts *o, const struct secret *s)
{
	if (o->kdf != KDF_HKDF_SHA512)
		return cli_error("--dump-key-identifier needs --kdf=HKDF-SHA512");
	return cli_print_key_identifier(s->bytes, s->len, o->hw_kdf);
}

static int run(const struct crypt_opts *o, const struct cipher_desc *cd,
	       const struct secret *mk, const struct secret *secret)
{
	extcrypt_master_key *hkdf_key = NULL;
	extcrypt_cipher *cipher = NULL;
	size_t key_len = extcrypt_mode_key_size(cd->mode);
	uint8_t key[64], iv[32];
	int err, ret;

	if ((ret = check_combination(o)) != 0)
		return ret;
	if (!extcrypt_mode_supported(cd->mode))
		return cli_error("%s: not supported yet by libextcrypt %s",
				 cd->name, extcrypt_version_string());
	if (o->kdf == KDF_HKDF_SHA512 && secret->len >= cd->strength) {
		err = extcrypt_master_key_new(secret->bytes, secret->len,
					      &hkdf_key);
		if (err)
			return cli_lib_error(err, "master key");
	}
	ret = derive_key(o, cd, mk, secret, hkdf_key, key, key_len);
	if (ret == 0)
		ret = first_iv(o, hkdf_key, iv);
	extcrypt_master_key_free(hkdf_key);
	if (ret == 0) {
		err = extcrypt_cipher_new(cd->mode, key, key_len, &cipher);
		if (err)
			ret = cli_lib_error(err, cd->name);
	}
	sodium_memzero(key, sizeof(key));
	if (ret == 0)
		ret = crypt_loop(o, cd, cipher, iv);
	extcrypt_cipher_free(cipher);
	return ret;
}

/* The master key from MASTER_KEY (`hex`) or --key-file into `mk`, and
 * the secret the KDFs start from into `secret`. */
static int load_master_key(const struct crypt_opts *o, const char *hex,
			   struct secret *mk, struct secret *secret)
{
	if (hex == NULL) {
		if (cli_read_key_file(o->key_file, mk->bytes, &mk->len) != 0)
			return CLI_ERR;
	} else if (cli_hex_decode(hex, mk->bytes, sizeof(mk->bytes),
				  &mk->len) != 0) {
		return cli_error("invalid master key: need a hex string of at most 64 bytes");
	}
	*secret = *mk;
	if (o->hw_kdf) {
		if (mk->len != CLI_HW_KEY_SIZE)
			return cli_error("--enable-hw-kdf needs a %d-byte master key, got %zu bytes",
					 CLI_HW_KEY_SIZE, mk->len);
		if (cli_hw_kdf(mk->bytes, false, secret->bytes,
			       CLI_SW_SECRET_SIZE) != 0)
			return CLI_ERR;
		secret->len = CLI_SW_SECRET_SIZE;
	}
	return 0;
}

int cmd_crypt(int argc, char **argv)
{
	struct crypt_opts o = { .du_size = 4096 };
	const struct cipher_desc *cd = NULL;
	struct secret *mk, *secret;
	int c, ret, nkeys;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == '?')
			return cli_usage_error("crypt", "unrecognized option '%s'",
					       argv[optind - 1]);
		if (c == ':')
			return cli_usage_error("crypt", "option '%s' needs a value",
					       argv[optind - 1]);
		ret = handle_option(c, optarg, &o);
		if (ret < 0) {
			usage(stdout);
			return CLI_OK;
		}
		if (ret != 0)
			return ret;
	}
	argc -= optind;
	argv += optind;
	nkeys = o.key_file != NULL ? 0 : 1; /* MASTER_KEY operands */
	if (o.dump_id ? (argc < nkeys || argc > nkeys + 1) : argc != nkeys + 1)
		return cli_usage_error("crypt", o.dump_id
			? "--dump-key-identifier takes MASTER_KEY or --key-file"
			: o.key_file != NULL ? "with --key-file, need CIPHER only"
					     : "need CIPHER and MASTER_KEY");
	if (o.key_file != NULL && !o.dump_id && strcmp(o.key_file, "-") == 0)
		return cli_usage_error("crypt", "--key-file=- : standard input is the data; give the key in a file (or /dev/fd/N)");
	if (argc == nkeys + 1) {
		cd = find_cipher(argv[0]);
		if (cd == NULL)
			return cli_error("unknown cipher '%s'", argv[0]);
		if (o.du_size < cd->min_input)
			return cli_error("data unit size of %zu bytes is too small for %s",
					 o.du_size, cd->name);
	}
	/* Every copy of the key in locked memory (sodium_free wipes). */
	mk = cli_locked_alloc(sizeof(*mk));
	secret = cli_locked_alloc(sizeof(*secret));
	ret = load_master_key(&o, nkeys ? argv[argc - 1] : NULL, mk, secret);
	if (ret == 0 && o.dump_id)
		ret = dump_identifier(&o, secret);
	else if (ret == 0)
		ret = run(&o, cd, mk, secret);
	sodium_free(mk);
	sodium_free(secret);
	return ret;
}
