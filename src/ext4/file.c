// SPDX-License-Identifier: MIT
/*
 * Regular file contents and symlink targets.
 *
 * Encrypted contents are whole data units of ciphertext: a data unit is
 * decrypted with its index within the file (byte offset / unit size) as
 * the IV's index; a filesystem block holds blocksize / unit_size units.
 * Holes and unwritten extents are zeros and never decrypted.  Reads go a
 * run of physically contiguous blocks at a time (a whole extent, up to
 * what the caller asked for), straight into the caller's buffer, and are
 * decrypted there in one call; a run the request starts or ends inside
 * a block of is read whole into a scratch buffer kept in the handle, so
 * that a small file is still one read.
 */
#include <stdlib.h>
#include <string.h>

#include "ext4/ext4_internal.h"
#include "extcrypt/nokey_name.h"

static int open_regular(extcrypt_ext4 *fs, uint64_t ino,
			struct extcrypt_ext4r_inode *in)
{
	int st = extcrypt_ext4r_read_inode(fs, ino, in);

	if (st)
		return st;
	if (!LINUX_S_ISREG(in->mode)) {
		extcrypt_ext4r_put_inode(in);
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
				  "inode %llu: not a regular file",
				  (unsigned long long)ino);
	}
	return EXTCRYPT_OK;
}

/* Decrypts `nblocks` blocks starting at logical block `lblk` in place. */
static int decrypt_blocks(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
			  extcrypt_inode *crypt, uint64_t lblk, uint8_t *buf,
			  size_t nblocks)
{
	uint32_t du = extcrypt_inode_data_unit_size(crypt);
	uint64_t per_block = fs->block_size / du;
	int st;

	st = extcrypt_inode_decrypt(crypt, lblk * per_block, buf, buf,
				    nblocks * fs->block_size);
	if (st)
		return extcrypt_ext4r_fail_core(st, in->ino, "decrypting contents");
	return EXTCRYPT_OK;
}

/* A buffer of at least `size` bytes owned by `fs` (grown, never shrunk),
 * for blocks the request covers only part of. */
static uint8_t *scratch(extcrypt_ext4 *fs, size_t size)
{
	if (fs->scratch_size < size) {
		uint8_t *p = realloc(fs->scratch, size);

		if (!p)
			return NULL;
		fs->scratch = p;
		fs->scratch_size = size;
	}
	return fs->scratch;
}

/* At most this much of a run goes through the scratch buffer at once. */
#define EXTCRYPT_EXT4R_SCRATCH_MAX ((size_t)1 << 20)

