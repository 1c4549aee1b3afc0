// SPDX-License-Identifier: MIT
/*
 * Encrypted symlink targets: `{__le16 len; ciphertext}` (fs/crypto/hooks.c,
 * fscrypt_prepare_symlink, __fscrypt_encrypt_symlink, fscrypt_get_symlink;
 * docs/spec.md "Encrypted symlinks").
 */
#include "common/internal.h"
#include "inode/inode.h"

/* The length field, plus the NUL the kernel counts after the ciphertext. */
#define SYMLINK_OVERHEAD (EXTCRYPT_SYMLINK_HEADER_SIZE + 1)
/* The longest ciphertext: a PATH_MAX - 1 target padded to 32. */
#define SYMLINK_CT_MAX 4096

EXTCRYPT_API int extcrypt_inode_encrypt_symlink(const extcrypt_inode *inode,
						const char *target,
						size_t target_len,
						size_t max_disk_len,
						uint8_t *out, size_t out_cap,
						size_t *out_len)
{
	size_t ct_max, ct_len;
	int err;

	if (inode == NULL || target == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (target_len == 0 || memchr(target, '\0', target_len) != NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "symlink target is empty or holds a NUL byte");
	if (max_disk_len < SYMLINK_OVERHEAD + 16)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "max_disk_len %zu leaves no room for 16 bytes of ciphertext",
				     max_disk_len);
	if (target_len > EXTCRYPT_SYMLINK_TARGET_MAX)
		return extcrypt_fail(EXTCRYPT_E_NAME_TOO_LONG,
				     "symlink target of %zu bytes, at most %u (PATH_MAX - 1)",
				     target_len, EXTCRYPT_SYMLINK_TARGET_MAX);
	ct_max = max_disk_len - SYMLINK_OVERHEAD;
	if (ct_max > SYMLINK_CT_MAX)
		ct_max = SYMLINK_CT_MAX;
	err = extcrypt_inode_encrypted_name_size(inode, target_len, ct_max,
						 &ct_len);
	if (err)
		return err;
	if (out_cap < EXTCRYPT_SYMLINK_HEADER_SIZE + ct_len)
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "encrypted symlink needs %zu bytes, have %zu",
				     EXTCRYPT_SYMLINK_HEADER_SIZE + ct_len, out_cap);
	err = extcrypt_inode_encrypt_name(inode, (const uint8_t *)target,
					  target_len, ct_max,
					  out + EXTCRYPT_SYMLINK_HEADER_SIZE,
					  ct_len, &ct_len);
	if (err)
		return err;
	out[0] = (uint8_t)ct_len;
	out[1] = (uint8_t)(ct_len >> 8);
	*out_len = EXTCRYPT_SYMLINK_HEADER_SIZE + ct_len;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_inode_decrypt_symlink(const extcrypt_inode *inode,
						const uint8_t *disk,
						size_t disk_len, char *out,
						size_t out_cap,
						size_t *out_len)
{
	size_t ct_len, n;
	int err;

	if (inode == NULL || disk == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (disk_len < EXTCRYPT_SYMLINK_HEADER_SIZE)
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "encrypted symlink of %zu bytes has no length field",
				     disk_len);
	ct_len = (size_t)disk[0] | (size_t)disk[1] << 8;
	/* Trust the length field only as far as the buffer goes. */
	if (ct_len == 0 || ct_len > disk_len - EXTCRYPT_SYMLINK_HEADER_SIZE)
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "encrypted symlink length field says %zu bytes, %zu present",
				     ct_len, disk_len - EXTCRYPT_SYMLINK_HEADER_SIZE);
	if (ct_len < 16 || ct_len > SYMLINK_CT_MAX)
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "encrypted symlink target of %zu bytes; must be 16..4096",
				     ct_len);
	/* decrypt_name never writes more than the ciphertext length; one
	 * byte more for the NUL. */
	if (out_cap < 2)
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "no room for a symlink target");
	err = extcrypt_inode_decrypt_name(inode,
					  disk + EXTCRYPT_SYMLINK_HEADER_SIZE,
					  ct_len, (uint8_t *)out, out_cap - 1,
					  &n);
	if (err)
		return err;
	out[n] = '\0';
	*out_len = n;
	return EXTCRYPT_OK;
}
