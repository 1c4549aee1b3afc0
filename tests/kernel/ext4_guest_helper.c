// SPDX-License-Identifier: MIT
/*
 * ext4_guest_helper.c - the few fscrypt ioctls busybox lacks, for the
 * guest of tests/kernel/ext4-roundtrip.sh.  Built static on the host.
 *
 *   addkey MNT KEYFILE            add a v2 key, print its identifier (hex)
 *   addkey1 MNT KEYFILE DESCHEX   add a v1 key under its descriptor
 *   rmkey MNT IDHEX               remove a v2 key (16-byte identifier) or
 *                                 a v1 key (8-byte descriptor)
 *   policy DIR IDHEX CONTENTS FILENAMES FLAGS
 *                                 set a v2 (16-byte id) or v1 (8-byte
 *                                 descriptor) policy on an empty directory
 *   casefold DIR                  set the casefold flag (empty directory)
 *   mkfiles DIR N                 create N empty files entry-00000...
 *   mkbytes DIR                   create files whose names hold every byte
 *                                 value a name may hold, except '\n', '\r' and
 *                                 '\\' (which line-based records and
 *                                 coreutils' sha256sum would escape)
 *   setxattr PATH NAME LEN SEED   lsetxattr NAME on PATH (not following a
 *                                 symlink): LEN deterministic bytes from SEED
 *   sethex PATH NAME HEX          lsetxattr NAME on PATH with the bytes HEX
 *                                 (a POSIX ACL, for instance)
 *   xattrs ROOT                   one line per xattr under ROOT (symlinks
 *                                 not followed, lost+found skipped):
 *                                 "X ./path name hex(value)"; unsorted.
 *                                 Also built for the host, so that both
 *                                 sides print the same way (busybox has no
 *                                 getfattr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/fs.h>
#include <linux/fscrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/xattr.h>
#include <unistd.h>

#ifndef FS_CASEFOLD_FL
#define FS_CASEFOLD_FL 0x40000000
#endif

static int die(const char *what)
{
	fprintf(stderr, "helper: %s: %s\n", what, strerror(errno));
	exit(1);
}

static size_t unhex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = strlen(s) / 2;

	if (n > cap)
		n = cap;
	for (size_t i = 0; i < n; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
	return n;
}

static int open_dir(const char *p)
{
	int fd = open(p, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		die(p);
	return fd;
}

static int add_key(const char *mnt, const char *keyfile, const char *desc)
{
	unsigned char buf[sizeof(struct fscrypt_add_key_arg) + 64];
	struct fscrypt_add_key_arg *arg = (void *)buf;
	int fd = open(keyfile, O_RDONLY), mfd;
	ssize_t n;

	if (fd < 0)
		die(keyfile);
	memset(buf, 0, sizeof(buf));
	n = read(fd, arg->raw, 64);
	if (n < 16)
		die("key file");
	close(fd);
	arg->raw_size = (unsigned)n;
	if (desc) {
		arg->key_spec.type = FSCRYPT_KEY_SPEC_TYPE_DESCRIPTOR;
		unhex(desc, arg->key_spec.u.descriptor, 8);
	} else {
		arg->key_spec.type = FSCRYPT_KEY_SPEC_TYPE_IDENTIFIER;
	}
	mfd = open_dir(mnt);
	if (ioctl(mfd, FS_IOC_ADD_ENCRYPTION_KEY, arg) != 0)
		die("FS_IOC_ADD_ENCRYPTION_KEY");
	if (!desc) {
		for (int i = 0; i < 16; i++)
			printf("%02x", arg->key_spec.u.identifier[i]);
		printf("\n");
	}
	return 0;
}

static int rm_key(const char *mnt, const char *idhex)
{
	struct fscrypt_remove_key_arg arg;
	int fd = open_dir(mnt);

	memset(&arg, 0, sizeof(arg));
	if (strlen(idhex) == 16) {
		arg.key_spec.type = FSCRYPT_KEY_SPEC_TYPE_DESCRIPTOR;
		unhex(idhex, arg.key_spec.u.descriptor, 8);
	} else {
		arg.key_spec.type = FSCRYPT_KEY_SPEC_TYPE_IDENTIFIER;
		unhex(idhex, arg.key_spec.u.identifier, 16);
	}
	if (ioctl(fd, FS_IOC_REMOVE_ENCRYPTION_KEY, &arg) != 0)
		die("FS_IOC_REMOVE_ENCRYPTION_KEY");
	if (arg.removal_status_flags)
		fprintf(stderr, "helper: key removal status 0x%x\n",
			arg.removal_status_flags);
	return 0;
}

static int set_policy(char **a)
{
	int fd = open_dir(a[0]);
	int r;

	if (strlen(a[1]) == 16) {
		struct fscrypt_policy_v1 p;

		memset(&p, 0, sizeof(p));
		p.version = FSCRYPT_POLICY_V1;
		p.contents_encryption_mode = (unsigned char)atoi(a[2]);
		p.filenames_encryption_mode = (unsigned char)atoi(a[3]);
		p.flags = (unsigned char)strtoul(a[4], NULL, 0);
		unhex(a[1], p.master_key_descriptor, 8);
		r = ioctl(fd, FS_IOC_SET_ENCRYPTION_POLICY, &p);
	} else {
		struct fscrypt_policy_v2 p;

		memset(&p, 0, sizeof(p));
		p.version = FSCRYPT_POLICY_V2;
		p.contents_encryption_mode = (unsigned char)atoi(a[2]);
		p.filenames_encryption_mode = (unsigned char)atoi(a[3]);
		p.flags = (unsigned char)strtoul(a[4], NULL, 0);
		unhex(a[1], p.master_key_identifier, 16);
		r = ioctl(fd, FS_IOC_SET_ENCRYPTION_POLICY, &p);
	}
	if (r != 0)
		die("FS_IOC_SET_ENCRYPTION_POLICY");
	return 0;
}

static int casefold(const char *dir)
{
	int fd = open_dir(dir), flags;

	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0)
		die("FS_IOC_GETFLAGS");
	flags |= FS_CASEFOLD_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0)
		die("FS_IOC_SETFLAGS");
	return 0;
}

static int mkfiles(const char *dir, int n)
{
	int dfd = open_dir(dir);
	char name[64];

	for (int i = 0; i < n; i++) {
		int fd;

		snprintf(name, sizeof(name), "entry-%05d", i);
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			die(name);
		close(fd);
	}
	return 0;
}

static int mkbytes(const char *dir)
{
	int dfd = open_dir(dir);
	char name[256];
	size_t n = 0;

	/* 1..127 in the first name, 128..255 in the second. */
	for (int c = 1; c < 256; c++) {
		if (c == '/' || c == '\n' || c == '\r' || c == '\\')
			continue;
		name[n++] = (char)c;
		if (c == 127 || c == 255) {
			int fd;

			name[n] = '\0';
			fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
			if (fd < 0 || write(fd, name, n) != (ssize_t)n)
				die("bytes name");
			close(fd);
			n = 0;
		}
	}
	return 0;
}

