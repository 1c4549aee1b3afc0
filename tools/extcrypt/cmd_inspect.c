// SPDX-License-Identifier: MIT
/*
 * cmd_inspect.c - `extcrypt inspect`: decode and validate an encryption
 * policy, an inode context or an extent context.
 *
 * Policies, and the policy embedded in an inode context, are validated by
 * extcrypt_policy_decode.  Extent contexts are checked against the reader
 * rules of their profile (include/extcrypt/extent.h) as far as that is
 * possible without the inode: length, version byte and mode byte; the
 * master key identifier can only be compared with an inode's
 * (extcrypt_extent_load).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <extcrypt/extcrypt.h>

#include "cli.h"

/* Output in words ("name: value" lines) or as one JSON object. */
struct report {
	bool json;
	bool first;
	int status;        /* EXTCRYPT_OK or the rule broken */
	char error[512];   /* which rule, in words */
};

static void rep_key(struct report *r, const char *key)
{
	if (r->json) {
		fputs(r->first ? "{" : ",", stdout);
		fputs("\n  ", stdout);
		cli_json_string(stdout, key);
		fputs(": ", stdout);
	} else {
		printf("%s: ", key);
	}
	r->first = false;
}

static void rep_str(struct report *r, const char *key, const char *val)
{
	rep_key(r, key);
	if (r->json)
		cli_json_string(stdout, val);
	else
		fputs(val, stdout);
	if (!r->json)
		putchar('\n');
}

static void rep_num(struct report *r, const char *key, uint64_t v)
{
	rep_key(r, key);
	printf("%" PRIu64, v);
	if (!r->json)
		putchar('\n');
}

static void rep_hex(struct report *r, const char *key, const uint8_t *b,
		    size_t n)
{
	char *h = cli_hex(b, n);

	rep_str(r, key, h);
	free(h);
}

static void rep_bool(struct report *r, const char *key, bool v)
{
	rep_key(r, key);
	fputs(r->json ? (v ? "true" : "false") : (v ? "yes" : "no"), stdout);
	if (!r->json)
		putchar('\n');
}

/* A mode byte as "1 (AES-256-XTS)" in words, or two JSON fields. */
static void rep_mode(struct report *r, const char *key, uint8_t mode)
{
	const char *name = extcrypt_mode_name(mode);
	char buf[96];

	if (r->json) {
		rep_num(r, key, mode);
		snprintf(buf, sizeof(buf), "%s_name", key);
		rep_str(r, buf, name != NULL ? name : "unknown");
		return;
	}
	snprintf(buf, sizeof(buf), "%u (%s)", mode,
		 name != NULL ? name : "unknown mode");
	rep_str(r, key, buf);
}

static void rep_flags(struct report *r, uint8_t flags)
{
	char buf[160];

	if (r->json) {
		rep_num(r, "flags", flags);
		rep_str(r, "flag_names", cli_flag_names(flags));
		rep_num(r, "filename_padding", 4u << (flags & 3));
		return;
	}
	snprintf(buf, sizeof(buf), "0x%02x (%s; filenames padded to %u bytes)",
		 flags, cli_flag_names(flags), 4u << (flags & 3));
	rep_str(r, "flags", buf);
}

static void rep_du(struct report *r, uint8_t log2)
{
	char buf[96];

	if (r->json) {
		rep_num(r, "log2_data_unit_size", log2);
		if (log2 != 0 && log2 < 64)
			rep_num(r, "data_unit_size", UINT64_C(1) << log2);
		return;
	}
	if (log2 == 0)
		snprintf(buf, sizeof(buf), "0 (data unit = filesystem block)");
	else if (log2 < 32)
		snprintf(buf, sizeof(buf), "%u (%" PRIu32 "-byte data units)",
			 log2, UINT32_C(1) << log2);
	else
		snprintf(buf, sizeof(buf), "%u", log2);
	rep_str(r, "log2_data_unit_size", buf);
}

/* Records the first broken rule. */
static void fail(struct report *r, int status, const char *fmt, ...)
	CLI_PRINTF(3, 4);

static void fail(struct report *r, int status, const char *fmt, ...)
{
	va_list ap;

	if (r->status != EXTCRYPT_OK)
		return;
	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
}

static void fail_lib(struct report *r, int status)
{
	fail(r, status, "%s", extcrypt_last_error());
}

/* Validates policy bytes with the library; on success notes whether the
 * policy may be used with per-extent encryption. */
static void validate_policy(struct report *r, const uint8_t *buf, size_t len,
			    bool note_extent)
{
	extcrypt_policy *p;
	int err = extcrypt_policy_decode(buf, len, &p);

	if (err) {
		fail_lib(r, err);
		return;
	}
	if (note_extent) {
		err = extcrypt_policy_check_extent(p);
		rep_bool(r, "usable_with_extent_encryption", err == EXTCRYPT_OK);
	}
	if (extcrypt_policy_version(p) == 2 &&
	    (extcrypt_mode_supported(extcrypt_policy_contents_mode(p)) != EXTCRYPT_OK ||
	     extcrypt_mode_supported(extcrypt_policy_filenames_mode(p)) != EXTCRYPT_OK))
		rep_str(r, "note", "valid, but this libextcrypt cannot encrypt with these modes (not supported yet)");
	extcrypt_policy_free(p);
}

