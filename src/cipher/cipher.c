// SPDX-License-Identifier: MIT
/*
 * Prepared keys for each fscrypt mode, and the public cipher object.
 */
#include <sodium.h>

#include "extcrypt/experimental.h"
#include "extcrypt/policy.h"

#include "cipher/cipher.h"
#include "cipher/units.h"
#include "common/internal.h"
#include "common/secure_mem.h"

int extcrypt_cipher_init(struct extcrypt_cipher *c, int mode,
			 const uint8_t *key, const struct extcrypt_xts_impl *impl)
{
	const struct extcrypt_mode_info *info = extcrypt_mode_lookup(mode);

	if (info == NULL || info->ops == NULL)
		return extcrypt_fail(EXTCRYPT_E_UNSUPPORTED,
				     "mode %d (%s) is not implemented", mode,
				     info != NULL ? info->name : "unknown");
	c->info = info;
	if (key != c->key) /* callers may derive straight into c->key */
		memcpy(c->key, key, info->key_size);
	return info->ops->prepare(c, c->key, impl);
}

void extcrypt_cipher_cleanup(struct extcrypt_cipher *c)
{
	if (c->info != NULL)
		c->info->ops->wipe(c);
}

const char *extcrypt_cipher_impl(const struct extcrypt_cipher *c)
{
	return c->impl_name;
}

int extcrypt_cipher_message(const struct extcrypt_cipher *c, bool enc,
			    const uint8_t iv[EXTCRYPT_IV_MAX],
			    const uint8_t *src, uint8_t *dst, size_t len)
{
	return c->info->ops->crypt(c, enc, iv, src, dst, len);
}

int extcrypt_cipher_units(const struct extcrypt_cipher *c, bool enc,
			  const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
			  uint8_t *dst, size_t unit_len, size_t nunits)
{
	const struct extcrypt_mode_ops *ops = c->info->ops;
	uint8_t unit_iv[EXTCRYPT_IV_MAX];
	uint64_t first;
	int err = EXTCRYPT_OK;

	if (ops->units != NULL)
		return ops->units(c, enc, iv, src, dst, unit_len, nunits);
	memcpy(unit_iv, iv, sizeof(unit_iv));
	first = extcrypt_get_le64(iv);
	for (size_t j = 0; j < nunits && err == EXTCRYPT_OK; j++) {
		extcrypt_put_le64(unit_iv, first + j);
		err = ops->crypt(c, enc, unit_iv, src + j * unit_len,
				 dst + j * unit_len, unit_len);
	}
	return err;
}

int extcrypt_cipher_units_at(const struct extcrypt_cipher *c, bool enc,
			     uint64_t first, const uint8_t *src, uint8_t *dst,
			     size_t unit_len, size_t nunits)
{
	uint8_t iv[EXTCRYPT_IV_MAX] = { 0 };

	extcrypt_put_le64(iv, first);
	return extcrypt_cipher_units(c, enc, iv, src, dst, unit_len, nunits);
}

/* ---- the public object ---------------------------------------------------- */

static int cipher_new(int mode, const uint8_t *key, size_t key_len,
		      const struct extcrypt_xts_impl *impl,
		      extcrypt_cipher **out)
{
	const struct extcrypt_mode_info *info = extcrypt_mode_lookup(mode);
	struct extcrypt_cipher *c;
	int err;

	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "out is NULL");
	*out = NULL;
	if (key == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "key is NULL");
	if (info == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "unknown mode %d", mode);
	if (key_len != info->key_size)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "%s needs a %u-byte key, got %zu",
				     info->name, info->key_size, key_len);
	err = extcrypt_lib_init();
	if (err)
		return err;
	c = extcrypt_secure_alloc(sizeof(*c));
	if (c == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "locked memory");
	err = extcrypt_cipher_init(c, mode, key, impl);
	if (err) {
		extcrypt_cipher_cleanup(c);
		extcrypt_secure_free(c, sizeof(*c));
		return err;
	}
	*out = c;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_cipher_new(int mode, const uint8_t *key,
				     size_t key_len, extcrypt_cipher **out)
{
	return cipher_new(mode, key, key_len, NULL, out);
}

