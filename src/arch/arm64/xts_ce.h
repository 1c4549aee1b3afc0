/* SPDX-License-Identifier: MIT */
/*
 * The AES-256-XTS data path on the ARMv8 Crypto Extensions (xts_ce.c).
 * Callers must have checked EXTCRYPT_ARM64_AES; keys come from
 * extcrypt_arm64_xts_setkey().  Semantics: see struct extcrypt_xts_impl.
 */
#ifndef EXTCRYPT_ARCH_ARM64_XTS_CE_H
#define EXTCRYPT_ARCH_ARM64_XTS_CE_H

#include <stddef.h>
#include <stdint.h>

#include "xts/xts_impl.h"

int extcrypt_arm64_xts_encrypt_ce(const struct extcrypt_xts_key *k, const uint8_t iv[16],
				  const uint8_t *src, uint8_t *dst, size_t unit_len,
				  size_t nunits);
int extcrypt_arm64_xts_decrypt_ce(const struct extcrypt_xts_key *k, const uint8_t iv[16],
				  const uint8_t *src, uint8_t *dst, size_t unit_len,
				  size_t nunits);

/* Its descriptor, "arm64-ce" (xts_impls.c). */
extern const struct extcrypt_xts_impl extcrypt_xts_arm64_ce;

#endif /* EXTCRYPT_ARCH_ARM64_XTS_CE_H */
