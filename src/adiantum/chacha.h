/* SPDX-License-Identifier: MIT */
/*
 * ChaCha family stream ciphers for Adiantum: HChaCha and XChaCha with a
 * selectable (even) number of rounds.  Adiantum uses 12 rounds; the tests
 * also run 20 rounds to cross-check against libsodium's XChaCha20.
 *
 * Internal to libextcrypt.  Plain C add-rotate-xor code: constant time.
 */
#ifndef EXTCRYPT_CHACHA_H
#define EXTCRYPT_CHACHA_H

#include <stddef.h>
#include <stdint.h>

#define EXTCRYPT_XCHACHA_KEY_SIZE 32
#define EXTCRYPT_XCHACHA_NONCE_SIZE 24

/* HChaCha: derive a 32-byte subkey from key and a 16-byte nonce. */
void extcrypt_hchacha(uint8_t out[32], const uint8_t key[32],
		      const uint8_t nonce[16], unsigned int rounds);

/*
 * ChaCha in the original layout (64-bit block counter, 64-bit nonce):
 * dst = src ^ keystream, starting at block `counter`.  src may equal dst;
 * src may be NULL to write the bare keystream.
 */
void extcrypt_chacha_xor(const uint8_t key[32], const uint8_t nonce[8],
			 uint64_t counter, const uint8_t *src, uint8_t *dst,
			 size_t len, unsigned int rounds);

/*
 * XChaCha: HChaCha(key, nonce[0..15]) as the key, nonce[16..23] as the
 * 64-bit ChaCha nonce.  Same conventions as extcrypt_chacha_xor.
 */
void extcrypt_xchacha_xor(const uint8_t key[32], const uint8_t nonce[24],
			  uint64_t counter, const uint8_t *src, uint8_t *dst,
			  size_t len, unsigned int rounds);

#endif /* EXTCRYPT_CHACHA_H */
