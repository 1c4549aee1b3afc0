/* SPDX-License-Identifier: MIT */
/*
 * AES-256 key expansion with the ARMv8 Crypto Extensions.  Callers must have
 * checked that the CPU has the AES instructions (EXTCRYPT_ARM64_AES).
 */
#ifndef EXTCRYPT_ARCH_ARM64_AES_KEY_EXPAND_H
#define EXTCRYPT_ARCH_ARM64_AES_KEY_EXPAND_H

#include <stdint.h>

#include "xts/xts_impl.h"

/* FIPS-197 encryption schedule: 15 round keys. */
void extcrypt_arm64_aes256_expand_enc(const uint8_t key[32], uint8_t enc[15][16]);

/*
 * Decryption schedule for the AESD/AESIMC round sequence of xts_ce.c, from
 * an encryption schedule.  It is the Equivalent Inverse Cipher's, the same
 * layout struct extcrypt_xts_key documents for x86:
 * dec[0] = enc[14], dec[i] = InvMixColumns(enc[14 - i]), dec[14] = enc[0].
 */
void extcrypt_arm64_aes256_make_dec(const uint8_t enc[15][16], uint8_t dec[15][16]);

/*
 * The setkey() of the arm64-ce XTS implementation: the data key's encryption
 * and decryption schedules and the tweak key's encryption schedule, the two
 * expansions interleaved so their latency chains overlap.  Returns 0.
 */
int extcrypt_arm64_xts_setkey(struct extcrypt_xts_key *k, const uint8_t key[64]);

#endif /* EXTCRYPT_ARCH_ARM64_AES_KEY_EXPAND_H */
