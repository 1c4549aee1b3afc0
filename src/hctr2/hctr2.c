/* SPDX-License-Identifier: MIT */
/*
 * AES-256-HCTR2.
 *
 * Notation follows the HCTR2 paper.  The input is split into a first
 * 16-byte block and the rest ("tail", possibly empty):
 *
 *   encrypt:  MM = M ^ H(T, N);  UU = E(MM);  S = MM ^ UU ^ L;
 *             V = N ^ XCTR(S);   U = UU ^ H(T, V);          out = U || V
 *   decrypt:  UU = U ^ H(T, V);  MM = D(UU);  S = MM ^ UU ^ L;
 *             N = V ^ XCTR(S);   M = MM ^ H(T, N);          out = M || N
 *
 * Both directions therefore share one shape: hash the input tail into the
 * first block, run AES one way or the other, derive S, XOR the tail with
 * the XCTR stream, and hash the output tail into the AES result.
 *
 *   h = E(0^128)  (POLYVAL key),  L = E(le128(1))
 *   H(T, X) = POLYVAL(h, le128(16 * |T| + (|X| % 16 ? 3 : 2)) || pad0(T) ||
 *                        (|X| % 16 ? pad0(X || 0x01) : X))
 *   XCTR(S) block i (i = 1, 2, ...) = E(S ^ le128(i))
 *
 * AES comes from OpenSSL (AES-NI, or its constant-time vector-permute
 * code); POLYVAL and XCTR are here.  Everything that depends on secrets is
 * straight-line code; branches and loop counts depend on lengths only.
 */
#include "common/internal.h"
#include "hctr2/hctr2.h"
#include "hctr2/polyval.h"
#include "common/evp_slot.h"

#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "extcrypt/error.h"

#define BLK 16
/* XCTR counter blocks handed to OpenSSL per call. */
#define XCTR_BATCH_BLOCKS 16


/*
 * The length block holds 16 * tweak_len + 3 as a 128-bit integer; we only
 * build its low 64 bits, so refuse tweaks for which that would not be
 * enough (far beyond anything real).
 */
#define HCTR2_MAX_TWEAK_LEN ((UINT64_MAX - 3) / 16)

static inline void xor16(uint8_t *out, const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < BLK; i++)
		out[i] = a[i] ^ b[i];
}

/*
 * POLYVAL state after the length block and the padded tweak.  Both hash
 * evaluations of one call share it, since the tails they hash have the
 * same length.
 */
static void hash_tweak(struct extcrypt_polyval *pv, const uint8_t hkey[16],
		       const uint8_t *tweak, size_t tweak_len, size_t tail_len)
{
	uint8_t block[BLK];
	size_t full = tweak_len / BLK, rem = tweak_len % BLK;

	extcrypt_polyval_init(pv, hkey);

	memset(block, 0, sizeof(block));
	extcrypt_put_le64(block, (uint64_t)tweak_len * 16 + 2 +
				  (tail_len % BLK != 0 ? 1 : 0));
	extcrypt_polyval_update(pv, block, 1);

	if (full > 0)
		extcrypt_polyval_update(pv, tweak, full);
	if (rem > 0) {
		memset(block, 0, sizeof(block));
		memcpy(block, tweak + full * BLK, rem);
		extcrypt_polyval_update(pv, block, 1);
	}
	sodium_memzero(block, sizeof(block));
}

/* H(T, msg) given the tweak state; a partial last block gets 0x01 0x00... */
static void hash_tail(const struct extcrypt_polyval *tweak_state,
		      const uint8_t *msg, size_t len, uint8_t out[BLK])
{
	struct extcrypt_polyval pv = *tweak_state;
	uint8_t block[BLK];
	size_t full = len / BLK, rem = len % BLK;

	if (full > 0)
		extcrypt_polyval_update(&pv, msg, full);
	if (rem > 0) {
		memset(block, 0, sizeof(block));
		memcpy(block, msg + full * BLK, rem);
		block[rem] = 0x01;
		extcrypt_polyval_update(&pv, block, 1);
	}
	extcrypt_polyval_value(&pv, out);
	sodium_memzero(block, sizeof(block));
	sodium_memzero(&pv, sizeof(pv));
}

/* out = in ^ XCTR_K(s), len bytes; the last block may be partial. */
static bool xctr_xor(EVP_CIPHER_CTX *enc, const uint8_t s[BLK],
		    const uint8_t *in, uint8_t *out, size_t len)
{
	uint8_t ctr[XCTR_BATCH_BLOCKS * BLK];
	uint8_t ks[XCTR_BATCH_BLOCKS * BLK];
	uint64_t s_lo = extcrypt_get_le64(s), s_hi = extcrypt_get_le64(s + 8);
	uint64_t i = 1;
	size_t used = (len + BLK - 1) / BLK * BLK;
	int ok = 1;

	if (used > sizeof(ks))
		used = sizeof(ks);

	while (len > 0) {
		size_t n = len < sizeof(ks) ? len : sizeof(ks);
		size_t nblocks = (n + BLK - 1) / BLK;

		/* Counters stay far below 2^64, so le128(i) has a zero high half. */
		for (size_t b = 0; b < nblocks; b++, i++) {
			extcrypt_put_le64(ctr + b * BLK, s_lo ^ i);
			extcrypt_put_le64(ctr + b * BLK + 8, s_hi);
		}
		if (!extcrypt_evp_blocks(enc, ctr, ks, nblocks * BLK)) {
			ok = 0;
			break;
		}
		for (size_t j = 0; j < n; j++)
			out[j] = in[j] ^ ks[j];
		in += n;
		out += n;
		len -= n;
	}
	/* Only what was used: short names are the common case. */
	sodium_memzero(ctr, used);
	sodium_memzero(ks, used);
	sodium_memzero(&s_lo, sizeof(s_lo));
	sodium_memzero(&s_hi, sizeof(s_hi));
	return ok;
}

