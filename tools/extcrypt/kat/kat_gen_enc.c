// SPDX-License-Identifier: MIT
/*
 * kat_gen_enc.c - encodings (policies, inode contexts, extent contexts) and
 * inputs the library must reject, with the status each gets.
 *
 * The expected status of every input comes from docs/spec.md (rule ids in
 * the "rule" field); the generator runs the library on each input and
 * stops if it answers differently, so the files never record a status the
 * library does not give.
 */
#include <stdlib.h>
#include <string.h>

#include "kat.h"

#define XTS EXTCRYPT_MODE_AES_256_XTS
#define CTS EXTCRYPT_MODE_AES_256_CTS
#define ESSIV EXTCRYPT_MODE_AES_128_CBC
#define CTS128 EXTCRYPT_MODE_AES_128_CTS
#define ADI EXTCRYPT_MODE_ADIANTUM
#define HCTR2 EXTCRYPT_MODE_AES_256_HCTR2
#define SM4XTS EXTCRYPT_MODE_SM4_XTS
#define SM4CTS EXTCRYPT_MODE_SM4_CTS
#define DIRECT EXTCRYPT_POLICY_FLAG_DIRECT_KEY
#define LBLK64 EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64
#define LBLK32 EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32

/* A policy's bytes: v1 (12) or v2 (24), with a PRG identifier. */
static size_t policy_bytes(struct kat *k, const char *id, int version,
			   int contents, int filenames, uint8_t flags,
			   uint8_t log2, uint8_t out[24])
{
	memset(out, 0, 24);
	out[1] = (uint8_t)contents;
	out[2] = (uint8_t)filenames;
	out[3] = flags;
	if (version == 1) {
		out[0] = EXTCRYPT_POLICY_V1;
		kat_prgf(k, out + 4, 8, "%s/key_descriptor", id);
		return EXTCRYPT_POLICY_V1_SIZE;
	}
	out[0] = EXTCRYPT_POLICY_V2;
	out[4] = log2;
	kat_prgf(k, out + 8, 16, "%s/key_identifier", id);
	return EXTCRYPT_POLICY_V2_SIZE;
}

/* ---- encodings ------------------------------------------------------------- */

struct pol {
	int version, contents, filenames;
	uint8_t flags, log2;
	const char *tag;
};

static const struct pol valid_policies[] = {
	{ 2, XTS, CTS, 0, 0, "xts-cts-pad4" },
	{ 2, XTS, CTS, 1, 0, "xts-cts-pad8" },
	{ 2, XTS, CTS, 2, 0, "xts-cts-pad16" },
	{ 2, XTS, CTS, 3, 0, "xts-cts-pad32" },
	{ 2, ESSIV, CTS128, 0, 0, "essiv-cts128" },
	{ 2, ADI, ADI, 0, 0, "adiantum" },
	{ 2, ADI, ADI, DIRECT | 3, 0, "adiantum-direct" },
	{ 2, XTS, HCTR2, 0, 0, "xts-hctr2" },
	{ 2, SM4XTS, SM4CTS, 0, 0, "sm4" },
	{ 2, XTS, CTS, LBLK64 | 2, 0, "xts-cts-lblk64" },
	{ 2, XTS, HCTR2, LBLK64, 0, "xts-hctr2-lblk64" },
	{ 2, XTS, CTS, LBLK32, 0, "xts-cts-lblk32" },
	{ 2, XTS, HCTR2, LBLK32 | 3, 0, "xts-hctr2-lblk32" },
	{ 2, XTS, CTS, 0, 9, "xts-cts-du512" },
	{ 2, XTS, CTS, 0, 12, "xts-cts-du4096" },
	{ 2, XTS, CTS, LBLK64, 12, "xts-cts-lblk64-du4096" },
	{ 2, XTS, CTS, 0, 16, "xts-cts-du65536" },
	{ 1, XTS, CTS, 0, 0, "v1-xts-cts" },
	{ 1, ESSIV, CTS128, 1, 0, "v1-essiv-cts128" },
	{ 1, ADI, ADI, 3, 0, "v1-adiantum" },
	{ 1, ADI, ADI, DIRECT, 0, "v1-adiantum-direct" },
};

