/* SPDX-License-Identifier: MIT */
/*
 * What every x86 AES-256-XTS body shares: the tweak encryption, reading the
 * IV, the next unit's tweak, and the two exported entry points.  Included
 * by the bodies (xts_template.h, xts_vaes_avx2.h) after their file has set
 * the compile target; defines only static inline functions and a macro.
 */
#ifndef EXTCRYPT_ARCH_X86_XTS_X86_COMMON_H
#define EXTCRYPT_ARCH_X86_XTS_X86_COMMON_H

#include <immintrin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86/xts_x86.h"

#define XTS_INLINE static inline __attribute__((always_inline))

/* AES-256 of one block with the tweak key: 15 dependent steps, the fixed
 * latency every call pays once. */
XTS_INLINE __m128i xts_encrypt_tweak(const uint8_t tweak_key[15][16], __m128i in)
{
	__m128i x = _mm_xor_si128(in, _mm_load_si128((const __m128i *)tweak_key[0]));

#pragma GCC unroll 13
	for (int r = 1; r < 14; r++)
		x = _mm_aesenc_si128(x, _mm_load_si128((const __m128i *)tweak_key[r]));
	return _mm_aesenclast_si128(x, _mm_load_si128((const __m128i *)tweak_key[14]));
}

/* The 128-bit little-endian tweak input of the current unit. */
struct xts_iv {
	uint64_t lo, hi;
};

/*
 * The first unit's tweak.  Two 8-byte loads, not one 16-byte load: callers
 * typically build the IV with 8-byte stores (le64 index, then zeros), and
 * the CPU cannot forward two pending stores into one wider load; that
 * stall measured ~8 ns per call.  x86 is little-endian, like the IV.
 */
XTS_INLINE __m128i xts_first_tweak(const struct extcrypt_xts_key *k,
				   const uint8_t iv[16], struct xts_iv *cur)
{
	memcpy(&cur->lo, iv, 8);
	memcpy(&cur->hi, iv + 8, 8);
	return xts_encrypt_tweak(k->tweak_enc,
				 _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)iv),
						    _mm_loadl_epi64((const __m128i *)(iv + 8))));
}

/* The next unit's tweak (IV + 1, carried across all 128 bits).  Started
 * before the current unit's data, it is independent of it, so its 15
 * dependent AES steps run in the shadow of that unit's rounds. */
XTS_INLINE __m128i xts_next_unit_tweak(const struct extcrypt_xts_key *k,
				       struct xts_iv *cur)
{
	cur->lo++;
	cur->hi += (cur->lo == 0);
	return xts_encrypt_tweak(k->tweak_enc,
				 _mm_set_epi64x((long long)cur->hi, (long long)cur->lo));
}

/*
 * Zeroing the vector registers before returning.  Round keys and tweaks
 * left in them would not stay there: the next code that saves the register
 * file (the dynamic linker's lazy binding with XSAVE, a signal frame) puts
 * them on the stack.  Zeroing idioms, a cycle or two in all.
 */
#define XTS_CLEAR_XMM0_15                                                     \
	"pxor %%xmm0, %%xmm0\n\tpxor %%xmm1, %%xmm1\n\t"                        \
	"pxor %%xmm2, %%xmm2\n\tpxor %%xmm3, %%xmm3\n\t"                        \
	"pxor %%xmm4, %%xmm4\n\tpxor %%xmm5, %%xmm5\n\t"                        \
	"pxor %%xmm6, %%xmm6\n\tpxor %%xmm7, %%xmm7\n\t"                        \
	"pxor %%xmm8, %%xmm8\n\tpxor %%xmm9, %%xmm9\n\t"                        \
	"pxor %%xmm10, %%xmm10\n\tpxor %%xmm11, %%xmm11\n\t"                    \
	"pxor %%xmm12, %%xmm12\n\tpxor %%xmm13, %%xmm13\n\t"                    \
	"pxor %%xmm14, %%xmm14\n\tpxor %%xmm15, %%xmm15\n\t"
#define XTS_XMM0_15_CLOBBERS                                                  \
	"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",        \
	"xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

/* Legacy SSE code (no AVX): xmm0-15 are all there is. */
#define XTS_CLEAR_VECTORS_SSE()                                               \
	__asm__ volatile(XTS_CLEAR_XMM0_15 : : : XTS_XMM0_15_CLOBBERS)

/* AVX: VEX zeroing idioms (eliminated at register renaming, and each
 * clears the whole ymm register), then VZEROUPPER, which also marks the
 * upper halves clean so that legacy SSE code after us pays no transition
 * penalty.  VZEROALL would do both but is microcoded on some cores. */
#define XTS_CLEAR_XMM0_15_VEX                                                 \
	"vpxor %%xmm0, %%xmm0, %%xmm0\n\tvpxor %%xmm1, %%xmm1, %%xmm1\n\t"        \
	"vpxor %%xmm2, %%xmm2, %%xmm2\n\tvpxor %%xmm3, %%xmm3, %%xmm3\n\t"        \
	"vpxor %%xmm4, %%xmm4, %%xmm4\n\tvpxor %%xmm5, %%xmm5, %%xmm5\n\t"        \
	"vpxor %%xmm6, %%xmm6, %%xmm6\n\tvpxor %%xmm7, %%xmm7, %%xmm7\n\t"        \
	"vpxor %%xmm8, %%xmm8, %%xmm8\n\tvpxor %%xmm9, %%xmm9, %%xmm9\n\t"        \
	"vpxor %%xmm10, %%xmm10, %%xmm10\n\tvpxor %%xmm11, %%xmm11, %%xmm11\n\t"  \
	"vpxor %%xmm12, %%xmm12, %%xmm12\n\tvpxor %%xmm13, %%xmm13, %%xmm13\n\t"  \
	"vpxor %%xmm14, %%xmm14, %%xmm14\n\tvpxor %%xmm15, %%xmm15, %%xmm15\n\t"
