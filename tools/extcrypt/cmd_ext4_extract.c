// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_extract.c - `extcrypt ext4 extract`: write a decrypted subtree
 * of an ext4 image to the local filesystem.
 *
 * Everything is created relative to directory file descriptors with
 * O_NOFOLLOW / AT_SYMLINK_NOFOLLOW, and every name from the image is
 * checked first (no '/', no NUL, not "." or ".."), so nothing can be
 * written outside DEST whatever the image holds.  A file that fails half
 * way is removed.  Holes stay holes.  An inode with several names is
 * written once; its other names become hard links to the first.  FIFOs
 * and sockets are always made, devices only by root (otherwise noted and
 * counted as skipped).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"

#define COPY_CHUNK (1u << 20)
#define MAX_DEPTH 1024

struct extract {
	extcrypt_ext4 *fs;
	struct ext4cli_seen seen;
	struct ext4cli_links hard; /* inodes with several names */
	int top_fd;		   /* the directory DEST is made in */
	const char *dest;	   /* DEST as given: every path starts with it */
	const char *dest_base;	   /* its last component, relative to top_fd */
	bool force;
	bool root; /* running as root: set owners, make devices */
	uint8_t *buf;
	unsigned long files, dirs, links, specials, hardlinks, skipped;
	uint64_t bytes;
	bool progress; /* stderr is a terminal */
};

/* A progress line on a terminal, every 64 files. */
static void show_progress(struct extract *x, bool last)
{
	if (!x->progress || (!last && x->files % 64 != 0))
		return;
	fprintf(stderr, "\r%lu files, %llu MiB%s", x->files,
		(unsigned long long)(x->bytes >> 20), last ? "\n" : "");
}

static bool safe_name(const char *name, size_t len)
{
	if (len == 0 || memchr(name, '/', len) || memchr(name, '\0', len))
		return false;
	return !(len == 1 && name[0] == '.') &&
	       !(len == 2 && name[0] == '.' && name[1] == '.');
}

static int sys_error(const char *path, const char *what)
{
	return cli_error("%s: %s: %s", path, what, strerror(errno));
}

/* Owner (as root), mode and times of something just written: through
 * `fd` for files and directories; by name for symlinks (no mode) and for
 * FIFOs, sockets and devices (fd < 0, `chmod` true). */
static int set_attrs(struct extract *x, int fd, int dirfd, const char *name,
		     const struct extcrypt_ext4_stat *st, const char *path,
		     bool chmod)
{
	struct timespec ts[2] = {
		{ .tv_sec = st->atime, .tv_nsec = st->atime_nsec },
		{ .tv_sec = st->mtime, .tv_nsec = st->mtime_nsec },
	};

	if (fd < 0) {
		if (x->root && fchownat(dirfd, name, st->uid, st->gid,
					AT_SYMLINK_NOFOLLOW) != 0)
			return sys_error(path, "chown");
		/* After chown, which clears set-id bits; a special file
		 * just made by us, so following is not an issue. */
		if (chmod && fchmodat(dirfd, name, st->mode & 07777, 0) != 0)
			return sys_error(path, "chmod");
		if (utimensat(dirfd, name, ts, AT_SYMLINK_NOFOLLOW) != 0)
			return sys_error(path, "setting times");
		return CLI_OK;
	}
	if (x->root && fchown(fd, st->uid, st->gid) != 0)
		return sys_error(path, "chown");
	if (fchmod(fd, st->mode & 07777) != 0)
		return sys_error(path, "chmod");
	if (futimens(fd, ts) != 0)
		return sys_error(path, "setting times");
	return CLI_OK;
}

