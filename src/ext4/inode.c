// SPDX-License-Identifier: MIT
/*
 * Inodes: reading them, finding the encryption context xattr, and the
 * inode's encryption object.
 *
 * libext2fs has no name for xattr index 9 (its ea_names[] stops short of
 * it), so the context is found here by walking the xattr entries of the
 * inode body and, failing that, of the inode's xattr block, with every
 * offset checked against the area it must stay in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext4/ext4_internal.h"

#define EXTCRYPT_EXT4R_XATTR_MAGIC 0xEA020000u
#define EXTCRYPT_EXT4R_XATTR_INDEX_ENCRYPTION 9
#define EXTCRYPT_EXT4R_XATTR_ENTRY_HEADER 16
#define EXTCRYPT_EXT4R_XATTR_BLOCK_HEADER 32

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint16_t le16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int extcrypt_ext4r_read_inode(extcrypt_ext4 *fs, uint64_t ino, struct extcrypt_ext4r_inode *out)
{
	size_t isz = EXT2_INODE_SIZE(fs->fs->super);
	struct ext2_inode_large *raw;
	errcode_t err;

	memset(out, 0, sizeof(*out));
	if (ino == 0 || ino > fs->fs->super->s_inodes_count)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT,
				  "inode %llu: out of range (1..%u)",
				  (unsigned long long)ino,
				  fs->fs->super->s_inodes_count);
	raw = calloc(1, isz);
	if (!raw)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	err = ext2fs_read_inode_full(fs->fs, (ext2_ino_t)ino,
				     (struct ext2_inode *)raw, (int)isz);
	if (err) {
		free(raw);
		return extcrypt_ext4r_fail_ext2(err, ino, "reading the inode");
	}
	if (raw->i_mode == 0 || raw->i_links_count == 0) {
		free(raw);
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT,
				  "inode %llu: not in use",
				  (unsigned long long)ino);
	}
	out->ino = ino;
	out->raw = raw;
	out->raw_size = isz;
	out->mode = raw->i_mode;
	out->size = EXT2_I_SIZE(raw);
	out->flags = raw->i_flags;
	return EXTCRYPT_OK;
}

void extcrypt_ext4r_put_inode(struct extcrypt_ext4r_inode *in)
{
	free(in->raw);
	in->raw = NULL;
}

bool extcrypt_ext4r_is_encrypted(const struct extcrypt_ext4r_inode *in)
{
	return (in->flags & EXT4_ENCRYPT_FL) != 0;
}

/*
 * Walks the xattr entries in area[entries..end) whose values are at
 * area[value_base + e_value_offs ...], bounded by area[0..end).  Returns
 * 1 and the context's place when found, 0 when absent, or a status.
 */
static int find_in_entries(const uint8_t *area, size_t entries, size_t end,
			   size_t value_base, uint64_t ino, const char *where,
			   const uint8_t **val, size_t *val_len)
{
	size_t off = entries;

	while (off + 4 <= end && le32_at(area + off) != 0) {
		const uint8_t *e = area + off;
		size_t name_len, size, voff;

		if (off + EXTCRYPT_EXT4R_XATTR_ENTRY_HEADER > end)
			break;
		name_len = e[0];
		size = (EXTCRYPT_EXT4R_XATTR_ENTRY_HEADER + name_len + 3) & ~(size_t)3;
		if (off + size > end)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					  "inode %llu: xattr entry at %s offset %zu runs past the end",
					  (unsigned long long)ino, where, off);
		if (e[1] == EXTCRYPT_EXT4R_XATTR_INDEX_ENCRYPTION && name_len == 1 &&
		    e[16] == 'c') {
			if (le32_at(e + 4) != 0)
				return extcrypt_ext4r_fail(EXTCRYPT_E_CONTEXT,
						  "inode %llu: encryption context stored in an xattr inode",
						  (unsigned long long)ino);
			voff = le16_at(e + 2);
			*val_len = le32_at(e + 8);
			if (value_base + voff > end ||
			    *val_len > end - value_base - voff)
				return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
						  "inode %llu: encryption context value (offset %zu, %zu bytes) outside the %s",
						  (unsigned long long)ino, voff,
						  *val_len, where);
			*val = area + value_base + voff;
			return 1;
		}
		off += size;
	}
	return 0;
}

static int check_context(const uint8_t *v, size_t n, uint64_t ino)
{
	if (n == 28 && v[0] == 1)
		return EXTCRYPT_OK;
	if (n == 40 && v[0] == 2)
		return EXTCRYPT_OK;
	if (n == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_E_CONTEXT,
				  "inode %llu: empty encryption context",
				  (unsigned long long)ino);
	return extcrypt_ext4r_fail(EXTCRYPT_E_CONTEXT,
			  "inode %llu: encryption context of %zu bytes with version %u (want 28 bytes v1 or 40 bytes v2)",
			  (unsigned long long)ino, n, v[0]);
}

