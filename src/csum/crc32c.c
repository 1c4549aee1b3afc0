// SPDX-License-Identifier: MIT
/*
 * CRC-32C: the portable slicing-by-8 code, the stream-joining tables, and
 * the choice of implementation.  CRC-32C here only ever covers public data
 * (ciphertext), so table lookups indexed by the data are fine.
 */
#include "csum/crc32c.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "common/feature_list.h"

static uint32_t slice[8][256];
static struct extcrypt_crc32c_shift shift_long, shift_short;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* One byte's worth of the bitwise CRC: the definition itself. */
static uint32_t step8(uint32_t s)
{
	for (int i = 0; i < 8; i++)
		s = (s >> 1) ^ (EXTCRYPT_CRC32C_POLY & (0u - (s & 1)));
	return s;
}

/* shift_n of each single-bit state, then every byte value by linearity. */
static void build_shift(struct extcrypt_crc32c_shift *sh, size_t n)
{
	uint32_t basis[32];

	for (int bit = 0; bit < 32; bit++) {
		uint32_t s = 1u << bit;

		for (size_t i = 0; i < n; i++)
			s = step8(s);
		basis[bit] = s;
	}
	for (int k = 0; k < 4; k++)
		for (unsigned b = 0; b < 256; b++) {
			uint32_t v = 0;

			for (int j = 0; j < 8; j++)
				if (b & (1u << j))
					v ^= basis[8 * k + j];
			sh->t[k][b] = v;
		}
}

static void build_tables(void)
{
	for (unsigned b = 0; b < 256; b++)
		slice[0][b] = step8(b);
	for (int k = 1; k < 8; k++)
		for (unsigned b = 0; b < 256; b++)
			slice[k][b] = (slice[k - 1][b] >> 8) ^
				      slice[0][slice[k - 1][b] & 0xff];
	build_shift(&shift_long, EXTCRYPT_CRC32C_LONG);
	build_shift(&shift_short, EXTCRYPT_CRC32C_SHORT);
}

static void tables_ready(void)
{
	(void)pthread_once(&tables_once, build_tables);
}

const struct extcrypt_crc32c_shift *extcrypt_crc32c_shift_long(void)
{
	tables_ready();
	return &shift_long;
}

const struct extcrypt_crc32c_shift *extcrypt_crc32c_shift_short(void)
{
	tables_ready();
	return &shift_short;
}

uint32_t extcrypt_crc32c_portable(uint32_t s, const uint8_t *p, size_t len)
{
	tables_ready();
	for (; len >= 8; p += 8, len -= 8) {
		/* Byte by byte, so the order is little-endian on any host. */
		uint32_t lo = s ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
				   (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);

		s = slice[7][lo & 0xff] ^ slice[6][(lo >> 8) & 0xff] ^
		    slice[5][(lo >> 16) & 0xff] ^ slice[4][lo >> 24] ^
		    slice[3][p[4]] ^ slice[2][p[5]] ^ slice[1][p[6]] ^
		    slice[0][p[7]];
	}
	while (len--)
		s = (s >> 8) ^ slice[0][(s ^ *p++) & 0xff];
	return s;
}

static bool always(void)
{
	return true;
}

#if defined(EXTCRYPT_ARCH_x86) || defined(EXTCRYPT_ARCH_arm64)
/* The EXTCRYPT_DISABLE_CPU_FEATURES knob, with the names the
 * architecture's cpu_features.c would use for the instruction. */
static bool hidden(const char *name, const char *alias)
{
	const struct extcrypt_feature_name names[] = {
		{ name, 1 }, { alias, 1 }, { "all", 1 },
	};

	return extcrypt_features_disabled(names, 3) != 0;
}
#endif

#if defined(EXTCRYPT_ARCH_x86)
static bool hw_usable(void)
{
	return extcrypt_crc32c_sse42_cpu() && !hidden("sse4_2", "sse42");
}
#elif defined(EXTCRYPT_ARCH_arm64)
static bool hw_usable(void)
{
	return extcrypt_crc32c_armv8_cpu() && !hidden("crc32", "crc");
}
#endif

/* Slowest first: extcrypt_crc32c_best takes the last usable one. */
static const struct extcrypt_crc32c_impl impls[] = {
	{ "portable", always, extcrypt_crc32c_portable },
#if defined(EXTCRYPT_ARCH_x86)
	{ "x86-sse42", hw_usable, extcrypt_crc32c_sse42 },
	{ "x86-sse42-3way", hw_usable, extcrypt_crc32c_sse42_3way },
#elif defined(EXTCRYPT_ARCH_arm64)
	{ "arm64-crc", hw_usable, extcrypt_crc32c_armv8 },
	{ "arm64-crc-3way", hw_usable, extcrypt_crc32c_armv8_3way },
#endif
};

const struct extcrypt_crc32c_impl *extcrypt_crc32c_impls(size_t *count)
{
	*count = sizeof(impls) / sizeof(impls[0]);
	return impls;
}

static _Atomic(const struct extcrypt_crc32c_impl *) best;

const struct extcrypt_crc32c_impl *extcrypt_crc32c_best(void)
{
	const struct extcrypt_crc32c_impl *b =
		atomic_load_explicit(&best, memory_order_acquire);

	if (b == NULL) {
		/* Racing first callers pick the same entry. */
		size_t i = sizeof(impls) / sizeof(impls[0]) - 1;

		while (i > 0 && !impls[i].usable())
			i--;
		b = &impls[i];
		tables_ready();
		atomic_store_explicit(&best, b, memory_order_release);
	}
	return b;
}

uint32_t extcrypt_crc32c(const uint8_t *p, size_t len)
{
	return ~extcrypt_crc32c_best()->update(~0u, p, len);
}
