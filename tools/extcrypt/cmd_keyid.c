// SPDX-License-Identifier: MIT
/*
 * cmd_keyid.c - `extcrypt keyid`: the 16-byte identifier of a master key,
 * as FS_IOC_ADD_ENCRYPTION_KEY reports it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"

static void usage(FILE *f)
{
	fputs(
"Usage: extcrypt keyid [OPTION]... HEXKEY|-\n"
"       extcrypt keyid [OPTION]... --key-file=FILE\n"
"\n"
"Print the master key identifier (16 bytes, hex) of a v2 master key of 16 to\n"
"64 bytes: HKDF-SHA512(key, info = \"fscrypt\\0\" || 0x01, 16 bytes).\n"
"With '-' the key is read from standard input (hex text, or raw bytes with\n"
"--binary).\n"
"\n"
"Options:\n"
"  --binary      standard input holds the raw key bytes, not hex\n"
"  --key-file=FILE\n"
"                read the key from FILE ('-': standard input) as 16..64 raw\n"
"                bytes into locked memory, instead of HEXKEY|-\n"
"  --hw-wrapped  the key is a 32-byte raw hardware-wrapped key: derive its\n"
"                software secret first and use HKDF context 8, as the kernel\n"
"                does for hardware-wrapped keys\n"
"  --help        show this help and exit\n", f);
}

/* Wipes and frees a key from cli_get_bytes (heap) or --key-file (locked). */
static void release_key(uint8_t *raw, size_t len, bool locked)
{
	if (locked) {
		sodium_free(raw);
		return;
	}
	sodium_memzero(raw, len);
	free(raw);
}

int cmd_keyid(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "binary", no_argument, NULL, 'b' },
		{ "hw-wrapped", no_argument, NULL, 'w' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool binary = false, hw = false;
	const char *key_file = NULL;
	uint8_t *raw, secret[CLI_SW_SECRET_SIZE];
	size_t len;
	int c, err;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			binary = true;
			break;
		case 'w':
			hw = true;
			break;
		case 'k':
			key_file = optarg;
			break;
		case ':':
			return cli_usage_error("keyid", "option '%s' needs a value",
					       argv[optind - 1]);
		case 'h':
			usage(stdout);
			return CLI_OK;
		default:
			return cli_usage_error("keyid", "unrecognized option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind != (key_file != NULL ? 0 : 1))
		return cli_usage_error("keyid", "need exactly one key (HEXKEY, - or --key-file)");
	if (key_file != NULL) {
		raw = cli_locked_alloc(CLI_KEY_FILE_MAX);
		if (cli_read_key_file(key_file, raw, &len) != 0) {
			sodium_free(raw);
			return CLI_ERR;
		}
	} else if (cli_get_bytes(argv[optind], binary, "master key", &raw,
				 &len) != 0) {
		return CLI_ERR;
	}
	if (hw) {
		if (len != CLI_HW_KEY_SIZE) {
			release_key(raw, len, key_file != NULL);
			return cli_error("--hw-wrapped needs a %d-byte key, got %zu bytes",
					 CLI_HW_KEY_SIZE, len);
		}
		err = cli_hw_kdf(raw, false, secret, sizeof(secret));
		if (err) {
			release_key(raw, len, key_file != NULL);
			return CLI_ERR;
		}
		memcpy(raw, secret, sizeof(secret));
		sodium_memzero(secret, sizeof(secret));
	}
	err = cli_print_key_identifier(raw, len, hw);
	release_key(raw, len, key_file != NULL);
	return err;
}
