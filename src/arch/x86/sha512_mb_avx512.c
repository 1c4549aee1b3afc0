// SPDX-License-Identifier: MIT
/*
 * Multi-buffer SHA-512 with AVX-512: 8 lanes of 64-bit words in zmm
 * registers.  VPRORQ rotates in one instruction and VPTERNLOGQ computes
 * each three-input function (XOR3, Ch, Maj) in one, so a round is about
 * 16 instructions for 8 lanes.
 */
#include <immintrin.h>
#include <sodium.h>

#include "arch/x86/sha512_mb_x86.h"

#define TARGET __attribute__((target("avx512f,avx512bw,avx512vl")))
#define V __m512i
#define ADD(a, b) _mm512_add_epi64((a), (b))
#define BCAST(x) _mm512_set1_epi64((long long)(x))
#define XOR3(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0x96)
#define ROR(x, n) _mm512_ror_epi64((x), (n))
#define SHR(x, n) _mm512_srli_epi64((x), (n))
#define CH(e, f, g) _mm512_ternarylogic_epi64((e), (f), (g), 0xca)
#define MAJ(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0xe8)
#define LOAD(p) _mm512_load_si512(p)
#define STORE(p, v) _mm512_store_si512((p), (v))

#include "arch/x86/sha512_mb_template.h"

/* zmm0-15 go with VZEROALL; the upper 16 need their own. */
static TARGET void clear_zmm16_31(void)
{
	__asm__ volatile(
		"vpxord %%zmm16, %%zmm16, %%zmm16\n\tvpxord %%zmm17, %%zmm17, %%zmm17\n\t"
		"vpxord %%zmm18, %%zmm18, %%zmm18\n\tvpxord %%zmm19, %%zmm19, %%zmm19\n\t"
		"vpxord %%zmm20, %%zmm20, %%zmm20\n\tvpxord %%zmm21, %%zmm21, %%zmm21\n\t"
		"vpxord %%zmm22, %%zmm22, %%zmm22\n\tvpxord %%zmm23, %%zmm23, %%zmm23\n\t"
		"vpxord %%zmm24, %%zmm24, %%zmm24\n\tvpxord %%zmm25, %%zmm25, %%zmm25\n\t"
		"vpxord %%zmm26, %%zmm26, %%zmm26\n\tvpxord %%zmm27, %%zmm27, %%zmm27\n\t"
		"vpxord %%zmm28, %%zmm28, %%zmm28\n\tvpxord %%zmm29, %%zmm29, %%zmm29\n\t"
		"vpxord %%zmm30, %%zmm30, %%zmm30\n\tvpxord %%zmm31, %%zmm31, %%zmm31"
		::: "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22",
		"xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29",
		"xmm30", "xmm31");
}

TARGET void extcrypt_sha512_mb_avx512(struct extcrypt_sha512_mb_state *s,
				      const struct extcrypt_sha512_mb_block *blk,
				      unsigned n)
{
	V w[16];

	(void)n; /* one pass computes all 8 lanes */
	for (int j = 0; j < 16; j++)
		w[j] = LOAD(blk->w[j]);
	sha512_mb_rounds(s, 0, w);
	/* The schedule and working variables held secrets (HMAC keys'
	 * states, derived keys): wipe the memory copy and the registers. */
	sodium_memzero(w, sizeof(w));
	clear_zmm16_31();
	_mm256_zeroall();
}