static void inspect_policy(struct report *r, const uint8_t *b, size_t len)
{
	bool v2 = len == EXTCRYPT_POLICY_V2_SIZE;

	rep_str(r, "type", v2 ? "policy_v2" : "policy_v1");
	rep_num(r, "size", len);
	rep_num(r, "version_byte", b[0]);
	rep_mode(r, "contents_mode", b[1]);
	rep_mode(r, "filenames_mode", b[2]);
	rep_flags(r, b[3]);
	if (v2) {
		rep_du(r, b[4]);
		rep_hex(r, "reserved", b + 5, 3);
		rep_hex(r, "master_key_identifier", b + 8, 16);
	} else {
		rep_hex(r, "master_key_descriptor", b + 4, 8);
	}
	validate_policy(r, b, len, true);
}

static void inspect_inode_context(struct report *r, const uint8_t *b,
				  size_t len)
{
	uint8_t pol[EXTCRYPT_POLICY_V2_SIZE];

	rep_str(r, "type", len == 40 ? "inode_context_v2" : "inode_context_v1");
	rep_num(r, "size", len);
	rep_num(r, "version", b[0]);
	rep_mode(r, "contents_mode", b[1]);
	rep_mode(r, "filenames_mode", b[2]);
	rep_flags(r, b[3]);
	if (len == 40) {
		rep_du(r, b[4]);
		rep_hex(r, "reserved", b + 5, 3);
		rep_hex(r, "master_key_identifier", b + 8, 16);
		rep_hex(r, "nonce", b + 24, 16);
		if (b[0] != EXTCRYPT_CONTEXT_V2) {
			fail(r, EXTCRYPT_E_CONTEXT,
			     "malformed encryption context: a 40-byte inode context has version 2, not %u",
			     b[0]);
			return;
		}
		/* Bytes 0..23 are laid out exactly as a v2 policy. */
		validate_policy(r, b, EXTCRYPT_POLICY_V2_SIZE, true);
		return;
	}
	rep_hex(r, "master_key_descriptor", b + 4, 8);
	rep_hex(r, "nonce", b + 12, 16);
	if (b[0] != 1) {
		fail(r, EXTCRYPT_E_CONTEXT,
		     "malformed encryption context: a 28-byte inode context has version 1, not %u",
		     b[0]);
		return;
	}
	memset(pol, 0, sizeof(pol));
	memcpy(pol, b, 12);
	pol[0] = EXTCRYPT_POLICY_V1;
	validate_policy(r, pol, EXTCRYPT_POLICY_V1_SIZE, false);
	if (r->status == EXTCRYPT_OK)
		rep_str(r, "note", "v1 inode context: libextcrypt decodes it but does not implement v1 keys");
}

static bool is_contents_mode(uint8_t m)
{
	return m == EXTCRYPT_MODE_AES_256_XTS || m == EXTCRYPT_MODE_AES_128_CBC ||
	       m == EXTCRYPT_MODE_SM4_XTS || m == EXTCRYPT_MODE_ADIANTUM;
}

/* The reader rules of `profile` that need no inode (extent.h table). */
static void check_extent(struct report *r, int profile, const uint8_t *b,
			 size_t len)
{
	size_t size = extcrypt_extent_context_size(profile);
	bool strict = profile == EXTCRYPT_EXTENT_V5_2024_01 ||
		      profile == EXTCRYPT_EXTENT_V6_2026_02;

	if (len < size) {
		fail(r, EXTCRYPT_E_CONTEXT,
		     "malformed encryption context: %s extent context is %zu bytes, needs %zu",
		     extcrypt_extent_profile_name(profile), len, size);
		return;
	}
	if (strict && b[0] != 1) {
		fail(r, EXTCRYPT_E_CONTEXT,
		     "malformed encryption context: invalid extent encryption context version %u (%s needs 1)",
		     b[0], extcrypt_extent_profile_name(profile));
		return;
	}
	if (strict && !is_contents_mode(b[1]))
		fail(r, EXTCRYPT_E_MODE_MISMATCH,
		     "encryption mode mismatch: mode %u is not a contents mode, so it matches no inode (%s checks it)",
		     b[1], extcrypt_extent_profile_name(profile));
}

static void rep_extent_fields(struct report *r, int profile, const uint8_t *b,
			      size_t len)
{
	size_t size = profile != 0 ? extcrypt_extent_context_size(profile) : len;

	rep_num(r, "version", b[0]);
	if (size == 17 && len >= 17) {
		rep_hex(r, "nonce", b + 1, 16);
	} else if (len >= 34) {
		if (b[1] == 0 && !r->json &&
		    (profile == 0 || profile == EXTCRYPT_EXTENT_V1_2023_09 ||
		     profile == EXTCRYPT_EXTENT_V2_2023_10))
			rep_str(r, "encryption_mode", "0 (not written: v1-2023-09 and v2-2023-10 never set it)");
		else
			rep_mode(r, "encryption_mode", b[1]);
		rep_hex(r, "master_key_identifier", b + 2, 16);
		rep_hex(r, "nonce", b + 18, 16);
	}
	if (profile != 0 && len > size)
		rep_num(r, "ignored_trailing_bytes", len - size);
}

