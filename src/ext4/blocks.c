// SPDX-License-Identifier: MIT
/*
 * Logical-to-physical block mapping and raw block reads, with the checks
 * an untrusted image needs: libext2fs follows extent trees and indirect
 * blocks, but a block number it returns is only used once it is known to
 * lie inside the filesystem.
 */
#include "ext4/ext4_internal.h"

/* Whether logical block `lblk` of `in` can be looked up at all. */
static int mappable(const struct extcrypt_ext4r_inode *in, uint64_t lblk)
{
	if (in->flags & EXT4_INLINE_DATA_FL)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "inode %llu: inline data is not supported",
				  (unsigned long long)in->ino);
	if (lblk > 0xFFFFFFFFull)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: size beyond 2^32 blocks",
				  (unsigned long long)in->ino);
	return EXTCRYPT_OK;
}

int extcrypt_ext4r_map_block(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		    uint64_t lblk, uint64_t *pblk)
{
	blk64_t phys = 0;
	int ret_flags = 0;
	errcode_t err;
	int st = mappable(in, lblk);

	if (st)
		return st;
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

/* Rejects a physical run [pblk, pblk + n) that leaves the filesystem. */
static int check_run(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		     uint64_t lblk, uint64_t pblk, uint64_t n)
{
	if (pblk < fs->fs->super->s_first_data_block ||
	    pblk >= fs->blocks_count || n > fs->blocks_count - pblk)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: logical block %llu maps to block %llu outside the filesystem (%llu blocks)",
				  (unsigned long long)in->ino,
				  (unsigned long long)lblk,
				  (unsigned long long)(pblk < fs->blocks_count ? pblk + n - 1 : pblk),
				  (unsigned long long)fs->blocks_count);
	return EXTCRYPT_OK;
}

/* Block-mapped files: one lookup per block, extended while the blocks
 * stay physically contiguous (or stay a hole). */
static int bmap_run(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		    uint64_t lblk, uint64_t max, uint64_t *pblk, uint64_t *n)
{
	uint64_t next = 0; /* set by map_block; gcc -O3 cannot see it */
	int st = extcrypt_ext4r_map_block(fs, in, lblk, pblk);

	for (*n = 1; st == 0 && *n < max; ++*n) {
		st = extcrypt_ext4r_map_block(fs, in, lblk + *n, &next);
		if (st || next != (*pblk ? *pblk + *n : 0))
			break;
	}
	return st;
}

/* Extent files: the extent holding `lblk`; in a hole, up to the next
 * mapped block. */
static int extent_run(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		      struct extcrypt_ext4r_map *map, uint64_t lblk, uint64_t max,
		      uint64_t *pblk, uint64_t *n)
{
	struct ext2fs_extent ex;
	uint64_t start, end;
	errcode_t err = 0;
	int st;

	if (!map->h)
		err = ext2fs_extent_open2(fs->fs, (ext2_ino_t)in->ino,
					  (struct ext2_inode *)in->raw, &map->h);
	if (!err)
		err = ext2fs_extent_goto2(map->h, 0, (blk64_t)lblk);
	if (!err)
		err = ext2fs_extent_get(map->h, EXT2_EXTENT_CURRENT, &ex);
	if (!err && (ex.e_lblk > lblk || ex.e_lblk + ex.e_len <= lblk))
		err = EXT2_ET_EXTENT_NOT_FOUND; /* not where goto said */
	if (!err) {
		*n = ex.e_lblk + ex.e_len - lblk;
		if (*n > max)
			*n = max;
		*pblk = 0; /* unwritten extent: reads as zeros */
		if (ex.e_flags & EXT2_EXTENT_FLAGS_UNINIT)
			return EXTCRYPT_OK;
		*pblk = ex.e_pblk + (lblk - ex.e_lblk);
		return check_run(fs, in, lblk, *pblk, *n);
	}
	if (err != EXT2_ET_EXTENT_NOT_FOUND && err != EXT2_ET_EXTENT_NO_NEXT)
		return extcrypt_ext4r_fail_ext2(err, in->ino, "mapping a block");
	/* A hole: it ends where the next mapped run starts. */
	st = extcrypt_ext4r_next_run(fs, in, lblk, &start, &end);
	if (st)
		return st;
	*pblk = 0;
	*n = end != 0 && start > lblk && start - lblk < max ? start - lblk : max;
	if (end != 0 && start <= lblk)
		*n = 1; /* a tree that contradicts itself: go on a block at a time */
	return EXTCRYPT_OK;
}

int extcrypt_ext4r_map_run(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
			   struct extcrypt_ext4r_map *map, uint64_t lblk,
			   uint64_t max, uint64_t *pblk, uint64_t *n)
{
	int st = mappable(in, lblk);

	if (st)
		return st;
	if (max == 0)
		max = 1;
	if (max > 0x100000000ull - lblk)
		max = 0x100000000ull - lblk;
	if (in->flags & EXT4_EXTENTS_FL)
		return extent_run(fs, in, map, lblk, max, pblk, n);
	return bmap_run(fs, in, lblk, max, pblk, n);
}

void extcrypt_ext4r_map_done(struct extcrypt_ext4r_map *map)
{
	if (map->h)
		ext2fs_extent_free(map->h);
	map->h = NULL;
}
