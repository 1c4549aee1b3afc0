// SPDX-License-Identifier: MIT
/*
 * Inodes of the image builder: allocation, mode/owner/times, the
 * encryption context as the first in-inode xattr, feature bits.
 *
 * libext2fs cannot write the context: its xattr name table has no index
 * 9, so ext2fs_xattr_set("c") would store index 0, which the kernel never
 * reads.  The in-inode xattr area is therefore written here, the way the
 * kernel lays it out in a new inode (fs/ext4/xattr.c): the ibody header
 * magic right after i_extra_isize, one entry (index 9, name "c", 40-byte
 * value), the 4-byte end marker, and the value at the end of the inode.
 * The kernel leaves e_hash 0 for in-inode entries (only xattr blocks and
 * EA inodes hash), and e2fsck accepts 0.
 */
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "ext4/build_internal.h"

int extcrypt_ext4b_alloc_inode(extcrypt_ext4_builder *b, uint32_t parent,
		      uint16_t mode, uint32_t *ino)
{
	ext2_ino_t n;
	errcode_t err = ext2fs_new_inode(b->fs, parent, mode, NULL, &n);

	if (err)
		return extcrypt_ext4b_fail_ext2(err, parent, "allocating an inode");
	ext2fs_inode_alloc_stats2(b->fs, n, +1, LINUX_S_ISDIR(mode));
	*ino = n;
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_alloc_inode_at(extcrypt_ext4_builder *b, uint32_t ino,
			 uint16_t mode)
{
	if (ino < EXT2_FIRST_INO(b->fs->super) ||
	    ino > b->fs->super->s_inodes_count ||
	    ext2fs_test_inode_bitmap2(b->fs->inode_map, ino))
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_EXIST,
				  "inode %u is not free", ino);
	ext2fs_inode_alloc_stats2(b->fs, ino, +1, LINUX_S_ISDIR(mode));
	return EXTCRYPT_OK;
}

/* ext4's 34-bit seconds: the low 32 bits in the inode, the epoch bits
 * and nanoseconds in the _extra field. */
static void set_time(int64_t sec, uint32_t nsec, __u32 *lo, __u32 *extra)
{
	*lo = (uint32_t)sec;
	*extra = (uint32_t)(((sec - (int32_t)(uint32_t)sec) >> 32) & 3) |
		 (nsec % 1000000000u) << 2;
}

void extcrypt_ext4b_inode_init(extcrypt_ext4_builder *b, struct ext2_inode_large *in,
		      uint16_t mode, const struct extcrypt_ext4_build_attr *a)
{
	uint32_t gen = 0;

	memset(in, 0, b->inode_size);
	in->i_mode = mode;
	in->i_uid = (uint16_t)a->uid;
	in->osd2.linux2.l_i_uid_high = (uint16_t)(a->uid >> 16);
	in->i_gid = (uint16_t)a->gid;
	in->osd2.linux2.l_i_gid_high = (uint16_t)(a->gid >> 16);
	in->i_links_count = 1;
	in->i_extra_isize = sizeof(struct ext2_inode_large) -
			    EXT2_GOOD_OLD_INODE_SIZE;
	set_time(a->atime, a->atime_nsec, &in->i_atime, &in->i_atime_extra);
	set_time(a->mtime, a->mtime_nsec, &in->i_mtime, &in->i_mtime_extra);
	set_time(a->ctime, a->ctime_nsec, &in->i_ctime, &in->i_ctime_extra);
	set_time(a->ctime, a->ctime_nsec, &in->i_crtime, &in->i_crtime_extra);
	/* The kernel draws i_generation at random for NFS handles. */
	if (getrandom(&gen, sizeof(gen), 0) != (ssize_t)sizeof(gen))
		gen = 0;
	in->i_generation = gen;
}

/* Start of the in-inode xattr area (the header magic) and its end. */
static uint8_t *ibody_start(extcrypt_ext4_builder *b,
			    const struct ext2_inode_large *in, uint8_t **end)
{
	uint8_t *raw = (uint8_t *)in;

	*end = raw + b->inode_size;
	return raw + EXT2_GOOD_OLD_INODE_SIZE + in->i_extra_isize;
}

