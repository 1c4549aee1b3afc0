// SPDX-License-Identifier: MIT
/*
 * Fuzz target: what an offline reader feeds the library from an untrusted
 * image or command line.  No-key names: extcrypt_nokey_name_match on
 * fuzzed text (status 1, 0 or E_BAD_NAME, never more), and encode of fuzzed
 * ciphertext whose result must have the predicted length, be base64url
 * and match its ciphertext.  Encrypted symlinks: decrypt of fuzzed disk
 * bytes (in a buffer of exactly their size, so a trusted length field
 * shows up as an over-read) under a v2 and a v1 inode, with its output
 * contract; encrypt of a fuzzed target and limit, which must decrypt back.
 *
 * Input: ctl, the no-key text length, the no-key text, then the rest as
 * ciphertext / disk bytes; the target and its limit come from ctl and
 * the same bytes.  ctl bit 0 picks the v1 inode, bits 1-2 the padding.
 */
#include "fuzz_common.h"

#define DISK_MAX 4100

/* A v2 inode (AES-256-XTS/CTS) or a v1 one (same modes), fixed nonce.
 * Not cached: an inode's XTS state is malloc'ed, and LeakSanitizer does
 * not see pointers kept in libsodium's locked pages. */
static extcrypt_inode *fz_link_inode(bool v1, uint8_t pad)
{
	static const uint8_t nonce[16] = { 0x11, 0x22, 0x33 };
	extcrypt_master_key *key = fz_master_key(2); /* 64 bytes */
	extcrypt_inode *inode = NULL;
	uint8_t ctx[40];
	int s;

	ctx[0] = v1 ? 1 : 2, ctx[1] = 1, ctx[2] = 4, ctx[3] = pad & 3;
	if (v1) {
		extcrypt_master_key_descriptor(key, ctx + 4);
		memcpy(ctx + 12, nonce, 16);
	} else {
		memset(ctx + 4, 0, 4);
		extcrypt_master_key_identifier(key, ctx + 8);
		memcpy(ctx + 24, nonce, 16);
	}
	s = extcrypt_inode_load(key, ctx, v1 ? 28 : 40, 4096, &inode);
	FZ_EXPECT(s, EXTCRYPT_OK, "loading the symlink inode");
	return inode;
}

