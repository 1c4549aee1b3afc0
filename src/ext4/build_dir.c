// SPDX-License-Identifier: MIT
/*
 * Directories of the image builder.
 *
 * A directory the builder makes is kept in memory until the commit: its
 * entries carry their on-disk name (the ciphertext in an encrypted
 * directory, with NUL bytes possible, name_len = ciphertext length), so
 * that every name is encrypted once, with the directory's key prepared
 * once (the extcrypt_inode object).  At the commit each one is written as
 * a linear directory: "." and "..", then the entries packed in order, the
 * last of each block taking the rest of it, and the metadata_csum tail.
 * libext2fs's ext2fs_link cannot be used for them: it measures names
 * with strlen().
 *
 * Entries in a directory that was already on the image (the root) go
 * through ext2fs_link at once; those directories are plaintext.
 */
#include <stdlib.h>
#include <string.h>

#include "ext4/build_internal.h"
#include "ext4/casefold.h"

/* ---- ino -> directory map ---------------------------------------------- */

struct extcrypt_ext4b_dir *extcrypt_ext4b_dir_find(extcrypt_ext4_builder *b, uint32_t ino)
{
	struct extcrypt_ext4b_dir *d;

	if (!b->dir_map_size)
		return NULL;
	for (d = b->dir_map[ino % b->dir_map_size]; d; d = d->hash_next)
		if (d->ino == ino)
			return d;
	return NULL;
}

static int map_grow(extcrypt_ext4_builder *b)
{
	size_t n = b->dir_map_size ? b->dir_map_size * 2 : 1024;
	struct extcrypt_ext4b_dir **m = calloc(n, sizeof(*m));

	if (!m)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	for (size_t i = 0; i < b->dir_map_size; i++) {
		struct extcrypt_ext4b_dir *d = b->dir_map[i], *next;

		for (; d; d = next) {
			next = d->hash_next;
			d->hash_next = m[d->ino % n];
			m[d->ino % n] = d;
		}
	}
	free(b->dir_map);
	b->dir_map = m;
	b->dir_map_size = n;
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_dir_register(extcrypt_ext4_builder *b, uint32_t ino,
		       uint32_t parent, extcrypt_inode *crypt, bool casefold)
{
	struct extcrypt_ext4b_dir *d;
	int st;

	if (b->ndirs >= b->dir_map_size && (st = map_grow(b)) != EXTCRYPT_OK)
		return st;
	d = calloc(1, sizeof(*d));
	if (!d)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	d->ino = ino;
	d->parent = parent;
	d->crypt = crypt;
	d->encrypted = crypt != NULL;
	d->casefold = casefold;
	d->hash_next = b->dir_map[ino % b->dir_map_size];
	b->dir_map[ino % b->dir_map_size] = d;
	b->ndirs++;
	return EXTCRYPT_OK;
}

static void dir_free(struct extcrypt_ext4b_dir *d)
{
	for (size_t i = 0; i < d->nents; i++) {
		free(d->ents[i].name);
		free(d->plain[i]);
	}
	free(d->ents);
	free(d->plain);
	free(d->plain_len);
	free(d->names);
	extcrypt_inode_free(d->crypt);
	free(d);
}

void extcrypt_ext4b_dirs_free(extcrypt_ext4_builder *b)
{
	for (size_t i = 0; i < b->dir_map_size; i++) {
		struct extcrypt_ext4b_dir *d = b->dir_map[i], *next;

		for (; d; d = next) {
			next = d->hash_next;
			dir_free(d);
		}
	}
	free(b->dir_map);
	b->dir_map = NULL;
	b->dir_map_size = b->ndirs = 0;
}

/* ---- the plaintext-name set of a directory ------------------------------ */

static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

/* Slot of `name` in d->names: its entry (value != 0) or a free one. */
static size_t name_slot(const struct extcrypt_ext4b_dir *d, const char *name,
			size_t len)
{
	size_t mask = d->names_cap - 1, i = name_hash(name, len) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t v = d->names[i];

		if (!v || (d->plain_len[v - 1] == len &&
			   memcmp(d->plain[v - 1], name, len) == 0))
			return i;
	}
}

