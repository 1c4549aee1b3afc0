// SPDX-License-Identifier: MIT
/*
 * Master keys: HKDF-Extract once, then cheap Expands for every subkey.
 */
#include "common/ctgrind.h"
#include "common/internal.h"
#include "common/secure_mem.h"
#include "extcrypt/policy.h"
#include "kdf/master_key.h"

/* Every fscrypt HKDF info starts with these 8 bytes, NUL included. */
static const uint8_t fscrypt_info_prefix[8] = "fscrypt";

static void info_prefix(uint8_t prefix[sizeof(fscrypt_info_prefix) + 1],
			uint8_t context)
{
	memcpy(prefix, fscrypt_info_prefix, sizeof(fscrypt_info_prefix));
	prefix[sizeof(fscrypt_info_prefix)] = context;
}

void extcrypt_fscrypt_hkdf_mb(const struct extcrypt_master_key *key,
			      uint8_t context, const uint8_t *const infos[],
			      size_t info_len, uint8_t *const outs[],
			      size_t out_len, size_t n)
{
	uint8_t prefix[sizeof(fscrypt_info_prefix) + 1];

	info_prefix(prefix, context);
	extcrypt_hkdf_sha512_expand_mb(&key->prk, prefix, sizeof(prefix), infos,
				       info_len, outs, out_len, n, NULL);
}

void extcrypt_fscrypt_hkdf(const struct extcrypt_master_key *key,
			   uint8_t context, const uint8_t *info,
			   size_t info_len, uint8_t *out, size_t out_len)
{
	uint8_t prefix[sizeof(fscrypt_info_prefix) + 1];

	info_prefix(prefix, context);
	extcrypt_hkdf_sha512_expand(&key->prk, prefix, sizeof(prefix), info,
				    info_len, out, out_len);
}

EXTCRYPT_API int extcrypt_master_key_new(const uint8_t *raw, size_t raw_len,
					 extcrypt_master_key **out)
{
	struct extcrypt_master_key *key;
	uint8_t prk[EXTCRYPT_SHA512_DIGEST];
	int err;

	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "out is NULL");
	*out = NULL;
	if (raw == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "raw key is NULL");
	if (raw_len < EXTCRYPT_MIN_KEY_SIZE || raw_len > EXTCRYPT_MAX_KEY_SIZE)
		return extcrypt_fail(EXTCRYPT_E_KEY_SIZE,
				     "master key is %zu bytes, must be 16..64",
				     raw_len);
	err = extcrypt_lib_init();
	if (err)
		return err;
	key = extcrypt_secure_alloc(sizeof(*key));
	if (key == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM,
				     "cannot allocate locked memory");
	extcrypt_hkdf_sha512_extract(raw, raw_len, prk);
	extcrypt_hmac_sha512_prepare(&key->prk, prk, sizeof(prk));
	extcrypt_secure_wipe(prk, sizeof(prk));
	memcpy(key->raw, raw, raw_len);
	key->raw_len = raw_len;
	atomic_init(&key->refs, 1);
	extcrypt_fscrypt_hkdf(key, EXTCRYPT_HKDF_CONTEXT_KEY_IDENTIFIER, NULL, 0,
			      key->identifier, sizeof(key->identifier));
	/* The identifier is public: it is in every policy on disk. */
	EXTCRYPT_DECLASSIFY(key->identifier, sizeof(key->identifier));
	*out = key;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_master_key_identifier(const extcrypt_master_key *key,
						uint8_t out[EXTCRYPT_KEY_IDENTIFIER_SIZE])
{
	if (key == NULL || out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "%s is NULL",
				     key == NULL ? "key" : "out");
	memcpy(out, key->identifier, sizeof(key->identifier));
	return EXTCRYPT_OK;
}

EXTCRYPT_API size_t extcrypt_master_key_size(const extcrypt_master_key *key)
{
	return key != NULL ? key->raw_len : (size_t)extcrypt_null_arg("key");
}

EXTCRYPT_API int extcrypt_master_key_derive(const extcrypt_master_key *key,
					    uint8_t context,
					    const uint8_t *info,
					    size_t info_len, uint8_t *out,
					    size_t out_len)
{
	if (key == NULL || out == NULL || (info == NULL && info_len != 0))
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (info_len > 256)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "info is %zu bytes, at most 256", info_len);
	if (out_len == 0 || out_len > 255 * EXTCRYPT_SHA512_DIGEST)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "output length %zu outside 1..16320",
				     out_len);
	extcrypt_fscrypt_hkdf(key, context, info, info_len, out, out_len);
	return EXTCRYPT_OK;
}

struct extcrypt_master_key *extcrypt_master_key_ref(struct extcrypt_master_key *key)
{
	atomic_fetch_add_explicit(&key->refs, 1, memory_order_relaxed);
	return key;
}

EXTCRYPT_API void extcrypt_master_key_free(extcrypt_master_key *key)
{
	if (key == NULL)
		return;
	if (atomic_fetch_sub_explicit(&key->refs, 1, memory_order_acq_rel) != 1)
		return;
	extcrypt_secure_free(key, sizeof(*key));
}
