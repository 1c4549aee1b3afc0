// SPDX-License-Identifier: MIT
/*
 * cmd_ext4.c - `extcrypt ext4 ls|extract|verify`: encrypted ext4 images
 * without mounting them (libextcrypt-ext4), plus the helpers the three
 * share: opening the image with its key files (cli_read_key_file),
 * sorted directory listings.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"

int ext4cli_error(int status, const char *what)
{
	const char *detail = extcrypt_ext4_last_error();

	if (detail[0] == '\0')
		detail = extcrypt_ext4_strerror(status);
	return cli_error("%s: %s", what, detail);
}

int ext4cli_open(const char *image, char **key_files, size_t nkey_files,
		 extcrypt_ext4 **out)
{
	extcrypt_ext4 *fs;
	int st;

	st = extcrypt_ext4_open(image, &fs);
	if (st)
		return ext4cli_error(st, image);
	for (size_t i = 0; i < nkey_files; i++) {
		uint8_t *key = cli_locked_alloc(CLI_KEY_FILE_MAX);
		size_t len = 0;

		if (cli_read_key_file(key_files[i], key, &len) != CLI_OK) {
			sodium_free(key);
			extcrypt_ext4_close(fs);
			return CLI_ERR;
		}
		st = extcrypt_ext4_add_key(fs, key, len);
		sodium_free(key);
		if (st) {
			extcrypt_ext4_close(fs);
			return ext4cli_error(st, key_files[i]);
		}
	}
	*out = fs;
	return CLI_OK;
}

void ext4cli_progress(int *last_percent, uint64_t done_files,
		      uint64_t total_files, uint64_t done_bytes, bool final)
{
	uint64_t total = total_files ? total_files : 1;
	int pct = (int)(done_files * 100 / total), bar = pct / 4;

	if (!final && pct == *last_percent)
		return;
	*last_percent = pct;
	fprintf(stderr, "\r[%.*s%*s] %3d%%  %llu/%llu files  %llu MiB",
		bar, "#########################", 25 - bar, "", pct,
		(unsigned long long)done_files, (unsigned long long)total_files,
		(unsigned long long)(done_bytes >> 20));
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

static int collect(void *arg, const struct extcrypt_ext4_dirent *ent)
{
	struct ext4cli_dir *d = arg;
	struct ext4cli_entry *e;

	d->e = cli_realloc(d->e, (d->n + 1) * sizeof(*d->e));
	e = &d->e[d->n++];
	e->ino = ent->ino;
	e->file_type = ent->file_type;
	e->nokey = (ent->flags & EXTCRYPT_EXT4_DIRENT_NOKEY) != 0;
	e->bad_padding = (ent->flags & EXTCRYPT_EXT4_DIRENT_BAD_PADDING) != 0;
	e->bad_hash = (ent->flags & EXTCRYPT_EXT4_DIRENT_BAD_HASH) != 0;
	e->name = cli_malloc(ent->name_len + 1);
	memcpy(e->name, ent->name, ent->name_len + 1);
	e->name_len = ent->name_len;
	e->disk_name = cli_malloc(ent->disk_name_len);
	memcpy(e->disk_name, ent->disk_name, ent->disk_name_len);
	e->disk_name_len = ent->disk_name_len;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const struct ext4cli_entry *x = a, *y = b;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(x->name, y->name, n);

	if (c)
		return c;
	return (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

int ext4cli_list(extcrypt_ext4 *fs, uint64_t ino, unsigned flags,
		 struct ext4cli_dir *out)
{
	int st;

	out->e = NULL;
	out->n = 0;
	st = extcrypt_ext4_dir_iterate(fs, ino, flags, collect, out);
	if (st) {
		ext4cli_dir_free(out);
		return st;
	}
	if (out->n > 1)
		qsort(out->e, out->n, sizeof(*out->e), by_name);
	return EXTCRYPT_OK;
}

void ext4cli_dir_free(struct ext4cli_dir *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->e[i].name);
		free(d->e[i].disk_name);
	}
	free(d->e);
	d->e = NULL;
	d->n = 0;
}

static bool seen_insert(struct ext4cli_seen *s, uint64_t ino)
{
	size_t i = (size_t)(ino * 0x9E3779B97F4A7C15ull) & (s->cap - 1);

	while (s->slots[i] != 0) {
		if (s->slots[i] == ino)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->slots[i] = ino;
	s->n++;
	return true;
}

bool ext4cli_first_visit(struct ext4cli_seen *s, uint64_t ino)
{
	if (2 * (s->n + 1) > s->cap) {
		struct ext4cli_seen bigger = { NULL, s->cap ? 2 * s->cap : 64, 0 };

		bigger.slots = cli_malloc(bigger.cap * sizeof(uint64_t));
		memset(bigger.slots, 0, bigger.cap * sizeof(uint64_t));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				seen_insert(&bigger, s->slots[i]);
		free(s->slots);
		*s = bigger;
	}
	return seen_insert(s, ino);
}

void ext4cli_seen_free(struct ext4cli_seen *s)
{
	free(s->slots);
	s->slots = NULL;
	s->cap = s->n = 0;
}

/* ------------------------------------------------------------------ ls */

struct ls_opts {
	struct ext4cli_seen seen;
	bool recursive, json;
	bool first_json;
	int status;
};

static char type_char(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFLNK: return 'l';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	default: return '-';
	}
}

