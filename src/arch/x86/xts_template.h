/* SPDX-License-Identifier: MIT */
/*
 * The AES-256-XTS body shared by the x86 implementations on xmm and zmm
 * registers.  Included once per variant, by xts_aesni*.c (through
 * xts_aesni.h) and xts_vaes_avx512_*.c (through xts_vaes_avx512.h); the ymm
 * path (xts_vaes_avx2.h) has its own body: with 16 ymm registers it keeps
 * the data in registers and the tweaks in memory, the opposite trade.
 * Each variant first sets the compile target and defines:
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
#include "arch/x86/xts_x86_common.h"

#define BLOCKS_PER_VEC (VL / 16)
#define GROUP_BLOCKS (NVEC * BLOCKS_PER_VEC)

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/*
 * The round keys as the rounds use them.  With 32 zmm registers, all 15
 * broadcast once per call and kept in registers (the few the compiler
 * spills are wiped by the entry point).  With 16 xmm registers they do not
 * fit beside the data and tweaks: each round reads its key from the key
 * schedule itself (a memory operand), so no copy of it goes to the stack
 * and optimised AES-NI bodies need no stack wipe (see xts_wipe below).
 */
#if VL == 16
struct round_keys {
	const uint8_t (*sched)[16];
};
#else
struct round_keys {
	vec_t k[15];
};
#endif

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

/* The next group's tweak vectors, from this group's (out may be tw). */
ALWAYS_INLINE void next_tweaks(const vec_t tw[NVEC], vec_t out[NVEC])
{
#if VL == 16
	out[0] = vec_mul_x(tw[NVEC - 1]);
#pragma GCC unroll 16
	for (int j = 1; j < NVEC; j++)
		out[j] = vec_mul_x(out[j - 1]);
#else
#pragma GCC unroll 16
	for (int j = 0; j < NVEC; j++)
		out[j] = vec_next_group(tw[j]);
#endif
}

/*
 * One group of `nvec` vectors (nvec is a constant after inlining); the last
 * vector holds `last_blocks` blocks, the others are full.  C = E(P ^ T) ^ T,
 * with the first XOR merged into round key 0 and the last into the final
 * round's key, since AESENCLAST/AESDECLAST end with a plain key XOR.
 */
ALWAYS_INLINE void crypt_group(const struct round_keys *rk, bool enc,
			       const vec_t tw[NVEC], const uint8_t *src,
			       uint8_t *dst, int nvec, size_t last_blocks)
{
	vec_t x[NVEC];
#if VL == 16
	const uint8_t(*sched)[16] = rk->sched;

	/* Hide where the keys come from, so the compiler reads them here and
	 * does not hoist them into registers it would then spill.  Emits no
	 * instruction. */
	__asm__("" : "+r"(sched));
#define RK(r) vec_broadcast_key(sched[r])
#else
#define RK(r) (rk->k[r])
#endif

#pragma GCC unroll 16
	for (int j = 0; j < nvec; j++) {
		vec_t in = (j == nvec - 1 && last_blocks != BLOCKS_PER_VEC)
				   ? vec_load_blocks(src + j * VL, last_blocks)
				   : vec_loadu(src + j * VL);
		x[j] = vec_xor3(in, tw[j], RK(0));
	}
#pragma GCC unroll 13
	for (int r = 1; r < 14; r++) {
#pragma GCC unroll 16
		for (int j = 0; j < nvec; j++)
			x[j] = enc ? vec_aesenc(x[j], RK(r)) : vec_aesdec(x[j], RK(r));
	}
#pragma GCC unroll 16
	for (int j = 0; j < nvec; j++) {
		vec_t last_key = vec_xor(RK(14), tw[j]);

		x[j] = enc ? vec_aesenclast(x[j], last_key)
			   : vec_aesdeclast(x[j], last_key);
		if (j == nvec - 1 && last_blocks != BLOCKS_PER_VEC)
			vec_store_blocks(dst + j * VL, x[j], last_blocks);
		else
			vec_storeu(dst + j * VL, x[j]);
	}
#undef RK
}

/* The blocks left after the last full group: fewer than GROUP_BLOCKS, so
 * the tweaks in tw[] already cover them.  One specialised group per vector
 * count keeps the rounds interleaved however short the tail. */
