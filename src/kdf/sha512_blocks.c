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

void extcrypt_sha512_final_block(const struct extcrypt_sha512_state *st,
				 uint8_t block[EXTCRYPT_SHA512_BLOCK],
				 size_t len, uint64_t total_bytes,
				 uint8_t out[EXTCRYPT_SHA512_DIGEST])
{
	struct extcrypt_sha512_state s = *st;

	/* FIPS 180-4 padding: 0x80, zeros, then the 128-bit big-endian
	 * message length in bits (the high half is zero for our sizes). */
	block[len] = 0x80;
	memset(block + len + 1, 0, EXTCRYPT_SHA512_BLOCK - 8 - (len + 1));
	for (int i = 0; i < 8; i++)
		block[EXTCRYPT_SHA512_BLOCK - 1 - i] = (uint8_t)((total_bytes << 3) >> (8 * i));
	block[EXTCRYPT_SHA512_BLOCK - 9] = (uint8_t)(total_bytes >> 61);
	extcrypt_sha512_absorb_block(&s, block);
	for (int i = 0; i < 8; i++)
		for (int b = 0; b < 8; b++)
			out[8 * i + b] = (uint8_t)(s.h[i] >> (56 - 8 * b));
	sodium_memzero(&s, sizeof(s));
}
