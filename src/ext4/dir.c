// SPDX-License-Identifier: MIT
/*
 * Directories: entries with their names decrypted, or the no-key names
 * Linux shows without the key, and path lookup.
 *
 * The no-key name carries the hash pair Linux's readdir had at hand
 * (fs/ext4/dir.c, namei.c): ext4 reads a directory through its htree code
 * when the filesystem has dir_index and the directory is indexed or
 * exactly one block long; the pair is then the htree hash of the
 * ciphertext name (hash version from the dx root, or the superblock's
 * default, "unsigned" variants per s_flags; the superblock's seed).  In a
 * casefold+encrypt directory it is the pair stored after the name.
 * Otherwise (a longer unindexed directory) it is 0, 0.
 *
 * Blocks are parsed here, not with ext2fs_dir_iterate, so that every
 * record is checked against the block it must stay in and the hash after
 * a casefolded encrypted name is read from a checked place.
 */
#include <stdlib.h>
#include <string.h>

#include "ext4/casefold.h"
#include "ext4/ext4_internal.h"
#include "extcrypt/nokey_name.h"

#define DX_ROOT_HASH_VERSION_OFFSET 28
#define DIRENT_HEADER 8

/* Internal flag: also report "." and "..". */
#define ITER_DOTS 0x100

enum hash_source { HASH_NONE, HASH_HTREE, HASH_DIRENT };

struct dir_walk {
	extcrypt_ext4 *fs;
	struct extcrypt_ext4r_inode dir;
	extcrypt_inode *crypt; /* NULL: no key (or not encrypted) */
	bool encrypted;
	enum hash_source hash_source;
	int hash_version;
	unsigned flags;
	extcrypt_ext4_dirent_fn fn;
	void *arg;
};

static uint16_t le16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int adjust_hash_version(const extcrypt_ext4 *fs, int v)
{
	if (v <= EXT2_HASH_TEA &&
	    (fs->fs->super->s_flags & EXT2_FLAGS_UNSIGNED_HASH))
		v += 3;
	return v;
}

/* Decides which hash pair no-key names get (see the top comment). */
static int pick_hash_source(struct dir_walk *w, const uint8_t *block0)
{
	extcrypt_ext4 *fs = w->fs;
	bool indexed = (w->dir.flags & EXT2_INDEX_FL) != 0;

	w->hash_source = HASH_NONE;
	if (w->encrypted && (w->dir.flags & EXT4_CASEFOLD_FL)) {
		w->hash_source = HASH_DIRENT;
		return EXTCRYPT_OK;
	}
	if (!ext2fs_has_feature_dir_index(fs->fs->super))
		return EXTCRYPT_OK;
	if (indexed) {
		if (!block0)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					  "inode %llu: indexed directory without a first block",
					  (unsigned long long)w->dir.ino);
		w->hash_version = adjust_hash_version(
			fs, block0[DX_ROOT_HASH_VERSION_OFFSET]);
		w->hash_source = HASH_HTREE;
	} else if ((w->dir.size >> fs->block_bits) == 1) {
		w->hash_version =
			adjust_hash_version(fs, fs->fs->super->s_def_hash_version);
		w->hash_source = HASH_HTREE;
	}
	return EXTCRYPT_OK;
}

static int entry_hash(struct dir_walk *w, const uint8_t *de, size_t name_len,
		      uint32_t *hash, uint32_t *minor)
{
	ext2_dirhash_t h = 0, m = 0;
	errcode_t err;

	*hash = *minor = 0;
	if (w->hash_source == HASH_DIRENT) {
		const uint8_t *p = de + DIRENT_HEADER + ((name_len + 3) & ~3u);

		*hash = le32_at(p);
		*minor = le32_at(p + 4);
	} else if (w->hash_source == HASH_HTREE) {
		err = ext2fs_dirhash2(w->hash_version,
				      (const char *)de + DIRENT_HEADER,
				      (int)name_len, NULL, 0,
				      w->fs->fs->super->s_hash_seed, &h, &m);
		if (err)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					  "inode %llu: unknown directory hash version %d",
					  (unsigned long long)w->dir.ino,
					  w->hash_version);
		*hash = h;
		*minor = m;
	}
	return EXTCRYPT_OK;
}

/* Whether encrypting `name` again gives exactly the stored ciphertext:
 * the padding was all NUL and the length the policy's. */