int extcrypt_hctr2_prepare(struct extcrypt_hctr2_key *k,
			   const uint8_t key[32])
{
	EVP_CIPHER_CTX *ctx;
	int err;

	err = extcrypt_evp_slot_prepare(&k->enc, EXTCRYPT_EVP_AES256_ECB, key,
					true);
	if (err == EXTCRYPT_OK)
		err = extcrypt_evp_slot_prepare(&k->dec, EXTCRYPT_EVP_AES256_ECB,
						key, false);
	if (err != EXTCRYPT_OK)
		return err;
	/* h = E(0) and L = E(le128(1)) depend on the key only. */
	memset(k->hl, 0, sizeof(k->hl));
	k->hl[BLK] = 0x01;
	ctx = extcrypt_evp_slot_get(&k->enc);
	if (!extcrypt_evp_blocks(ctx, k->hl, k->hl, sizeof(k->hl)))
		err = extcrypt_fail(EXTCRYPT_E_CRYPTO, "OpenSSL AES failed");
	extcrypt_evp_slot_put(&k->enc, ctx);
	return err;
}

void extcrypt_hctr2_key_wipe(struct extcrypt_hctr2_key *k)
{
	extcrypt_evp_slot_free(&k->enc);
	extcrypt_evp_slot_free(&k->dec);
	sodium_memzero(k->hl, sizeof(k->hl));
}

/* The steps after the tweak hash, with the contexts borrowed. */
static bool hctr2_core(const struct extcrypt_hctr2_key *k,
		       EVP_CIPHER_CTX *ectx, EVP_CIPHER_CTX *bctx,
		       const struct extcrypt_polyval *tstate,
		       const uint8_t *src, uint8_t *dst, size_t len)
{
	uint8_t first_in[BLK], dig[BLK], a[BLK], b[BLK], s[BLK];
	const uint8_t *tail_in = src + BLK;
	uint8_t *tail_out = dst + BLK;
	size_t tail_len = len - BLK;
	bool ok;

	/* Keep the first input block: with src == dst it gets overwritten. */
	memcpy(first_in, src, BLK);

	/* a = MM (encrypt) or UU (decrypt); b = the other one. */
	hash_tail(tstate, tail_in, tail_len, dig);
	xor16(a, first_in, dig);
	ok = extcrypt_evp_blocks(bctx, a, b, BLK);
	if (ok) {
		xor16(s, a, b);
		xor16(s, s, k->hl + BLK);
		ok = xctr_xor(ectx, s, tail_in, tail_out, tail_len);
	}
	if (ok) {
		hash_tail(tstate, tail_out, tail_len, dig);
		xor16(dst, b, dig);
	}
	sodium_memzero(first_in, sizeof(first_in));
	sodium_memzero(dig, sizeof(dig));
	sodium_memzero(a, sizeof(a));
	sodium_memzero(b, sizeof(b));
	sodium_memzero(s, sizeof(s));
	return ok;
}

int extcrypt_hctr2_crypt(struct extcrypt_hctr2_key *k, bool encrypt,
			 const uint8_t *tweak, size_t tweak_len,
			 const uint8_t *src, uint8_t *dst, size_t len)
{
	struct extcrypt_polyval tstate;
	EVP_CIPHER_CTX *ectx, *dctx = NULL;
	bool ok;

	if (k == NULL || src == NULL || dst == NULL ||
	    (tweak == NULL && tweak_len != 0))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "HCTR2: NULL key, buffer or tweak");
	if (len < BLK)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "HCTR2: message of %zu bytes, at least 16",
				     len);
	if ((uint64_t)tweak_len > HCTR2_MAX_TWEAK_LEN)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "HCTR2: tweak of %zu bytes is too long",
				     tweak_len);

	hash_tweak(&tstate, k->hl, tweak, tweak_len, len - BLK);
	ectx = extcrypt_evp_slot_get(&k->enc);
	if (!encrypt)
		dctx = extcrypt_evp_slot_get(&k->dec);
	ok = ectx != NULL && (encrypt || dctx != NULL) &&
	     hctr2_core(k, ectx, encrypt ? ectx : dctx, &tstate, src, dst, len);
	extcrypt_evp_slot_put(&k->enc, ectx);
	if (!encrypt)
		extcrypt_evp_slot_put(&k->dec, dctx);
	sodium_memzero(&tstate, sizeof(tstate));
	if (!ok) {
		sodium_memzero(dst, len);
		return extcrypt_fail(EXTCRYPT_E_CRYPTO,
				     "HCTR2: OpenSSL AES failed");
	}
	return EXTCRYPT_OK;
}
