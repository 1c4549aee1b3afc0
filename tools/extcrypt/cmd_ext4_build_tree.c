// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_build_tree.c - the source-tree side of `extcrypt ext4 build`:
 * a first walk that sizes the image and checks the --encrypt paths, and
 * the copy into the builder, entries in bytewise name order so that two
 * builds of one tree lay out the same.  Hard links are kept (within one
 * encryption root; across roots the kernel refuses them, so the file is
 * copied again).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"
#include "cmd_ext4_build.h"

/* Names of directory `fd`, sorted bytewise; NULL-terminated array. */
static int list_dir(int fd, const char *path, char ***out, size_t *n)
{
	int dfd = dup(fd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *de;
	char **v = NULL;
	size_t cnt = 0, cap = 0;

	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return cli_error("%s: %s", path, strerror(errno));
	}
	rewinddir(d);
	errno = 0;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 32;
			v = cli_realloc(v, cap * sizeof(*v));
		}
		v[cnt++] = cli_strdup(de->d_name);
	}
	if (errno) {
		int e = errno;

		closedir(d);
		for (size_t i = 0; i < cnt; i++)
			free(v[i]);
		free(v);
		return cli_error("%s: reading the directory: %s", path, strerror(e));
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), ebuild_strcmp);
	*out = v;
	*n = cnt;
	return CLI_OK;
}

int ebuild_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = cli_malloc(la + lb + 2);

	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

/* ---- first walk: sizes ------------------------------------------------- */

