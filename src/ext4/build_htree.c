// SPDX-License-Identifier: MIT
/*
 * Hash-indexed (htree) layout of a directory the builder made, as the
 * kernel's make_indexed_dir and do_split leave it: block 0 is the dx root
 * ("." and ".." then dx_root_info and the index), then (for big
 * directories) one level of index nodes, then the leaves holding the
 * entries sorted by hash.  In an encrypted directory the hash is taken
 * over the ciphertext name, with the superblock's default hash version
 * and seed (fs/ext4/namei.c hashes fname->disk_name).  A run of equal
 * hashes cut by a leaf boundary gets the continuation bit on the next
 * leaf's index entry, as do_split does.
 */
#include <stdlib.h>
#include <string.h>

#include "ext4/build_internal.h"

struct hent {
	uint32_t hash, minor;
	const struct extcrypt_ext4b_dirent *e;
};

static int cmp_hent(const void *a, const void *b)
{
	const struct hent *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->minor != y->minor)
		return x->minor < y->minor ? -1 : 1;
	return 0;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/* Writes the leaves from `buf` on; fills leaf_hash[] (index hashes, with
 * the continuation bit) and returns the number of leaves. */
static size_t lay_leaves(const struct hent *h, size_t n, size_t bs,
			 size_t usable, uint8_t *buf, uint32_t *leaf_hash)
{
	size_t leaf = 0, pos = 0, last = 0;

	memset(buf, 0, bs);
	leaf_hash[0] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t r = extcrypt_ext4b_entry_len(h[i].e);

		if (pos + r > usable) {
			put16(buf + leaf * bs + last + 4, (uint32_t)(usable - last));
			leaf++;
			memset(buf + leaf * bs, 0, bs);
			leaf_hash[leaf] = h[i].hash |
					  (i > 0 && h[i - 1].hash == h[i].hash);
			pos = 0;
		}
		extcrypt_ext4b_put_entry(buf + leaf * bs + pos, h[i].e, r);
		last = pos;
		pos += r;
	}
	put16(buf + leaf * bs + last + 4, (uint32_t)(usable - last));
	return leaf + 1;
}

/* One index block's entries: count/limit then {hash, block} pairs; the
 * first pair's hash is implicit. */
static void put_index(uint8_t *p, size_t limit, const uint32_t *hash,
		      size_t first_block, size_t count)
{
	put16(p, (uint32_t)limit);
	put16(p + 2, (uint32_t)count);
	put32(p + 4, (uint32_t)first_block);
	for (size_t i = 1; i < count; i++) {
		put32(p + 8 * i, hash[i]);
		put32(p + 8 * i + 4, (uint32_t)(first_block + i));
	}
}

/* The entries of `d` with their directory hashes, sorted by hash, in
 * *out (to free); *need is the bytes their dirents take. */
static int hash_entries(extcrypt_ext4_builder *b,
			const struct extcrypt_ext4b_dir *d, bool siphash,
			struct hent **out, size_t *need)
{
	struct ext2_super_block *sb = b->fs->super;
	int version = sb->s_def_hash_version;
	size_t n = d->nents;
	struct hent *h = NULL;

	if (version <= EXT2_HASH_TEA && (sb->s_flags & EXT2_FLAGS_UNSIGNED_HASH))
		version += 3;
	h = malloc((n ? n : 1) * sizeof(*h));
	if (!h)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	*need = 0;
	for (size_t i = 0; i < n; i++) {
		ext2_dirhash_t hash = d->ents[i].hash, minor = d->ents[i].minor;
		errcode_t err = 0;

		/* Plaintext casefolded directories hash the casefolded name
		 * (libext2fs folds it with the image's encoding). */
		if (!siphash)
			err = ext2fs_dirhash2(version, (const char *)d->ents[i].name,
					      d->ents[i].name_len,
					      d->casefold ? b->fs->encoding : NULL,
					      d->casefold ? EXT4_CASEFOLD_FL : 0,
					      sb->s_hash_seed, &hash, &minor);
		if (err) {
			free(h);
			return extcrypt_ext4b_fail_ext2(err, d->ino, "directory hash");
		}
		h[i] = (struct hent){ hash, minor, &d->ents[i] };
		*need += extcrypt_ext4b_entry_len(&d->ents[i]);
	}
	qsort(h, n, sizeof(*h), cmp_hent);
	*out = h;
	return EXTCRYPT_OK;
}

/* Writes the root block (and, with nnodes > 0, the index nodes after it)
 * at the start of `buf` over leaves that start at block 1 + nnodes. */
