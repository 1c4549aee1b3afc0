/* SPDX-License-Identifier: MIT */
/*
 * POLYVAL for HCTR2.  See polyval.h for the representation.
 *
 * Multiplication is split in two independent steps:
 *   1. a 128 x 128 -> 256-bit carry-less product (portable or PCLMULQDQ);
 *   2. a Montgomery-style reduction that divides the product by x^128
 *      modulo the POLYVAL polynomial.  POLYVAL's "dot" operation is
 *      exactly a * b * x^-128, so no extra correction factor is needed,
 *      and with bit i of the little-endian integer holding x^i the
 *      reduction is a handful of shifts and XORs.
 */
#include "common/internal.h"
#include "hctr2/polyval.h"

#include <string.h>

#include <sodium.h>

#if (defined(__x86_64__) || defined(__i386__)) && \
	(defined(__GNUC__) || defined(__clang__))
#define EXTCRYPT_POLYVAL_X86 1
#include <immintrin.h>
#else
#define EXTCRYPT_POLYVAL_X86 0
#endif

/*
 * 32 x 32 -> 64-bit carry-less multiply using ordinary integer
 * multiplication.  Each operand is split into four parts that keep only
 * every fourth bit.  A product of two such parts has, at every bit
 * position that matters, a count of at most 8 partial products, which fits
 * in the 3 zero bits above it; so no carry ever reaches the next position
 * of interest and the low bit of each 4-bit group is the XOR we want.
 * The four products whose "phase" (bit offset mod 4) adds up to the same
 * value are combined and masked to that phase.
 */
static inline uint64_t clmul32(uint32_t x, uint32_t y)
{
	const uint64_t m0 = 0x11111111, m1 = 0x22222222;
	const uint64_t m2 = 0x44444444, m3 = 0x88888888;
	uint64_t x0 = x & m0, x1 = x & m1, x2 = x & m2, x3 = x & m3;
	uint64_t y0 = y & m0, y1 = y & m1, y2 = y & m2, y3 = y & m3;
	uint64_t z0, z1, z2, z3;

	z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
	z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
	z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
	z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);

	return (z0 & UINT64_C(0x1111111111111111)) |
	       (z1 & UINT64_C(0x2222222222222222)) |
	       (z2 & UINT64_C(0x4444444444444444)) |
	       (z3 & UINT64_C(0x8888888888888888));
}

/* 64 x 64 -> 128 bits, one Karatsuba level over clmul32. */
static inline void clmul64(uint64_t x, uint64_t y, uint64_t *lo, uint64_t *hi)
{
	uint32_t xl = (uint32_t)x, xh = (uint32_t)(x >> 32);
	uint32_t yl = (uint32_t)y, yh = (uint32_t)(y >> 32);
	uint64_t a = clmul32(xl, yl);
	uint64_t b = clmul32(xh, yh);
	uint64_t c = clmul32(xl ^ xh, yl ^ yh) ^ a ^ b;

	*lo = a ^ (c << 32);
	*hi = b ^ (c >> 32);
}

/* 128 x 128 -> 256 bits (z[0] least significant), Karatsuba again. */
static void clmul128_portable(const uint64_t a[2], const uint64_t b[2],
			      uint64_t z[4])
{
	uint64_t l0, l1, h0, h1, m0, m1;

	clmul64(a[0], b[0], &l0, &l1);
	clmul64(a[1], b[1], &h0, &h1);
	clmul64(a[0] ^ a[1], b[0] ^ b[1], &m0, &m1);
	m0 ^= l0 ^ h0;
	m1 ^= l1 ^ h1;

	z[0] = l0;
	z[1] = l1 ^ m0;
	z[2] = h0 ^ m1;
	z[3] = h1;
}

/*
 * z (256 bits) * x^-128 mod g, g = x^128 + x^127 + x^126 + x^121 + 1.
 *
 * Two rounds, each clearing the lowest 64-bit word q by adding q * g
 * (possible because g = 1 mod x^64, so the multiple needed is q itself)
 * and then dropping that word.  q * g spreads into the next two words as
 * q * (x^121 + x^126 + x^127 + x^128) = q * x^64 * (x^57 + x^62 + x^63 + x^64).
 */
static void mont_reduce(uint64_t z[4], uint64_t out[2])
{
	uint64_t q;

	q = z[0];
	z[1] ^= (q << 57) ^ (q << 62) ^ (q << 63);
	z[2] ^= q ^ (q >> 7) ^ (q >> 2) ^ (q >> 1);

	q = z[1];
	z[2] ^= (q << 57) ^ (q << 62) ^ (q << 63);
	z[3] ^= q ^ (q >> 7) ^ (q >> 2) ^ (q >> 1);

	out[0] = z[2];
	out[1] = z[3];
}

void extcrypt_polyval_dot_portable(const uint64_t a[2], const uint64_t b[2],
				   uint64_t out[2])
{
	uint64_t z[4];

	clmul128_portable(a, b, z);
	mont_reduce(z, out);
	sodium_memzero(z, sizeof(z));
}

