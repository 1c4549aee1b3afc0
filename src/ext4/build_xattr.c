// SPDX-License-Identifier: MIT
/*
 * Extended attributes of the image builder.
 *
 * libextcrypt-ext4 writes them itself rather than through libext2fs's
 * ext2fs_xattrs_write: that writer rebuilds the whole in-inode area from
 * its own table of names, which has no index 9, and would store the
 * encryption context "c" under index 0 (invisible to the kernel).  The
 * layout is the kernel's (fs/ext4/xattr.c):
 *
 *   - in the inode, after i_extra_isize: the 4-byte ibody magic, then the
 *     entries (the context first in an encrypted inode), a 4-byte zero end
 *     marker, and the values packed down from the end of the inode;
 *     offsets count from the first entry; e_hash 0 (the kernel hashes only
 *     block and EA-inode entries);
 *   - what does not fit goes to one xattr block: a 32-byte header (magic,
 *     refcount 1, blocks 1, block hash, checksum), entries sorted by
 *     (index, name length, name), each with its hash, the end marker, and
 *     the values packed down from the end of the block; offsets count
 *     from the block start.  The entry and block hashes and the
 *     metadata_csum checksum are libext2fs's public helpers.
 *
 * Values are 4-byte padded with zeros, as the hashes assume.
 */
#include <stdlib.h>
#include <string.h>

#include "ext4/build_internal.h"

/* The prefixes the kernel's ext4 handlers take, and their name index. */
static const struct {
	const char *prefix;
	uint8_t index;
	bool whole; /* the whole name is the key (the ACLs): stored name "" */
} prefixes[] = {
	{ "user.", 1, false },
	{ "system.posix_acl_access", 2, true },
	{ "system.posix_acl_default", 3, true },
	{ "trusted.", 4, false },
	{ "security.", 6, false },
};

/* One attribute ready to be laid out. */
struct xa {
	uint8_t index;
	uint8_t name_len;
	const char *name;
	const uint8_t *value;
	uint32_t value_len;
	uint8_t *owned; /* converted ACL, freed after */
	bool in_inode;
};

/* Bytes an entry takes in its table, and its value in the value area. */
static size_t entry_size(const struct xa *x)
{
	return EXT2_EXT_ATTR_LEN(x->name_len);
}

static size_t value_size(const struct xa *x)
{
	return EXT2_EXT_ATTR_SIZE(x->value_len);
}

/* Name index, stored name and value of `in`; checks the name. */
static int prepare(const struct extcrypt_ext4_build_xattr *in, struct xa *x)
{
	const char *name = in->name;
	size_t len;

	memset(x, 0, sizeof(*x));
	if (!name || (!in->value && in->value_len))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "xattr: NULL name or value");
	len = strlen(name);
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t pl = strlen(prefixes[i].prefix);

		if (prefixes[i].whole ? strcmp(name, prefixes[i].prefix) != 0
				      : strncmp(name, prefixes[i].prefix, pl) != 0)
			continue;
		x->index = prefixes[i].index;
		x->name = prefixes[i].whole ? "" : name + pl;
		if (!prefixes[i].whole && (len == pl || len - pl > 255))
			return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
						   "xattr %s: the name after the prefix must be 1..255 bytes",
						   name);
		x->name_len = (uint8_t)strlen(x->name);
		if (prefixes[i].whole) {
			size_t n;
			int st = extcrypt_ext4b_acl_to_disk(name, in->value, in->value_len,
							    &x->owned, &n);

			x->value = x->owned;
			x->value_len = (uint32_t)n;
			return st;
		}
		if (in->value_len > EXT2_XATTR_SIZE_MAX)
			break; /* reported as not fitting below */
		/* Never NULL, even for an empty value (memcpy's contract). */
		x->value = in->value_len ? in->value : (const uint8_t *)"";
		x->value_len = (uint32_t)in->value_len;
		return EXTCRYPT_OK;
	}
	if (x->index)
		return extcrypt_ext4r_fail(EXTCRYPT_E_RANGE,
					   "xattr %s: value of %zu bytes does not fit an xattr block",
					   name, in->value_len);
	if (strncmp(name, "system.", 7) == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					   "xattr %s: only the POSIX ACLs of the system namespace can be set",
					   name);
	return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
				   "xattr %s: not a user., trusted., security. or POSIX ACL name",
				   name);
}

/* Block order, the kernel's sorted search: index, name length, name. */
static int xa_cmp(const void *pa, const void *pb)
{
	const struct xa *a = pa, *b = pb;

	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	if (a->name_len != b->name_len)
		return a->name_len < b->name_len ? -1 : 1;
	return memcmp(a->name, b->name, a->name_len);
}

