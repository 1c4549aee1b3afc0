/* SPDX-License-Identifier: MIT */
/*
 * AES-256-HCTR2 (Crowley, Huckleberry, Biggers: "Length-preserving
 * encryption with HCTR2", https://eprint.iacr.org/2021/1441), as used by
 * Linux fscrypt for filenames and byte-compatible with the kernel's
 * "hctr2(aes)".
 *
 * HCTR2 is a tweakable wide-block cipher: every output byte depends on
 * every input byte and on the tweak, and the ciphertext has exactly the
 * length of the plaintext (at least one AES block, 16 bytes).
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
#ifndef EXTCRYPT_HCTR2_H
#define EXTCRYPT_HCTR2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/evp_slot.h"

#define EXTCRYPT_HCTR2_KEY_SIZE 32
#define EXTCRYPT_HCTR2_TWEAK_SIZE 32 /* what fscrypt passes */
#define EXTCRYPT_HCTR2_MIN_LEN 16

/*
 * A prepared key: the AES contexts and the hash key h (with L), computed
 * once by extcrypt_hctr2_prepare.  Keep it in locked memory; free it with
 * extcrypt_hctr2_key_wipe (also after a failed prepare).  Usable from
 * several threads at once.
 */
struct extcrypt_hctr2_key {
	struct extcrypt_evp_slot enc, dec;
	uint8_t hl[32]; /* h = AES(0) || L = AES(le128(1)) */
};

int extcrypt_hctr2_prepare(struct extcrypt_hctr2_key *k,
			   const uint8_t key[32]);
void extcrypt_hctr2_key_wipe(struct extcrypt_hctr2_key *k);

/* One message with a prepared key; statuses as above. */
int extcrypt_hctr2_crypt(struct extcrypt_hctr2_key *k, bool encrypt,
			 const uint8_t *tweak, size_t tweak_len,
			 const uint8_t *src, uint8_t *dst, size_t len);

#endif /* EXTCRYPT_HCTR2_H */
