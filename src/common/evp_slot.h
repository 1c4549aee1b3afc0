/* SPDX-License-Identifier: MIT */
/*
 * A prepared OpenSSL cipher context that a key object shares between
 * threads.
 *
 * Our key objects are usable from several threads at once without locks,
 * but an EVP_CIPHER_CTX is mutable.  So a slot keeps one prepared context
 * behind a mutex: the thread that gets the lock uses it directly; a thread
 * that finds it busy works on a private copy rather than wait (the pattern
 * of src/xts/xts_portable.c).  The copy is taken from a second prepared
 * context that nobody uses, so copying never reads a context that another
 * thread is working with.  Either way the key schedule is computed
 * once, when the slot is prepared.
 *
 * The expanded key inside the context lives in OpenSSL's heap, not in
 * locked memory; OpenSSL cleanses it on free (the one exception that
 * docs/design.md lists).
 */
#ifndef EXTCRYPT_EVP_SLOT_H
#define EXTCRYPT_EVP_SLOT_H

#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The OpenSSL ciphers we prepare; fetched once per process. */
enum extcrypt_evp_cipher {
	EXTCRYPT_EVP_AES128_ECB,
	EXTCRYPT_EVP_AES256_ECB,
	EXTCRYPT_EVP_AES256_XTS,
	EXTCRYPT_EVP_AES128_CBC,
	EXTCRYPT_EVP_AES256_CBC,
	EXTCRYPT_EVP_SM4_ECB, /* SM4 rows: OpenSSL 3.0 has no SM4-XTS */
	EXTCRYPT_EVP_SM4_CBC,
	EXTCRYPT_EVP_NCIPHERS
};

struct extcrypt_evp_slot {
	pthread_mutex_t lock;
	EVP_CIPHER_CTX *ctx;  /* used under `lock`; NULL until prepared */
	EVP_CIPHER_CTX *tmpl; /* never used, only copied: no lock needed */
	/* CBC: the block `ctx` output last, its chaining value (under
	 * `lock`); a copy of `tmpl` chains on zero, its IV. */
	uint8_t chain[16];
};

/* The fetched cipher, or NULL (with the per-thread message set). */
const EVP_CIPHER *extcrypt_evp_cipher(enum extcrypt_evp_cipher which);

/*
 * Prepares `s` for `which` under `key` (the cipher's key size), encrypting
 * if `enc`, without padding (CBC: IV zero).  Returns EXTCRYPT_OK or EXTCRYPT_E_CRYPTO /
 * EXTCRYPT_E_NOMEM; `s` can be freed either way.
 */
int extcrypt_evp_slot_prepare(struct extcrypt_evp_slot *s,
			      enum extcrypt_evp_cipher which,
			      const uint8_t *key, bool enc);

/* Frees the context (OpenSSL cleanses it); `s` may be unprepared. */
void extcrypt_evp_slot_free(struct extcrypt_evp_slot *s);

/*
 * The context to use now: the prepared one (then locked) or a private
 * copy; NULL on allocation failure.  Give it back with
 * extcrypt_evp_slot_put.
 */
EVP_CIPHER_CTX *extcrypt_evp_slot_get(struct extcrypt_evp_slot *s);
void extcrypt_evp_slot_put(struct extcrypt_evp_slot *s, EVP_CIPHER_CTX *ctx);

/* ECB over `len` bytes (a multiple of 16) with a context from _get. */
bool extcrypt_evp_blocks(EVP_CIPHER_CTX *ctx, const uint8_t *in, uint8_t *out,
		      size_t len);

#endif /* EXTCRYPT_EVP_SLOT_H */