static int names_grow(struct extcrypt_ext4b_dir *d)
{
	size_t old = d->names_cap, n = old ? old * 2 : 64;
	uint32_t *o = d->names;

	d->names = calloc(n, sizeof(*d->names));
	if (!d->names) {
		d->names = o;
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	d->names_cap = n;
	for (size_t i = 0; i < old; i++)
		if (o[i]) {
			uint32_t v = o[i];

			d->names[name_slot(d, (char *)d->plain[v - 1],
					   d->plain_len[v - 1])] = v;
		}
	free(o);
	return EXTCRYPT_OK;
}

/* ---- checks and entries -------------------------------------------------- */

static int check_name(const char *name, size_t len)
{
	if (!name || len == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "empty name");
	if (len > EXTCRYPT_NAME_MAX)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NAME_TOO_LONG,
				  "name of %zu bytes (ext4 allows 255)", len);
	if (memchr(name, '/', len) || memchr(name, 0, len))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
				  "name contains '/' or a NUL byte");
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "name \".\" or \"..\"");
	return EXTCRYPT_OK;
}

/* The name as the directory's name set keys it: casefolded (Linux's
 * utf8_casefold, see casefold.c) in a casefolded directory, else as is. */
static int set_key(const extcrypt_ext4_builder *b,
		   const struct extcrypt_ext4b_dir *d, const char *name,
		   size_t len, uint8_t *folded, const uint8_t **key,
		   size_t *key_len)
{
	if (!d->casefold) {
		*key = (const uint8_t *)name;
		*key_len = len;
		return EXTCRYPT_OK;
	}
	*key = folded;
	return extcrypt_ext4r_casefold(b->fs->encoding, name, len, folded,
				       EXTCRYPT_EXT4R_CASEFOLD_MAX, key_len);
}

int extcrypt_ext4b_dir_check_new(extcrypt_ext4_builder *b, uint32_t parent,
			const char *name, size_t name_len,
			struct extcrypt_ext4b_dir **dir)
{
	struct ext2_inode_large *in;
	ext2_ino_t found;
	char cname[EXTCRYPT_NAME_MAX + 1];
	errcode_t err;
	int st = check_name(name, name_len);

	*dir = NULL;
	if (st)
		return st;
	*dir = extcrypt_ext4b_dir_find(b, parent);
	if (*dir) {
		uint8_t folded[EXTCRYPT_EXT4R_CASEFOLD_MAX];
		const uint8_t *key;
		size_t key_len;

		if ((st = set_key(b, *dir, name, name_len, folded, &key,
				  &key_len)) != EXTCRYPT_OK)
			return st;
		if ((*dir)->names_cap &&
		    (*dir)->names[name_slot(*dir, (const char *)key, key_len)])
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_EXIST,
					  "inode %u: an entry of that name exists",
					  parent);
		return EXTCRYPT_OK;
	}
	/* A directory that was on the image before. */
	if (parent < EXT2_ROOT_INO || parent > b->fs->super->s_inodes_count)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT,
				  "no inode %u", parent);
	in = (struct ext2_inode_large *)b->block_buf;
	if ((st = extcrypt_ext4b_read_inode(b, parent, in)) != EXTCRYPT_OK)
		return st;
	if (!LINUX_S_ISDIR(in->i_mode) || in->i_links_count == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
				  "inode %u is not a directory", parent);
	if (in->i_flags & (EXT4_ENCRYPT_FL | EXT4_CASEFOLD_FL))
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "inode %u: adding to an encrypted or casefolded directory the builder did not make",
				  parent);
	memcpy(cname, name, name_len);
	cname[name_len] = 0;
	err = ext2fs_lookup(b->fs, parent, cname, (int)name_len, NULL, &found);
	if (err == 0)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_EXIST,
				  "inode %u: an entry of that name exists",
				  parent);
	if (err != EXT2_ET_FILE_NOT_FOUND)
		return extcrypt_ext4b_fail_ext2(err, parent, "looking up a name");
	return EXTCRYPT_OK;
}

