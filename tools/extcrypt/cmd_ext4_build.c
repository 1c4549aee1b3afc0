// SPDX-License-Identifier: MIT
/*
 * cmd_ext4_build.c - `extcrypt ext4 build`: copy a directory tree into a
 * new ext4 image like `mke2fs -d`, encrypting the chosen subtrees with a
 * v2 policy, offline.
 *
 * Atomic: the image is made as a temporary file next to IMAGE (mke2fs,
 * then libextcrypt-ext4's builder), synced, and renamed over IMAGE only
 * when everything worked; on any error the temporary file is removed and
 * the message names the source path and the reason.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"
#include "cmd_ext4.h"
#include "cmd_ext4_build.h"

extern char **environ;

static const char usage[] =
	"Usage: extcrypt ext4 build --key-file FILE [--encrypt PATH]... [--contents MODE]\n"
	"         [--filenames MODE] [--padding N] [--iv-ino-lblk-64|--iv-ino-lblk-32]\n"
	"         [--direct-key] [--casefold] [--block-size N] [--size SIZE] [--no-xattrs]\n"
	"         [--json]\n"
	"         SOURCE_DIR IMAGE\n"
	"Creates the ext4 image IMAGE (with mke2fs) holding a copy of SOURCE_DIR,\n"
	"each --encrypt directory (relative to SOURCE_DIR; default: every top-level\n"
	"directory) encrypted with a v2 policy under the master key in FILE, as\n"
	"Linux would have written it.  Prints the key identifier to give to\n"
	"FS_IOC_ADD_ENCRYPTION_KEY (fscryptctl add_key).\n"
	"  --contents MODE    AES-256-XTS (default), AES-128-CBC-ESSIV, Adiantum,\n"
	"                     SM4-XTS (Linux 6.2+)\n"
	"  --filenames MODE   AES-256-CTS (default with XTS), AES-256-HCTR2,\n"
	"                     AES-128-CTS, Adiantum, SM4-CTS-CBC (the contents\n"
	"                     mode's partner)\n"
	"  --padding N        4, 8, 16 or 32 (default 32)\n"
	"  --block-size N     1024, 2048 or 4096 (default 4096)\n"
	"  --casefold         the encrypted directories are casefolded too (names\n"
	"                     in them must be valid UTF-8, as in strict mode)\n"
	"  --size SIZE        image size in bytes, K/M/G suffix (default: the tree\n"
	"                     plus headroom)\n"
	"  --no-xattrs        do not copy the source's extended attributes (copied\n"
	"                     by default, like mke2fs -d; fscrypt leaves them in\n"
	"                     plaintext)\n"
	"An existing IMAGE must be an empty ext4 image (only lost+found): it is the\n"
	"template (its size, block size and features are kept).  Anything else that\n"
	"exists is refused.\n";

/* ---- options ------------------------------------------------------------- */

