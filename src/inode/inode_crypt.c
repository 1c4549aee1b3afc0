// SPDX-License-Identifier: MIT
/*
 * File contents and filenames of an inode.
 */
#include <sodium.h>

#include "cipher/units.h"
#include "common/ctgrind.h"
#include "common/internal.h"
#include "common/secure_mem.h"
#include "fname/fname.h"
#include "inode/inode.h"

static int check_ready(const struct extcrypt_inode *inode)
{
	if (!inode->keys_ready)
		return extcrypt_fail(EXTCRYPT_E_STATE,
				     "IV_INO_LBLK inode needs extcrypt_inode_set_ino first");
	return EXTCRYPT_OK;
}

/*
 * Runs `nunits` units through the contents cipher.  IV_INO_LBLK_32 IVs are
 * a 32-bit sum that wraps, so a run is split where the sum wraps to 0.
 */
static int run_units(const void *obj, bool enc, uint64_t first,
		     const uint8_t *src, uint8_t *dst, size_t unit_len,
		     size_t nunits)
{
	const struct extcrypt_inode *inode = obj;
	uint8_t iv[EXTCRYPT_IV_MAX];
	size_t done = 0;
	int err = EXTCRYPT_OK;

	while (done < nunits && err == EXTCRYPT_OK) {
		size_t n = nunits - done;

		if (inode->policy.flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) {
			uint32_t iv32 = inode->hashed_ino + (uint32_t)(first + done);
			uint64_t before_wrap = (uint64_t)UINT32_MAX - iv32 + 1;

			if (n > before_wrap)
				n = (size_t)before_wrap;
		}
		extcrypt_inode_iv(inode, first + done, iv);
		err = extcrypt_cipher_units(&inode->contents, enc, iv,
					    src + done * unit_len,
					    dst + done * unit_len, unit_len, n);
		done += n;
	}
	return err;
}

static int contents_api(const extcrypt_inode *inode, bool enc, uint64_t first,
			const uint8_t *src, uint8_t *dst, size_t len)
{
	struct extcrypt_units_call u = {
		inode, run_units, enc, first, src, dst,
		inode != NULL ? inode->du_size : 0, len,
	};
	/* Index limits of the IV formats: 64 bits, or 32 for IV_INO_LBLK_*. */
	bool lblk = inode != NULL &&
		    (inode->policy.flags & (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
					    EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32));
	int err = extcrypt_units_check(&u, lblk ? UINT32_MAX : UINT64_MAX);

	if (err == 0)
		err = check_ready(inode);
	return err ? err : extcrypt_units_run(&u);
}

EXTCRYPT_API int extcrypt_inode_encrypt(const extcrypt_inode *inode,
					uint64_t first_unit,
					const uint8_t *src, uint8_t *dst,
					size_t len)
{
	return contents_api(inode, true, first_unit, src, dst, len);
}

EXTCRYPT_API int extcrypt_inode_decrypt(const extcrypt_inode *inode,
					uint64_t first_unit,
					const uint8_t *src, uint8_t *dst,
					size_t len)
{
	return contents_api(inode, false, first_unit, src, dst, len);
}

/* The longest name or symlink target we handle: PATH_MAX. */
#define NAME_LIMIT 4096

