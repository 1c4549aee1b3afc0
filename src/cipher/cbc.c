// SPDX-License-Identifier: MIT
/*
 * CS3 in short, for n = ceil(len / 16) > 1 blocks and a last block of
 * t = len - 16 (n - 1) bytes: CBC-encrypt P_1 .. P_{n-1}, then encrypt the
 * zero-padded P_n chained on C_{n-1}; the output swaps the last two
 * blocks, C_1 .. C_{n-2} || C_n || C_{n-1} truncated to t bytes.  For
 * n = 1 it is plain CBC of one block.
 */
#include <sodium.h>
#include <string.h>

#include "cipher/cbc.h"
#include "common/evp_slot.h"

#define BLK 16

static void xor16(uint8_t *out, const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < BLK; i++)
		out[i] = a[i] ^ b[i];
}

bool extcrypt_cbc_encrypt(EVP_CIPHER_CTX *ecb, uint8_t chain[16],
			  const uint8_t *src, uint8_t *dst, size_t nblocks)
{
	bool ok = true;

	for (size_t i = 0; ok && i < nblocks; i++) {
		xor16(chain, chain, src + i * BLK);
		ok = extcrypt_evp_blocks(ecb, chain, chain, BLK);
		memcpy(dst + i * BLK, chain, BLK);
	}
	return ok;
}

bool extcrypt_cbc_decrypt(EVP_CIPHER_CTX *ecb, uint8_t chain[16],
			  const uint8_t *src, uint8_t *dst, size_t nblocks)
{
	uint8_t c[BLK], p[BLK];
	bool ok = true;

	for (size_t i = 0; ok && i < nblocks; i++) {
		memcpy(c, src + i * BLK, BLK); /* src may be dst */
		ok = extcrypt_evp_blocks(ecb, c, p, BLK);
		xor16(dst + i * BLK, p, chain);
		memcpy(chain, c, BLK);
	}
	sodium_memzero(p, sizeof(p));
	return ok;
}

bool extcrypt_cts_encrypt(EVP_CIPHER_CTX *ecb, const uint8_t iv[16],
			  const uint8_t *src, uint8_t *dst, size_t len)
{
	size_t n = (len + BLK - 1) / BLK, t = len - (n - 1) * BLK;
	uint8_t chain[BLK], last[BLK];
	bool ok;

	memcpy(chain, iv, BLK);
	if (n == 1)
		return extcrypt_cbc_encrypt(ecb, chain, src, dst, 1);
	/* C_1 .. C_{n-2} in place; C_{n-1} stays in chain. */
	ok = extcrypt_cbc_encrypt(ecb, chain, src, dst, n - 2);
	if (ok) {
		xor16(chain, chain, src + (n - 2) * BLK);
		ok = extcrypt_evp_blocks(ecb, chain, chain, BLK);
	}
	memset(last, 0, BLK);
	memcpy(last, src + (n - 1) * BLK, t); /* read P_n before writing */
	xor16(last, last, chain);
	ok = ok && extcrypt_evp_blocks(ecb, last, last, BLK);
	memcpy(dst + (n - 1) * BLK, chain, t);
	memcpy(dst + (n - 2) * BLK, last, BLK);
	sodium_memzero(chain, sizeof(chain));
	sodium_memzero(last, sizeof(last));
	return ok;
}

bool extcrypt_cts_decrypt(EVP_CIPHER_CTX *ecb, const uint8_t iv[16],
			  const uint8_t *src, uint8_t *dst, size_t len)
{
	size_t n = (len + BLK - 1) / BLK, t = len - (n - 1) * BLK;
	uint8_t chain[BLK], d[BLK], cn1[BLK];
	bool ok;

	memcpy(chain, iv, BLK);
	if (n == 1)
		return extcrypt_cbc_decrypt(ecb, chain, src, dst, 1);
	ok = extcrypt_cbc_decrypt(ecb, chain, src, dst, n - 2);
	/* d = D(C_n) = C_{n-1} ^ padded P_n; C_{n-1} = its first t bytes as
	 * stored, the rest from d (P_n's padding is zero). */
	ok = ok && extcrypt_evp_blocks(ecb, src + (n - 2) * BLK, d, BLK);
	memcpy(cn1, d, BLK);
	memcpy(cn1, src + (n - 1) * BLK, t);
	xor16(d, d, cn1);              /* d = padded P_n */
	ok = ok && extcrypt_evp_blocks(ecb, cn1, cn1, BLK);
	xor16(dst + (n - 2) * BLK, cn1, chain); /* P_{n-1} */
	memcpy(dst + (n - 1) * BLK, d, t);
	sodium_memzero(chain, sizeof(chain));
	sodium_memzero(d, sizeof(d));
	sodium_memzero(cn1, sizeof(cn1));
	return ok;
}

bool extcrypt_cts_encrypt_cbc(EVP_CIPHER_CTX *cbc, uint8_t chain[16],
			      const uint8_t iv[16], const uint8_t *src,
			      uint8_t *dst, size_t len)
{
	size_t n = (len + BLK - 1) / BLK, t = len - (n - 1) * BLK;
	uint8_t buf[EXTCRYPT_CTS_ONE_PASS_MAX];
	bool ok;

	memset(buf + (n - 1) * BLK, 0, BLK);
	memcpy(buf, src, len);
	xor16(buf, buf, iv);
	xor16(buf, buf, chain); /* the context XORs its chain in again */
	ok = extcrypt_evp_blocks(cbc, buf, buf, n * BLK);
	if (ok && n == 1) {
		memcpy(dst, buf, BLK);
	} else if (ok) {
		memcpy(dst, buf, (n - 2) * BLK);
		memcpy(dst + (n - 2) * BLK, buf + (n - 1) * BLK, BLK);
		memcpy(dst + (n - 1) * BLK, buf + (n - 2) * BLK, t);
	}
	memcpy(chain, buf + (n - 1) * BLK, BLK);
	sodium_memzero(buf, n * BLK);
	return ok;
}
