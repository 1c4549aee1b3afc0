// SPDX-License-Identifier: MIT
/*
 * Fuzz target: policies.  extcrypt_policy_decode on fuzzed bytes, compared
 * with a model of policy.h's rules; a decoded policy must re-encode to the
 * very same bytes, its accessors must agree with them, and
 * extcrypt_policy_new must agree with decode on v2 fields.  Then
 * extcrypt_policy_check_fs with fuzzed capabilities, block size and
 * maximum file size, and extcrypt_policy_check_extent, both against
 * models of their documented rules.
 *
 * Input: ctl, caps, block size selector (+4 bytes if raw), max size
 * selector (fz_index), encode capacity, then the policy bytes.
 * ctl bits 0-1: 0/3 use the rest as is, 1 pad/cut it to 12 bytes, 2 to 24.
 */
#include "fuzz_common.h"

#define LBLK (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 | EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)

static uint32_t model_decode(const uint8_t *b, size_t len)
{
	if (len == 0)
		return FZ_ERR(EXTCRYPT_E_INVALID);
	if (b[0] == EXTCRYPT_POLICY_V1) {
		if (len != EXTCRYPT_POLICY_V1_SIZE)
			return FZ_ERR(EXTCRYPT_E_LENGTH);
		return fz_model_policy_fields(1, b[1], b[2], b[3], 0);
	}
	if (b[0] != EXTCRYPT_POLICY_V2)
		return FZ_ERR(EXTCRYPT_E_POLICY);
	if (len != EXTCRYPT_POLICY_V2_SIZE)
		return FZ_ERR(EXTCRYPT_E_LENGTH);
	if (b[5] || b[6] || b[7])
		return FZ_ERR(EXTCRYPT_E_POLICY);
	return fz_model_policy_fields(2, b[1], b[2], b[3], b[4]);
}

/* policy.h, extcrypt_policy_check_fs. */
static uint32_t model_check_fs(int version, uint8_t flags, uint8_t dus,
			       uint32_t caps, uint32_t bs, uint64_t max)
{
	unsigned block_bits, du_bits;

	(void)version;
	if (!fz_valid_block_size(bs))
		return FZ_ERR(EXTCRYPT_E_INVALID);
	block_bits = fz_log2(bs);
	du_bits = dus != 0 ? dus : block_bits;
	if (dus != 0) {
		if (!(caps & EXTCRYPT_FS_SUBBLOCK_UNITS))
			return FZ_ERR(EXTCRYPT_E_POLICY);
		if (dus > block_bits)
			return FZ_ERR(EXTCRYPT_E_POLICY);
		if ((flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) &&
		    dus != block_bits)
			return FZ_ERR(EXTCRYPT_E_POLICY);
	}
	if (flags & LBLK) {
		if (!(caps & EXTCRYPT_FS_STABLE_INODES) ||
		    !(caps & EXTCRYPT_FS_32BIT_INODES))
			return FZ_ERR(EXTCRYPT_E_POLICY);
		/* Every data-unit index must fit in 32 bits. */
		if (max != 0 && ((max - 1) >> du_bits) > UINT32_MAX)
			return FZ_ERR(EXTCRYPT_E_POLICY);
	}
	return 0;
}

static uint32_t model_check_extent(int version, uint8_t flags)
{
	if (version != 2 ||
	    (flags & (EXTCRYPT_POLICY_FLAG_DIRECT_KEY | LBLK)))
		return FZ_ERR(EXTCRYPT_E_EXTENT_POLICY);
	return 0;
}

/* Encodes `p` with capacity `cap`: OUTPUT_SPACE leaves `out` untouched,
 * success writes exactly the size.  Returns the size (0 on failure). */
static size_t encode_checked(const extcrypt_policy *p, size_t cap,
			     size_t want, uint8_t *out_copy)
{
	uint8_t *out = fz_alloc(cap);
	size_t out_len = 0x5a5a, n = 0;
	int s;

	fz_pattern(out, cap, 0x71);
	s = FZ_CALL(extcrypt_policy_encode(p, out, cap, &out_len));
	if (cap < want) {
		FZ_EXPECT(s, EXTCRYPT_E_OUTPUT_SPACE, "encode, small buffer");
		FZ_ASSERT(fz_is_pattern(out, cap, 0x71),
			  "encode wrote into a too-small buffer");
		FZ_ASSERT(out_len == 0x5a5a, "encode set out_len on failure");
	} else {
		FZ_EXPECT(s, EXTCRYPT_OK, "encode");
		FZ_ASSERT(out_len == want, "encode: %zu bytes, expected %zu",
			  out_len, want);
		/* Nothing past the encoding is touched. */
		FZ_ASSERT(fz_is_pattern_range(out, want, cap, 0x71),
			  "encode wrote past its %zu bytes", want);
		memcpy(out_copy, out, want);
		n = want;
	}
	free(out);
	return n;
}

