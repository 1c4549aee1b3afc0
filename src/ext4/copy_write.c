// SPDX-License-Identifier: MIT
/*
 * The writing pass of a copy, after the plan and the checks: every inode
 * of the plan is created in the destination through the builder's
 * internals, with the source's bytes where the key would be needed to
 * make them (data blocks, context, names, stored hashes, symlink
 * targets).  The directories are builder directories, written at the
 * commit from the raw entries given here.
 */
#include <stdlib.h>
#include <string.h>

#include "ext4/copy_internal.h"

struct writer {
	extcrypt_ext4_builder *b;
	struct extcrypt_ext4c_plan *p;
	struct ext2_inode_large *in; /* the inode being made */
	extcrypt_ext4_copy_progress_fn progress;
	void *arg;
};

static void report(struct writer *w)
{
	if (w->progress)
		w->progress(w->arg, &w->p->done, &w->p->total);
}

/* Mode, owner and times of source inode `ino`. */
static int source_attr(struct writer *w, uint64_t ino,
		       struct extcrypt_ext4_build_attr *a)
{
	struct extcrypt_ext4_stat st;
	int r = extcrypt_ext4_stat(w->p->src, ino, &st);

	if (r)
		return r;
	memset(a, 0, sizeof(*a));
	a->mode = st.mode;
	a->uid = st.uid;
	a->gid = st.gid;
	a->atime = st.atime;
	a->mtime = st.mtime;
	a->ctime = st.ctime;
	a->atime_nsec = st.atime_nsec;
	a->mtime_nsec = st.mtime_nsec;
	a->ctime_nsec = st.ctime_nsec;
	return EXTCRYPT_OK;
}

/* A fresh inode for node `n`: attributes, link count, context. */
static int start_inode(struct writer *w, struct extcrypt_ext4c_node *n)
{
	struct extcrypt_ext4_build_attr a;
	int st = source_attr(w, n->src_ino, &a);

	if (st)
		return st;
	extcrypt_ext4b_inode_init(w->b, w->in, n->mode, &a);
	w->in->i_links_count = (uint16_t)n->nlinks;
	if (n->ctx_len)
		st = extcrypt_ext4b_inode_put_context(w->b, w->in, n->dest_ino,
						      n->ctx, n->ctx_len);
	return st;
}

/* A directory: registered with the builder, written at the commit. */
static int make_dir(struct writer *w, struct extcrypt_ext4c_node *n,
		    uint32_t parent)
{
	int st = start_inode(w, n);

	if (!st && n->casefold)
		w->in->i_flags |= EXT4_CASEFOLD_FL;
	if (!st)
		st = extcrypt_ext4b_inode_init_extents(w->b, n->dest_ino, w->in);
	if (!st)
		st = extcrypt_ext4b_dir_register(w->b, n->dest_ino, parent, NULL,
						 n->casefold);
	if (st)
		return st;
	extcrypt_ext4b_dir_find(w->b, n->dest_ino)->encrypted = n->ctx_len != 0;
	w->p->done.directories++;
	return extcrypt_ext4b_write_inode(w->b, n->dest_ino, w->in, true);
}

/* Data blocks [s, e) of `src`, physically contiguous pieces at a time. */
static int copy_run(struct writer *w, struct extcrypt_ext4c_node *n,
		    const struct extcrypt_ext4r_inode *src, uint64_t s,
		    uint64_t e)
{
	extcrypt_ext4 *fs = w->p->src;
	uint32_t bs = w->b->block_size;
	int st;

	while (s < e) {
		uint64_t pblk, next;
		size_t cnt = 1;

		if ((st = extcrypt_ext4r_map_block(fs, src, s, &pblk)) != EXTCRYPT_OK)
			return st;
		while (pblk && cnt < EXT4B_IO_BLOCKS && s + cnt < e) {
			if ((st = extcrypt_ext4r_map_block(fs, src, s + cnt, &next)))
				return st;
			if (next != pblk + cnt)
				break;
			cnt++;
		}
		if (pblk) {
			st = extcrypt_ext4r_read_blocks(fs, src->ino, pblk, cnt,
							w->b->io_buf);
			if (!st)
				st = extcrypt_ext4b_write_blocks(w->b, n->dest_ino, w->in,
								 s, w->b->io_buf,
								 cnt * bs);
			if (st)
				return st;
			w->p->done.bytes += (uint64_t)cnt * bs;
			report(w);
		}
		s += cnt;
	}
	return EXTCRYPT_OK;
}

