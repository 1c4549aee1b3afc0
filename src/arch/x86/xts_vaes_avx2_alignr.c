/* SPDX-License-Identifier: MIT */
/* vaes-avx2-alignr: the 256-bit body, stepping the tweaks by VPALIGNR and adds (the method that wins on AMD). */
#define ISA vaes_avx2_alignr
#define XTS_TWEAK_CLMUL 0
#include "arch/x86/xts_vaes_avx2.h"
