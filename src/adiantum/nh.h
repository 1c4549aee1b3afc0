/* SPDX-License-Identifier: MIT */
/*
 * NH as specified for Adiantum (4 passes, 32-bit words, stride 2): an
 * ε-almost-∆-universal hash that compresses up to 1024 bytes of message
 * into 32 bytes, later fed to Poly1305.
 *
 * Internal to libextcrypt.  Constant time (additions and 32x32->64
 * multiplications only).
 */
#ifndef EXTCRYPT_NH_H
#define EXTCRYPT_NH_H

#include <stddef.h>
#include <stdint.h>

#define EXTCRYPT_NH_UNIT 16          /* message granule, bytes */
#define EXTCRYPT_NH_MESSAGE_MAX 1024 /* bytes hashed per NH output */
#define EXTCRYPT_NH_PASSES 4
#define EXTCRYPT_NH_KEY_SIZE 1072    /* MESSAGE_MAX + 16 * (PASSES - 1) */
#define EXTCRYPT_NH_KEY_WORDS (EXTCRYPT_NH_KEY_SIZE / 4)
#define EXTCRYPT_NH_OUTPUT 32

/* Load the 1072-byte NH key as little-endian 32-bit words. */
void extcrypt_nh_load_key(uint32_t out[EXTCRYPT_NH_KEY_WORDS],
			  const uint8_t key[EXTCRYPT_NH_KEY_SIZE]);

/*
 * Add the NH terms of `nunits` 16-byte units to sums[0..3].  `key` points
 * at the key word matching the first unit (key + 4 * unit_index), so a
 * chunk may be fed in pieces.  Total per chunk must stay <= 64 units.
 */
void extcrypt_nh_update(uint64_t sums[EXTCRYPT_NH_PASSES], const uint32_t *key,
			const uint8_t *msg, size_t nunits);

/* Serialize sums as four little-endian 64-bit values. */
void extcrypt_nh_output(uint8_t out[EXTCRYPT_NH_OUTPUT],
			const uint64_t sums[EXTCRYPT_NH_PASSES]);

#endif /* EXTCRYPT_NH_H */