#define XTS_CLEAR_VECTORS_AVX()                                               \
	__asm__ volatile(XTS_CLEAR_XMM0_15_VEX "vzeroupper" : : : XTS_XMM0_15_CLOBBERS)

/* AVX-512: also zmm16-31 (an EVEX write to xmmN zeroes the rest of zmmN). */
#define XTS_CLEAR_VECTORS_AVX512()                                             \
	__asm__ volatile(XTS_CLEAR_XMM0_15_VEX                                 \
			 "vpxord %%xmm16, %%xmm16, %%xmm16\n\tvpxord %%xmm17, %%xmm17, %%xmm17\n\t" \
			 "vpxord %%xmm18, %%xmm18, %%xmm18\n\tvpxord %%xmm19, %%xmm19, %%xmm19\n\t" \
			 "vpxord %%xmm20, %%xmm20, %%xmm20\n\tvpxord %%xmm21, %%xmm21, %%xmm21\n\t" \
			 "vpxord %%xmm22, %%xmm22, %%xmm22\n\tvpxord %%xmm23, %%xmm23, %%xmm23\n\t" \
			 "vpxord %%xmm24, %%xmm24, %%xmm24\n\tvpxord %%xmm25, %%xmm25, %%xmm25\n\t" \
			 "vpxord %%xmm26, %%xmm26, %%xmm26\n\tvpxord %%xmm27, %%xmm27, %%xmm27\n\t" \
			 "vpxord %%xmm28, %%xmm28, %%xmm28\n\tvpxord %%xmm29, %%xmm29, %%xmm29\n\t" \
			 "vpxord %%xmm30, %%xmm30, %%xmm30\n\tvpxord %%xmm31, %%xmm31, %%xmm31\n\t" \
			 "vzeroupper"                                               \
			 : : : XTS_XMM0_15_CLOBBERS, "xmm16", "xmm17", "xmm18",  \
			   "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24", \
			   "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", \
			   "xmm31")

/* The stack pointer, for measuring how deep a body's frame went. */
XTS_INLINE uintptr_t xts_stack_pointer(void)
{
	uintptr_t sp;

	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	return sp;
}

/*
 * Zeroes the dead stack from `low` - 128 (a leaf's red zone) up to `top`,
 * both taken in the caller, with VL-byte vector stores.  Only for the VAES
 * bodies: it writes below the stack pointer, which is harmless (the memory
 * is dead, and a signal handler may overwrite it anyway) but which
 * valgrind reports, and valgrind cannot run VAES code in any case.  The
 * AES-NI bodies (which valgrind runs) use extcrypt_x86_xts_scrub_stack().
 */
#define XTS_WIPE_BELOW_SP(top, low, store, reg)                               \
	do {                                                                  \
		uintptr_t p_ = (low) - 128;                                   \
		uintptr_t end_ = (top) - XTS_WIPE_STEP;                       \
		/* Unaligned stores up from p_, the last one ending at top. */ \
		__asm__ volatile("vpxor %%xmm0, %%xmm0, %%xmm0\n"              \
				 "1: " store " %%" reg "0, (%0)\n\t"          \
				 "add $" XTS_STR(XTS_WIPE_STEP) ", %0\n\t"     \
				 "cmp %1, %0\n\t"                             \
				 "jb 1b\n\t"                                  \
				 store " %%" reg "0, (%1)\n\t"                \
				 "vzeroupper"                                 \
				 : "+r"(p_)                                   \
				 : "r"(end_)                                  \
				 : "xmm0", "memory", "cc");                   \
	} while (0)
#define XTS_STR2(x) #x
#define XTS_STR(x) XTS_STR2(x)

/*
 * The exported pair for one body.  `crypt` is the body:
 *   static XTS_BODY uintptr_t crypt(const struct extcrypt_xts_key *,
 *                                   bool enc, iv, src, dst, unit_len, nunits)
 * returning xts_stack_pointer() as seen inside it.  Not inlined, the body
 * has its own frame right below the entry point's; whatever it spilled
 * there (round keys, tweaks) is then wiped by `wipe(top, low)`, top being
 * the entry point's stack pointer and low the body's.
 */
#define XTS_BODY static __attribute__((noinline))
#define XTS_NAME2(op, isa) extcrypt_x86_xts_##op##_##isa
#define XTS_NAME(op, isa) XTS_NAME2(op, isa)
#define XTS_DEFINE_ENTRY(op, isa, crypt, enc, wipe)                            \
	int XTS_NAME(op, isa)(const struct extcrypt_xts_key *k,                 \
			      const uint8_t iv[16], const uint8_t *src,         \
			      uint8_t *dst, size_t unit_len, size_t nunits)     \
	{                                                                       \
		uintptr_t top = xts_stack_pointer();                            \
		uintptr_t low = crypt(k, enc, iv, src, dst, unit_len, nunits);  \
		wipe(top, low);                                                 \
		return 0;                                                       \
	}
#define XTS_DEFINE_ENTRY_POINTS(isa, crypt, wipe)                               \
	XTS_DEFINE_ENTRY(encrypt, isa, crypt, true, wipe)                       \
	XTS_DEFINE_ENTRY(decrypt, isa, crypt, false, wipe)

#endif /* EXTCRYPT_ARCH_X86_XTS_X86_COMMON_H */
