/* SPDX-License-Identifier: MIT */
/*
 * Adiantum with XChaCha12 and AES-256 (Crowley, Biggers: "Adiantum:
 * length-preserving encryption for entry-level processors",
 * https://eprint.iacr.org/2018/720), as used by Linux fscrypt for
 * filenames and contents and byte-compatible with the kernel's
 * "adiantum(xchacha12,aes)" (NH-Poly1305 hash).
 *
 * A tweakable wide-block cipher: every output byte depends on every input
 * byte and on the tweak; ciphertext length = plaintext length >= 16.
 *
 * Return values (all functions; enum extcrypt_status, extcrypt/error.h):
 *    0   EXTCRYPT_OK
 *   -1   EXTCRYPT_E_INVALID: a NULL pointer (tweak may be NULL only when
 *        tweak_len is 0)
 *   -2   EXTCRYPT_E_LENGTH: len < 16, or a length too large to be encoded
 *  -14   EXTCRYPT_E_CRYPTO: OpenSSL (libcrypto) failure; dst has then been
 *        zeroed
 *
 * src and dst may be the same buffer (in-place); otherwise they must not
 * overlap.  Constant time in the contents of key, tweak and data; timing
 * depends only on len and tweak_len.
 */
#ifndef EXTCRYPT_ADIANTUM_H
#define EXTCRYPT_ADIANTUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adiantum/nh.h"
#include "common/evp_slot.h"

#define EXTCRYPT_ADIANTUM_KEY_SIZE 32
#define EXTCRYPT_ADIANTUM_TWEAK_SIZE 32 /* what fscrypt and the kernel use */
#define EXTCRYPT_ADIANTUM_MIN_LEN 16

/*
 * A prepared key: the subkeys derived from the user key (K_E, K_T, K_M,
 * K_N; about 2 KiB) and the AES contexts, computed once by
 * extcrypt_adiantum_prepare.  Keep it in locked memory; free it with
 * extcrypt_adiantum_key_wipe (also after a failed prepare).  Usable from
 * several threads at once.
 */
struct extcrypt_adiantum_key {
	uint8_t key[32];                        /* K, for the bulk XChaCha12 */
	uint8_t stream[64 + EXTCRYPT_NH_KEY_SIZE]; /* K_E, K_T, K_M, K_N */
	uint32_t nh[EXTCRYPT_NH_KEY_WORDS];     /* K_N as NH reads it */
	struct extcrypt_evp_slot aes_enc, aes_dec;
};

int extcrypt_adiantum_prepare(struct extcrypt_adiantum_key *k,
			      const uint8_t key[32]);
void extcrypt_adiantum_key_wipe(struct extcrypt_adiantum_key *k);

/* One message with a prepared key; statuses as above. */
int extcrypt_adiantum_crypt(struct extcrypt_adiantum_key *k, bool encrypt,
			    const uint8_t *tweak, size_t tweak_len,
			    const uint8_t *src, uint8_t *dst, size_t len);

#endif /* EXTCRYPT_ADIANTUM_H */
