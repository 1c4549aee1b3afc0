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

	SHA512_Init(&c);
	memcpy(c.h, st->h, sizeof(st->h));
	SHA512_Transform(&c, block);
	memcpy(st->h, c.h, sizeof(st->h));
	sodium_memzero(&c, sizeof(c));
}
