// SPDX-License-Identifier: MIT
/*
 * Regular files and symlinks of the image builder.
 *
 * Contents: every data block that holds data in the source is written
 * whole; in an encrypted file it is encrypted data unit by data unit with
 * the data-unit index (file offset / unit size) as IV, the tail of the
 * last block zero-padded before encryption, and i_size stays the
 * plaintext size (the kernel does the same when it writes back a page).
 * Holes of the source (SEEK_DATA/SEEK_HOLE) stay holes: the kernel never
 * decrypts unmapped blocks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ext4/build_internal.h"

/* Where the contents come from: a buffer, or a file descriptor. */
struct src {
	const uint8_t *buf;
	int fd;
	uint64_t size;
};

static int src_read(const struct src *s, uint32_t ino, uint64_t off,
		    uint8_t *dst, size_t len)
{
	size_t done = 0;

	if (s->buf) {
		memcpy(dst, s->buf + off, len);
		return EXTCRYPT_OK;
	}
	while (done < len) {
		ssize_t r = pread(s->fd, dst + done, len - done,
				  (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_IO,
					  "inode %u: reading the source: %s",
					  ino, strerror(errno));
		if (r == 0)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_IO,
					  "inode %u: the source changed size while being read (shrank)",
					  ino);
		done += (size_t)r;
	}
	return EXTCRYPT_OK;
}

/* Next data region at or after `from`: [*start, *end).  Returns false
 * when there is none. */
static bool next_data(const struct src *s, uint64_t from, uint64_t *start,
		      uint64_t *end)
{
	off_t d, h;

	*start = from;
	*end = s->size;
	if (s->buf)
		return from < s->size;
	d = lseek(s->fd, (off_t)from, SEEK_DATA);
	if (d < 0)
		return errno != ENXIO && from < s->size; /* no SEEK_DATA: all data */
	h = lseek(s->fd, d, SEEK_HOLE);
	*start = (uint64_t)d;
	if (h > d && (uint64_t)h < s->size)
		*end = (uint64_t)h;
	return *start < s->size;
}

static int write_contents(extcrypt_ext4_builder *b, struct extcrypt_ext4b_new *n,
			  const struct src *s)
{
	uint64_t bs = b->block_size, next_lblk = 0, from = 0, start, end;
	uint32_t du = n->crypt ? extcrypt_inode_data_unit_size(n->crypt) : 1;
	int st;

	while (from < s->size && next_data(s, from, &start, &end)) {
		uint64_t lb = start / bs, le = (end + bs - 1) / bs;

		if (lb < next_lblk)
			lb = next_lblk;
		for (uint64_t l = lb; l < le;) {
			size_t nb = le - l < EXT4B_IO_BLOCKS ? (size_t)(le - l)
							     : EXT4B_IO_BLOCKS;
			size_t len = nb * bs;
			uint64_t off = l * bs;
			size_t valid = s->size - off < len ? (size_t)(s->size - off)
							   : len;

			st = src_read(s, n->ino, off, b->io_buf, valid);
			if (st)
				return st;
			memset(b->io_buf + valid, 0, len - valid);
			if (n->crypt) {
				st = extcrypt_inode_encrypt(n->crypt, off / du,
							    b->io_buf, b->io_buf,
							    len);
				if (st)
					return extcrypt_ext4r_fail_core(st, n->ino,
							       "encrypting contents");
			}
			st = extcrypt_ext4b_write_blocks(b, n->ino, n->in, l, b->io_buf,
						len);
			if (st)
				return st;
			l += nb;
		}
		next_lblk = le;
		from = le * bs;
	}
	if (!s->buf) {
		struct stat stt;
		uint8_t c;

		if (pread(s->fd, &c, 1, (off_t)s->size) > 0 ||
		    (fstat(s->fd, &stt) == 0 && (uint64_t)stt.st_size != s->size))
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_IO,
					  "inode %u: the source changed size while being read",
					  n->ino);
	}
	return EXTCRYPT_OK;
}

