// SPDX-License-Identifier: MIT
/*
 * cmd_kat.c - `extcrypt kat`: generate libextcrypt's known-answer vectors,
 * deterministically from a seed (kat.h describes the PRG).
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include <sodium.h>

#include "kat.h"

static void usage(FILE *f)
{
	fputs(
"Usage: extcrypt kat [--format=text|json|kernel-header] [--seed=STR] [-o FILE]\n"
"\n"
"Generate the known-answer vectors of libextcrypt: key identifiers, per-file,\n"
"per-mode and per-extent keys, contents (per file and per extent, data units\n"
"of 512 to 65536 bytes), filenames, policy and context encodings, and inputs\n"
"that must be rejected with their status.  Every pseudo-random input comes\n"
"from SHA-512 in counter mode over the seed (see the header of the output),\n"
"so the same seed and version give the same bytes.\n"
"\n"
"Options:\n"
"  --format=FMT   text (default; the line format of fscrypt-v2.txt), json,\n"
"                 or kernel-header (C arrays for the kernel self-tests)\n"
"  --seed=STR     the seed (default \"" KAT_DEFAULT_SEED "\")\n"
"  -o, --output=FILE  write to FILE instead of standard output\n"
"  --help         show this help and exit\n", f);
}

int cmd_kat(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kat k = { .seed = KAT_DEFAULT_SEED };
	const char *format = "text", *output = NULL;
	FILE *f = stdout;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 's':
			k.seed = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		case ':':
			return cli_usage_error("kat", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("kat", "unrecognized option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("kat", "unexpected argument '%s'", argv[optind]);
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "kernel-header") != 0)
		return cli_usage_error("kat", "unknown format '%s' (text, json, kernel-header)",
				       format);
	if (strchr(k.seed, '"') != NULL || strchr(k.seed, '\n') != NULL ||
	    strstr(k.seed, "*/") != NULL)
		return cli_usage_error("kat", "the seed may not contain '\"', '*/' or a newline");
	if (sodium_init() < 0)
		return cli_error("libsodium initialisation failed");

	kat_gen_keys(&k);
	kat_gen_contents(&k);
	kat_gen_filenames(&k);
	kat_gen_encodings(&k);
	kat_gen_rejected(&k);
	kat_gen_ext4core(&k);

	if (output != NULL) {
		f = fopen(output, "w");
		if (f == NULL) {
			kat_free(&k);
			return cli_error("cannot create %s: %s", output, strerror(errno));
		}
	}
	if (strcmp(format, "text") == 0)
		ret = kat_write_text(&k, f);
	else if (strcmp(format, "json") == 0)
		ret = kat_write_json(&k, f);
	else
		ret = kat_write_kernel_header(&k, f);
	if (output != NULL && fclose(f) != 0 && ret == CLI_OK)
		ret = cli_error("cannot write %s: %s", output, strerror(errno));
	kat_free(&k);
	return ret;
}
