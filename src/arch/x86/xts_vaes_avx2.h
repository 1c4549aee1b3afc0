/* SPDX-License-Identifier: MIT */
/*
 * AES-256-XTS with VAES on 256-bit vectors, two blocks per register.
 * Usable only with AVX2, VAES and VPCLMULQDQ (see xts_impls.c).  Included
 * by two variants that differ only in how the tweaks step to the next
 * group (mul_x16 below); each defines first ISA (vaes_avx2_alignr or
 * vaes_avx2_clmul) and XTS_TWEAK_CLMUL (1: VPCLMULQDQ, 0: VPALIGNR and
 * adds).  Which one a CPU gets is decided in xts_rule.c.
 *
 * Unlike the AES-NI and AVX-512 paths this one does not use
 * xts_template.h: with only 16 ymm registers, what the template leaves to
 * the compiler had to be laid out by hand.  Measured on Zen 4 (two 256-bit
 * AES rounds per cycle, latency four), where the template version ran at
 * ~70% of the AES units' peak and this one at ~85%:
 *
 *  - Eight vectors (16 blocks) in flight, the minimum that keeps both AES
 *    units busy.  The data vectors stay in registers for all 14 rounds.
 *    Each round key is loaded (broadcast) once per round into one register
 *    and used by the eight rounds; the tweaks of the group live in memory
 *    and are read as operands of the first and last XOR.  Left to itself
 *    the compiler kept round keys in registers and spilled data vectors in
 *    the middle of their AES chains instead (~10% slower).
 *
 *  - The next group's tweaks are computed during this group's rounds, one
 *    vector after each round, into a second buffer.  Computed after the
 *    rounds (as before), they delayed the next group's first round by their
 *    whole latency: the out-of-order window, full of waiting AES rounds,
 *    could not reach them early.  Likewise the last group of a unit computes
 *    the next unit's first tweaks, so units follow each other without a gap.
 *
 *  - Stepping a tweak vector by x^16 uses a byte rotation and shifts/adds,
 *    no VPCLMULQDQ: on Zen 4 that instruction takes an AES unit's slot, and
 *    here, where the AES units are the limit, it measured ~2% slower than
 *    the eight simple instructions below despite being half as many.
 */
#include <immintrin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86/isa_target.h"
#include "arch/x86/xts_x86.h"

EXTCRYPT_TARGET_PUSH("avx2,aes,vaes,pclmul,vpclmulqdq")

#include "arch/x86/xts_x86_common.h"

#ifndef XTS_TWEAK_CLMUL
#error "define XTS_TWEAK_CLMUL before including xts_vaes_avx2.h"
#endif

#define INLINE static inline __attribute__((always_inline))

typedef __m256i vec_t;

#define NVEC 8                    /* vectors per group */
#define GROUP_BLOCKS (2 * NVEC)   /* blocks per group; mul_x16 steps by this */

/*
 * Lane i = t * x^(n + i), 0 <= n <= 14, b = t in both lanes: each lane
 * shifted left by n + i bits as a 128-bit number; the bits leaving the low
 * qword move into the high one, those leaving the high qword come back
 * times x^128 = x^7 + x^2 + x + 1 (0x87) through one carry-less multiply.
 * A shift count of 64 yields 0, which makes lane 0 of n = 0 come out as t.
 * Eight of these per unit, not per group, so the multiply costs little
 * here, and a reduction by shifts measured slower on 512-byte units.
 */
INLINE vec_t tweaks_from(vec_t b, int n)
{
	const vec_t left = _mm256_set_epi64x(n + 1, n + 1, n, n);
	const vec_t right = _mm256_sub_epi64(_mm256_set1_epi64x(64), left);
	const vec_t poly = _mm256_set_epi64x(0, 0x87, 0, 0x87);
	vec_t carry = _mm256_srlv_epi64(b, right);

	return _mm256_xor_si256(
		_mm256_xor_si256(_mm256_sllv_epi64(b, left),
				 _mm256_unpacklo_epi64(_mm256_setzero_si256(), carry)),
		_mm256_clmulepi64_epi128(carry, poly, 0x01));
}

/*
 * Every lane times x^16.  Rotating each 128-bit lane left by two bytes
 * gives v << 16 with the 16 bits shifted out, c, already back at the
 * bottom; adding c * 0x86 (c<<1 ^ c<<2 ^ c<<7, at most 23 bits, so within
 * the low qword) makes that c * 0x87, the reduction.  Two of the eight
 * instructions need the shift/shuffle units, which on Zen 4 share a pipe
 * with AES; the rest run on any vector pipe.
 */