int extcrypt_ext4b_inode_put_context(extcrypt_ext4_builder *b,
			    struct ext2_inode_large *in, uint32_t ino,
			    const uint8_t *ctx, size_t len)
{
	uint8_t *end, *hdr = ibody_start(b, in, &end);
	uint8_t *first = hdr + 4;
	size_t room = (size_t)(end - first);
	size_t value_offs;
	uint8_t *e = first;

	if (len != EXTCRYPT_CONTEXT_V2_SIZE && len != EXTCRYPT_CONTEXT_V1_SIZE)
		return extcrypt_ext4r_fail(EXTCRYPT_E_CONTEXT,
				  "inode %u: encryption context of %zu bytes",
				  ino, len);
	/* Entry, end marker (4 zero bytes) and value must fit. */
	if (end - hdr < 4 || room < EXT4B_CTX_ENTRY_SIZE + 4 + len)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_FORMAT,
				  "inode %u: no room for the encryption context in a %u-byte inode",
				  ino, b->inode_size);
	/* Values sit at the end, 4-byte aligned (EXT4_XATTR_SIZE). */
	value_offs = (room - len) & ~(size_t)3;
	memset(hdr, 0, (size_t)(end - hdr));
	hdr[0] = 0x00; /* magic, little-endian */
	hdr[1] = 0x00;
	hdr[2] = 0x02;
	hdr[3] = 0xEA;
	e[0] = 1;				  /* e_name_len */
	e[1] = EXT4B_XATTR_INDEX_ENCRYPTION;	  /* e_name_index */
	e[2] = (uint8_t)value_offs;		  /* e_value_offs, le16 */
	e[3] = (uint8_t)(value_offs >> 8);
	/* e_value_inum (4..7) = 0: the value is in the inode. */
	e[8] = (uint8_t)len;			  /* e_value_size, le32 */
	/* e_hash (12..15) = 0, as the kernel leaves in-inode entries. */
	e[16] = 'c';
	memcpy(first + value_offs, ctx, len);
	in->i_flags |= EXT4_ENCRYPT_FL;
	in->i_flags &= ~EXT4_INLINE_DATA_FL;
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_inode_set_context(extcrypt_ext4_builder *b,
			    struct ext2_inode_large *in, uint32_t ino,
			    const extcrypt_inode *crypt)
{
	uint8_t ctx[EXTCRYPT_CONTEXT_V2_SIZE];
	size_t len;
	int err = extcrypt_inode_context(crypt, ctx, sizeof(ctx), &len);

	if (err)
		return extcrypt_ext4r_fail_core(err, ino, "writing the encryption context");
	return extcrypt_ext4b_inode_put_context(b, in, ino, ctx, len);
}

size_t extcrypt_ext4b_inode_get_context(extcrypt_ext4_builder *b,
			       const struct ext2_inode_large *in,
			       uint8_t ctx[40])
{
	uint8_t *end, *hdr = ibody_start(b, in, &end);
	const uint8_t *first = hdr + 4, *e = first;
	size_t offs, size;

	if (!(in->i_flags & EXT4_ENCRYPT_FL) || end - hdr < 4 + EXT4B_CTX_ENTRY_SIZE)
		return 0;
	if (hdr[0] != 0 || hdr[1] != 0 || hdr[2] != 0x02 || hdr[3] != 0xEA)
		return 0;
	/* Only the layout this builder writes: the context comes first. */
	if (e[0] != 1 || e[1] != EXT4B_XATTR_INDEX_ENCRYPTION || e[16] != 'c')
		return 0;
	offs = (size_t)e[2] | (size_t)e[3] << 8;
	size = (size_t)e[8] | (size_t)e[9] << 8;
	if (size != EXTCRYPT_CONTEXT_V2_SIZE ||
	    offs + size > (size_t)(end - first))
		return 0;
	memcpy(ctx, first + offs, size);
	return size;
}