static bool canonical(const struct dir_walk *w, const uint8_t *disk,
		      size_t disk_len, const char *name, size_t name_len)
{
	uint8_t again[EXTCRYPT_NAME_MAX];
	size_t len;

	if (name_len == 0 ||
	    extcrypt_inode_encrypt_name(w->crypt, (const uint8_t *)name,
					name_len, 0, again, sizeof(again),
					&len) != EXTCRYPT_OK)
		return false;
	return len == disk_len && memcmp(again, disk, len) == 0;
}

/*
 * Whether the pair stored after a casefold + encrypt name is the one Linux
 * computes: SipHash of the casefolded name; of the name itself when it
 * cannot be folded (not UTF-8, allowed without strict mode: ext4fs_dirhash
 * falls back to the raw bytes).  True when it cannot be checked here.
 */
static bool stored_hash_ok(const struct dir_walk *w, const char *name,
			   size_t name_len, uint32_t hash, uint32_t minor)
{
	uint8_t folded[EXTCRYPT_EXT4R_CASEFOLD_MAX];
	const uint8_t *p = folded;
	size_t len;
	uint64_t h;
	uint32_t want, want_minor;
	int st = extcrypt_ext4r_casefold(w->fs->fs->encoding, name, name_len,
					 folded, sizeof(folded), &len);

	if (st == EXTCRYPT_E_BAD_NAME) {
		p = (const uint8_t *)name;
		len = name_len;
	} else if (st) {
		return true;
	}
	if (extcrypt_inode_dirhash(w->crypt, p, len, &h) != EXTCRYPT_OK)
		return true;
	extcrypt_ext4r_siphash_pair(h, &want, &want_minor);
	return want == hash && want_minor == minor;
}

static int emit(struct dir_walk *w, const uint8_t *de, size_t name_len,
		uint64_t lblk, size_t off)
{
	struct extcrypt_ext4_dirent ent;
	char name[EXTCRYPT_NAME_MAX + 2];
	const uint8_t *disk = de + DIRENT_HEADER;
	bool dot = (name_len == 1 && disk[0] == '.') ||
		   (name_len == 2 && disk[0] == '.' && disk[1] == '.');
	int st;

	if (dot && !(w->flags & ITER_DOTS))
		return 0;
	memset(&ent, 0, sizeof(ent));
	ent.ino = le32_at(de);
	ent.file_type = de[7];
	ent.disk_name = disk;
	ent.disk_name_len = name_len;
	if (!w->encrypted || dot) {
		memcpy(name, disk, name_len);
		ent.name_len = name_len;
	} else if (name_len < 16) {
		return extcrypt_ext4r_fail(EXTCRYPT_E_BAD_NAME,
				  "inode %llu: directory block %llu offset %zu: encrypted name of %zu bytes (at least 16 expected)",
				  (unsigned long long)w->dir.ino,
				  (unsigned long long)lblk, off, name_len);
	} else if (w->crypt && !(w->flags & EXTCRYPT_EXT4_ITER_NOKEY)) {
		st = extcrypt_inode_decrypt_name(w->crypt, disk, name_len,
						 (uint8_t *)name, sizeof(name),
						 &ent.name_len);
		if (st)
			return extcrypt_ext4r_fail(st,
					  "inode %llu: directory block %llu offset %zu: name does not decrypt: %s",
					  (unsigned long long)w->dir.ino,
					  (unsigned long long)lblk, off,
					  extcrypt_last_error());
		st = entry_hash(w, de, name_len, &ent.hash, &ent.minor_hash);
		if (st)
			return st;
		if ((w->flags & EXTCRYPT_EXT4_ITER_CHECK_PADDING) &&
		    !canonical(w, disk, name_len, name, ent.name_len))
			ent.flags |= EXTCRYPT_EXT4_DIRENT_BAD_PADDING;
		if ((w->flags & EXTCRYPT_EXT4_ITER_CHECK_PADDING) &&
		    w->hash_source == HASH_DIRENT &&
		    !stored_hash_ok(w, name, ent.name_len, ent.hash, ent.minor_hash))
			ent.flags |= EXTCRYPT_EXT4_DIRENT_BAD_HASH;
	} else {
		st = entry_hash(w, de, name_len, &ent.hash, &ent.minor_hash);
		if (st)
			return st;
		st = extcrypt_nokey_name_encode(disk, name_len, ent.hash,
						ent.minor_hash, name,
						sizeof(name), &ent.name_len);
		if (st)
			return extcrypt_ext4r_fail_core(st, w->dir.ino, "no-key name");
		ent.flags |= EXTCRYPT_EXT4_DIRENT_NOKEY;
	}
	name[ent.name_len] = '\0';
	ent.name = name;
	return w->fn(w->arg, &ent);
}

