// SPDX-License-Identifier: MIT
/*
 * Extent objects: context encoding, validation against the inode, and the
 * per-extent key (docs/spec.md, "Per-extent encryption").
 */
#include <sodium.h>

#include "common/internal.h"
#include "common/secure_mem.h"
#include "extent/extent.h"

struct extcrypt_extent *extcrypt_extent_alloc(const struct extcrypt_inode *inode,
					       const struct extcrypt_profile *prof,
					       const uint8_t nonce[16])
{
	struct extcrypt_extent *e = extcrypt_secure_alloc(sizeof(*e));

	if (e == NULL)
		return NULL;
	e->profile = prof;
	memcpy(e->nonce, nonce, 16);
	memcpy(e->key_id, inode->policy.key_id, 16);
	e->mode = inode->policy.contents_mode;
	e->du_size = inode->du_size;
	return e;
}

int extcrypt_extent_key_setup(struct extcrypt_extent *e,
			      const struct extcrypt_inode *inode)
{
	int err = extcrypt_cipher_init(&e->cipher, e->mode, e->cipher.key,
				       inode->contents.xts.impl);

	if (err)
		extcrypt_extent_free(e);
	return err;
}

static int extent_create(const struct extcrypt_inode *inode,
			 const struct extcrypt_profile *prof,
			 const uint8_t nonce[16], extcrypt_extent **out)
{
	struct extcrypt_extent *e = extcrypt_extent_alloc(inode, prof, nonce);
	int err;

	if (e == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "locked memory");
	/* The extent key comes from the *inode's* master key; the context's
	 * identifier is only compared, never used to look up another key.
	 * It is derived straight into the cipher's locked key buffer. */
	extcrypt_fscrypt_hkdf(inode->key, prof->hkdf_ctx, nonce, 16,
			      e->cipher.key, inode->contents.info->key_size);
	err = extcrypt_extent_key_setup(e, inode);
	if (err)
		return err;
	*out = e;
	return EXTCRYPT_OK;
}

int extcrypt_extent_check_inode(const extcrypt_inode *inode, int profile,
				const struct extcrypt_profile **prof)
{
	if (inode == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "inode is NULL");
	*prof = extcrypt_profile_lookup(profile);
	if (*prof == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "unknown extent profile %d", profile);
	return extcrypt_policy_check_extent(&inode->policy);
}

static int check_args(const extcrypt_inode *inode, int profile,
		      const struct extcrypt_profile **prof,
		      extcrypt_extent **out)
{
	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "out is NULL");
	*out = NULL;
	return extcrypt_extent_check_inode(inode, profile, prof);
}

EXTCRYPT_API int extcrypt_extent_new_with_nonce(const extcrypt_inode *inode,
						int profile,
						const uint8_t nonce[EXTCRYPT_NONCE_SIZE],
						extcrypt_extent **out)
{
	const struct extcrypt_profile *prof = NULL;
	int err = check_args(inode, profile, &prof, out);

	if (err)
		return err;
	if (nonce == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "nonce is NULL");
	return extent_create(inode, prof, nonce, out);
}

EXTCRYPT_API int extcrypt_extent_new(const extcrypt_inode *inode, int profile,
				     extcrypt_extent **out)
{
	uint8_t nonce[16];
	const struct extcrypt_profile *prof = NULL;
	int err = check_args(inode, profile, &prof, out);

	if (err)
		return err;
	randombytes_buf(nonce, sizeof(nonce)); /* lib_init ran for the inode */
	return extent_create(inode, prof, nonce, out);
}

int extcrypt_extent_validate_context(const struct extcrypt_inode *inode,
				     const struct extcrypt_profile *prof,
				     const uint8_t *ctx, size_t ctx_len)
{
	if (ctx == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "context is NULL");
	if (ctx_len < prof->size)
		return extcrypt_fail(EXTCRYPT_E_CONTEXT,
				     "%s extent context is %zu bytes, needs %u",
				     prof->name, ctx_len, prof->size);
	if (prof->checks_version && ctx[0] != EXTCRYPT_EXTENT_CONTEXT_VERSION)
		return extcrypt_fail(EXTCRYPT_E_CONTEXT,
				     "invalid extent encryption context version %u",
				     ctx[0]);
	if (!prof->has_key_id)
		return EXTCRYPT_OK;
	/* The kernel readers compare the identifier before the mode. */
	if (memcmp(ctx + 2, inode->policy.key_id, 16) != 0)
		return extcrypt_fail(EXTCRYPT_E_KEY_MISMATCH,
				     "extent names another master key identifier than the inode");
	if (prof->uses_mode && ctx[1] != inode->policy.contents_mode)
		return extcrypt_fail(EXTCRYPT_E_MODE_MISMATCH,
				     "extent mode %u, inode contents mode %u",
				     ctx[1], inode->policy.contents_mode);
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_extent_load(const extcrypt_inode *inode, int profile,
				      const uint8_t *ctx, size_t ctx_len,
				      extcrypt_extent **out)
{
	const struct extcrypt_profile *prof = NULL;
	int err = check_args(inode, profile, &prof, out);

	if (err)
		return err;
	err = extcrypt_extent_validate_context(inode, prof, ctx, ctx_len);
	if (err)
		return err;
	return extent_create(inode, prof, ctx + prof->size - 16, out);
}

EXTCRYPT_API int extcrypt_extent_context(const extcrypt_extent *e,
					 uint8_t *out, size_t out_cap,
					 size_t *out_len)
{
	if (e == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (out_cap < e->profile->size)
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "extent context needs %u bytes, have %zu",
				     e->profile->size, out_cap);
	memset(out, 0, e->profile->size);
	out[0] = EXTCRYPT_EXTENT_CONTEXT_VERSION;
	if (e->profile->has_key_id) {
		/* Profiles that never wrote the mode byte get 0 there. */
		out[1] = e->profile->uses_mode ? e->mode : 0;
		memcpy(out + 2, e->key_id, 16);
	}
	memcpy(out + e->profile->size - 16, e->nonce, 16);
	*out_len = e->profile->size;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_extent_nonce(const extcrypt_extent *e,
				       uint8_t out[EXTCRYPT_NONCE_SIZE])
{
	if (e == NULL || out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "%s is NULL",
				     e == NULL ? "extent" : "out");
	memcpy(out, e->nonce, EXTCRYPT_NONCE_SIZE);
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_extent_profile(const extcrypt_extent *e)
{
	return e != NULL ? e->profile->id : extcrypt_null_arg("extent");
}

EXTCRYPT_API uint32_t extcrypt_extent_data_unit_size(const extcrypt_extent *e)
{
	return e != NULL ? e->du_size : (uint32_t)extcrypt_null_arg("extent");
}

EXTCRYPT_API void extcrypt_extent_free(extcrypt_extent *e)
{
	if (e == NULL)
		return;
	extcrypt_cipher_cleanup(&e->cipher);
	extcrypt_secure_free(e, sizeof(*e));
}
