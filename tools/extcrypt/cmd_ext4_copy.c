// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_copy.c - `extcrypt ext4 copy IMAGE PATH DEST_IMAGE DEST_DIR`:
 * an encrypted subtree into another image without any key, a thin
 * wrapper of extcrypt_ext4_copy.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"

#define COPY_USAGE "Usage: extcrypt ext4 copy [--in-place] [--json] IMAGE PATH DEST_IMAGE DEST_DIR\n"

struct copy_progress {
	int last_percent;
};

static void on_progress(void *arg, const struct extcrypt_ext4_copy_stats *done,
			const struct extcrypt_ext4_copy_stats *total)
{
	struct copy_progress *cp = arg;
	uint64_t d = done->directories + done->files + done->symlinks + done->special;
	uint64_t t = total->directories + total->files + total->symlinks + total->special;

	ext4cli_progress(&cp->last_percent, d, t, done->bytes, false);
}

static void print_json(const struct extcrypt_ext4_copy_stats *s, double secs)
{
	printf("{\"directories\": %llu, \"files\": %llu, \"symlinks\": %llu,"
	       " \"special_files\": %llu, \"hard_links\": %llu, \"encrypted\": %llu,"
	       " \"kept_inode_numbers\": %llu, \"bytes\": %llu, \"seconds\": %.3f}\n",
	       (unsigned long long)s->directories, (unsigned long long)s->files,
	       (unsigned long long)s->symlinks, (unsigned long long)s->special,
	       (unsigned long long)s->hard_links, (unsigned long long)s->encrypted,
	       (unsigned long long)s->kept_inode_numbers,
	       (unsigned long long)s->bytes, secs);
}

int cmd_ext4_copy(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "in-place", no_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct copy_progress cp = { .last_percent = -1 };
	struct extcrypt_ext4_copy_stats s;
	unsigned flags = 0;
	bool json = false, bar;
	struct timespec t0, t1;
	extcrypt_ext4 *fs;
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+:ijh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': flags |= EXTCRYPT_EXT4_COPY_IN_PLACE; break;
		case 'j': json = true; break;
		case 'h':
			fputs(COPY_USAGE
			      "Copies the directory PATH of IMAGE (no-key names in locked directories)\n"
			      "into the ext4 image DEST_IMAGE as DEST_DIR, without any key: ciphertext,\n"
			      "contexts, ciphertext names and hashes, so that Linux unlocks it there.\n"
			      "DEST_DIR is created (its parent must exist) or must be an empty\n"
			      "directory.  Everything is checked before DEST_IMAGE is written; an image\n"
			      "file is written as a temporary copy renamed over it (--in-place writes\n"
			      "into it directly).  --json prints a summary.\n",
			      stdout);
			return CLI_OK;
		default:
			return cli_usage_error("ext4 copy", "bad option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 4)
		return cli_usage_error("ext4 copy", "expected IMAGE PATH DEST_IMAGE DEST_DIR");
	if (ext4cli_open(argv[optind], NULL, 0, &fs) != CLI_OK)
		return CLI_ERR;
	bar = !json && isatty(2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = extcrypt_ext4_copy(fs, argv[optind + 1], argv[optind + 2],
			       argv[optind + 3], flags, bar ? on_progress : NULL,
			       &cp, &s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	extcrypt_ext4_close(fs);
	if (bar && cp.last_percent >= 0)
		fputc('\n', stderr);
	if (r)
		return ext4cli_error(r, "copy");
	if (json)
		print_json(&s, (double)(t1.tv_sec - t0.tv_sec) +
				       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	else
		fprintf(stderr, "extcrypt: copied %llu files, %llu directories, %llu symlinks, %llu MiB (%llu encrypted inodes)\n",
			(unsigned long long)s.files, (unsigned long long)s.directories,
			(unsigned long long)s.symlinks,
			(unsigned long long)(s.bytes >> 20),
			(unsigned long long)s.encrypted);
	return CLI_OK;
}
