/* SPDX-License-Identifier: MIT */
/*
 * AES-256 key expansion without AESKEYGENASSIST, which is slow on current
 * cores.  The S-box step of the schedule is done with AESENCLAST instead:
 * if all four columns of the state hold the same word, ShiftRows leaves the
 * state unchanged, so AESENCLAST(state, rcon) = SubBytes(state) ^ rcon.
 * PSHUFB puts the needed word (rotated for the RotWord step, or not) in all
 * four columns first.
 */
#include "arch/x86/aes_key_expand.h"

#include <immintrin.h>

#include "arch/x86/isa_target.h"

EXTCRYPT_TARGET_PUSH("sse2,ssse3,aes")

#include "arch/x86/xts_x86_common.h"

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* w0, w0^w1, w0^w1^w2, w0^w1^w2^w3: the chained XOR of the previous words
 * that every word of the next round key includes. */
ALWAYS_INLINE __m128i prefix_xor(__m128i a)
{
	a = _mm_xor_si128(a, _mm_slli_si128(a, 4));
	return _mm_xor_si128(a, _mm_slli_si128(a, 8));
}

/*
 * One expansion's chain state: the last two round keys, and the last key's
 * word 3 in all four columns (what the next odd step feeds to AESENCLAST).
 */
struct chain {
	__m128i prev2, prev, prev_w3;
};

/*
 * Next even round key: prefix_xor(prev2) ^ SubWord(RotWord(prev.w3)) ^
 * rcon.  The S-box result comes out in all four columns, so the new key's
 * word 3 in all columns is that result XOR the prefix's word 3 in all
 * columns: computed that way, the next odd step needs no shuffle after the
 * AESENCLAST, which shortens the chain.
 */
ALWAYS_INLINE __m128i next_even(struct chain *c, __m128i rcon)
{
	const __m128i rot_w3 = _mm_setr_epi8(13, 14, 15, 12, 13, 14, 15, 12,
					     13, 14, 15, 12, 13, 14, 15, 12);
	__m128i sub = _mm_aesenclast_si128(_mm_shuffle_epi8(c->prev, rot_w3), rcon);
	__m128i pre = prefix_xor(c->prev2);
	__m128i next = _mm_xor_si128(pre, sub);

	c->prev_w3 = _mm_xor_si128(_mm_shuffle_epi32(pre, 0xff), sub);
	c->prev2 = c->prev;
	c->prev = next;
	return next;
}

/* Next odd round key: prefix_xor(prev2) ^ SubWord(prev.w3), no rotation. */
ALWAYS_INLINE __m128i next_odd(struct chain *c)
{
	__m128i sub = _mm_aesenclast_si128(c->prev_w3, _mm_setzero_si128());
	__m128i next = _mm_xor_si128(prefix_xor(c->prev2), sub);

	c->prev2 = c->prev;
	c->prev = next;
	return next;
}

/* Where one expansion writes its round keys; dec may be NULL. */
struct schedule_out {
	uint8_t (*enc)[16];
	uint8_t (*dec)[16];
};

ALWAYS_INLINE void put_round_key(const struct schedule_out *out, int i, __m128i rk)
{
	_mm_storeu_si128((__m128i *)out->enc[i], rk);
	if (out->dec) {
		/* Decryption uses the keys in reverse order, the inner ones
		 * passed through InvMixColumns (the Equivalent Inverse Cipher). */
		if (i != 0 && i != 14)
			rk = _mm_aesimc_si128(rk);
		_mm_storeu_si128((__m128i *)out->dec[14 - i], rk);
	}
}

/*
 * Expands two keys in lock step.  Each expansion is one long dependency
 * chain (one AESENCLAST per round key); running two side by side lets the
 * core overlap them.  Round keys go to memory as soon as they are made, so
 * only the last two of each schedule are live and nothing spills to the
 * stack.
 */
ALWAYS_INLINE void expand_two(const uint8_t *key_a, const struct schedule_out *out_a,
			      const uint8_t *key_b, const struct schedule_out *out_b)
{
	static const uint8_t rcon[7] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40 };
	struct chain a, b;

	a.prev2 = _mm_loadu_si128((const __m128i *)key_a);
	a.prev = _mm_loadu_si128((const __m128i *)(key_a + 16));
	b.prev2 = _mm_loadu_si128((const __m128i *)key_b);
	b.prev = _mm_loadu_si128((const __m128i *)(key_b + 16));
	a.prev_w3 = b.prev_w3 = _mm_setzero_si128(); /* set by the first even step */

	put_round_key(out_a, 0, a.prev2);
	put_round_key(out_a, 1, a.prev);
	put_round_key(out_b, 0, b.prev2);
	put_round_key(out_b, 1, b.prev);
#pragma GCC unroll 13
	for (int i = 2; i < 15; i++) {
		if (i % 2 == 0) {
			__m128i rc = _mm_set1_epi32(rcon[i / 2 - 1]);

			put_round_key(out_a, i, next_even(&a, rc));
			put_round_key(out_b, i, next_even(&b, rc));
		} else {
			put_round_key(out_a, i, next_odd(&a));
			put_round_key(out_b, i, next_odd(&b));
		}
	}
}

void extcrypt_x86_aes256_expand_enc(const uint8_t key[32], uint8_t enc[15][16])
{
	const struct schedule_out out = { enc, NULL };

	/* Both chains compute the same keys into the same place; the compiler
	 * folds them into one. */
	expand_two(key, &out, key, &out);
}

void extcrypt_x86_aes256_make_dec(const uint8_t enc[15][16], uint8_t dec[15][16])
{
	_mm_storeu_si128((__m128i *)dec[0], _mm_loadu_si128((const __m128i *)enc[14]));
	for (int i = 1; i < 14; i++)
		_mm_storeu_si128((__m128i *)dec[i],
				 _mm_aesimc_si128(_mm_loadu_si128((const __m128i *)enc[14 - i])));
	_mm_storeu_si128((__m128i *)dec[14], _mm_loadu_si128((const __m128i *)enc[0]));
}

int extcrypt_x86_xts_setkey(struct extcrypt_xts_key *k, const uint8_t key[64])
{
	const struct schedule_out data = { k->enc, k->dec };
	const struct schedule_out tweak = { k->tweak_enc, NULL };

	expand_two(key, &data, key + 32, &tweak);
	/* The last round keys are still in registers. */
	XTS_CLEAR_VECTORS_SSE();
	return 0;
}

EXTCRYPT_TARGET_POP()
