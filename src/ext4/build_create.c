// SPDX-License-Identifier: MIT
/*
 * What the builder creates: directories, device nodes, FIFOs, sockets,
 * hard links.  Each new inode in an encrypted directory gets the parent's
 * policy with its own fresh nonce (fscrypt_prepare_new_inode); special
 * files get none, as in the kernel.
 */
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "ext4/build_internal.h"

/* Common start of every create call: argument checks, parent lookup,
 * inode allocation and (for `encrypt_types`) the child's encryption. */
int extcrypt_ext4b_create_begin(extcrypt_ext4_builder *b, uint64_t parent,
		       const char *name, size_t name_len,
		       const struct extcrypt_ext4_build_attr *attr,
		       uint16_t mode, const extcrypt_policy *policy,
		       struct extcrypt_ext4b_new *n)
{
	int st;

	memset(n, 0, sizeof(*n));
	if (!b || !attr)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if ((attr->flags & ~EXTCRYPT_EXT4_BUILD_CASEFOLD) ||
	    ((attr->flags & EXTCRYPT_EXT4_BUILD_CASEFOLD) && !LINUX_S_ISDIR(mode)))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
				  "attribute flags 0x%x: only EXTCRYPT_EXT4_BUILD_CASEFOLD, on directories",
				  attr->flags);
	if ((attr->flags & EXTCRYPT_EXT4_BUILD_CASEFOLD) &&
	    !ext2fs_has_feature_casefold(b->fs->super))
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "casefolded directory on an image without the casefold feature (mke2fs -O casefold)");
	if (parent > 0xFFFFFFFFull)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT, "no inode %llu",
				  (unsigned long long)parent);
	n->parent = (uint32_t)parent;
	st = extcrypt_ext4b_dir_check_new(b, n->parent, name, name_len, &n->dir);
	if (st)
		return st;
	if (policy) {
		if (n->dir && n->dir->crypt)
			return extcrypt_ext4r_fail(EXTCRYPT_E_POLICY,
					  "inode %u is encrypted: a policy can only be set under a plaintext directory",
					  n->parent);
		if ((st = extcrypt_ext4b_enable_features(b, policy)) != EXTCRYPT_OK)
			return st;
	}
	st = extcrypt_ext4b_alloc_inode(b, n->parent, mode, &n->ino);
	if (st)
		return st;
	n->in = (struct ext2_inode_large *)b->block_buf;
	extcrypt_ext4b_inode_init(b, n->in, mode, attr);
	if (LINUX_S_ISREG(mode) || LINUX_S_ISDIR(mode) || LINUX_S_ISLNK(mode)) {
		st = extcrypt_ext4b_child_crypt(b, n->dir, n->ino, policy, &n->crypt);
		if (!st && n->crypt)
			st = extcrypt_ext4b_inode_set_context(b, n->in, n->ino, n->crypt);
	}
	return st;
}

uint8_t extcrypt_ext4b_file_type(uint16_t mode)
{
	switch (mode & LINUX_S_IFMT) {
	case LINUX_S_IFREG: return EXT2_FT_REG_FILE;
	case LINUX_S_IFDIR: return EXT2_FT_DIR;
	case LINUX_S_IFLNK: return EXT2_FT_SYMLINK;
	case LINUX_S_IFCHR: return EXT2_FT_CHRDEV;
	case LINUX_S_IFBLK: return EXT2_FT_BLKDEV;
	case LINUX_S_IFIFO: return EXT2_FT_FIFO;
	case LINUX_S_IFSOCK: return EXT2_FT_SOCK;
	default: return EXT2_FT_UNKNOWN;
	}
}