static void gen_policies(struct kat *k)
{
	uint8_t buf[24], enc[24];
	extcrypt_policy *p;
	size_t len, elen;
	char id[96];

	for (size_t i = 0; i < CLI_ARRAY_SIZE(valid_policies); i++) {
		const struct pol *v = &valid_policies[i];
		struct kat_case *c;

		snprintf(id, sizeof(id), "policy-%s", v->tag);
		len = policy_bytes(k, id, v->version, v->contents, v->filenames,
				   v->flags, v->log2, buf);
		kat_try(extcrypt_policy_decode(buf, len, &p), id);
		kat_try(extcrypt_policy_encode(p, enc, sizeof(enc), &elen), id);
		if (elen != len || memcmp(enc, buf, len) != 0)
			kat_die("%s: encoding does not round-trip", id);
		c = kat_case(k, "policy_encoding", "%s", id);
		kat_set_hex(c, "policy", buf, len);
		kat_set_u64(c, "version", (uint64_t)v->version);
		kat_set(c, "contents_mode", "%s", kat_mode_name(v->contents));
		kat_set(c, "filenames_mode", "%s", kat_mode_name(v->filenames));
		kat_set_u64(c, "flags", v->flags);
		kat_set(c, "flag_names", "%s", cli_flag_names(v->flags));
		if (v->version == 2) {
			kat_set_u64(c, "log2_data_unit_size", v->log2);
			kat_set_hex(c, "key_identifier", buf + 8, 16);
		} else {
			kat_set_hex(c, "key_descriptor", buf + 4, 8);
		}
		kat_set(c, "extent_check", "%s",
			extcrypt_status_name(extcrypt_policy_check_extent(p)));
		extcrypt_policy_free(p);
	}
}

static void inode_context_case(struct kat *k, const char *id, const char *label,
			       const uint8_t *mk, const uint8_t nonce[16],
			       int contents, int filenames, uint8_t flags)
{
	uint8_t ictx[40];
	extcrypt_inode *inode;
	struct kat_case *c;

	inode = kat_inode(mk, 64, contents, filenames, flags, 0, nonce, 4096, 7,
			  kat_spec_uuid, ictx);
	extcrypt_inode_free(inode);
	c = kat_case(k, "inode_context", "%s", id);
	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, 64);
	kat_set_hex(c, "policy", ictx, 24);
	kat_set_hex(c, "nonce", nonce, 16);
	kat_set_hex(c, "inode_context", ictx, 40);
}

static void gen_inode_contexts(struct kat *k)
{
	uint8_t mk[64], nonce[16];
	char id[96];

	inode_context_case(k, "ictx-spec", "docs/spec.md A.3", kat_spec_mk,
			   kat_spec_nonce, XTS, CTS, 2);
	for (size_t i = 0; i < CLI_ARRAY_SIZE(valid_policies); i++) {
		const struct pol *v = &valid_policies[i];

		if (v->version != 2 || v->log2 != 0 ||
		    extcrypt_mode_supported(v->contents) != EXTCRYPT_OK)
			continue;
		snprintf(id, sizeof(id), "ictx-%s", v->tag);
		kat_prgf(k, mk, 64, "%s/master_key", id);
		kat_prgf(k, nonce, 16, "%s/nonce", id);
		inode_context_case(k, id, NULL, mk, nonce, v->contents,
				   v->filenames, v->flags);
	}
}

static void extent_context_case(struct kat *k, const char *id,
				const char *label, const uint8_t *mk,
				const uint8_t nonce[16], int contents,
				int profile, const uint8_t extent_nonce[16])
{
	uint8_t ictx[40], ectx[EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE];
	extcrypt_inode *inode;
	extcrypt_extent *e;
	struct kat_case *c;
	size_t n;

	inode = kat_inode(mk, 64, contents, kat_pair_filenames(contents), 0, 0,
			  nonce, 4096, 0, NULL, ictx);
	kat_try(extcrypt_extent_new_with_nonce(inode, profile, extent_nonce, &e),
		id);
	kat_try(extcrypt_extent_context(e, ectx, sizeof(ectx), &n), id);
	extcrypt_extent_free(e);
	extcrypt_inode_free(inode);
	c = kat_case(k, "extent_context", "%s", id);
	if (label != NULL)
		kat_set(c, "label", "%s", label);
	kat_set_master_key(c, mk, 64);
	kat_set_hex(c, "inode_context", ictx, 40);
	kat_set(c, "profile", "%s", extcrypt_extent_profile_name(profile));
	kat_set_u64(c, "hkdf_context", (uint64_t)extcrypt_extent_hkdf_context(profile));
	kat_set_hex(c, "extent_nonce", extent_nonce, 16);
	kat_set_u64(c, "context_size", n);
	kat_set_hex(c, "extent_context", ectx, n);
}

static void gen_extent_contexts(struct kat *k)
{
	static const int modes[] = { XTS, ESSIV, ADI };
	uint8_t mk[64], nonce[16], en[16];
	char id[96];

	for (size_t p = 0; p < CLI_NUM_PROFILES; p++) {
		const char *pname = extcrypt_extent_profile_name(cli_profiles[p]);

		snprintf(id, sizeof(id), "ectx-spec-%s", pname);
		extent_context_case(k, id, "docs/spec.md A.3", kat_spec_mk,
				    kat_spec_nonce, XTS, cli_profiles[p],
				    kat_spec_nonce);
		for (size_t m = 0; m < CLI_ARRAY_SIZE(modes); m++) {
			snprintf(id, sizeof(id), "ectx-%s-%s", pname,
				 kat_mode_name(modes[m]));
			kat_prgf(k, mk, 64, "%s/master_key", id);
			kat_prgf(k, nonce, 16, "%s/nonce", id);
			kat_prgf(k, en, 16, "%s/extent_nonce", id);
			extent_context_case(k, id, NULL, mk, nonce, modes[m],
					    cli_profiles[p], en);
		}
	}
}

