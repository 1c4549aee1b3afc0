// SPDX-License-Identifier: MIT
/*
 * The CBC-based rows of the mode table: AES-256-CTS-CBC and
 * AES-128-CTS-CBC for filenames, AES-128-CBC-ESSIV for contents (and the
 * CTS operations SM4-CTS-CBC shares, src/cipher/mode_sm4.c).  Each key
 * object keeps prepared ECB contexts (src/common/evp_slot.h); CBC and
 * the ciphertext stealing are ours (src/cipher/cbc.c).
 */
#include <sodium.h>

#include "cipher/cbc.h"
#include "cipher/cipher.h"
#include "cipher/mode_cbc.h"
#include "common/internal.h"
#include "common/secure_mem.h"

/* What a CBC-based key object prepares (c->prepared, locked memory). */
struct cbc_key {
	struct extcrypt_evp_slot enc, dec;
	struct extcrypt_evp_slot cbc_enc; /* CTS: names in one CBC pass */
	struct extcrypt_evp_slot essiv; /* ESSIV: AES-256 under SHA-256(key) */
};

static int cbc_prepare(struct extcrypt_cipher *c, const uint8_t *key,
		       enum extcrypt_evp_cipher which)
{
	struct cbc_key *k = extcrypt_secure_alloc(sizeof(*k));
	int err;

	if (k == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "locked memory");
	c->prepared = k;
	c->impl_name = "openssl";
	err = extcrypt_evp_slot_prepare(&k->enc, which, key, true);
	if (err == EXTCRYPT_OK)
		err = extcrypt_evp_slot_prepare(&k->dec, which, key, false);
	return err;
}

void extcrypt_cbc_key_wipe(struct extcrypt_cipher *c)
{
	struct cbc_key *k = c->prepared;

	if (k == NULL)
		return;
	extcrypt_evp_slot_free(&k->enc);
	extcrypt_evp_slot_free(&k->dec);
	extcrypt_evp_slot_free(&k->essiv);
	extcrypt_evp_slot_free(&k->cbc_enc);
	extcrypt_secure_free(k, sizeof(*k));
	c->prepared = NULL;
}

int extcrypt_cts_prepare(struct extcrypt_cipher *c, const uint8_t *key,
			 enum extcrypt_evp_cipher ecb, enum extcrypt_evp_cipher cbc)
{
	int err = cbc_prepare(c, key, ecb);
	struct cbc_key *k = c->prepared;

	if (err == EXTCRYPT_OK)
		err = extcrypt_evp_slot_prepare(&k->cbc_enc, cbc, key, true);
	return err;
}

static int cts_prepare(struct extcrypt_cipher *c, const uint8_t *key,
		       const struct extcrypt_xts_impl *impl)
{
	bool aes128 = c->info->key_size == 16;

	(void)impl;
	return extcrypt_cts_prepare(c, key,
				    aes128 ? EXTCRYPT_EVP_AES128_ECB :
					     EXTCRYPT_EVP_AES256_ECB,
				    aes128 ? EXTCRYPT_EVP_AES128_CBC :
					     EXTCRYPT_EVP_AES256_CBC);
}

/* Encryption of a name: one call of the CBC context (cbc.c). */
static bool cts_encrypt_short(struct cbc_key *k, const uint8_t iv[16],
			      const uint8_t *src, uint8_t *dst, size_t len)
{
	EVP_CIPHER_CTX *ctx = extcrypt_evp_slot_get(&k->cbc_enc);
	uint8_t copy_chain[16] = { 0 }; /* a copy chains on the IV, zero */
	uint8_t *chain = ctx == k->cbc_enc.ctx ? k->cbc_enc.chain : copy_chain;
	bool ok = ctx != NULL &&
		  extcrypt_cts_encrypt_cbc(ctx, chain, iv, src, dst, len);

	if (!ok && ctx == k->cbc_enc.ctx) {
		/* The chain is unknown after a failure: start it again. */
		memset(chain, 0, 16);
		(void)EVP_CipherInit_ex2(ctx, NULL, NULL, chain, -1, NULL);
	}
	extcrypt_evp_slot_put(&k->cbc_enc, ctx);
	return ok;
}

