/* SPDX-License-Identifier: MIT */
/*
 * AES-256 key expansion with AES-NI.  Callers must have checked that the CPU
 * has AES-NI and SSSE3 (EXTCRYPT_X86_AESNI | EXTCRYPT_X86_SSSE3).
 */
#ifndef EXTCRYPT_ARCH_X86_AES_KEY_EXPAND_H
#define EXTCRYPT_ARCH_X86_AES_KEY_EXPAND_H

#include <stdint.h>

#include "xts/xts_impl.h"

/* FIPS-197 encryption schedule: 15 round keys. */
void extcrypt_x86_aes256_expand_enc(const uint8_t key[32], uint8_t enc[15][16]);

/* Equivalent Inverse Cipher schedule from an encryption schedule:
 * dec[0] = enc[14], dec[i] = InvMixColumns(enc[14 - i]), dec[14] = enc[0]. */
void extcrypt_x86_aes256_make_dec(const uint8_t enc[15][16], uint8_t dec[15][16]);

/*
 * The setkey() of every x86 XTS implementation: the data key's encryption
 * and decryption schedules and the tweak key's encryption schedule, the two
 * expansions interleaved so their latency chains overlap.  Returns 0.
 */
int extcrypt_x86_xts_setkey(struct extcrypt_xts_key *k, const uint8_t key[64]);

#endif /* EXTCRYPT_ARCH_X86_AES_KEY_EXPAND_H */
