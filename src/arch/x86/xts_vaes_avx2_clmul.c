/* SPDX-License-Identifier: MIT */
/* vaes-avx2-clmul: the 256-bit body, stepping the tweaks by VPCLMULQDQ (the kernel's method). */
#define ISA vaes_avx2_clmul
#define XTS_TWEAK_CLMUL 1
#include "arch/x86/xts_vaes_avx2.h"