/* Writes entry `x` at `e` with its value at `value_offs`. */
static void put_entry(struct ext2_ext_attr_entry *e, const struct xa *x,
		      size_t value_offs)
{
	memset(e, 0, entry_size(x));
	e->e_name_len = x->name_len;
	e->e_name_index = x->index;
	e->e_value_offs = x->value_len ? (uint16_t)value_offs : 0;
	e->e_value_size = x->value_len;
	memcpy(EXT2_EXT_ATTR_NAME(e), x->name, x->name_len);
}

/* Lays the in-inode attributes out after the context (if any): `hdr` is
 * the ibody header, `room` the bytes from the first entry to the inode's
 * end.  The magic only when there is an entry, as the kernel has it. */
static void layout_ibody(uint8_t *hdr, size_t room, bool has_ctx,
			 const struct xa *v, size_t n)
{
	uint8_t *first = hdr + 4;
	size_t eoff = has_ctx ? EXT4B_CTX_ENTRY_SIZE : 0;
	size_t voff = has_ctx ? room - EXTCRYPT_CONTEXT_V2_SIZE : room;

	memset(first + eoff, 0, voff - eoff);
	for (size_t i = 0; i < n; i++) {
		if (!v[i].in_inode)
			continue;
		voff -= value_size(&v[i]);
		put_entry((struct ext2_ext_attr_entry *)(first + eoff), &v[i], voff);
		memcpy(first + voff, v[i].value, v[i].value_len);
		eoff += entry_size(&v[i]);
	}
	*(uint32_t *)hdr = eoff ? EXT4B_XATTR_MAGIC : 0;
}

/* Fills the xattr block `buf` with the attributes not in the inode. */
static void layout_block(uint8_t *buf, size_t bs, const struct xa *v,
			 size_t n)
{
	struct ext2_ext_attr_header *h = (struct ext2_ext_attr_header *)buf;
	size_t eoff = sizeof(*h), voff = bs;
	struct ext2_ext_attr_entry *e;

	memset(buf, 0, bs);
	h->h_magic = EXT2_EXT_ATTR_MAGIC;
	h->h_refcount = 1;
	h->h_blocks = 1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].in_inode)
			continue;
		voff -= value_size(&v[i]);
		e = (struct ext2_ext_attr_entry *)(buf + eoff);
		put_entry(e, &v[i], voff);
		memcpy(buf + voff, v[i].value, v[i].value_len);
		e->e_hash = ext2fs_ext_attr_hash_entry(e, buf + voff);
		eoff += entry_size(&v[i]);
	}
	ext2fs_ext_attr_block_rehash(h, (struct ext2_ext_attr_entry *)(buf + eoff));
}

/* Drops the inode's reference to its old xattr block `blk` (freed when
 * it was the last one). */
static int release_block(extcrypt_ext4_builder *b, uint32_t ino,
			 struct ext2_inode_large *in, blk64_t blk, uint8_t *buf)
{
	__u32 left = 0;
	errcode_t err;

	if (!blk)
		return EXTCRYPT_OK;
	err = ext2fs_adjust_ea_refcount3(b->fs, blk, (char *)buf, -1, &left, ino);
	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "releasing the old xattr block");
	if (left == 0)
		ext2fs_block_alloc_stats2(b->fs, blk, -1);
	err = ext2fs_iblk_sub_blocks(b->fs, (struct ext2_inode *)in, 1);
	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "releasing the old xattr block");
	return EXTCRYPT_OK;
}

/* Writes the block attributes to a new block of inode `ino`. */
static int write_block(extcrypt_ext4_builder *b, uint32_t ino,
		       struct ext2_inode_large *in, const struct xa *v,
		       size_t n, uint8_t *buf)
{
	blk64_t goal = ext2fs_find_inode_goal(b->fs, ino, (struct ext2_inode *)in, 0);
	blk64_t blk;
	errcode_t err = ext2fs_new_block2(b->fs, goal, NULL, &blk);

	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "allocating an xattr block");
	layout_block(buf, b->block_size, v, n);
	/* Sets the block checksum (metadata_csum) and writes it. */
	err = ext2fs_write_ext_attr3(b->fs, blk, buf, ino);
	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "writing the xattr block");
	ext2fs_block_alloc_stats2(b->fs, blk, +1);
	ext2fs_file_acl_block_set(b->fs, (struct ext2_inode *)in, blk);
	err = ext2fs_iblk_add_blocks(b->fs, (struct ext2_inode *)in, 1);
	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "counting the xattr block");
	return EXTCRYPT_OK;
}

/*
 * Decides where each attribute goes: in name order, into the inode when
 * it still fits (the kernel tries the inode first for each one), else
 * into the block.  Returns EXTCRYPT_E_RANGE when the block overflows.
 */