int extcrypt_ext4r_find_context(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		       uint8_t *buf, size_t cap, size_t *len)
{
	const uint8_t *body = (const uint8_t *)in->raw;
	const uint8_t *val = NULL;
	size_t val_len = 0;
	int r = 0;

	if (in->raw_size > EXT2_GOOD_OLD_INODE_SIZE + 4) {
		size_t extra = in->raw->i_extra_isize;
		size_t hdr = EXT2_GOOD_OLD_INODE_SIZE + extra;

		if (extra % 4 != 0 || hdr > in->raw_size)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					  "inode %llu: bad i_extra_isize %zu",
					  (unsigned long long)in->ino, extra);
		if (hdr + 4 <= in->raw_size &&
		    le32_at(body + hdr) == EXTCRYPT_EXT4R_XATTR_MAGIC) {
			/* Values are relative to the first entry. */
			r = find_in_entries(body + hdr + 4, 0,
					    in->raw_size - hdr - 4, 0, in->ino,
					    "inode body", &val, &val_len);
			if (r < 0)
				return r;
		}
	}
	if (r == 0) {
		blk64_t blk = ext2fs_file_acl_block(fs->fs,
						    (struct ext2_inode *)in->raw);
		uint8_t *b;

		if (blk == 0)
			return extcrypt_ext4r_fail(EXTCRYPT_E_CONTEXT,
					  "inode %llu: encrypted but has no encryption context",
					  (unsigned long long)in->ino);
		b = malloc(fs->block_size);
		if (!b)
			return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
		r = extcrypt_ext4r_read_block(fs, in->ino, blk, b);
		if (r == 0 && (le32_at(b) != EXTCRYPT_EXT4R_XATTR_MAGIC ||
			       le32_at(b + 8) != 1))
			r = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				       "inode %llu: xattr block %llu has a bad header",
				       (unsigned long long)in->ino,
				       (unsigned long long)blk);
		if (r == 0)
			r = find_in_entries(b, EXTCRYPT_EXT4R_XATTR_BLOCK_HEADER,
					    fs->block_size, 0, in->ino,
					    "xattr block", &val, &val_len);
		if (r == 1) {
			r = check_context(val, val_len, in->ino);
			if (r == 0 && val_len > cap)
				r = extcrypt_ext4r_fail(EXTCRYPT_E_OUTPUT_SPACE,
					       "context buffer too small");
			if (r == 0) {
				memcpy(buf, val, val_len);
				*len = val_len;
			}
		} else if (r == 0) {
			r = extcrypt_ext4r_fail(EXTCRYPT_E_CONTEXT,
				       "inode %llu: encrypted but has no encryption context",
				       (unsigned long long)in->ino);
		}
		free(b);
		return r;
	}
	r = check_context(val, val_len, in->ino);
	if (r)
		return r;
	if (val_len > cap)
		return extcrypt_ext4r_fail(EXTCRYPT_E_OUTPUT_SPACE,
				  "context buffer too small");
	memcpy(buf, val, val_len);
	*len = val_len;
	return EXTCRYPT_OK;
}

int extcrypt_ext4r_context_key_id(const uint8_t *ctx, size_t ctx_len, uint8_t *id,
			 size_t *id_len, uint64_t ino)
{
	if (ctx_len == 40) {
		memcpy(id, ctx + 8, 16);
		*id_len = 16;
	} else if (ctx_len == 28) {
		memcpy(id, ctx + 4, 8);
		*id_len = 8;
	} else {
		return check_context(ctx, ctx_len, ino);
	}
	return EXTCRYPT_OK;
}

void extcrypt_ext4r_drop_cache(extcrypt_ext4 *fs)
{
	extcrypt_inode_free(fs->cached_crypt);
	fs->cached_crypt = NULL;
	fs->cached_ino = 0;
}

static int no_key(const struct extcrypt_ext4r_inode *in, const uint8_t *id,
		  size_t id_len)
{
	char hex[33];

	for (size_t i = 0; i < id_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOKEY,
			  "inode %llu: no key for this %s (key %s %s)",
			  (unsigned long long)in->ino,
			  LINUX_S_ISDIR(in->mode) ? "directory" : "file",
			  id_len == 16 ? "identifier" : "descriptor", hex);
}

int extcrypt_ext4r_inode_crypt(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		      extcrypt_inode **out)
{
	uint8_t ctx[40], id[16];
	size_t ctx_len = 0, id_len = 0;
	extcrypt_master_key *key = NULL;
	extcrypt_inode *obj;
	int st;

	if (fs->cached_crypt && fs->cached_ino == in->ino) {
		*out = fs->cached_crypt;
		return EXTCRYPT_OK;
	}
	st = extcrypt_ext4r_find_context(fs, in, ctx, sizeof(ctx), &ctx_len);
	if (st)
		return st;
	st = extcrypt_ext4r_context_key_id(ctx, ctx_len, id, &id_len, in->ino);
	if (st)
		return st;
	for (size_t i = 0; i < fs->nkeys && !key; i++)
		if (memcmp(id_len == 16 ? fs->keys[i].identifier
					: fs->keys[i].descriptor,
			   id, id_len) == 0)
			key = fs->keys[i].key;
	if (!key)
		return no_key(in, id, id_len);
	st = extcrypt_inode_load(key, ctx, ctx_len, fs->block_size, &obj);
	if (st)
		return extcrypt_ext4r_fail_core(st, in->ino, "encryption context");
	st = extcrypt_inode_set_ino(obj, in->ino, fs->fs->super->s_uuid);
	if (st) {
		extcrypt_inode_free(obj);
		return extcrypt_ext4r_fail_core(st, in->ino, "inode number");
	}
	extcrypt_ext4r_drop_cache(fs);
	fs->cached_crypt = obj;
	fs->cached_ino = in->ino;
	*out = obj;
	return EXTCRYPT_OK;
}
