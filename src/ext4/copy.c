// SPDX-License-Identifier: MIT
/*
 * extcrypt_ext4_copy: plan (read the whole source subtree), check against
 * the destination, then write.  Never a half-written destination image:
 * a regular file is written as a temporary copy beside it (a reflink with
 * FICLONE where the filesystem shares extents, else a sparse copy of its
 * data regions) and renamed over it once committed and synced.  That
 * costs one copy of the destination's used bytes, little next to
 * copying the subtree into it; libext2fs's undo I/O manager was the
 * alternative, but replaying its file needs e2undo, and a crash before
 * the replay would leave the image half-written anyway.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/fs.h>

#include "ext4/copy_internal.h"

static int io_fail(const char *what, const char *path)
{
	return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_IO, "%s %s: %s", what, path,
				   strerror(errno));
}

/* Copies the data regions of `in` to `out` (holes stay holes). */
static int sparse_copy(int in, int out, off_t size, const char *path)
{
	off_t off = 0;

	while (off < size) {
		off_t d = lseek(in, off, SEEK_DATA), h;

		if (d < 0 && errno == ENXIO)
			break;
		if (d < 0)
			d = off; /* no SEEK_DATA: everything is data */
		h = lseek(in, d, SEEK_HOLE);
		if (h < 0 || h > size)
			h = size;
		while (d < h) {
			off_t o = d;
			ssize_t n = copy_file_range(in, &o, out, &d, (size_t)(h - d), 0);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return io_fail("copying", path);
		}
		off = h;
	}
	if (ftruncate(out, size) != 0)
		return io_fail("sizing the copy of", path);
	return EXTCRYPT_OK;
}

/* A temporary copy of `path` beside it; its name in *tmp (freed by the
 * caller, the file removed by the caller on failure). */
static int make_temp_copy(const char *path, char **tmp)
{
	char *real = realpath(path, NULL);
	struct stat st;
	int in = -1, out = -1, r;

	*tmp = NULL;
	if (!real)
		return io_fail("resolving", path);
	*tmp = malloc(strlen(real) + 32);
	if (!*tmp) {
		free(real);
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	sprintf(*tmp, "%s.extcrypt-copy-XXXXXX", real);
	free(real);
	in = open(path, O_RDONLY | O_CLOEXEC);
	out = in < 0 ? -1 : mkostemp(*tmp, O_CLOEXEC);
	if (in < 0 || out < 0 || fstat(in, &st) != 0) {
		r = io_fail("making a temporary copy of", path);
		if (out < 0) {
			free(*tmp);
			*tmp = NULL;
		}
		goto out;
	}
	/* The image keeps its permissions (and owner, when we may). */
	if (fchmod(out, st.st_mode & 07777) != 0 ||
	    (fchown(out, st.st_uid, st.st_gid) != 0 && errno != EPERM)) {
		r = io_fail("setting the mode of", *tmp);
		goto out;
	}
	if (ioctl(out, FICLONE, in) == 0)
		r = EXTCRYPT_OK;
	else
		r = sparse_copy(in, out, st.st_size, path);
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return r;
}

/* Makes `tmp` durable and puts it in `path`'s place. */
static int replace(const char *tmp, const char *path)
{
	char *real = realpath(path, NULL), *slash;
	int fd = open(tmp, O_RDONLY | O_CLOEXEC), r = EXTCRYPT_OK;

	if (fd < 0 || fsync(fd) != 0)
		r = io_fail("syncing", tmp);
	if (fd >= 0)
		close(fd);
	if (!r && (!real || rename(tmp, real) != 0))
		r = io_fail("renaming the copy over", path);
	if (!r && (slash = strrchr(real, '/')) != NULL) {
		*slash = 0;
		fd = open(real[0] ? real : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd); /* best effort: the rename is done */
			close(fd);
		}
	}
	free(real);
	return r;
}

/* Whether `path` is the file `st` describes. */
static bool same_file(const char *path, const struct stat *st)
{
	struct stat s;

	return path && stat(path, &s) == 0 && s.st_dev == st->st_dev &&
	       s.st_ino == st->st_ino;
}

/* Writing under a mounted filesystem would corrupt it. */
static int check_unmounted(const char *path)
{
	int mf = 0;
	errcode_t err = ext2fs_check_if_mounted(path, &mf);

	if (err == 0 && (mf & EXT2_MF_MOUNTED))
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					   "%s is mounted", path);
	return EXTCRYPT_OK;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_copy(
	struct extcrypt_ext4 *src, const char *path, const char *dest_image,
	const char *dest_dir, unsigned flags,
	extcrypt_ext4_copy_progress_fn progress, void *arg,
	struct extcrypt_ext4_copy_stats *stats)
{
	struct extcrypt_ext4c_plan p;
	struct extcrypt_ext4c_dest d;
	extcrypt_ext4_builder *b = NULL;
	char *tmp = NULL;
	struct stat st;
	int r;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (!src || !path || !dest_image || !dest_dir)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (flags & ~EXTCRYPT_EXT4_COPY_IN_PLACE)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "unknown flags 0x%x",
					   flags);
	r = extcrypt_ext4c_plan(src, path, &p);
	if (!r && stat(dest_image, &st) != 0)
		r = io_fail("reading", dest_image);
	if (!r && (flags & EXTCRYPT_EXT4_COPY_IN_PLACE || !S_ISREG(st.st_mode)) &&
	    same_file(src->fs->device_name, &st))
		r = extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
					"%s is the source image: copy within it through a temporary copy (without --in-place)",
					dest_image);
	if (!r)
		r = check_unmounted(dest_image);
	if (!r)
		r = extcrypt_ext4_build_open(dest_image, &b);
	if (!r)
		r = extcrypt_ext4c_check(b, &p, dest_dir, &d);
	/* Checked; now the (temporary) image is written. */
	if (!r && S_ISREG(st.st_mode) && !(flags & EXTCRYPT_EXT4_COPY_IN_PLACE)) {
		extcrypt_ext4_build_free(b);
		b = NULL;
		r = make_temp_copy(dest_image, &tmp);
		if (!r)
			r = extcrypt_ext4_build_open(tmp, &b);
	}
	if (!r)
		r = extcrypt_ext4c_write(b, &p, &d, progress, arg);
	if (!r) {
		r = extcrypt_ext4_build_commit(b);
		b = NULL;
	}
	if (!r && tmp)
		r = replace(tmp, dest_image);
	if (!r && stats)
		*stats = p.done;
	extcrypt_ext4_build_free(b);
	if (r && tmp)
		unlink(tmp);
	free(tmp);
	extcrypt_ext4c_plan_free(&p);
	return r;
}
