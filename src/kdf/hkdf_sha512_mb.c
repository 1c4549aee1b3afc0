// SPDX-License-Identifier: MIT
/*
 * Many one-block HKDF-Expands at once: the HMAC's inner and outer
 * compressions of up to 8 keys per multi-buffer pass.
 *
 * Both compressions start from a state shared by every lane (the prepared
 * PRK), and the outer block's first 8 words are the inner chaining values
 * themselves (the inner digest is their big-endian bytes, and blocks are
 * word-sliced in host order), so nothing is byte-swapped between the two.
 */
#include <sodium.h>
#include <string.h>

#include "kdf/hkdf_sha512.h"
#include "kdf/sha512_mb.h"

#define LANES EXTCRYPT_SHA512_MB_LANES
#define MAX_MSG (EXTCRYPT_SHA512_BLOCK - 17) /* room for 0x80 and length */

/* Everything that holds secrets, wiped once per call. */
struct mb_scratch {
	struct extcrypt_sha512_mb_state st;
	struct extcrypt_sha512_mb_block blk;
	uint8_t bytes[EXTCRYPT_SHA512_BLOCK];
};

static uint64_t load_be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return __builtin_bswap64(v);
}

static void store_be64(uint8_t *p, uint64_t v)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

static void broadcast_state(struct extcrypt_sha512_mb_state *st,
			    const struct extcrypt_sha512_state *from)
{
	for (int j = 0; j < 8; j++)
		for (int l = 0; l < LANES; l++)
			st->h[j][l] = from->h[j];
}

/*
 * Lane l's inner block: prefix || info || 0x01, padded for a message that
 * follows the one K ^ ipad block.  `s->bytes` holds the template (prefix,
 * counter, padding) on entry; only the info changes between lanes.
 */
static void inner_block_lane(struct mb_scratch *s, unsigned l,
			     size_t prefix_len, const uint8_t *info,
			     size_t info_len)
{
	if (info_len != 0)
		memcpy(s->bytes + prefix_len, info, info_len);
	for (int j = 0; j < 16; j++)
		s->blk.w[j][l] = load_be64(s->bytes + 8 * j);
}

static void inner_template(uint8_t bytes[EXTCRYPT_SHA512_BLOCK],
			   const uint8_t *prefix, size_t prefix_len,
			   size_t info_len)
{
	size_t len = prefix_len + info_len + 1;
	uint64_t bits = (uint64_t)(EXTCRYPT_SHA512_BLOCK + len) << 3;

	memset(bytes, 0, EXTCRYPT_SHA512_BLOCK);
	if (prefix_len != 0)
		memcpy(bytes, prefix, prefix_len);
	bytes[len - 1] = 1; /* the HKDF block counter */
	bytes[len] = 0x80;
	store_be64(bytes + EXTCRYPT_SHA512_BLOCK - 8, bits);
}

/* The outer block: the inner digest (= the inner chaining values), padded
 * for 128 + 64 bytes. */
static void outer_block(struct mb_scratch *s)
{
	memcpy(s->blk.w, s->st.h, sizeof(s->st.h));
	for (int l = 0; l < LANES; l++) {
		s->blk.w[8][l] = (uint64_t)1 << 63;
		for (int j = 9; j < 15; j++)
			s->blk.w[j][l] = 0;
		s->blk.w[15][l] = (EXTCRYPT_SHA512_BLOCK + EXTCRYPT_SHA512_DIGEST) * 8;
	}
}

static void store_lane(const struct extcrypt_sha512_mb_state *st, unsigned l,
		       uint8_t *out, size_t out_len)
{
	size_t j = 0;

	for (; 8 * j + 8 <= out_len; j++)
		store_be64(out + 8 * j, st->h[j][l]);
	for (size_t b = 8 * j; b < out_len; b++)
		out[b] = (uint8_t)(st->h[j][l] >> (56 - 8 * (b - 8 * j)));
}

void extcrypt_hkdf_sha512_expand_mb(const struct extcrypt_hmac_sha512_key *prk,
				    const uint8_t *prefix, size_t prefix_len,
				    const uint8_t *const infos[], size_t info_len,
				    uint8_t *const outs[], size_t out_len,
				    size_t n,
				    const struct extcrypt_sha512_mb_impl *impl)
{
	struct mb_scratch s;
	size_t i = 0;

	if (impl == NULL)
		impl = extcrypt_sha512_mb_best();
	/* (The scratch is set up and wiped only if a pass runs.) */
	if (impl->width > 1 && n >= impl->min_lanes &&
	    out_len <= EXTCRYPT_SHA512_DIGEST &&
	    prefix_len + info_len + 1 <= MAX_MSG) {
		/* Lanes past the batch's end compute on zeros. */
		memset(&s.blk, 0, sizeof(s.blk));
		inner_template(s.bytes, prefix, prefix_len, info_len);
		while (n - i >= impl->min_lanes) {
			unsigned m = n - i < LANES ? (unsigned)(n - i) : LANES;

			/* Whole passes only, when a pass is narrower than 8
			 * lanes; the rest is done one by one if too few. */
			if (m > impl->width)
				m -= m % impl->width;

			for (unsigned l = 0; l < m; l++)
				inner_block_lane(&s, l, prefix_len, infos[i + l],
						 info_len);
			broadcast_state(&s.st, &prk->inner);
			impl->compress(&s.st, &s.blk, m);
			outer_block(&s);
			broadcast_state(&s.st, &prk->outer);
			impl->compress(&s.st, &s.blk, m);
			for (unsigned l = 0; l < m; l++)
				store_lane(&s.st, l, outs[i + l], out_len);
			i += m;
		}
		sodium_memzero(&s, sizeof(s));
	}
	/* The rest (too few for a pass, or not the one-block kind). */
	for (; i < n; i++)
		extcrypt_hkdf_sha512_expand(prk, prefix, prefix_len, infos[i],
					    info_len, outs[i], out_len);
}
