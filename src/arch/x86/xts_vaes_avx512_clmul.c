/* SPDX-License-Identifier: MIT */
/* vaes-avx512-clmul: the 512-bit body, stepping the tweaks by VPCLMULQDQ (the method that wins on Intel). */
#define ISA vaes_avx512_clmul
#define XTS_TWEAK_CLMUL 1
#include "arch/x86/xts_vaes_avx512.h"
