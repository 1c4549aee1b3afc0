// SPDX-License-Identifier: MIT
/*
 * cmd_context.c - `extcrypt context new`: the context a filesystem stores
 * for a new inode (under a policy) or for a new extent (written by an
 * inode), printed as hex.
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
"Usage: extcrypt context new [--inode] --policy=HEX [OPTION]...\n"
"       extcrypt context new --extent --master-key=HEX --inode-context=HEX\n"
"                            [--profile=NAME] [OPTION]...\n"
"       (--key-file=FILE may replace --master-key=HEX)\n"
"\n"
"Print (as hex) the 40-byte fscrypt_context_v2 of a new inode under a v2\n"
"policy, or the extent context of a new extent written by an inode.  The\n"
"nonce is 16 random bytes unless --nonce gives it.\n"
"\n"
"Options:\n"
"  --inode              a new inode context (the default)\n"
"  --extent             a new extent context\n"
"  --policy=HEX         the v2 policy (24 bytes); with --extent, optional and\n"
"                       checked against the inode context's\n"
"  --master-key=HEX     the master key (16..64 bytes); needed with --extent;\n"
"                       with --inode it is checked against the policy\n"
"  --key-file=FILE      the master key as 16..64 raw bytes read from FILE\n"
"                       ('-': standard input) into locked memory, instead of\n"
"                       --master-key (which other users can see in the\n"
"                       process list)\n"
"  --inode-context=HEX  the context of the inode that writes the extent\n"
"  --profile=NAME       extent profile (rfc-2023-09, v1-2023-09, v2-2023-10,\n"
"                       v5-2024-01, v6-2026-02, default; default: default)\n"
"  --block-size=N       filesystem block size (default 4096)\n"
"  --nonce=HEX          use this 16-byte nonce instead of a random one (for\n"
"                       tests and recovery only: nonces must be unique)\n"
"  --help               show this help and exit\n", f);
}

struct ctx_opts {
	bool extent;
	const char *policy, *master_key, *key_file, *inode_context, *nonce;
	int profile;
	uint32_t block_size;
};

static int get_hex(const char *arg, const char *what, uint8_t *out,
		   size_t cap, size_t *len)
{
	if (cli_hex_decode(arg, out, cap, len) != 0)
		return cli_error("invalid %s: need a hex string of at most %zu bytes",
				 what, cap);
	return 0;
}

static bool have_key(const struct ctx_opts *o)
{
	return o->master_key != NULL || o->key_file != NULL;
}

/* The master key of --master-key or --key-file; the raw bytes only ever
 * in locked memory. */
static int load_key(const struct ctx_opts *o, extcrypt_master_key **key)
{
	uint8_t *raw = cli_locked_alloc(CLI_KEY_FILE_MAX);
	size_t len;
	int err;

	if (o->key_file != NULL)
		err = cli_read_key_file(o->key_file, raw, &len);
	else
		err = get_hex(o->master_key, "master key", raw,
			      CLI_KEY_FILE_MAX, &len);
	if (err == 0) {
		err = extcrypt_master_key_new(raw, len, key);
		if (err)
			err = cli_lib_error(err, "master key");
	}
	sodium_free(raw); /* wipes */
	return err;
}

static int get_nonce(const struct ctx_opts *o, uint8_t nonce[16])
{
	size_t len;

	if (o->nonce == NULL) {
		randombytes_buf(nonce, 16);
		return 0;
	}
	if (get_hex(o->nonce, "nonce", nonce, 16, &len) != 0)
		return CLI_ERR;
	if (len != 16)
		return cli_error("invalid nonce: need 16 bytes, got %zu", len);
	return 0;
}

static int new_inode_context(const struct ctx_opts *o)
{
	uint8_t pol[EXTCRYPT_POLICY_V2_SIZE + 1], nonce[16], ctx[40];
	size_t ctx_len = 0;
	extcrypt_policy *policy;
	extcrypt_master_key *key = NULL;
	extcrypt_inode *inode;
	size_t len;
	int err;

	if (o->policy == NULL)
		return cli_usage_error("context", "--inode needs --policy");
	if (get_hex(o->policy, "policy", pol, sizeof(pol), &len) != 0)
		return CLI_ERR;
	err = extcrypt_policy_decode(pol, len, &policy);
	if (err)
		return cli_lib_error(err, "policy");
	if (extcrypt_policy_version(policy) != 2) {
		extcrypt_policy_free(policy);
		return cli_error("policy: only v2 policies have a v2 inode context (libextcrypt does not create v1 inodes)");
	}
	if (get_nonce(o, nonce) != 0) {
		extcrypt_policy_free(policy);
		return CLI_ERR;
	}
	if (!have_key(o)) {
		/* The context is the policy's 24 bytes and the nonce. */
		memcpy(ctx, pol, EXTCRYPT_POLICY_V2_SIZE);
		memcpy(ctx + EXTCRYPT_POLICY_V2_SIZE, nonce, 16);
	} else {
		err = load_key(o, &key);
		if (err == 0) {
			err = extcrypt_inode_new_with_nonce(key, policy, nonce,
							    o->block_size, &inode);
			if (err)
				err = cli_lib_error(err, "inode");
			else
				err = extcrypt_inode_context(inode, ctx,
							     sizeof(ctx), &ctx_len);
			if (err == 0)
				extcrypt_inode_free(inode);
		}
		extcrypt_master_key_free(key);
		if (err) {
			extcrypt_policy_free(policy);
			return CLI_ERR;
		}
	}
	extcrypt_policy_free(policy);
	cli_hex_print(stdout, ctx, sizeof(ctx));
	putchar('\n');
	return fflush(stdout) == 0 ? CLI_OK : cli_error("write error");
}

