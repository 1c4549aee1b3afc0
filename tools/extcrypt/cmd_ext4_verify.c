// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_verify.c - `extcrypt ext4 verify`: check every encrypted inode
 * reachable from the root: a valid context, the same policy as its
 * directory (as e2fsck and the kernel require), whether its key is known,
 * names that decrypt (with the key) or have a possible ciphertext length
 * (without), symlinks whose length field fits, and (with the key) the hash
 * stored after each name of a casefold + encrypt directory.  One line per problem, a
 * summary, exit status 1 on any problem.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"

struct verify {
	extcrypt_ext4 *fs;
	struct ext4cli_seen seen;
	unsigned long inodes, encrypted, with_key, without_key, problems;
};

static void problem(struct verify *v, const char *path, const char *fmt,
		    const char *detail)
{
	printf("PROBLEM %s: %s%s%s\n", path[0] ? path : "/", fmt,
	       detail ? ": " : "", detail ? detail : "");
	v->problems++;
}

/* The policy part of a context: everything but the nonce. */
static size_t policy_bytes(size_t ctx_len)
{
	return ctx_len == 40 ? 24 : 12;
}

static bool plausible_ct_len(size_t len, const uint8_t *ctx)
{
	size_t pad = (size_t)4 << (ctx[3] & 3);

	return len >= 16 && (len % pad == 0 || len == 255);
}

static void verify_dir(struct verify *v, uint64_t ino, const char *path,
		       const uint8_t *ctx, size_t ctx_len, int depth);

static void verify_inode(struct verify *v, uint64_t ino, const char *path,
			 const uint8_t *parent_ctx, size_t parent_len,
			 int depth)
{
	struct extcrypt_ext4_stat st;
	uint8_t ctx[40];
	size_t ctx_len = 0;
	int r;

	v->inodes++;
	r = extcrypt_ext4_stat(v->fs, ino, &st);
	if (r) {
		problem(v, path, "cannot read the inode", extcrypt_ext4_last_error());
		return;
	}
	if (st.flags & EXTCRYPT_EXT4_ENCRYPTED) {
		v->encrypted++;
		if (st.flags & EXTCRYPT_EXT4_HAS_KEY)
			v->with_key++;
		else
			v->without_key++;
		r = extcrypt_ext4_get_context(v->fs, ino, ctx, sizeof(ctx), &ctx_len);
		if (r) {
			problem(v, path, "bad encryption context", extcrypt_ext4_last_error());
			return;
		}
		if (parent_len && (parent_len != ctx_len ||
				   memcmp(parent_ctx, ctx, policy_bytes(ctx_len)) != 0))
			problem(v, path, "policy differs from its directory's", NULL);
	} else if (parent_len && (S_ISREG(st.mode) || S_ISDIR(st.mode) ||
				  S_ISLNK(st.mode))) {
		problem(v, path, "unencrypted inode in an encrypted directory", NULL);
	}
	if (S_ISLNK(st.mode) && (st.flags & (EXTCRYPT_EXT4_HAS_KEY |
					     EXTCRYPT_EXT4_ENCRYPTED)) !=
					    EXTCRYPT_EXT4_ENCRYPTED) {
		uint8_t target[4096];
		size_t len;

		if (extcrypt_ext4_readlink(v->fs, ino, target, sizeof(target), &len))
			problem(v, path, "bad symlink", extcrypt_ext4_last_error());
	}
	if (S_ISDIR(st.mode)) {
		if (!ext4cli_first_visit(&v->seen, ino))
			problem(v, path, "directory reached twice (corrupted image)", NULL);
		else if (depth > 1024)
			problem(v, path, "directories nested too deep (a loop?)", NULL);
		else
			verify_dir(v, ino, path, ctx, ctx_len, depth + 1);
	}
}

static void verify_dir(struct verify *v, uint64_t ino, const char *path,
		       const uint8_t *ctx, size_t ctx_len, int depth)
{
	struct ext4cli_dir d;
	int r;

	r = ext4cli_list(v->fs, ino, EXTCRYPT_EXT4_ITER_CHECK_PADDING, &d);
	if (r) {
		problem(v, path, "cannot list the directory", extcrypt_ext4_last_error());
		return;
	}
	for (size_t i = 0; i < d.n; i++) {
		const struct ext4cli_entry *e = &d.e[i];
		size_t plen = strlen(path) + e->name_len + 2;
		char *child = cli_malloc(plen);

		snprintf(child, plen, "%s/%s", path, e->name);
		if (e->bad_padding)
			problem(v, child, "encrypted name not as Linux pads it (padding bytes or length)", NULL);
		if (e->bad_hash)
			problem(v, child, "stored hash is not the SipHash of the casefolded name (Linux cannot look it up)", NULL);
		if (ctx_len && e->nokey && !plausible_ct_len(e->disk_name_len, ctx))
			problem(v, child, "encrypted name length impossible for the policy's padding", NULL);
		if (!(depth == 1 && strcmp(e->name, "lost+found") == 0) ||
		    ctx_len)
			verify_inode(v, e->ino, child, ctx, ctx_len, depth);
		free(child);
	}
	ext4cli_dir_free(&d);
}

int cmd_ext4_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct verify v = { 0 };
	char **keys = cli_malloc((size_t)argc * sizeof(char *));
	size_t nkeys = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': keys[nkeys++] = optarg; break;
		case 'h':
			puts("Usage: extcrypt ext4 verify [--key-file FILE]... IMAGE\n"
			     "Checks every encrypted inode of IMAGE (context, policy, key, names,\n"
			     "symlinks); prints each problem and a summary; exit status 1 on any\n"
			     "problem.");
			free(keys);
			return CLI_OK;
		default:
			free(keys);
			return cli_usage_error("ext4 verify", "bad option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1) {
		free(keys);
		return cli_usage_error("ext4 verify", "expected IMAGE");
	}
	if (ext4cli_open(argv[optind], keys, nkeys, &v.fs) != CLI_OK) {
		free(keys);
		return CLI_ERR;
	}
	free(keys);
	verify_inode(&v, EXTCRYPT_EXT4_ROOT_INO, "", NULL, 0, 0);
	printf("verify: %lu inodes, %lu encrypted (%lu with key, %lu without), %lu problems\n",
	       v.inodes, v.encrypted, v.with_key, v.without_key, v.problems);
	ext4cli_seen_free(&v.seen);
	extcrypt_ext4_close(v.fs);
	return v.problems ? CLI_ERR : CLI_OK;
}