int extcrypt_ext4b_inode_init_extents(extcrypt_ext4_builder *b, uint32_t ino,
			     struct ext2_inode_large *in)
{
	ext2_extent_handle_t h;
	errcode_t err;

	/* ext2fs_extent_open2 on an inode without extents writes an empty
	 * tree header into i_block and sets EXT4_EXTENTS_FL. */
	in->i_flags &= ~EXT4_EXTENTS_FL;
	memset(in->i_block, 0, sizeof(in->i_block));
	err = ext2fs_extent_open2(b->fs, ino, (struct ext2_inode *)in, &h);
	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "creating the extent tree");
	ext2fs_extent_free(h);
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_write_inode(extcrypt_ext4_builder *b, uint32_t ino,
		      struct ext2_inode_large *in, bool is_new)
{
	errcode_t err = ext2fs_write_inode_full(b->fs, ino,
						(struct ext2_inode *)in,
						(int)b->inode_size);

	(void)is_new;
	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "writing the inode");
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_read_inode(extcrypt_ext4_builder *b, uint32_t ino,
		     struct ext2_inode_large *in)
{
	errcode_t err = ext2fs_read_inode_full(b->fs, ino,
					       (struct ext2_inode *)in,
					       (int)b->inode_size);

	if (err)
		return extcrypt_ext4b_fail_ext2(err, ino, "reading the inode");
	return EXTCRYPT_OK;
}

static extcrypt_master_key *find_key(extcrypt_ext4_builder *b,
				     const extcrypt_policy *policy)
{
	uint8_t id[16];

	if (extcrypt_policy_key_identifier(policy, id) != EXTCRYPT_OK)
		return NULL;
	for (size_t i = 0; i < b->nkeys; i++)
		if (memcmp(b->keys[i].identifier, id, 16) == 0)
			return b->keys[i].key;
	return NULL;
}

int extcrypt_ext4b_enable_features(extcrypt_ext4_builder *b,
			  const extcrypt_policy *policy)
{
	struct ext2_super_block *sb = b->fs->super;
	uint8_t flags = extcrypt_policy_flags(policy);
	int st = extcrypt_policy_check_fs(
		policy,
		EXTCRYPT_FS_STABLE_INODES | EXTCRYPT_FS_32BIT_INODES |
			EXTCRYPT_FS_SUBBLOCK_UNITS,
		b->block_size, 0);

	if (st != EXTCRYPT_OK)
		return extcrypt_ext4r_fail_core(st, 0, "policy");
	if (!ext2fs_has_feature_encrypt(sb)) {
		ext2fs_set_feature_encrypt(sb);
		ext2fs_mark_super_dirty(b->fs);
	}
	if ((flags & (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
		      EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)) &&
	    !ext2fs_has_feature_stable_inodes(sb)) {
		ext2fs_set_feature_stable_inodes(sb);
		ext2fs_mark_super_dirty(b->fs);
	}
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_child_crypt(extcrypt_ext4_builder *b, const struct extcrypt_ext4b_dir *dir,
		      uint32_t ino, const extcrypt_policy *policy,
		      extcrypt_inode **out)
{
	extcrypt_master_key *key;
	extcrypt_inode *c;
	int st;

	*out = NULL;
	if (!policy) {
		if (!dir || !dir->crypt)
			return EXTCRYPT_OK;
		policy = extcrypt_inode_policy(dir->crypt);
	}
	key = find_key(b, policy);
	if (!key)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOKEY,
				  "inode %u: the policy's master key was not added",
				  ino);
	st = extcrypt_inode_new(key, policy, b->block_size, &c);
	if (st != EXTCRYPT_OK)
		return extcrypt_ext4r_fail_core(st, ino, "preparing the encryption");
	/* IV_INO_LBLK policies mix the inode number and UUID into the IVs;
	 * others ignore this. */
	st = extcrypt_inode_set_ino(c, ino, b->fs->super->s_uuid);
	if (st != EXTCRYPT_OK) {
		extcrypt_inode_free(c);
		return extcrypt_ext4r_fail_core(st, ino, "setting the inode number");
	}
	*out = c;
	return EXTCRYPT_OK;
}
