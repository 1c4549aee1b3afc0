// SPDX-License-Identifier: MIT
/*
 * The checks of a copy against the destination image, made before
 * anything is written: DEST_DIR, block size, casefold encoding, the
 * filesystem UUID and inode numbers IV_INO_LBLK_* policies depend on, and
 * room for every block and inode.
 */
#include <stdio.h>
#include <string.h>

#include "ext4/copy_internal.h"

static int count_entry(ext2_ino_t dir, int entry, struct ext2_dir_entry *de,
		       int offset, int blocksize, char *buf, void *priv)
{
	size_t *n = priv;

	(void)dir, (void)entry, (void)offset, (void)blocksize, (void)buf;
	if (ext2fs_dirent_name_len(de) > 0 &&
	    !(ext2fs_dirent_name_len(de) == 1 && de->name[0] == '.') &&
	    !(ext2fs_dirent_name_len(de) == 2 && de->name[0] == '.' &&
	      de->name[1] == '.'))
		(*n)++;
	return 0;
}

/* DEST_DIR: an existing empty plaintext directory, or a new name in an
 * existing plaintext directory. */
static int find_dest(extcrypt_ext4_builder *b, const char *dest_dir,
		     struct extcrypt_ext4c_dest *d)
{
	ext2_filsys fs = b->fs;
	struct ext2_inode_large *in = (void *)b->block_buf;
	char parent[4096];
	const char *last;
	size_t len = strlen(dest_dir), entries = 0;
	ext2_ino_t ino;
	errcode_t err;
	int st;

	memset(d, 0, sizeof(*d));
	if (dest_dir[0] != '/' || len >= sizeof(parent))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
				  "DEST_DIR %s: an absolute path in the destination, please",
				  dest_dir);
	while (len > 1 && dest_dir[len - 1] == '/')
		len--;
	memcpy(parent, dest_dir, len);
	parent[len] = 0;
	if (len == 1) {
		d->ino = d->parent = EXT2_ROOT_INO;
	} else {
		char *slash = strrchr(parent, '/');

		last = slash + 1;
		d->name_len = strlen(last);
		if (d->name_len > 255 || strcmp(last, ".") == 0 ||
		    strcmp(last, "..") == 0)
			return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
					  "DEST_DIR %s: bad last component", dest_dir);
		memcpy(d->name, last, d->name_len + 1);
		*slash = 0;
		err = ext2fs_namei(fs, EXT2_ROOT_INO, EXT2_ROOT_INO,
				   parent[0] ? parent : "/", &ino);
		if (err)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT,
					  "DEST_DIR %s: its parent does not exist in the destination",
					  dest_dir);
		d->parent = ino;
		err = ext2fs_lookup(fs, d->parent, d->name, (int)d->name_len,
				    NULL, &ino);
		if (err == 0)
			d->ino = ino;
		else if (err != EXT2_ET_FILE_NOT_FOUND)
			return extcrypt_ext4b_fail_ext2(err, d->parent, "looking up DEST_DIR");
	}
	/* Where it is created: its parent must take a plaintext name. */
	st = extcrypt_ext4b_read_inode(b, d->ino ? d->ino : d->parent, in);
	if (st)
		return st;
	if (!LINUX_S_ISDIR(in->i_mode))
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
				  "DEST_DIR %s: %s is not a directory", dest_dir,
				  d->ino ? "it" : "its parent");
	if (in->i_flags & (EXT4_ENCRYPT_FL | EXT4_CASEFOLD_FL | EXT4_INLINE_DATA_FL))
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "DEST_DIR %s: %s is encrypted, casefolded or inline (the copy writes into plaintext directories only)",
				  dest_dir, d->ino ? "it" : "its parent");
	if (!d->ino)
		return EXTCRYPT_OK;
	if (ext2fs_file_acl_block(fs, (struct ext2_inode *)in))
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "DEST_DIR %s: has extended attributes", dest_dir);
	err = ext2fs_dir_iterate2(fs, d->ino, 0, NULL,
				  count_entry, &entries);
	if (err)
		return extcrypt_ext4b_fail_ext2(err, d->ino, "reading DEST_DIR");
	if (entries)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_EXIST,
				  "DEST_DIR %s is not empty (%zu entries)", dest_dir,
				  entries);
	if (d->ino == EXT2_ROOT_INO)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "DEST_DIR /: the root cannot take PATH's place");
	return EXTCRYPT_OK;
}

