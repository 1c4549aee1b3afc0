// SPDX-License-Identifier: MIT
/*
 * CRC-32C with the SSE4.2 CRC32 instruction, one stream and three
 * interleaved ones (csum/crc32c_3way.h).  Only these functions carry the
 * sse4.2 target attribute (a function attribute, not a pragma: clang 14
 * ignores #pragma GCC target), so the library stays baseline x86-64 and
 * they run only after the CPU check said yes.
 *
 * The CPU check is this file's own (arch/x86/cpu_features.c has no SSE4.2
 * bit); csum/crc32c.c adds the EXTCRYPT_DISABLE_CPU_FEATURES knob.
 */
#include <cpuid.h>
#include <nmmintrin.h>

#include "csum/crc32c.h"

#define CRC32C_TARGET __attribute__((target("sse4.2")))

typedef unsigned long long crc32c_reg;

CRC32C_TARGET static inline crc32c_reg crc_u64(crc32c_reg s, uint64_t v)
{
	return _mm_crc32_u64(s, v);
}

CRC32C_TARGET static inline crc32c_reg crc_u8(crc32c_reg s, uint8_t b)
{
	return _mm_crc32_u8((uint32_t)s, b);
}

#include "csum/crc32c_3way.h"

/* CPUID leaf 1, ECX bit 20. */
bool extcrypt_crc32c_sse42_cpu(void)
{
	unsigned int eax, ebx, ecx, edx;

	return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 20));
}

uint32_t extcrypt_crc32c_sse42(uint32_t state, const uint8_t *p, size_t len)
{
	return crc32c_hw_serial(state, p, len);
}

uint32_t extcrypt_crc32c_sse42_3way(uint32_t state, const uint8_t *p,
				    size_t len)
{
	return crc32c_hw_3way(state, p, len);
}