static int scan_dir(struct ebuild *eb, int fd, const char *path, int depth)
{
	char **names;
	size_t n;
	int rc;

	if (depth > 4096)
		return cli_error("%s: directory tree too deep", path);
	if ((rc = list_dir(fd, path, &names, &n)) != CLI_OK)
		return rc;
	eb->total_dirs++;
	/* Entry bytes: the padded name plus the 8-byte header. */
	eb->dir_bytes += 24 + n * 8;
	for (size_t i = 0; i < n && rc == CLI_OK; i++) {
		struct stat st;
		char *p = join(path, names[i]);

		eb->dir_bytes += (strlen(names[i]) + 32 + 3) & ~(size_t)3;
		/* At most one xattr block per inode. */
		if (eb->xattrs && ebuild_has_xattrs(p))
			eb->data_bytes += eb->block_size;
		if (fstatat(fd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = cli_error("%s: %s", p, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			int sub = openat(fd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub < 0)
				rc = cli_error("%s: %s", p, strerror(errno));
			else {
				rc = scan_dir(eb, sub, p, depth + 1);
				close(sub);
			}
		} else {
			eb->total_files++;
			if (S_ISREG(st.st_mode)) {
				uint64_t alloc = (uint64_t)st.st_blocks * 512;
				uint64_t sz = (uint64_t)st.st_size;

				eb->total_bytes += sz;
				eb->data_bytes += alloc < sz ? alloc : sz;
				eb->data_bytes += eb->block_size;
			} else if (S_ISLNK(st.st_mode)) {
				eb->data_bytes += eb->block_size;
			}
		}
		free(p);
	}
	free_names(names, n);
	return rc;
}

int ebuild_scan(struct ebuild *eb)
{
	return scan_dir(eb, eb->src_fd, eb->src, 0);
}

/* ---- copy ----------------------------------------------------------------- */

static void attr_of(const struct stat *st, struct extcrypt_ext4_build_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->mode = st->st_mode;
	a->uid = st->st_uid;
	a->gid = st->st_gid;
	a->atime = st->st_atim.tv_sec;
	a->atime_nsec = (uint32_t)st->st_atim.tv_nsec;
	a->mtime = st->st_mtim.tv_sec;
	a->mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
	a->ctime = st->st_ctim.tv_sec;
	a->ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
}

/* A source inode with several links, already in the image. */
struct hardlink {
	dev_t dev;
	ino_t ino;
	uint64_t image_ino;
	int root; /* encryption root index, -1 for plaintext */
};

static struct hardlink *find_link(struct ebuild *eb, const struct stat *st)
{
	for (size_t i = 0; i < eb->nlinks; i++)
		if (eb->links[i].dev == st->st_dev && eb->links[i].ino == st->st_ino)
			return &eb->links[i];
	return NULL;
}

static void progress(struct ebuild *eb)
{
	eb->done_files++;
	if (eb->progress)
		ebuild_progress(eb, false);
}

static int lib_fail(int status, const char *path)
{
	const char *detail = extcrypt_ext4_last_error();

	if (!detail[0])
		detail = extcrypt_ext4_strerror(status);
	if (status == EXTCRYPT_EXT4_E_NOSPC)
		return cli_error("%s: image too small (give a larger --size): %s",
				 path, detail);
	return cli_error("%s: %s", path, detail);
}

static int copy_entry(struct ebuild *eb, int dfd, const char *path,
		      const char *rel, const char *name, uint64_t parent,
		      int root);

static int copy_dir(struct ebuild *eb, int fd, const char *path,
		    const char *rel, uint64_t ino, int root)
{
	char **names;
	size_t n;
	int rc = list_dir(fd, path, &names, &n);

	for (size_t i = 0; i < n && rc == CLI_OK; i++) {
		char *p = join(path, names[i]);
		char *r = rel[0] ? join(rel, names[i]) : cli_strdup(names[i]);

		rc = copy_entry(eb, fd, p, r, names[i], ino, root);
		free(p);
		free(r);
	}
	if (rc == CLI_OK)
		free_names(names, n);
	else
		free_names(names, n);
	return rc;
}

static int copy_file(struct ebuild *eb, int dfd, const char *path,
		     const char *name, uint64_t parent, const struct stat *st,
		     const struct extcrypt_ext4_build_attr *a, int root)
{
	struct hardlink *hl = st->st_nlink > 1 ? find_link(eb, st) : NULL;
	uint64_t ino;
	int fd, s;

	if (hl && hl->root == root) {
		s = extcrypt_ext4_build_link(eb->b, parent, name, strlen(name),
					     hl->image_ino);
		return s ? lib_fail(s, path) : CLI_OK;
	}
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return cli_error("%s: %s", path, strerror(errno));
	s = extcrypt_ext4_build_file_fd(eb->b, parent, name, strlen(name), a, fd,
					&ino);
	close(fd);
	if (s)
		return lib_fail(s, path);
	if (ebuild_copy_xattrs(eb, path, ino) != CLI_OK)
		return CLI_ERR;
	eb->done_bytes += (uint64_t)st->st_size;
	if (st->st_nlink > 1 && !hl) {
		eb->links = cli_realloc(eb->links, (eb->nlinks + 1) * sizeof(*eb->links));
		eb->links[eb->nlinks++] = (struct hardlink){ st->st_dev, st->st_ino,
							    ino, root };
	}
	return CLI_OK;
}

static int copy_entry(struct ebuild *eb, int dfd, const char *path,
		      const char *rel, const char *name, uint64_t parent,
		      int root)
{
	struct extcrypt_ext4_build_attr a;
	struct stat st;
	size_t len = strlen(name);
	uint64_t ino;
	int s = EXTCRYPT_OK;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return cli_error("%s: %s", path, strerror(errno));
	attr_of(&st, &a);
	if (S_ISDIR(st.st_mode)) {
		const extcrypt_policy *pol = NULL;
		int sub, rc, r = ebuild_encrypt_index(eb, rel);

		if (r >= 0) {
			if (root >= 0)
				return cli_error("%s: --encrypt %s is inside the encrypted directory %s",
						 path, rel, eb->encrypt[root]);
			pol = eb->policy;
			if (eb->casefold)
				a.flags |= EXTCRYPT_EXT4_BUILD_CASEFOLD;
			root = r;
			eb->encrypt_used[r] = true;
			eb->roots = cli_realloc(eb->roots, (eb->nroots + 1) * sizeof(char *));
			eb->roots[eb->nroots++] = cli_strdup(rel);
		}
		s = extcrypt_ext4_build_mkdir(eb->b, parent, name, len, &a, pol, &ino);
		if (s)
			return lib_fail(s, path);
		eb->done_dirs++;
		if (ebuild_copy_xattrs(eb, path, ino) != CLI_OK)
			return CLI_ERR;
		sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			return cli_error("%s: %s", path, strerror(errno));
		rc = copy_dir(eb, sub, path, rel, ino, root);
		close(sub);
		return rc;
	}
	if (S_ISREG(st.st_mode)) {
		int rc = copy_file(eb, dfd, path, name, parent, &st, &a, root);

		if (rc == CLI_OK) {
			eb->nfiles++;
			progress(eb);
		}
		return rc;
	}
	if (S_ISLNK(st.st_mode)) {
		char *target = cli_malloc((size_t)eb->block_size + 4096);
		ssize_t n = readlinkat(dfd, name, target, (size_t)eb->block_size + 4095);

		if (n < 0) {
			int e = errno;

			free(target);
			return cli_error("%s: %s", path, strerror(e));
		}
		s = extcrypt_ext4_build_symlink(eb->b, parent, name, len, &a, target,
						(size_t)n, &ino);
		free(target);
		if (!s)
			eb->nsymlinks++;
	} else {
		s = extcrypt_ext4_build_mknod(eb->b, parent, name, len, &a,
					      (uint64_t)st.st_rdev, &ino);
		if (!s)
			eb->nspecial++;
	}
	if (s)
		return lib_fail(s, path);
	if (ebuild_copy_xattrs(eb, path, ino) != CLI_OK)
		return CLI_ERR;
	progress(eb);
	return CLI_OK;
}

int ebuild_copy(struct ebuild *eb)
{
	return copy_dir(eb, eb->src_fd, eb->src, "", EXTCRYPT_EXT4_ROOT_INO, -1);
}
