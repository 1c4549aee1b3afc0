/* SPDX-License-Identifier: MIT */
/*
 * Adiantum (XChaCha12, AES-256, NH-Poly1305).
 *
 * Subkeys: XChaCha12 under the user key K with nonce 01 00 ... 00 (24
 * bytes) produces, in this order, K_E (32-byte AES key), K_T and K_M
 * (16-byte Poly1305 "r" values, for the tweak part and the message part of
 * the hash) and K_N (1072-byte NH key).
 *
 * Hash of a tweak T and a bulk part X (all but the last 16 bytes):
 *   H(T, X) = Poly1305'(K_T, le128(8 * |X|) || T)
 *           + Poly1305'(K_M, NH(chunk_1) || NH(chunk_2) || ...)   mod 2^128
 * where chunk_i are 1024-byte pieces of X zero-padded to a multiple of 16,
 * and Poly1305' is the polynomial evaluation mod 2^130 - 5 reduced to 128
 * bits *without* adding the usual one-time pad s.  libsodium's Poly1305
 * computes ((h mod p) + s) mod 2^128, so keying it with r || 0^16 gives
 * exactly Poly1305'.
 *
 * With the input split as L || R (|R| = 16), both directions have one shape:
 *   x   = R + H(T, L)                      (P_M, or C_M when decrypting)
 *   y   = AES_{K_E}(x), or AES^-1 when decrypting
 *   C_M = y when encrypting, x when decrypting
 *   L'  = L ^ XChaCha12_K(nonce = C_M || 01 || 00*7)
 *   R'  = y - H(T, L')
 *   out = L' || R'
 *
 * AES is OpenSSL's (AES-NI or its constant-time vector-permute code).
 * Branches and loop counts depend on lengths and direction only.
 */
#include "common/internal.h"
#include "adiantum/adiantum.h"
#include "adiantum/chacha.h"
#include "adiantum/nh.h"
#include "common/evp_slot.h"

#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "extcrypt/error.h"

#define BLK 16
#define ADIANTUM_ROUNDS 12


/* Layout of the derived key stream. */
enum {
	KOFF_AES = 0,
	KOFF_POLY_T = 32,
	KOFF_POLY_M = 48,
	KOFF_NH = 64,
	KSTREAM_LEN = 64 + EXTCRYPT_NH_KEY_SIZE,
};


/* out = a + b mod 2^128 (little-endian); carry computed without branches. */
static void le128_add(uint8_t out[BLK], const uint8_t a[BLK],
		      const uint8_t b[BLK])
{
	uint64_t a0 = extcrypt_get_le64(a), a1 = extcrypt_get_le64(a + 8);
	uint64_t b0 = extcrypt_get_le64(b), b1 = extcrypt_get_le64(b + 8);
	uint64_t lo = a0 + b0;
	uint64_t carry = ((a0 & b0) | ((a0 | b0) & ~lo)) >> 63;

	extcrypt_put_le64(out, lo);
	extcrypt_put_le64(out + 8, a1 + b1 + carry);
}

/* out = a - b mod 2^128 (little-endian). */
static void le128_sub(uint8_t out[BLK], const uint8_t a[BLK],
		      const uint8_t b[BLK])
{
	uint64_t a0 = extcrypt_get_le64(a), a1 = extcrypt_get_le64(a + 8);
	uint64_t b0 = extcrypt_get_le64(b), b1 = extcrypt_get_le64(b + 8);
	uint64_t lo = a0 - b0;
	uint64_t borrow = ((~a0 & b0) | ((~a0 | b0) & lo)) >> 63;

	extcrypt_put_le64(out, lo);
	extcrypt_put_le64(out + 8, a1 - b1 - borrow);
}

_Static_assert(sizeof(((struct extcrypt_adiantum_key *)0)->stream) ==
	       KSTREAM_LEN, "adiantum.h's key stream size");

int extcrypt_adiantum_prepare(struct extcrypt_adiantum_key *k,
			      const uint8_t key[32])
{
	uint8_t nonce[EXTCRYPT_XCHACHA_NONCE_SIZE] = { 0x01 };
	int err;

	memcpy(k->key, key, sizeof(k->key));
	extcrypt_xchacha_xor(key, nonce, 0, NULL, k->stream, sizeof(k->stream),
			     ADIANTUM_ROUNDS);
	extcrypt_nh_load_key(k->nh, k->stream + KOFF_NH);
	err = extcrypt_evp_slot_prepare(&k->aes_enc, EXTCRYPT_EVP_AES256_ECB,
					k->stream + KOFF_AES, true);
	if (err == EXTCRYPT_OK)
		err = extcrypt_evp_slot_prepare(&k->aes_dec,
						EXTCRYPT_EVP_AES256_ECB,
						k->stream + KOFF_AES, false);
	return err;
}

void extcrypt_adiantum_key_wipe(struct extcrypt_adiantum_key *k)
{
	extcrypt_evp_slot_free(&k->aes_enc);
	extcrypt_evp_slot_free(&k->aes_dec);
	sodium_memzero(k->key, sizeof(k->key));
	sodium_memzero(k->stream, sizeof(k->stream));
	sodium_memzero(k->nh, sizeof(k->nh));
}

/* libsodium Poly1305 key r || 0^16: no one-time pad added at the end. */
static void poly_init(crypto_onetimeauth_poly1305_state *st,
		      const uint8_t r[16])
{
	uint8_t pk[crypto_onetimeauth_poly1305_KEYBYTES];

	memcpy(pk, r, 16);
	memset(pk + 16, 0, sizeof(pk) - 16);
	crypto_onetimeauth_poly1305_init(st, pk);
	sodium_memzero(pk, sizeof(pk));
}