static int add_existing(extcrypt_ext4_builder *b, uint32_t parent,
			const char *name, size_t name_len, uint32_t ino,
			uint8_t file_type)
{
	char cname[EXTCRYPT_NAME_MAX + 1];
	errcode_t err;

	memcpy(cname, name, name_len);
	cname[name_len] = 0;
	err = ext2fs_link(b->fs, parent, cname, ino, file_type);
	if (err == EXT2_ET_DIR_NO_SPACE) {
		err = ext2fs_expand_dir(b->fs, parent);
		if (!err)
			err = ext2fs_link(b->fs, parent, cname, ino, file_type);
	}
	if (err)
		return extcrypt_ext4b_fail_ext2(err, parent, "adding a directory entry");
	if (file_type == EXT2_FT_DIR) {
		struct ext2_inode_large *in = (void *)b->block_buf;
		int st = extcrypt_ext4b_read_inode(b, parent, in);

		if (st)
			return st;
		/* dir_nlink: past 65000 the count sticks at 1. */
		if (in->i_links_count > 1 && in->i_links_count < 64999)
			in->i_links_count++;
		else
			in->i_links_count = 1;
		return extcrypt_ext4b_write_inode(b, parent, in, false);
	}
	return EXTCRYPT_OK;
}

/* Appends a copy of `proto` to `d`; `key` (the name as the set keys it;
 * NULL for a raw entry) goes into the set of names that refuses
 * duplicates. */
static int dir_append(struct extcrypt_ext4b_dir *d,
		      const struct extcrypt_ext4b_dirent *proto,
		      const uint8_t *key, size_t key_len)
{
	struct extcrypt_ext4b_dirent *e;
	int st;

	if (key && (d->nents + 1) * 2 > d->names_cap &&
	    (st = names_grow(d)) != EXTCRYPT_OK)
		return st;
	if (d->nents == d->cap) {
		size_t n = d->cap ? d->cap * 2 : 16;
		void *p1 = realloc(d->ents, n * sizeof(*d->ents));

		if (p1)
			d->ents = p1;
		void *p2 = p1 ? realloc(d->plain, n * sizeof(*d->plain)) : NULL;

		if (p2)
			d->plain = p2;
		void *p3 = p2 ? realloc(d->plain_len, n * sizeof(*d->plain_len)) : NULL;

		if (!p3)
			return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
		d->plain_len = p3;
		d->cap = n;
	}
	e = &d->ents[d->nents];
	*e = *proto;
	e->name = malloc(proto->name_len ? proto->name_len : 1);
	d->plain[d->nents] = key ? malloc(key_len ? key_len : 1) : NULL;
	if (!e->name || (key && !d->plain[d->nents])) {
		free(e->name);
		free(d->plain[d->nents]);
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	memcpy(e->name, proto->name, proto->name_len);
	if (key)
		memcpy(d->plain[d->nents], key, key_len);
	d->plain_len[d->nents] = (uint16_t)key_len;
	d->nents++;
	if (key)
		d->names[name_slot(d, (const char *)key, key_len)] = (uint32_t)d->nents;
	if (e->file_type == EXT2_FT_DIR)
		d->nsubdirs++;
	return EXTCRYPT_OK;
}

int extcrypt_ext4b_dir_add_raw(extcrypt_ext4_builder *b, uint32_t parent,
		      const struct extcrypt_ext4b_dirent *e)
{
	struct extcrypt_ext4b_dir *d = extcrypt_ext4b_dir_find(b, parent);

	if (!d)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
				  "inode %u: not a directory the builder made",
				  parent);
	return dir_append(d, e, NULL, 0);
}