static int place(extcrypt_ext4_builder *b, uint32_t ino, struct xa *v,
		 size_t n, size_t room, bool has_ctx, bool *need_block)
{
	size_t used = 4 + (has_ctx ? EXT4B_CTX_ENTRY_SIZE + EXTCRYPT_CONTEXT_V2_SIZE : 0);
	size_t bused = sizeof(struct ext2_ext_attr_header) + 4;

	*need_block = false;
	for (size_t i = 0; i < n; i++) {
		size_t need = entry_size(&v[i]) + value_size(&v[i]);

		if (used + need <= room) {
			v[i].in_inode = true;
			used += need;
		} else {
			*need_block = true;
			bused += need;
		}
	}
	if (bused > b->block_size)
		return extcrypt_ext4r_fail(EXTCRYPT_E_RANGE,
					   "inode %u: the xattrs need %zu bytes beyond the %zu in the inode, one %u-byte block holds %zu",
					   ino, bused, room, b->block_size,
					   b->block_size - sizeof(struct ext2_ext_attr_header) - 4);
	return EXTCRYPT_OK;
}

static void free_xas(struct xa *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].owned);
	free(v);
}

/* Reads inode `ino` and checks that the builder may rewrite its xattrs. */
static int read_target(extcrypt_ext4_builder *b, uint64_t ino,
		       struct ext2_inode_large *in, bool *has_ctx)
{
	uint8_t ctx[40];
	int st;

	if (ino < EXT2_ROOT_INO || ino > b->fs->super->s_inodes_count)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT, "no inode %llu",
					   (unsigned long long)ino);
	if ((st = extcrypt_ext4b_read_inode(b, (uint32_t)ino, in)) != EXTCRYPT_OK)
		return st;
	if (in->i_links_count == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT, "inode %llu is not in use",
					   (unsigned long long)ino);
	if (in->i_flags & EXT4_INLINE_DATA_FL)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					   "inode %llu has inline data (system.data)",
					   (unsigned long long)ino);
	*has_ctx = extcrypt_ext4b_inode_get_context(b, in, ctx) != 0;
	if ((in->i_flags & EXT4_ENCRYPT_FL) && !*has_ctx)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					   "inode %llu: encrypted, but not laid out by the builder",
					   (unsigned long long)ino);
	if (in->i_extra_isize < sizeof(struct ext2_inode_large) - EXT2_GOOD_OLD_INODE_SIZE ||
	    EXT2_GOOD_OLD_INODE_SIZE + in->i_extra_isize + 4u > b->inode_size)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					   "inode %llu: i_extra_isize %u leaves no in-inode xattr area",
					   (unsigned long long)ino, in->i_extra_isize);
	return EXTCRYPT_OK;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_set_xattrs(
	extcrypt_ext4_builder *b, uint64_t ino,
	const struct extcrypt_ext4_build_xattr *xattrs, size_t n)
{
	struct ext2_inode_large *in = NULL;
	struct xa *v = NULL;
	uint8_t *blockbuf = NULL, *hdr, *end;
	bool has_ctx = false, need_block = false;
	blk64_t old_blk;
	int st = EXTCRYPT_OK;

	if (!b || (!xattrs && n))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	in = calloc(1, b->inode_size);
	v = calloc(n ? n : 1, sizeof(*v));
	blockbuf = malloc(b->block_size);
	if (!in || !v || !blockbuf) {
		st = extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n && !st; i++)
		st = prepare(&xattrs[i], &v[i]);
	if (st)
		goto out;
	/* Sorted once: block order, and duplicates side by side.  The inode
	 * takes them in that order too, so that a build is reproducible
	 * whatever order listxattr gave. */
	qsort(v, n, sizeof(*v), xa_cmp);
	for (size_t i = 1; i < n; i++)
		if (xa_cmp(&v[i - 1], &v[i]) == 0) {
			st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_EXIST,
						 "inode %llu: xattr name given twice",
						 (unsigned long long)ino);
			goto out;
		}
	if ((st = read_target(b, ino, in, &has_ctx)) != EXTCRYPT_OK)
		goto out;
	hdr = (uint8_t *)in + EXT2_GOOD_OLD_INODE_SIZE + in->i_extra_isize;
	end = (uint8_t *)in + b->inode_size;
	st = place(b, (uint32_t)ino, v, n, (size_t)(end - hdr - 4), has_ctx,
		   &need_block);
	if (st)
		goto out;
	/* The new block first: a failure (no space) leaves the inode and
	 * its old block as they were. */
	old_blk = ext2fs_file_acl_block(b->fs, (struct ext2_inode *)in);
	ext2fs_file_acl_block_set(b->fs, (struct ext2_inode *)in, 0);
	if (need_block)
		st = write_block(b, (uint32_t)ino, in, v, n, blockbuf);
	if (!st)
		st = release_block(b, (uint32_t)ino, in, old_blk, blockbuf);
	if (st)
		goto out;
	layout_ibody(hdr, (size_t)(end - hdr - 4), has_ctx, v, n);
	st = extcrypt_ext4b_write_inode(b, (uint32_t)ino, in, false);
out:
	free_xas(v, n);
	free(blockbuf);
	free(in);
	return st;
}
