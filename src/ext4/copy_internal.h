/* SPDX-License-Identifier: MIT */
/*
 * Shared declarations of extcrypt_ext4_copy (copy_*.c).  Not installed.
 *
 * A copy runs in two passes.  The plan (copy_plan.c) walks the source
 * subtree read-only and records every inode with what the destination
 * needs: its on-disk name (ciphertext in an encrypted directory), the
 * stored casefold+encrypt hash, the raw context, hard links, the data
 * blocks.  The checks (copy_check.c) hold the plan against the destination
 * image, still without writing.  Only then the writer (copy_write.c)
 * creates the inodes through the image builder's internals.
 */
#ifndef EXTCRYPT_EXT4_COPY_INTERNAL_H
#define EXTCRYPT_EXT4_COPY_INTERNAL_H

#include "ext4/build_internal.h"

/* One inode of the subtree, reached by one name. */
struct extcrypt_ext4c_node {
	uint64_t src_ino;
	uint32_t parent;  /* index of the parent node (node 0 is PATH) */
	uint32_t link_of; /* a further name of node link_of - 1; 0: first */
	uint32_t nlinks;  /* names of this inode inside the subtree */
	uint32_t dest_ino;
	uint16_t mode;
	bool keep_ino;	  /* IV_INO_LBLK_* policy: same number in DEST */
	bool casefold;	  /* EXT4_CASEFOLD_FL (directories) */
	uint8_t ctx_len;  /* 0: not encrypted */
	uint8_t ctx[40];
	struct extcrypt_ext4b_dirent ent; /* name as stored, hash */
	char *shown;	  /* the name as `ls` shows it, for messages */
	uint64_t blocks;  /* data blocks to copy */
};

struct extcrypt_ext4c_plan {
	extcrypt_ext4 *src;
	struct extcrypt_ext4c_node *nodes;
	size_t n, cap;
	/* src ino -> node index + 1 (open addressing), for hard links and
	 * to stop at a directory reached twice. */
	uint64_t *map_ino;
	uint32_t *map_idx;
	size_t map_cap;
	/* Totals; `done` counts while writing. */
	struct extcrypt_ext4_copy_stats total, done;
	uint64_t dir_bytes;  /* dirent bytes of all directories */
	uint64_t map_blocks; /* estimated extent-tree blocks */
	bool any_encrypted, any_lblk, any_casefold;
};

/* copy_plan.c */
int extcrypt_ext4c_plan(extcrypt_ext4 *src, const char *path,
			struct extcrypt_ext4c_plan *p);
void extcrypt_ext4c_plan_free(struct extcrypt_ext4c_plan *p);
/* "PATH/a/b" of node `i` (no-key names), for messages. */
const char *extcrypt_ext4c_path(const struct extcrypt_ext4c_plan *p,
				size_t i, char *buf, size_t cap);

/* Where DEST_DIR is in the destination. */
struct extcrypt_ext4c_dest {
	uint32_t parent;     /* its parent directory */
	uint32_t ino;	     /* 0: to be created */
	char name[256];	     /* its last component */
	size_t name_len;
};

/* copy_check.c: every check against the destination, nothing written. */
int extcrypt_ext4c_check(extcrypt_ext4_builder *b,
			 const struct extcrypt_ext4c_plan *p,
			 const char *dest_dir, struct extcrypt_ext4c_dest *d);

/* copy_write.c: writes the planned subtree (the builder's commit writes
 * the directories). */
int extcrypt_ext4c_write(extcrypt_ext4_builder *b,
			 struct extcrypt_ext4c_plan *p,
			 const struct extcrypt_ext4c_dest *d,
			 extcrypt_ext4_copy_progress_fn progress, void *arg);

#endif /* EXTCRYPT_EXT4_COPY_INTERNAL_H */