int extcrypt_ext4b_dir_add(extcrypt_ext4_builder *b, uint32_t parent,
		  const char *name, size_t name_len, uint32_t ino,
		  uint8_t file_type)
{
	struct extcrypt_ext4b_dir *d = extcrypt_ext4b_dir_find(b, parent);
	struct extcrypt_ext4b_dirent e = { .ino = ino, .file_type = file_type };
	uint8_t ct[EXTCRYPT_NAME_MAX];
	size_t ct_len = name_len, key_len;
	uint8_t folded[EXTCRYPT_EXT4R_CASEFOLD_MAX];
	const uint8_t *key;
	uint64_t h = 0;
	int st;

	if (!d)
		return add_existing(b, parent, name, name_len, ino, file_type);
	if (d->encrypted && !d->crypt)
		return extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				  "inode %u: encrypted directory without its key",
				  parent);
	if ((st = set_key(b, d, name, name_len, folded, &key, &key_len)) != EXTCRYPT_OK)
		return st;
	/* casefold + encrypt: SipHash of the folded name with the
	 * directory's dirhash key (fscrypt_fname_siphash). */
	if (d->casefold && d->crypt &&
	    (st = extcrypt_inode_dirhash(d->crypt, key, key_len, &h)) != EXTCRYPT_OK)
		return extcrypt_ext4r_fail_core(st, parent, "hashing a name");
	if (d->crypt) {
		st = extcrypt_inode_encrypt_name(d->crypt, (const uint8_t *)name,
						 name_len, 0, ct, sizeof(ct),
						 &ct_len);
		if (st)
			return extcrypt_ext4r_fail_core(st, parent, "encrypting a name");
	} else {
		memcpy(ct, name, name_len);
	}
	e.name = ct;
	e.name_len = (uint8_t)ct_len;
	e.has_hash = d->casefold && d->crypt;
	if (e.has_hash)
		extcrypt_ext4r_siphash_pair(h, &e.hash, &e.minor);
	return dir_append(d, &e, key, key_len);
}

/* ---- writing at the commit ------------------------------------------------ */

size_t extcrypt_ext4b_rec_len(size_t name_len)
{
	return (8 + name_len + 3) & ~(size_t)3;
}

size_t extcrypt_ext4b_entry_len(const struct extcrypt_ext4b_dirent *e)
{
	return extcrypt_ext4b_rec_len(e->name_len) + (e->has_hash ? 8 : 0);
}

void extcrypt_ext4b_put_entry(uint8_t *p, const struct extcrypt_ext4b_dirent *e, size_t rlen)
{
	extcrypt_ext4b_put_dirent(p, e->ino, rlen, e->name, e->name_len, e->file_type);
	if (e->has_hash) {
		/* At the first 4-byte boundary after the name. */
		uint8_t *hp = p + extcrypt_ext4b_rec_len(e->name_len);

		for (int i = 0; i < 4; i++) {
			hp[i] = (uint8_t)(e->hash >> (8 * i));
			hp[4 + i] = (uint8_t)(e->minor >> (8 * i));
		}
	}
}

void extcrypt_ext4b_put_dirent(uint8_t *p, uint32_t ino, size_t rlen,
		      const uint8_t *name, size_t name_len, uint8_t type)
{
	p[0] = (uint8_t)ino;
	p[1] = (uint8_t)(ino >> 8);
	p[2] = (uint8_t)(ino >> 16);
	p[3] = (uint8_t)(ino >> 24);
	p[4] = (uint8_t)rlen;
	p[5] = (uint8_t)(rlen >> 8);
	p[6] = (uint8_t)name_len;
	p[7] = type;
	memcpy(p + 8, name, name_len);
}

static void set_rec_len(uint8_t *p, size_t rlen)
{
	/* Blocks are at most 32 KiB (build_open): rec_len fits 16 bits. */
	p[4] = (uint8_t)rlen;
	p[5] = (uint8_t)(rlen >> 8);
}

/* Lays out the directory `d` in `buf` (room for `cap` blocks); returns the
 * number of blocks. */
