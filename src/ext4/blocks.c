// SPDX-License-Identifier: MIT
/*
 * Logical-to-physical block mapping and raw block reads, with the checks
 * an untrusted image needs: libext2fs follows extent trees and indirect
 * blocks, but a block number it returns is only used once it is known to
 * lie inside the filesystem.
 */
#include "ext4/ext4_internal.h"

int ext4r_map_block(extcrypt_ext4 *fs, const struct ext4r_inode *in,
		    uint64_t lblk, uint64_t *pblk)
{
	blk64_t phys = 0;
	int ret_flags = 0;
	errcode_t err;

	if (in->flags & EXT4_INLINE_DATA_FL)
		return ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "inode %llu: inline data is not supported",
				  (unsigned long long)in->ino);
	if (lblk > 0xFFFFFFFFull)
		return ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: size beyond 2^32 blocks",
				  (unsigned long long)in->ino);
	err = ext2fs_bmap2(fs->fs, (ext2_ino_t)in->ino,
			   (struct ext2_inode *)in->raw, NULL, 0, lblk,
			   &ret_flags, &phys);
	if (err)
		return ext4r_fail_ext2(err, in->ino, "mapping a block");
	if (ret_flags & BMAP_RET_UNINIT)
		phys = 0; /* unwritten extent: reads as zeros */
	if (phys != 0 &&
	    (phys >= fs->blocks_count ||
	     phys < fs->fs->super->s_first_data_block))
		return ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: logical block %llu maps to block %llu outside the filesystem (%llu blocks)",
				  (unsigned long long)in->ino,
				  (unsigned long long)lblk,
				  (unsigned long long)phys,
				  (unsigned long long)fs->blocks_count);
	*pblk = phys;
	return EXTCRYPT_OK;
}

int ext4r_read_blocks(extcrypt_ext4 *fs, uint64_t ino, uint64_t pblk,
		      size_t count, void *buf)
{
	errcode_t err;

	if (pblk >= fs->blocks_count || count > fs->blocks_count - pblk)
		return ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: block %llu outside the filesystem (%llu blocks)",
				  (unsigned long long)ino,
				  (unsigned long long)pblk,
				  (unsigned long long)fs->blocks_count);
	err = io_channel_read_blk64(fs->fs->io, pblk, (int)count, buf);
	if (err)
		return ext4r_fail_ext2(err, ino, "reading a block");
	return EXTCRYPT_OK;
}

int ext4r_read_block(extcrypt_ext4 *fs, uint64_t ino, uint64_t pblk,
		     void *buf)
{
	return ext4r_read_blocks(fs, ino, pblk, 1, buf);
}
