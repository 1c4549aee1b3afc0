// SPDX-License-Identifier: MIT
/*
 * The plan of a copy: a breadth-first walk of the source subtree, read
 * only, that records every name and inode and checks that each one can be
 * copied (readable, context valid, no inline data), so that the writer
 * never meets a surprise in the source.  Names are read with
 * EXTCRYPT_EXT4_ITER_NOKEY: the ciphertext as stored, whatever keys were
 * added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext4/copy_internal.h"

/* ---- src ino -> node ----------------------------------------------------- */

static size_t map_slot(const struct extcrypt_ext4c_plan *p, uint64_t ino)
{
	size_t mask = p->map_cap - 1, i = (size_t)(ino * 0x9E3779B97F4A7C15ull) & mask;

	while (p->map_idx[i] && p->map_ino[i] != ino)
		i = (i + 1) & mask;
	return i;
}

static int map_grow(struct extcrypt_ext4c_plan *p)
{
	size_t old = p->map_cap, n = old ? old * 2 : 1024;
	uint64_t *oi = p->map_ino;
	uint32_t *ox = p->map_idx;

	p->map_ino = calloc(n, sizeof(*p->map_ino));
	p->map_idx = calloc(n, sizeof(*p->map_idx));
	if (!p->map_ino || !p->map_idx) {
		free(p->map_ino);
		free(p->map_idx);
		p->map_ino = oi;
		p->map_idx = ox;
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	p->map_cap = n;
	for (size_t i = 0; i < old; i++)
		if (ox[i]) {
			size_t s = map_slot(p, oi[i]);

			p->map_ino[s] = oi[i];
			p->map_idx[s] = ox[i];
		}
	free(oi);
	free(ox);
	return EXTCRYPT_OK;
}

/* ---- messages ------------------------------------------------------------ */

const char *extcrypt_ext4c_path(const struct extcrypt_ext4c_plan *p,
				size_t i, char *buf, size_t cap)
{
	size_t chain[64], depth = 0, pos = 0;

	buf[0] = 0;
	for (size_t k = i; k != 0 && depth < 64; k = p->nodes[k].parent)
		chain[depth++] = k;
	pos = (size_t)snprintf(buf, cap, "%s", p->nodes[0].shown);
	for (size_t d = depth; d-- > 0 && pos < cap;)
		pos += (size_t)snprintf(buf + pos, cap - pos, "/%s",
					p->nodes[chain[d]].shown);
	return buf;
}

/* ---- the walk ------------------------------------------------------------ */

static int add_node(struct extcrypt_ext4c_plan *p, uint64_t ino, uint32_t parent,
		    const char *shown, size_t shown_len, const uint8_t *disk,
		    size_t disk_len, size_t *idx)
{
	struct extcrypt_ext4c_node *n;

	if (p->n == p->cap) {
		size_t c = p->cap ? p->cap * 2 : 256;
		void *q = realloc(p->nodes, c * sizeof(*p->nodes));

		if (!q)
			return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
		p->nodes = q;
		p->cap = c;
	}
	if ((p->n + 1) * 2 > p->map_cap) {
		int st = map_grow(p);

		if (st)
			return st;
	}
	n = &p->nodes[p->n];
	memset(n, 0, sizeof(*n));
	n->src_ino = ino;
	n->parent = parent;
	n->nlinks = 1;
	n->shown = malloc(shown_len + 1);
	n->ent.name = malloc(disk_len ? disk_len : 1);
	if (!n->shown || !n->ent.name) {
		free(n->shown);
		free(n->ent.name);
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	}
	memcpy(n->shown, shown, shown_len);
	n->shown[shown_len] = 0;
	memcpy(n->ent.name, disk, disk_len);
	n->ent.name_len = (uint8_t)disk_len;
	*idx = p->n++;
	return EXTCRYPT_OK;
}

struct walk {
	struct extcrypt_ext4c_plan *p;
	uint32_t dir; /* the node being listed */
	bool stored_hash;
};

static int on_entry(void *arg, const struct extcrypt_ext4_dirent *ent)
{
	struct walk *w = arg;
	struct extcrypt_ext4c_plan *p = w->p;
	size_t slot, idx;
	uint32_t first;
	char buf[512];
	int st;

	if (ent->disk_name_len == 0 || ent->disk_name_len > 255)
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
				  "%s: entry with a name of %zu bytes",
				  extcrypt_ext4c_path(p, w->dir, buf, sizeof(buf)),
				  ent->disk_name_len);
	slot = p->map_cap ? map_slot(p, ent->ino) : 0;
	first = p->map_cap ? p->map_idx[slot] : 0;
	st = add_node(p, ent->ino, w->dir, ent->name, ent->name_len,
		      ent->disk_name, ent->disk_name_len, &idx);
	if (st)
		return st;
	p->nodes[idx].ent.has_hash = w->stored_hash;
	p->nodes[idx].ent.hash = ent->hash;
	p->nodes[idx].ent.minor = ent->minor_hash;
	p->dir_bytes += extcrypt_ext4b_entry_len(&p->nodes[idx].ent);
	if (first) {
		/* Directories have one name; a second one is a loop. */
		if (ent->file_type == EXT2_FT_DIR ||
		    LINUX_S_ISDIR(p->nodes[first - 1].mode))
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					  "%s: directory inode %llu reached twice",
					  extcrypt_ext4c_path(p, idx, buf, sizeof(buf)),
					  (unsigned long long)ent->ino);
		p->nodes[idx].link_of = first;
		p->nodes[first - 1].nlinks++;
		p->total.hard_links++;
		return EXTCRYPT_OK;
	}
	slot = map_slot(p, ent->ino);
	p->map_ino[slot] = ent->ino;
	p->map_idx[slot] = (uint32_t)idx + 1;
	return EXTCRYPT_OK;
}