static int walk_block(struct dir_walk *w, const uint8_t *b, uint64_t lblk)
{
	size_t bs = w->fs->block_size, off = 0;

	while (off < bs) {
		const uint8_t *de = b + off;
		size_t rec_len, name_len, need;
		int st;

		if (bs - off < 12) /* the smallest record */
			goto bad;
		rec_len = le16_at(de + 4);
		if (bs >= 65536 && (rec_len == 65535 || rec_len == 0))
			rec_len = bs;
		else if (bs >= 65536)
			rec_len = (rec_len & 65532) | ((rec_len & 3) << 16);
		name_len = de[6];
		need = DIRENT_HEADER + name_len;
		if (w->hash_source == HASH_DIRENT && le32_at(de) != 0 &&
		    name_len > 0 && !(name_len <= 2 && de[8] == '.'))
			need = ((need + 3) & ~(size_t)3) + 8;
		if (rec_len < 12 || rec_len % 4 != 0 || rec_len > bs - off ||
		    need > rec_len)
			goto bad;
		if (le32_at(de) != 0 && name_len > 0) {
			if (le32_at(de) > w->fs->fs->super->s_inodes_count)
				return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
						  "inode %llu: directory block %llu offset %zu: entry points to inode %u, out of range",
						  (unsigned long long)w->dir.ino,
						  (unsigned long long)lblk, off,
						  le32_at(de));
			st = emit(w, de, name_len, lblk, off);
			if (st)
				return st;
		}
		off += rec_len;
	}
	return 0;
bad:
	return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
			  "inode %llu: directory block %llu offset %zu: bad entry (record length or name length)",
			  (unsigned long long)w->dir.ino,
			  (unsigned long long)lblk, off);
}

static int walk(extcrypt_ext4 *fs, uint64_t ino, unsigned flags,
		extcrypt_ext4_dirent_fn fn, void *arg)
{
	struct dir_walk w;
	uint8_t *b = NULL;
	uint64_t nblocks, lblk, pblk;
	int st;

	memset(&w, 0, sizeof(w));
	w.fs = fs;
	w.flags = flags;
	w.fn = fn;
	w.arg = arg;
	st = extcrypt_ext4r_read_inode(fs, ino, &w.dir);
	if (st)
		return st;
	if (!LINUX_S_ISDIR(w.dir.mode)) {
		st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
				"inode %llu: not a directory",
				(unsigned long long)ino);
		goto out;
	}
	w.encrypted = extcrypt_ext4r_is_encrypted(&w.dir);
	if (w.encrypted && !(flags & EXTCRYPT_EXT4_ITER_NOKEY)) {
		st = extcrypt_ext4r_inode_crypt(fs, &w.dir, &w.crypt);
		if (st == EXTCRYPT_EXT4_E_NOKEY)
			w.crypt = NULL; /* list with no-key names */
		else if (st)
			goto out;
		if (w.crypt) {
			/* Our own object: the fs cache may be replaced by
			 * calls the callback makes. */
			fs->cached_crypt = NULL;
			fs->cached_ino = 0;
		}
	}
	b = malloc(fs->block_size);
	if (!b) {
		st = extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
		goto out;
	}
	nblocks = (w.dir.size + fs->block_size - 1) >> fs->block_bits;
	if (nblocks > fs->blocks_count) {
		st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				"inode %llu: directory size %llu larger than the filesystem",
				(unsigned long long)ino,
				(unsigned long long)w.dir.size);
		goto out;
	}
	for (lblk = 0; lblk < nblocks; lblk++) {
		st = extcrypt_ext4r_map_block(fs, &w.dir, lblk, &pblk);
		if (st)
			goto out;
		if (pblk == 0) {
			if (lblk == 0) {
				st = pick_hash_source(&w, NULL);
				if (st)
					goto out;
			}
			continue;
		}
		st = extcrypt_ext4r_read_block(fs, ino, pblk, b);
		if (st)
			goto out;
		if (lblk == 0) {
			st = pick_hash_source(&w, b);
			if (st)
				goto out;
		}
		st = walk_block(&w, b, lblk);
		if (st)
			goto out;
	}
