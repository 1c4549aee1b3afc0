// SPDX-License-Identifier: MIT
/*
 * Logical-to-physical block mapping and raw block reads, with the checks
 * an untrusted image needs: libext2fs follows extent trees and indirect
 * blocks, but a block number it returns is only used once it is known to
 * lie inside the filesystem.
 */
#include "ext4/ext4_internal.h"

int extcrypt_ext4r_map_block(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		    uint64_t lblk, uint64_t *pblk)
{
	blk64_t phys = 0;
	int ret_flags = 0;
	errcode_t err;

	if (in->flags & EXT4_INLINE_DATA_FL)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "inode %llu: inline data is not supported",
				  (unsigned long long)in->ino);
	if (lblk > 0xFFFFFFFFull)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: size beyond 2^32 blocks",
				  (unsigned long long)in->ino);
	err = ext2fs_bmap2(fs->fs, (ext2_ino_t)in->ino,
			   (struct ext2_inode *)in->raw, NULL, 0, lblk,
			   &ret_flags, &phys);
	if (err)
		return extcrypt_ext4r_fail_ext2(err, in->ino, "mapping a block");
	if (ret_flags & BMAP_RET_UNINIT)
		phys = 0; /* unwritten extent: reads as zeros */
	if (phys != 0 &&
	    (phys >= fs->blocks_count ||
	     phys < fs->fs->super->s_first_data_block))
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: logical block %llu maps to block %llu outside the filesystem (%llu blocks)",
				  (unsigned long long)in->ino,
				  (unsigned long long)lblk,
				  (unsigned long long)phys,
				  (unsigned long long)fs->blocks_count);
	*pblk = phys;
	return EXTCRYPT_OK;
}

int extcrypt_ext4r_read_blocks(extcrypt_ext4 *fs, uint64_t ino, uint64_t pblk,
		      size_t count, void *buf)
{
	errcode_t err;

	if (pblk >= fs->blocks_count || count > fs->blocks_count - pblk)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: block %llu outside the filesystem (%llu blocks)",
				  (unsigned long long)ino,
				  (unsigned long long)pblk,
				  (unsigned long long)fs->blocks_count);
	err = io_channel_read_blk64(fs->fs->io, pblk, (int)count, buf);
	if (err)
		return extcrypt_ext4r_fail_ext2(err, ino, "reading a block");
	return EXTCRYPT_OK;
}

int extcrypt_ext4r_read_block(extcrypt_ext4 *fs, uint64_t ino, uint64_t pblk,
		     void *buf)
{
	return extcrypt_ext4r_read_blocks(fs, ino, pblk, 1, buf);
}

/* At most this many extents or mapped blocks are visited per search: a
 * corrupted map cannot make a search run away. */
#define EXTCRYPT_EXT4R_MAX_MAP_STEPS (1u << 24)

struct run_search {
	uint64_t from, start, end; /* end == 0: nothing found yet */
	bool done;
	unsigned steps;
};

/* Adds the mapped logical range [lo, hi) to the search. */
static void note_range(struct run_search *s, uint64_t lo, uint64_t hi)
{
	if (hi <= s->from || s->done)
		return;
	if (lo < s->from)
		lo = s->from;
	if (s->end == 0) {
		s->start = lo;
		s->end = hi;
	} else if (lo == s->end) {
		s->end = hi; /* the run goes on */
	} else if (lo > s->end) {
		s->done = true;
	}
}

static int extents_search(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
			  struct run_search *s)
{
	ext2_extent_handle_t h;
	struct ext2fs_extent ex;
	errcode_t err;
	int op = EXT2_EXTENT_ROOT;

	err = ext2fs_extent_open2(fs->fs, (ext2_ino_t)in->ino,
				  (struct ext2_inode *)in->raw, &h);
	if (err)
		return extcrypt_ext4r_fail_ext2(err, in->ino, "opening the extent tree");
	while (!s->done) {
		err = ext2fs_extent_get(h, op, &ex);
		op = EXT2_EXTENT_NEXT;
		if (err == EXT2_ET_EXTENT_NO_NEXT)
			break;
		if (err) {
			ext2fs_extent_free(h);
			return extcrypt_ext4r_fail_ext2(err, in->ino, "reading the extent tree");
		}
		if (++s->steps > EXTCRYPT_EXT4R_MAX_MAP_STEPS) {
			ext2fs_extent_free(h);
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					  "inode %llu: extent tree too large",
					  (unsigned long long)in->ino);
		}
		if (!(ex.e_flags & EXT2_EXTENT_FLAGS_LEAF) ||
		    (ex.e_flags & EXT2_EXTENT_FLAGS_UNINIT) || ex.e_len == 0)
			continue;
		note_range(s, ex.e_lblk, ex.e_lblk + ex.e_len);
	}
	ext2fs_extent_free(h);
	return EXTCRYPT_OK;
}

static int block_seen(ext2_filsys efs, blk64_t *blocknr, e2_blkcnt_t blockcnt,
		      blk64_t ref_blk, int ref_offset, void *priv)
{
	struct run_search *s = priv;

	(void)efs, (void)ref_blk, (void)ref_offset;
	if (blockcnt < 0 || *blocknr == 0)
		return 0;
	note_range(s, (uint64_t)blockcnt, (uint64_t)blockcnt + 1);
	if (s->done || ++s->steps > EXTCRYPT_EXT4R_MAX_MAP_STEPS)
		return BLOCK_ABORT;
	return 0;
}

int extcrypt_ext4r_next_run(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		   uint64_t from, uint64_t *start, uint64_t *end)
{
	struct run_search s = { .from = from };
	errcode_t err;
	int st = EXTCRYPT_OK;

	if (in->flags & EXT4_INLINE_DATA_FL)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "inode %llu: inline data is not supported",
				  (unsigned long long)in->ino);
	if (in->flags & EXT4_EXTENTS_FL) {
		st = extents_search(fs, in, &s);
	} else {
		err = ext2fs_block_iterate3(fs->fs, (ext2_ino_t)in->ino,
					    BLOCK_FLAG_READ_ONLY |
						    BLOCK_FLAG_DATA_ONLY,
					    NULL, block_seen, &s);
		if (err)
			st = extcrypt_ext4r_fail_ext2(err, in->ino, "reading the block map");
	}
	if (st)
		return st;
	*start = s.start;
	*end = s.end; /* 0: no data at or after `from` */
	return EXTCRYPT_OK;
}
