/* SPDX-License-Identifier: MIT */
/* aesni: AES-NI with legacy SSE encoding, for AES-NI CPUs without AVX (and
 * for valgrind).  Usable with AES-NI and SSSE3 (see xts_impls.c). */
#include <immintrin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86/isa_target.h"
#include "arch/x86/xts_x86.h"

EXTCRYPT_TARGET_PUSH("sse2,ssse3,aes")
#define ISA aesni
#define xts_clear_vectors() XTS_CLEAR_VECTORS_SSE()
#include "arch/x86/xts_aesni.h"
EXTCRYPT_TARGET_POP()