out:
	extcrypt_inode_free(w.crypt);
	free(b);
	extcrypt_ext4r_put_inode(&w.dir);
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_dir_iterate(extcrypt_ext4 *fs,
						uint64_t ino, unsigned flags,
						extcrypt_ext4_dirent_fn fn,
						void *arg)
{
	if (!fs || !fn)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	return walk(fs, ino,
		    flags & (EXTCRYPT_EXT4_ITER_NOKEY |
			     EXTCRYPT_EXT4_ITER_CHECK_PADDING),
		    fn, arg);
}

struct lookup {
	const char *name;
	size_t len;
	uint64_t ino;
	/* A casefolded directory: names also match when they casefold to
	 * the same bytes (ext4_match); NULL otherwise. */
	const struct ext2fs_nls_table *fold;
	uint64_t folded_ino; /* the first such match; 0: none yet */
};

static int match_name(void *arg, const struct extcrypt_ext4_dirent *ent)
{
	struct lookup *l = arg;

	if (ent->name_len == l->len && memcmp(ent->name, l->name, l->len) == 0) {
		l->ino = ent->ino;
		return 1;
	}
	/* No-key names are matched exactly, as Linux does.  A name that is
	 * not valid UTF-8 makes ext2fs_casefold_cmp answer non-zero: such
	 * names (allowed without strict mode) match only exactly. */
	if (l->fold && !l->folded_ino && !(ent->flags & EXTCRYPT_EXT4_DIRENT_NOKEY) &&
	    ext2fs_casefold_cmp(l->fold, (const unsigned char *)ent->name,
				ent->name_len, (const unsigned char *)l->name,
				l->len) == 0)
		l->folded_ino = ent->ino;
	return 0;
}

/* The encoding to match names of directory `dir` with, or NULL when the
 * directory is not casefolded. */
static int lookup_fold(extcrypt_ext4 *fs, uint64_t dir,
		       const struct ext2fs_nls_table **fold)
{
	struct extcrypt_ext4r_inode in;
	int st;

	*fold = NULL;
	if (!fs->fs->encoding)
		return EXTCRYPT_OK;
	st = extcrypt_ext4r_read_inode(fs, dir, &in);
	if (st)
		return st;
	if (in.flags & EXT4_CASEFOLD_FL)
		*fold = fs->fs->encoding;
	extcrypt_ext4r_put_inode(&in);
	return EXTCRYPT_OK;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_lookup(extcrypt_ext4 *fs, uint64_t dir,
					   const char *name, size_t name_len,
					   uint64_t *ino)
{
	struct lookup l = { name, name_len, 0, NULL, 0 };
	int st;

	if (!fs || !name || !ino)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	st = lookup_fold(fs, dir, &l.fold);
	if (st == EXTCRYPT_OK)
		st = walk(fs, dir, ITER_DOTS, match_name, &l);
	if (st == 0 && l.folded_ino) {
		st = 1;
		l.ino = l.folded_ino;
	}
	if (st == 1) {
		*ino = l.ino;
		return EXTCRYPT_OK;
	}
	if (st == 0)
		st = extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOENT,
				"inode %llu: no entry '%.*s'",
				(unsigned long long)dir,
				(int)(name_len > 255 ? 255 : name_len), name);
	return st;
}

EXTCRYPT_EXT4_API int extcrypt_ext4_resolve(extcrypt_ext4 *fs,
					    const char *path, uint64_t *ino)
{
	uint64_t cur = EXTCRYPT_EXT4_ROOT_INO;
	const char *p;

	if (!fs || !path || !ino)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID, "NULL argument");
	p = path;
	for (;;) {
		size_t n;
		int st;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		n = strcspn(p, "/");
		if (!(n == 1 && p[0] == '.')) {
			st = extcrypt_ext4_lookup(fs, cur, p, n, &cur);
			if (st)
				return st;
		}
		p += n;
	}
	*ino = cur;
	return EXTCRYPT_OK;
}