static int new_extent_context(const struct ctx_opts *o)
{
	uint8_t ictx[41], pol[25], nonce[16], out[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE];
	extcrypt_master_key *key = NULL;
	extcrypt_inode *inode = NULL;
	extcrypt_extent *extent = NULL;
	size_t ilen, plen, olen;
	int err, ret = CLI_ERR;

	if (!have_key(o) || o->inode_context == NULL)
		return cli_usage_error("context", "--extent needs --master-key (or --key-file) and --inode-context");
	if (get_hex(o->inode_context, "inode context", ictx, sizeof(ictx), &ilen) != 0)
		return CLI_ERR;
	if (o->policy != NULL) {
		if (get_hex(o->policy, "policy", pol, sizeof(pol), &plen) != 0)
			return CLI_ERR;
		if (plen != EXTCRYPT_POLICY_V2_SIZE || ilen < plen ||
		    memcmp(pol, ictx, plen) != 0)
			return cli_error("--policy differs from the policy in --inode-context");
	}
	if (get_nonce(o, nonce) != 0 || load_key(o, &key) != 0)
		return CLI_ERR;
	err = extcrypt_inode_load(key, ictx, ilen, o->block_size, &inode);
	if (err) {
		cli_lib_error(err, "inode context");
		goto out;
	}
	if (o->nonce != NULL)
		err = extcrypt_extent_new_with_nonce(inode, o->profile, nonce, &extent);
	else
		err = extcrypt_extent_new(inode, o->profile, &extent);
	if (err == 0)
		err = extcrypt_extent_context(extent, out, sizeof(out), &olen);
	if (err) {
		cli_lib_error(err, "extent");
		goto out;
	}
	cli_hex_print(stdout, out, olen);
	putchar('\n');
	ret = fflush(stdout) == 0 ? CLI_OK : cli_error("write error");
out:
	extcrypt_extent_free(extent);
	extcrypt_inode_free(inode);
	extcrypt_master_key_free(key);
	return ret;
}

int cmd_context(int argc, char **argv)
{
	enum { O_INODE = 256, O_EXTENT, O_POLICY, O_KEY, O_KEY_FILE, O_ICTX,
	       O_PROFILE, O_BLOCK, O_NONCE, O_HELP };
	static const struct option longopts[] = {
		{ "inode", no_argument, NULL, O_INODE },
		{ "extent", no_argument, NULL, O_EXTENT },
		{ "policy", required_argument, NULL, O_POLICY },
		{ "master-key", required_argument, NULL, O_KEY },
		{ "key-file", required_argument, NULL, O_KEY_FILE },
		{ "inode-context", required_argument, NULL, O_ICTX },
		{ "profile", required_argument, NULL, O_PROFILE },
		{ "block-size", required_argument, NULL, O_BLOCK },
		{ "nonce", required_argument, NULL, O_NONCE },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct ctx_opts o = { .profile = EXTCRYPT_EXTENT_DEFAULT,
			      .block_size = 4096 };
	uint64_t v;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case O_INODE:
			o.extent = false;
			break;
		case O_EXTENT:
			o.extent = true;
			break;
		case O_POLICY:
			o.policy = optarg;
			break;
		case O_KEY:
			o.master_key = optarg;
			break;
		case O_KEY_FILE:
			o.key_file = optarg;
			break;
		case O_ICTX:
			o.inode_context = optarg;
			break;
		case O_PROFILE:
			o.profile = extcrypt_extent_profile_from_name(optarg);
			if (o.profile < 0)
				return cli_usage_error("context", "unknown extent profile '%s'",
						       optarg);
			break;
		case O_BLOCK:
			if (cli_parse_u64(optarg, &v) != 0 || v < 512 || v > 65536 ||
			    (v & (v - 1)) != 0)
				return cli_usage_error("context", "invalid block size '%s' (a power of two, 512..65536)",
						       optarg);
			o.block_size = (uint32_t)v;
			break;
		case O_NONCE:
			o.nonce = optarg;
			break;
		case O_HELP:
			usage(stdout);
			return CLI_OK;
		case ':':
			return cli_usage_error("context", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("context", "unrecognized option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "new") != 0)
		return cli_usage_error("context", "the only action is 'new'");
	if (o.master_key != NULL && o.key_file != NULL)
		return cli_usage_error("context", "--master-key and --key-file are exclusive");
	if (sodium_init() < 0)
		return cli_error("libsodium initialisation failed");
	return o.extent ? new_extent_context(&o) : new_inode_context(&o);
}