/* Poly1305'(K_T, le128(8 * bulk_len) || T) */
static void hash_tweak(const struct extcrypt_adiantum_key *k, const uint8_t *tweak,
		       size_t tweak_len, size_t bulk_len, uint8_t out[BLK])
{
	crypto_onetimeauth_poly1305_state st;
	uint8_t header[BLK];

	memset(header, 0, sizeof(header));
	extcrypt_put_le64(header, (uint64_t)bulk_len * 8);

	poly_init(&st, k->stream + KOFF_POLY_T);
	crypto_onetimeauth_poly1305_update(&st, header, sizeof(header));
	if (tweak_len > 0)
		crypto_onetimeauth_poly1305_update(&st, tweak, tweak_len);
	crypto_onetimeauth_poly1305_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

/* Poly1305'(K_M, NH over each zero-padded 1024-byte chunk of msg) */
static void hash_bulk(const struct extcrypt_adiantum_key *k, const uint8_t *msg,
		      size_t len, uint8_t out[BLK])
{
	crypto_onetimeauth_poly1305_state st;
	uint64_t sums[EXTCRYPT_NH_PASSES];
	uint8_t nh_out[EXTCRYPT_NH_OUTPUT];
	uint8_t pad[EXTCRYPT_NH_UNIT];

	poly_init(&st, k->stream + KOFF_POLY_M);
	while (len > 0) {
		size_t chunk = len < EXTCRYPT_NH_MESSAGE_MAX ?
				       len : EXTCRYPT_NH_MESSAGE_MAX;
		size_t units = chunk / EXTCRYPT_NH_UNIT;
		size_t rem = chunk % EXTCRYPT_NH_UNIT;

		memset(sums, 0, sizeof(sums));
		extcrypt_nh_update(sums, k->nh, msg, units);
		if (rem > 0) {
			/* Only the final chunk can end in a partial unit. */
			memset(pad, 0, sizeof(pad));
			memcpy(pad, msg + units * EXTCRYPT_NH_UNIT, rem);
			extcrypt_nh_update(sums, k->nh + 4 * units, pad, 1);
		}
		extcrypt_nh_output(nh_out, sums);
		crypto_onetimeauth_poly1305_update(&st, nh_out, sizeof(nh_out));
		msg += chunk;
		len -= chunk;
	}
	crypto_onetimeauth_poly1305_final(&st, out);

	sodium_memzero(&st, sizeof(st));
	sodium_memzero(sums, sizeof(sums));
	sodium_memzero(nh_out, sizeof(nh_out));
	sodium_memzero(pad, sizeof(pad));
}

/* One AES-256 block with the prepared context of that direction. */
static bool aes_block(struct extcrypt_adiantum_key *k, bool enc,
		      const uint8_t in[BLK], uint8_t out[BLK])
{
	struct extcrypt_evp_slot *slot = enc ? &k->aes_enc : &k->aes_dec;
	EVP_CIPHER_CTX *ctx = extcrypt_evp_slot_get(slot);
	bool ok = extcrypt_evp_blocks(ctx, in, out, BLK);

	extcrypt_evp_slot_put(slot, ctx);
	return ok;
}

int extcrypt_adiantum_crypt(struct extcrypt_adiantum_key *k, bool encrypt,
			    const uint8_t *tweak, size_t tweak_len,
			    const uint8_t *src, uint8_t *dst, size_t len)
{
	uint8_t ht[BLK], hb[BLK], h[BLK], r_in[BLK], x[BLK], y[BLK];
	uint8_t nonce[EXTCRYPT_XCHACHA_NONCE_SIZE];
	size_t bulk_len;
	int ret = EXTCRYPT_E_CRYPTO;

	if (k == NULL || src == NULL || dst == NULL ||
	    (tweak == NULL && tweak_len != 0))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "Adiantum: NULL key, buffer or tweak");
	if (len < BLK)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "Adiantum: message of %zu bytes, at least 16",
				     len);
	bulk_len = len - BLK;
	/* The hash encodes the bulk length in bits as a 64-bit value. */
	if ((uint64_t)bulk_len > UINT64_MAX / 8)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "Adiantum: message of %zu bytes is too long",
				     len);

	hash_tweak(k, tweak, tweak_len, bulk_len, ht);

	/* Keep R: with src == dst it is overwritten at the very end. */
	memcpy(r_in, src + bulk_len, BLK);

	hash_bulk(k, src, bulk_len, hb);
	le128_add(h, ht, hb);
	le128_add(x, r_in, h);
	if (!aes_block(k, encrypt, x, y)) {
		extcrypt_fail(ret, "Adiantum: OpenSSL AES failed");
		goto out;
	}

	memcpy(nonce, encrypt ? y : x, BLK);
	nonce[BLK] = 0x01;
	memset(nonce + BLK + 1, 0, sizeof(nonce) - BLK - 1);
	extcrypt_xchacha_xor(k->key, nonce, 0, src, dst, bulk_len,
			     ADIANTUM_ROUNDS);

	hash_bulk(k, dst, bulk_len, hb);
	le128_add(h, ht, hb);
	le128_sub(dst + bulk_len, y, h);
	ret = 0;

out:
	if (ret != 0)
		sodium_memzero(dst, len);
	sodium_memzero(ht, sizeof(ht));
	sodium_memzero(hb, sizeof(hb));
	sodium_memzero(h, sizeof(h));
	sodium_memzero(r_in, sizeof(r_in));
	sodium_memzero(x, sizeof(x));
	sodium_memzero(y, sizeof(y));
	sodium_memzero(nonce, sizeof(nonce));
	return ret;
}
