// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the ext4 image reader (libextcrypt-ext4) on untrusted
 * images.  The input is an image; it is written to a memfd and opened
 * through /proc/self/fd, with the keys of tests/vectors/ext4 added (so
 * the decrypting paths run on the seed images, which the kernel wrote
 * with those keys).  Then everything reachable is walked: directories
 * with and without keys, stat, every file's data regions and contents,
 * every symlink.  Any status is fine; a crash, a sanitizer report or a
 * broken contract (a count larger than asked, a name with a NUL) is not.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <extcrypt/ext4.h>

#include "fuzz_common.h"

#ifndef EXT4_FUZZ_KEY_DIR
#define EXT4_FUZZ_KEY_DIR "tests/vectors/ext4"
#endif

#define MAX_ENTRIES 4096
#define MAX_READ (256 * 1024)

struct walk {
	extcrypt_ext4 *fs;
	unsigned entries;
	int depth;
	uint8_t *buf;
};

static void walk_inode(struct walk *w, uint64_t ino);

static int on_entry(void *arg, const struct extcrypt_ext4_dirent *ent)
{
	struct walk *w = arg;

	FZ_ASSERT(ent->name && ent->name[ent->name_len] == '\0',
		  "names are NUL-terminated");
	FZ_ASSERT(ent->name_len <= 255, "name longer than NAME_MAX");
	if (++w->entries > MAX_ENTRIES)
		return 1;
	if (w->depth < 8) {
		w->depth++;
		walk_inode(w, ent->ino);
		w->depth--;
	}
	return 0;
}

static void walk_inode(struct walk *w, uint64_t ino)
{
	struct extcrypt_ext4_stat st;
	uint64_t off = 0, data, end;
	size_t got, len;
	uint8_t ctx[40];

	if (extcrypt_ext4_stat(w->fs, ino, &st) != EXTCRYPT_OK)
		return;
	(void)extcrypt_ext4_get_context(w->fs, ino, ctx, sizeof(ctx), &len);
	switch (st.mode & 0170000) {
	case 0040000:
		(void)extcrypt_ext4_dir_iterate(w->fs, ino, 0, on_entry, w);
		(void)extcrypt_ext4_dir_iterate(w->fs, ino,
						EXTCRYPT_EXT4_ITER_NOKEY,
						on_entry, w);
		break;
	case 0100000:
		for (int i = 0; i < 4 && off < st.size; i++) {
			if (extcrypt_ext4_next_data(w->fs, ino, off, &data,
						    &end) != EXTCRYPT_OK)
				break;
			FZ_ASSERT(data <= st.size && end <= st.size,
				  "data region past the file size");
			if (data >= end)
				break;
			len = end - data < MAX_READ ? (size_t)(end - data)
						    : MAX_READ;
			if (extcrypt_ext4_read(w->fs, ino, data, w->buf, len,
					       &got) == EXTCRYPT_OK)
				FZ_ASSERT(got <= len, "read more than asked");
			off = end;
		}
		break;
	case 0120000:
		if (extcrypt_ext4_readlink(w->fs, ino, w->buf, 4096, &len) ==
		    EXTCRYPT_OK)
			FZ_ASSERT(len <= 4096, "target longer than the buffer");
		break;
	default:
		break;
	}
}

static void add_keys(extcrypt_ext4 *fs)
{
	static uint8_t keys[3][64];
	static size_t lens[3];
	static int loaded;

	if (!loaded) {
		loaded = 1;
		for (int i = 0; i < 3; i++) {
			char path[512];
			FILE *f;

			snprintf(path, sizeof(path), "%s/k%d.key",
				 EXT4_FUZZ_KEY_DIR, i + 1);
			f = fopen(path, "rb");
			if (f) {
				lens[i] = fread(keys[i], 1, 64, f);
				fclose(f);
			}
		}
	}
	for (int i = 0; i < 3; i++)
		if (lens[i] >= 16)
			(void)extcrypt_ext4_add_key(fs, keys[i], lens[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct walk w = { 0 };
	char path[64];
	int fd = memfd_create("fuzz_ext4", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (extcrypt_ext4_open(path, &w.fs) == EXTCRYPT_OK) {
		add_keys(w.fs);
		w.buf = malloc(MAX_READ);
		if (w.buf)
			walk_inode(&w, EXTCRYPT_EXT4_ROOT_INO);
		free(w.buf);
		extcrypt_ext4_close(w.fs);
	}
	close(fd);
	return 0;
}
