// SPDX-License-Identifier: MIT
/*
 * Policy objects and the kernel's policy validation rules
 * (fs/crypto/policy.c; docs/spec.md rules P-1.. in "Policies").
 */
#include <stdlib.h>

#include "common/internal.h"
#include "cipher/modes.h"
#include "policy/policy.h"

#define LBLK_FLAGS                                                             \
	(EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 | EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)
#define KEY_FLAGS (EXTCRYPT_POLICY_FLAG_DIRECT_KEY | LBLK_FLAGS)

struct mode_pair {
	uint8_t contents, filenames;
	bool v1_ok;
};

static const struct mode_pair valid_pairs[] = {
	{ EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_CTS, true },
	{ EXTCRYPT_MODE_AES_128_CBC, EXTCRYPT_MODE_AES_128_CTS, true },
	{ EXTCRYPT_MODE_ADIANTUM, EXTCRYPT_MODE_ADIANTUM, true },
	{ EXTCRYPT_MODE_AES_256_XTS, EXTCRYPT_MODE_AES_256_HCTR2, false },
	{ EXTCRYPT_MODE_SM4_XTS, EXTCRYPT_MODE_SM4_CTS, false },
};

static bool valid_mode_pair(const struct extcrypt_policy *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(valid_pairs); i++)
		if (valid_pairs[i].contents == p->contents_mode &&
		    valid_pairs[i].filenames == p->filenames_mode)
			return p->version == 2 || valid_pairs[i].v1_ok;
	return false;
}

static bool mode_has_flag(int mode, unsigned flag)
{
	const struct extcrypt_mode_info *m = extcrypt_mode_lookup(mode);

	return m != NULL && (m->flags & flag) != 0;
}

static int check_direct_key(const struct extcrypt_policy *p)
{
	const struct extcrypt_mode_info *m = extcrypt_mode_lookup(p->contents_mode);

	if (p->contents_mode != p->filenames_mode)
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "DIRECT_KEY needs equal contents and filenames modes");
	/* The IV must hold the 8-byte index and the 16-byte nonce. */
	if (m == NULL || m->iv_size < 24)
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "DIRECT_KEY needs a mode with a 24-byte IV or more (Adiantum)");
	return EXTCRYPT_OK;
}

static int check_v2_flags(const struct extcrypt_policy *p)
{
	uint8_t key_flags = p->flags & KEY_FLAGS;

	if (p->flags & ~(EXTCRYPT_POLICY_FLAGS_PAD_MASK | KEY_FLAGS))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "unknown policy flags 0x%02x", p->flags);
	if (p->log2_data_unit_size != 0 &&
	    (p->log2_data_unit_size < 9 || p->log2_data_unit_size > 16))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "log2_data_unit_size %u outside 9..16",
				     p->log2_data_unit_size);
	if (key_flags & (key_flags - 1))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "DIRECT_KEY, IV_INO_LBLK_64 and IV_INO_LBLK_32 are mutually exclusive");
	if (key_flags == EXTCRYPT_POLICY_FLAG_DIRECT_KEY)
		return check_direct_key(p);
	if ((key_flags & LBLK_FLAGS) && !mode_has_flag(p->contents_mode,
						       EXTCRYPT_MODE_F_LBLK_IVS))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "IV_INO_LBLK_* need AES-256-XTS contents");
	return EXTCRYPT_OK;
}

int extcrypt_policy_validate(const struct extcrypt_policy *p)
{
	if (!valid_mode_pair(p))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "invalid v%u mode pair: contents %u, filenames %u",
				     p->version, p->contents_mode,
				     p->filenames_mode);
	if (p->version == 2)
		return check_v2_flags(p);
	if (p->flags & ~(EXTCRYPT_POLICY_FLAGS_PAD_MASK |
			 EXTCRYPT_POLICY_FLAG_DIRECT_KEY))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "flags 0x%02x not allowed in a v1 policy",
				     p->flags);
	if (p->flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY)
		return check_direct_key(p);
	return EXTCRYPT_OK;
}

static int policy_finish(struct extcrypt_policy *tmp, extcrypt_policy **out)
{
	struct extcrypt_policy *p;
	int err = extcrypt_policy_validate(tmp);

	if (err)
		return err;
	p = malloc(sizeof(*p));
	if (p == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "policy allocation");
	*p = *tmp;
	*out = p;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_policy_new(int contents_mode, int filenames_mode,
				     uint8_t flags, uint8_t log2_data_unit_size,
				     const uint8_t key_identifier[EXTCRYPT_KEY_IDENTIFIER_SIZE],
				     extcrypt_policy **out)
{
	struct extcrypt_policy tmp = {
		.version = 2,
		.contents_mode = (uint8_t)contents_mode,
		.filenames_mode = (uint8_t)filenames_mode,
		.flags = flags,
		.log2_data_unit_size = log2_data_unit_size,
	};

	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "out is NULL");
	*out = NULL;
	if (key_identifier == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "key identifier is NULL");
	/* The on-disk field is a byte: refuse what it cannot hold rather than
	 * let 0x101 pass as mode 1. */
	if (contents_mode < 0 || contents_mode > UINT8_MAX ||
	    filenames_mode < 0 || filenames_mode > UINT8_MAX)
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "modes %d/%d: a mode number is 0..255",
				     contents_mode, filenames_mode);
	memcpy(tmp.key_id, key_identifier, 16);
	return policy_finish(&tmp, out);
}

