/* SPDX-License-Identifier: MIT */
/*
 * AES-256-XTS with VAES on 256-bit vectors, two blocks per register.
 * Usable only with AVX2, VAES and VPCLMULQDQ (see xts_impls.c).
 *
 * Eight vectors are in flight: 256-bit AES rounds issue two per cycle with
 * a latency of four on current cores.  That leaves no room for the round
 * keys among the 16 ymm registers; the compiler keeps the broadcast keys
 * and the tweak vectors in one stack copy and uses them as memory operands,
 * which costs load slots but no extra instructions.
 *
 * On Zen 4 this reaches ~70% of the AES units' peak; what limits it is the
 * tweak arithmetic competing for the remaining vector units (without it
 * the loop runs at the 512-bit code's speed).
 */
#pragma GCC push_options
#pragma GCC target("avx2,aes,vaes,pclmul,vpclmulqdq")

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#define ISA vaes_avx2
#define VL 32
#define NVEC 8
typedef __m256i vec_t;

#define INLINE static inline __attribute__((always_inline))

INLINE vec_t vec_loadu(const uint8_t *p)
{
	return _mm256_loadu_si256((const __m256i *)p);
}

INLINE void vec_storeu(uint8_t *p, vec_t v)
{
	_mm256_storeu_si256((__m256i *)p, v);
}

/* n is 1 or 2: a lone last block goes through the low lane only. */
INLINE vec_t vec_load_blocks(const uint8_t *p, size_t n)
{
	if (n == 2)
		return vec_loadu(p);
	return _mm256_zextsi128_si256(_mm_loadu_si128((const __m128i *)p));
}

INLINE void vec_store_blocks(uint8_t *p, vec_t v, size_t n)
{
	if (n == 2)
		vec_storeu(p, v);
	else
		_mm_storeu_si128((__m128i *)p, _mm256_castsi256_si128(v));
}

INLINE vec_t vec_xor(vec_t a, vec_t b)
{
	return _mm256_xor_si256(a, b);
}

INLINE vec_t vec_xor3(vec_t a, vec_t b, vec_t c)
{
	return _mm256_xor_si256(a, _mm256_xor_si256(b, c));
}

#define vec_aesenc(v, k) _mm256_aesenc_epi128(v, k)
#define vec_aesenclast(v, k) _mm256_aesenclast_epi128(v, k)
#define vec_aesdec(v, k) _mm256_aesdec_epi128(v, k)
#define vec_aesdeclast(v, k) _mm256_aesdeclast_epi128(v, k)

INLINE vec_t vec_broadcast_key(const uint8_t *p)
{
	return _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)p));
}

INLINE vec_t vec_broadcast_tweak(__m128i t)
{
	return _mm256_broadcastsi128_si256(t);
}

/* x^128 = x^7 + x^2 + x + 1: what leaves the top of a lane comes back at
 * the bottom multiplied by 0x87. */
INLINE vec_t gf_poly(void)
{
	return _mm256_set_epi64x(0, 0x87, 0, 0x87);
}

/*
 * Each lane shifted left by `left` bits as a 128-bit number, given the
 * qwords shifted left and their `carry` (the bits shifted out of each
 * qword): the low qword's carry moves into the high qword, the high
 * qword's comes back into the low one times 0x87.
 */
INLINE vec_t shift_lanes_combine(vec_t shifted, vec_t carry)
{
	return _mm256_xor_si256(
		_mm256_xor_si256(shifted, _mm256_unpacklo_epi64(_mm256_setzero_si256(), carry)),
		_mm256_clmulepi64_epi128(carry, gf_poly(), 0x01));
}

/* Lane i = t * x^(n + i), 0 <= n <= 14; b = t in both lanes.  A shift
 * count of 64 yields 0, which makes lane 0 of n = 0 come out as t. */
INLINE vec_t vec_tweaks_from(vec_t b, int n)
{
	const vec_t left = _mm256_set_epi64x(n + 1, n + 1, n, n);
	const vec_t right = _mm256_sub_epi64(_mm256_set1_epi64x(64), left);

	return shift_lanes_combine(_mm256_sllv_epi64(b, left), _mm256_srlv_epi64(b, right));
}

/*
 * Every lane times x^16, eight times per group.  Unlike in the 512-bit
 * code, the carry-less multiply measured faster here (by ~3% on Zen 4)
 * than reducing with shifts: with two 256-bit AES rounds issuing per cycle
 * the other vector units have little room left, and the shift version
 * needs twice the instructions.
 */
INLINE vec_t vec_next_group(vec_t v)
{
	return shift_lanes_combine(_mm256_slli_epi64(v, 16), _mm256_srli_epi64(v, 48));
}

#if NVEC * VL / 16 != 16
#error "vec_next_group steps by x^16"
#endif

#include "arch/x86/xts_template.h"

#pragma GCC pop_options