#if EXTCRYPT_POLYVAL_X86
__attribute__((target("pclmul,sse2")))
static void clmul128_pclmul(const uint64_t a[2], const uint64_t b[2],
			    uint64_t z[4])
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)a);
	__m128i y = _mm_loadu_si128((const __m128i *)(const void *)b);
	__m128i lo = _mm_clmulepi64_si128(x, y, 0x00);
	__m128i hi = _mm_clmulepi64_si128(x, y, 0x11);
	__m128i mid = _mm_xor_si128(_mm_clmulepi64_si128(x, y, 0x01),
				    _mm_clmulepi64_si128(x, y, 0x10));
	uint64_t l[2], h[2], m[2];

	_mm_storeu_si128((__m128i *)(void *)l, lo);
	_mm_storeu_si128((__m128i *)(void *)h, hi);
	_mm_storeu_si128((__m128i *)(void *)m, mid);
	z[0] = l[0];
	z[1] = l[1] ^ m[0];
	z[2] = h[0] ^ m[1];
	z[3] = h[1];
}

int extcrypt_polyval_have_pclmul(void)
{
	return __builtin_cpu_supports("pclmul") ? 1 : 0;
}

/*
 * The update loop in SSE registers: a filename is a handful of blocks, and
 * moving each product through memory for the scalar reduction was most of
 * the time.  The reduction is mont_reduce's, with each q * (x^57 + x^62 +
 * x^63) done as one carry-less multiply by 0xc2 << 56.
 */
__attribute__((target("pclmul,sse2")))
static void update_pclmul(uint64_t acc[2], const uint64_t h[2],
			  const uint8_t *blocks, size_t nblocks)
{
	const __m128i p = _mm_set_epi64x(0, (long long)0xc200000000000000ULL);
	__m128i hv = _mm_loadu_si128((const __m128i *)(const void *)h);
	__m128i a = _mm_loadu_si128((const __m128i *)(const void *)acc);

	for (; nblocks > 0; nblocks--, blocks += EXTCRYPT_POLYVAL_BLOCK) {
		__m128i lo, hi, mid, t, sw;

		a = _mm_xor_si128(a, _mm_loadu_si128((const __m128i *)(const void *)blocks));
		lo = _mm_clmulepi64_si128(a, hv, 0x00);
		hi = _mm_clmulepi64_si128(a, hv, 0x11);
		mid = _mm_xor_si128(_mm_clmulepi64_si128(a, hv, 0x01),
				    _mm_clmulepi64_si128(a, hv, 0x10));
		lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
		hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
		/* Round 1 clears z0 (into z1, z2), round 2 clears z1. */
		t = _mm_clmulepi64_si128(lo, p, 0x00);
		sw = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
		t = _mm_clmulepi64_si128(sw, p, 0x00);
		a = _mm_xor_si128(_mm_xor_si128(hi, t),
				  _mm_shuffle_epi32(sw, 0x4e));
	}
	_mm_storeu_si128((__m128i *)(void *)acc, a);
}
#else
int extcrypt_polyval_have_pclmul(void)
{
	return 0;
}
#endif

int extcrypt_polyval_dot_pclmul(const uint64_t a[2], const uint64_t b[2],
				uint64_t out[2])
{
#if EXTCRYPT_POLYVAL_X86
	uint64_t z[4];

	if (!extcrypt_polyval_have_pclmul())
		return 0;
	clmul128_pclmul(a, b, z);
	mont_reduce(z, out);
	sodium_memzero(z, sizeof(z));
	return 1;
#else
	(void)a;
	(void)b;
	(void)out;
	return 0;
#endif
}

void extcrypt_polyval_init(struct extcrypt_polyval *ctx, const uint8_t key[16])
{
	ctx->h[0] = extcrypt_get_le64(key);
	ctx->h[1] = extcrypt_get_le64(key + 8);
	ctx->acc[0] = 0;
	ctx->acc[1] = 0;
	ctx->use_pclmul = extcrypt_polyval_have_pclmul();
}

void extcrypt_polyval_update(struct extcrypt_polyval *ctx,
			     const uint8_t *blocks, size_t nblocks)
{
	uint64_t z[4];

#if EXTCRYPT_POLYVAL_X86
	if (ctx->use_pclmul) {
		update_pclmul(ctx->acc, ctx->h, blocks, nblocks);
		return;
	}
#endif
	for (; nblocks > 0; nblocks--, blocks += EXTCRYPT_POLYVAL_BLOCK) {
		ctx->acc[0] ^= extcrypt_get_le64(blocks);
		ctx->acc[1] ^= extcrypt_get_le64(blocks + 8);
		clmul128_portable(ctx->acc, ctx->h, z);
		mont_reduce(z, ctx->acc);
	}
	sodium_memzero(z, sizeof(z));
}

void extcrypt_polyval_value(const struct extcrypt_polyval *ctx,
			    uint8_t out[16])
{
	extcrypt_put_le64(out, ctx->acc[0]);
	extcrypt_put_le64(out + 8, ctx->acc[1]);
}