static int make_file(struct writer *w, struct extcrypt_ext4c_node *n,
		     const struct extcrypt_ext4r_inode *src)
{
	uint64_t bs = w->b->block_size, end_blk = (src->size + bs - 1) / bs;
	uint64_t from = 0, s, e;
	int st = start_inode(w, n);

	if (!st)
		st = extcrypt_ext4b_inode_init_extents(w->b, n->dest_ino, w->in);
	/* On disk before the blocks, as build_file does (bmap rewrites the
	 * first 128 bytes and must find the context in place). */
	if (!st)
		st = extcrypt_ext4b_write_inode(w->b, n->dest_ino, w->in, true);
	while (!st && from < end_blk) {
		st = extcrypt_ext4r_next_run(w->p->src, src, from, &s, &e);
		if (st || e == 0 || s >= end_blk)
			break;
		if (e > end_blk)
			e = end_blk;
		st = copy_run(w, n, src, s, e);
		from = e;
	}
	if (st)
		return st;
	w->in->i_size = (uint32_t)src->size;
	w->in->i_size_high = (uint32_t)(src->size >> 32);
	if (src->size >= 0x80000000ull &&
	    !ext2fs_has_feature_large_file(w->b->fs->super)) {
		ext2fs_set_feature_large_file(w->b->fs->super);
		ext2fs_mark_super_dirty(w->b->fs);
	}
	w->p->done.files++;
	return extcrypt_ext4b_write_inode(w->b, n->dest_ino, w->in, false);
}

/* The target as stored ({le16 len; ciphertext} when encrypted), fast in
 * i_block or slow in one block, as the kernel chose by its length. */
static int make_symlink(struct writer *w, struct extcrypt_ext4c_node *n,
			const struct extcrypt_ext4r_inode *src)
{
	uint32_t bs = w->b->block_size;
	uint8_t *raw = calloc(1, bs > 4096 ? bs : 4096);
	size_t len = 0;
	int st = raw ? EXTCRYPT_OK : extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");

	if (!st)
		st = extcrypt_ext4r_symlink_raw(w->p->src, src, raw, &len);
	if (!st)
		st = start_inode(w, n);
	if (!st && len + 1 <= sizeof(w->in->i_block)) {
		memcpy(w->in->i_block, raw, len);
	} else if (!st) {
		st = extcrypt_ext4b_inode_init_extents(w->b, n->dest_ino, w->in);
		if (!st)
			st = extcrypt_ext4b_write_inode(w->b, n->dest_ino, w->in, true);
		if (!st)
			st = extcrypt_ext4b_write_blocks(w->b, n->dest_ino, w->in, 0,
							 raw, bs);
		if (!st)
			w->p->done.bytes += bs;
	}
	free(raw);
	if (st)
		return st;
	w->in->i_size = (uint32_t)len;
	w->p->done.symlinks++;
	return extcrypt_ext4b_write_inode(w->b, n->dest_ino, w->in, false);
}

/* Devices keep their numbers (i_block[0] old, [1] new encoding). */
static int make_special(struct writer *w, struct extcrypt_ext4c_node *n,
			const struct extcrypt_ext4r_inode *src)
{
	int st = start_inode(w, n);

	if (st)
		return st;
	if (LINUX_S_ISCHR(n->mode) || LINUX_S_ISBLK(n->mode)) {
		w->in->i_block[0] = src->raw->i_block[0];
		w->in->i_block[1] = src->raw->i_block[1];
	}
	w->p->done.special++;
	return extcrypt_ext4b_write_inode(w->b, n->dest_ino, w->in, true);
}

