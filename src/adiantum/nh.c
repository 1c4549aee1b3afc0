/* SPDX-License-Identifier: MIT */
/*
 * NH for Adiantum.  For each 16-byte unit (words m0..m3) and pass p, with
 * the key shifted by 4 words per pass and per unit:
 *
 *   sum_p += (u32)(m0 + k[4p + 0]) * (u32)(m2 + k[4p + 2])
 *          + (u32)(m1 + k[4p + 1]) * (u32)(m3 + k[4p + 3])   (mod 2^64)
 *
 * Every pass reads the same message with a different key window, which is
 * why the key is 3 units (48 bytes) longer than the maximum message.
 */
#include "common/internal.h"
#include "adiantum/nh.h"

void extcrypt_nh_load_key(uint32_t out[EXTCRYPT_NH_KEY_WORDS],
			  const uint8_t key[EXTCRYPT_NH_KEY_SIZE])
{
	for (size_t i = 0; i < EXTCRYPT_NH_KEY_WORDS; i++)
		out[i] = extcrypt_get_le32(key + 4 * i);
}

void extcrypt_nh_update(uint64_t sums[EXTCRYPT_NH_PASSES], const uint32_t *key,
			const uint8_t *msg, size_t nunits)
{
	uint64_t s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];

	for (; nunits > 0; nunits--, msg += EXTCRYPT_NH_UNIT, key += 4) {
		uint32_t m0 = extcrypt_get_le32(msg), m1 = extcrypt_get_le32(msg + 4);
		uint32_t m2 = extcrypt_get_le32(msg + 8), m3 = extcrypt_get_le32(msg + 12);

		s0 += (uint64_t)(uint32_t)(m0 + key[0]) * (uint32_t)(m2 + key[2]) +
		      (uint64_t)(uint32_t)(m1 + key[1]) * (uint32_t)(m3 + key[3]);
		s1 += (uint64_t)(uint32_t)(m0 + key[4]) * (uint32_t)(m2 + key[6]) +
		      (uint64_t)(uint32_t)(m1 + key[5]) * (uint32_t)(m3 + key[7]);
		s2 += (uint64_t)(uint32_t)(m0 + key[8]) * (uint32_t)(m2 + key[10]) +
		      (uint64_t)(uint32_t)(m1 + key[9]) * (uint32_t)(m3 + key[11]);
		s3 += (uint64_t)(uint32_t)(m0 + key[12]) * (uint32_t)(m2 + key[14]) +
		      (uint64_t)(uint32_t)(m1 + key[13]) * (uint32_t)(m3 + key[15]);
	}
	sums[0] = s0;
	sums[1] = s1;
	sums[2] = s2;
	sums[3] = s3;
}

void extcrypt_nh_output(uint8_t out[EXTCRYPT_NH_OUTPUT],
			const uint64_t sums[EXTCRYPT_NH_PASSES])
{
	for (int i = 0; i < EXTCRYPT_NH_PASSES; i++)
		extcrypt_put_le64(out + 8 * i, sums[i]);
}
