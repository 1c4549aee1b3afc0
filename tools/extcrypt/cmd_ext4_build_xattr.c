// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_build_xattr.c - the extended attributes of the source tree in
 * `extcrypt ext4 build`, copied as `mke2fs -d` does: every name
 * llistxattr lists, with lgetxattr's value, never following a symlink.
 * A source filesystem without xattr support has none.  A name the
 * builder cannot store (another namespace, a value too large for the
 * inode and one block) fails the build with the path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"
#include "cmd_ext4_build.h"

/* The NUL-separated name list of `path` in a new buffer (*len 0: none). */
static int list_names(const char *path, char **out, ssize_t *len)
{
	char *buf = NULL;
	ssize_t n;

	*out = NULL;
	*len = 0;
	for (;;) {
		n = llistxattr(path, NULL, 0);
		if (n < 0 && (errno == ENOTSUP || errno == ENODATA))
			return CLI_OK;
		if (n < 0)
			return cli_error("%s: listing xattrs: %s", path, strerror(errno));
		if (n == 0)
			return CLI_OK;
		buf = cli_realloc(buf, (size_t)n);
		n = llistxattr(path, buf, (size_t)n);
		if (n >= 0)
			break;
		if (errno != ERANGE) { /* ERANGE: the list grew meanwhile */
			free(buf);
			return cli_error("%s: listing xattrs: %s", path, strerror(errno));
		}
	}
	*out = buf;
	*len = n;
	return CLI_OK;
}

bool ebuild_has_xattrs(const char *path)
{
	return llistxattr(path, NULL, 0) > 0;
}

/* lgetxattr of `name` into a new buffer. */
static int get_value(const char *path, const char *name, void **out,
		     size_t *len)
{
	void *buf = NULL;
	ssize_t n;

	for (;;) {
		n = lgetxattr(path, name, NULL, 0);
		if (n < 0)
			break;
		buf = cli_realloc(buf, n ? (size_t)n : 1);
		n = lgetxattr(path, name, buf, (size_t)n);
		if (n >= 0 || errno != ERANGE)
			break;
	}
	if (n < 0) {
		int e = errno;

		free(buf);
		return cli_error("%s: reading xattr %s: %s", path, name, strerror(e));
	}
	*out = buf;
	*len = (size_t)n;
	return CLI_OK;
}

int ebuild_copy_xattrs(struct ebuild *eb, const char *path, uint64_t ino)
{
	struct extcrypt_ext4_build_xattr *xs = NULL;
	size_t nx = 0;
	ssize_t len;
	char *names;
	int rc, s;

	if (!eb->xattrs)
		return CLI_OK;
	if ((rc = list_names(path, &names, &len)) != CLI_OK || !len)
		return rc;
	for (char *p = names; p < names + len && rc == CLI_OK; p += strlen(p) + 1) {
		void *value = NULL;
		size_t vlen = 0;

		if ((rc = get_value(path, p, &value, &vlen)) != CLI_OK)
			break;
		xs = cli_realloc(xs, (nx + 1) * sizeof(*xs));
		xs[nx++] = (struct extcrypt_ext4_build_xattr){ p, value, vlen };
	}
	if (rc == CLI_OK) {
		s = extcrypt_ext4_build_set_xattrs(eb->b, ino, xs, nx);
		if (s)
			rc = cli_error("%s: %s", path, extcrypt_ext4_last_error());
	}
	for (size_t i = 0; i < nx; i++)
		free((void *)xs[i].value);
	free(xs);
	free(names);
	return rc;
}
