/* SPDX-License-Identifier: MIT */
/*
 * AES-256-XTS with VAES on 512-bit vectors, four blocks per register: the
 * vector operations for xts_template.h.  Included by the two variants,
 * which differ only in how a tweak vector steps to the next group
 * (vec_next_group below), and which define first:
 *
 *   ISA              vaes_avx512_alignr or vaes_avx512_clmul
 *   XTS_TWEAK_CLMUL  1 for the VPCLMULQDQ step, 0 for the VPALIGNR one
 *
 * Usable only with AVX512F+BW+VL, VAES and VPCLMULQDQ (see xts_impls.c);
 * which variant a CPU gets is decided in xts_rule.c.
 *
 * The 15 round keys, four data vectors and their four tweak vectors all
 * stay in the 32 zmm registers, so the main loop loads nothing but data.
 * On AMD Zen 4 one 512-bit AES round issues per cycle with a latency of
 * four, so four vectors in flight keep the AES units busy; eight measured
 * slower, as they no longer fit in registers.  The main loop runs within
 * ~4% of that AES limit, the rest being the tweak arithmetic.
 */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include "arch/x86/xts_x86.h"

#include "arch/x86/isa_target.h"

EXTCRYPT_TARGET_PUSH("avx2,avx512f,avx512bw,avx512vl,aes,vaes,pclmul,vpclmulqdq")

#ifndef XTS_TWEAK_CLMUL
#error "define XTS_TWEAK_CLMUL before including xts_vaes_avx512.h"
#endif

#define VL 64
#define NVEC 4
#define xts_clear_vectors() XTS_CLEAR_VECTORS_AVX512()
typedef __m512i vec_t;

#define INLINE static inline __attribute__((always_inline))

INLINE vec_t vec_loadu(const uint8_t *p)
{
	return _mm512_loadu_si512(p);
}

INLINE void vec_storeu(uint8_t *p, vec_t v)
{
	_mm512_storeu_si512(p, v);
}

/* Masked: lanes past n are neither read nor written, and cannot fault. */
INLINE vec_t vec_load_blocks(const uint8_t *p, size_t n)
{
	return _mm512_maskz_loadu_epi64((__mmask8)((1u << (2 * n)) - 1), p);
}

INLINE void vec_store_blocks(uint8_t *p, vec_t v, size_t n)
{
	_mm512_mask_storeu_epi64(p, (__mmask8)((1u << (2 * n)) - 1), v);
}

INLINE vec_t vec_xor(vec_t a, vec_t b)
{
	return _mm512_xor_si512(a, b);
}

INLINE vec_t vec_xor3(vec_t a, vec_t b, vec_t c)
{
	return _mm512_ternarylogic_epi64(a, b, c, 0x96);
}

#define vec_aesenc(v, k) _mm512_aesenc_epi128(v, k)
#define vec_aesenclast(v, k) _mm512_aesenclast_epi128(v, k)
#define vec_aesdec(v, k) _mm512_aesdec_epi128(v, k)
#define vec_aesdeclast(v, k) _mm512_aesdeclast_epi128(v, k)

INLINE vec_t vec_broadcast_key(const uint8_t *p)
{
	return _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)p));
}

INLINE vec_t vec_broadcast_tweak(__m128i t)
{
	return _mm512_broadcast_i32x4(t);
}

/*
 * Lane i = t * x^(n + i), 0 <= n <= 12: each lane shifted left by n + i bits
 * as a 128-bit number.  The bits leaving the low qword move into the high
 * qword; those leaving the high qword come back reduced, times x^128 =
 * x^7 + x^2 + x + 1 (0x87), through one carry-less multiply.  A shift count
 * of 64 yields 0, which makes lane 0 of n = 0 come out as t itself.
 * This runs once per unit and its latency delays the unit's first AES
 * round; the multiply keeps it shorter than a reduction by shifts (which
 * measured 3% slower on single 4 KiB units).
 */
