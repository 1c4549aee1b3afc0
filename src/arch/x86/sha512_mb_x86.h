/* SPDX-License-Identifier: MIT */
/* The x86 multi-buffer SHA-512 kernels (see kdf/sha512_mb.h). */
#ifndef EXTCRYPT_ARCH_X86_SHA512_MB_X86_H
#define EXTCRYPT_ARCH_X86_SHA512_MB_X86_H

#include "kdf/sha512_mb.h"

/* 8 lanes per pass; needs AVX-512 F (BW and VL asked for with it). */
void extcrypt_sha512_mb_avx512(struct extcrypt_sha512_mb_state *st,
			       const struct extcrypt_sha512_mb_block *blk,
			       unsigned n);

/* 4 lanes per pass, ceil(n / 4) passes; needs AVX2. */
void extcrypt_sha512_mb_avx2(struct extcrypt_sha512_mb_state *st,
			     const struct extcrypt_sha512_mb_block *blk,
			     unsigned n);

#endif /* EXTCRYPT_ARCH_X86_SHA512_MB_X86_H */
