/* SPDX-License-Identifier: MIT */
/* aesni: AES-NI with legacy SSE encoding, for AES-NI CPUs without AVX (and
 * for valgrind).  Usable with AES-NI and SSSE3 (see xts_impls.c). */
#pragma GCC push_options
#pragma GCC target("sse2,ssse3,aes")
#define ISA aesni
#define xts_clear_vectors() XTS_CLEAR_VECTORS_SSE()
#include "arch/x86/xts_aesni.h"
#pragma GCC pop_options
