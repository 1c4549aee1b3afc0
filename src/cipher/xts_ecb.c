// SPDX-License-Identifier: MIT
/*
 * XTS on a prepared ECB context, for block ciphers without an OpenSSL XTS.
 * Whole blocks go through the ECB context CHUNK bytes per call (the tweaks
 * of the chunk are computed first, XORed in before and after), so a 4 KiB
 * data unit costs a few OpenSSL calls, not 256.
 *
 * Ciphertext stealing, for a message of m full blocks and a last block of
 * r (1..15) bytes, with T_i the tweak of block i:
 *   encrypt: CC = XEX(T_{m-1}, P_{m-1}); C_m = CC[0..r);
 *            C_{m-1} = XEX(T_m, P_m || CC[r..16))
 *   decrypt: PP = XEX^-1(T_m, C_{m-1}); P_m = PP[0..r);
 *            P_{m-1} = XEX^-1(T_{m-1}, C_m || PP[r..16))
 * (IEEE 1619-2007 section 5.3.2; the kernel's xts() template does the same.)
 */
#include <sodium.h>
#include <string.h>

#include "cipher/xts_ecb.h"
#include "common/internal.h"

#define BLK 16
#define CHUNK 512 /* bytes per ECB call: 32 blocks of tweaks on the stack */

static void xor16(uint8_t *out, const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < BLK; i++)
		out[i] = a[i] ^ b[i];
}

/* t = t * x in GF(2^128), IEEE 1619 byte order; no secret branch. */
static void gf128_mul_x(uint8_t t[BLK])
{
	uint8_t carry = t[BLK - 1] >> 7;

	for (int i = BLK - 1; i > 0; i--)
		t[i] = (uint8_t)(t[i] << 1 | t[i - 1] >> 7);
	t[0] = (uint8_t)(t[0] << 1) ^ (uint8_t)(0x87 & -carry);
}

int extcrypt_xts_ecb_prepare(struct extcrypt_xts_ecb *x,
			     enum extcrypt_evp_cipher ecb, const uint8_t *key,
			     size_t key_len)
{
	size_t half = key_len / 2;
	int err = extcrypt_evp_slot_prepare(&x->enc, ecb, key, true);

	if (err == EXTCRYPT_OK)
		err = extcrypt_evp_slot_prepare(&x->dec, ecb, key, false);
	if (err == EXTCRYPT_OK)
		err = extcrypt_evp_slot_prepare(&x->tweak, ecb, key + half, true);
	return err;
}

void extcrypt_xts_ecb_free(struct extcrypt_xts_ecb *x)
{
	extcrypt_evp_slot_free(&x->enc);
	extcrypt_evp_slot_free(&x->dec);
	extcrypt_evp_slot_free(&x->tweak);
}

/* `n` bytes of whole blocks; `t` is the first block's tweak on entry and
 * the next block's on return. */
static bool xex_blocks(EVP_CIPHER_CTX *ctx, uint8_t t[BLK], const uint8_t *src,
		       uint8_t *dst, size_t n)
{
	uint8_t buf[CHUNK], tw[CHUNK];
	bool ok = true;

	for (size_t off = 0; ok && off < n; off += CHUNK) {
		size_t len = n - off < CHUNK ? n - off : CHUNK;

		for (size_t i = 0; i < len; i += BLK) {
			memcpy(tw + i, t, BLK);
			xor16(buf + i, src + off + i, t);
			gf128_mul_x(t);
		}
		ok = extcrypt_evp_blocks(ctx, buf, buf, len);
		for (size_t i = 0; ok && i < len; i += BLK)
			xor16(dst + off + i, buf + i, tw + i);
	}
	sodium_memzero(buf, sizeof(buf));
	sodium_memzero(tw, sizeof(tw));
	return ok;
}

/* The last full block and the `r` bytes after it; `t` is T_{m-1}. */
static bool steal(EVP_CIPHER_CTX *ctx, bool enc, const uint8_t t[BLK],
		  const uint8_t *src, uint8_t *dst, size_t r)
{
	uint8_t t_last[BLK], first[BLK], last[BLK];
	bool ok;

	memcpy(t_last, t, BLK);
	gf128_mul_x(t_last); /* T_m */
	/* Encrypt: block m-1 with T_{m-1}, then the stolen one with T_m;
	 * decrypt the other way round. */
	memcpy(first, t, BLK);
	ok = xex_blocks(ctx, enc ? first : t_last, src, last, BLK);
	memcpy(first, src + BLK, r); /* read P_m / C_m before writing */
	memcpy(first + r, last + r, BLK - r);
	memcpy(dst + BLK, last, r);
	memcpy(last, t, BLK);
	ok = ok && xex_blocks(ctx, enc ? t_last : last, first, dst, BLK);
	sodium_memzero(t_last, sizeof(t_last));
	sodium_memzero(first, sizeof(first));
	sodium_memzero(last, sizeof(last));
	return ok;
}

bool extcrypt_xts_ecb_crypt(struct extcrypt_xts_ecb *x, bool enc,
			    const uint8_t iv[16], const uint8_t *src,
			    uint8_t *dst, size_t len)
{
	struct extcrypt_evp_slot *slot = enc ? &x->enc : &x->dec;
	EVP_CIPHER_CTX *tctx = extcrypt_evp_slot_get(&x->tweak);
	EVP_CIPHER_CTX *ctx = extcrypt_evp_slot_get(slot);
	size_t r = len % BLK, whole = len - r - (r != 0 ? BLK : 0);
	uint8_t t[BLK];
	bool ok = extcrypt_evp_blocks(tctx, iv, t, BLK) && ctx != NULL;

	ok = ok && xex_blocks(ctx, t, src, dst, whole);
	if (ok && r != 0)
		ok = steal(ctx, enc, t, src + whole, dst + whole, r);
	extcrypt_evp_slot_put(&x->tweak, tctx);
	extcrypt_evp_slot_put(slot, ctx);
	sodium_memzero(t, sizeof(t));
	return ok;
}
