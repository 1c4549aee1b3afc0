/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu_features.h"
#include "common/feature_list.h"

#include <cpuid.h>
#include <stdatomic.h>
#include <stdbool.h>

/* XCR0 state components the OS must save before we touch the registers. */
#define XCR0_SSE       (1u << 1)
#define XCR0_YMM       (1u << 2)
#define XCR0_OPMASK    (1u << 5)
#define XCR0_ZMM_HI256 (1u << 6)
#define XCR0_HI16_ZMM  (1u << 7)

static _Atomic uint32_t cached_features;

static uint64_t read_xcr0(void)
{
	uint32_t lo, hi;

	/* XGETBV with ECX=0; only called when CPUID reports OSXSAVE. */
	__asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static uint32_t detect_hardware(void)
{
	unsigned int eax, ebx, ecx, edx;
	unsigned int max_leaf;
	uint32_t f = 0;
	uint64_t xcr0 = 0;
	bool os_avx, os_avx512;

	if (!__get_cpuid(0, &max_leaf, &ebx, &ecx, &edx) || max_leaf < 1)
		return 0;

	__cpuid(1, eax, ebx, ecx, edx);
	if (ecx & (1u << 9))
		f |= EXTCRYPT_X86_SSSE3;
	if (ecx & (1u << 25))
		f |= EXTCRYPT_X86_AESNI;
	if (ecx & (1u << 1))
		f |= EXTCRYPT_X86_PCLMULQDQ;
	if (ecx & (1u << 27)) /* OSXSAVE: XGETBV is available */
		xcr0 = read_xcr0();

	os_avx = (xcr0 & (XCR0_SSE | XCR0_YMM)) == (XCR0_SSE | XCR0_YMM);
	os_avx512 = os_avx &&
		    (xcr0 & (XCR0_OPMASK | XCR0_ZMM_HI256 | XCR0_HI16_ZMM)) ==
			    (XCR0_OPMASK | XCR0_ZMM_HI256 | XCR0_HI16_ZMM);

	if (os_avx && (ecx & (1u << 28)))
		f |= EXTCRYPT_X86_AVX;

	if (max_leaf >= 7) {
		__cpuid_count(7, 0, eax, ebx, ecx, edx);
		if (f & EXTCRYPT_X86_AVX) {
			if (ebx & (1u << 5))
				f |= EXTCRYPT_X86_AVX2;
			if (ecx & (1u << 9))
				f |= EXTCRYPT_X86_VAES;
			if (ecx & (1u << 10))
				f |= EXTCRYPT_X86_VPCLMULQDQ;
		}
		if (os_avx512 && (f & EXTCRYPT_X86_AVX)) {
			if (ebx & (1u << 16))
				f |= EXTCRYPT_X86_AVX512F;
			if (ebx & (1u << 30))
				f |= EXTCRYPT_X86_AVX512BW;
			if (ebx & (1u << 31))
				f |= EXTCRYPT_X86_AVX512VL;
		}
	}
	return f;
}

static const struct extcrypt_feature_name feature_names[] = {
	{ "ssse3", EXTCRYPT_X86_SSSE3 },
	{ "aesni", EXTCRYPT_X86_AESNI },
	{ "aes", EXTCRYPT_X86_AESNI },
	{ "pclmulqdq", EXTCRYPT_X86_PCLMULQDQ },
	{ "pclmul", EXTCRYPT_X86_PCLMULQDQ },
	{ "avx", EXTCRYPT_X86_AVX },
	{ "avx2", EXTCRYPT_X86_AVX2 },
	{ "vaes", EXTCRYPT_X86_VAES },
	{ "vpclmulqdq", EXTCRYPT_X86_VPCLMULQDQ },
	{ "avx512f", EXTCRYPT_X86_AVX512F },
	{ "avx512bw", EXTCRYPT_X86_AVX512BW },
	{ "avx512vl", EXTCRYPT_X86_AVX512VL },
	{ "avx512", EXTCRYPT_X86_AVX512F | EXTCRYPT_X86_AVX512BW |
			    EXTCRYPT_X86_AVX512VL },
	{ "all", EXTCRYPT_FEATURES_ALL },
};

/* Drops features whose prerequisites are gone, so disabling one thing
 * never leaves an impossible combination. */
static uint32_t drop_orphans(uint32_t f)
{
	if (!(f & EXTCRYPT_X86_AVX))
		f &= ~(EXTCRYPT_X86_AVX2 | EXTCRYPT_X86_VAES |
		       EXTCRYPT_X86_VPCLMULQDQ | EXTCRYPT_X86_AVX512F);
	if (!(f & EXTCRYPT_X86_AESNI))
		f &= ~EXTCRYPT_X86_VAES;
	if (!(f & EXTCRYPT_X86_PCLMULQDQ))
		f &= ~EXTCRYPT_X86_VPCLMULQDQ;
	if (!(f & EXTCRYPT_X86_AVX512F))
		f &= ~(EXTCRYPT_X86_AVX512BW | EXTCRYPT_X86_AVX512VL);
	return f;
}

static uint32_t detect(void)
{
	uint32_t off = extcrypt_features_disabled(
		feature_names, sizeof(feature_names) / sizeof(feature_names[0]));

	return drop_orphans(detect_hardware() & ~off);
}

uint32_t extcrypt_x86_cpu_features(void)
{
	return extcrypt_features_cached(&cached_features, detect);
}
