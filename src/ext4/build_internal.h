/* SPDX-License-Identifier: MIT */
/*
 * Shared declarations of the image builder (build_*.c).  Not installed.
 */
#ifndef EXTCRYPT_EXT4_BUILD_INTERNAL_H
#define EXTCRYPT_EXT4_BUILD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ext2fs/ext2fs.h>

#include "ext4/ext4_internal.h"
#include "extcrypt/ext4_build.h"
#include "extcrypt/inode.h"
#include "extcrypt/key.h"
#include "extcrypt/policy.h"

/* Bytes of the in-inode xattr entry for "c": 16-byte header + name,
 * rounded to 4. */
#define EXT4B_CTX_ENTRY_SIZE 20
/* ibody header magic. */
#define EXT4B_XATTR_MAGIC 0xEA020000u
/* The kernel's name index of the encryption context ("c"). */
#define EXT4B_XATTR_INDEX_ENCRYPTION 9

/* One entry of a directory the builder made, as it will be on disk. */
struct extcrypt_ext4b_dirent {
	uint32_t ino;
	uint8_t file_type;
	uint8_t name_len; /* on-disk length: the ciphertext's when encrypted */
	bool has_hash;	  /* casefold + encrypt: {hash, minor} after the name */
	uint32_t hash, minor;
	uint8_t *name;	  /* on-disk bytes (ciphertext with NULs possible) */
};

/* A directory the builder made: its entries are written at the commit. */
struct extcrypt_ext4b_dir {
	uint32_t ino;
	uint32_t parent;
	uint32_t nsubdirs;
	bool casefold;	       /* EXT4_CASEFOLD_FL */
	bool encrypted;	       /* EXT4_ENCRYPT_FL (crypt, or a copied context) */
	extcrypt_inode *crypt; /* NULL: plaintext, or encrypted without a key */
	struct extcrypt_ext4b_dirent *ents;
	size_t nents, cap;
	/* Hash set of the plaintext names (indices into ents + 1; 0 = free),
	 * to refuse duplicates. */
	uint32_t *names;
	/* Each entry's plaintext name as the set keys it (casefolded in a
	 * casefolded directory: up to EXTCRYPT_EXT4R_CASEFOLD_MAX bytes). */
	uint8_t **plain;
	uint16_t *plain_len;
	size_t names_cap;
	struct extcrypt_ext4b_dir *hash_next; /* bucket chain of the builder's map */
};

/* A master key added to the builder. */
struct extcrypt_ext4b_key {
	extcrypt_master_key *key;
	uint8_t identifier[16];
};

struct extcrypt_ext4_builder {
	ext2_filsys fs;
	uint32_t block_size;
	uint32_t inode_size;
	struct extcrypt_ext4b_key *keys;
	size_t nkeys;
	struct extcrypt_ext4b_dir **dir_map; /* ino -> dir, chained */
	size_t dir_map_size;
	size_t ndirs;
	uint8_t *block_buf; /* one block, for directory and data writes */
	uint8_t *io_buf;    /* file data: EXT4B_IO_BLOCKS blocks */
};

/* Blocks read and encrypted per step of a regular file. */
#define EXT4B_IO_BLOCKS 64

/* build_dir.c */
struct extcrypt_ext4b_dir *extcrypt_ext4b_dir_find(extcrypt_ext4_builder *b, uint32_t ino);
int extcrypt_ext4b_dir_register(extcrypt_ext4_builder *b, uint32_t ino,
		       uint32_t parent, extcrypt_inode *crypt, bool casefold);
/* Adds `name` -> `ino` to directory `parent` (a builder directory or an
 * existing plaintext one). */
int extcrypt_ext4b_dir_add(extcrypt_ext4_builder *b, uint32_t parent,
		  const char *name, size_t name_len, uint32_t ino,
		  uint8_t file_type);
/* Appends `e` as it is (on-disk name, ino, type, stored hash) to the
 * builder's directory `parent`; the name is copied, not checked against
 * the others (a copy of a consistent directory has no duplicates). */
int extcrypt_ext4b_dir_add_raw(extcrypt_ext4_builder *b, uint32_t parent,
		      const struct extcrypt_ext4b_dirent *e);
/* Finds `parent`, checks `name` and that it is free; *dir is the
 * builder's directory or NULL for an existing plaintext one. */
int extcrypt_ext4b_dir_check_new(extcrypt_ext4_builder *b, uint32_t parent,
			const char *name, size_t name_len,
			struct extcrypt_ext4b_dir **dir);
int extcrypt_ext4b_dirs_write(extcrypt_ext4_builder *b);
/* On-disk size of a dirent with a `name_len`-byte name. */
size_t extcrypt_ext4b_rec_len(size_t name_len);
/* On-disk size of entry `e` (with its hash, if it carries one). */
size_t extcrypt_ext4b_entry_len(const struct extcrypt_ext4b_dirent *e);
/* Writes one dirent (ext4_dir_entry_2) at `p`. */
void extcrypt_ext4b_put_dirent(uint8_t *p, uint32_t ino, size_t rlen,
		      const uint8_t *name, size_t name_len, uint8_t type);