INLINE vec_t vec_tweaks_from(vec_t b, int n)
{
	const vec_t left = _mm512_set_epi64(n + 3, n + 3, n + 2, n + 2,
					    n + 1, n + 1, n, n);
	const vec_t right = _mm512_sub_epi64(_mm512_set1_epi64(64), left);
	const vec_t poly = _mm512_broadcast_i32x4(_mm_set_epi64x(0, 0x87));
	vec_t carry = _mm512_srlv_epi64(b, right);

	return _mm512_ternarylogic_epi64(_mm512_sllv_epi64(b, left),
					 _mm512_bslli_epi128(carry, 8),
					 _mm512_clmulepi64_epi128(carry, poly, 0x01),
					 0x96);
}

/*
 * Every lane times x^16, four times per group, the VPCLMULQDQ way: the top
 * 16 bits of each lane (one byte shift right) times 0x87 by one carry-less
 * multiply, xored into the lane shifted left by two bytes.  Four
 * instructions.  On Intel (Sapphire Rapids) 512-bit AES issues on one port
 * only and three of these four run on another, which measured 4-8% faster
 * than the VPALIGNR form below, which has more instructions on the AES port
 * (docs/performance.md).
 */
INLINE vec_t next_group_clmul(vec_t v)
{
	const vec_t poly = _mm512_broadcast_i32x4(_mm_set_epi64x(0, 0x87));
	vec_t c = _mm512_bsrli_epi128(v, 14);

	return _mm512_xor_si512(_mm512_bslli_epi128(v, 2),
				_mm512_clmulepi64_epi128(c, poly, 0x00));
}

/*
 * Every lane times x^16, four times per group.  Rotating each 128-bit lane
 * left by two bytes (one VPALIGNR) gives v<<16 with the two bytes shifted
 * out, c, already back in the low 16 bits; what remains is to add c*0x86,
 * so that c comes back as c*0x87 (x^128 = x^7 + x^2 + x + 1):
 * c<<1 and c<<2 by two additions, c<<7 by one shift, masked to the 16 bits
 * inside the final ternary logic.
 *
 * On Zen 4 every instruction here competes with the AES rounds: a 512-bit
 * VPCLMULQDQ blocks an AES slot (one per vector slowed this loop by ~10%),
 * and even the other vector units cost something, so what counts is the
 * number of instructions and how many can only run on the shift/shuffle
 * units.  This form has seven, two of them shift/shuffle; the previous one
 * (byte shifts both ways, three qword shifts for c*0x87) had seven with
 * five, and measured ~2.5% slower per 4 KiB unit.  Replacing the c<<7 shift
 * by more additions, or the whole reduction by one VPCLMULQDQ, measured
 * slower.
 */
INLINE vec_t next_group_alignr(vec_t v)
{
	const vec_t low16 = _mm512_broadcast_i32x4(_mm_set_epi64x(0, 0xffff));
	const vec_t low16_7 = _mm512_broadcast_i32x4(_mm_set_epi64x(0, 0xffff << 7));
	vec_t rot = _mm512_alignr_epi8(v, v, 14); /* (v << 16) | c */
	vec_t c = _mm512_and_si512(rot, low16);
	vec_t c2 = _mm512_add_epi64(c, c);
	vec_t c4 = _mm512_add_epi64(c2, c2);
	vec_t r = _mm512_ternarylogic_epi64(rot, c2, c4, 0x96); /* a ^ b ^ c */

	/* r ^ (rot<<7 & low16_7): the mask keeps c<<7 and drops the rest of
	 * the qword shifted along with it. */
	return _mm512_ternarylogic_epi64(r, _mm512_slli_epi64(rot, 7), low16_7, 0x78);
}

INLINE vec_t vec_next_group(vec_t v)
{
	return XTS_TWEAK_CLMUL ? next_group_clmul(v) : next_group_alignr(v);
}

#if NVEC * VL / 16 != 16
#error "vec_next_group steps by x^16"
#endif

#include "arch/x86/xts_template.h"

EXTCRYPT_TARGET_POP()
