/* SPDX-License-Identifier: MIT */
/*
 * cmd_ext4.h - shared pieces of `extcrypt ext4 ...` (built only with
 * libextcrypt-ext4).
 */
#ifndef EXTCRYPT_CMD_EXT4_H
#define EXTCRYPT_CMD_EXT4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <extcrypt/ext4.h>

/* Reports a failing libextcrypt-ext4 call; returns CLI_ERR. */
int ext4cli_error(int status, const char *what);

/* Opens IMAGE and adds the raw master key of every --key-file given
 * (FILE, or "-" for standard input).  Returns CLI_OK or CLI_ERR. */
int ext4cli_open(const char *image, char **key_files, size_t nkey_files,
		 extcrypt_ext4 **out);

/* A directory's entries, sorted by name (bytewise). */
struct ext4cli_entry {
	uint64_t ino;
	uint8_t file_type;
	bool nokey;
	bool bad_padding;
	bool bad_hash; /* casefold + encrypt: stored hash is not Linux's */
	char *name;
	size_t name_len;
	uint8_t *disk_name;
	size_t disk_name_len;
};
struct ext4cli_dir {
	struct ext4cli_entry *e;
	size_t n;
};
/* Lists directory `ino` (flags as extcrypt_ext4_dir_iterate).  Returns
 * an extcrypt status. */
int ext4cli_list(extcrypt_ext4 *fs, uint64_t ino, unsigned flags,
		 struct ext4cli_dir *out);
void ext4cli_dir_free(struct ext4cli_dir *d);

/* Directories already entered, so that a corrupted image whose entries
 * point back to a directory cannot make a walk loop or explode. */
struct ext4cli_seen {
	uint64_t *slots; /* open addressing; 0 = empty */
	size_t cap, n;
};
/* Returns true the first time `ino` is seen, false afterwards. */
bool ext4cli_first_visit(struct ext4cli_seen *s, uint64_t ino);
void ext4cli_seen_free(struct ext4cli_seen *s);
/* Inode -> the path (relative to the extraction's top directory) of the
 * first name written for it; for hard links. */
struct ext4cli_links {
	struct {
		uint64_t ino;
		char *path; /* NULL: empty slot */
	} *slot;
	size_t cap, n;
};
/* The first path recorded for `ino`, or NULL. */
const char *ext4cli_links_find(const struct ext4cli_links *l, uint64_t ino);
/* Records `path` (copied) for `ino` unless one is already recorded. */
void ext4cli_links_add(struct ext4cli_links *l, uint64_t ino, const char *path);
void ext4cli_links_free(struct ext4cli_links *l);

/* The progress bar of build and copy on stderr: redrawn when the percentage
 * of files changes (`*last_percent` tracks it), ended by a newline when
 * `final`. */
void ext4cli_progress(int *last_percent, uint64_t done_files,
		      uint64_t total_files, uint64_t done_bytes, bool final);

int cmd_ext4_ls(int argc, char **argv);
int cmd_ext4_extract(int argc, char **argv);
int cmd_ext4_verify(int argc, char **argv);
int cmd_ext4_build(int argc, char **argv);
int cmd_ext4_copy(int argc, char **argv);

#endif /* EXTCRYPT_CMD_EXT4_H */
