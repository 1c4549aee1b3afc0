/* SPDX-License-Identifier: MIT */
/*
 * ChaCha / HChaCha / XChaCha (D. J. Bernstein; XChaCha per the
 * draft-irtf-cfrg-xchacha construction), reduced-round capable.
 *
 * State words: 0-3 the "expand 32-byte k" constants, 4-11 the key,
 * 12-13 the block counter (little-endian 64-bit), 14-15 the nonce.
 */
#include "common/internal.h"
#include "adiantum/chacha.h"

#include <string.h>

#include <sodium.h>

#define CHACHA_BLOCK 64

static inline uint32_t rotl32(uint32_t v, int c)
{
	return (v << c) | (v >> (32 - c));
}

#define QR(a, b, c, d)                          \
	do {                                    \
		a += b; d ^= a; d = rotl32(d, 16); \
		c += d; b ^= c; b = rotl32(b, 12); \
		a += b; d ^= a; d = rotl32(d, 8);  \
		c += d; b ^= c; b = rotl32(b, 7);  \
	} while (0)

/* Apply `rounds` rounds (column round then diagonal round, repeated). */
static void chacha_permute(uint32_t x[16], unsigned int rounds)
{
	for (unsigned int i = 0; i < rounds; i += 2) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
}

static void chacha_init(uint32_t st[16], const uint8_t key[32])
{
	/* "expand 32-byte k" */
	st[0] = 0x61707865;
	st[1] = 0x3320646e;
	st[2] = 0x79622d32;
	st[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		st[4 + i] = extcrypt_get_le32(key + 4 * i);
}

void extcrypt_hchacha(uint8_t out[32], const uint8_t key[32],
		      const uint8_t nonce[16], unsigned int rounds)
{
	uint32_t x[16];

	chacha_init(x, key);
	for (int i = 0; i < 4; i++)
		x[12 + i] = extcrypt_get_le32(nonce + 4 * i);
	chacha_permute(x, rounds);
	/*
	 * No feed-forward: the output is the first and last rows of the
	 * permuted state, which the construction shows to be safe to reveal.
	 */
	for (int i = 0; i < 4; i++) {
		extcrypt_put_le32(out + 4 * i, x[i]);
		extcrypt_put_le32(out + 16 + 4 * i, x[12 + i]);
	}
	sodium_memzero(x, sizeof(x));
}

void extcrypt_chacha_xor(const uint8_t key[32], const uint8_t nonce[8],
			 uint64_t counter, const uint8_t *src, uint8_t *dst,
			 size_t len, unsigned int rounds)
{
	uint32_t st[16], x[16];
	uint8_t ks[CHACHA_BLOCK];

	chacha_init(st, key);
	st[14] = extcrypt_get_le32(nonce);
	st[15] = extcrypt_get_le32(nonce + 4);

	while (len > 0) {
		size_t n = len < CHACHA_BLOCK ? len : CHACHA_BLOCK;

		st[12] = (uint32_t)counter;
		st[13] = (uint32_t)(counter >> 32);
		memcpy(x, st, sizeof(x));
		chacha_permute(x, rounds);
		for (int i = 0; i < 16; i++)
			extcrypt_put_le32(ks + 4 * i, x[i] + st[i]);

		if (src != NULL) {
			for (size_t j = 0; j < n; j++)
				dst[j] = src[j] ^ ks[j];
			src += n;
		} else {
			memcpy(dst, ks, n);
		}
		dst += n;
		len -= n;
		counter++;
	}
	sodium_memzero(st, sizeof(st));
	sodium_memzero(x, sizeof(x));
	sodium_memzero(ks, sizeof(ks));
}

void extcrypt_xchacha_xor(const uint8_t key[32], const uint8_t nonce[24],
			  uint64_t counter, const uint8_t *src, uint8_t *dst,
			  size_t len, unsigned int rounds)
{
	uint8_t subkey[32];

	extcrypt_hchacha(subkey, key, nonce, rounds);
	extcrypt_chacha_xor(subkey, nonce + 16, counter, src, dst, len, rounds);
	sodium_memzero(subkey, sizeof(subkey));
}
