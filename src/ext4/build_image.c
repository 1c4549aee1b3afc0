// SPDX-License-Identifier: MIT
/*
 * The builder object: open an image read-write, hold the added master
 * keys, commit (write the directories, let libext2fs flush bitmaps, group
 * descriptors and superblock) or abandon.
 */
#include <stdlib.h>
#include <string.h>

#include <et/com_err.h>

#include "ext4/build_internal.h"

EXTCRYPT_EXT4_API int extcrypt_ext4_build_open(const char *path,
					       extcrypt_ext4_builder **out)
{
	extcrypt_ext4_builder *b;
	struct ext2_super_block *sb;
	errcode_t err;
	int st;

	if (!out)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	*out = NULL;
	if (!path)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	initialize_ext2_error_table(); /* libext2fs's messages; idempotent */
	b = calloc(1, sizeof(*b));
	if (!b)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	err = ext2fs_open(path, EXT2_FLAG_RW | EXT2_FLAG_64BITS, 0, 0,
			  unix_io_manager, &b->fs);
	if (err) {
		free(b);
		return extcrypt_ext4r_fail(err == EXT2_ET_BAD_MAGIC ||
						  err == EXT2_ET_SB_CSUM_INVALID
					  ? EXTCRYPT_EXT4_E_FORMAT
					  : EXTCRYPT_EXT4_E_IO,
				  "%s: %s", path, error_message(err));
	}
	sb = b->fs->super;
	b->block_size = b->fs->blocksize;
	b->inode_size = EXT2_INODE_SIZE(sb);
	if (b->inode_size < 256 || !ext2fs_has_feature_extents(sb) ||
	    !ext2fs_has_feature_filetype(sb) ||
	    ext2fs_has_feature_bigalloc(sb) || b->block_size > 32768) {
		st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_FORMAT,
				"%s: the builder needs inodes of 256 bytes or more, extents, filetype, no bigalloc and blocks up to 32 KiB",
				path);
		goto fail;
	}
	err = ext2fs_read_bitmaps(b->fs);
	if (err) {
		st = extcrypt_ext4b_fail_ext2(err, 0, "reading the bitmaps");
		goto fail;
	}
	b->block_buf = calloc(1, b->block_size > b->inode_size ? b->block_size
							      : b->inode_size);
	b->io_buf = malloc((size_t)EXT4B_IO_BLOCKS * b->block_size);
	if (!b->block_buf || !b->io_buf) {
		st = extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
		goto fail;
	}
	*out = b;
	return EXTCRYPT_OK;
fail:
	extcrypt_ext4_build_free(b);
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_add_key(extcrypt_ext4_builder *b,
						  const uint8_t *raw,
						  size_t len,
						  uint8_t *identifier)
{
	struct extcrypt_ext4b_key *k;
	extcrypt_master_key *key;
	uint8_t id[16];
	int st;

	if (!b || !raw)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	st = extcrypt_master_key_new(raw, len, &key);
	if (st)
		return extcrypt_ext4r_fail_core(st, 0, "master key");
	extcrypt_master_key_identifier(key, id);
	if (identifier)
		memcpy(identifier, id, 16);
	for (size_t i = 0; i < b->nkeys; i++)
		if (memcmp(b->keys[i].identifier, id, 16) == 0) {
			extcrypt_master_key_free(key);
			return EXTCRYPT_OK;
		}
	k = realloc(b->keys, (b->nkeys + 1) * sizeof(*k));
	if (!k) {
		extcrypt_master_key_free(key);
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	b->keys = k;
	k[b->nkeys].key = key;
	memcpy(k[b->nkeys].identifier, id, 16);
	b->nkeys++;
	return EXTCRYPT_OK;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_commit(extcrypt_ext4_builder *b)
{
	errcode_t err;
	int st;

	if (!b)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	st = extcrypt_ext4b_dirs_write(b);
	if (st == EXTCRYPT_OK) {
		err = ext2fs_close_free(&b->fs);
		if (err)
			st = extcrypt_ext4b_fail_ext2(err, 0, "writing the metadata");
	}
	extcrypt_ext4_build_free(b);
	return st;
}

EXTCRYPT_EXT4_API void extcrypt_ext4_build_free(extcrypt_ext4_builder *b)
{
	if (!b)
		return;
	extcrypt_ext4b_dirs_free(b);
	for (size_t i = 0; i < b->nkeys; i++)
		extcrypt_master_key_free(b->keys[i].key);
	free(b->keys);
	if (b->fs) {
		/* Abandon: drop the handle without flushing anything. */
		b->fs->flags &= ~EXT2_FLAG_DIRTY;
		ext2fs_free(b->fs);
	}
	free(b->block_buf);
	free(b->io_buf);
	free(b);
}
