/* SPDX-License-Identifier: MIT */
/*
 * The x86 AES-256-XTS data paths, one pair per instruction set.  Each may
 * only be called once the matching usable() hook in xts_impls.c has
 * returned true.  Arguments and semantics: struct extcrypt_xts_impl.
 */
#ifndef EXTCRYPT_ARCH_X86_XTS_X86_H
#define EXTCRYPT_ARCH_X86_XTS_X86_H

#include <stddef.h>
#include <stdint.h>

#include "xts/xts_impl.h"

#define EXTCRYPT_X86_XTS_DECLARE(isa)                                          \
	int extcrypt_x86_xts_encrypt_##isa(const struct extcrypt_xts_key *k,   \
					   const uint8_t iv[16],               \
					   const uint8_t *src, uint8_t *dst,   \
					   size_t unit_len, size_t nunits);    \
	int extcrypt_x86_xts_decrypt_##isa(const struct extcrypt_xts_key *k,   \
					   const uint8_t iv[16],               \
					   const uint8_t *src, uint8_t *dst,   \
					   size_t unit_len, size_t nunits)

EXTCRYPT_X86_XTS_DECLARE(aesni);
EXTCRYPT_X86_XTS_DECLARE(aesni_avx);
EXTCRYPT_X86_XTS_DECLARE(vaes_avx2_alignr);
EXTCRYPT_X86_XTS_DECLARE(vaes_avx2_clmul);
EXTCRYPT_X86_XTS_DECLARE(vaes_avx512_alignr);
EXTCRYPT_X86_XTS_DECLARE(vaes_avx512_clmul);

/*
 * Zeroes `depth` bytes (plus the 128-byte red zone and some slack) of the
 * stack just below the caller's frame: called by the AES-NI entry points
 * of unoptimised builds right after their body returned (xts_scrub.c).
 */
void extcrypt_x86_xts_scrub_stack(size_t depth);


#endif /* EXTCRYPT_ARCH_X86_XTS_X86_H */