static int set_xattr(const char *path, const char *name, size_t len,
		     unsigned seed)
{
	unsigned char *v = malloc(len ? len : 1);

	for (size_t i = 0; i < len; i++)
		v[i] = (unsigned char)((i * 131 + seed * 7 + (i >> 8)) & 0xff);
	if (lsetxattr(path, name, v, len, 0) != 0)
		die(path);
	free(v);
	return 0;
}

static int set_hex(const char *path, const char *name, const char *hex)
{
	unsigned char v[4096];
	size_t n = unhex(hex, v, sizeof(v));

	if (lsetxattr(path, name, v, n, 0) != 0)
		die(path);
	return 0;
}

static size_t xattr_root_len;

static int print_xattrs(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	char names[65536];
	unsigned char value[65536];
	ssize_t n, vl;

	(void)st;
	(void)type;
	if (ftw->level == 1 && strcmp(path + ftw->base, "lost+found") == 0)
		return FTW_SKIP_SUBTREE;
	n = llistxattr(path, names, sizeof(names));
	if (n < 0)
		die(path);
	for (char *p = names; p < names + n; p += strlen(p) + 1) {
		vl = lgetxattr(path, p, value, sizeof(value));
		if (vl < 0)
			die(p);
		printf("X .%s %s ", path + xattr_root_len, p);
		for (ssize_t i = 0; i < vl; i++)
			printf("%02x", value[i]);
		printf("\n");
	}
	return FTW_CONTINUE;
}

static int list_xattrs(const char *root)
{
	xattr_root_len = strlen(root);
	if (nftw(root, print_xattrs, 16, FTW_PHYS | FTW_ACTIONRETVAL) != 0)
		die(root);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "addkey"))
		return add_key(argv[2], argv[3], NULL);
	if (argc == 5 && !strcmp(argv[1], "addkey1"))
		return add_key(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "rmkey"))
		return rm_key(argv[2], argv[3]);
	if (argc == 7 && !strcmp(argv[1], "policy"))
		return set_policy(argv + 2);
	if (argc == 3 && !strcmp(argv[1], "casefold"))
		return casefold(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "mkfiles"))
		return mkfiles(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "mkbytes"))
		return mkbytes(argv[2]);
	if (argc == 6 && !strcmp(argv[1], "setxattr"))
		return set_xattr(argv[2], argv[3], strtoul(argv[4], NULL, 0),
				 (unsigned)atoi(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "sethex"))
		return set_hex(argv[2], argv[3], argv[4]);
	if (argc == 3 && !strcmp(argv[1], "xattrs"))
		return list_xattrs(argv[2]);
	fprintf(stderr, "helper: bad arguments\n");
	return 2;
}