/* Extent-tree blocks a file of `runs` extents may need beyond the four in
 * the inode; the destination may split runs, hence the slack. */
static uint64_t map_blocks(uint64_t runs, uint32_t bs)
{
	uint64_t per = (bs - 12) / 12;

	runs = runs * 2 + 1;
	return runs <= 4 ? 0 : (runs + per - 1) / per + 1;
}

/* Reads inode `i` and records what the writer needs. */
static int inspect(struct extcrypt_ext4c_plan *p, size_t i)
{
	struct extcrypt_ext4c_node *n = &p->nodes[i];
	struct extcrypt_ext4r_inode in;
	uint32_t bs = extcrypt_ext4_block_size(p->src);
	char buf[512];
	size_t len = 0;
	int st = extcrypt_ext4r_read_inode(p->src, n->src_ino, &in);

	if (st)
		return st;
	n->mode = (uint16_t)in.mode;
	n->ent.file_type = extcrypt_ext4b_file_type(n->mode);
	n->casefold = LINUX_S_ISDIR(n->mode) && (in.flags & EXT4_CASEFOLD_FL);
	if (in.flags & EXT4_INLINE_DATA_FL) {
		st = extcrypt_ext4r_fail(EXTCRYPT_E_UNSUPPORTED,
				"%s (inode %llu): inline data is not supported",
				extcrypt_ext4c_path(p, i, buf, sizeof(buf)),
				(unsigned long long)n->src_ino);
		goto out;
	}
	if (extcrypt_ext4r_is_encrypted(&in) &&
	    (LINUX_S_ISREG(n->mode) || LINUX_S_ISDIR(n->mode) ||
	     LINUX_S_ISLNK(n->mode))) {
		st = extcrypt_ext4r_find_context(p->src, &in, n->ctx,
						 sizeof(n->ctx), &len);
		if (st)
			goto out;
		n->ctx_len = (uint8_t)len;
		/* v2 flags: IV_INO_LBLK_64 (0x08), IV_INO_LBLK_32 (0x10). */
		n->keep_ino = len == 40 && (n->ctx[3] & 0x18);
		p->any_encrypted = true;
		p->any_lblk |= n->keep_ino;
		p->total.encrypted++;
		p->total.kept_inode_numbers += n->keep_ino;
	}
	if (n->casefold)
		p->any_casefold = true;
	if (LINUX_S_ISREG(n->mode)) {
		uint64_t end_blk = (in.size + bs - 1) / bs, from = 0, s, e;
		uint64_t runs = 0;

		p->total.files++;
		while (from < end_blk) {
			st = extcrypt_ext4r_next_run(p->src, &in, from, &s, &e);
			if (st)
				goto out;
			if (e == 0 || s >= end_blk)
				break;
			if (e > end_blk)
				e = end_blk;
			n->blocks += e - s;
			runs++;
			from = e;
		}
		p->map_blocks += map_blocks(runs, bs);
	} else if (LINUX_S_ISLNK(n->mode)) {
		uint8_t *raw = malloc(bs > 4096 ? bs : 4096);

		p->total.symlinks++;
		if (!raw) {
			st = extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
			goto out;
		}
		st = extcrypt_ext4r_symlink_raw(p->src, &in, raw, &len);
		free(raw);
		if (st)
			goto out;
		n->blocks = len + 1 > sizeof(in.raw->i_block) ? 1 : 0;
	} else if (LINUX_S_ISDIR(n->mode)) {
		p->total.directories++;
	} else {
		p->total.special++;
	}
	p->total.bytes += n->blocks * bs;
out:
	extcrypt_ext4r_put_inode(&in);
	return st;
}

