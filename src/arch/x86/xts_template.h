/* SPDX-License-Identifier: MIT */
/*
 * The AES-256-XTS body shared by the x86 implementations.  Included once
 * per instruction set by xts_aesni.c and xts_vaes_avx512.c (the ymm path in
 * xts_vaes_avx2.c has its own body: with 16 ymm registers it keeps the data
 * in registers and the tweaks in memory, the opposite trade), each of
 * which first sets the compile target and defines:
 *
 *   ISA            name suffix of the two exported functions
 *   VL             vector length in bytes (16, 32 or 64)
 *   NVEC           vectors processed side by side in the main loop: enough
 *                  independent AES chains to keep the AES units busy
 *   vec_t          the vector type
 *   vec_loadu(p), vec_storeu(p, v)      unaligned full vector
 *   vec_load_blocks(p, n), vec_store_blocks(p, v, n)
 *                  only the first n (1..VL/16) blocks; memory past them is
 *                  not touched
 *   vec_xor(a, b), vec_xor3(a, b, c)
 *   vec_aesenc/aesenclast/aesdec/aesdeclast(v, round_key)
 *   vec_broadcast_key(p)   a 16-byte round key in every 128-bit lane
 *
 * and for the tweaks, either (VL == 16)
 *   vec_mul_x(v)           v times x
 * or (VL > 16)
 *   vec_broadcast_tweak(t) the tweak t in every lane
 *   vec_tweaks_from(b, n)  lane i = t * x^(n + i), b = vec_broadcast_tweak(t)
 *   vec_next_group(v)      every lane times x^GROUP_BLOCKS
 *
 * Layout: the main loop handles GROUP_BLOCKS = NVEC * VL/16 blocks at a
 * time, vector j holding blocks j*VL/16 onwards.  With one block per vector
 * the tweaks form the IEEE 1619 chain, each the previous one times x.  With
 * several, each vector moves to the next group by its own multiplication,
 * so the tweak work is spread over independent short chains.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86/xts_x86.h"

#define BLOCKS_PER_VEC (VL / 16)
#define GROUP_BLOCKS (NVEC * BLOCKS_PER_VEC)

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* AES-256 of one block with the tweak key: 15 dependent steps, the fixed
 * latency every call pays once. */
ALWAYS_INLINE __m128i encrypt_tweak(const uint8_t tweak_key[15][16], __m128i in)
{
	__m128i x = _mm_xor_si128(in, _mm_load_si128((const __m128i *)tweak_key[0]));

#pragma GCC unroll 13
	for (int r = 1; r < 14; r++)
		x = _mm_aesenc_si128(x, _mm_load_si128((const __m128i *)tweak_key[r]));
	return _mm_aesenclast_si128(x, _mm_load_si128((const __m128i *)tweak_key[14]));
}

/* The tweak vectors of a unit's first group, from the unit's tweak t. */
ALWAYS_INLINE void first_tweaks(vec_t tw[NVEC], __m128i t)
{
#if VL == 16
	tw[0] = t;
#pragma GCC unroll 16
	for (int j = 1; j < NVEC; j++)
		tw[j] = vec_mul_x(tw[j - 1]);
#else
	/* All computed straight from t, not one from another, to keep the
	 * latency before the first AES round short. */
	vec_t b = vec_broadcast_tweak(t);

#pragma GCC unroll 16
	for (int j = 0; j < NVEC; j++)
		tw[j] = vec_tweaks_from(b, j * BLOCKS_PER_VEC);
#endif
}

/* From one group's tweak vectors to the next group's. */
ALWAYS_INLINE void next_tweaks(vec_t tw[NVEC])
{
#if VL == 16
	tw[0] = vec_mul_x(tw[NVEC - 1]);
#pragma GCC unroll 16
	for (int j = 1; j < NVEC; j++)
		tw[j] = vec_mul_x(tw[j - 1]);
#else
#pragma GCC unroll 16
	for (int j = 0; j < NVEC; j++)
		tw[j] = vec_next_group(tw[j]);
#endif
}

/*
 * One group of `nvec` vectors (nvec is a constant after inlining); the last
 * vector holds `last_blocks` blocks, the others are full.  C = E(P ^ T) ^ T,
 * with the first XOR merged into round key 0 and the last into the final
 * round's key, since AESENCLAST/AESDECLAST end with a plain key XOR.
 */
ALWAYS_INLINE void crypt_group(const vec_t rk[15], bool enc, const vec_t tw[NVEC],
			       const uint8_t *src, uint8_t *dst, int nvec,
			       size_t last_blocks)
{
	vec_t x[NVEC];

#pragma GCC unroll 16
	for (int j = 0; j < nvec; j++) {
		vec_t in = (j == nvec - 1 && last_blocks != BLOCKS_PER_VEC)
				   ? vec_load_blocks(src + j * VL, last_blocks)
				   : vec_loadu(src + j * VL);
		x[j] = vec_xor3(in, tw[j], rk[0]);
	}
#pragma GCC unroll 13
	for (int r = 1; r < 14; r++) {
#pragma GCC unroll 16
		for (int j = 0; j < nvec; j++)
			x[j] = enc ? vec_aesenc(x[j], rk[r]) : vec_aesdec(x[j], rk[r]);
	}
#pragma GCC unroll 16
	for (int j = 0; j < nvec; j++) {
		vec_t last_key = vec_xor(rk[14], tw[j]);

		x[j] = enc ? vec_aesenclast(x[j], last_key)
			   : vec_aesdeclast(x[j], last_key);
		if (j == nvec - 1 && last_blocks != BLOCKS_PER_VEC)
			vec_store_blocks(dst + j * VL, x[j], last_blocks);
		else
			vec_storeu(dst + j * VL, x[j]);
	}
}