void kat_gen_encodings(struct kat *k)
{
	gen_policies(k);
	gen_inode_contexts(k);
	gen_extent_contexts(k);
}

/* ---- rejected (and tolerated) inputs ---------------------------------------- */

/* Records an input case after checking the library's answer. */
struct kat_case *kat_input_case(struct kat *k, const char *id,
				const char *type, int expected, int got,
				const char *rule)
{
	struct kat_case *c;

	if (got != expected)
		kat_die("%s: libextcrypt returns %s, docs/spec.md (%s) expects %s",
			id, extcrypt_status_name(got), rule, extcrypt_status_name(expected));
	c = kat_case(k, expected == EXTCRYPT_OK ? "accepted_input" : "rejected_input",
		     "%s", id);
	kat_set(c, "input_type", "%s", type);
	return c;
}

void kat_finish_case(struct kat_case *c, const uint8_t *input, size_t len,
		     int expected, const char *rule)
{
	kat_set_hex(c, "input", input, len);
	kat_set(c, "expected_status", "%s", extcrypt_status_name(expected));
	kat_set(c, "rule", "%s", rule);
}

static int decode_status(const uint8_t *b, size_t len)
{
	extcrypt_policy *p;
	int err = extcrypt_policy_decode(b, len, &p);

	extcrypt_policy_free(p);
	return err;
}

static void bad_policy(struct kat *k, const char *tag, int version,
		       int contents, int filenames, uint8_t flags, uint8_t log2,
		       int patch_at, uint8_t patch, int len_delta, int expected,
		       const char *rule)
{
	uint8_t buf[32];
	struct kat_case *c;
	size_t len;
	char id[96];

	snprintf(id, sizeof(id), "reject-policy-%s", tag);
	memset(buf, 0, sizeof(buf));
	len = policy_bytes(k, id, version, contents, filenames, flags, log2, buf);
	if (patch_at >= 0)
		buf[patch_at] = patch;
	len = (size_t)((int)len + len_delta);
	c = kat_input_case(k, id, "policy", expected, decode_status(buf, len), rule);
	kat_finish_case(c, buf, len, expected, rule);
}

