/* SPDX-License-Identifier: MIT */
/*
 * AES-256-XTS with AES-NI on 128-bit vectors, for CPUs without VAES: the
 * vector operations for xts_template.h.  Included by xts_aesni.c (legacy
 * SSE encoding, runs on every AES-NI CPU and under valgrind) and
 * xts_aesni_avx.c (the same code VEX-encoded: three-operand forms, so the
 * compiler needs no register copies for the XORs and tweak steps), each of
 * which sets the compile target and ISA first.
 *
 * Four blocks in flight, like the kernel's aesni_avx code, not eight: the
 * round keys are read from the schedule as memory operands (so no copy of
 * them is ever spilled), and with four data and four tweak vectors
 * everything else fits in the 16 xmm registers.  On AMD Zen 5 eight blocks
 * (with round keys and tweaks spilled) measured 6-8% slower, six 3-4%
 * slower; OpenSSL's six-block loop is the reference the bench compares with.
 */

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#define VL 16
#define NVEC 4
typedef __m128i vec_t;

#define INLINE static inline __attribute__((always_inline))

INLINE vec_t vec_loadu(const uint8_t *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

INLINE void vec_storeu(uint8_t *p, vec_t v)
{
	_mm_storeu_si128((__m128i *)p, v);
}

/* One block per vector, so there are never partial vectors. */
INLINE vec_t vec_load_blocks(const uint8_t *p, size_t n)
{
	(void)n;
	return vec_loadu(p);
}

INLINE void vec_store_blocks(uint8_t *p, vec_t v, size_t n)
{
	(void)n;
	vec_storeu(p, v);
}

INLINE vec_t vec_xor(vec_t a, vec_t b)
{
	return _mm_xor_si128(a, b);
}

INLINE vec_t vec_xor3(vec_t a, vec_t b, vec_t c)
{
	return _mm_xor_si128(a, _mm_xor_si128(b, c));
}

#define vec_aesenc(v, k) _mm_aesenc_si128(v, k)
#define vec_aesenclast(v, k) _mm_aesenclast_si128(v, k)
#define vec_aesdec(v, k) _mm_aesdec_si128(v, k)
#define vec_aesdeclast(v, k) _mm_aesdeclast_si128(v, k)

INLINE vec_t vec_broadcast_key(const uint8_t *p)
{
	return _mm_load_si128((const __m128i *)p);
}

/*
 * v times x: each qword doubled, plus the bits that fall off their tops:
 * bit 63 moves to bit 64, bit 127 comes back as 0x87 (x^128 = x^7 + x^2 +
 * x + 1).  PSRAD spreads each dword's top bit over the dword and PSHUFD
 * moves dword 3's and dword 1's to where they are needed.  No byte shifts
 * and no PCLMULQDQ: on Zen 4 both compete with the AES rounds for the same
 * units, the instructions used here do not.
 */
INLINE vec_t vec_mul_x(vec_t v)
{
	const vec_t carry_mask = _mm_set_epi32(0, 1, 0, 0x87);
	vec_t carries = _mm_shuffle_epi32(_mm_srai_epi32(v, 31), 0x13);

	return _mm_xor_si128(_mm_add_epi64(v, v), _mm_and_si128(carries, carry_mask));
}

#include "arch/x86/xts_template.h"
