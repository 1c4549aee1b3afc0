// SPDX-License-Identifier: MIT
/*
 * srcfault.c - an LD_PRELOAD shim for tests/cli/ext4_build.sh: makes one
 * source file of `extcrypt ext4 build` vanish, become unreadable, or
 * change size at the exact moment the builder reads it, so that these
 * failures are tested deterministically (no sleeps, no races with a
 * second process).
 *
 * EXTCRYPT_SRCFAULT=MODE:NAME acts on the first openat() of a file whose
 * last path component is NAME:
 *   vanish  the file is unlinked just before the open (after the walk
 *           listed and stat'ed it): the open fails with ENOENT;
 *   eacces  the open fails with EACCES (root ignores file modes, so a
 *           chmod 000 cannot test this as root);
 *   shrink  the file is cut to half its size at the builder's first read
 *           of it (after its fstat fixed the size);
 *   grow    one byte is appended at that first read;
 *   eio     every read of it fails with EIO.
 * Both pread and pread64 are wrapped, whichever the library links to.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int armed_fd = -1, writer_fd = -1;
static char mode[16];
static int done;

/* MODE and NAME from the environment; true when `path` is the target. */
static int is_target(const char *path)
{
	const char *spec = getenv("EXTCRYPT_SRCFAULT"), *colon, *base;

	if (done || !spec || !(colon = strchr(spec, ':')) ||
	    (size_t)(colon - spec) >= sizeof(mode))
		return 0;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strcmp(base, colon + 1) != 0)
		return 0;
	memcpy(mode, spec, (size_t)(colon - spec));
	mode[colon - spec] = 0;
	done = 1;
	return 1;
}

static int real_openat(int dfd, const char *path, int flags, mode_t m)
{
	static int (*fn)(int, const char *, int, ...);

	if (!fn)
		fn = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	return fn(dfd, path, flags, m);
}

static int fault_openat(int dfd, const char *path, int flags, mode_t m)
{
	int fd;

	if (!is_target(path))
		return real_openat(dfd, path, flags, m);
	if (strcmp(mode, "vanish") == 0)
		unlinkat(dfd, path, 0);
	if (strcmp(mode, "eacces") == 0) {
		errno = EACCES;
		return -1;
	}
	fd = real_openat(dfd, path, flags, m);
	if (fd >= 0) {
		armed_fd = fd;
		writer_fd = real_openat(dfd, path, O_WRONLY | O_CLOEXEC, 0);
	}
	return fd;
}

int openat(int dfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t m;

	va_start(ap, flags);
	m = (mode_t)va_arg(ap, int);
	va_end(ap);
	return fault_openat(dfd, path, flags, m);
}

/* The same function under its large-file name. */
int openat64(int dfd, const char *path, int flags, ...)
	__attribute__((alias("openat")));

/* Called before each read of the armed file. */
static int before_read(int fd)
{
	struct stat st;

	if (fd != armed_fd)
		return 0;
	if (strcmp(mode, "eio") == 0) {
		errno = EIO;
		return -1;
	}
	if (writer_fd >= 0 && fstat(writer_fd, &st) == 0) {
		if (strcmp(mode, "shrink") == 0)
			(void)!ftruncate(writer_fd, st.st_size / 2);
		else if (strcmp(mode, "grow") == 0)
			(void)!pwrite(writer_fd, "+", 1, st.st_size);
	}
	armed_fd = -1; /* once */
	return 0;
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	static ssize_t (*fn)(int, void *, size_t, off_t);

	if (before_read(fd))
		return -1;
	if (!fn)
		fn = (ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread");
	return fn(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
	return pread(fd, buf, n, off);
}
