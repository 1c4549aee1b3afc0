/* SPDX-License-Identifier: MIT */
/*
 * CRC-32C (Castagnoli) internals: the portable code, the hardware paths of
 * each architecture, and the tables that join three interleaved streams.
 *
 * Every function here works on the raw register ("state"): no inversion
 * on entry or exit, so updates chain.  The standard CRC-32C of a buffer,
 * the value iSCSI and btrfs use, is ~update(~0, buffer).
 */
#ifndef EXTCRYPT_CSUM_CRC32C_H
#define EXTCRYPT_CSUM_CRC32C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The reflected Castagnoli polynomial (0x1EDC6F41 bit-reversed). */
#define EXTCRYPT_CRC32C_POLY 0x82F63B78u

typedef uint32_t (*extcrypt_crc32c_fn)(uint32_t state, const uint8_t *p,
				       size_t len);

struct extcrypt_crc32c_impl {
	const char *name;
	bool (*usable)(void); /* may this CPU run it? */
	extcrypt_crc32c_fn update;
};

/* Slicing-by-8 in plain C; any CPU, any byte order. */
uint32_t extcrypt_crc32c_portable(uint32_t state, const uint8_t *p,
				  size_t len);

/* Every implementation of this build, the portable one first. */
const struct extcrypt_crc32c_impl *extcrypt_crc32c_impls(size_t *count);

/* The fastest usable implementation, chosen on the first call. */
const struct extcrypt_crc32c_impl *extcrypt_crc32c_best(void);

/* The standard CRC-32C of p[0..len) with the best implementation. */
uint32_t extcrypt_crc32c(const uint8_t *p, size_t len);

/*
 * Joining interleaved streams.  A stream run over `n` bytes from state 0
 * is merged into the state `s` that precedes those bytes as
 * shift_n(s) ^ stream, where shift_n(s) is s advanced over n zero bytes.
 * shift_n is linear, so it is four 256-entry tables, one per byte of s;
 * they exist for two stream lengths, chosen so that three streams cover
 * almost all of a 4 KiB and of a 512-byte sector.
 */
#define EXTCRYPT_CRC32C_LONG 1360u  /* 3 * 1360 = 4080 */
#define EXTCRYPT_CRC32C_SHORT 168u  /* 3 * 168 = 504 */

struct extcrypt_crc32c_shift {
	uint32_t t[4][256];
};

/* The tables for LONG and SHORT, built on the first call. */
const struct extcrypt_crc32c_shift *extcrypt_crc32c_shift_long(void);
const struct extcrypt_crc32c_shift *extcrypt_crc32c_shift_short(void);

static inline uint32_t extcrypt_crc32c_shift_apply(
	const struct extcrypt_crc32c_shift *sh, uint32_t s)
{
	return sh->t[0][s & 0xff] ^ sh->t[1][(s >> 8) & 0xff] ^
	       sh->t[2][(s >> 16) & 0xff] ^ sh->t[3][s >> 24];
}

/* Hardware paths; each file keeps its instructions behind a function
 * target attribute, and says whether the CPU has them (*_cpu, without the
 * EXTCRYPT_DISABLE_CPU_FEATURES knob, which crc32c.c applies). */
#if defined(EXTCRYPT_ARCH_x86)
bool extcrypt_crc32c_sse42_cpu(void);
uint32_t extcrypt_crc32c_sse42(uint32_t state, const uint8_t *p, size_t len);
uint32_t extcrypt_crc32c_sse42_3way(uint32_t state, const uint8_t *p,
				    size_t len);
#elif defined(EXTCRYPT_ARCH_arm64)
bool extcrypt_crc32c_armv8_cpu(void);
uint32_t extcrypt_crc32c_armv8(uint32_t state, const uint8_t *p, size_t len);
uint32_t extcrypt_crc32c_armv8_3way(uint32_t state, const uint8_t *p,
				    size_t len);
#endif

#endif /* EXTCRYPT_CSUM_CRC32C_H */
