// SPDX-License-Identifier: MIT
/*
 * CRC-32C with the ARMv8 CRC32C instructions (optional in ARMv8.0,
 * mandatory from ARMv8.1), one stream and three interleaved ones
 * (csum/crc32c_3way.h).  Only these functions carry the target attribute,
 * so the library stays baseline ARMv8-A and they run only after
 * the CPU check said yes.
 *
 * The CPU check is this file's own (AT_HWCAP's CRC32 bit; the one of
 * arch/arm64/cpu_features.c has no such bit); csum/crc32c.c adds the
 * EXTCRYPT_DISABLE_CPU_FEATURES knob.
 */
#include <sys/auxv.h>

#include "csum/crc32c.h"

#ifndef HWCAP_CRC32
#define HWCAP_CRC32 (1ul << 7) /* kernel ABI */
#endif

#if defined(__clang__)
/* clang's builtins need only the function's feature, at any version. */
#define CRC32C_TARGET __attribute__((target("crc")))
#define crc_insn_d __builtin_arm_crc32cd
#define crc_insn_b __builtin_arm_crc32cb
#else
#include <arm_acle.h>
#define CRC32C_TARGET __attribute__((target("+crc")))
#define crc_insn_d __crc32cd
#define crc_insn_b __crc32cb
#endif

typedef uint32_t crc32c_reg; /* W registers: no extension needed */

CRC32C_TARGET static inline uint32_t crc_u64(uint32_t s, uint64_t v)
{
	return crc_insn_d(s, v);
}

CRC32C_TARGET static inline uint32_t crc_u8(uint32_t s, uint8_t b)
{
	return crc_insn_b(s, b);
}

#include "csum/crc32c_3way.h"

bool extcrypt_crc32c_armv8_cpu(void)
{
	return (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0;
}

uint32_t extcrypt_crc32c_armv8(uint32_t state, const uint8_t *p, size_t len)
{
	return crc32c_hw_serial(state, p, len);
}

uint32_t extcrypt_crc32c_armv8_3way(uint32_t state, const uint8_t *p,
				    size_t len)
{
	return crc32c_hw_3way(state, p, len);
}
