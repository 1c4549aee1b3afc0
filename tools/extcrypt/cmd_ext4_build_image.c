// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_build_image.c - `extcrypt ext4 build` into an IMAGE that
 * already exists: an empty ext4 image (only lost+found in its root) is
 * taken as the template, copied (reflinked where the filesystem can) to
 * the temporary file the build works on, so that IMAGE itself changes only
 * by the final rename.  Anything else that exists is refused: a build
 * never destroys data it was not asked to replace.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"
#include "cmd_ext4_build.h"

static int count_entry(void *arg, const struct extcrypt_ext4_dirent *ent)
{
	size_t *n = arg;

	if (!(ent->name_len == 10 && memcmp(ent->name, "lost+found", 10) == 0))
		(*n)++;
	return 0;
}

int ebuild_check_template(const char *image, uint32_t *block_size)
{
	extcrypt_ext4 *fs;
	struct stat st;
	size_t others = 0;
	int s;

	if (lstat(image, &st) != 0)
		return cli_error("%s: %s", image, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cli_error("%s: exists and is not a regular file (the build renames a new file over IMAGE)",
				 image);
	s = extcrypt_ext4_open(image, &fs);
	if (s)
		return cli_error("%s: exists and is not an ext4 image (%s); remove it to build a new one",
				 image, extcrypt_ext4_last_error());
	*block_size = extcrypt_ext4_block_size(fs);
	s = extcrypt_ext4_dir_iterate(fs, EXTCRYPT_EXT4_ROOT_INO,
				      EXTCRYPT_EXT4_ITER_NOKEY, count_entry, &others);
	extcrypt_ext4_close(fs);
	if (s)
		return ext4cli_error(s, image);
	if (others)
		return cli_error("%s: exists and is not empty (%zu entries besides lost+found); remove it or name another IMAGE",
				 image, others);
	return CLI_OK;
}

int ebuild_copy_template(const char *image, int dst, const char *dst_path)
{
	int src = open(image, O_RDONLY | O_CLOEXEC);
	struct stat st;
	off_t off = 0;

	if (src < 0)
		return cli_error("%s: %s", image, strerror(errno));
	if (ioctl(dst, FICLONE, src) == 0) {
		close(src);
		return CLI_OK;
	}
	if (fstat(src, &st) != 0 || ftruncate(dst, st.st_size) != 0)
		goto fail;
	/* A sparse copy: only the data regions (images are mostly holes). */
	while (off < st.st_size) {
		off_t data = lseek(src, off, SEEK_DATA), hole;

		if (data < 0 && errno == ENXIO)
			break;
		if (data < 0)
			data = off; /* no SEEK_DATA: copy everything */
		hole = lseek(src, data, SEEK_HOLE);
		if (hole < 0 || hole <= data)
			hole = st.st_size;
		for (off = data; off < hole;) {
			off64_t in = off, out = off;
			ssize_t n = copy_file_range(src, &in, dst, &out,
						    (size_t)(hole - off), 0);

			if (n <= 0)
				goto fail;
			off += n;
		}
	}
	close(src);
	return CLI_OK;
fail:
	{
		int e = errno;

		close(src);
		return cli_error("%s: copying %s: %s", dst_path, image, strerror(e));
	}
}