EXTCRYPT_API int extcrypt_cipher_new_impl(int mode, const uint8_t *key,
					  size_t key_len, const char *name,
					  extcrypt_cipher **out)
{
	const struct extcrypt_xts_impl *impl = extcrypt_xts_impl_by_name(name);
	const struct extcrypt_mode_info *info = extcrypt_mode_lookup(mode);

	if (out != NULL)
		*out = NULL;
	if (info == NULL || !(info->flags & EXTCRYPT_MODE_F_IMPLS))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "implementations can only be chosen for AES-256-XTS");
	if (impl == NULL || !impl->usable())
		return extcrypt_fail(EXTCRYPT_E_UNSUPPORTED,
				     "implementation '%s' is unknown or cannot run on this CPU",
				     name != NULL ? name : "(null)");
	return cipher_new(mode, key, key_len, impl, out);
}

static int run_units(const void *obj, bool enc, uint64_t first,
		     const uint8_t *src, uint8_t *dst, size_t unit_len,
		     size_t nunits)
{
	return extcrypt_cipher_units_at(obj, enc, first, src, dst, unit_len,
					nunits);
}

static int units_api(const extcrypt_cipher *c, bool enc, uint64_t first_index,
		     size_t unit_len, const uint8_t *src, uint8_t *dst,
		     size_t len)
{
	struct extcrypt_units_call u = {
		c, run_units, enc, first_index, src, dst, unit_len, len,
	};
	int err;

	if (c != NULL && !c->info->contents)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "%s is not a contents mode", c->info->name);
	err = extcrypt_units_check(&u, UINT64_MAX);
	return err ? err : extcrypt_units_run(&u);
}

EXTCRYPT_API int extcrypt_cipher_encrypt_units(const extcrypt_cipher *c,
					       uint64_t first_index,
					       size_t unit_len,
					       const uint8_t *src,
					       uint8_t *dst, size_t len)
{
	return units_api(c, true, first_index, unit_len, src, dst, len);
}

EXTCRYPT_API int extcrypt_cipher_decrypt_units(const extcrypt_cipher *c,
					       uint64_t first_index,
					       size_t unit_len,
					       const uint8_t *src,
					       uint8_t *dst, size_t len)
{
	return units_api(c, false, first_index, unit_len, src, dst, len);
}

static int message_api(const extcrypt_cipher *c, bool enc, const uint8_t *iv,
		       size_t iv_len, const uint8_t *src, uint8_t *dst,
		       size_t len)
{
	uint8_t full_iv[EXTCRYPT_IV_MAX] = { 0 };
	int err;

	if (c == NULL || src == NULL || dst == NULL ||
	    (iv == NULL && iv_len != 0))
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (iv_len > c->info->iv_size)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "%s takes an IV of at most %u bytes, got %zu",
				     c->info->name, c->info->iv_size, iv_len);
	if (len < 16)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "message of %zu bytes; at least 16 needed",
				     len);
	/* Over-limit lengths are EXTCRYPT_E_LENGTH in every mode (cipher.h),
	 * so the limit is checked before the block alignment. */
	if (len > EXTCRYPT_CIPHER_MAX_UNIT)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "message of %zu bytes is over the maximum %zu",
				     len, EXTCRYPT_CIPHER_MAX_UNIT);
	if ((c->info->flags & EXTCRYPT_MODE_F_WHOLE_BLOCKS) && len % 16 != 0)
		return extcrypt_fail(EXTCRYPT_E_ALIGNMENT,
				     "%s needs a multiple of 16 bytes",
				     c->info->name);
	if (extcrypt_bad_overlap(src, dst, len))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "src and dst overlap without being equal");
	if (iv_len != 0)
		memcpy(full_iv, iv, iv_len);
	err = extcrypt_cipher_message(c, enc, full_iv, src, dst, len);
	if (err && src != dst)
		memset(dst, 0, len);
	return err;
}

EXTCRYPT_API int extcrypt_cipher_encrypt(const extcrypt_cipher *c,
					 const uint8_t *iv, size_t iv_len,
					 const uint8_t *src, uint8_t *dst,
					 size_t len)
{
	return message_api(c, true, iv, iv_len, src, dst, len);
}

EXTCRYPT_API int extcrypt_cipher_decrypt(const extcrypt_cipher *c,
					 const uint8_t *iv, size_t iv_len,
					 const uint8_t *src, uint8_t *dst,
					 size_t len)
{
	return message_api(c, false, iv, iv_len, src, dst, len);
}

EXTCRYPT_API const char *extcrypt_cipher_impl_name(const extcrypt_cipher *c)
{
	if (c == NULL) {
		extcrypt_null_arg("cipher");
		return NULL;
	}
	return extcrypt_cipher_impl(c);
}

EXTCRYPT_API void extcrypt_cipher_free(extcrypt_cipher *c)
{
	if (c == NULL)
		return;
	extcrypt_cipher_cleanup(c);
	extcrypt_secure_free(c, sizeof(*c));
}
