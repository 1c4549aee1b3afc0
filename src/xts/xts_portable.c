// SPDX-License-Identifier: MIT
/*
 * The portable AES-256-XTS implementation: OpenSSL's EVP.
 *
 * It is the fallback where no SIMD implementation of ours can run, and the
 * reference the others are tested against.  OpenSSL itself picks AES-NI,
 * the ARMv8 instructions or its constant-time vector-permute AES (vpaes),
 * so this path has no table lookups on any CPU we target either.
 *
 * An EVP_CIPHER_CTX is mutable, but our key objects are shared between
 * threads.  So each key keeps its prepared contexts behind a mutex: the
 * thread that gets the lock uses them directly (only the IV changes per
 * unit); a thread that finds them busy works on a private copy rather than
 * wait.
 * The expanded key inside OpenSSL's context lives in OpenSSL's heap, not
 * in locked memory; OpenSSL cleanses it on free.  docs/design.md lists
 * this as the one exception to "key material in locked memory".
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>

#include "common/internal.h"
#include "xts/xts_impl.h"

static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static EVP_CIPHER *aes_256_xts;

static void free_cipher(void)
{
	EVP_CIPHER_free(aes_256_xts);
	aes_256_xts = NULL;
}

static void fetch_cipher(void)
{
	aes_256_xts = EVP_CIPHER_fetch(NULL, "AES-256-XTS", NULL);
	extcrypt_at_unload(free_cipher);
}

/* What the portable implementation keeps per key (k->portable). */
struct portable_state {
	pthread_mutex_t lock;
	EVP_CIPHER_CTX *enc, *dec;
};

static bool portable_usable(void)
{
	return true;
}

static void portable_cleanup(struct extcrypt_xts_key *k)
{
	struct portable_state *st = k->portable;

	if (st == NULL)
		return;
	EVP_CIPHER_CTX_free(st->enc);
	EVP_CIPHER_CTX_free(st->dec);
	pthread_mutex_destroy(&st->lock);
	free(st);
	k->portable = NULL;
}

static EVP_CIPHER_CTX *prepared_ctx(const uint8_t key[64], int enc)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (ctx == NULL)
		return NULL;
	if (EVP_CipherInit_ex(ctx, aes_256_xts, NULL, key, NULL, enc) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static int portable_setkey(struct extcrypt_xts_key *k, const uint8_t key[64])
{
	struct portable_state *st;

	pthread_once(&fetch_once, fetch_cipher);
	if (aes_256_xts == NULL)
		return extcrypt_fail(EXTCRYPT_E_CRYPTO,
				     "OpenSSL has no AES-256-XTS");
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "portable XTS state");
	pthread_mutex_init(&st->lock, NULL);
	k->portable = st;
	st->enc = prepared_ctx(key, 1);
	st->dec = prepared_ctx(key, 0);
	if (st->enc == NULL || st->dec == NULL) {
		/* Not the equal-halves refusal of OpenSSL: such keys never
		 * get here (extcrypt_cipher_init refuses them first). */
		portable_cleanup(k);
		return extcrypt_fail(EXTCRYPT_E_CRYPTO,
				     "OpenSSL rejected the AES-256-XTS key");
	}
	return EXTCRYPT_OK;
}

static void iv_add(uint8_t iv[16], uint64_t n)
{
	for (int i = 0; i < 16 && n != 0; i++) {
		n += iv[i];
		iv[i] = (uint8_t)n;
		n >>= 8;
	}
}

static bool crypt_units(EVP_CIPHER_CTX *ctx, const uint8_t iv[16],
			const uint8_t *src, uint8_t *dst, size_t unit_len,
			size_t nunits)
{
	uint8_t tweak[16];
	bool ok = true;
	int inl;

	if (!extcrypt_int_len(unit_len, &inl))
		return false;
	memcpy(tweak, iv, 16);
	for (size_t u = 0; ok && u < nunits; u++) {
		int outl;

		ok = EVP_CipherInit_ex(ctx, NULL, NULL, NULL, tweak, -1) == 1 &&
		     EVP_CipherUpdate(ctx, dst + u * unit_len, &outl,
				      src + u * unit_len, inl) == 1 &&
		     outl == inl;
		iv_add(tweak, 1);
	}
	return ok;
}

static int portable_crypt(const struct extcrypt_xts_key *k, bool enc,
			  const uint8_t iv[16], const uint8_t *src,
			  uint8_t *dst, size_t unit_len, size_t nunits)
{
	struct portable_state *st = k->portable;
	EVP_CIPHER_CTX *prepared = enc ? st->enc : st->dec, *copy;
	bool ok;

	if (pthread_mutex_trylock(&st->lock) == 0) {
		ok = crypt_units(prepared, iv, src, dst, unit_len, nunits);
		pthread_mutex_unlock(&st->lock);
	} else {
		copy = EVP_CIPHER_CTX_new();
		ok = copy != NULL && EVP_CIPHER_CTX_copy(copy, prepared) == 1 &&
		     crypt_units(copy, iv, src, dst, unit_len, nunits);
		EVP_CIPHER_CTX_free(copy);
	}
	if (!ok)
		return extcrypt_fail(EXTCRYPT_E_CRYPTO, "OpenSSL AES-256-XTS failed");
	return EXTCRYPT_OK;
}

static int portable_encrypt(const struct extcrypt_xts_key *k,
			    const uint8_t iv[16], const uint8_t *src,
			    uint8_t *dst, size_t unit_len, size_t nunits)
{
	return portable_crypt(k, true, iv, src, dst, unit_len, nunits);
}

static int portable_decrypt(const struct extcrypt_xts_key *k,
			    const uint8_t iv[16], const uint8_t *src,
			    uint8_t *dst, size_t unit_len, size_t nunits)
{
	return portable_crypt(k, false, iv, src, dst, unit_len, nunits);
}

const struct extcrypt_xts_impl extcrypt_xts_portable = {
	.name = "portable",
	.usable = portable_usable,
	.setkey = portable_setkey,
	.cleanup = portable_cleanup,
	.encrypt = portable_encrypt,
	.decrypt = portable_decrypt,
};