/* The blocks left after the last full group: fewer than GROUP_BLOCKS, so
 * the tweaks in tw[] already cover them.  One specialised group per vector
 * count keeps the rounds interleaved however short the tail. */
ALWAYS_INLINE void crypt_tail(const vec_t rk[15], bool enc, const vec_t tw[NVEC],
			      const uint8_t *src, uint8_t *dst, size_t nblocks)
{
	size_t nvec = (nblocks + BLOCKS_PER_VEC - 1) / BLOCKS_PER_VEC;
	size_t last = nblocks - (nvec - 1) * BLOCKS_PER_VEC;

#define TAIL_CASE(n)                                                 \
	case n:                                                      \
		crypt_group(rk, enc, tw, src, dst, n, last);          \
		break

	switch (nvec) {
#if NVEC >= 8
	TAIL_CASE(8);
#endif
#if NVEC >= 7
	TAIL_CASE(7);
#endif
#if NVEC >= 6
	TAIL_CASE(6);
#endif
#if NVEC >= 5
	TAIL_CASE(5);
#endif
#if NVEC >= 4
	TAIL_CASE(4);
#endif
#if NVEC >= 3
	TAIL_CASE(3);
#endif
#if NVEC >= 2
	TAIL_CASE(2);
#endif
	default:
		crypt_group(rk, enc, tw, src, dst, 1, last);
		break;
	}
#undef TAIL_CASE
}

/* One data unit, its first tweak being t. */
ALWAYS_INLINE void crypt_unit(const vec_t rk[15], bool enc, __m128i t,
			      const uint8_t *src, uint8_t *dst, size_t nblocks)
{
	vec_t tw[NVEC];

	first_tweaks(tw, t);
	for (; nblocks >= GROUP_BLOCKS; nblocks -= GROUP_BLOCKS) {
		crypt_group(rk, enc, tw, src, dst, NVEC, BLOCKS_PER_VEC);
		next_tweaks(tw);
		src += GROUP_BLOCKS * 16;
		dst += GROUP_BLOCKS * 16;
	}
	if (nblocks)
		crypt_tail(rk, enc, tw, src, dst, nblocks);
}

ALWAYS_INLINE void xts_crypt(const struct extcrypt_xts_key *k, bool enc,
			     const uint8_t iv[16], const uint8_t *src,
			     uint8_t *dst, size_t unit_len, size_t nunits)
{
	const uint8_t(*keys)[16] = enc ? k->enc : k->dec;
	vec_t rk[15];
	uint64_t iv_lo, iv_hi;
	__m128i t;

	/*
	 * Two 8-byte loads, not one 16-byte load: callers typically build the
	 * IV with 8-byte stores (le64 index, then zeros), and the CPU cannot
	 * forward two pending stores into one wider load; that stall measured
	 * ~8 ns per call.  x86 is little-endian, like the IV.
	 */
	memcpy(&iv_lo, iv, 8);
	memcpy(&iv_hi, iv + 8, 8);
	t = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)iv),
			       _mm_loadl_epi64((const __m128i *)(iv + 8)));
	t = encrypt_tweak(k->tweak_enc, t);

	/* Broadcast once per call; the main loop then keeps them in
	 * registers (or, where there are too few, in one stack copy). */
#pragma GCC unroll 15
	for (int r = 0; r < 15; r++)
		rk[r] = vec_broadcast_key(keys[r]);

	for (size_t u = 0; u < nunits; u++) {
		__m128i t_next = t;

		/* Start the next unit's tweak before this unit's data: it is
		 * independent, so its 15 dependent AES steps run in the shadow
		 * of this unit's rounds instead of delaying the next unit. */
		if (u + 1 < nunits) {
			iv_lo++;
			iv_hi += (iv_lo == 0);
			t_next = encrypt_tweak(k->tweak_enc,
					       _mm_set_epi64x((long long)iv_hi,
							      (long long)iv_lo));
		}
		crypt_unit(rk, enc, t, src, dst, unit_len / 16);
		src += unit_len;
		dst += unit_len;
		t = t_next;
	}
#if VL > 16
	/* The compiler does not always add this itself.  Without it, legacy
	 * SSE code that runs after us (OpenSSL's AES-NI code, for one) was
	 * measured 1.5x slower. */
	_mm256_zeroupper();
#endif
}

#define XTS_NAME2(op, isa) extcrypt_x86_xts_##op##_##isa
#define XTS_NAME(op, isa) XTS_NAME2(op, isa)

int XTS_NAME(encrypt, ISA)(const struct extcrypt_xts_key *k, const uint8_t iv[16],
			   const uint8_t *src, uint8_t *dst, size_t unit_len,
			   size_t nunits)
{
	xts_crypt(k, true, iv, src, dst, unit_len, nunits);
	return 0;
}

int XTS_NAME(decrypt, ISA)(const struct extcrypt_xts_key *k, const uint8_t iv[16],
			   const uint8_t *src, uint8_t *dst, size_t unit_len,
			   size_t nunits)
{
	xts_crypt(k, false, iv, src, dst, unit_len, nunits);
	return 0;
}
