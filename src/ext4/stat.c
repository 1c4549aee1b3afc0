// SPDX-License-Identifier: MIT
/*
 * extcrypt_ext4_stat and extcrypt_ext4_get_context.
 */
#include <stddef.h>
#include <string.h>

#include "ext4/ext4_internal.h"

/* Whether the inode's extra space (i_extra_isize) covers a field. */
#define HAS_EXTRA(raw, field)                                                  \
	(EXT2_GOOD_OLD_INODE_SIZE + (size_t)(raw)->i_extra_isize >=            \
	 offsetof(struct ext2_inode_large, field) + sizeof((raw)->field))

/* A device inode's number: the old 8:8 encoding in i_block[0] when that
 * is non-zero, else the new one in i_block[1] (major 12 bits in bits
 * 8..19, minor 20 bits in 0..7 and 20..31), as ext4_set_inode writes them
 * (fs/ext4/inode.c, old_decode_dev / new_decode_dev). */
static void decode_rdev(const struct ext2_inode_large *raw, uint32_t *major,
			uint32_t *minor)
{
	uint32_t old = raw->i_block[0]; /* libext2fs gives CPU order */
	uint32_t nw = raw->i_block[1];

	if (old) {
		*major = (old >> 8) & 0xff;
		*minor = old & 0xff;
	} else {
		*major = (nw & 0xfff00) >> 8;
		*minor = (nw & 0xff) | ((nw >> 12) & 0xfff00);
	}
}

/* ext4's extended timestamps: 2 epoch bits, 30 nanosecond bits. */
static void decode_time(uint32_t base, const uint32_t *extra, int64_t *sec,
			uint32_t *nsec)
{
	*sec = (int32_t)base;
	*nsec = 0;
	if (extra) {
		*sec += (int64_t)(*extra & 3) << 32;
		*nsec = *extra >> 2;
		if (*nsec > 999999999)
			*nsec = 0;
	}
}

EXTCRYPT_EXT4_API int extcrypt_ext4_stat(extcrypt_ext4 *fs, uint64_t ino,
					 struct extcrypt_ext4_stat *st)
{
	struct extcrypt_ext4r_inode in;
	struct ext2_inode_large *raw;
	bool large;
	int r;

	if (!fs || !st)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	r = extcrypt_ext4r_read_inode(fs, ino, &in);
	if (r)
		return r;
	raw = in.raw;
	large = in.raw_size > EXT2_GOOD_OLD_INODE_SIZE;
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mode = in.mode;
	st->uid = inode_uid(*raw);
	st->gid = inode_gid(*raw);
	st->links = raw->i_links_count;
	st->size = in.size;
	decode_time(raw->i_atime,
		    large && HAS_EXTRA(raw, i_atime_extra) ? &raw->i_atime_extra
							   : NULL,
		    &st->atime, &st->atime_nsec);
	decode_time(raw->i_mtime,
		    large && HAS_EXTRA(raw, i_mtime_extra) ? &raw->i_mtime_extra
							   : NULL,
		    &st->mtime, &st->mtime_nsec);
	decode_time(raw->i_ctime,
		    large && HAS_EXTRA(raw, i_ctime_extra) ? &raw->i_ctime_extra
							   : NULL,
		    &st->ctime, &st->ctime_nsec);
	if (LINUX_S_ISCHR(in.mode) || LINUX_S_ISBLK(in.mode))
		decode_rdev(raw, &st->rdev_major, &st->rdev_minor);
	if (in.flags & EXT4_CASEFOLD_FL)
		st->flags |= EXTCRYPT_EXT4_CASEFOLD;
	if (LINUX_S_ISDIR(in.mode) && (in.flags & EXT2_INDEX_FL))
		st->flags |= EXTCRYPT_EXT4_INDEXED;
	if (extcrypt_ext4r_is_encrypted(&in)) {
		uint8_t ctx[40];
		size_t ctx_len, id_len;

		st->flags |= EXTCRYPT_EXT4_ENCRYPTED;
		r = extcrypt_ext4r_find_context(fs, &in, ctx, sizeof(ctx), &ctx_len);
		if (r == 0)
			r = extcrypt_ext4r_context_key_id(ctx, ctx_len, st->key_id,
						 &id_len, ino);
		if (r == 0) {
			extcrypt_inode *crypt;

			st->key_id_len = (uint8_t)id_len;
			/* Only a key that loads counts as "has key". */
			if (extcrypt_ext4r_inode_crypt(fs, &in, &crypt) == 0)
				st->flags |= EXTCRYPT_EXT4_HAS_KEY;
		}
	}
	extcrypt_ext4r_put_inode(&in);
	return r;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_get_context(extcrypt_ext4 *fs,
						uint64_t ino, uint8_t *buf,
						size_t cap, size_t *len)
{
	struct extcrypt_ext4r_inode in;
	int r;

	if (!fs || !buf || !len)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	r = extcrypt_ext4r_read_inode(fs, ino, &in);
	if (r)
		return r;
	if (!extcrypt_ext4r_is_encrypted(&in))
		r = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
			       "inode %llu: not encrypted",
			       (unsigned long long)ino);
	else
		r = extcrypt_ext4r_find_context(fs, &in, buf, cap, len);
	extcrypt_ext4r_put_inode(&in);
	return r;
}
