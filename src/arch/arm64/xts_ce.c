/* SPDX-License-Identifier: MIT */
/*
 * AES-256-XTS on the ARMv8 Crypto Extensions (AESE/AESMC, AESD/AESIMC).
 *
 * Design:
 *  - The 15 data round keys are loaded into vector registers once per call
 *    and stay there: AArch64 has 32 vector registers, so 15 keys plus
 *    NBLK = 8 block states fit with room for temporaries.
 *  - Eight blocks are in flight per group.  An AES round instruction has a
 *    latency of a few cycles and cores issue one to four per cycle; eight
 *    independent chains keep the pipes busy where one chain would leave
 *    them mostly idle.  The eight blocks may belong to different data units
 *    (for units shorter than eight blocks), so short units get the same
 *    interleaving as long ones.
 *  - The per-unit tweaks (AES-256 of iv + i under the tweak key) are
 *    computed ahead, eight units at a time, themselves interleaved, into a
 *    small ring.  So when a unit starts its tweak is ready, and calls with
 *    many short units are not serialised on one tweak encryption per unit.
 *  - Within a unit the tweak is multiplied by x per block with NEON shifts
 *    and masks, never with a branch or table indexed by tweak bits.
 *  - C = E(P ^ T) ^ T: the first XOR happens before AESE (whose own XOR then
 *    adds round key 0); the last is merged with the final round key.
 *
 * Only this file and aes_key_expand.c are compiled with the crypto
 * extension enabled (arch/arm64/isa_target.h), so the rest of the library
 * stays baseline ARMv8-A and these functions run only after usable() said
 * the CPU has the instructions.
 */
#include "arch/arm64/isa_target.h"
#include "arch/arm64/xts_ce.h"

#include <arm_neon.h>
#include <stdbool.h>
#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "xts_ce.c assumes little-endian vector lanes (aarch64, not aarch64_be)"
#endif

EXTCRYPT_ARM64_AES_PUSH()

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* Blocks processed side by side. */
#define NBLK 8
/* Unit tweaks computed ahead; at least 2 * NBLK (see top_up). */
#define RING 16

/*
 * t * x in GF(2^128), IEEE 1619 bit order: the 128-bit little-endian value
 * shifted left by one, and 0x87 folded in if a bit fell off the top.  Each
 * 64-bit lane is shifted separately; the bit that crosses from the low lane
 * to the high lane, and the one that leaves the high lane, are recovered as
 * all-ones masks by an arithmetic shift, swapped between the lanes, and
 * reduced to 1 (carry into the high lane) and 0x87 (reduction into the low
 * lane) by an AND.  No branch and no data-dependent load.
 */
ALWAYS_INLINE uint8x16_t mul_x(uint8x16_t t)
{
	const uint64x2_t fold = vcombine_u64(vcreate_u64(0x87), vcreate_u64(1));
	uint64x2_t v = vreinterpretq_u64_u8(t);
	uint64x2_t top = vreinterpretq_u64_s64(vshrq_n_s64(vreinterpretq_s64_u64(v), 63));

	top = vandq_u64(vextq_u64(top, top, 1), fold);
	return vreinterpretq_u8_u64(veorq_u64(vshlq_n_u64(v, 1), top));
}

/* Hands out the tweak of each block in order, across unit boundaries. */
struct tweak_source {
	uint8x16_t ring[RING];   /* encrypted tweaks of the next units */
	size_t head, tail;       /* ring entries consumed / produced so far */
	uint64_t in_lo, in_hi;   /* tweak input (iv + unit) not yet encrypted */
	size_t units_todo;       /* units whose tweak is not yet in the ring */
	size_t unit_blocks;      /* blocks per data unit */
	size_t left;             /* blocks of the current unit not handed out */
	uint8x16_t cur;          /* the tweak handed out last */
	const uint8_t (*key)[16];
};

/* Encrypts the tweak inputs of the next n units (n = 4 or 8, constant after
 * inlining) into the ring, n AES chains interleaved.  Inputs past the last
 * unit are computed and never used, which is cheaper than a variant per
 * count. */
ALWAYS_INLINE void encrypt_unit_tweaks(struct tweak_source *ts, int n)
{
	uint8x16_t x[NBLK];

#pragma GCC unroll 8
	for (int j = 0; j < n; j++) {
		x[j] = vreinterpretq_u8_u64(vcombine_u64(vcreate_u64(ts->in_lo),
							 vcreate_u64(ts->in_hi)));
		/* iv + i carries across all 128 bits. */
		ts->in_lo++;
		ts->in_hi += (ts->in_lo == 0);
	}
	/* The tweak key's rounds come from memory, one load per round shared
	 * by the n blocks, so the data keys can stay in registers. */
#pragma GCC unroll 13
	for (int r = 0; r < 13; r++) {
		const uint8x16_t k = vld1q_u8(ts->key[r]);

#pragma GCC unroll 8
		for (int j = 0; j < n; j++)
			x[j] = vaesmcq_u8(vaeseq_u8(x[j], k));
	}
	const uint8x16_t k13 = vld1q_u8(ts->key[13]);
	const uint8x16_t k14 = vld1q_u8(ts->key[14]);

#pragma GCC unroll 8
	for (int j = 0; j < n; j++)
		ts->ring[(ts->tail + (size_t)j) % RING] = veorq_u8(vaeseq_u8(x[j], k13), k14);
	ts->tail += (size_t)n;
	ts->units_todo -= ts->units_todo < (size_t)n ? ts->units_todo : (size_t)n;
}

