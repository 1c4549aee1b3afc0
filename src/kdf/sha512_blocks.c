// SPDX-License-Identifier: MIT
/*
 * The SHA-512 compression function, taken from OpenSSL.
 *
 * We do not write SHA-512 ourselves: OpenSSL's is vectorised (AVX2 + BMI2
 * on x86-64, the SHA-512 instructions on arm64 where present) and audited.
 * What we need that its EVP interface cannot give cheaply is to start from
 * a saved chaining state: that is what makes HKDF-Expand two compressions.
 * The low-level SHA512_* functions do exactly that.  OpenSSL 3.0 marks
 * them deprecated (in favour of EVP) but still ships and supports them for
 * the 3.x series; only this file touches them.
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* not enough on its own in 3.0 */
#include <openssl/sha.h>
#include <sodium.h>

#include "kdf/sha512_blocks.h"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

void extcrypt_sha512_init_state(struct extcrypt_sha512_state *st)
{
	SHA512_CTX c;

	SHA512_Init(&c);
	memcpy(st->h, c.h, sizeof(st->h));
	sodium_memzero(&c, sizeof(c));
}

void extcrypt_sha512_finish(const struct extcrypt_sha512_state *st,
			    uint64_t bytes_done,
			    const struct extcrypt_bytes *parts, size_t nparts,
			    uint8_t out[EXTCRYPT_SHA512_DIGEST])
{
	SHA512_CTX c;

	/* Rebuild an OpenSSL context positioned after `bytes_done` bytes of
	 * whole blocks: chaining value, 128-bit bit count, empty buffer. */
	SHA512_Init(&c);
	memcpy(c.h, st->h, sizeof(st->h));
	c.Nl = bytes_done << 3;
	c.Nh = bytes_done >> 61;
	for (size_t i = 0; i < nparts; i++)
		if (parts[i].len != 0)
			SHA512_Update(&c, parts[i].p, parts[i].len);
	SHA512_Final(out, &c);
	sodium_memzero(&c, sizeof(c));
}

void extcrypt_sha512_absorb_block(struct extcrypt_sha512_state *st,
				  const uint8_t block[EXTCRYPT_SHA512_BLOCK])
{
	SHA512_CTX c;

	/* SHA512_Transform reads and writes only the chaining value. */
	memcpy(c.h, st->h, sizeof(st->h));
	SHA512_Transform(&c, block);
	memcpy(st->h, c.h, sizeof(st->h));
	sodium_memzero(c.h, sizeof(c.h));
}

/* Pads the last `len` bytes of a message in `block` (FIPS 180-4: 0x80,
 * zeros, the 128-bit big-endian length in bits; the high half is zero for
 * our sizes but byte 119 carries bits 64..66). */
static void pad_block(uint8_t block[EXTCRYPT_SHA512_BLOCK], size_t len,
		      uint64_t total_bytes)
{
	uint64_t bits = total_bytes << 3;

	block[len] = 0x80;
	memset(block + len + 1, 0, EXTCRYPT_SHA512_BLOCK - 8 - (len + 1));
	block[EXTCRYPT_SHA512_BLOCK - 9] = (uint8_t)(total_bytes >> 61);
	for (int i = 0; i < 8; i++)
		block[EXTCRYPT_SHA512_BLOCK - 1 - i] = (uint8_t)(bits >> (8 * i));
}

static void store_be64s(uint8_t out[EXTCRYPT_SHA512_DIGEST], const SHA_LONG64 h[8])
{
	for (int i = 0; i < 8; i++) {
		uint64_t v = __builtin_bswap64(h[i]);

		memcpy(out + 8 * i, &v, 8);
	}
}

void extcrypt_sha512_finish_block(const struct extcrypt_sha512_state *st,
				  uint64_t bytes_done,
				  uint8_t block[EXTCRYPT_SHA512_BLOCK], size_t len,
				  uint8_t out[EXTCRYPT_SHA512_DIGEST])
{
	SHA512_CTX c;

	pad_block(block, len, bytes_done + len);
	/* SHA512_Transform reads and writes only the chaining value. */
	memcpy(c.h, st->h, sizeof(st->h));
	SHA512_Transform(&c, block);
	store_be64s(out, c.h);
	sodium_memzero(c.h, sizeof(c.h));
}