static size_t layout(extcrypt_ext4_builder *b, const struct extcrypt_ext4b_dir *d,
		     uint8_t *buf, size_t usable)
{
	size_t bs = b->block_size, blk = 0, pos, last;

	memset(buf, 0, bs);
	extcrypt_ext4b_put_dirent(buf, d->ino, 12, (const uint8_t *)".", 1, EXT2_FT_DIR);
	extcrypt_ext4b_put_dirent(buf + 12, d->parent, 12, (const uint8_t *)"..", 2,
		   EXT2_FT_DIR);
	last = 12;
	pos = 24;
	for (size_t i = 0; i < d->nents; i++) {
		const struct extcrypt_ext4b_dirent *e = &d->ents[i];
		size_t r = extcrypt_ext4b_entry_len(e);

		if (pos + r > usable) {
			set_rec_len(buf + blk * bs + last, usable - last);
			blk++;
			memset(buf + blk * bs, 0, bs);
			pos = 0;
		}
		extcrypt_ext4b_put_entry(buf + blk * bs + pos, e, r);
		last = pos;
		pos += r;
	}
	set_rec_len(buf + blk * bs + last, usable - last);
	return blk + 1;
}

static int write_dir(extcrypt_ext4_builder *b, struct extcrypt_ext4b_dir *d)
{
	size_t bs = b->block_size, need = 24, nblocks, first_leaf = 0;
	bool csum = ext2fs_has_feature_metadata_csum(b->fs->super);
	size_t usable = bs - (csum ? 12 : 0);
	struct ext2_inode_large *in;
	uint8_t *buf;
	int st;

	for (size_t i = 0; i < d->nents; i++)
		need += extcrypt_ext4b_entry_len(&d->ents[i]);
	/* Upper bound: each block loses less than one entry's room. */
	nblocks = need / (usable - 264) + 2;
	buf = calloc(nblocks, bs);
	in = calloc(1, b->inode_size);
	if (!buf || !in) {
		free(buf);
		free(in);
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	nblocks = layout(b, d, buf, usable);
	/* More than one block: index it, as the kernel does when a directory
	 * outgrows its first block. */
	if (nblocks > 1 && ext2fs_has_feature_dir_index(b->fs->super)) {
		uint8_t *hbuf;
		size_t hblocks;

		st = extcrypt_ext4b_dir_layout_htree(b, d, usable, &hbuf, &hblocks,
					    &first_leaf);
		if (st < 0)
			goto out;
		if (st == 0) {
			free(buf);
			buf = hbuf;
			nblocks = hblocks;
		}
	}
	for (size_t i = 0; csum && i < nblocks; i++) {
		uint8_t *t = buf + (i + 1) * bs - 12;
		errcode_t err;

		if (i >= first_leaf) {
			memset(t, 0, 12);
			t[4] = 12;   /* det_rec_len */
			t[7] = 0xDE; /* det_reserved_name_len: file type 0xDE */
		}
		err = ext2fs_dir_block_csum_set(b->fs, d->ino,
						(struct ext2_dir_entry *)(buf + i * bs));
		if (err) {
			st = extcrypt_ext4b_fail_ext2(err, d->ino, "directory checksum");
			goto out;
		}
	}
	st = extcrypt_ext4b_read_inode(b, d->ino, in);
	if (!st)
		st = extcrypt_ext4b_write_blocks(b, d->ino, in, 0, buf, nblocks * bs);
	if (!st) {
		uint64_t size = (uint64_t)nblocks * bs;

		in->i_size = (uint32_t)size;
		in->i_size_high = (uint32_t)(size >> 32);
		if (first_leaf)
			in->i_flags |= EXT2_INDEX_FL;
		in->i_links_count = d->nsubdirs + 2 < 65000
					    ? (uint16_t)(d->nsubdirs + 2)
					    : 1;
		st = extcrypt_ext4b_write_inode(b, d->ino, in, false);
	}
out:
	free(buf);
	free(in);
	return st;
}

int extcrypt_ext4b_dirs_write(extcrypt_ext4_builder *b)
{
	for (size_t i = 0; i < b->dir_map_size; i++)
		for (struct extcrypt_ext4b_dir *d = b->dir_map[i]; d; d = d->hash_next) {
			int st = write_dir(b, d);

			if (st)
				return st;
		}
	return EXTCRYPT_OK;
}