static void gen_bad_policies(struct kat *k)
{
	const int P = EXTCRYPT_E_POLICY, L = EXTCRYPT_E_LENGTH;

	bad_policy(k, "pair-xts-xts", 2, XTS, XTS, 0, 0, -1, 0, 0, P,
		   "P-1: (contents, filenames) is not a valid pair");
	bad_policy(k, "pair-cts-xts", 2, CTS, XTS, 0, 0, -1, 0, 0, P,
		   "P-1: modes swapped");
	bad_policy(k, "pair-xts-cts128", 2, XTS, CTS128, 0, 0, -1, 0, 0, P,
		   "P-1: AES-256-XTS with AES-128-CTS-CBC");
	bad_policy(k, "pair-unknown-mode", 2, 11, 11, 0, 0, -1, 0, 0, P,
		   "P-1: unknown mode number 11");
	bad_policy(k, "v1-pair-xts-hctr2", 1, XTS, HCTR2, 0, 0, -1, 0, 0, P,
		   "P-1: AES-256-HCTR2 only in v2 policies");
	bad_policy(k, "v1-pair-sm4", 1, SM4XTS, SM4CTS, 0, 0, -1, 0, 0, P,
		   "P-1: SM4 only in v2 policies");
	bad_policy(k, "flag-0x20", 2, XTS, CTS, 0x20, 0, -1, 0, 0, P,
		   "P-2: unknown flag bit 5");
	bad_policy(k, "flag-0x80", 2, XTS, CTS, 0x80, 0, -1, 0, 0, P,
		   "P-2: unknown flag bit 7");
	bad_policy(k, "v1-flag-lblk64", 1, XTS, CTS, LBLK64, 0, -1, 0, 0, P,
		   "P-2: IV_INO_LBLK_64 in a v1 policy");
	bad_policy(k, "direct-and-lblk64", 2, ADI, ADI, DIRECT | LBLK64, 0, -1, 0,
		   0, P, "P-3: DIRECT_KEY and IV_INO_LBLK_64 together");
	bad_policy(k, "lblk64-and-lblk32", 2, XTS, CTS, LBLK64 | LBLK32, 0, -1, 0,
		   0, P, "P-3: IV_INO_LBLK_64 and IV_INO_LBLK_32 together");
	bad_policy(k, "direct-xts-cts", 2, XTS, CTS, DIRECT, 0, -1, 0, 0, P,
		   "P-4: DIRECT_KEY with AES-256-XTS (modes differ, 16-byte IV)");
	bad_policy(k, "direct-xts-hctr2", 2, XTS, HCTR2, DIRECT, 0, -1, 0, 0, P,
		   "P-4: DIRECT_KEY with different contents and filenames modes");
	bad_policy(k, "v1-direct-xts-cts", 1, XTS, CTS, DIRECT, 0, -1, 0, 0, P,
		   "P-4: DIRECT_KEY with AES-256-XTS in a v1 policy");
	bad_policy(k, "lblk64-adiantum", 2, ADI, ADI, LBLK64, 0, -1, 0, 0, P,
		   "P-5: IV_INO_LBLK_64 needs AES-256-XTS contents");
	bad_policy(k, "lblk32-essiv", 2, ESSIV, CTS128, LBLK32, 0, -1, 0, 0, P,
		   "P-5: IV_INO_LBLK_32 needs AES-256-XTS contents");
	bad_policy(k, "reserved-5", 2, XTS, CTS, 0, 0, 5, 0x01, 0, P,
		   "P-6: reserved byte 5 set");
	bad_policy(k, "reserved-6", 2, XTS, CTS, 0, 0, 6, 0x80, 0, P,
		   "P-6: reserved byte 6 set");
	bad_policy(k, "reserved-7", 2, XTS, CTS, 0, 0, 7, 0xff, 0, P,
		   "P-6: reserved byte 7 set");
	bad_policy(k, "log2-8", 2, XTS, CTS, 0, 8, -1, 0, 0, P,
		   "P-7: log2_data_unit_size 8 (256-byte units)");
	bad_policy(k, "log2-17", 2, XTS, CTS, 0, 17, -1, 0, 0, P,
		   "P-7: log2_data_unit_size 17");
	bad_policy(k, "log2-1", 2, XTS, CTS, 0, 1, -1, 0, 0, P,
		   "P-7: log2_data_unit_size 1");
	bad_policy(k, "adiantum-direct-log2-8", 2, ADI, ADI, DIRECT, 8, -1, 0, 0,
		   P, "P-7: log2_data_unit_size 8, also with DIRECT_KEY");
	bad_policy(k, "version-1", 2, XTS, CTS, 0, 0, 0, 0x01, 0, P,
		   "F-1: version byte 1 is a v1 context's, not a policy's");
	bad_policy(k, "version-3", 2, XTS, CTS, 0, 0, 0, 0x03, 0, P,
		   "F-1: unknown version byte 3");
	bad_policy(k, "v2-23-bytes", 2, XTS, CTS, 0, 0, -1, 0, -1, L,
		   "F-1: a v2 policy is exactly 24 bytes");
	bad_policy(k, "v2-25-bytes", 2, XTS, CTS, 0, 0, -1, 0, 1, L,
		   "F-1: a v2 policy is exactly 24 bytes");
	bad_policy(k, "v2-12-bytes", 2, XTS, CTS, 0, 0, -1, 0, -12, L,
		   "F-1: version byte 2 with the size of a v1 policy");
	bad_policy(k, "v1-11-bytes", 1, XTS, CTS, 0, 0, -1, 0, -1, L,
		   "F-1: a v1 policy is exactly 12 bytes");
	bad_policy(k, "v1-13-bytes", 1, XTS, CTS, 0, 0, -1, 0, 1, L,
		   "F-1: a v1 policy is exactly 12 bytes");
}

/* The extent rule on policies that are valid in themselves. */
static void extent_policy_case(struct kat *k, const char *tag, int version,
			       int contents, int filenames, uint8_t flags,
			       int expected, const char *rule)
{
	uint8_t buf[24];
	extcrypt_policy *p;
	struct kat_case *c;
	size_t len;
	char id[96];
	int got;

	snprintf(id, sizeof(id), "extent-policy-%s", tag);
	len = policy_bytes(k, id, version, contents, filenames, flags, 0, buf);
	kat_try(extcrypt_policy_decode(buf, len, &p), id);
	got = extcrypt_policy_check_extent(p);
	extcrypt_policy_free(p);
	c = kat_input_case(k, id, "extent_policy", expected, got, rule);
	kat_finish_case(c, buf, len, expected, rule);
}

static void gen_extent_policies(struct kat *k)
{
	const int X = EXTCRYPT_E_EXTENT_POLICY;

	extent_policy_case(k, "v1", 1, XTS, CTS, 0, X,
			   "XP-1: v1 policies cannot be used with extent encryption");
	extent_policy_case(k, "direct-key", 2, ADI, ADI, DIRECT, X,
			   "XP-2: DIRECT_KEY is refused under extent encryption");
	extent_policy_case(k, "lblk64", 2, XTS, CTS, LBLK64, X,
			   "XP-2: IV_INO_LBLK_64 is refused under extent encryption");
	extent_policy_case(k, "lblk32", 2, XTS, HCTR2, LBLK32, X,
			   "XP-2: IV_INO_LBLK_32 is refused under extent encryption");
	extent_policy_case(k, "pad32", 2, XTS, CTS, 3, EXTCRYPT_OK,
			   "XP-2: padding flags remain allowed");
	extent_policy_case(k, "adiantum", 2, ADI, ADI, 0, EXTCRYPT_OK,
			   "XP-2: every v2 mode pair remains allowed");
}