static int parse_mode(const char *s, uint8_t *mode)
{
	static const struct {
		const char *alias;
		uint8_t mode;
	} aliases[] = {
		{ "AES-256-CTS", EXTCRYPT_MODE_AES_256_CTS },
		{ "AES-128-CTS", EXTCRYPT_MODE_AES_128_CTS },
		{ "AES-128-CBC", EXTCRYPT_MODE_AES_128_CBC },
		{ "HCTR2", EXTCRYPT_MODE_AES_256_HCTR2 },
	};

	for (int m = 1; m <= 10; m++) {
		const char *name = extcrypt_mode_name(m);

		if (name && strcasecmp(name, s) == 0) {
			*mode = (uint8_t)m;
			return 0;
		}
	}
	for (size_t i = 0; i < CLI_ARRAY_SIZE(aliases); i++)
		if (strcasecmp(aliases[i].alias, s) == 0) {
			*mode = aliases[i].mode;
			return 0;
		}
	return -1;
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 0: break;
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	case 'T': shift = 40; end++; break;
	default: return -1;
	}
	if (*end || v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

/* "./a//b/" -> "a/b"; "" for the root. */
static char *normalise(const char *p)
{
	char *out = cli_malloc(strlen(p) + 1), *o = out;

	while (*p) {
		while (*p == '/')
			p++;
		if (p[0] == '.' && (p[1] == '/' || p[1] == 0)) {
			p++;
			continue;
		}
		if (!*p)
			break;
		if (o != out)
			*o++ = '/';
		while (*p && *p != '/')
			*o++ = *p++;
	}
	*o = 0;
	return out;
}

int ebuild_encrypt_index(struct ebuild *eb, const char *rel)
{
	if (eb->encrypt_top)
		return strchr(rel, '/') ? -1 : 0;
	for (size_t i = 0; i < eb->nencrypt; i++)
		if (strcmp(eb->encrypt[i], rel) == 0)
			return (int)i;
	return -1;
}

void ebuild_progress(struct ebuild *eb, bool final)
{
	ext4cli_progress(&eb->last_percent, eb->done_files, eb->total_files,
			 eb->done_bytes, final);
}

/* ---- the image ------------------------------------------------------------ */

static int run_mke2fs(const char *path, uint32_t bs, uint64_t inodes,
		      bool stable, bool casefold, uid_t uid, gid_t gid)
{
	char bsz[16], nin[32], feat[64], owner[64];
	char *argv[] = { "mke2fs", "-q", "-F", "-t", "ext4", "-b", bsz, "-I",
			 "256", "-N", nin, "-O", feat, "-E", owner,
			 (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	FILE *msgs = tmpfile(); /* mke2fs's stderr, shown if it fails */
	pid_t pid;
	int status, err;

	snprintf(bsz, sizeof(bsz), "%u", bs);
	snprintf(nin, sizeof(nin), "%llu", (unsigned long long)inodes);
	snprintf(feat, sizeof(feat), "encrypt%s%s", stable ? ",stable_inodes" : "",
		 casefold ? ",casefold" : "");
	snprintf(owner, sizeof(owner), "root_owner=%u:%u", (unsigned)uid,
		 (unsigned)gid);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (msgs)
		posix_spawn_file_actions_adddup2(&fa, fileno(msgs), 2);
	err = posix_spawnp(&pid, "mke2fs", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		if (msgs)
			fclose(msgs);
		return cli_error("running mke2fs: %s (install e2fsprogs)", strerror(err));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char line[512];

		if (msgs) {
			rewind(msgs);
			while (fgets(line, sizeof(line), msgs))
				fputs(line, stderr);
			fclose(msgs);
		}
		return cli_error("%s: mke2fs failed (status %d)", path,
				 status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	if (msgs)
		fclose(msgs);
	return CLI_OK;
}

static uint64_t default_size(const struct ebuild *eb, uint64_t inodes)
{
	uint64_t meta = eb->dir_bytes * 2 + inodes * 256;
	uint64_t size = (eb->data_bytes + meta) / 100 * 115 + (32ull << 20);

	return (size + (1ull << 20) - 1) & ~((1ull << 20) - 1);
}

static char *temp_path(const char *image)
{
	char *d = cli_strdup(image), *b = cli_strdup(image);
	const char *dir = dirname(d), *base = basename(b);
	size_t n = strlen(dir) + strlen(base) + 32;
	char *t = cli_malloc(n);

	snprintf(t, n, "%s/.%s.XXXXXX", dir, base);
	free(d);
	free(b);
	return t;
}

static void print_json(const struct ebuild *eb, const char *image,
		       const uint8_t id[16], uint64_t size)
{
	char *hex = cli_hex(id, 16);

	fputs("{\"image\": ", stdout);
	cli_json_string(stdout, image);
	printf(", \"key_identifier\": \"%s\", \"size\": %llu, \"block_size\": %u,"
	       " \"directories\": %llu, \"files\": %llu, \"symlinks\": %llu,"
	       " \"special_files\": %llu, \"bytes\": %llu, \"encrypted\": [",
	       hex, (unsigned long long)size, eb->block_size,
	       (unsigned long long)eb->done_dirs, (unsigned long long)eb->nfiles,
	       (unsigned long long)eb->nsymlinks, (unsigned long long)eb->nspecial,
	       (unsigned long long)eb->done_bytes);
	for (size_t i = 0; i < eb->nroots; i++) {
		fputs(i ? ", " : "", stdout);
		cli_json_string(stdout, eb->roots[i]);
	}
	puts("]}");
	free(hex);
}

/* Everything after option parsing; `tmp` is removed by the caller on
 * failure. */
static int build(struct ebuild *eb, const uint8_t *key, size_t key_len,
		 const char *tmp, int tmp_fd, uint64_t size, bool stable,
		 const char *template, uint8_t id[16])
{
	uint64_t inodes = (eb->total_files + eb->total_dirs) / 10 * 12 + 256;
	struct stat st;
	int s;

	if (fstat(eb->src_fd, &st) != 0)
		return cli_error("%s: %s", eb->src, strerror(errno));
	if (template) {
		if (ebuild_copy_template(template, tmp_fd, tmp) != CLI_OK)
			return CLI_ERR;
	} else {
		if (!size)
			size = default_size(eb, inodes);
		if (ftruncate(tmp_fd, (off_t)size) != 0)
			return cli_error("%s: %s", tmp, strerror(errno));
		if (run_mke2fs(tmp, eb->block_size, inodes, stable, eb->casefold,
			       st.st_uid, st.st_gid) != CLI_OK)
			return CLI_ERR;
	}
	s = extcrypt_ext4_build_open(tmp, &eb->b);
	if (!s)
		s = extcrypt_ext4_build_add_key(eb->b, key, key_len, id);
	if (s)
		return ext4cli_error(s, tmp);
	if (ebuild_copy(eb) != CLI_OK)
		return CLI_ERR;
	s = extcrypt_ext4_build_commit(eb->b);
	eb->b = NULL;
	if (s) {
		if (s == EXTCRYPT_EXT4_E_NOSPC)
			return cli_error("%s: image too small (--size %llu): %s", tmp,
					 (unsigned long long)size,
					 extcrypt_ext4_last_error());
		return ext4cli_error(s, tmp);
	}
	for (size_t i = 0; i < eb->nencrypt && !eb->encrypt_top; i++)
		if (!eb->encrypt_used[i])
			return cli_error("--encrypt %s: no such directory in %s",
					 eb->encrypt[i], eb->src);
	if (fsync(tmp_fd) != 0)
		return cli_error("%s: %s", tmp, strerror(errno));
	return CLI_OK;
}

/* Records the exit status `st` and leaves through the clean-up. */
#define FAIL(st)                \
	do {                    \
		rc = (st);      \
		goto out;       \
	} while (0)

int cmd_ext4_build(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "encrypt", required_argument, NULL, 'e' },
		{ "contents", required_argument, NULL, 'c' },
		{ "filenames", required_argument, NULL, 'f' },
		{ "padding", required_argument, NULL, 'p' },
		{ "iv-ino-lblk-64", no_argument, NULL, '6' },
		{ "iv-ino-lblk-32", no_argument, NULL, '3' },
		{ "direct-key", no_argument, NULL, 'd' },
		{ "casefold", no_argument, NULL, 'C' },
		{ "block-size", required_argument, NULL, 'b' },
		{ "size", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-xattrs", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ebuild eb = { .block_size = 4096, .src_fd = -1, .last_percent = -1,
			     .xattrs = true };
	const char *key_file = NULL, *image, *template = NULL;
	bool block_size_given = false;
	uint8_t contents = EXTCRYPT_MODE_AES_256_XTS, filenames = 0, flags = 0;
	/* The master key in locked memory, like every key of the CLI. */
	uint8_t *key = cli_locked_alloc(CLI_KEY_FILE_MAX), id[16];
	uint64_t size = 0, v;
	size_t key_len = 0;
	unsigned padding = 32;
	bool json = false, casefold = false;
	char *tmp = NULL;
	int c, rc = CLI_ERR, tmp_fd = -1;

	eb.encrypt = cli_malloc((size_t)argc * sizeof(char *));
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:k:e:c:f:p:63dCb:s:jXh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'k': key_file = optarg; break;
		case 'e': eb.encrypt[eb.nencrypt++] = normalise(optarg); break;
		case 'c':
			if (parse_mode(optarg, &contents))
				FAIL(cli_usage_error("ext4 build", "unknown mode '%s'", optarg));
			break;
		case 'f':
			if (parse_mode(optarg, &filenames))
				FAIL(cli_usage_error("ext4 build", "unknown mode '%s'", optarg));
			break;
		case 'p':
			if (cli_parse_u64(optarg, &v) || (v != 4 && v != 8 && v != 16 && v != 32))
				FAIL(cli_usage_error("ext4 build", "--padding is 4, 8, 16 or 32"));
			padding = (unsigned)v;
			break;
		case '6': flags |= EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64; break;
		case '3': flags |= EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32; break;
		case 'd': flags |= EXTCRYPT_POLICY_FLAG_DIRECT_KEY; break;
		case 'C': casefold = true; break;
		case 'b':
			if (cli_parse_u64(optarg, &v) || (v != 1024 && v != 2048 && v != 4096))
				FAIL(cli_usage_error("ext4 build", "--block-size is 1024, 2048 or 4096"));
			eb.block_size = (uint32_t)v;
			block_size_given = true;
			break;
		case 's':
			if (parse_size(optarg, &size) || size < (1u << 20))
				FAIL(cli_usage_error("ext4 build", "bad --size '%s' (bytes, K/M/G suffix, at least 1M)", optarg));
			break;
		case 'j': json = true; break;
		case 'X': eb.xattrs = false; break;
		case 'h':
			fputs(usage, stdout);
			rc = CLI_OK;
			goto out;
		default:
			FAIL(cli_usage_error("ext4 build", "bad option '%s'", argv[optind - 1]));
		}
	}
	if (argc - optind != 2)
		FAIL(cli_usage_error("ext4 build", "expected SOURCE_DIR IMAGE"));
	if (!key_file)
		FAIL(cli_usage_error("ext4 build", "--key-file is required"));
	eb.casefold = casefold;
	if (!filenames)
		filenames = contents == EXTCRYPT_MODE_ADIANTUM ? EXTCRYPT_MODE_ADIANTUM
			    : contents == EXTCRYPT_MODE_AES_128_CBC ? EXTCRYPT_MODE_AES_128_CTS
			    : contents == EXTCRYPT_MODE_SM4_XTS     ? EXTCRYPT_MODE_SM4_CTS
								  : EXTCRYPT_MODE_AES_256_CTS;
	flags |= padding == 4 ? EXTCRYPT_POLICY_FLAGS_PAD_4
		 : padding == 8 ? EXTCRYPT_POLICY_FLAGS_PAD_8
		 : padding == 16 ? EXTCRYPT_POLICY_FLAGS_PAD_16
				 : EXTCRYPT_POLICY_FLAGS_PAD_32;
	eb.src = argv[optind];
	image = argv[optind + 1];
	eb.encrypt_top = eb.nencrypt == 0;
	if (eb.encrypt_top) {
		eb.encrypt[0] = cli_strdup("(each top-level directory)");
		eb.nencrypt = 1;
	}
	eb.encrypt_used = calloc(eb.nencrypt, sizeof(bool));
	for (size_t i = 0; i < eb.nencrypt && !eb.encrypt_top; i++)
		if (!eb.encrypt[i][0]) {
			cli_error("--encrypt %s: the root directory cannot be encrypted (it holds lost+found); name its subdirectories",
				  eb.encrypt[i]);
			goto out;
		}

	if (cli_read_key_file(key_file, key, &key_len) != CLI_OK)
		goto out;
	{
		extcrypt_master_key *mk;
		int s = extcrypt_master_key_new(key, key_len, &mk);

		if (s) {
			cli_lib_error(s, key_file);
			goto out;
		}
		extcrypt_master_key_identifier(mk, id);
		extcrypt_master_key_free(mk);
		s = extcrypt_policy_new(contents, filenames, flags, 0, id, &eb.policy);
		if (s) {
			cli_lib_error(s, "policy");
			goto out;
		}
	}
	eb.src_fd = open(eb.src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (eb.src_fd < 0) {
		cli_error("%s: %s", eb.src, strerror(errno));
		goto out;
	}
	if (ebuild_scan(&eb) != CLI_OK)
		goto out;
	/* An existing IMAGE: an empty ext4 image is the template. */
	if (access(image, F_OK) == 0) {
		uint32_t bs;

		if (size) {
			cli_error("%s exists: --size applies to new images only", image);
			goto out;
		}
		if (ebuild_check_template(image, &bs) != CLI_OK)
			goto out;
		if (block_size_given && bs != eb.block_size) {
			cli_error("%s: has %u-byte blocks, not --block-size %u", image, bs,
				  eb.block_size);
			goto out;
		}
		eb.block_size = bs;
		template = image;
	}
	tmp = temp_path(image);
	tmp_fd = mkostemp(tmp, O_CLOEXEC);
	if (tmp_fd < 0) {
		cli_error("%s: %s", tmp, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	{
		mode_t um = umask(0);

		umask(um); /* mkstemp made it 0600; a new file gets 0666 & ~umask */
		if (fchmod(tmp_fd, 0666 & ~um) != 0) {
			cli_error("%s: %s", tmp, strerror(errno));
			goto out;
		}
	}
	eb.progress = !json && isatty(2);
	if (build(&eb, key, key_len, tmp, tmp_fd, size,
		  (flags & (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
			    EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)) != 0,
		  template, id) != CLI_OK)
		goto out;
	if (eb.progress)
		ebuild_progress(&eb, true);
	if (rename(tmp, image) != 0) {
		cli_error("%s: %s", image, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	{
		struct stat st;

		if (json)
			print_json(&eb, image, id,
				   fstat(tmp_fd, &st) == 0 ? (uint64_t)st.st_size : size);
		else {
			cli_hex_print(stdout, id, 16);
			putchar('\n');
		}
	}
	rc = CLI_OK;
out:
	if (eb.progress && rc != CLI_OK)
		fputc('\n', stderr);
	extcrypt_ext4_build_free(eb.b);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (tmp_fd >= 0)
		close(tmp_fd);
	if (eb.src_fd >= 0)
		close(eb.src_fd);
	sodium_free(key);
	extcrypt_policy_free(eb.policy);
	for (size_t i = 0; i < eb.nencrypt; i++)
		free(eb.encrypt[i]);
	free(eb.encrypt);
	free(eb.encrypt_used);
	free(eb.links);
	for (size_t i = 0; i < eb.nroots; i++)
		free(eb.roots[i]);
	free(eb.roots);
	return rc;
}
