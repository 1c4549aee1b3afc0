/* SPDX-License-Identifier: MIT */
/* aesni-avx: the AES-NI body VEX-encoded, for CPUs with AVX but no VAES.
 * Usable with AES-NI, SSSE3 and AVX (see xts_impls.c). */
#pragma GCC push_options
#pragma GCC target("avx,aes")
#define ISA aesni_avx
#define xts_clear_vectors() XTS_CLEAR_VECTORS_AVX()
#include "arch/x86/xts_aesni.h"
#pragma GCC pop_options