int extcrypt_cts_crypt(const struct extcrypt_cipher *c, bool enc,
		       const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		       uint8_t *dst, size_t len)
{
	struct cbc_key *k = c->prepared;
	struct extcrypt_evp_slot *slot = enc ? &k->enc : &k->dec;
	EVP_CIPHER_CTX *ctx;
	bool ok;

	if (enc && len <= EXTCRYPT_CTS_ONE_PASS_MAX) {
		ok = cts_encrypt_short(k, iv, src, dst, len);
	} else {
		ctx = extcrypt_evp_slot_get(slot);
		ok = ctx != NULL &&
		     (enc ? extcrypt_cts_encrypt(ctx, iv, src, dst, len) :
			    extcrypt_cts_decrypt(ctx, iv, src, dst, len));
		extcrypt_evp_slot_put(slot, ctx);
	}
	if (!ok)
		return extcrypt_fail(EXTCRYPT_E_CRYPTO, "%s failed in OpenSSL",
				     c->info->name);
	return EXTCRYPT_OK;
}

const struct extcrypt_mode_ops extcrypt_mode_cts_ops = {
	.prepare = cts_prepare,
	.crypt = extcrypt_cts_crypt,
	.wipe = extcrypt_cbc_key_wipe,
};

static int essiv_prepare(struct extcrypt_cipher *c, const uint8_t *key,
			 const struct extcrypt_xts_impl *impl)
{
	uint8_t essiv_key[32];
	int err = cbc_prepare(c, key, EXTCRYPT_EVP_AES128_ECB);
	struct cbc_key *k = c->prepared;

	(void)impl;
	if (err != EXTCRYPT_OK)
		return err;
	crypto_hash_sha256(essiv_key, key, c->info->key_size);
	err = extcrypt_evp_slot_prepare(&k->essiv, EXTCRYPT_EVP_AES256_ECB,
					essiv_key, true);
	sodium_memzero(essiv_key, sizeof(essiv_key));
	return err;
}

/* One data unit: IV = AES-256_{SHA-256(key)}(iv), then AES-128-CBC. */
static bool essiv_unit(struct cbc_key *k, bool enc, const uint8_t iv[16],
		       const uint8_t *src, uint8_t *dst, size_t len)
{
	struct extcrypt_evp_slot *slot = enc ? &k->enc : &k->dec;
	EVP_CIPHER_CTX *ectx = extcrypt_evp_slot_get(&k->essiv);
	EVP_CIPHER_CTX *ctx = extcrypt_evp_slot_get(slot);
	uint8_t chain[16];
	bool ok = extcrypt_evp_blocks(ectx, iv, chain, 16) && ctx != NULL &&
		  (enc ? extcrypt_cbc_encrypt(ctx, chain, src, dst, len / 16) :
			 extcrypt_cbc_decrypt(ctx, chain, src, dst, len / 16));

	extcrypt_evp_slot_put(&k->essiv, ectx);
	extcrypt_evp_slot_put(slot, ctx);
	sodium_memzero(chain, sizeof(chain));
	return ok;
}

static int essiv_crypt(const struct extcrypt_cipher *c, bool enc,
		       const uint8_t iv[EXTCRYPT_IV_MAX], const uint8_t *src,
		       uint8_t *dst, size_t len)
{
	if (!essiv_unit(c->prepared, enc, iv, src, dst, len))
		return extcrypt_fail(EXTCRYPT_E_CRYPTO, "%s failed in OpenSSL",
				     c->info->name);
	return EXTCRYPT_OK;
}

const struct extcrypt_mode_ops extcrypt_mode_essiv_ops = {
	.prepare = essiv_prepare,
	.crypt = essiv_crypt,
	.wipe = extcrypt_cbc_key_wipe,
};