/* A PRG master key, an inode of (contents, filenames, flags) and its
 * context, for the input cases below. */
struct host {
	uint8_t mk[64], nonce[16], ictx[40];
	extcrypt_inode *inode;
};

static void make_host(struct kat *k, const char *id, int contents,
		      int filenames, uint8_t flags, uint32_t block,
		      struct host *h)
{
	kat_prgf(k, h->mk, 64, "%s/master_key", id);
	kat_prgf(k, h->nonce, 16, "%s/nonce", id);
	h->inode = kat_inode(h->mk, 64, contents, filenames, flags, 0, h->nonce,
			     block, 7, kat_spec_uuid, h->ictx);
}

static void host_fields(struct kat_case *c, const struct host *h,
			uint32_t block)
{
	kat_set_hex(c, "master_key", h->mk, 64);
	kat_set_hex(c, "inode_context", h->ictx, 40);
	kat_set_u64(c, "block_size", block);
}

static void bad_inode_context(struct kat *k, const char *tag, int patch_at,
			      uint8_t patch, size_t len, int expected,
			      const char *rule)
{
	struct host h;
	uint8_t buf[48];
	extcrypt_master_key *key;
	extcrypt_inode *inode;
	struct kat_case *c;
	char id[96];
	int got;

	snprintf(id, sizeof(id), "reject-ictx-%s", tag);
	make_host(k, id, XTS, CTS, 0, 4096, &h);
	extcrypt_inode_free(h.inode);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, h.ictx, 40);
	if (patch_at >= 0)
		buf[patch_at] = patch;
	kat_try(extcrypt_master_key_new(h.mk, 64, &key), id);
	got = extcrypt_inode_load(key, buf, len, 4096, &inode);
	extcrypt_inode_free(inode);
	extcrypt_master_key_free(key);
	c = kat_input_case(k, id, "inode_context", expected, got, rule);
	kat_set_hex(c, "master_key", h.mk, 64);
	kat_set_u64(c, "block_size", 4096);
	kat_finish_case(c, buf, len, expected, rule);
}

static void gen_bad_inode_contexts(struct kat *k)
{
	bad_inode_context(k, "39-bytes", -1, 0, 39, EXTCRYPT_E_LENGTH,
			  "F-3: a v2 inode context is exactly 40 bytes");
	bad_inode_context(k, "41-bytes", -1, 0, 41, EXTCRYPT_E_LENGTH,
			  "F-3: a v2 inode context is exactly 40 bytes");
	bad_inode_context(k, "version-1", 0, 1, 40, EXTCRYPT_E_CONTEXT,
			  "F-3: a 40-byte context with version 1");
	bad_inode_context(k, "version-0", 0, 0, 40, EXTCRYPT_E_CONTEXT,
			  "F-3: a 40-byte context with version 0");
	bad_inode_context(k, "v1-28-bytes", 0, 1, 28, EXTCRYPT_E_KEY_MISMATCH,
			  "F-3, V1-4: a v1 context whose descriptor is not the master key's");
	bad_inode_context(k, "reserved-6", 6, 0x04, 40, EXTCRYPT_E_POLICY,
			  "F-4, P-6: reserved byte set in the embedded policy");
	bad_inode_context(k, "pair-xts-xts", 2, XTS, 40, EXTCRYPT_E_POLICY,
			  "F-4, P-1: the embedded policy has no valid mode pair");
	bad_inode_context(k, "other-identifier", 8, 0x5a, 40,
			  EXTCRYPT_E_KEY_MISMATCH,
			  "F-4: the identifier is not the master key's");
}

enum ext_patch {
	EXT_NONE, EXT_SHORT, EXT_LONG, EXT_VERSION, EXT_ID, EXT_MODE,
	EXT_VERSION_ID, EXT_ID_MODE,
};

static void extent_input(struct kat *k, const char *tag, int profile,
			 int contents, int filenames, uint8_t flags,
			 enum ext_patch patch, int expected, const char *rule)
{
	uint8_t en[16], buf[40];
	struct host h;
	extcrypt_extent *e;
	struct kat_case *c;
	size_t size = extcrypt_extent_context_size(profile), len = size;
	char id[128];
	int got;