INLINE vec_t mul_x16_alignr(vec_t v)
{
	const vec_t low16 = _mm256_set_epi64x(0, 0xffff, 0, 0xffff);
	vec_t rot = _mm256_alignr_epi8(v, v, 14);
	vec_t c = _mm256_and_si256(rot, low16);
	vec_t c2 = _mm256_add_epi64(c, c);
	vec_t c4 = _mm256_add_epi64(c2, c2);

	return _mm256_xor_si256(_mm256_xor_si256(rot, c2),
				_mm256_xor_si256(c4, _mm256_slli_epi64(c, 7)));
}

/* The same step the VPCLMULQDQ way (as in xts_vaes_avx512.h): the top 16
 * bits of each lane times 0x87 by one carry-less multiply, xored into the
 * lane shifted left by two bytes.  Four instructions instead of eight. */
INLINE vec_t mul_x16_clmul(vec_t v)
{
	const vec_t poly = _mm256_set_epi64x(0, 0x87, 0, 0x87);

	return _mm256_xor_si256(_mm256_bslli_epi128(v, 2),
				_mm256_clmulepi64_epi128(_mm256_bsrli_epi128(v, 14),
							 poly, 0x00));
}

INLINE vec_t mul_x16(vec_t v)
{
	return XTS_TWEAK_CLMUL ? mul_x16_clmul(v) : mul_x16_alignr(v);
}

#if GROUP_BLOCKS != 16
#error "mul_x16 steps by x^16"
#endif

/* n is 1 or 2: a lone last block goes through the low lane only, and the
 * memory past it is not touched. */
INLINE vec_t load_blocks(const uint8_t *p, size_t n)
{
	if (n == 2)
		return _mm256_loadu_si256((const __m256i *)p);
	return _mm256_zextsi128_si256(_mm_loadu_si128((const __m128i *)p));
}

INLINE void store_blocks(uint8_t *p, vec_t v, size_t n)
{
	if (n == 2)
		_mm256_storeu_si256((__m256i *)p, v);
	else
		_mm_storeu_si128((__m128i *)p, _mm256_castsi256_si128(v));
}

INLINE vec_t round_key(const uint8_t (*keys)[16], int r)
{
	return _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)keys[r]));
}

/* What a group computes beside its own blocks, into nxt[]. */
enum next_tweaks {
	NEXT_GROUP, /* the tweaks of the unit's next group: tw[] * x^16 */
	NEXT_UNIT,  /* the first tweaks of the next unit, from its tweak */
};

/*
 * One group of `nvec` vectors (a constant after inlining), the last one
 * holding `last` blocks (1 or 2), the others two.  tw[] holds the group's
 * tweaks.  C = E(P ^ T) ^ T, the first XOR merged with round key 0, the
 * last into the final round's key, since AESENCLAST/AESDECLAST end with a
 * plain key XOR.
 */
INLINE void crypt_group(const uint8_t (*keys)[16], bool enc, const vec_t *tw,
			vec_t *nxt, enum next_tweaks next, __m128i t_next,
			const uint8_t *src, uint8_t *dst, int nvec, size_t last)
{
	vec_t x[NVEC], b, k;

	/*
	 * Hide where the keys and tweaks come from, so that the compiler loads
	 * them where they are used instead of hoisting them into registers
	 * across the loop (where they crowd out the data vectors).  Emits no
	 * instruction.
	 */
	__asm__("" : "+r"(keys), "+r"(tw), "+r"(nxt));

	b = _mm256_broadcastsi128_si256(t_next);
	k = round_key(keys, 0);
#pragma GCC unroll 8
	for (int j = 0; j < nvec; j++) {
		vec_t in = j == nvec - 1 ? load_blocks(src + 32 * j, last)
					 : _mm256_loadu_si256((const __m256i *)(src + 32 * j));

		x[j] = _mm256_xor_si256(in, _mm256_xor_si256(tw[j], k));
	}
#pragma GCC unroll 13
	for (int r = 1; r < 14; r++) {
		k = round_key(keys, r);
#pragma GCC unroll 8
		for (int j = 0; j < nvec; j++)
			x[j] = enc ? _mm256_aesenc_epi128(x[j], k) : _mm256_aesdec_epi128(x[j], k);
		/* One next tweak vector per round: spread out, they fill gaps
		 * beside the AES rounds instead of queueing behind them. */
		if (r - 1 < NVEC)
			nxt[r - 1] = next == NEXT_GROUP ? mul_x16(tw[r - 1])
							: tweaks_from(b, 2 * (r - 1));
	}
	k = round_key(keys, 14);
#pragma GCC unroll 8
	for (int j = 0; j < nvec; j++) {
		vec_t last_key = _mm256_xor_si256(k, tw[j]);

		x[j] = enc ? _mm256_aesenclast_epi128(x[j], last_key)
			   : _mm256_aesdeclast_epi128(x[j], last_key);
		if (j == nvec - 1)
			store_blocks(dst + 32 * j, x[j], last);
		else
			_mm256_storeu_si256((__m256i *)(dst + 32 * j), x[j]);
	}
}