/*
 * Makes sure the tweaks of every unit that can start within the next NBLK
 * blocks are in the ring: at most NBLK units start there, since each unit
 * is at least one block.  Called once per group, so the refill is never in
 * the middle of a group.  Fewer than NBLK ready plus at most NBLK new fit in
 * RING.
 */
ALWAYS_INLINE void top_up(struct tweak_source *ts)
{
	if (ts->tail - ts->head >= NBLK || ts->units_todo == 0)
		return;
	if (ts->units_todo > 4)
		encrypt_unit_tweaks(ts, 8);
	else
		encrypt_unit_tweaks(ts, 4);
}

/* The tweak of the next block: a new unit's encrypted tweak, or the
 * previous block's times x.  The branch depends only on lengths. */
ALWAYS_INLINE uint8x16_t next_tweak(struct tweak_source *ts)
{
	if (ts->left == 0) {
		ts->cur = ts->ring[ts->head % RING];
		ts->head++;
		ts->left = ts->unit_blocks;
	} else {
		ts->cur = mul_x(ts->cur);
	}
	ts->left--;
	return ts->cur;
}

/*
 * n consecutive blocks (n constant after inlining, 1..NBLK), rounds
 * interleaved across the blocks.  Encryption: 13 x (AESE, AESMC), AESE,
 * XOR; decryption the same with AESD/AESIMC on the Equivalent Inverse
 * Cipher's schedule.  AESE/AESMC pairs stay adjacent, which cores that fuse
 * them rely on; GCC keeps them together for such tuning targets.
 */
ALWAYS_INLINE void crypt_group(const uint8x16_t rk[15], bool enc, struct tweak_source *ts,
			       const uint8_t *src, uint8_t *dst, int n)
{
	uint8x16_t tw[NBLK], x[NBLK];

#pragma GCC unroll 8
	for (int j = 0; j < n; j++) {
		tw[j] = next_tweak(ts);
		x[j] = veorq_u8(vld1q_u8(src + 16 * j), tw[j]);
	}
#pragma GCC unroll 13
	for (int r = 0; r < 13; r++) {
#pragma GCC unroll 8
		for (int j = 0; j < n; j++)
			x[j] = enc ? vaesmcq_u8(vaeseq_u8(x[j], rk[r]))
				   : vaesimcq_u8(vaesdq_u8(x[j], rk[r]));
	}
#pragma GCC unroll 8
	for (int j = 0; j < n; j++) {
		x[j] = enc ? vaeseq_u8(x[j], rk[13]) : vaesdq_u8(x[j], rk[13]);
		vst1q_u8(dst + 16 * j, veorq_u8(x[j], veorq_u8(rk[14], tw[j])));
	}
}

ALWAYS_INLINE void xts_crypt(const struct extcrypt_xts_key *k, bool enc,
			     const uint8_t iv[16], const uint8_t *src, uint8_t *dst,
			     size_t unit_len, size_t nunits)
{
	const uint8_t(*keys)[16] = enc ? k->enc : k->dec;
	size_t nblocks = unit_len / 16 * nunits;
	struct tweak_source ts;
	uint8x16_t rk[15];

#pragma GCC unroll 15
	for (int r = 0; r < 15; r++)
		rk[r] = vld1q_u8(keys[r]);

	memcpy(&ts.in_lo, iv, 8); /* little-endian, like the IV */
	memcpy(&ts.in_hi, iv + 8, 8);
	ts.head = 0;
	ts.tail = 0;
	ts.units_todo = nunits;
	ts.unit_blocks = unit_len / 16;
	ts.left = 0;
	ts.cur = vdupq_n_u8(0);
	ts.key = k->tweak_enc;

	for (; nblocks >= NBLK; nblocks -= NBLK) {
		top_up(&ts);
		crypt_group(rk, enc, &ts, src, dst, NBLK);
		src += NBLK * 16;
		dst += NBLK * 16;
	}
	if (nblocks == 0)
		return;
	top_up(&ts);
	/* The last blocks of the call, fewer than NBLK: still interleaved,
	 * one specialised group per count. */
	switch (nblocks) {
	case 7: crypt_group(rk, enc, &ts, src, dst, 7); break;
	case 6: crypt_group(rk, enc, &ts, src, dst, 6); break;
	case 5: crypt_group(rk, enc, &ts, src, dst, 5); break;
	case 4: crypt_group(rk, enc, &ts, src, dst, 4); break;
	case 3: crypt_group(rk, enc, &ts, src, dst, 3); break;
	case 2: crypt_group(rk, enc, &ts, src, dst, 2); break;
	default: crypt_group(rk, enc, &ts, src, dst, 1); break;
	}
}

int extcrypt_arm64_xts_encrypt_ce(const struct extcrypt_xts_key *k, const uint8_t iv[16],
				  const uint8_t *src, uint8_t *dst, size_t unit_len,
				  size_t nunits)
{
	xts_crypt(k, true, iv, src, dst, unit_len, nunits);
	return 0;
}

int extcrypt_arm64_xts_decrypt_ce(const struct extcrypt_xts_key *k, const uint8_t iv[16],
				  const uint8_t *src, uint8_t *dst, size_t unit_len,
				  size_t nunits)
{
	xts_crypt(k, false, iv, src, dst, unit_len, nunits);
	return 0;
}

EXTCRYPT_ARM64_AES_POP()