	snprintf(id, sizeof(id), "%s-ectx-%s-%s",
		 expected == EXTCRYPT_OK ? "accept" : "reject",
		 extcrypt_extent_profile_name(profile), tag);
	make_host(k, id, contents, filenames, flags, 4096, &h);
	kat_prgf(k, en, 16, "%s/extent_nonce", id);
	/* The bytes a writer of this profile produces for this inode. */
	memset(buf, 0, sizeof(buf));
	buf[0] = 1;
	if (size == 34) {
		buf[1] = (profile == EXTCRYPT_EXTENT_V5_2024_01 ||
			  profile == EXTCRYPT_EXTENT_V6_2026_02)
				 ? (uint8_t)contents
				 : 0;
		memcpy(buf + 2, h.ictx + 8, 16);
	}
	memcpy(buf + size - 16, en, 16);
	switch (patch) {
	case EXT_NONE:
		break;
	case EXT_SHORT:
		len = size - 1;
		break;
	case EXT_LONG:
		buf[size] = 0xee;
		len = size + 1;
		break;
	case EXT_VERSION:
		buf[0] = 2;
		break;
	case EXT_ID:
		buf[2] ^= 0x01;
		break;
	case EXT_MODE:
		buf[1] = ESSIV;
		break;
	case EXT_VERSION_ID:
		buf[0] = 2;
		buf[2] ^= 0x01;
		break;
	case EXT_ID_MODE:
		buf[1] = ESSIV;
		buf[2] ^= 0x01;
		break;
	}
	got = extcrypt_extent_load(h.inode, profile, buf, len, &e);
	extcrypt_extent_free(e);
	extcrypt_inode_free(h.inode);
	c = kat_input_case(k, id, "extent_context", expected, got, rule);
	host_fields(c, &h, 4096);
	kat_set(c, "profile", "%s", extcrypt_extent_profile_name(profile));
	kat_finish_case(c, buf, len, expected, rule);
}

static void gen_bad_extent_contexts(struct kat *k)
{
	const int OK = EXTCRYPT_OK, CTX = EXTCRYPT_E_CONTEXT;

	for (size_t p = 0; p < CLI_NUM_PROFILES; p++) {
		int pr = cli_profiles[p];
		bool strict = pr == EXTCRYPT_EXTENT_V5_2024_01 ||
			      pr == EXTCRYPT_EXTENT_V6_2026_02;

		extent_input(k, "one-byte-short", pr, XTS, CTS, 0, EXT_SHORT, CTX,
			     "X-6: shorter than the profile's context size");
		extent_input(k, "trailing-byte", pr, XTS, CTS, 0, EXT_LONG, OK,
			     "X-6: bytes after the context are ignored");
		extent_input(k, "version-2", pr, XTS, CTS, 0, EXT_VERSION,
			     strict ? CTX : OK,
			     strict ? "X-7 check 2: version byte must be 1"
				    : "X-7 check 2: this profile does not check the version");
		if (pr == EXTCRYPT_EXTENT_RFC_2023_09)
			continue;
		extent_input(k, "other-identifier", pr, XTS, CTS, 0, EXT_ID,
			     EXTCRYPT_E_KEY_MISMATCH,
			     "X-7 check 3: identifier differs from the inode's");
		extent_input(k, "other-mode", pr, XTS, CTS, 0, EXT_MODE,
			     strict ? EXTCRYPT_E_MODE_MISMATCH : OK,
			     strict ? "X-7 check 4: mode differs from the inode's contents mode"
				    : "X-5: this profile never reads byte 1");
	}
	/* the first failing check decides. */
	extent_input(k, "version-2-and-other-identifier", EXTCRYPT_EXTENT_V6_2026_02,
		     XTS, CTS, 0, EXT_VERSION_ID, CTX,
		     "X-7, E-2: the version is checked before the identifier");
	extent_input(k, "other-identifier-and-mode", EXTCRYPT_EXTENT_V5_2024_01,
		     XTS, CTS, 0, EXT_ID_MODE, EXTCRYPT_E_KEY_MISMATCH,
		     "X-7, E-2: the identifier is checked before the mode");
	extent_input(k, "inode-lblk64", EXTCRYPT_EXTENT_V6_2026_02, XTS, CTS,
		     LBLK64, EXT_NONE, EXTCRYPT_E_EXTENT_POLICY,
		     "E-2, XP-2: the inode's policy has IV_INO_LBLK_64");
	extent_input(k, "inode-direct-key", EXTCRYPT_EXTENT_V2_2023_10, ADI, ADI,
		     DIRECT, EXT_NONE, EXTCRYPT_E_EXTENT_POLICY,
		     "E-2, XP-2: the inode's policy has DIRECT_KEY");
}

