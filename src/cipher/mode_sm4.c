// SPDX-License-Identifier: MIT
/*
 * The SM4 rows of the mode table (Linux 6.2+, v2 policies only):
 * SM4-XTS for contents, the kernel's xts(sm4), and SM4-CTS-CBC for
 * filenames, its cts(cbc(sm4)).  The block cipher is OpenSSL's SM4-ECB /
 * SM4-CBC, prepared once per key object; XTS is ours (src/cipher/xts_ecb.c,
 * as OpenSSL 3.0 has no SM4-XTS) and CTS is the AES rows' code
 * (src/cipher/cbc.c) on SM4 contexts.
 *
 * Not constant time: OpenSSL 3.0's SM4 is a C implementation with S-box
 * table lookups indexed by key- and data-dependent bytes, like the
 * kernel's sm4_generic (docs/design.md, "Constant time").
 */
#include <sodium.h>

#include "cipher/cipher.h"
#include "cipher/mode_cbc.h"
#include "cipher/xts_ecb.h"
#include "common/ctgrind.h"
#include "common/internal.h"
#include "common/secure_mem.h"

static int sm4_xts_prepare(struct extcrypt_cipher *c, const uint8_t *key,
			   const struct extcrypt_xts_impl *impl)
{
	size_t half = c->info->key_size / 2;
	struct extcrypt_xts_ecb *x;
	int halves_differ;

	(void)impl;
	/* Equal halves: refused, as the kernel's xts_verify_key does for
	 * fscrypt (CRYPTO_TFM_REQ_FORBID_WEAK_KEYS); compared in constant
	 * time, the refusal itself being public. */
	halves_differ = sodium_memcmp(key, key + half, half);
	EXTCRYPT_DECLASSIFY(&halves_differ, sizeof(halves_differ));
	if (halves_differ == 0)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "%s key has equal halves (the kernel refuses it too)",
				     c->info->name);
	x = extcrypt_secure_alloc(sizeof(*x));
	if (x == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "locked memory");
	c->prepared = x;
	c->impl_name = "openssl";
	return extcrypt_xts_ecb_prepare(x, EXTCRYPT_EVP_SM4_ECB, key,
					c->info->key_size);
}

static int sm4_xts_crypt(const struct extcrypt_cipher *c, bool enc,
			 const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
			 uint8_t *dst, size_t len)
{
	if (!extcrypt_xts_ecb_crypt(c->prepared, enc, iv, src, dst, len))
		return extcrypt_fail(EXTCRYPT_E_CRYPTO, "%s failed in OpenSSL",
				     c->info->name);
	return EXTCRYPT_OK;
}

static void sm4_xts_wipe(struct extcrypt_cipher *c)
{
	if (c->prepared == NULL)
		return;
	extcrypt_xts_ecb_free(c->prepared);
	extcrypt_secure_free(c->prepared, sizeof(struct extcrypt_xts_ecb));
	c->prepared = NULL;
}

const struct extcrypt_mode_ops extcrypt_mode_sm4_xts_ops = {
	.prepare = sm4_xts_prepare,
	.crypt = sm4_xts_crypt,
	.wipe = sm4_xts_wipe,
};

static int sm4_cts_prepare(struct extcrypt_cipher *c, const uint8_t *key,
			   const struct extcrypt_xts_impl *impl)
{
	(void)impl;
	return extcrypt_cts_prepare(c, key, EXTCRYPT_EVP_SM4_ECB,
				    EXTCRYPT_EVP_SM4_CBC);
}

const struct extcrypt_mode_ops extcrypt_mode_sm4_cts_ops = {
	.prepare = sm4_cts_prepare,
	.crypt = extcrypt_cts_crypt,
	.wipe = extcrypt_cbc_key_wipe,
};