static void inspect_extent(struct report *r, int profile, const uint8_t *b,
			   size_t len)
{
	char list[160] = "";
	size_t n = 0;

	rep_str(r, "type", "extent_context");
	rep_num(r, "size", len);
	if (profile != 0) {
		rep_str(r, "profile", extcrypt_extent_profile_name(profile));
		rep_num(r, "hkdf_context", (uint64_t)extcrypt_extent_hkdf_context(profile));
		rep_extent_fields(r, profile, b, len);
		check_extent(r, profile, b, len);
		if (r->status == EXTCRYPT_OK && extcrypt_extent_context_size(profile) == 34)
			rep_str(r, "note", "the master key identifier is checked against the inode when the extent is loaded");
		return;
	}
	rep_extent_fields(r, 0, b, len);
	/* Which writers produce these bytes: exactly the profile's size,
	 * version 1, and for v5/v6 a contents mode in byte 1. */
	for (size_t i = 0; i < CLI_NUM_PROFILES; i++) {
		struct report probe = { .json = r->json };

		if (extcrypt_extent_context_size(cli_profiles[i]) != len || b[0] != 1)
			continue;
		check_extent(&probe, cli_profiles[i], b, len);
		if (probe.status != EXTCRYPT_OK)
			continue;
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
				      n != 0 ? ", " : "",
				      extcrypt_extent_profile_name(cli_profiles[i]));
	}
	rep_str(r, "possible_profiles", list);
	if (n == 0) {
		fail(r, EXTCRYPT_E_CONTEXT,
		     "malformed encryption context: no extent profile writes these bytes (every profile writes version 1)");
		return;
	}
	if (n > 1 || len == 34)
		rep_str(r, "note", "an extent context does not say which profile wrote it; pass --profile (HKDF context: v1-2023-09 8, v2-2023-10 2, v5-2024-01 8, v6-2026-02 9)");
}

static void usage(FILE *f)
{
	fputs(
"Usage: extcrypt inspect [OPTION]... HEX|-\n"
"\n"
"Decode and validate an fscrypt policy (12 or 24 bytes), an inode context\n"
"(40 bytes; 28 for v1) or a per-extent context (17 or 34 bytes), given as hex\n"
"or read from standard input with '-'.  Prints the fields in words (or JSON)\n"
"and, if the input breaks a rule, which one, with exit status 1.\n"
"\n"
"Options:\n"
"  --binary        standard input holds raw bytes, not hex\n"
"  --json          print one JSON object\n"
"  --profile=NAME  the input is an extent context of this profile\n"
"                  (rfc-2023-09, v1-2023-09, v2-2023-10, v5-2024-01,\n"
"                  v6-2026-02, default); without it, the length decides and\n"
"                  the possible profiles are listed\n"
"  --help          show this help and exit\n", f);
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "binary", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report r = { .first = true };
	bool binary = false;
	int profile = 0, c;
	uint8_t *buf;
	size_t len;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			binary = true;
			break;
		case 'j':
			r.json = true;
			break;
		case 'p':
			profile = extcrypt_extent_profile_from_name(optarg);
			if (profile < 0)
				return cli_usage_error("inspect", "unknown extent profile '%s'",
						       optarg);
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		case ':':
			return cli_usage_error("inspect", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("inspect", "unrecognized option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("inspect", "need exactly one input (HEX or -)");
	if (cli_get_bytes(argv[optind], binary, "input", &buf, &len) != 0)
		return CLI_ERR;

	if (profile != 0)
		inspect_extent(&r, profile, buf, len);
	else if (len == EXTCRYPT_POLICY_V1_SIZE || len == EXTCRYPT_POLICY_V2_SIZE)
		inspect_policy(&r, buf, len);
	else if (len == EXTCRYPT_CONTEXT_V2_SIZE || len == 28)
		inspect_inode_context(&r, buf, len);
	else if (len == 17 || len == 34)
		inspect_extent(&r, 0, buf, len);
	else {
		free(buf);
		return cli_error("%zu bytes: not a policy (12, 24 bytes), an inode context (28, 40) or an extent context (17, 34)",
				 len);
	}
	free(buf);
	rep_bool(&r, "valid", r.status == EXTCRYPT_OK);
	if (r.status != EXTCRYPT_OK) {
		rep_str(&r, "status", extcrypt_status_name(r.status));
		rep_str(&r, "error", r.error);
	}
	if (r.json)
		fputs("\n}\n", stdout);
	if (fflush(stdout) != 0)
		return cli_error("write error");
	if (r.status != EXTCRYPT_OK)
		return cli_error("%s (%s)", r.error, extcrypt_status_name(r.status));
	return CLI_OK;
}
