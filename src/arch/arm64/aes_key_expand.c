/* SPDX-License-Identifier: MIT */
/*
 * AES-256 key expansion with the ARMv8 AES instructions.
 *
 * The schedule needs SubWord (the S-box on four bytes), and a table lookup
 * would leak the key through the cache, so the S-box comes from AESE:
 * AESE(state, 0) = SubBytes(ShiftRows(state)).  ShiftRows rotates each row
 * of the 4x4 state; if all four columns hold the same word, every row holds
 * one byte value four times and the rotation changes nothing.  So one TBL
 * that copies the wanted word (rotated first for RotWord, which commutes
 * with SubWord) into every column, then AESE with a zero key, gives
 * SubWord(RotWord(w)) in every column.  TBL indexes with constants here, not
 * with key bytes, so it is constant time.
 */
#include "arch/arm64/aes_key_expand.h"
#include "arch/arm64/isa_target.h"

#include <arm_neon.h>

EXTCRYPT_ARM64_AES_PUSH()

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* Each 16-byte round key is w[4i..4i+3]; words are bytes 0-3, 4-7, ... */

/* w0, w0^w1, w0^w1^w2, w0^w1^w2^w3.  Word j of a new round key is word j of
 * the key two back XOR word j-1 of the new key (word 0: XOR the transformed
 * word); unrolled, the new key is this prefix XOR of the key two back, XOR
 * the transformed word in all four positions. */
ALWAYS_INLINE uint8x16_t prefix_xor(uint8x16_t a)
{
	const uint8x16_t zero = vdupq_n_u8(0);

	/* EXT with zero shifts the vector up by 4 and then 8 bytes. */
	a = veorq_u8(a, vextq_u8(zero, a, 12));
	return veorq_u8(a, vextq_u8(zero, a, 8));
}

/* Next even round key: prefix_xor(prev2) ^ (SubWord(RotWord(prev.w3)) ^ rcon)
 * in every word. */
ALWAYS_INLINE uint8x16_t next_even(uint8x16_t prev2, uint8x16_t prev, uint8_t rcon)
{
	/* RotWord(w3) = bytes 13, 14, 15, 12 of the previous round key. */
	static const uint8_t rot_w3_idx[16] = { 13, 14, 15, 12, 13, 14, 15, 12,
						13, 14, 15, 12, 13, 14, 15, 12 };
	uint8x16_t t = vqtbl1q_u8(prev, vld1q_u8(rot_w3_idx));

	t = vaeseq_u8(t, vdupq_n_u8(0));
	t = veorq_u8(t, vreinterpretq_u8_u32(vdupq_n_u32(rcon)));
	return veorq_u8(prefix_xor(prev2), t);
}

/* Next odd round key: prefix_xor(prev2) ^ SubWord(prev.w3), no rotation and
 * no round constant. */
ALWAYS_INLINE uint8x16_t next_odd(uint8x16_t prev2, uint8x16_t prev)
{
	uint8x16_t t = vreinterpretq_u8_u32(vdupq_laneq_u32(vreinterpretq_u32_u8(prev), 3));

	t = vaeseq_u8(t, vdupq_n_u8(0));
	return veorq_u8(prefix_xor(prev2), t);
}

/* Where one expansion writes its round keys; dec may be NULL. */
struct schedule_out {
	uint8_t (*enc)[16];
	uint8_t (*dec)[16];
};

ALWAYS_INLINE void put_round_key(const struct schedule_out *out, int i, uint8x16_t rk)
{
	vst1q_u8(out->enc[i], rk);
	if (out->dec) {
		/* Decryption walks the keys backwards; the inner ones go
		 * through InvMixColumns because AESD precedes AESIMC, which
		 * is the Equivalent Inverse Cipher's order of operations. */
		if (i != 0 && i != 14)
			rk = vaesimcq_u8(rk);
		vst1q_u8(out->dec[14 - i], rk);
	}
}

/*
 * Expands two keys in lock step.  Each expansion is one long dependency
 * chain (an AESE per round key plus the prefix XOR); running two side by
 * side lets the core overlap them.  Round keys are stored as soon as they
 * are made, so only the last two of each schedule are live.
 */
ALWAYS_INLINE void expand_two(const uint8_t *key_a, const struct schedule_out *out_a,
			      const uint8_t *key_b, const struct schedule_out *out_b)
{
	static const uint8_t rcon[7] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40 };
	uint8x16_t a_prev2 = vld1q_u8(key_a);
	uint8x16_t a_prev = vld1q_u8(key_a + 16);
	uint8x16_t b_prev2 = vld1q_u8(key_b);
	uint8x16_t b_prev = vld1q_u8(key_b + 16);

	put_round_key(out_a, 0, a_prev2);
	put_round_key(out_a, 1, a_prev);
	put_round_key(out_b, 0, b_prev2);
	put_round_key(out_b, 1, b_prev);
#pragma GCC unroll 13
	for (int i = 2; i < 15; i++) {
		uint8x16_t a_next, b_next;

		if (i % 2 == 0) {
			a_next = next_even(a_prev2, a_prev, rcon[i / 2 - 1]);
			b_next = next_even(b_prev2, b_prev, rcon[i / 2 - 1]);
		} else {
			a_next = next_odd(a_prev2, a_prev);
			b_next = next_odd(b_prev2, b_prev);
		}
		put_round_key(out_a, i, a_next);
		put_round_key(out_b, i, b_next);
		a_prev2 = a_prev;
		a_prev = a_next;
		b_prev2 = b_prev;
		b_prev = b_next;
	}
}

void extcrypt_arm64_aes256_expand_enc(const uint8_t key[32], uint8_t enc[15][16])
{
	const struct schedule_out out = { enc, NULL };

	/* Both chains compute the same keys into the same place; the compiler
	 * folds them into one. */
	expand_two(key, &out, key, &out);
}

void extcrypt_arm64_aes256_make_dec(const uint8_t enc[15][16], uint8_t dec[15][16])
{
	vst1q_u8(dec[0], vld1q_u8(enc[14]));
	for (int i = 1; i < 14; i++)
		vst1q_u8(dec[i], vaesimcq_u8(vld1q_u8(enc[14 - i])));
	vst1q_u8(dec[14], vld1q_u8(enc[0]));
}

int extcrypt_arm64_xts_setkey(struct extcrypt_xts_key *k, const uint8_t key[64])
{
	const struct schedule_out data = { k->enc, k->dec };
	const struct schedule_out tweak = { k->tweak_enc, NULL };

	expand_two(key, &data, key + 32, &tweak);
	return 0;
}

EXTCRYPT_ARM64_AES_POP()
