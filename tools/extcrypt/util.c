// SPDX-License-Identifier: MIT
/*
 * util.c - error reporting, hex, numbers and input helpers of the extcrypt
 * command.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"

__attribute__((format(printf, 1, 0)))
static void vreport(const char *fmt, va_list ap)
{
	fputs("extcrypt: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return CLI_ERR;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, "Try 'extcrypt %s --help'.\n", cmd);
	else
		fputs("Try 'extcrypt --help'.\n", stderr);
	return CLI_USAGE;
}

int cli_lib_error(int status, const char *what)
{
	const char *detail = extcrypt_last_error();

	if (detail[0] == '\0')
		detail = extcrypt_strerror(status);
	if (status == EXTCRYPT_E_UNSUPPORTED)
		return cli_error("%s: not supported yet by libextcrypt %s (%s)",
				 what, extcrypt_version_string(), detail);
	return cli_error("%s: %s", what, detail);
}

void *cli_malloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL) {
		cli_error("out of memory");
		exit(CLI_ERR);
	}
	return p;
}

void *cli_realloc(void *p, size_t n)
{
	void *q = realloc(p, n != 0 ? n : 1);

	if (q == NULL) {
		cli_error("out of memory");
		exit(CLI_ERR);
	}
	return q;
}

char *cli_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(cli_malloc(n), s, n);
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cli_hex_decode(const char *hex, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strlen(hex);

	if (n % 2 != 0 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_value((unsigned char)hex[2 * i]);
		int lo = hex_value((unsigned char)hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

char *cli_hex(const uint8_t *buf, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = cli_malloc(2 * len + 1);

	for (size_t i = 0; i < len; i++) {
		s[2 * i] = digits[buf[i] >> 4];
		s[2 * i + 1] = digits[buf[i] & 15];
	}
	s[2 * len] = '\0';
	return s;
}

void cli_hex_print(FILE *f, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", buf[i]);
}

int cli_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int cli_read_all(FILE *f, uint8_t **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	uint8_t *p = cli_malloc(cap);

	for (;;) {
		size_t got = fread(p + n, 1, cap - n, f);

		n += got;
		if (n < cap) {
			if (ferror(f)) {
				free(p);
				return -1;
			}
			if (feof(f))
				break;
			continue;
		}
		cap *= 2;
		p = cli_realloc(p, cap);
	}
	*buf = p;
	*len = n;
	return 0;
}

int cli_get_bytes(const char *arg, bool binary, const char *what,
		  uint8_t **buf, size_t *len)
{
	uint8_t *raw;
	size_t n, j = 0;
	char *text;

	if (strcmp(arg, "-") != 0) {
		n = strlen(arg) / 2 + 1;
		raw = cli_malloc(n);
		if (cli_hex_decode(arg, raw, n, len) != 0) {
			free(raw);
			return cli_error("invalid %s: '%s' is not a hex string",
					 what, arg);
		}
		*buf = raw;
		return 0;
	}
	if (cli_read_all(stdin, &raw, &n) != 0)
		return cli_error("cannot read %s from standard input: %s", what,
				 strerror(errno));
	if (binary) {
		*buf = raw;
		*len = n;
		return 0;
	}
	/* Hex text: drop blanks and newlines, then decode. */
	text = cli_malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		if (!isspace(raw[i]))
			text[j++] = (char)raw[i];
	text[j] = '\0';
	if (memchr(raw, '\0', n) != NULL ||
	    cli_hex_decode(text, raw, n, len) != 0) {
		free(text);
		free(raw);
		return cli_error("invalid %s on standard input: not a hex string (use --binary for raw bytes)",
				 what);
	}
	free(text);
	*buf = raw;
	return 0;
}

int cli_write_all(FILE *f, const void *buf, size_t len)
{
	if (len != 0 && fwrite(buf, 1, len, f) != len) {
		cli_error("write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void cli_put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void cli_put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint64_t cli_get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int cli_print_key_identifier(const uint8_t *secret, size_t len, bool hw)
{
	extcrypt_master_key *key;
	uint8_t id[EXTCRYPT_KEY_IDENTIFIER_SIZE];
	int err = extcrypt_master_key_new(secret, len, &key);

	if (err)
		return cli_lib_error(err, "master key");
	if (hw)
		err = extcrypt_master_key_derive(key,
						 EXTCRYPT_HKDF_CONTEXT_KEY_IDENTIFIER_HW,
						 NULL, 0, id, sizeof(id));
	else
		extcrypt_master_key_identifier(key, id);
	extcrypt_master_key_free(key);
	if (err)
		return cli_lib_error(err, "key identifier");
	cli_hex_print(stdout, id, sizeof(id));
	putchar('\n');
	return fflush(stdout) == 0 ? CLI_OK : cli_error("write error");
}

const int cli_profiles[CLI_NUM_PROFILES] = {
	EXTCRYPT_EXTENT_RFC_2023_09, EXTCRYPT_EXTENT_V1_2023_09,
	EXTCRYPT_EXTENT_V2_2023_10, EXTCRYPT_EXTENT_V5_2024_01,
	EXTCRYPT_EXTENT_V6_2026_02,
};

const char *cli_flag_names(uint8_t flags)
{
	static char buf[128];
	static const char *const pads[] = { "PAD_4", "PAD_8", "PAD_16", "PAD_32" };
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%s", pads[flags & 3]);
	if (flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "|DIRECT_KEY");
	if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "|IV_INO_LBLK_64");
	if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "|IV_INO_LBLK_32");
	if (flags & 0xe0)
		snprintf(buf + n, sizeof(buf) - n, "|UNKNOWN_0x%02x", flags & 0xe0);
	return buf;
}

/* Reads until EOF into buf (room for cap bytes); *len is the byte count,
 * which exceeds cap if the input is longer (the excess is not kept). */
static int read_bounded(int fd, uint8_t *buf, size_t cap, size_t *len)
{
	uint8_t excess;

	*len = 0;
	for (;;) {
		uint8_t *at = *len < cap ? buf + *len : &excess;
		ssize_t n = read(fd, at, *len < cap ? cap - *len : 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		*len += (size_t)n;
		if (*len > cap)
			return 0;
	}
}

int cli_read_key_file(const char *path, uint8_t key[CLI_KEY_FILE_MAX],
		      size_t *len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return cli_error("cannot open key file '%s': %s", path,
				 strerror(errno));
	/* read(2), not stdio: no copy of the key in a stdio buffer. */
	err = read_bounded(fd, key, CLI_KEY_FILE_MAX, len);
	if (err != 0)
		err = cli_error("cannot read key file '%s': %s", path,
				strerror(errno));
	if (!is_stdin)
		close(fd);
	if (err == 0 && (*len < CLI_KEY_FILE_MIN || *len > CLI_KEY_FILE_MAX))
		err = cli_error("key file '%s' must hold %d to %d raw key bytes, %s %zu",
				path, CLI_KEY_FILE_MIN, CLI_KEY_FILE_MAX,
				*len > CLI_KEY_FILE_MAX ? "got more than" : "got",
				*len > CLI_KEY_FILE_MAX ? (size_t)CLI_KEY_FILE_MAX : *len);
	if (err != 0) {
		sodium_memzero(key, CLI_KEY_FILE_MAX);
		*len = 0;
	}
	return err;
}

void *cli_locked_alloc(size_t n)
{
	void *p = sodium_init() < 0 ? NULL : sodium_malloc(n);

	if (p == NULL) {
		cli_error("out of locked memory");
		exit(CLI_ERR);
	}
	sodium_memzero(p, n);
	return p;
}
