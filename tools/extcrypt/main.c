// SPDX-License-Identifier: MIT
/*
 * main.c - the `extcrypt` command: subcommand dispatch.
 */
#include <string.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "crypt", cmd_crypt,
	  "encrypt/decrypt stdin as fscrypt does (fscrypt-crypt-util drop-in)" },
	{ "inspect", cmd_inspect,
	  "decode and validate a policy, inode context or extent context" },
	{ "keyid", cmd_keyid, "print the key identifier of a master key" },
	{ "context", cmd_context, "create a new inode or extent context" },
	{ "kat", cmd_kat, "generate the known-answer test vectors" },
#ifdef EXTCRYPT_HAVE_EXT4
	{ "ext4", cmd_ext4, "list, extract, verify, build, copy encrypted ext4 images offline" },
#endif
};

static void usage(FILE *f)
{
	fputs("Usage: extcrypt COMMAND [OPTION]... [ARG]...\n"
	      "       extcrypt --help | --version\n"
	      "\n"
	      "fscrypt v2 and per-extent encryption from the command line, with\n"
	      "libextcrypt.\n"
	      "\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < CLI_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'extcrypt COMMAND --help' describes a command.  See extcrypt(1).\n"
	      "Exit status: 0 success, 1 error, 2 usage error.\n", f);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(NULL, "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("extcrypt %s (libextcrypt %s)\n", EXTCRYPT_VERSION_STRING,
		       extcrypt_version_string());
		return CLI_OK;
	}
	for (size_t i = 0; i < CLI_ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}
