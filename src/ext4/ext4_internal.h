/* SPDX-License-Identifier: MIT */
/*
 * Shared declarations of libextcrypt-ext4.  Not installed.
 */
#ifndef EXTCRYPT_EXT4_INTERNAL_H
#define EXTCRYPT_EXT4_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ext2fs/ext2fs.h>

#include "extcrypt/ext4.h"
#include "extcrypt/inode.h"
#include "extcrypt/key.h"

#if defined(__GNUC__)
#define EXT4_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define EXT4_PRINTF(f, a)
#endif

/* The largest inode we read whole (ext4 allows up to the block size). */
#define EXTCRYPT_EXT4R_MAX_INODE_SIZE 65536

/* One added master key. */
struct extcrypt_ext4r_key {
	extcrypt_master_key *key;
	uint8_t identifier[16]; /* v2 policies name the key by this */
	uint8_t descriptor[8];	/* v1 policies, by convention, by this */
};

struct extcrypt_ext4 {
	ext2_filsys fs;
	uint32_t block_size;
	unsigned block_bits;
	uint64_t blocks_count;
	struct extcrypt_ext4r_key *keys;
	size_t nkeys;
	/* The last inode's encryption object: one file is read in many
	 * calls, and deriving its keys every time would dominate. */
	uint64_t cached_ino;
	extcrypt_inode *cached_crypt;
	/* Reads of runs the request covers only part of (file.c). */
	uint8_t *scratch;
	size_t scratch_size;
};

/* An inode as read from the image. */
struct extcrypt_ext4r_inode {
	uint64_t ino;
	struct ext2_inode_large *raw; /* malloc'd: extcrypt_ext4r_put_inode */
	size_t raw_size;	      /* bytes valid in raw */
	uint32_t mode;
	uint64_t size;
	uint32_t flags;
};

/* error.c: records the per-thread message and returns `status`. */
int extcrypt_ext4r_fail(int status, const char *fmt, ...) EXT4_PRINTF(2, 3);
/* Maps a libext2fs error of an operation on inode `ino` to a status, with
 * a message "inode N: what: <libext2fs text>". */
int extcrypt_ext4r_fail_ext2(errcode_t err, uint64_t ino, const char *what);
/* Passes on a core failure: "inode N: what: <core message>". */
int extcrypt_ext4r_fail_core(int status, uint64_t ino, const char *what);

/* inode.c */
int extcrypt_ext4r_read_inode(extcrypt_ext4 *fs, uint64_t ino, struct extcrypt_ext4r_inode *out);
void extcrypt_ext4r_put_inode(struct extcrypt_ext4r_inode *in);
bool extcrypt_ext4r_is_encrypted(const struct extcrypt_ext4r_inode *in);
/* Finds the raw context (index 9, "c") of an inode already read. */
int extcrypt_ext4r_find_context(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		       uint8_t *buf, size_t cap, size_t *len);
/* Key identifier (16) or descriptor (8) of a validated context. */
int extcrypt_ext4r_context_key_id(const uint8_t *ctx, size_t ctx_len, uint8_t *id,
			 size_t *id_len, uint64_t ino);
/*
 * The encryption object of an encrypted inode: *out is owned by `fs` (the
 * one-entry cache) and valid until the next call for another inode.
 * EXTCRYPT_EXT4_E_NOKEY when no added key matches.
 */
int extcrypt_ext4r_inode_crypt(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		      extcrypt_inode **out);
void extcrypt_ext4r_drop_cache(extcrypt_ext4 *fs);

/* Maps logical block `lblk` of an inode to a physical block; 0 = hole
 * (unwritten extents included).  Checks the result is inside the fs. */
int extcrypt_ext4r_map_block(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		    uint64_t lblk, uint64_t *pblk);
int extcrypt_ext4r_read_block(extcrypt_ext4 *fs, uint64_t ino, uint64_t pblk,
		     void *buf);
/* The first run of logically consecutive mapped blocks (unwritten extents
 * excluded) at or after logical block `from`: [*start, *end); *end is 0
 * when there is none.  Visits extents or mapped blocks only, never holes. */
int extcrypt_ext4r_next_run(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		   uint64_t from, uint64_t *start, uint64_t *end);
/* The stored bytes of symlink `in` (fast: i_block; slow: its block), as
 * on disk: {le16 len; ciphertext} when encrypted.  `raw` has room for a
 * block. */
int extcrypt_ext4r_symlink_raw(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		      uint8_t *raw, size_t *raw_len);
/* A cursor over one inode's block map (zero-initialise; free with
 * extcrypt_ext4r_map_done). */
struct extcrypt_ext4r_map {
	ext2_extent_handle_t h; /* extent files: opened on first use */
};
/* The run of blocks from logical block `lblk`, at most `max` long, that
 * is physically contiguous (*pblk its first block) or a hole (*pblk 0,
 * unwritten extents included): *n blocks, at least 1.  A whole extent is
 * one lookup.  The run is checked to lie inside the filesystem. */
int extcrypt_ext4r_map_run(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
			   struct extcrypt_ext4r_map *map, uint64_t lblk,
			   uint64_t max, uint64_t *pblk, uint64_t *n);
void extcrypt_ext4r_map_done(struct extcrypt_ext4r_map *map);
/* Reads `count` consecutive blocks from `pblk`. */
int extcrypt_ext4r_read_blocks(extcrypt_ext4 *fs, uint64_t ino, uint64_t pblk,
		      size_t count, void *buf);

#endif /* EXTCRYPT_EXT4_INTERNAL_H */
