/* SPDX-License-Identifier: MIT */
/*
 * POLYVAL (RFC 8452, section 3), the universal hash inside HCTR2.
 *
 * Internal to libextcrypt; nothing here is part of the public API.
 *
 * Field elements are 16-byte strings read as little-endian 128-bit
 * integers: bit i of that integer is the coefficient of x^i in
 * GF(2)[x] / (x^128 + x^127 + x^126 + x^121 + 1).
 *
 * Constant time: no branch and no memory index depends on the key or on
 * the data.  The portable multiplier uses only integer multiplications of
 * operands with "holes" (BearSSL ctmul style); on x86 a PCLMULQDQ
 * multiplier is used when the CPU has it.
 */
#ifndef EXTCRYPT_POLYVAL_H
#define EXTCRYPT_POLYVAL_H

#include <stddef.h>
#include <stdint.h>

#define EXTCRYPT_POLYVAL_BLOCK 16

struct extcrypt_polyval {
	uint64_t h[2];   /* hash key, little-endian limbs */
	uint64_t acc[2]; /* running value S_j */
	int use_pclmul;  /* chosen once at init, from CPUID */
};

/* Start a POLYVAL computation keyed with `key` (S_0 = 0). */
void extcrypt_polyval_init(struct extcrypt_polyval *ctx, const uint8_t key[16]);

/* Absorb `nblocks` full 16-byte blocks. */
void extcrypt_polyval_update(struct extcrypt_polyval *ctx,
			     const uint8_t *blocks, size_t nblocks);

/* Write the current value (does not change or wipe the state). */
void extcrypt_polyval_value(const struct extcrypt_polyval *ctx,
			    uint8_t out[16]);

/*
 * Field multiplication a * b * x^-128 ("dot" in RFC 8452), with an explicit
 * choice of multiplier.  For tests, which cross-check the two multipliers.
 */
void extcrypt_polyval_dot_portable(const uint64_t a[2], const uint64_t b[2],
				   uint64_t out[2]);
/* Returns 0 (and leaves out untouched) when PCLMULQDQ is unavailable. */
int extcrypt_polyval_dot_pclmul(const uint64_t a[2], const uint64_t b[2],
				uint64_t out[2]);
/* 1 if the PCLMULQDQ path can be used on this CPU. */
int extcrypt_polyval_have_pclmul(void);

#endif /* EXTCRYPT_POLYVAL_H */
