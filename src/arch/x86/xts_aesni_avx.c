/* SPDX-License-Identifier: MIT */
/* aesni-avx: the AES-NI body VEX-encoded, for CPUs with AVX but no VAES.
 * Usable with AES-NI, SSSE3 and AVX (see xts_impls.c). */
#include <immintrin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86/isa_target.h"
#include "arch/x86/xts_x86.h"

EXTCRYPT_TARGET_PUSH("avx,aes")
#define ISA aesni_avx
#define xts_clear_vectors() XTS_CLEAR_VECTORS_AVX()
#include "arch/x86/xts_aesni.h"
EXTCRYPT_TARGET_POP()