ALWAYS_INLINE void crypt_tail(const struct round_keys *rk, bool enc, const vec_t tw[NVEC],
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

/*
 * One data unit.  tw[] holds its first tweak vectors on entry, and on
 * return the first ones of the next unit, whose tweak is t_next.  Each
 * group's successor tweaks (for the last group: the next unit's) are
 * computed before its rounds in program order (zmm code), so that they
 * enter the out-of-order window early and are ready when the next group
 * starts, instead of queueing behind this group's AES rounds: 1.5-2%
 * faster on Zen 5.
 */
ALWAYS_INLINE void crypt_unit(const struct round_keys *rk, bool enc,
			      vec_t tw[NVEC], __m128i t_next,
			      const uint8_t *src, uint8_t *dst, size_t nblocks)
{
	for (; nblocks >= GROUP_BLOCKS; nblocks -= GROUP_BLOCKS) {
#if VL == 16
		/* With 16 registers a second set of tweaks would be spilled
		 * (measured 3% slower): update them in place after the rounds. */
		crypt_group(rk, enc, tw, src, dst, NVEC, BLOCKS_PER_VEC);
		if (nblocks == GROUP_BLOCKS)
			first_tweaks(tw, t_next);
		else
			next_tweaks(tw, tw);
#else
		vec_t nxt[NVEC];

		if (nblocks == GROUP_BLOCKS)
			first_tweaks(nxt, t_next);
		else
			next_tweaks(tw, nxt);
		crypt_group(rk, enc, tw, src, dst, NVEC, BLOCKS_PER_VEC);
#pragma GCC unroll 16
		for (int j = 0; j < NVEC; j++)
			tw[j] = nxt[j];
#endif
		src += GROUP_BLOCKS * 16;
		dst += GROUP_BLOCKS * 16;
	}
	if (nblocks) {
		crypt_tail(rk, enc, tw, src, dst, nblocks);
		first_tweaks(tw, t_next);
	}
}

XTS_BODY uintptr_t xts_crypt(const struct extcrypt_xts_key *k, bool enc,
			     const uint8_t iv[16], const uint8_t *src,
			     uint8_t *dst, size_t unit_len, size_t nunits)
{
	const uint8_t(*keys)[16] = enc ? k->enc : k->dec;
	struct round_keys rk;
	struct xts_iv cur;
	__m128i t = xts_first_tweak(k, iv, &cur);
	vec_t tw[NVEC];

#if VL == 16
	rk.sched = keys;
#else
	/* Broadcast once per call; the main loop then keeps them in
	 * registers. */
#pragma GCC unroll 15
	for (int r = 0; r < 15; r++)
		rk.k[r] = vec_broadcast_key(keys[r]);
#endif

	first_tweaks(tw, t);
	for (size_t u = 0; u < nunits; u++) {
		/* After the last unit: tweaks for a unit that does not exist,
		 * wasted but harmless, and one code path for all. */
		__m128i t_next = t;

		if (u + 1 < nunits)
			t_next = xts_next_unit_tweak(k, &cur);
		crypt_unit(&rk, enc, tw, t_next, src, dst, unit_len / 16);
		src += unit_len;
		dst += unit_len;
	}
	/* No round key or tweak stays in a register (see
	 * XTS_CLEAR_VECTORS_SSE); for VAES code this also does what
	 * VZEROUPPER would: without it, legacy SSE code that runs after us
	 * (OpenSSL's AES-NI code, for one) was measured 1.5x slower. */
	xts_clear_vectors();
	return xts_stack_pointer();
}

#if VL == 16 && defined(__OPTIMIZE__)
/* Optimised, the body spills nothing secret (struct round_keys above;
 * check_stack_residue tests it in every build): no wipe, which would cost
 * ~15 ns per call (2%). */
#define xts_wipe(top, low) ((void)(top), (void)(low))
#elif VL == 16
/* Unoptimised (-O0, the ASan test build), every temporary goes through the
 * stack, round keys included.  The code runs under valgrind: wipe through
 * a sibling frame, not below the stack pointer. */
#define xts_wipe(top, low) extcrypt_x86_xts_scrub_stack((top) - (low))
#else
#define XTS_WIPE_STEP 64
#define xts_wipe(top, low) XTS_WIPE_BELOW_SP(top, low, "vmovdqu64", "zmm")
#endif

XTS_DEFINE_ENTRY_POINTS(ISA, xts_crypt, xts_wipe)
