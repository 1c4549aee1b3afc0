// SPDX-License-Identifier: MIT
/*
 * The wide-block rows of the mode table, AES-256-HCTR2 and Adiantum: each
 * key object keeps the mode's prepared key (src/hctr2, src/adiantum) in
 * locked memory; the 32-byte fscrypt IV is the tweak.
 */
#include "extcrypt/policy.h"

#include "adiantum/adiantum.h"
#include "cipher/cipher.h"
#include "cipher/wide_raw.h"
#include "common/internal.h"
#include "common/secure_mem.h"
#include "hctr2/hctr2.h"

static void *alloc_prepared(struct extcrypt_cipher *c, size_t size)
{
	c->prepared = extcrypt_secure_alloc(size);
	c->impl_name = "generic";
	if (c->prepared == NULL)
		extcrypt_fail(EXTCRYPT_E_NOMEM, "locked memory");
	return c->prepared;
}

static int hctr2_prepare(struct extcrypt_cipher *c, const uint8_t *key,
			 const struct extcrypt_xts_impl *impl)
{
	struct extcrypt_hctr2_key *k = alloc_prepared(c, sizeof(*k));

	(void)impl;
	return k != NULL ? extcrypt_hctr2_prepare(k, key) : EXTCRYPT_E_NOMEM;
}

static int hctr2_tweak_crypt(const struct extcrypt_cipher *c, bool enc,
			     const uint8_t *tweak, size_t tweak_len,
			     const uint8_t *src, uint8_t *dst, size_t len)
{
	return extcrypt_hctr2_crypt(c->prepared, enc, tweak, tweak_len, src,
				    dst, len);
}

static int hctr2_crypt(const struct extcrypt_cipher *c, bool enc,
		       const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		       uint8_t *dst, size_t len)
{
	return hctr2_tweak_crypt(c, enc, iv, EXTCRYPT_HCTR2_TWEAK_SIZE, src,
				 dst, len);
}

static void hctr2_wipe(struct extcrypt_cipher *c)
{
	if (c->prepared == NULL)
		return;
	extcrypt_hctr2_key_wipe(c->prepared);
	extcrypt_secure_free(c->prepared, sizeof(struct extcrypt_hctr2_key));
	c->prepared = NULL;
}

const struct extcrypt_mode_ops extcrypt_mode_hctr2_ops = {
	.prepare = hctr2_prepare,
	.crypt = hctr2_crypt,
	.wipe = hctr2_wipe,
};

static int adiantum_prepare(struct extcrypt_cipher *c, const uint8_t *key,
			    const struct extcrypt_xts_impl *impl)
{
	struct extcrypt_adiantum_key *k = alloc_prepared(c, sizeof(*k));

	(void)impl;
	return k != NULL ? extcrypt_adiantum_prepare(k, key) : EXTCRYPT_E_NOMEM;
}

static int adiantum_tweak_crypt(const struct extcrypt_cipher *c, bool enc,
				const uint8_t *tweak, size_t tweak_len,
				const uint8_t *src, uint8_t *dst, size_t len)
{
	return extcrypt_adiantum_crypt(c->prepared, enc, tweak, tweak_len, src,
				       dst, len);
}

static int adiantum_crypt(const struct extcrypt_cipher *c, bool enc,
			  const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
			  uint8_t *dst, size_t len)
{
	return adiantum_tweak_crypt(c, enc, iv, EXTCRYPT_ADIANTUM_TWEAK_SIZE,
				    src, dst, len);
}

static void adiantum_wipe(struct extcrypt_cipher *c)
{
	if (c->prepared == NULL)
		return;
	extcrypt_adiantum_key_wipe(c->prepared);
	extcrypt_secure_free(c->prepared, sizeof(struct extcrypt_adiantum_key));
	c->prepared = NULL;
}

const struct extcrypt_mode_ops extcrypt_mode_adiantum_ops = {
	.prepare = adiantum_prepare,
	.crypt = adiantum_crypt,
	.wipe = adiantum_wipe,
};

/* ---- the raw-key forms (cipher/wide_raw.h), one for both modes ---------- */

typedef int (*tweak_crypt_fn)(const struct extcrypt_cipher *c, bool enc,
			      const uint8_t *tweak, size_t tweak_len,
			      const uint8_t *src, uint8_t *dst, size_t len);

static int raw_key(int mode, tweak_crypt_fn crypt, bool enc,
		   const uint8_t key[32], const uint8_t *tweak,
		   size_t tweak_len, const uint8_t *src, uint8_t *dst,
		   size_t len)
{
	extcrypt_cipher *c;
	int err = extcrypt_cipher_new(mode, key, 32, &c);

	if (err == EXTCRYPT_OK)
		err = crypt(c, enc, tweak, tweak_len, src, dst, len);
	else if (src != NULL && dst != NULL && len > 0)
		extcrypt_secure_wipe(dst, len);
	extcrypt_cipher_free(c);
	return err;
}

int extcrypt_hctr2_encrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				 size_t tweak_len, const uint8_t *src,
				 uint8_t *dst, size_t len)
{
	return raw_key(EXTCRYPT_MODE_AES_256_HCTR2, hctr2_tweak_crypt, true,
		       key, tweak, tweak_len, src, dst, len);
}

int extcrypt_hctr2_decrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				 size_t tweak_len, const uint8_t *src,
				 uint8_t *dst, size_t len)
{
	return raw_key(EXTCRYPT_MODE_AES_256_HCTR2, hctr2_tweak_crypt, false,
		       key, tweak, tweak_len, src, dst, len);
}

int extcrypt_hctr2_encrypt(const uint8_t key[32], const uint8_t tweak[32],
			   const uint8_t *src, uint8_t *dst, size_t len)
{
	return extcrypt_hctr2_encrypt_tweak(key, tweak, EXTCRYPT_HCTR2_TWEAK_SIZE,
					    src, dst, len);
}

int extcrypt_hctr2_decrypt(const uint8_t key[32], const uint8_t tweak[32],
			   const uint8_t *src, uint8_t *dst, size_t len)
{
	return extcrypt_hctr2_decrypt_tweak(key, tweak, EXTCRYPT_HCTR2_TWEAK_SIZE,
					    src, dst, len);
}

int extcrypt_adiantum_encrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				    size_t tweak_len, const uint8_t *src,
				    uint8_t *dst, size_t len)
{
	return raw_key(EXTCRYPT_MODE_ADIANTUM, adiantum_tweak_crypt, true, key,
		       tweak, tweak_len, src, dst, len);
}

int extcrypt_adiantum_decrypt_tweak(const uint8_t key[32], const uint8_t *tweak,
				    size_t tweak_len, const uint8_t *src,
				    uint8_t *dst, size_t len)
{
	return raw_key(EXTCRYPT_MODE_ADIANTUM, adiantum_tweak_crypt, false, key,
		       tweak, tweak_len, src, dst, len);
}

int extcrypt_adiantum_encrypt(const uint8_t key[32], const uint8_t tweak[32],
			      const uint8_t *src, uint8_t *dst, size_t len)
{
	return extcrypt_adiantum_encrypt_tweak(key, tweak,
					       EXTCRYPT_ADIANTUM_TWEAK_SIZE,
					       src, dst, len);
}

int extcrypt_adiantum_decrypt(const uint8_t key[32], const uint8_t tweak[32],
			      const uint8_t *src, uint8_t *dst, size_t len)
{
	return extcrypt_adiantum_decrypt_tweak(key, tweak,
					       EXTCRYPT_ADIANTUM_TWEAK_SIZE,
					       src, dst, len);
}