/* A unit's last 1..16 blocks, computing the next unit's first tweaks from
 * its tweak t_next.  One specialised group per vector count keeps the
 * rounds interleaved however short the tail. */
INLINE void crypt_unit_end(const uint8_t (*keys)[16], bool enc, const vec_t *tw,
			   vec_t *nxt, __m128i t_next, const uint8_t *src,
			   uint8_t *dst, size_t nblocks)
{
	size_t nvec = (nblocks + 1) / 2;
	size_t last = nblocks - (nvec - 1) * 2;

#define END_CASE(n)                                                        \
	case n:                                                            \
		crypt_group(keys, enc, tw, nxt, NEXT_UNIT, t_next, src, dst, \
			    n, last);                                      \
		break

	switch (nvec) {
	END_CASE(8);
	END_CASE(7);
	END_CASE(6);
	END_CASE(5);
	END_CASE(4);
	END_CASE(3);
	END_CASE(2);
	default:
		crypt_group(keys, enc, tw, nxt, NEXT_UNIT, t_next, src, dst, 1, last);
		break;
	}
#undef END_CASE
}

XTS_BODY uintptr_t xts_crypt(const struct extcrypt_xts_key *k, bool enc,
			     const uint8_t iv[16], const uint8_t *src,
			     uint8_t *dst, size_t unit_len, size_t nunits)
{
	const uint8_t(*keys)[16] = enc ? k->enc : k->dec;
	/* Tweaks of the current group and of the next one, swapped after
	 * each group. */
	vec_t tweaks[2][NVEC]; /* wiped by the entry point */
	vec_t *cur = tweaks[0], *nxt = tweaks[1], *swap;
	struct xts_iv iv_cur;
	__m128i t = xts_first_tweak(k, iv, &iv_cur);

	{
		vec_t b = _mm256_broadcastsi128_si256(t);

#pragma GCC unroll 8
		for (int j = 0; j < NVEC; j++)
			cur[j] = tweaks_from(b, 2 * j);
	}

	for (size_t u = 0; u < nunits; u++) {
		size_t nblocks = unit_len / 16;
		/* After the last unit, first tweaks for a unit that does not
		 * exist: wasted but harmless, and one code path instead of two
		 * for every tail length. */
		__m128i t_next = t;

		if (u + 1 < nunits)
			t_next = xts_next_unit_tweak(k, &iv_cur);
		for (; nblocks > GROUP_BLOCKS; nblocks -= GROUP_BLOCKS) {
			crypt_group(keys, enc, cur, nxt, NEXT_GROUP, t_next, src,
				    dst, NVEC, 2);
			src += GROUP_BLOCKS * 16;
			dst += GROUP_BLOCKS * 16;
			swap = cur, cur = nxt, nxt = swap;
		}
		crypt_unit_end(keys, enc, cur, nxt, t_next, src, dst, nblocks);
		src += nblocks * 16;
		dst += nblocks * 16;
		swap = cur, cur = nxt, nxt = swap;
		t = t_next;
	}
	/* No round key or tweak stays in a register (see
	 * XTS_CLEAR_VECTORS_SSE); it ends with VZEROUPPER:
	 * without it, legacy SSE code that runs after us (OpenSSL's AES-NI
	 * code, for one) was measured 1.5x slower. */
	XTS_CLEAR_VECTORS_AVX();
	return xts_stack_pointer();
}

#define XTS_WIPE_STEP 32
#define xts_wipe(top, low) XTS_WIPE_BELOW_SP(top, low, "vmovdqu", "ymm")

XTS_DEFINE_ENTRY_POINTS(ISA, xts_crypt, xts_wipe)

EXTCRYPT_TARGET_POP()