static int put_root_and_nodes(extcrypt_ext4_builder *b,
			      const struct extcrypt_ext4b_dir *d, bool siphash,
			      uint8_t *buf, const uint32_t *leaf_hash,
			      size_t nleaves, size_t nnodes, size_t root_limit,
			      size_t node_limit)
{
	size_t bs = b->block_size;
	uint8_t *root = buf;
	uint32_t *node_hash;

	extcrypt_ext4b_put_dirent(root, d->ino, 12, (const uint8_t *)".", 1, EXT2_FT_DIR);
	extcrypt_ext4b_put_dirent(root + 12, d->parent, bs - 12, (const uint8_t *)"..", 2,
		   EXT2_FT_DIR);
	/* dx_root_info: reserved_zero, hash_version, info_length 8,
	 * indirect_levels, unused_flags. */
	root[28] = siphash ? EXT2_HASH_SIPHASH : (uint8_t)b->fs->super->s_def_hash_version;
	root[29] = 8;
	root[30] = nnodes ? 1 : 0;
	if (!nnodes) {
		put_index(root + 32, root_limit, leaf_hash, 1, nleaves);
		return 0;
	}
	node_hash = malloc(nnodes * sizeof(*node_hash));
	if (!node_hash)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	for (size_t k = 0; k < nnodes; k++) {
		uint8_t *node = buf + (1 + k) * bs;
		size_t first = k * node_limit;
		size_t cnt = nleaves - first < node_limit ? nleaves - first
							  : node_limit;

		node_hash[k] = leaf_hash[first];
		put16(node + 4, (uint32_t)bs); /* fake empty dirent */
		put_index(node + 8, node_limit, leaf_hash + first,
			  1 + nnodes + first, cnt);
	}
	node_hash[0] = 0;
	put_index(root + 32, root_limit, node_hash, 1, nnodes);
	free(node_hash);
	return 0;
}

int extcrypt_ext4b_dir_layout_htree(extcrypt_ext4_builder *b, const struct extcrypt_ext4b_dir *d,
			   size_t usable, uint8_t **out, size_t *out_blocks,
			   size_t *first_leaf)
{
	size_t bs = b->block_size, nleaves, nnodes = 0, cap, need = 0;
	size_t tail = ext2fs_has_feature_metadata_csum(b->fs->super) ? 8 : 0;
	/* casefold + encrypt: the SipHash stored in each entry. */
	bool siphash = d->casefold && d->encrypted;
	size_t root_limit = (bs - 32 - tail) / 8, node_limit = (bs - 8 - tail) / 8;
	struct hent *h = NULL;
	uint32_t *leaf_hash;
	uint8_t *buf;
	int st;

	*out = NULL;
	if ((st = hash_entries(b, d, siphash, &h, &need)) != EXTCRYPT_OK)
		return st;
	/* Leaves lose less than one entry (264 bytes) each. */
	cap = need / (usable - 264) + 2;
	leaf_hash = malloc(cap * sizeof(*leaf_hash));
	buf = calloc(cap + 1 + cap / node_limit + 1, bs);
	if (!leaf_hash || !buf) {
		free(h);
		free(leaf_hash);
		free(buf);
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	nleaves = lay_leaves(h, d->nents, bs, usable, buf, leaf_hash);
	free(h);
	/*
	 * Index nodes of casefold + encrypt directories: Linux 6.1's
	 * dx_node_limit sizes the node's fake dirent with
	 * ext4_dir_rec_len(0, dir), which counts the 8-byte hash there (125
	 * entries for 1 KiB blocks with metadata_csum), while e2fsck 1.47.0
	 * expects 126 and takes any other node for a corrupted leaf.  No
	 * limit satisfies both (a two-level directory Linux grew itself
	 * fails e2fsck 1.47.0 -fn the same way), so such directories stay
	 * linear (Linux handles them, and indexes them itself only when it
	 * builds them).
	 */
	if (nleaves > root_limit)
		nnodes = (nleaves + node_limit - 1) / node_limit;
	if (nnodes && (siphash || nnodes > root_limit)) { /* or a third level */
		free(leaf_hash);
		free(buf);
		return 1;
	}
	/* Move the leaves behind the root and the index nodes. */
	memmove(buf + (1 + nnodes) * bs, buf, nleaves * bs);
	memset(buf, 0, (1 + nnodes) * bs);
	st = put_root_and_nodes(b, d, siphash, buf, leaf_hash, nleaves, nnodes,
				root_limit, node_limit);
	free(leaf_hash);
	if (st) {
		free(buf);
		return st;
	}
	*out = buf;
	*out_blocks = 1 + nnodes + nleaves;
	*first_leaf = 1 + nnodes;
	return 0;
}