/* Writes the new inode and links it into its parent. */
int extcrypt_ext4b_create_finish(extcrypt_ext4_builder *b, struct extcrypt_ext4b_new *n,
			const char *name, size_t name_len, uint64_t *ino)
{
	int st = extcrypt_ext4b_write_inode(b, n->ino, n->in, true);

	if (!st)
		st = extcrypt_ext4b_dir_add(b, n->parent, name, name_len, n->ino,
				   extcrypt_ext4b_file_type(n->in->i_mode));
	if (!st && ino)
		*ino = n->ino;
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_mkdir(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	const extcrypt_policy *policy, uint64_t *ino)
{
	struct extcrypt_ext4b_new n;
	int st = extcrypt_ext4b_create_begin(b, parent, name, name_len, attr,
				    LINUX_S_IFDIR | (attr ? attr->mode & 07777 : 0),
				    policy, &n);

	bool casefold = !st && ((attr->flags & EXTCRYPT_EXT4_BUILD_CASEFOLD) ||
				(n.dir && n.dir->casefold));

	if (!st)
		st = extcrypt_ext4b_inode_init_extents(b, n.ino, n.in);
	/* Subdirectories inherit casefolding (EXT4_FL_INHERITED). */
	if (!st && casefold)
		n.in->i_flags |= EXT4_CASEFOLD_FL;
	/* Its blocks, size and link count are written at the commit. */
	if (!st)
		st = extcrypt_ext4b_dir_register(b, n.ino, n.parent, n.crypt, casefold);
	if (st) {
		extcrypt_inode_free(n.crypt);
		return st;
	}
	return extcrypt_ext4b_create_finish(b, &n, name, name_len, ino);
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_mknod(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	uint64_t rdev, uint64_t *ino)
{
	struct extcrypt_ext4b_new n;
	uint32_t type = attr ? attr->mode & LINUX_S_IFMT : 0;
	unsigned maj = major(rdev), min = minor(rdev);
	int st;

	if (type != LINUX_S_IFCHR && type != LINUX_S_IFBLK &&
	    type != LINUX_S_IFIFO && type != LINUX_S_IFSOCK)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
				  "mknod: mode 0%o is not a device, FIFO or socket",
				  attr ? attr->mode : 0);
	st = extcrypt_ext4b_create_begin(b, parent, name, name_len, attr,
				(uint16_t)(type | (attr->mode & 07777)), NULL,
				&n);
	if (st)
		return st;
	if (type == LINUX_S_IFCHR || type == LINUX_S_IFBLK) {
		/* The kernel's two encodings (ext4_set_inode's dev):
		 * old 16-bit in i_block[0] when it fits, else new in [1]. */
		if (maj < 256 && min < 256)
			n.in->i_block[0] = maj << 8 | min;
		else
			n.in->i_block[1] = (min & 0xff) | (maj << 8) |
					   ((min & ~0xffu) << 12);
	}
	return extcrypt_ext4b_create_finish(b, &n, name, name_len, ino);
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_link(extcrypt_ext4_builder *b,
					       uint64_t parent,
					       const char *name,
					       size_t name_len,
					       uint64_t target)
{
	struct extcrypt_ext4b_dir *dir;
	struct ext2_inode_large *in;
	uint8_t ctx[40], pctx[40];
	int st;

	if (!b)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (parent > 0xFFFFFFFFull || target > 0xFFFFFFFFull ||
	    target < EXT2_FIRST_INO(b->fs->super) ||
	    target > b->fs->super->s_inodes_count)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT, "no inode %llu",
				  (unsigned long long)target);
	st = extcrypt_ext4b_dir_check_new(b, (uint32_t)parent, name, name_len, &dir);
	if (st)
		return st;
	in = (struct ext2_inode_large *)b->block_buf;
	if ((st = extcrypt_ext4b_read_inode(b, (uint32_t)target, in)) != EXTCRYPT_OK)
		return st;
	if (in->i_links_count == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT, "inode %llu is not in use",
				  (unsigned long long)target);
	if (LINUX_S_ISDIR(in->i_mode))
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
				  "inode %llu is a directory: no hard links",
				  (unsigned long long)target);
	if (in->i_links_count >= 65000)
		return extcrypt_ext4r_fail(EXTCRYPT_E_RANGE, "inode %llu: too many links",
				  (unsigned long long)target);
	/* The kernel's EXDEV rule (fscrypt_prepare_link): in an encrypted
	 * directory a regular file or symlink must have the same policy. */
	if (dir && dir->crypt &&
	    (LINUX_S_ISREG(in->i_mode) || LINUX_S_ISLNK(in->i_mode))) {
		size_t n = 0;

		extcrypt_inode_context(dir->crypt, pctx, sizeof(pctx), &n);
		if (n != 40 || extcrypt_ext4b_inode_get_context(b, in, ctx) != 40 ||
		    memcmp(ctx, pctx, 24) != 0)
			return extcrypt_ext4r_fail(EXTCRYPT_E_POLICY,
					  "inode %llu: linking into a directory of another encryption policy",
					  (unsigned long long)target);
	}
	in->i_links_count++;
	if ((st = extcrypt_ext4b_write_inode(b, (uint32_t)target, in, false)) != EXTCRYPT_OK)
		return st;
	return extcrypt_ext4b_dir_add(b, (uint32_t)parent, name, name_len,
			     (uint32_t)target, extcrypt_ext4b_file_type(in->i_mode));
}
