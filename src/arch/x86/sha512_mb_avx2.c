// SPDX-License-Identifier: MIT
/*
 * Multi-buffer SHA-512 with AVX2: 4 lanes of 64-bit words in ymm
 * registers, two passes for 8 lanes.  AVX2 has no 64-bit rotate (two
 * shifts and an OR) and no three-input logic, so a round costs about
 * twice the AVX-512 instructions for half the lanes.
 */
#include <immintrin.h>
#include <sodium.h>

#include "arch/x86/sha512_mb_x86.h"

#define TARGET __attribute__((target("avx2")))
#define V __m256i
#define ADD(a, b) _mm256_add_epi64((a), (b))
#define BCAST(x) _mm256_set1_epi64x((long long)(x))
#define XOR3(a, b, c) _mm256_xor_si256(_mm256_xor_si256((a), (b)), (c))
/* Rotates by whole bytes are one byte shuffle (only 8 occurs): byte i
 * of each lane takes byte i + 1 (mod 8). */
#define ROR8_MASK                                                             \
	_mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, \
			 1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8)
#define ROR(x, n)                                                             \
	((n) == 8 ? _mm256_shuffle_epi8((x), ROR8_MASK)                       \
		  : _mm256_or_si256(_mm256_srli_epi64((x), (n)),              \
				    _mm256_slli_epi64((x), 64 - (n))))
#define SHR(x, n) _mm256_srli_epi64((x), (n))
#define CH(e, f, g)                                                           \
	_mm256_xor_si256(_mm256_and_si256(_mm256_xor_si256((f), (g)), (e)), (g))
#define MAJ(a, b, c)                                                          \
	_mm256_or_si256(_mm256_and_si256((a), (b)),                           \
			_mm256_and_si256(_mm256_or_si256((a), (b)), (c)))

#define LOAD(p) _mm256_load_si256((const V *)(p))
#define STORE(p, v) _mm256_store_si256((V *)(p), (v))

#include "arch/x86/sha512_mb_template.h"

/* One pass of 4 lanes.  Its own frame, so that burn_stack below covers
 * it: 16 ymm registers cannot hold the 16 schedule words, the 8 working
 * variables and the temporaries, so the compiler spills some of them. */
static TARGET __attribute__((noinline)) void
avx2_pass(struct extcrypt_sha512_mb_state *s,
	  const struct extcrypt_sha512_mb_block *blk, unsigned l)
{
	V w[16];

	for (int j = 0; j < 16; j++)
		w[j] = LOAD(&blk->w[j][l]);
	sha512_mb_rounds(s, l, w);
}

/* Overwrites the stack below the caller's frame, where avx2_pass's frame
 * was (1.1 KiB with gcc 12 -O2/-O3; this covers 4 KiB). */
static __attribute__((noinline)) void burn_stack(void)
{
	uint8_t buf[4096];

	sodium_memzero(buf, sizeof(buf));
	__asm__ volatile("" : : "r"(buf) : "memory");
}

TARGET void extcrypt_sha512_mb_avx2(struct extcrypt_sha512_mb_state *s,
				    const struct extcrypt_sha512_mb_block *blk,
				    unsigned n)
{
	for (unsigned l = 0; l < n; l += 4)
		avx2_pass(s, blk, l);
	/* The schedule and spilled working variables held secrets: wipe
	 * the stack they were on, then ymm0-15. */
	burn_stack();
	_mm256_zeroall();
}
