// SPDX-License-Identifier: MIT
/*
 * Data blocks of the image builder: allocate and map logical blocks with
 * libext2fs (extents, goal next to the previous block so files stay
 * contiguous) and write the on-disk bytes, in runs of contiguous blocks.
 */
#include "ext4/build_internal.h"

static int write_run(extcrypt_ext4_builder *b, uint32_t ino, blk64_t pblk,
		     size_t count, const uint8_t *data)
{
	errcode_t err = io_channel_write_blk64(b->fs->io, pblk, (int)count,
					       data);

	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "writing data blocks");
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_write_blocks(extcrypt_ext4_builder *b, uint32_t ino,
		       struct ext2_inode_large *in, uint64_t lblk,
		       const uint8_t *data, size_t len)
{
	size_t nblocks = len / b->block_size, run = 0;
	blk64_t run_start = 0;
	int st;

	for (size_t i = 0; i < nblocks; i++) {
		blk64_t pblk = 0;
		errcode_t err;

		if (lblk + i > 0xFFFFFFFFull)
			return extcrypt_ext4r_fail(EXTCRYPT_E_RANGE,
					  "inode %u: file larger than ext4 allows",
					  ino);
		err = ext2fs_bmap2(b->fs, ino, (struct ext2_inode *)in, NULL,
				   BMAP_ALLOC, lblk + i, NULL, &pblk);
		if (err)
			return extcrypt_ext4b_fail_ext2(err, ino, "allocating a data block");
		if (run && pblk == run_start + run) {
			run++;
			continue;
		}
		if (run) {
			st = write_run(b, ino, run_start, run,
				       data + (i - run) * b->block_size);
			if (st)
				return st;
		}
		run_start = pblk;
		run = 1;
	}
	if (run)
		return write_run(b, ino, run_start, run,
				 data + (nblocks - run) * b->block_size);
	return EXTCRYPT_OK;
}