/* Casefolded directories need the same encoding for their names. */
static int check_casefold(extcrypt_ext4_builder *b, const struct extcrypt_ext4c_plan *p)
{
	struct ext2_super_block *s = p->src->fs->super, *t = b->fs->super;

	if (!p->any_casefold)
		return EXTCRYPT_OK;
	if (!ext2fs_has_feature_casefold(t) || s->s_encoding != t->s_encoding ||
	    s->s_encoding_flags != t->s_encoding_flags)
		return extcrypt_ext4r_fail(EXTCRYPT_E_POLICY,
				  "the subtree has casefolded directories: the destination needs the casefold feature with the source's encoding (%u, flags 0x%x) (mke2fs -O casefold)",
				  s->s_encoding, s->s_encoding_flags);
	return EXTCRYPT_OK;
}

/* IV_INO_LBLK_*: the IVs hold the inode numbers and the keys the UUID. */
static int check_kept_inodes(extcrypt_ext4_builder *b,
			     const struct extcrypt_ext4c_plan *p,
			     const struct extcrypt_ext4c_dest *d)
{
	struct ext2_super_block *t = b->fs->super;
	char buf[512];

	if (!p->any_lblk)
		return EXTCRYPT_OK;
	if (memcmp(p->src->fs->super->s_uuid, t->s_uuid, 16) != 0) {
		const uint8_t *x = p->src->fs->super->s_uuid;
		char u[37];
		size_t o = 0;

		for (int k = 0; k < 16; k++)
			o += (size_t)snprintf(u + o, sizeof(u) - o, "%s%02x",
					      k == 4 || k == 6 || k == 8 || k == 10 ? "-" : "",
					      x[k]);
		return extcrypt_ext4r_fail(EXTCRYPT_E_POLICY,
				  "the subtree has IV_INO_LBLK_64/32 policies, whose keys depend on the filesystem UUID: the destination's must be the source's, %s (mke2fs -U %s)",
				  u, u);
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct extcrypt_ext4c_node *n = &p->nodes[i];

		if (!n->keep_ino || n->link_of)
			continue;
		if (i == 0 && d->ino) {
			if (d->ino != n->src_ino)
				return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_EXIST,
						  "%s has an IV_INO_LBLK policy: DEST_DIR must be inode %llu, not the existing inode %u",
						  p->nodes[0].shown,
						  (unsigned long long)n->src_ino, d->ino);
			continue;
		}
		if (n->src_ino < EXT2_FIRST_INO(t) || n->src_ino > t->s_inodes_count ||
		    ext2fs_test_inode_bitmap2(b->fs->inode_map, n->src_ino))
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_EXIST,
					  "%s (inode %llu) has an IV_INO_LBLK policy and must keep its inode number, which the destination %s",
					  extcrypt_ext4c_path(p, i, buf, sizeof(buf)),
					  (unsigned long long)n->src_ino,
					  n->src_ino > t->s_inodes_count ? "does not have" : "uses");
	}
	return EXTCRYPT_OK;
}

static int check_room(extcrypt_ext4_builder *b, const struct extcrypt_ext4c_plan *p,
		      const struct extcrypt_ext4c_dest *d)
{
	uint64_t bs = b->block_size, usable = bs - 12 - 264;
	uint64_t inodes = p->n - p->total.hard_links - (d->ino ? 1 : 0);
	uint64_t blocks = p->total.bytes / bs + p->map_blocks +
			  p->dir_bytes / usable + 3 * p->total.directories + 2;
	uint64_t free_blocks = ext2fs_free_blocks_count(b->fs->super);
	uint64_t free_inodes = b->fs->super->s_free_inodes_count;

	if (blocks > free_blocks || inodes > free_inodes)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOSPC,
				  "the copy needs up to %llu blocks and %llu inodes; the destination has %llu and %llu free",
				  (unsigned long long)blocks, (unsigned long long)inodes,
				  (unsigned long long)free_blocks,
				  (unsigned long long)free_inodes);
	return EXTCRYPT_OK;
}

int extcrypt_ext4c_check(extcrypt_ext4_builder *b,
			 const struct extcrypt_ext4c_plan *p,
			 const char *dest_dir, struct extcrypt_ext4c_dest *d)
{
	uint32_t sbs = extcrypt_ext4_block_size(p->src);
	int st = find_dest(b, dest_dir, d);

	if (st)
		return st;
	/* Data units are blocks (or a fraction the context names): the
	 * ciphertext is only valid at the source's block size. */
	if (sbs != b->block_size)
		return extcrypt_ext4r_fail(EXTCRYPT_E_POLICY,
				  "block size %u in the source, %u in the destination: the copy needs them equal",
				  sbs, b->block_size);
	if ((st = check_casefold(b, p)) != EXTCRYPT_OK ||
	    (st = check_kept_inodes(b, p, d)) != EXTCRYPT_OK)
		return st;
	return check_room(b, p, d);
}