/* Writes entry `e` at `p` with record length `rlen`, hash included. */
void extcrypt_ext4b_put_entry(uint8_t *p, const struct extcrypt_ext4b_dirent *e, size_t rlen);
/* build_htree.c: lays out `d` as an htree in a new buffer (*out, freed by
 * the caller) of *out_blocks blocks: the root, the index nodes, then the
 * leaves from block *first_leaf on (without their checksum tails).  Returns 0, 1 when the directory
 * would need more than two index levels (stay linear), or a status. */
int extcrypt_ext4b_dir_layout_htree(extcrypt_ext4_builder *b, const struct extcrypt_ext4b_dir *d,
			   size_t usable, uint8_t **out, size_t *out_blocks,
			   size_t *first_leaf);
void extcrypt_ext4b_dirs_free(extcrypt_ext4_builder *b);

/* build_inode.c */
/* Allocates an inode near `parent` and marks it in use. */
int extcrypt_ext4b_alloc_inode(extcrypt_ext4_builder *b, uint32_t parent,
		      uint16_t mode, uint32_t *ino);
/* Marks the free inode `ino` in use (a number the caller must keep). */
int extcrypt_ext4b_alloc_inode_at(extcrypt_ext4_builder *b, uint32_t ino,
			 uint16_t mode);
/* Fills a zeroed inode buffer (inode_size bytes) with mode, owner, times,
 * link count 1 and the extra fields. */
void extcrypt_ext4b_inode_init(extcrypt_ext4_builder *b, struct ext2_inode_large *in,
		      uint16_t mode, const struct extcrypt_ext4_build_attr *a);
/* Stores the context of `crypt` as the first in-inode xattr and sets
 * EXT4_ENCRYPT_FL. */
int extcrypt_ext4b_inode_set_context(extcrypt_ext4_builder *b,
			    struct ext2_inode_large *in, uint32_t ino,
			    const extcrypt_inode *crypt);
/* Stores the raw context `ctx` (`len` bytes: 28 for v1, 40 for v2) the
 * same way, for a copy made without the key. */
int extcrypt_ext4b_inode_put_context(extcrypt_ext4_builder *b,
			    struct ext2_inode_large *in, uint32_t ino,
			    const uint8_t *ctx, size_t len);
/* Reads the 40-byte context back from an inode buffer; 0 if none. */
size_t extcrypt_ext4b_inode_get_context(extcrypt_ext4_builder *b,
			       const struct ext2_inode_large *in,
			       uint8_t ctx[40]);
/* Starts an empty extent tree in `in`. */
int extcrypt_ext4b_inode_init_extents(extcrypt_ext4_builder *b, uint32_t ino,
			     struct ext2_inode_large *in);
int extcrypt_ext4b_write_inode(extcrypt_ext4_builder *b, uint32_t ino,
		      struct ext2_inode_large *in, bool is_new);
int extcrypt_ext4b_read_inode(extcrypt_ext4_builder *b, uint32_t ino,
		     struct ext2_inode_large *in);
/* The encryption state of a new child of `dir` (NULL dir: plaintext);
 * *out NULL when the child is not encrypted. */
int extcrypt_ext4b_child_crypt(extcrypt_ext4_builder *b, const struct extcrypt_ext4b_dir *dir,
		      uint32_t ino, const extcrypt_policy *policy,
		      extcrypt_inode **out);
/* Turns on the features a policy needs. */
int extcrypt_ext4b_enable_features(extcrypt_ext4_builder *b,
			  const extcrypt_policy *policy);

/* build_data.c */
/* Writes `len` bytes of on-disk data blocks of inode `ino` starting at
 * logical block `lblk` (len a multiple of the block size). */
int extcrypt_ext4b_write_blocks(extcrypt_ext4_builder *b, uint32_t ino,
		       struct ext2_inode_large *in, uint64_t lblk,
		       const uint8_t *data, size_t len);

/* build_create.c: a new inode between extcrypt_ext4b_create_begin and
 * extcrypt_ext4b_create_finish. */
struct extcrypt_ext4b_new {
	uint32_t parent, ino;
	struct extcrypt_ext4b_dir *dir;	 /* the builder's parent, or NULL */
	struct ext2_inode_large *in; /* b->block_buf */
	extcrypt_inode *crypt;	 /* owned by the caller (dirs: the dir) */
};
int extcrypt_ext4b_create_begin(extcrypt_ext4_builder *b, uint64_t parent,
		       const char *name, size_t name_len,
		       const struct extcrypt_ext4_build_attr *attr,
		       uint16_t mode, const extcrypt_policy *policy,
		       struct extcrypt_ext4b_new *n);
int extcrypt_ext4b_create_finish(extcrypt_ext4_builder *b, struct extcrypt_ext4b_new *n,
			const char *name, size_t name_len, uint64_t *ino);
uint8_t extcrypt_ext4b_file_type(uint16_t mode);

/* build_acl.c: a POSIX ACL xattr value `v` (getxattr's format) in ext4's
 * on-disk format, in a new buffer *disk (freed by the caller). */
int extcrypt_ext4b_acl_to_disk(const char *name, const uint8_t *v, size_t len,
			       uint8_t **disk, size_t *disk_len);

/* build_error.c: libext2fs failures as builder statuses. */
int extcrypt_ext4b_fail_ext2(errcode_t err, uint32_t ino, const char *what);

#endif /* EXTCRYPT_EXT4_BUILD_INTERNAL_H */
