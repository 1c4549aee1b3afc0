/* SPDX-License-Identifier: MIT */
/*
 * cmd_ext4_build.h - shared state of `extcrypt ext4 build`
 * (cmd_ext4_build.c: options, image, atomic rename; cmd_ext4_build_tree.c:
 * the source tree; cmd_ext4_build_xattr.c: its xattrs).
 */
#ifndef EXTCRYPT_CMD_EXT4_BUILD_H
#define EXTCRYPT_CMD_EXT4_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <extcrypt/ext4.h>

struct hardlink;

struct ebuild {
	const char *src;
	int src_fd;
	uint32_t block_size;
	/* --encrypt paths (normalised), and whether each was found. */
	char **encrypt;
	bool *encrypt_used;
	size_t nencrypt;
	bool encrypt_top; /* no --encrypt: every top-level directory */
	extcrypt_policy *policy;
	bool casefold; /* encryption roots casefolded (--casefold) */
	bool xattrs;   /* copy the source's xattrs (not --no-xattrs) */
	extcrypt_ext4_builder *b;
	/* First walk. */
	uint64_t total_files, total_dirs, total_bytes, data_bytes, dir_bytes;
	/* Progress and summary. */
	bool progress;
	uint64_t done_files, done_dirs, done_bytes;
	uint64_t nfiles, nsymlinks, nspecial;
	int last_percent;
	char **roots; /* the encryption roots made, for --json */
	size_t nroots;
	struct hardlink *links;
	size_t nlinks;
};

int ebuild_scan(struct ebuild *eb);
int ebuild_copy(struct ebuild *eb);
/* Index of `rel` among the encryption roots, or -1. */
int ebuild_encrypt_index(struct ebuild *eb, const char *rel);
void ebuild_progress(struct ebuild *eb, bool final);
int ebuild_strcmp(const void *a, const void *b);
/* cmd_ext4_build_xattr.c: the xattrs of source `path` onto image inode
 * `ino` (nothing with --no-xattrs). */
int ebuild_copy_xattrs(struct ebuild *eb, const char *path, uint64_t ino);
bool ebuild_has_xattrs(const char *path);
/* cmd_ext4_build_image.c: an existing IMAGE as the template. */
int ebuild_check_template(const char *image, uint32_t *block_size);
int ebuild_copy_template(const char *image, int dst, const char *dst_path);

#endif /* EXTCRYPT_CMD_EXT4_BUILD_H */