static int make_node(struct writer *w, size_t i)
{
	struct extcrypt_ext4c_node *n = &w->p->nodes[i];
	uint32_t parent = w->p->nodes[n->parent].dest_ino;
	struct extcrypt_ext4b_dirent e = n->ent;
	struct extcrypt_ext4r_inode src;
	int st;

	if (n->link_of) {
		const struct extcrypt_ext4c_node *t = &w->p->nodes[n->link_of - 1];

		e.ino = t->dest_ino;
		e.file_type = t->ent.file_type;
		w->p->done.hard_links++;
		return extcrypt_ext4b_dir_add_raw(w->b, parent, &e);
	}
	if (!n->keep_ino &&
	    (st = extcrypt_ext4b_alloc_inode(w->b, parent, n->mode, &n->dest_ino)))
		return st;
	if (LINUX_S_ISDIR(n->mode)) {
		st = make_dir(w, n, parent);
	} else {
		if ((st = extcrypt_ext4r_read_inode(w->p->src, n->src_ino, &src)))
			return st;
		if (LINUX_S_ISREG(n->mode))
			st = make_file(w, n, &src);
		else if (LINUX_S_ISLNK(n->mode))
			st = make_symlink(w, n, &src);
		else
			st = make_special(w, n, &src);
		extcrypt_ext4r_put_inode(&src);
	}
	w->p->done.encrypted += n->ctx_len != 0;
	w->p->done.kept_inode_numbers += n->keep_ino;
	if (st)
		return st;
	e.ino = n->dest_ino;
	report(w);
	return extcrypt_ext4b_dir_add_raw(w->b, parent, &e);
}

/* DEST_DIR takes PATH's place: created, or an existing empty directory
 * whose blocks are freed and whose inode is made anew. */
static int make_root(struct writer *w, const struct extcrypt_ext4c_dest *d)
{
	struct extcrypt_ext4c_node *n = &w->p->nodes[0];
	errcode_t err;
	int st;

	if (d->ino) {
		n->dest_ino = d->ino;
		if ((st = extcrypt_ext4b_read_inode(w->b, d->ino, w->in)))
			return st;
		err = ext2fs_punch(w->b->fs, d->ino, (struct ext2_inode *)w->in,
				   NULL, 0, ~0ull);
		if (err)
			return extcrypt_ext4b_fail_ext2(err, d->ino, "emptying DEST_DIR");
	} else if (!n->keep_ino &&
		   (st = extcrypt_ext4b_alloc_inode(w->b, d->parent, n->mode,
						    &n->dest_ino))) {
		return st;
	}
	if ((st = make_dir(w, n, d->parent)))
		return st;
	w->p->done.encrypted += n->ctx_len != 0;
	w->p->done.kept_inode_numbers += n->keep_ino;
	if (d->ino)
		return EXTCRYPT_OK;
	return extcrypt_ext4b_dir_add(w->b, d->parent, d->name, d->name_len,
				      n->dest_ino, EXT2_FT_DIR);
}

int extcrypt_ext4c_write(extcrypt_ext4_builder *b,
			 struct extcrypt_ext4c_plan *p,
			 const struct extcrypt_ext4c_dest *d,
			 extcrypt_ext4_copy_progress_fn progress, void *arg)
{
	struct writer w = { .b = b, .p = p, .progress = progress, .arg = arg };
	struct ext2_super_block *sb = b->fs->super;
	int st = EXTCRYPT_OK;

	w.in = calloc(1, b->inode_size);
	if (!w.in)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	memset(&p->done, 0, sizeof(p->done));
	/* Numbers to keep first, so that no new inode takes one. */
	for (size_t i = 0; i < p->n && !st; i++) {
		struct extcrypt_ext4c_node *n = &p->nodes[i];

		if (n->keep_ino && !n->link_of && !(i == 0 && d->ino)) {
			n->dest_ino = (uint32_t)n->src_ino;
			st = extcrypt_ext4b_alloc_inode_at(b, n->dest_ino, n->mode);
		}
	}
	if (p->any_encrypted && !ext2fs_has_feature_encrypt(sb))
		ext2fs_set_feature_encrypt(sb);
	if (p->any_lblk && !ext2fs_has_feature_stable_inodes(sb))
		ext2fs_set_feature_stable_inodes(sb);
	ext2fs_mark_super_dirty(b->fs);
	if (!st)
		st = make_root(&w, d);
	for (size_t i = 1; i < p->n && !st; i++)
		st = make_node(&w, i);
	free(w.in);
	return st;
}