int extcrypt_ext4c_plan(extcrypt_ext4 *src, const char *path,
			struct extcrypt_ext4c_plan *p)
{
	uint64_t root;
	size_t idx;
	int st;

	memset(p, 0, sizeof(*p));
	p->src = src;
	st = extcrypt_ext4_resolve(src, path, &root);
	if (st)
		return st;
	st = add_node(p, root, 0, path, strlen(path), (const uint8_t *)"", 0, &idx);
	if (st)
		return st;
	p->map_ino[map_slot(p, root)] = root;
	p->map_idx[map_slot(p, root)] = 1;
	for (size_t i = 0; i < p->n; i++) {
		struct walk w = { .p = p, .dir = (uint32_t)i };

		if (p->nodes[i].link_of)
			continue;
		if ((st = inspect(p, i)) != EXTCRYPT_OK)
			return st;
		if (i == 0 && !LINUX_S_ISDIR(p->nodes[0].mode))
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_TYPE,
					  "%s (inode %llu) is not a directory",
					  path, (unsigned long long)root);
		if (!LINUX_S_ISDIR(p->nodes[i].mode))
			continue;
		/* casefold + encrypt: each entry stores its hash. */
		w.stored_hash = p->nodes[i].casefold && p->nodes[i].ctx_len;
		st = extcrypt_ext4_dir_iterate(src, p->nodes[i].src_ino,
					       EXTCRYPT_EXT4_ITER_NOKEY,
					       on_entry, &w);
		if (st)
			return st;
	}
	/* A corrupted entry could name a directory with another type. */
	for (size_t i = 0; i < p->n; i++) {
		const struct extcrypt_ext4c_node *n = &p->nodes[i];
		char buf[512];

		if ((n->link_of && LINUX_S_ISDIR(p->nodes[n->link_of - 1].mode)) ||
		    n->nlinks >= 65000)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_CORRUPT,
					  "%s (inode %llu): a directory with several names, or too many links",
					  extcrypt_ext4c_path(p, i, buf, sizeof(buf)),
					  (unsigned long long)n->src_ino);
	}
	return EXTCRYPT_OK;
}

void extcrypt_ext4c_plan_free(struct extcrypt_ext4c_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->nodes[i].shown);
		free(p->nodes[i].ent.name);
	}
	free(p->nodes);
	free(p->map_ino);
	free(p->map_idx);
	memset(p, 0, sizeof(*p));
}