static void gen_bad_keys(struct kat *k)
{
	static const struct {
		const char *tag;
		size_t mk_len;
		int contents, filenames, expected;
		const char *rule;
	} strength[] = {
		{ "mk16-xts", 16, XTS, CTS, EXTCRYPT_E_KEY_SIZE,
		  "K-11: 16 bytes, AES-256-XTS needs 32" },
		{ "mk31-xts-hctr2", 31, XTS, HCTR2, EXTCRYPT_E_KEY_SIZE,
		  "K-11: 31 bytes, AES-256-XTS/HCTR2 need 32" },
		{ "mk16-adiantum", 16, ADI, ADI, EXTCRYPT_E_KEY_SIZE,
		  "K-11: 16 bytes, Adiantum needs 32" },
		{ "mk16-essiv", 16, ESSIV, CTS128, EXTCRYPT_OK,
		  "K-11: 16 bytes suffice for AES-128-CBC-ESSIV" },
		{ "mk32-xts", 32, XTS, CTS, EXTCRYPT_OK,
		  "K-11: 32 bytes suffice for AES-256-XTS's 64-byte key" },
	};
	static const size_t bad_sizes[] = { 15, 65 };
	uint8_t mk[65], nonce[16] = { 0 };
	extcrypt_master_key *key;
	extcrypt_policy *p;
	extcrypt_inode *inode;
	struct kat_case *c;
	char id[96];
	int got;

	for (size_t i = 0; i < CLI_ARRAY_SIZE(bad_sizes); i++) {
		snprintf(id, sizeof(id), "reject-master-key-%zu-bytes", bad_sizes[i]);
		kat_prgf(k, mk, bad_sizes[i], "%s/master_key", id);
		got = extcrypt_master_key_new(mk, bad_sizes[i], &key);
		extcrypt_master_key_free(key);
		c = kat_input_case(k, id, "master_key", EXTCRYPT_E_KEY_SIZE, got,
			       "K-10: master keys are 16..64 bytes");
		kat_finish_case(c, mk, bad_sizes[i], EXTCRYPT_E_KEY_SIZE,
			    "K-10: master keys are 16..64 bytes");
	}
	for (size_t i = 0; i < CLI_ARRAY_SIZE(strength); i++) {
		uint8_t pol[24];
		size_t plen;

		snprintf(id, sizeof(id), "%s-key-strength-%s",
			 strength[i].expected ? "reject" : "accept", strength[i].tag);
		kat_prgf(k, mk, strength[i].mk_len, "%s/master_key", id);
		p = kat_policy(mk, strength[i].mk_len, strength[i].contents,
			       strength[i].filenames, 0, 0);
		kat_try(extcrypt_policy_encode(p, pol, sizeof(pol), &plen), id);
		kat_try(extcrypt_master_key_new(mk, strength[i].mk_len, &key), id);
		got = extcrypt_inode_new_with_nonce(key, p, nonce, 4096, &inode);
		extcrypt_inode_free(inode);
		extcrypt_master_key_free(key);
		extcrypt_policy_free(p);
		c = kat_input_case(k, id, "key_strength", strength[i].expected, got,
			       strength[i].rule);
		kat_set_hex(c, "policy", pol, plen);
		kat_set_hex(c, "nonce", nonce, 16);
		kat_set_u64(c, "block_size", 4096);
		kat_finish_case(c, mk, strength[i].mk_len, strength[i].expected,
			    strength[i].rule);
	}
}

static void gen_bad_names(struct kat *k)
{
	uint8_t name[300], ct[EXTCRYPT_NAME_MAX], out[300], zeros[16] = { 0 };
	struct host h;
	struct kat_case *c;
	size_t n;
	int got;

	make_host(k, "reject-names", XTS, CTS, 0, 4096, &h);
	kat_prg_name(k, "reject-names/name256", name, 256);
	got = extcrypt_inode_encrypt_name(h.inode, name, 0, 0, ct, sizeof(ct), &n);
	c = kat_input_case(k, "reject-name-empty", "name", EXTCRYPT_E_INVALID, got,
		       "N-4: a name of length 0");
	host_fields(c, &h, 4096);
	kat_finish_case(c, name, 0, EXTCRYPT_E_INVALID, "N-4: a name of length 0");
	got = extcrypt_inode_encrypt_name(h.inode, name, 256, 0, ct, sizeof(ct), &n);
	c = kat_input_case(k, "reject-name-256-bytes", "name", EXTCRYPT_E_NAME_TOO_LONG,
		       got, "N-4: longer than NAME_MAX (255)");
	host_fields(c, &h, 4096);
	kat_finish_case(c, name, 256, EXTCRYPT_E_NAME_TOO_LONG,
		    "N-4: longer than NAME_MAX (255)");
	got = extcrypt_inode_decrypt_name(h.inode, name, 15, out, sizeof(out), &n);
	c = kat_input_case(k, "reject-encrypted-name-15-bytes", "encrypted_name",
		       EXTCRYPT_E_BAD_NAME, got,
		       "N-10: an encrypted name is at least 16 bytes");
	host_fields(c, &h, 4096);
	kat_finish_case(c, name, 15, EXTCRYPT_E_BAD_NAME,
		    "N-10: an encrypted name is at least 16 bytes");
	/* 16 NUL bytes, encrypted with the directory's key: decrypts to an
	 * empty name. */
	kat_try(extcrypt_inode_encrypt_name(h.inode, (const uint8_t *)"x", 1, 0,
					    ct, sizeof(ct), &n),
		"name");
	{
		extcrypt_cipher *cipher;
		uint8_t key[32], iv[16] = { 0 };

		kat_hkdf(k, "reject-encrypted-name-empty", h.mk, 64,
			 EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY, h.nonce, 16, key,
			 sizeof(key));
		kat_try(extcrypt_cipher_new(CTS, key, sizeof(key), &cipher), "cipher");
		kat_try(extcrypt_cipher_encrypt(cipher, iv, sizeof(iv), zeros, ct, 16),
			"cipher");
		extcrypt_cipher_free(cipher);
	}
	got = extcrypt_inode_decrypt_name(h.inode, ct, 16, out, sizeof(out), &n);
	c = kat_input_case(k, "reject-encrypted-name-empty", "encrypted_name",
		       EXTCRYPT_E_BAD_NAME, got,
		       "N-10: a name that decrypts to zero bytes");
	host_fields(c, &h, 4096);
	kat_finish_case(c, ct, 16, EXTCRYPT_E_BAD_NAME,
		    "N-10: a name that decrypts to zero bytes");
	extcrypt_inode_free(h.inode);
}