static bool is_b64url(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

static void check_match(const char *name, size_t n, const uint8_t *ct,
			size_t len)
{
	int s;

	fz_arm();
	s = extcrypt_nokey_name_match(name, n, ct, len, 0, 0);
	if (s < 0)
		fz_check_status(s, "extcrypt_nokey_name_match", __FILE__, __LINE__);
	FZ_ASSERT(s == 1 || s == 0 || s == EXTCRYPT_E_BAD_NAME,
		  "no-key match returned %d", s);
	/* Whole groups of 4 characters have no stray bits: such a name of
	 * 9..156 or 189 bytes must be accepted. */
	FZ_ASSERT(s != EXTCRYPT_E_BAD_NAME || !is_b64url(name, n) || n % 4 != 0 ||
			  !((n >= 12 && n <= 208) || n == 252),
		  "a well-formed no-key name of %zu characters was refused", n);
}

static void check_encode(const uint8_t *ct, size_t len)
{
	char name[EXTCRYPT_NOKEY_NAME_MAX_ENCODED + 1];
	size_t n = 0, raw = len <= 149 ? 8 + len : 189;
	int s = FZ_CALL(extcrypt_nokey_name_encode(ct, len, (uint32_t)len, 7,
						   name, sizeof(name), &n));

	if (len < 16) {
		FZ_EXPECT(s, EXTCRYPT_E_BAD_NAME, "encode of a short ciphertext");
		return;
	}
	FZ_EXPECT(s, EXTCRYPT_OK, "encode");
	FZ_ASSERT(n == (raw * 4 + 2) / 3 && name[n] == '\0' && is_b64url(name, n),
		  "no-key name of %zu bytes is malformed", len);
	FZ_ASSERT(extcrypt_nokey_name_match(name, n, ct, len, 1, 2) == 1,
		  "a no-key name does not match its own ciphertext");
}

static void check_decrypt(const extcrypt_inode *inode, const uint8_t *data,
			  size_t len)
{
	uint8_t *disk = malloc(len ? len : 1); /* exact size: over-reads show */
	char out[DISK_MAX + 1];
	size_t n = 12345;
	int s;

	FZ_ASSERT(disk != NULL, "out of memory");
	memcpy(disk, data, len);
	memset(out, 0x5a, sizeof(out));
	s = FZ_CALL(extcrypt_inode_decrypt_symlink(inode, disk, len, out,
						   sizeof(out), &n));
	if (s == EXTCRYPT_OK) {
		size_t field = len >= 2 ? (size_t)disk[0] | (size_t)disk[1] << 8 : 0;

		FZ_ASSERT(field >= 16 && field + 2 <= len && n >= 1 && n <= field,
			  "accepted a symlink with length field %zu in %zu bytes",
			  field, len);
		FZ_ASSERT(out[n] == '\0' && strlen(out) == n,
			  "decrypted target not NUL-terminated at its length");
	} else {
		FZ_ASSERT(s == EXTCRYPT_E_BAD_NAME, "symlink decrypt: %s",
			  extcrypt_status_name(s));
		FZ_ASSERT((uint8_t)out[0] == 0x5a && n == 12345,
			  "failed symlink decrypt wrote output");
	}
	free(disk);
}

static void check_encrypt(const extcrypt_inode *inode, const uint8_t *data,
			  size_t len, size_t max_disk_len)
{
	uint8_t disk[DISK_MAX];
	char target[DISK_MAX], back[DISK_MAX + 1];
	size_t t = len < DISK_MAX ? len : DISK_MAX, n = 0, m = 0;
	int s;

	for (size_t i = 0; i < t; i++) /* no NUL inside */
		target[i] = (char)(data[i] | 1);
	s = FZ_CALL(extcrypt_inode_encrypt_symlink(inode, target, t, max_disk_len,
						   disk, sizeof(disk), &n));
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(s == EXTCRYPT_E_INVALID || s == EXTCRYPT_E_NAME_TOO_LONG,
			  "symlink encrypt: %s", extcrypt_status_name(s));
		FZ_ASSERT(t == 0 || max_disk_len < 19 || t + 3 > max_disk_len ||
				  t > EXTCRYPT_SYMLINK_TARGET_MAX,
			  "a %zu-byte target refused under a limit of %zu", t,
			  max_disk_len);
		return;
	}
	FZ_ASSERT(n >= 18 && n + 1 <= max_disk_len, "encrypted symlink of %zu bytes", n);
	s = FZ_CALL(extcrypt_inode_decrypt_symlink(inode, disk, n, back,
						   sizeof(back), &m));
	FZ_EXPECT(s, EXTCRYPT_OK, "decrypting what was encrypted");
	FZ_ASSERT(m == t && memcmp(back, target, t) == 0,
		  "symlink round trip lost the target");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t ctl = fz_u8(&f);
	size_t name_len = fz_u8(&f) + ((size_t)(ctl & 0x80) << 1);
	extcrypt_inode *inode = fz_link_inode(ctl & 1, (uint8_t)(ctl >> 1));
	char *name;
	const uint8_t *rest;
	size_t rest_len, limit;

	if (name_len > f.n)
		name_len = f.n;
	name = malloc(name_len ? name_len : 1);
	FZ_ASSERT(name != NULL, "out of memory");
	fz_bytes(&f, (uint8_t *)name, name_len);
	rest = f.p;
	rest_len = f.n;

	check_match(name, name_len, rest, rest_len);
	check_encode(rest, rest_len < DISK_MAX ? rest_len : DISK_MAX);
	check_decrypt(inode, rest, rest_len);
	limit = 16 + (size_t)(ctl >> 3) * 130; /* 16 .. 4046 */
	check_encrypt(inode, rest, rest_len, limit);
	extcrypt_inode_free(inode);
	free(name);
	return 0;
}
