// SPDX-License-Identifier: MIT
#include "common/evp_slot.h"
#include "common/internal.h"

static const char *const cipher_names[EXTCRYPT_EVP_NCIPHERS] = {
	[EXTCRYPT_EVP_AES128_ECB] = "AES-128-ECB",
	[EXTCRYPT_EVP_AES256_ECB] = "AES-256-ECB",
	[EXTCRYPT_EVP_AES256_XTS] = "AES-256-XTS",
	[EXTCRYPT_EVP_AES128_CBC] = "AES-128-CBC",
	[EXTCRYPT_EVP_AES256_CBC] = "AES-256-CBC",
	[EXTCRYPT_EVP_SM4_ECB] = "SM4-ECB",
	[EXTCRYPT_EVP_SM4_CBC] = "SM4-CBC",
};

/* Fetched once: a fetch costs a provider lookup we should not repeat. */
static EVP_CIPHER *ciphers[EXTCRYPT_EVP_NCIPHERS];
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void free_all(void)
{
	for (int i = 0; i < EXTCRYPT_EVP_NCIPHERS; i++) {
		EVP_CIPHER_free(ciphers[i]);
		ciphers[i] = NULL;
	}
}

static void fetch_all(void)
{
	for (int i = 0; i < EXTCRYPT_EVP_NCIPHERS; i++)
		ciphers[i] = EVP_CIPHER_fetch(NULL, cipher_names[i], NULL);
	extcrypt_at_unload(free_all);
}

const EVP_CIPHER *extcrypt_evp_cipher(enum extcrypt_evp_cipher which)
{
	pthread_once(&fetch_once, fetch_all);
	if (ciphers[which] == NULL)
		extcrypt_fail(EXTCRYPT_E_CRYPTO, "OpenSSL lacks %s",
			      cipher_names[which]);
	return ciphers[which];
}

int extcrypt_evp_slot_prepare(struct extcrypt_evp_slot *s,
			      enum extcrypt_evp_cipher which,
			      const uint8_t *key, bool enc)
{
	const EVP_CIPHER *cipher = extcrypt_evp_cipher(which);

	pthread_mutex_init(&s->lock, NULL);
	if (cipher == NULL)
		return EXTCRYPT_E_CRYPTO;
	s->ctx = EVP_CIPHER_CTX_new();
	if (s->ctx == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "EVP_CIPHER_CTX_new");
	memset(s->chain, 0, sizeof(s->chain));
	if (EVP_CipherInit_ex2(s->ctx, cipher, key,
			       EVP_CIPHER_get_iv_length(cipher) > 0 ? s->chain : NULL,
			       enc ? 1 : 0, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(s->ctx, 0) != 1)
		return extcrypt_fail(EXTCRYPT_E_CRYPTO,
				     "OpenSSL rejected the %s key",
				     cipher_names[which]);
	s->tmpl = EVP_CIPHER_CTX_new();
	if (s->tmpl == NULL || EVP_CIPHER_CTX_copy(s->tmpl, s->ctx) != 1)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "EVP_CIPHER_CTX_copy");
	return EXTCRYPT_OK;
}

void extcrypt_evp_slot_free(struct extcrypt_evp_slot *s)
{
	if (s->ctx == NULL)
		return;
	EVP_CIPHER_CTX_free(s->ctx);
	EVP_CIPHER_CTX_free(s->tmpl);
	s->ctx = NULL;
	s->tmpl = NULL;
	pthread_mutex_destroy(&s->lock);
}

EVP_CIPHER_CTX *extcrypt_evp_slot_get(struct extcrypt_evp_slot *s)
{
	EVP_CIPHER_CTX *copy;

	if (pthread_mutex_trylock(&s->lock) == 0)
		return s->ctx;
	copy = EVP_CIPHER_CTX_new();
	if (copy != NULL && EVP_CIPHER_CTX_copy(copy, s->tmpl) != 1) {
		EVP_CIPHER_CTX_free(copy);
		copy = NULL;
	}
	return copy;
}

void extcrypt_evp_slot_put(struct extcrypt_evp_slot *s, EVP_CIPHER_CTX *ctx)
{
	if (ctx == s->ctx)
		pthread_mutex_unlock(&s->lock);
	else
		EVP_CIPHER_CTX_free(ctx);
}

bool extcrypt_evp_blocks(EVP_CIPHER_CTX *ctx, const uint8_t *in, uint8_t *out,
		      size_t len)
{
	int inl;

	/* EVP_Cipher: no buffering to do for whole blocks, and measurably
	 * less overhead than EVP_CipherUpdate per 16-byte call. */
	return ctx != NULL && extcrypt_int_len(len, &inl) &&
	       EVP_Cipher(ctx, out, in, (unsigned int)inl) > 0;
}