static int read_range(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		      extcrypt_inode *crypt, uint64_t offset, uint8_t *out,
		      size_t len)
{
	struct extcrypt_ext4r_map map = { 0 };
	uint64_t last_lblk = (offset + len - 1) >> fs->block_bits;
	size_t done = 0;
	int st = EXTCRYPT_OK;

	while (done < len) {
		uint64_t pos = offset + done;
		uint64_t lblk = pos >> fs->block_bits;
		size_t in_block = pos & (fs->block_size - 1);
		size_t take = len - done;
		/* Blocks the rest of the request touches, from lblk. */
		uint64_t need = (in_block + take + fs->block_size - 1) >> fs->block_bits;
		uint64_t pblk, n;
		uint8_t *buf;

		st = extcrypt_ext4r_map_run(fs, in, &map, lblk,
					    last_lblk - lblk + 1, &pblk, &n);
		if (st)
			break;
		if (pblk == 0) { /* a hole of n blocks */
			if (take > n * fs->block_size - in_block)
				take = (size_t)(n * fs->block_size - in_block);
			memset(out + done, 0, take);
			done += take;
			continue;
		}
		if (n > need)
			n = need;
		if (in_block == 0 && (take >> fs->block_bits) > 0 &&
		    ((take & (fs->block_size - 1)) == 0 || n < need ||
		     n << fs->block_bits > EXTCRYPT_EXT4R_SCRATCH_MAX)) {
			/* Whole blocks straight into the caller's buffer,
			 * decrypted in place; a partial last block comes
			 * next time round. */
			if (n > take >> fs->block_bits)
				n = take >> fs->block_bits;
			take = (size_t)n << fs->block_bits;
			buf = out + done;
		} else {
			/* The run through the scratch buffer: one read even
			 * when the request starts or ends inside a block. */
			if (n << fs->block_bits > EXTCRYPT_EXT4R_SCRATCH_MAX)
				n = EXTCRYPT_EXT4R_SCRATCH_MAX >> fs->block_bits;
			if (take > (n << fs->block_bits) - in_block)
				take = (size_t)(n << fs->block_bits) - in_block;
			buf = scratch(fs, (size_t)n << fs->block_bits);
			if (!buf) {
				st = extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM,
							 "out of memory");
				break;
			}
		}
		st = extcrypt_ext4r_read_blocks(fs, in->ino, pblk, (size_t)n, buf);
		if (st == 0 && crypt)
			st = decrypt_blocks(fs, in, crypt, lblk, buf, (size_t)n);
		if (st)
			break;
		if (buf != out + done)
			memcpy(out + done, buf + in_block, take);
		done += take;
	}
	extcrypt_ext4r_map_done(&map);
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_read(extcrypt_ext4 *fs, uint64_t ino,
					 uint64_t offset, void *buf, size_t len,
					 size_t *nread)
{
	struct extcrypt_ext4r_inode in;
	extcrypt_inode *crypt = NULL;
	int st;

	if (nread)
		*nread = 0;
	if (!fs || !nread || (!buf && len))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	st = open_regular(fs, ino, &in);
	if (st)
		return st;
	if (offset >= in.size || len == 0)
		goto out;
	if (len > in.size - offset)
		len = (size_t)(in.size - offset);
	if (extcrypt_ext4r_is_encrypted(&in)) {
		st = extcrypt_ext4r_inode_crypt(fs, &in, &crypt);
		if (st)
			goto out;
	}
	st = read_range(fs, &in, crypt, offset, buf, len);
	if (st == EXTCRYPT_OK)
		*nread = len;
out:
	extcrypt_ext4r_put_inode(&in);
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_next_data(extcrypt_ext4 *fs, uint64_t ino,
					      uint64_t offset, uint64_t *data,
					      uint64_t *data_end)
{
	struct extcrypt_ext4r_inode in;
	uint64_t lblk, nblocks;
	int st;

	if (!fs || !data || !data_end)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	st = open_regular(fs, ino, &in);
	if (st)
		return st;
	*data = *data_end = in.size;
	nblocks = (in.size + fs->block_size - 1) >> fs->block_bits;
	lblk = offset >> fs->block_bits;
	if (offset < in.size) {
		uint64_t start, end;

		st = extcrypt_ext4r_next_run(fs, &in, lblk, &start, &end);
		if (st == EXTCRYPT_OK && end != 0 && start < nblocks) {
			*data = start << fs->block_bits;
			if (*data < offset)
				*data = offset;
			*data_end = (end < nblocks ? end : nblocks)
				    << fs->block_bits;
			if (*data_end > in.size)
				*data_end = in.size;
		}
	}
	extcrypt_ext4r_put_inode(&in);
	return st;
}

/* The stored target: i_block for fast symlinks, else the first block. */
int extcrypt_ext4r_symlink_raw(extcrypt_ext4 *fs, const struct extcrypt_ext4r_inode *in,
		      uint8_t *raw, size_t *raw_len)
{
	uint64_t pblk;
	int st;

	if (in->size == 0 || in->size >= fs->block_size || in->size > 4096)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: symlink size %llu out of range",
				  (unsigned long long)in->ino,
				  (unsigned long long)in->size);
	/* Fast: the target is in i_block (kernel and e2fsprogs agree on
	 * "size below 60"); an inline-data symlink is refused by the map. */
	if (in->size < sizeof(in->raw->i_block) &&
	    !(in->flags & EXT4_INLINE_DATA_FL)) {
		memcpy(raw, in->raw->i_block, (size_t)in->size);
		*raw_len = (size_t)in->size;
		return EXTCRYPT_OK;
	}
	st = extcrypt_ext4r_map_block(fs, in, 0, &pblk);
	if (st)
		return st;
	if (pblk == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "inode %llu: slow symlink without a block",
				  (unsigned long long)in->ino);
	{
		uint8_t *b = malloc(fs->block_size);

		if (!b)
			return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
		st = extcrypt_ext4r_read_block(fs, in->ino, pblk, b);
		if (st == 0) {
			memcpy(raw, b, (size_t)in->size);
			*raw_len = (size_t)in->size;
		}
		free(b);
	}
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_readlink(extcrypt_ext4 *fs, uint64_t ino,
					     uint8_t *buf, size_t cap,
					     size_t *len)
{
	struct extcrypt_ext4r_inode in;
	uint8_t raw[4096];
	char plain[4097];
	size_t raw_len = 0, ct_len, plain_len;
	extcrypt_inode *crypt;
	int st;

	if (!fs || !buf || !len)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	st = extcrypt_ext4r_read_inode(fs, ino, &in);
	if (st)
		return st;
	if (!LINUX_S_ISLNK(in.mode)) {
		st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
				"inode %llu: not a symlink",
				(unsigned long long)ino);
		goto out;
	}
	st = extcrypt_ext4r_symlink_raw(fs, &in, raw, &raw_len);
	if (st)
		goto out;
	if (!extcrypt_ext4r_is_encrypted(&in)) {
		if (raw_len > cap) {
			st = extcrypt_ext4r_fail(EXTCRYPT_E_OUTPUT_SPACE,
					"inode %llu: target longer than the buffer",
					(unsigned long long)ino);
			goto out;
		}
		memcpy(buf, raw, raw_len);
		*len = raw_len;
		goto out;
	}
	/* {__le16 len; ciphertext}: without the key, Linux shows the no-key
	 * form of the ciphertext, with hash 0. */
	st = extcrypt_ext4r_inode_crypt(fs, &in, &crypt);
	if (st == EXTCRYPT_EXT4_E_NOKEY) {
		ct_len = raw_len >= 2 ? (size_t)(raw[0] | raw[1] << 8) : 0;
		if (raw_len < 2 || ct_len == 0 || ct_len + 2 > raw_len) {
			st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					"inode %llu: encrypted symlink length field %zu does not fit its size %zu",
					(unsigned long long)ino, ct_len, raw_len);
			goto out;
		}
		st = extcrypt_nokey_name_encode(raw + 2, ct_len, 0, 0, plain,
						sizeof(plain), &plain_len);
	} else if (st == 0) {
		st = extcrypt_inode_decrypt_symlink(crypt, raw, raw_len, plain,
						    sizeof(plain), &plain_len);
	} else {
		goto out;
	}
	if (st) {
		st = extcrypt_ext4r_fail_core(st == EXTCRYPT_E_BAD_NAME
					     ? EXTCRYPT_EXT4_E_CORRUPT
					     : st,
				     ino, "encrypted symlink");
		goto out;
	}
	if (plain_len > cap) {
		st = extcrypt_ext4r_fail(EXTCRYPT_E_OUTPUT_SPACE,
				"inode %llu: target longer than the buffer",
				(unsigned long long)ino);
		goto out;
	}
	memcpy(buf, plain, plain_len);
	*len = plain_len;
out:
	extcrypt_ext4r_put_inode(&in);
	return st;
}