EXTCRYPT_API int extcrypt_inode_encrypted_name_size(const extcrypt_inode *dir,
						    size_t name_len,
						    size_t max_len,
						    size_t *out_len)
{
	size_t n;

	if (dir == NULL || out_len == NULL || name_len == 0)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "NULL argument or empty name");
	if (max_len == 0)
		max_len = EXTCRYPT_NAME_MAX;
	if (max_len < EXTCRYPT_FNAME_MIN_MSG_LEN || max_len > NAME_LIMIT)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "max_len %zu outside 16..4096", max_len);
	n = extcrypt_fname_padded_len(name_len, dir->policy.flags, max_len);
	if (n == 0)
		return extcrypt_fail(EXTCRYPT_E_NAME_TOO_LONG,
				     "name of %zu bytes, at most %zu allowed",
				     name_len, max_len);
	*out_len = n;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_inode_encrypt_name(const extcrypt_inode *dir,
					     const uint8_t *name,
					     size_t name_len, size_t max_len,
					     uint8_t *out, size_t out_cap,
					     size_t *out_len)
{
	uint8_t buf[NAME_LIMIT], iv[EXTCRYPT_IV_MAX];
	const struct extcrypt_cipher *fc;
	size_t n;
	int err;

	if (name == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	err = extcrypt_inode_encrypted_name_size(dir, name_len, max_len, &n);
	if (err == 0)
		err = check_ready(dir);
	if (err)
		return err;
	if (out_cap < n)
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "encrypted name needs %zu bytes, have %zu",
				     n, out_cap);
	err = extcrypt_inode_filenames(dir, &fc);
	if (err)
		return err;
	memcpy(buf, name, name_len);
	memset(buf + name_len, 0, n - name_len);
	extcrypt_inode_iv(dir, 0, iv);
	err = extcrypt_cipher_message(fc, true, iv, buf, buf, n);
	if (err == 0) {
		memcpy(out, buf, n);
		*out_len = n;
	}
	extcrypt_secure_wipe(buf, n);
	return err;
}

/*
 * The length of a decrypted name (up to its first NUL padding byte), found
 * without a branch on the name's bytes; the length itself is public (it
 * is returned to the caller), the bytes are not.
 */
static size_t name_length(const uint8_t *buf, size_t len)
{
	size_t n = 0, in_name = 1;

	for (size_t i = 0; i < len; i++) {
		in_name &= (size_t)(buf[i] != 0);
		n += in_name;
	}
	EXTCRYPT_DECLASSIFY(&n, sizeof(n));
	return n;
}

EXTCRYPT_API int extcrypt_inode_decrypt_name(const extcrypt_inode *dir,
					     const uint8_t *ct, size_t ct_len,
					     uint8_t *out, size_t out_cap,
					     size_t *out_len)
{
	uint8_t buf[NAME_LIMIT], iv[EXTCRYPT_IV_MAX];
	const struct extcrypt_cipher *fc;
	size_t n;
	int err;

	if (dir == NULL || ct == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (ct_len < EXTCRYPT_FNAME_MIN_MSG_LEN || ct_len > NAME_LIMIT)
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "encrypted name of %zu bytes; must be 16..4096",
				     ct_len);
	err = check_ready(dir);
	if (err == 0)
		err = extcrypt_inode_filenames(dir, &fc);
	if (err)
		return err;
	extcrypt_inode_iv(dir, 0, iv);
	err = extcrypt_cipher_message(fc, false, iv, ct, buf, ct_len);
	if (err == 0) {
		n = name_length(buf, ct_len);
		if (n == 0)
			err = extcrypt_fail(EXTCRYPT_E_BAD_NAME,
					    "name decrypts to an empty string");
		else if (out_cap < n)
			err = extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
					    "name needs %zu bytes, have %zu", n,
					    out_cap);
		else {
			memcpy(out, buf, n);
			*out_len = n;
		}
	}
	extcrypt_secure_wipe(buf, ct_len);
	return err;
}

EXTCRYPT_API int extcrypt_inode_dirhash(const extcrypt_inode *dir,
					const uint8_t *name, size_t name_len,
					uint64_t *out)
{
	uint8_t h[crypto_shorthash_siphash24_BYTES];

	if (dir == NULL || out == NULL || (name == NULL && name_len != 0))
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (dir->policy.version == 1) /* the kernel refuses casefold with v1 */
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "v1 policies have no dirhash key");
	crypto_shorthash_siphash24(h, name, name_len,
				   extcrypt_inode_dirhash_key(dir));
	*out = extcrypt_get_le64(h);
	return EXTCRYPT_OK;
}