static int build_file(extcrypt_ext4_builder *b, uint64_t parent,
		      const char *name, size_t name_len,
		      const struct extcrypt_ext4_build_attr *attr,
		      const struct src *s, uint64_t *ino)
{
	struct extcrypt_ext4b_new n;
	int st = extcrypt_ext4b_create_begin(b, parent, name, name_len, attr,
				    LINUX_S_IFREG | (attr ? attr->mode & 07777 : 0),
				    NULL, &n);

	if (!st)
		st = extcrypt_ext4b_inode_init_extents(b, n.ino, n.in);
	/* On disk before the blocks: libext2fs's bmap rewrites its first
	 * 128 bytes and must find the rest (the context) in place. */
	if (!st)
		st = extcrypt_ext4b_write_inode(b, n.ino, n.in, true);
	if (!st)
		st = write_contents(b, &n, s);
	if (!st) {
		n.in->i_size = (uint32_t)s->size;
		n.in->i_size_high = (uint32_t)(s->size >> 32);
		if (s->size >= 0x80000000ull &&
		    !ext2fs_has_feature_large_file(b->fs->super)) {
			ext2fs_set_feature_large_file(b->fs->super);
			ext2fs_mark_super_dirty(b->fs);
		}
		st = extcrypt_ext4b_create_finish(b, &n, name, name_len, ino);
	}
	extcrypt_inode_free(n.crypt);
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_file(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	const void *data, uint64_t size, uint64_t *ino)
{
	struct src s = { .buf = data, .fd = -1, .size = size };
	static const uint8_t empty[1];

	if (!data && size)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL data");
	if (!data)
		s.buf = empty;
	return build_file(b, parent, name, name_len, attr, &s, ino);
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_file_fd(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr, int fd,
	uint64_t *ino)
{
	struct src s = { .buf = NULL, .fd = fd };
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "bad file descriptor");
	if (!S_ISREG(st.st_mode))
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE, "not a regular file");
	s.size = (uint64_t)st.st_size;
	return build_file(b, parent, name, name_len, attr, &s, ino);
}

/* The bytes stored for a symlink target: {le16 len; ciphertext} when
 * encrypted (fscrypt_encrypt_symlink), else the target itself. */
static int symlink_disk(extcrypt_ext4_builder *b, const struct extcrypt_ext4b_new *n,
			const char *target, size_t len, uint8_t *out,
			size_t *out_len)
{
	size_t ct_len;
	int st;

	if (!n->crypt) {
		/* The kernel stores the NUL too: len + 1 must fit a block. */
		if (len + 1 > b->block_size)
			return extcrypt_ext4r_fail(EXTCRYPT_E_NAME_TOO_LONG,
					  "symlink target of %zu bytes does not fit a block",
					  len);
		memcpy(out, target, len);
		*out_len = len;
		return EXTCRYPT_OK;
	}
	/* Ciphertext of at most block - 2 (length) - 1 (the kernel's NUL). */
	st = extcrypt_inode_encrypt_name(n->crypt, (const uint8_t *)target,
					 len, b->block_size - 3, out + 2,
					 b->block_size - 2, &ct_len);
	if (st)
		return extcrypt_ext4r_fail_core(st, n->ino, "encrypting the symlink target");
	out[0] = (uint8_t)ct_len;
	out[1] = (uint8_t)(ct_len >> 8);
	*out_len = ct_len + 2;
	return EXTCRYPT_OK;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_build_symlink(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	const char *target, size_t target_len, uint64_t *ino)
{
	struct extcrypt_ext4b_new n;
	uint8_t *disk = NULL;
	size_t disk_len = 0;
	int st;

	if (!target || target_len == 0 || memchr(target, 0, target_len))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
				  "symlink target empty or with a NUL byte");
	if (target_len >= 4096)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NAME_TOO_LONG,
				  "symlink target of %zu bytes (PATH_MAX is 4096)",
				  target_len);
	st = extcrypt_ext4b_create_begin(b, parent, name, name_len, attr,
				LINUX_S_IFLNK | 0777, NULL, &n);
	if (!st && !(disk = calloc(1, b->block_size)))
		st = extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	if (!st)
		st = symlink_disk(b, &n, target, target_len, disk, &disk_len);
	if (st)
		goto out;
	if (disk_len + 1 <= sizeof(n.in->i_block)) {
		/* Fast symlink: in i_block, no extent tree (ext4_symlink). */
		memcpy(n.in->i_block, disk, disk_len);
	} else {
		st = extcrypt_ext4b_inode_init_extents(b, n.ino, n.in);
		if (!st)
			st = extcrypt_ext4b_write_inode(b, n.ino, n.in, true);
		if (!st)
			st = extcrypt_ext4b_write_blocks(b, n.ino, n.in, 0, disk,
						b->block_size);
	}
	n.in->i_size = (uint32_t)disk_len;
	if (!st)
		st = extcrypt_ext4b_create_finish(b, &n, name, name_len, ino);
out:
	free(disk);
	extcrypt_inode_free(n.crypt);
	return st;
}