/* Makes room for `name` under --force (not for directories). */
static int clear_existing(struct extract *x, int dirfd, const char *name,
			  const char *path)
{
	struct stat old;

	if (fstatat(dirfd, name, &old, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? CLI_OK : sys_error(path, "stat");
	if (!x->force)
		return cli_error("%s: exists (use --force to overwrite)", path);
	if (S_ISDIR(old.st_mode))
		return cli_error("%s: exists and is a directory", path);
	if (unlinkat(dirfd, name, 0) != 0)
		return sys_error(path, "removing the old file");
	return CLI_OK;
}

/* Data runs are written where they belong, so holes in the middle stay
 * holes; a hole at the end is made by ftruncate (only then: one system
 * call less per ordinary file). */
static int copy_contents(struct extract *x, uint64_t ino, int fd,
			 uint64_t size, const char *path)
{
	uint64_t off = 0, data, end;
	int st;

	while (off < size) {
		st = extcrypt_ext4_next_data(x->fs, ino, off, &data, &end);
		if (st)
			return ext4cli_error(st, path);
		if (data >= size)
			break;
		for (off = data; off < end;) {
			size_t want = end - off < COPY_CHUNK ? (size_t)(end - off)
							     : COPY_CHUNK;
			size_t got;

			st = extcrypt_ext4_read(x->fs, ino, off, x->buf, want,
						&got);
			if (st)
				return ext4cli_error(st, path);
			if (got != want)
				return cli_error("%s: short read at %llu", path,
						 (unsigned long long)off);
			if (pwrite(fd, x->buf, got, (off_t)off) != (ssize_t)got)
				return sys_error(path, "write");
			off += got;
		}
	}
	if (off < size && ftruncate(fd, (off_t)size) != 0)
		return sys_error(path, "truncate");
	return CLI_OK;
}

static int extract_file(struct extract *x, uint64_t ino, int dirfd,
			const char *name, const struct extcrypt_ext4_stat *st,
			const char *path)
{
	int fd, r;

	/* O_EXCL: an existing name is looked at only when there is one. */
	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0600);
	if (fd < 0 && errno == EEXIST) {
		if (clear_existing(x, dirfd, name, path) != CLI_OK)
			return CLI_ERR;
		fd = openat(dirfd, name,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    0600);
	}
	if (fd < 0)
		return sys_error(path, "create");
	r = copy_contents(x, ino, fd, st->size, path);
	if (r == CLI_OK)
		r = set_attrs(x, fd, dirfd, name, st, path, true);
	if (close(fd) != 0 && r == CLI_OK)
		r = sys_error(path, "close");
	if (r != CLI_OK) {
		unlinkat(dirfd, name, 0); /* never leave half a file */
	} else {
		x->files++;
		x->bytes += st->size;
		show_progress(x, false);
	}
	return r;
}

static int extract_symlink(struct extract *x, uint64_t ino, int dirfd,
			   const char *name,
			   const struct extcrypt_ext4_stat *st, const char *path)
{
	uint8_t target[4097];
	size_t len;
	int r = extcrypt_ext4_readlink(x->fs, ino, target, sizeof(target) - 1,
				       &len);

	if (r)
		return ext4cli_error(r, path);
	if (memchr(target, '\0', len))
		return cli_error("%s: symlink target contains a NUL byte", path);
	target[len] = '\0';
	if (clear_existing(x, dirfd, name, path) != CLI_OK)
		return CLI_ERR;
	if (symlinkat((char *)target, dirfd, name) != 0)
		return sys_error(path, "symlink");
	x->links++;
	return set_attrs(x, -1, dirfd, name, st, path, false);
}

static int extract_node(struct extract *x, uint64_t ino, int dirfd,
			const char *name, const char *path, int depth,
			bool top);

static int extract_dir(struct extract *x, uint64_t ino, int dirfd,
		       const char *name, const struct extcrypt_ext4_stat *st,
		       const char *path, int depth, bool top)
{
	struct ext4cli_dir d;
	int fd, r;

	if (depth > MAX_DEPTH)
		return cli_error("%s: directories nested too deep (a loop?)", path);
	if (!ext4cli_first_visit(&x->seen, ino))
		return cli_error("%s: directory inode %llu seen twice (corrupted image)",
				 path, (unsigned long long)ino);
	if ((st->flags & EXTCRYPT_EXT4_ENCRYPTED) &&
	    !(st->flags & EXTCRYPT_EXT4_HAS_KEY)) {
		char *id = cli_hex(st->key_id, st->key_id_len);

		cli_error("%s: no key for this directory (key %s %s)", path,
			  st->key_id_len == 16 ? "identifier" : "descriptor", id);
		free(id);
		return CLI_ERR;
	}
	if (mkdirat(dirfd, name, 0700) != 0 && errno != EEXIST)
		return sys_error(path, "mkdir");
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return sys_error(path, "open directory");
	if (top && !x->force) {
		DIR *dp = fdopendir(dup(fd));
		struct dirent *de;
		bool empty = true;

		while (dp && (de = readdir(dp)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = false;
		if (dp)
			closedir(dp);
		if (!empty) {
			close(fd);
			return cli_error("%s: not an empty directory (use --force to write into it)", path);
		}
	}
	r = ext4cli_list(x->fs, ino, 0, &d);
	if (r) {
		close(fd);
		return ext4cli_error(r, path);
	}
	r = CLI_OK;
	for (size_t i = 0; i < d.n && r == CLI_OK; i++) {
		const struct ext4cli_entry *e = &d.e[i];
		size_t plen = strlen(path) + e->name_len + 2;
		char *child = cli_malloc(plen);

		snprintf(child, plen, "%s/%s", path, e->name);
		if (e->nokey)
			r = cli_error("%s: no key for this directory", path);
		else if (!safe_name(e->name, e->name_len))
			r = cli_error("%s: refusing the entry name '%s' (inode %llu): not a plain file name",
				      path, e->name, (unsigned long long)e->ino);
		else
			r = extract_node(x, e->ino, fd, e->name, child,
					 depth + 1, false);
		free(child);
	}
	ext4cli_dir_free(&d);
	if (r == CLI_OK)
		r = set_attrs(x, fd, dirfd, name, st, path, true);
	close(fd);
	if (r == CLI_OK)
		x->dirs++;
	return r;
}

/* A FIFO, socket or device: made with mknod (devices only by root; a
 * device that cannot be made is noted and skipped, not an error). */
static int extract_special(struct extract *x, int dirfd, const char *name,
			   const struct extcrypt_ext4_stat *st, const char *path)
{
	mode_t type = st->mode & S_IFMT;
	bool device = type == S_IFCHR || type == S_IFBLK;
	dev_t dev = device ? makedev(st->rdev_major, st->rdev_minor) : 0;

	if (device && !x->root) {
		fprintf(stderr, "extcrypt: note: %s: device %u:%u not created (only root can)\n",
			path, st->rdev_major, st->rdev_minor);
		x->skipped++;
		return CLI_OK;
	}
	if (clear_existing(x, dirfd, name, path) != CLI_OK)
		return CLI_ERR;
	if (mknodat(dirfd, name, type | 0600, dev) != 0) {
		if (device && errno == EPERM) { /* root without CAP_MKNOD */
			fprintf(stderr, "extcrypt: note: %s: device %u:%u not created: %s\n",
				path, st->rdev_major, st->rdev_minor,
				strerror(errno));
			x->skipped++;
			return CLI_OK;
		}
		return sys_error(path, "mknod");
	}
	x->specials++;
	return set_attrs(x, -1, dirfd, name, st, path, true);
}

/* Another name of an inode already written at `first` (relative to the
 * top directory): a hard link, reached one directory at a time with
 * O_NOFOLLOW so that nothing outside DEST can be linked. */
static int link_again(struct extract *x, const char *first, int dirfd,
		      const char *name, const char *path)
{
	char *rel = cli_strdup(first), *comp = rel, *slash;
	int at = x->top_fd, r = CLI_OK;

	while ((slash = strchr(comp, '/'))) {
		int next;

		*slash = '\0';
		next = openat(at, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (at != x->top_fd)
			close(at);
		if (next < 0) {
			free(rel);
			return sys_error(path, "opening the first name's directory");
		}
		at = next;
		comp = slash + 1;
	}
	if (clear_existing(x, dirfd, name, path) != CLI_OK)
		r = CLI_ERR;
	else if (linkat(at, comp, dirfd, name, 0) != 0)
		r = sys_error(path, "hard link");
	else
		x->hardlinks++;
	if (at != x->top_fd)
		close(at);
	free(rel);
	return r;
}

static int extract_node(struct extract *x, uint64_t ino, int dirfd,
			const char *name, const char *path, int depth, bool top)
{
	struct extcrypt_ext4_stat st;
	const char *first;
	int r = extcrypt_ext4_stat(x->fs, ino, &st);

	if (r)
		return ext4cli_error(r, path);
	if (S_ISDIR(st.mode))
		return extract_dir(x, ino, dirfd, name, &st, path, depth, top);
	if (st.links > 1 && (first = ext4cli_links_find(&x->hard, ino)))
		return link_again(x, first, dirfd, name, path);
	switch (st.mode & S_IFMT) {
	case S_IFREG:
		r = extract_file(x, ino, dirfd, name, &st, path);
		break;
	case S_IFLNK:
		r = extract_symlink(x, ino, dirfd, name, &st, path);
		break;
	case S_IFIFO: case S_IFSOCK: case S_IFCHR: case S_IFBLK:
		r = extract_special(x, dirfd, name, &st, path);
		break;
	default:
		return cli_error("%s: inode %llu has an unknown file type (mode 0%o)",
				 path, (unsigned long long)ino, (unsigned)st.mode);
	}
	/* Only a name that now exists is linked to (a skipped device is not). */
	if (r == CLI_OK && st.links > 1 &&
	    fstatat(dirfd, name, &(struct stat){ 0 }, AT_SYMLINK_NOFOLLOW) == 0) {
		size_t plen = strlen(x->dest_base) + strlen(path + strlen(x->dest)) + 1;
		char *rel = cli_malloc(plen);

		snprintf(rel, plen, "%s%s", x->dest_base, path + strlen(x->dest));
		ext4cli_links_add(&x->hard, ino, rel);
		free(rel);
	}
	return r;
}

int cmd_ext4_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct extract x = { .root = geteuid() == 0, .progress = isatty(2) };
	char **keys = cli_malloc((size_t)argc * sizeof(char *));
	size_t nkeys = 0;
	uint64_t ino;
	char *dest, *dcopy, *bcopy;
	int c, r, dirfd;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+:k:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': keys[nkeys++] = optarg; break;
		case 'f': x.force = true; break;
		case 'h':
			puts("Usage: extcrypt ext4 extract --key-file FILE [--key-file FILE]... [--force] IMAGE PATH DEST\n"
			     "Writes the decrypted subtree at PATH (a plaintext path from the image's\n"
			     "root) as DEST: contents, names, symlinks, hard links, FIFOs, sockets,\n"
			     "modes, times and, as root, owners and devices; holes stay holes.\n"
			     "DEST is created, or must be an empty directory; existing files are\n"
			     "never overwritten without --force.");
			free(keys);
			return CLI_OK;
		default:
			free(keys);
			return cli_usage_error("ext4 extract", "bad option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 3) {
		free(keys);
		return cli_usage_error("ext4 extract", "expected IMAGE PATH DEST");
	}
	if (nkeys == 0) {
		free(keys);
		return cli_usage_error("ext4 extract", "at least one --key-file is needed");
	}
	if (ext4cli_open(argv[optind], keys, nkeys, &x.fs) != CLI_OK) {
		free(keys);
		return CLI_ERR;
	}
	free(keys);
	r = extcrypt_ext4_resolve(x.fs, argv[optind + 1], &ino);
	if (r) {
		extcrypt_ext4_close(x.fs);
		return ext4cli_error(r, argv[optind + 1]);
	}
	dest = argv[optind + 2];
	dcopy = cli_strdup(dest);
	bcopy = cli_strdup(dest);
	dirfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	x.top_fd = dirfd;
	x.dest = dest;
	x.buf = cli_malloc(COPY_CHUNK);
	if (dirfd < 0) {
		r = sys_error(dest, "opening the parent directory");
	} else {
		const char *base = basename(bcopy);

		if (strcmp(base, "/") == 0 || strcmp(base, ".") == 0 ||
		    strcmp(base, "..") == 0)
			r = cli_error("%s: give DEST as a path ending in a name", dest);
		else {
			x.dest_base = base;
			r = extract_node(&x, ino, dirfd, base, dest, 0, true);
		}
		close(dirfd);
	}
	show_progress(&x, true);
	if (r == CLI_OK)
		fprintf(stderr, "extcrypt: extracted %lu files, %lu directories, %lu symlinks, %lu special files, %lu hard links; %lu skipped\n",
			x.files, x.dirs, x.links, x.specials, x.hardlinks,
			x.skipped);
	free(x.buf);
	ext4cli_seen_free(&x.seen);
	ext4cli_links_free(&x.hard);
	free(dcopy);
	free(bcopy);
	extcrypt_ext4_close(x.fs);
	return r;
}
