// SPDX-License-Identifier: MIT
/*
 * Opening an image read-only, and the master keys added to it.
 */
#include <stdlib.h>
#include <string.h>

#include <et/com_err.h>

#include "ext4/ext4_internal.h"

/* Incompatible features whose on-disk layout this reader understands.
 * Anything else could change how blocks or entries must be read. */
#define EXTCRYPT_EXT4R_KNOWN_INCOMPAT                                                   \
	(EXT2_FEATURE_INCOMPAT_FILETYPE | EXT3_FEATURE_INCOMPAT_RECOVER |      \
	 EXT3_FEATURE_INCOMPAT_JOURNAL_DEV | EXT2_FEATURE_INCOMPAT_META_BG |   \
	 EXT3_FEATURE_INCOMPAT_EXTENTS | EXT4_FEATURE_INCOMPAT_64BIT |         \
	 EXT4_FEATURE_INCOMPAT_MMP | EXT4_FEATURE_INCOMPAT_FLEX_BG |           \
	 EXT4_FEATURE_INCOMPAT_EA_INODE | EXT4_FEATURE_INCOMPAT_DIRDATA |      \
	 EXT4_FEATURE_INCOMPAT_CSUM_SEED | EXT4_FEATURE_INCOMPAT_LARGEDIR |    \
	 EXT4_FEATURE_INCOMPAT_INLINE_DATA | EXT4_FEATURE_INCOMPAT_ENCRYPT |   \
	 EXT4_FEATURE_INCOMPAT_CASEFOLD)

EXTCRYPT_EXT4_API int extcrypt_ext4_open(const char *path, extcrypt_ext4 **out)
{
	extcrypt_ext4 *fs;
	errcode_t err;
	int st;

	if (out)
		*out = NULL;
	if (!path || !out)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	initialize_ext2_error_table();
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	/* Read-only (no EXT2_FLAG_RW); 64-bit block numbers; never the
	 * journal; checksum errors are reported, not ignored. */
	err = ext2fs_open(path, EXT2_FLAG_64BITS | EXT2_FLAG_SKIP_MMP, 0, 0,
			  unix_io_manager, &fs->fs);
	if (err) {
		st = extcrypt_ext4r_fail_ext2(err, 0, path);
		free(fs);
		if (st == EXTCRYPT_EXT4_E_CORRUPT)
			st = EXTCRYPT_EXT4_E_FORMAT;
		return st;
	}
	fs->block_size = fs->fs->blocksize;
	fs->block_bits = (unsigned)__builtin_ctz(fs->block_size);
	fs->blocks_count = ext2fs_blocks_count(fs->fs->super);
	if (fs->fs->super->s_feature_incompat & ~EXTCRYPT_EXT4R_KNOWN_INCOMPAT) {
		st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_FORMAT,
			   "%s: unknown incompatible features 0x%x", path,
			   fs->fs->super->s_feature_incompat &
				   ~EXTCRYPT_EXT4R_KNOWN_INCOMPAT);
		goto fail;
	}
	if (EXT2_INODE_SIZE(fs->fs->super) > EXTCRYPT_EXT4R_MAX_INODE_SIZE ||
	    EXT2_INODE_SIZE(fs->fs->super) < EXT2_GOOD_OLD_INODE_SIZE) {
		st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_FORMAT, "%s: bad inode size %u", path,
			   EXT2_INODE_SIZE(fs->fs->super));
		goto fail;
	}
	*out = fs;
	return EXTCRYPT_OK;
fail:
	ext2fs_close_free(&fs->fs);
	free(fs);
	return st;
}

EXTCRYPT_EXT4_API void extcrypt_ext4_close(extcrypt_ext4 *fs)
{
	if (!fs)
		return;
	extcrypt_ext4r_drop_cache(fs);
	free(fs->scratch);
	for (size_t i = 0; i < fs->nkeys; i++)
		extcrypt_master_key_free(fs->keys[i].key);
	free(fs->keys);
	ext2fs_close_free(&fs->fs);
	free(fs);
}

EXTCRYPT_EXT4_API int extcrypt_ext4_add_key(extcrypt_ext4 *fs,
					    const uint8_t *raw, size_t len)
{
	struct extcrypt_ext4r_key k, *grown;
	int st;

	if (!fs || !raw)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	st = extcrypt_master_key_new(raw, len, &k.key);
	if (st)
		return extcrypt_ext4r_fail(st, "master key: %s", extcrypt_last_error());
	extcrypt_master_key_identifier(k.key, k.identifier);
	st = extcrypt_master_key_descriptor(k.key, k.descriptor);
	if (st) {
		extcrypt_master_key_free(k.key);
		return extcrypt_ext4r_fail(st, "master key: %s", extcrypt_last_error());
	}
	for (size_t i = 0; i < fs->nkeys; i++) {
		if (memcmp(fs->keys[i].identifier, k.identifier, 16) == 0) {
			extcrypt_master_key_free(k.key);
			return EXTCRYPT_OK;
		}
	}
	grown = realloc(fs->keys, (fs->nkeys + 1) * sizeof(*grown));
	if (!grown) {
		extcrypt_master_key_free(k.key);
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	fs->keys = grown;
	fs->keys[fs->nkeys++] = k;
	return EXTCRYPT_OK;
}

EXTCRYPT_EXT4_API uint32_t extcrypt_ext4_block_size(const extcrypt_ext4 *fs)
{
	return fs ? fs->block_size : 0;
}