/* The small lookups, on any value: status names and texts agree, mode and
 * profile tables agree with each other. */
static void lookups(int v, const uint8_t *str, size_t len)
{
	const char *name = extcrypt_status_name(v), *text = extcrypt_strerror(v);
	char buf[48];
	int p;

	FZ_ASSERT(name != NULL && text != NULL, "status name or text is NULL");
	FZ_ASSERT((strcmp(name, "EXTCRYPT_E_UNKNOWN") == 0) ==
			  (strcmp(text, "unknown status") == 0),
		  "status %d: name %s but text \"%s\"", v, name, text);
	FZ_ASSERT((strcmp(name, "EXTCRYPT_E_UNKNOWN") != 0) ==
			  (v <= 0 && v >= EXTCRYPT_E_STATE),
		  "status %d named %s", v, name);
	FZ_ASSERT((extcrypt_mode_name(v) != NULL) == (extcrypt_mode_key_size(v) != 0),
		  "mode %d: name and key size disagree", v);
	FZ_ASSERT(extcrypt_mode_supported(v) != EXTCRYPT_OK || extcrypt_mode_name(v) != NULL,
		  "mode %d supported without a name", v);
	FZ_ASSERT((extcrypt_extent_profile_name(v) != NULL) ==
			  (extcrypt_extent_context_size(v) != 0),
		  "profile %d: name and size disagree", v);
	if (len > sizeof(buf) - 1)
		len = sizeof(buf) - 1;
	memcpy(buf, str, len);
	buf[len] = '\0';
	/* A profile number (> 0) or a status. */
	fz_arm();
	p = extcrypt_extent_profile_from_name(buf);
	if (p <= 0) {
		(void)fz_check_status(p, "extcrypt_extent_profile_from_name",
				      __FILE__, __LINE__);
		FZ_EXPECT(p, EXTCRYPT_E_INVALID, "profile_from_name");
	} else
		FZ_ASSERT(strcmp(buf, "default") == 0
				  ? p == EXTCRYPT_EXTENT_DEFAULT
				  : extcrypt_extent_profile_name(p) != NULL &&
					    strcmp(extcrypt_extent_profile_name(p), buf) == 0,
			  "profile_from_name(\"%s\") = %d", buf, p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t ctl = fz_u8(&f);
	uint32_t caps = fz_u8(&f);
	uint32_t bs = fz_block_size(&f);
	uint64_t max = fz_index(&f);
	size_t cap = fz_u8(&f);
	size_t len;
	uint8_t *buf, enc[32], enc2[32], id[16];
	extcrypt_policy *p = (extcrypt_policy *)&ctl, *q = NULL;
	uint32_t want;
	int s, version;

	switch (ctl & 3) {
	case 1:
		len = EXTCRYPT_POLICY_V1_SIZE;
		break;
	case 2:
		len = EXTCRYPT_POLICY_V2_SIZE;
		break;
	default:
		len = f.n > 64 ? 64 : f.n;
		break;
	}
	buf = fz_alloc(len);
	fz_bytes(&f, buf, len);
	if (ctl & 4) /* the layouts' own version byte: easy valid inputs */
		buf[0] = len == EXTCRYPT_POLICY_V1_SIZE ? 0 : 2;
	if (len == 0 && (ctl & 8)) {
		/* NULL buffer with length 0. */
		s = FZ_CALL(extcrypt_policy_decode(NULL, 0, &p));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "decode(NULL)");
		FZ_ASSERT(p == NULL, "decode failed but *out is not NULL");
		free(buf);
		return 0;
	}

	/* Small values mostly, any int sometimes (wrapping, not overflowing). */
	lookups((int)(uint32_t)((uint32_t)(int8_t)ctl +
				((cap & 0x80) ? (uint32_t)max : 0u)),
		buf, len);

	want = model_decode(buf, len);
	s = FZ_CALL(extcrypt_policy_decode(buf, len, &p));
	FZ_EXPECT_SET(s, want, "extcrypt_policy_decode");
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(p == NULL, "decode failed but *out is not NULL");
		/* v2 fields that decode refused: policy_new refuses them too. */
		if (len == EXTCRYPT_POLICY_V2_SIZE && buf[0] == 2 && !buf[5] &&
		    !buf[6] && !buf[7]) {
			q = (extcrypt_policy *)&ctl;
			s = FZ_CALL(extcrypt_policy_new(buf[1], buf[2], buf[3],
							buf[4], buf + 8, &q));
			FZ_EXPECT(s, EXTCRYPT_E_POLICY, "policy_new vs decode");
			FZ_ASSERT(q == NULL, "policy_new failed but *out is not NULL");
		}
		free(buf);
		return 0;
	}
	FZ_ASSERT(p != NULL, "decode succeeded with *out NULL");

	/* Accessors. */
	version = extcrypt_policy_version(p);
	FZ_ASSERT(version == (buf[0] == 0 ? 1 : 2), "version %d for byte %u",
		  version, buf[0]);
	FZ_ASSERT(extcrypt_policy_contents_mode(p) == buf[1] &&
			  extcrypt_policy_filenames_mode(p) == buf[2] &&
			  extcrypt_policy_flags(p) == buf[3],
		  "accessors disagree with the encoding");
	FZ_ASSERT(extcrypt_policy_log2_data_unit_size(p) ==
			  (version == 2 ? buf[4] : 0),
		  "log2_data_unit_size accessor");
	FZ_ASSERT(extcrypt_mode_name(buf[1]) != NULL &&
			  extcrypt_mode_name(buf[2]) != NULL,
		  "a valid policy has a mode without a name");
	memset(id, 0xee, sizeof(id));
	if (version == 2) {
		s = FZ_CALL(extcrypt_policy_key_identifier(p, id));
		FZ_EXPECT(s, EXTCRYPT_OK, "key_identifier of a v2 policy");
		FZ_ASSERT(fz_eq(id, buf + 8, 16), "key identifier differs");
		s = FZ_CALL(extcrypt_policy_key_descriptor(p, id));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "key_descriptor of a v2 policy");
		FZ_ASSERT(fz_eq(id, buf + 8, 8), "failed key_descriptor wrote");
	} else {
		s = FZ_CALL(extcrypt_policy_key_descriptor(p, id));
		FZ_EXPECT(s, EXTCRYPT_OK, "key_descriptor of a v1 policy");
		FZ_ASSERT(fz_eq(id, buf + 4, 8), "key descriptor differs");
		memset(id, 0xee, sizeof(id));
		s = FZ_CALL(extcrypt_policy_key_identifier(p, id));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "key_identifier of a v1 policy");
		for (int i = 0; i < 16; i++)
			FZ_ASSERT(id[i] == 0xee, "failed key_identifier wrote");
	}

	/* Round trip: the same bytes, with any capacity. */
	FZ_ASSERT(encode_checked(p, cap % 40, len, enc) == (cap % 40 >= len ? len : 0),
		  "encode size");
	FZ_ASSERT(encode_checked(p, sizeof(enc), len, enc) == len, "encode");
	FZ_ASSERT(fz_eq(enc, buf, len), "policy does not re-encode to its bytes");
	s = FZ_CALL(extcrypt_policy_decode(enc, len, &q));
	FZ_EXPECT(s, EXTCRYPT_OK, "decode of an encoding");
	FZ_ASSERT(encode_checked(q, sizeof(enc2), len, enc2) == len &&
			  fz_eq(enc, enc2, len),
		  "decode(encode(p)) encodes differently");
	extcrypt_policy_free(q);
	q = NULL;
	if (version == 2) {
		s = FZ_CALL(extcrypt_policy_new(buf[1], buf[2], buf[3], buf[4],
						buf + 8, &q));
		FZ_EXPECT(s, EXTCRYPT_OK, "policy_new of decodable fields");
		FZ_ASSERT(encode_checked(q, sizeof(enc2), len, enc2) == len &&
				  fz_eq(enc, enc2, len),
			  "policy_new and decode give different policies");
		extcrypt_policy_free(q);
	}

	/* Filesystem rules and the extent rule. */
	want = model_check_fs(version, buf[3], version == 2 ? buf[4] : 0, caps,
			      bs, max);
	s = FZ_CALL(extcrypt_policy_check_fs(p, caps, bs, max));
	FZ_EXPECT_SET(s, want, "extcrypt_policy_check_fs");
	if (ctl & 0x10) {
		/* Every capability bit outside the three known ones is
		 * ignored. */
		int s2 = FZ_CALL(extcrypt_policy_check_fs(p, caps | 0xfffffff8u,
							  bs, max));
		FZ_ASSERT(s2 == s, "unknown capability bits change check_fs");
	}
	want = model_check_extent(version, buf[3]);
	s = FZ_CALL(extcrypt_policy_check_extent(p));
	FZ_EXPECT_SET(s, want, "extcrypt_policy_check_extent");

	/* Inodes are v2 only. */
	if (version == 1) {
		extcrypt_inode *ino = (extcrypt_inode *)&ctl;

		s = FZ_CALL(extcrypt_inode_new_with_nonce(fz_master_key(2), p,
							  buf, 4096, &ino));
		FZ_EXPECT(s, EXTCRYPT_E_POLICY, "inode from a v1 policy");
		FZ_ASSERT(ino == NULL, "failed inode_new left *out set");
	}

	/* NULL arguments. */
	s = FZ_CALL(extcrypt_policy_check_fs(NULL, caps, bs, max));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "check_fs(NULL)");
	s = FZ_CALL(extcrypt_policy_check_extent(NULL));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "check_extent(NULL)");

	extcrypt_policy_free(p);
	free(buf);
	return 0;
}