static int decode_v1(const uint8_t *buf, size_t len, struct extcrypt_policy *p)
{
	if (len != EXTCRYPT_POLICY_V1_SIZE)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "v1 policy is %zu bytes, must be 12", len);
	p->version = 1;
	memcpy(p->key_id, buf + 4, EXTCRYPT_KEY_DESCRIPTOR_SIZE);
	return EXTCRYPT_OK;
}

static int decode_v2(const uint8_t *buf, size_t len, struct extcrypt_policy *p)
{
	if (len != EXTCRYPT_POLICY_V2_SIZE)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "v2 policy is %zu bytes, must be 24", len);
	for (int i = 5; i < 8; i++)
		if (buf[i] != 0)
			return extcrypt_fail(EXTCRYPT_E_POLICY,
					     "reserved byte %d is 0x%02x, must be 0",
					     i, buf[i]);
	p->version = 2;
	p->log2_data_unit_size = buf[4];
	memcpy(p->key_id, buf + 8, 16);
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_policy_decode(const uint8_t *buf, size_t len,
					extcrypt_policy **out)
{
	struct extcrypt_policy tmp = { 0 };
	int err;

	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "out is NULL");
	*out = NULL;
	if (buf == NULL || len == 0)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "empty policy");
	if (buf[0] == EXTCRYPT_POLICY_V1)
		err = decode_v1(buf, len, &tmp);
	else if (buf[0] == EXTCRYPT_POLICY_V2)
		err = decode_v2(buf, len, &tmp);
	else
		err = extcrypt_fail(EXTCRYPT_E_POLICY,
				    "unknown policy version byte %u", buf[0]);
	if (err)
		return err;
	if (len < 4)
		return extcrypt_fail(EXTCRYPT_E_LENGTH, "policy too short");
	tmp.contents_mode = buf[1];
	tmp.filenames_mode = buf[2];
	tmp.flags = buf[3];
	return policy_finish(&tmp, out);
}

EXTCRYPT_API int extcrypt_policy_encode(const extcrypt_policy *p,
					uint8_t *out, size_t out_cap,
					size_t *out_len)
{
	size_t n;

	if (p == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	n = p->version == 1 ? EXTCRYPT_POLICY_V1_SIZE : EXTCRYPT_POLICY_V2_SIZE;
	if (out_cap < n)
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "policy needs %zu bytes, have %zu", n,
				     out_cap);
	memset(out, 0, n);
	out[0] = p->version == 1 ? EXTCRYPT_POLICY_V1 : EXTCRYPT_POLICY_V2;
	out[1] = p->contents_mode;
	out[2] = p->filenames_mode;
	out[3] = p->flags;
	if (p->version == 1) {
		memcpy(out + 4, p->key_id, EXTCRYPT_KEY_DESCRIPTOR_SIZE);
	} else {
		out[4] = p->log2_data_unit_size;
		memcpy(out + 8, p->key_id, 16);
	}
	*out_len = n;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_policy_version(const extcrypt_policy *p)
{
	return p != NULL ? p->version : extcrypt_null_arg("policy");
}

EXTCRYPT_API int extcrypt_policy_contents_mode(const extcrypt_policy *p)
{
	return p != NULL ? p->contents_mode : extcrypt_null_arg("policy");
}

EXTCRYPT_API int extcrypt_policy_filenames_mode(const extcrypt_policy *p)
{
	return p != NULL ? p->filenames_mode : extcrypt_null_arg("policy");
}

EXTCRYPT_API uint8_t extcrypt_policy_flags(const extcrypt_policy *p)
{
	return p != NULL ? p->flags : extcrypt_null_arg("policy");
}

EXTCRYPT_API uint8_t extcrypt_policy_log2_data_unit_size(const extcrypt_policy *p)
{
	return p != NULL ? p->log2_data_unit_size : extcrypt_null_arg("policy");
}

EXTCRYPT_API int extcrypt_policy_key_identifier(const extcrypt_policy *p,
						uint8_t out[EXTCRYPT_KEY_IDENTIFIER_SIZE])
{
	if (p == NULL || out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (p->version != 2)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "v1 policies have a key descriptor, not an identifier");
	memcpy(out, p->key_id, 16);
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_policy_key_descriptor(const extcrypt_policy *p,
						uint8_t out[EXTCRYPT_KEY_DESCRIPTOR_SIZE])
{
	if (p == NULL || out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (p->version != 1)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "v2 policies have a key identifier, not a descriptor");
	memcpy(out, p->key_id, EXTCRYPT_KEY_DESCRIPTOR_SIZE);
	return EXTCRYPT_OK;
}

EXTCRYPT_API void extcrypt_policy_free(extcrypt_policy *p)
{
	free(p);
}
