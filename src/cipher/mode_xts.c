// SPDX-License-Identifier: MIT
/*
 * The AES-256-XTS row of the mode table.  Its prepared key is the round
 * keys of one implementation behind the xts_impl seam (c->xts); messages
 * that end in a partial block (ciphertext stealing, extcrypt_cipher_encrypt
 * only, never a data unit) go through OpenSSL's one-shot XTS.
 */
#include <openssl/evp.h>
#include <sodium.h>

#include "cipher/cipher.h"
#include "common/ctgrind.h"
#include "common/evp_slot.h"
#include "common/internal.h"

static int xts_prepare(struct extcrypt_cipher *c, const uint8_t *key,
		       const struct extcrypt_xts_impl *impl)
{
	int halves_differ;

	/*
	 * Equal halves: refused here, for every implementation, as the
	 * kernel does (fscrypt and blk-crypto-fallback set
	 * CRYPTO_TFM_REQ_FORBID_WEAK_KEYS, so xts_verify_key fails).
	 * Constant time: the halves are secret.
	 */
	halves_differ = sodium_memcmp(key, key + 32, 32);
	/* Public from here on: the refusal is the call's visible result. */
	EXTCRYPT_DECLASSIFY(&halves_differ, sizeof(halves_differ));
	if (halves_differ == 0)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "AES-256-XTS key has equal halves (the kernel refuses it too)");
	if (impl == NULL)
		impl = extcrypt_xts_impl_default();
	c->xts.impl = impl;
	c->impl_name = impl->name;
	return impl->setkey(&c->xts, key);
}

static void xts_wipe(struct extcrypt_cipher *c)
{
	if (c->xts.impl != NULL && c->xts.impl->cleanup != NULL)
		c->xts.impl->cleanup(&c->xts);
}

static int xts_units(const struct extcrypt_cipher *c, bool enc,
		     const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		     uint8_t *dst, size_t unit_len, size_t nunits)
{
	const struct extcrypt_xts_impl *impl = c->xts.impl;

	/* The fast path: all units in one call of the SIMD code. */
	return enc ? impl->encrypt(&c->xts, iv, src, dst, unit_len, nunits)
		   : impl->decrypt(&c->xts, iv, src, dst, unit_len, nunits);
}

/* One message of any length >= 16, with stealing, by OpenSSL. */
static int xts_oneshot(const struct extcrypt_cipher *c, bool enc,
		       const uint8_t iv[16], const uint8_t *src, uint8_t *dst,
		       size_t len)
{
	const EVP_CIPHER *cipher = extcrypt_evp_cipher(EXTCRYPT_EVP_AES256_XTS);
	EVP_CIPHER_CTX *ctx;
	int inl, outl = 0, ok;

	if (!extcrypt_int_len(len, &inl))
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "%zu bytes is too long for OpenSSL", len);
	if (cipher == NULL)
		return EXTCRYPT_E_CRYPTO;
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx != NULL &&
	     EVP_CipherInit_ex2(ctx, cipher, c->key, iv, enc ? 1 : 0, NULL) == 1 &&
	     EVP_CipherUpdate(ctx, dst, &outl, src, inl) == 1 && outl == inl;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		return extcrypt_fail(EXTCRYPT_E_CRYPTO, "OpenSSL AES-256-XTS failed");
	return EXTCRYPT_OK;
}

static int xts_crypt(const struct extcrypt_cipher *c, bool enc,
		     const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		     uint8_t *dst, size_t len)
{
	if (len % 16 != 0)
		return xts_oneshot(c, enc, iv, src, dst, len);
	return xts_units(c, enc, iv, src, dst, len, 1);
}

const struct extcrypt_mode_ops extcrypt_mode_xts_ops = {
	.prepare = xts_prepare,
	.crypt = xts_crypt,
	.units = xts_units,
	.wipe = xts_wipe,
};
