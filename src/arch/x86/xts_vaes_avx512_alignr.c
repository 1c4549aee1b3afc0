/* SPDX-License-Identifier: MIT */
/* vaes-avx512-alignr: the 512-bit body, stepping the tweaks by VPALIGNR and adds (the method that wins on AMD). */
#define ISA vaes_avx512_alignr
#define XTS_TWEAK_CLMUL 0
#include "arch/x86/xts_vaes_avx512.h"