static void contents_input(struct kat *k, const char *id, uint8_t flags,
			   uint32_t du, uint64_t index, size_t len, int profile,
			   int expected, const char *rule)
{
	uint8_t *data = cli_malloc(len), *out = cli_malloc(len), en[16];
	extcrypt_extent *e = NULL;
	struct kat_case *c;
	struct host h;
	int got;

	make_host(k, id, XTS, CTS, flags, du, &h);
	kat_prgf(k, data, len, "%s/input", id);
	if (profile != 0) {
		kat_prgf(k, en, 16, "%s/extent_nonce", id);
		kat_try(extcrypt_extent_new_with_nonce(h.inode, profile, en, &e), id);
		got = extcrypt_extent_encrypt(e, index, data, out, len, NULL, NULL);
		extcrypt_extent_free(e);
	} else {
		got = extcrypt_inode_encrypt(h.inode, index, data, out, len);
	}
	extcrypt_inode_free(h.inode);
	c = kat_input_case(k, id, profile != 0 ? "extent_contents" : "contents",
		       expected, got, rule);
	host_fields(c, &h, du);
	if (flags & (LBLK64 | LBLK32)) {
		kat_set_u64(c, "inode_number", 7);
		kat_set_hex(c, "fs_uuid", kat_spec_uuid, 16);
	}
	if (profile != 0) {
		kat_set(c, "profile", "%s", extcrypt_extent_profile_name(profile));
		kat_set_hex(c, "extent_nonce", en, 16);
	}
	kat_set_u64(c, "data_unit_size", du);
	kat_set_u64(c, "data_unit_index", index);
	kat_finish_case(c, data, len, expected, rule);
	free(data);
	free(out);
}

static void gen_bad_contents(struct kat *k)
{
	const int V6 = EXTCRYPT_EXTENT_V6_2026_02;

	contents_input(k, "reject-contents-partial-unit", 0, 512, 0, 520, 0,
		       EXTCRYPT_E_ALIGNMENT, "D-3: not a whole number of data units");
	contents_input(k, "reject-contents-index-overflow", 0, 512, UINT64_MAX,
		       1024, 0, EXTCRYPT_E_RANGE,
		       "D-4: the second unit's index would pass 2^64 - 1");
	contents_input(k, "reject-contents-lblk64-index-2^32", LBLK64, 512,
		       UINT64_C(0x100000000), 512, 0, EXTCRYPT_E_RANGE,
		       "D-5: IV_INO_LBLK_64 indices are below 2^32");
	contents_input(k, "reject-contents-lblk32-index-overflow", LBLK32, 512,
		       UINT64_C(0xffffffff), 1024, 0, EXTCRYPT_E_RANGE,
		       "D-5: IV_INO_LBLK_32 indices are below 2^32");
	contents_input(k, "accept-contents-lblk64-index-2^32-1", LBLK64, 512,
		       UINT64_C(0xffffffff), 512, 0, EXTCRYPT_OK,
		       "D-5: the last IV_INO_LBLK_64 index");
	contents_input(k, "reject-extent-contents-partial-unit", 0, 512, 0, 513,
		       V6, EXTCRYPT_E_ALIGNMENT,
		       "D-3: not a whole number of data units");
	contents_input(k, "reject-extent-contents-index-overflow", 0, 512,
		       UINT64_MAX, 1024, V6, EXTCRYPT_E_RANGE,
		       "X-20: the second unit's index would pass 2^64 - 1");
}

void kat_gen_rejected(struct kat *k)
{
	gen_bad_policies(k);
	gen_extent_policies(k);
	gen_bad_inode_contexts(k);
	gen_bad_extent_contexts(k);
	gen_bad_keys(k);
	gen_bad_names(k);
	gen_bad_contents(k);
}
