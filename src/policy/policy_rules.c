// SPDX-License-Identifier: MIT
/*
 * Rules that need more than the policy: the filesystem's capabilities,
 * and per-extent encryption.
 */
#include "common/internal.h"
#include "policy/policy.h"

/* The kernel's fls64(): index of the highest set bit, 1-based; 0 for 0. */
static unsigned fls64(uint64_t v)
{
	return v == 0 ? 0 : extcrypt_log2(v) + 1;
}

static int check_lblk(const struct extcrypt_policy *p, uint32_t caps,
		      unsigned du_bits, uint64_t max_file_size)
{
	const char *name = (p->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64)
				   ? "IV_INO_LBLK_64"
				   : "IV_INO_LBLK_32";

	if (!(caps & EXTCRYPT_FS_STABLE_INODES))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "%s needs a filesystem with stable inode numbers",
				     name);
	if (!(caps & EXTCRYPT_FS_32BIT_INODES))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "%s needs a filesystem with 32-bit inode numbers",
				     name);
	/* Every data-unit index of every file must fit in 32 bits. */
	if (max_file_size > 1 && fls64(max_file_size - 1) > 32 + du_bits)
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "%s needs data-unit indices that fit in 32 bits",
				     name);
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_policy_check_fs(const extcrypt_policy *p,
					  uint32_t fs_caps,
					  uint32_t fs_block_size,
					  uint64_t fs_max_file_size)
{
	unsigned block_bits, du_bits;

	if (p == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "policy is NULL");
	if (!extcrypt_is_pow2(fs_block_size) || fs_block_size < 512 ||
	    fs_block_size > 65536)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "block size %u is not a power of two in 512..65536",
				     fs_block_size);
	block_bits = extcrypt_log2(fs_block_size);
	du_bits = p->log2_data_unit_size ? p->log2_data_unit_size : block_bits;
	if (p->log2_data_unit_size != 0) {
		if (!(fs_caps & EXTCRYPT_FS_SUBBLOCK_UNITS))
			return extcrypt_fail(EXTCRYPT_E_POLICY,
					     "filesystem does not support configuring the data unit size");
		if (p->log2_data_unit_size > block_bits)
			return extcrypt_fail(EXTCRYPT_E_POLICY,
					     "data unit 2^%u is larger than the block size %u",
					     p->log2_data_unit_size,
					     fs_block_size);
		/* The DUN must not wrap inside a block (kernel: "not yet
		 * supported"), so IV_INO_LBLK_32 keeps whole-block units. */
		if (p->log2_data_unit_size != block_bits &&
		    (p->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32))
			return extcrypt_fail(EXTCRYPT_E_POLICY,
					     "sub-block data units are not supported with IV_INO_LBLK_32");
	}
	if (p->flags & (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
			EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32))
		return check_lblk(p, fs_caps, du_bits, fs_max_file_size);
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_policy_check_extent(const extcrypt_policy *p)
{
	if (p == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "policy is NULL");
	if (p->version != 2)
		return extcrypt_fail(EXTCRYPT_E_EXTENT_POLICY,
				     "v1 policies can't be used with extent encryption");
	if (p->flags & (EXTCRYPT_POLICY_FLAG_DIRECT_KEY |
			EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
			EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32))
		return extcrypt_fail(EXTCRYPT_E_EXTENT_POLICY,
				     "policy flags 0x%02x: DIRECT_KEY and IV_INO_LBLK_* can't be used with extent encryption",
				     p->flags);
	return EXTCRYPT_OK;
}