static void print_entry(struct ls_opts *o, const struct extcrypt_ext4_stat *st,
			const struct ext4cli_entry *e, const char *path)
{
	if (o->json) {
		printf("%s{\"name\":", o->first_json ? "" : ",\n");
		o->first_json = false;
		cli_json_string(stdout, path);
		printf(",\"ino\":%llu,\"type\":\"%c\",\"mode\":\"%04o\",\"size\":%llu,\"encrypted\":%s,\"nokey\":%s}",
		       (unsigned long long)e->ino, type_char(st->mode),
		       st->mode & 07777, (unsigned long long)st->size,
		       (st->flags & EXTCRYPT_EXT4_ENCRYPTED) ? "true" : "false",
		       e->nokey ? "true" : "false");
		return;
	}
	printf("%c %04o %llu %s\n", type_char(st->mode), st->mode & 07777,
	       (unsigned long long)st->size, path);
}

static void ls_dir(extcrypt_ext4 *fs, struct ls_opts *o, uint64_t ino,
		   const char *prefix, int depth)
{
	struct ext4cli_dir d;
	int st = ext4cli_list(fs, ino, 0, &d);

	if (st) {
		ext4cli_error(st, prefix[0] ? prefix : "/");
		o->status = CLI_ERR;
		return;
	}
	for (size_t i = 0; i < d.n; i++) {
		struct extcrypt_ext4_stat s;
		char *path;
		size_t plen = strlen(prefix) + d.e[i].name_len + 2;

		path = cli_malloc(plen);
		snprintf(path, plen, "%s%s%s", prefix, prefix[0] ? "/" : "",
			 d.e[i].name);
		st = extcrypt_ext4_stat(fs, d.e[i].ino, &s);
		if (st) {
			ext4cli_error(st, path);
			o->status = CLI_ERR;
			free(path);
			continue;
		}
		print_entry(o, &s, &d.e[i], o->recursive ? path : d.e[i].name);
		if (o->recursive && S_ISDIR(s.mode)) {
			if (!ext4cli_first_visit(&o->seen, d.e[i].ino)) {
				cli_error("%s: directory inode %llu seen twice (corrupted image)",
					  path, (unsigned long long)d.e[i].ino);
				o->status = CLI_ERR;
			} else if (depth >= 1024) {
				cli_error("%s: directories nested too deep (a loop?)", path);
				o->status = CLI_ERR;
			} else {
				ls_dir(fs, o, d.e[i].ino, path, depth + 1);
			}
		}
		free(path);
	}
	ext4cli_dir_free(&d);
}

int cmd_ext4_ls(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "recursive", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ls_opts o = { .first_json = true };
	char **keys = cli_malloc((size_t)argc * sizeof(char *));
	size_t nkeys = 0;
	extcrypt_ext4 *fs;
	uint64_t ino;
	const char *path;
	int c, st;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+:k:jRh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': keys[nkeys++] = optarg; break;
		case 'j': o.json = true; break;
		case 'R': o.recursive = true; break;
		case 'h':
			puts("Usage: extcrypt ext4 ls [--key-file FILE]... [-R] [--json] IMAGE [PATH]\n"
			     "Lists PATH (default /) of the ext4 image IMAGE, one entry per line:\n"
			     "type (- d l c b p s), mode (octal), size, name.  Names in encrypted\n"
			     "directories are decrypted with a matching key, else shown as the\n"
			     "no-key names Linux shows.  -R lists subdirectories too, with paths\n"
			     "relative to PATH; --json prints a JSON array.");
			free(keys);
			return CLI_OK;
		default:
			free(keys);
			return cli_usage_error("ext4 ls", "bad option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind < 1 || argc - optind > 2) {
		free(keys);
		return cli_usage_error("ext4 ls", "expected IMAGE [PATH]");
	}
	path = argc - optind == 2 ? argv[optind + 1] : "/";
	if (ext4cli_open(argv[optind], keys, nkeys, &fs) != CLI_OK) {
		free(keys);
		return CLI_ERR;
	}
	free(keys);
	st = extcrypt_ext4_resolve(fs, path, &ino);
	if (st) {
		extcrypt_ext4_close(fs);
		return ext4cli_error(st, path);
	}
	if (o.json)
		fputs("[\n", stdout);
	{
		struct extcrypt_ext4_stat s;

		st = extcrypt_ext4_stat(fs, ino, &s);
		if (st) {
			o.status = ext4cli_error(st, path);
		} else if (S_ISDIR(s.mode)) {
			ext4cli_first_visit(&o.seen, ino);
			ls_dir(fs, &o, ino, "", 0);
		} else {
			struct ext4cli_entry e = { .ino = ino };

			print_entry(&o, &s, &e, path);
		}
	}
	if (o.json)
		fputs("\n]\n", stdout);
	ext4cli_seen_free(&o.seen);
	extcrypt_ext4_close(fs);
	return o.status;
}

/* ------------------------------------------------------------ dispatch */

int cmd_ext4(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs("Usage: extcrypt ext4 ls [--key-file FILE]... [-R] [--json] IMAGE [PATH]\n"
		      "       extcrypt ext4 extract --key-file FILE [--key-file FILE]... [--force] IMAGE PATH DEST\n"
		      "       extcrypt ext4 verify [--key-file FILE]... IMAGE\n"
		      "       extcrypt ext4 build --key-file FILE [--encrypt PATH]... [options] SOURCE_DIR IMAGE\n"
		      "       extcrypt ext4 copy [--in-place] [--json] IMAGE PATH DEST_IMAGE DEST_DIR\n"
		      "Encrypted ext4 images without mounting them.  A key file holds a raw\n"
		      "master key (16 to 64 bytes; '-' reads standard input).\n",
		      argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "ls") == 0)
		return cmd_ext4_ls(argc - 1, argv + 1);
	if (strcmp(argv[1], "extract") == 0)
		return cmd_ext4_extract(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_ext4_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "build") == 0)
		return cmd_ext4_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "copy") == 0)
		return cmd_ext4_copy(argc - 1, argv + 1);
	return cli_usage_error("ext4", "unknown ext4 command '%s'", argv[1]);
}
