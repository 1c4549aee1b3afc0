/* SPDX-License-Identifier: MIT */
/*
 * CRC-32C over a CRC instruction, one stream and three interleaved
 * streams, shared by the architectures that have such an instruction.
 *
 * The instruction's latency is about three times its issue interval (x86
 * CRC32: 3 cycles, one per cycle; ARMv8 CRC32CX is similar on most
 * cores), so one dependent chain runs at a third of the possible rate.
 * Three streams over three consecutive blocks of a buffer keep the unit
 * busy; their states are then joined with extcrypt_crc32c_shift_apply
 * (crc32c.h), which costs eight table lookups per three blocks.
 *
 * Include once, after defining:
 *   CRC32C_TARGET    the function attribute enabling the instruction
 *   crc32c_reg       the register type the instruction works on (x86-64's
 *                    CRC32 r64 takes and gives 64 bits: keeping the state
 *                    in 64 bits spares a zero-extending move per step on
 *                    the dependency chain)
 *   crc_u64(s, v)    static inline CRC32C_TARGET: s updated by the 8 bytes
 *                    of v, least significant first
 *   crc_u8(s, b)     the same for one byte
 */
#ifndef EXTCRYPT_CSUM_CRC32C_3WAY_H
#define EXTCRYPT_CSUM_CRC32C_3WAY_H

#include <string.h>

#include "csum/crc32c.h"

/* 8 bytes as the instruction wants them: the first byte least
 * significant.  Unaligned loads are fine on both architectures. */
static inline uint64_t crc32c_load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

CRC32C_TARGET static uint32_t crc32c_hw_serial(uint32_t state,
					       const uint8_t *p, size_t len)
{
	crc32c_reg s = state;

	for (; len >= 8; p += 8, len -= 8)
		s = crc_u64(s, crc32c_load64(p));
	while (len--)
		s = crc_u8(s, *p++);
	return (uint32_t)s;
}

/* As many rounds of three `block`-byte streams as fit; advances *pp. */
CRC32C_TARGET static inline uint32_t crc32c_hw_rounds(
	uint32_t s, const uint8_t **pp, size_t *lenp, size_t block,
	const struct extcrypt_crc32c_shift *sh)
{
	const uint8_t *p = *pp;
	size_t len = *lenp;

	for (; len >= 3 * block; p += 3 * block, len -= 3 * block) {
		crc32c_reg s0 = s, s1 = 0, s2 = 0;

		for (size_t i = 0; i < block; i += 8) {
			s0 = crc_u64(s0, crc32c_load64(p + i));
			s1 = crc_u64(s1, crc32c_load64(p + block + i));
			s2 = crc_u64(s2, crc32c_load64(p + 2 * block + i));
		}
		s = extcrypt_crc32c_shift_apply(sh, (uint32_t)s0) ^ (uint32_t)s1;
		s = extcrypt_crc32c_shift_apply(sh, s) ^ (uint32_t)s2;
	}
	*pp = p;
	*lenp = len;
	return s;
}

CRC32C_TARGET static uint32_t crc32c_hw_3way(uint32_t s, const uint8_t *p,
					     size_t len)
{
	if (len >= 3 * EXTCRYPT_CRC32C_LONG)
		s = crc32c_hw_rounds(s, &p, &len, EXTCRYPT_CRC32C_LONG,
				     extcrypt_crc32c_shift_long());
	if (len >= 3 * EXTCRYPT_CRC32C_SHORT)
		s = crc32c_hw_rounds(s, &p, &len, EXTCRYPT_CRC32C_SHORT,
				     extcrypt_crc32c_shift_short());
	return crc32c_hw_serial(s, p, len);
}

#endif /* EXTCRYPT_CSUM_CRC32C_3WAY_H */
