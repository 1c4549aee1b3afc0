// SPDX-License-Identifier: MIT
/*
 * Fuzz target: inodes.  extcrypt_inode_load on fuzzed fscrypt_context_v2
 * (and, with a fuzzed length of 28, v1) bytes and block sizes against fixed master keys (16, 32 and 64 bytes),
 * the key's identifier spliced into the context most of the time so the
 * deep paths run; compared with a model of inode.h's rules.  A loaded
 * inode must write back the same context, agree with
 * extcrypt_inode_new_with_nonce, and then go through: set_ino, contents
 * encrypt/decrypt with fuzzed index and length (round trip, in place =
 * out of place, failures leave dst untouched), filename encrypt/decrypt
 * round trip, decrypt_name on raw bytes, and dirhash.
 *
 * Contents, names and dirhash are also compared with an oracle built from
 * docs/spec.md through the public API: the key of the policy's kind
 * (extcrypt_master_key_derive), the IV of section 5.2 (hashed_ino by
 * libsodium's SipHash-2-4) and one extcrypt_cipher message per data unit.
 * An IV_INO_LBLK_32 run is often started just before hashed_ino + index
 * wraps to 0.
 *
 * Input: ctl, block size selector, [context length], context bytes, then
 * the set_ino, contents, name, raw-name and dirhash fields in that order.
 * ctl bits 0-1 key, 2-3 splice the identifier unless 3, 4-5 force the
 * version and reserved bytes unless 3, 6 fuzzed context length.
 */
#include <sodium.h>

#include "fuzz_common.h"

#define LBLK (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 | EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)
#define MAX_UNITS 4
#define NAME_LIMIT 4096

/* v1 contexts (28 bytes, version 1): descriptor and whole mode keys. */
static uint32_t model_load_v1(const extcrypt_master_key *key,
			      const uint8_t *ctx, uint32_t bs)
{
	uint8_t desc[8];
	uint32_t errs, perr;

	perr = fz_model_policy_fields(1, ctx[1], ctx[2], ctx[3], 0);
	if (perr)
		return perr;
	errs = fz_valid_block_size(bs) ? 0 : FZ_ERR(EXTCRYPT_E_INVALID);
	extcrypt_master_key_descriptor(key, desc);
	if (!fz_eq(desc, ctx + 4, 8))
		errs |= FZ_ERR(EXTCRYPT_E_KEY_MISMATCH);
	for (int i = 1; i <= 2; i++) {
		if (extcrypt_master_key_size(key) < extcrypt_mode_key_size(ctx[i]))
			errs |= FZ_ERR(EXTCRYPT_E_KEY_SIZE);
		if (!extcrypt_mode_supported(ctx[i]))
			errs |= FZ_ERR(EXTCRYPT_E_UNSUPPORTED);
	}
	return errs;
}

static uint32_t model_load(const extcrypt_master_key *key, const uint8_t *ctx,
			   size_t len, uint32_t bs)
{
	uint8_t id[16];
	uint32_t errs = 0, perr;
	size_t raw_len = extcrypt_master_key_size(key);

	if (len == 28 && ctx[0] == 1)
		return model_load_v1(key, ctx, bs);
	if (len != EXTCRYPT_CONTEXT_V2_SIZE)
		return FZ_ERR(EXTCRYPT_E_LENGTH);
	if (ctx[0] != EXTCRYPT_CONTEXT_V2)
		return FZ_ERR(EXTCRYPT_E_CONTEXT);
	if (ctx[5] || ctx[6] || ctx[7])
		errs |= FZ_ERR(EXTCRYPT_E_POLICY);
	perr = fz_model_policy_fields(2, ctx[1], ctx[2], ctx[3], ctx[4]);
	errs |= perr;
	if (!fz_valid_block_size(bs))
		errs |= FZ_ERR(EXTCRYPT_E_INVALID);
	else if (ctx[4] > fz_log2(bs))
		errs |= FZ_ERR(EXTCRYPT_E_POLICY);
	extcrypt_master_key_identifier(key, id);
	if (!fz_eq(id, ctx + 8, 16))
		errs |= FZ_ERR(EXTCRYPT_E_KEY_MISMATCH);
	if (perr == 0) {
		for (int i = 1; i <= 2; i++) {
			if (raw_len < fz_mode_strength(ctx[i]))
				errs |= FZ_ERR(EXTCRYPT_E_KEY_SIZE);
			if (!extcrypt_mode_supported(ctx[i]))
				errs |= FZ_ERR(EXTCRYPT_E_UNSUPPORTED);
		}
	}
	return errs;
}

struct state {
	extcrypt_inode *ino, *twin; /* loaded; made with new_with_nonce */
	extcrypt_master_key *key;
	uint8_t flags, cm, fm, nonce[16], uuid[16];
	uint32_t du, hashed_ino;
	uint64_t ino_nr;
	bool ready;
	/* The oracle: docs/spec.md's keys (K-*, section 3.5) and IVs (5.2)
	 * built from the public API, once the inode is ready. */
	extcrypt_cipher *contents, *filenames;
};

/* HKDF context and info of the inode's key for `mode` (spec 3.5). */
static extcrypt_cipher *oracle_cipher(const struct state *st, uint8_t mode)
{
	uint8_t info[17], key[64], ctx;
	size_t info_len = 17, klen = extcrypt_mode_key_size(mode);
	extcrypt_cipher *c = NULL;
	int s;

	info[0] = mode;
	memcpy(info + 1, st->uuid, 16);
	if (st->flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY) {
		ctx = EXTCRYPT_HKDF_CONTEXT_DIRECT_KEY;
		info_len = 1;
	} else if (st->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64) {
		ctx = EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_64_KEY;
	} else if (st->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) {
		ctx = EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_32_KEY;
	} else {
		ctx = EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY;
		memcpy(info, st->nonce, 16);
		info_len = 16;
	}
	s = FZ_CALL(extcrypt_master_key_derive(st->key, ctx, info, info_len,
					       key, klen));
	FZ_EXPECT(s, EXTCRYPT_OK, "oracle: derive");
	s = FZ_CALL(extcrypt_cipher_new(mode, key, klen, &c));
	FZ_EXPECT(s, EXTCRYPT_OK, "oracle: cipher_new");
	return c;
}

static void oracle_setup(struct state *st)
{
	if (st->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) {
		uint8_t k[16], le[8], h[8];
		int s;

		s = FZ_CALL(extcrypt_master_key_derive(
			st->key, EXTCRYPT_HKDF_CONTEXT_INODE_HASH_KEY, NULL, 0,
			k, sizeof(k)));
		FZ_EXPECT(s, EXTCRYPT_OK, "oracle: inode hash key");
		for (int i = 0; i < 8; i++)
			le[i] = (uint8_t)(st->ino_nr >> (8 * i));
		crypto_shorthash_siphash24(h, le, sizeof(le), k);
		st->hashed_ino = (uint32_t)h[0] | (uint32_t)h[1] << 8 |
				 (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
	}
	st->contents = oracle_cipher(st, st->cm);
	st->filenames = oracle_cipher(st, st->fm);
}

/* The 32-byte IV of data unit `index` (spec 5.2). */
static void oracle_iv(const struct state *st, uint64_t index, uint8_t iv[32])
{
	uint64_t lo = index;

	memset(iv, 0, 32);
	if (st->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64)
		lo = (index & 0xffffffffu) | st->ino_nr << 32;
	else if (st->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)
		lo = (uint32_t)(st->hashed_ino + (uint32_t)index);
	else if (st->flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY)
		memcpy(iv + 8, st->nonce, 16);
	for (int i = 0; i < 8; i++)
		iv[i] = (uint8_t)(lo >> (8 * i));
}

/* Unit `index` as the spec says, through the cipher API. */
static void oracle_unit(const struct state *st, uint64_t index,
			const uint8_t *pt, const uint8_t *ct)
{
	uint8_t iv[32], *out = fz_alloc(st->du);
	int s;

	oracle_iv(st, index, iv);
	s = FZ_CALL(extcrypt_cipher_encrypt(st->contents, iv,
					    fz_mode_iv_size(st->cm), pt, out,
					    st->du));
	FZ_EXPECT(s, EXTCRYPT_OK, "oracle: encrypt");
	FZ_ASSERT(fz_eq(out, ct, st->du),
		  "data unit %llu is not what the spec says (flags 0x%02x, mode %u)",
		  (unsigned long long)index, st->flags, st->cm);
	free(out);
}

/* set_ino on both objects, with the model of inode.h. */
static void do_set_ino(struct state *st, struct fz *f)
{
	uint64_t ino = fz_index(f);
	uint8_t uuid[16], ctl = fz_u8(f);
	bool valid = ino != 0 && ino <= UINT32_MAX;
	int s;

	fz_bytes(f, uuid, sizeof(uuid));
	if (ctl & 1)
		return; /* an LBLK inode then stays without keys */
	s = FZ_CALL(extcrypt_inode_set_ino(st->ino, ino, uuid));
	FZ_EXPECT(s, valid ? EXTCRYPT_OK : EXTCRYPT_E_INVALID, "set_ino");
	s = FZ_CALL(extcrypt_inode_set_ino(st->twin, ino, uuid));
	FZ_EXPECT(s, valid ? EXTCRYPT_OK : EXTCRYPT_E_INVALID, "set_ino (twin)");
	if (!valid)
		return;
	st->ready = true;
	st->ino_nr = ino;
	memcpy(st->uuid, uuid, 16);
	/* Once only (LBLK); accepted and ignored otherwise. */
	s = FZ_CALL(extcrypt_inode_set_ino(st->ino, 1 + (ino % 1000), uuid));
	FZ_EXPECT(s, (st->flags & LBLK) ? EXTCRYPT_E_STATE : EXTCRYPT_OK,
		  "second set_ino");
}

typedef int (*crypt_fn)(const extcrypt_inode *, uint64_t, const uint8_t *,
			uint8_t *, size_t);

/*
 * Runs `fn` out of place and in place on `src`; both must give `want`
 * (a status mask); failures leave dst untouched.  On success the result is
 * in `out` (in place and out of place must agree).  Returns the status.
 */
static int crypt_both(const extcrypt_inode *ino, crypt_fn fn, uint64_t first,
		      const uint8_t *src, uint8_t *out, size_t len,
		      uint32_t want, bool zero_ok_if_not_ready, const char *what)
{
	uint8_t *dst = fz_alloc(len), *buf = fz_alloc(len);
	int s, s2;

	fz_pattern(dst, len, 0x5c);
	s = FZ_CALL(fn(ino, first, src, dst, len));
	if (!(zero_ok_if_not_ready && s == EXTCRYPT_OK))
		FZ_EXPECT_SET(s, want, what);
	if (s != EXTCRYPT_OK)
		FZ_ASSERT(fz_is_pattern(dst, len, 0x5c),
			  "%s failed with %s but wrote dst", what,
			  extcrypt_status_name(s));
	if (len != 0)
		memcpy(buf, src, len);
	s2 = FZ_CALL(fn(ino, first, buf, buf, len));
	FZ_ASSERT(s2 == s, "%s: in place %s, out of place %s", what,
		  extcrypt_status_name(s2), extcrypt_status_name(s));
	if (s == EXTCRYPT_OK) {
		FZ_ASSERT(fz_eq(buf, dst, len),
			  "%s: in place and out of place differ", what);
		if (len != 0)
			memcpy(out, dst, len);
	} else {
		FZ_ASSERT(fz_eq(buf, src, len),
			  "%s failed in place with %s but changed the buffer",
			  what, extcrypt_status_name(s));
	}
	free(dst);
	free(buf);
	return s;
}

static void do_contents(struct state *st, struct fz *f)
{
	uint8_t ctl = fz_u8(f);
	uint64_t first = fz_index(f);
	size_t nunits = (ctl & 7) % (MAX_UNITS + 1), len = nunits * st->du;
	uint64_t max = (st->flags & LBLK) ? UINT32_MAX : UINT64_MAX;
	uint32_t want = 0;
	uint8_t *pt, *ct, *back;
	int s;

	if ((ctl & 0x20) && (st->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) &&
	    st->ready) {
		/* Start a few units before hashed_ino + index wraps to 0. */
		uint32_t wrap = (uint32_t)(0u - st->hashed_ino);

		first = wrap - (uint32_t)(first % 4 < wrap ? first % 4 : 0);
	}
	if (ctl & 0x10) { /* a length that is off by a little */
		int delta = (int8_t)fz_u8(f);

		len = delta < 0 && (size_t)-delta > len ? (size_t)-delta - len
							: len + (size_t)delta;
	}
	pt = fz_alloc(len);
	ct = fz_alloc(len);
	back = fz_alloc(len);
	fz_fill(f, pt, len, 64);

	if (len % st->du != 0)
		want |= FZ_ERR(EXTCRYPT_E_ALIGNMENT);
	if (!st->ready)
		want |= FZ_ERR(EXTCRYPT_E_STATE);
	nunits = len / st->du;
	if (len % st->du == 0 && nunits != 0 &&
	    (first > max || nunits - 1 > max - first))
		want |= FZ_ERR(EXTCRYPT_E_RANGE);

	/* "A len of 0 succeeds and does nothing": also without set_ino. */
	s = crypt_both(st->ino, extcrypt_inode_encrypt, first, pt, ct, len,
		       want, len == 0, "inode_encrypt");
	if (s == EXTCRYPT_OK && len != 0) {
		FZ_ASSERT(!fz_eq(ct, pt, len), "encryption left the data as is");
		/* Same keys from the twin. */
		s = crypt_both(st->twin, extcrypt_inode_encrypt, first, pt,
			       back, len, 0, false, "twin encrypt");
		FZ_ASSERT(fz_eq(back, ct, len), "loaded and new inode differ");
		/* Each unit as the spec says (and so: alone = in a run). */
		for (size_t i = 0; i < nunits; i++)
			oracle_unit(st, first + i, pt + i * st->du,
				    ct + i * st->du);
	}
	if (s == EXTCRYPT_OK) {
		s = crypt_both(st->ino, extcrypt_inode_decrypt, first, ct, back,
			       len, 0, len == 0, "inode_decrypt");
		FZ_EXPECT(s, EXTCRYPT_OK, "decrypt of a ciphertext");
		FZ_ASSERT(fz_eq(back, pt, len), "contents round trip broken");
	}
	if (want == 0 && len >= 2) {
		/* Partly overlapping buffers, NULL pointers: E_INVALID. */
		uint8_t *src, *dst, *buf;
		size_t total;

		buf = fz_overlap(len, ctl, &src, &dst, &total);
		s = FZ_CALL(extcrypt_inode_encrypt(st->ino, first, src, dst, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "partly overlapping buffers");
		FZ_ASSERT(fz_is_pattern(buf, total, 0x77),
			  "call on overlapping buffers wrote");
		s = FZ_CALL(extcrypt_inode_decrypt(st->ino, first, NULL, buf, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "decrypt with src NULL");
		s = FZ_CALL(extcrypt_inode_encrypt(st->ino, first, pt, NULL, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt with dst NULL");
		s = FZ_CALL(extcrypt_inode_encrypt(NULL, first, pt, buf, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt with inode NULL");
		FZ_ASSERT(fz_is_pattern(buf, total, 0x77), "refused call wrote");
		free(buf);
	}
	/* Decrypt raw bytes, then encrypt back: a permutation. */
	s = crypt_both(st->ino, extcrypt_inode_decrypt, first, pt, back, len,
		       want, len == 0, "inode_decrypt (raw)");
	if (s == EXTCRYPT_OK) {
		s = crypt_both(st->ino, extcrypt_inode_encrypt, first, back, ct,
			       len, 0, false, "re-encrypt");
		FZ_ASSERT(fz_eq(ct, pt, len), "decrypt then encrypt broken");
	}
	free(pt);
	free(ct);
	free(back);
}

/* extcrypt_inode_encrypted_name_size's rules; *size gets the size. */
static uint32_t model_name_size(uint8_t flags, size_t name_len,
				size_t max_len, size_t *size)
{
	size_t pad = (size_t)4 << (flags & 3), n;
	uint32_t errs = 0;

	*size = 0;
	if (max_len == 0)
		max_len = EXTCRYPT_NAME_MAX;
	if (name_len == 0)
		return FZ_ERR(EXTCRYPT_E_INVALID);
	if (max_len < 16 || max_len > NAME_LIMIT)
		errs |= FZ_ERR(EXTCRYPT_E_INVALID);
	if (name_len > max_len)
		return errs | FZ_ERR(EXTCRYPT_E_NAME_TOO_LONG);
	if (errs)
		return errs;
	n = name_len < 16 ? 16 : name_len;
	n = (n + pad - 1) / pad * pad;
	*size = n < max_len ? n : max_len;
	return 0;
}

/* decrypt_name with a fuzzed capacity, against a call with ample room. */
static int decrypt_name_checked(const struct state *st, const uint8_t *ct,
				size_t ct_len, size_t cap, uint8_t *name,
				size_t *name_len)
{
	uint8_t *full = fz_alloc(NAME_LIMIT), *out = fz_alloc(cap);
	size_t full_len = 0x7777, out_len = 0x7777, tw_len = 0x7777;
	uint32_t want = 0;
	int s_full, s, s_tw;

	if (ct_len < 16 || ct_len > NAME_LIMIT)
		want |= FZ_ERR(EXTCRYPT_E_BAD_NAME);
	if (!st->ready)
		want |= FZ_ERR(EXTCRYPT_E_STATE);
	fz_pattern(full, NAME_LIMIT, 0x33);
	s_full = FZ_CALL(extcrypt_inode_decrypt_name(st->ino, ct, ct_len, full,
						     NAME_LIMIT, &full_len));
	if (want != 0 || s_full != EXTCRYPT_OK) {
		/* Only an empty name can fail with room enough. */
		if (want == 0)
			FZ_EXPECT(s_full, EXTCRYPT_E_BAD_NAME, "decrypt_name");
		else
			FZ_EXPECT_SET(s_full, want, "decrypt_name");
		FZ_ASSERT(fz_is_pattern(full, NAME_LIMIT, 0x33) &&
				  full_len == 0x7777,
			  "failed decrypt_name wrote its output");
	} else {
		FZ_ASSERT(full_len >= 1 && full_len <= ct_len,
			  "decrypt_name: %zu bytes from %zu", full_len, ct_len);
		FZ_ASSERT(memchr(full, 0, full_len) == NULL,
			  "decrypted name holds a NUL byte");
		FZ_ASSERT(fz_is_pattern_range(full, full_len, NAME_LIMIT, 0x33),
			  "decrypt_name wrote past the name");
	}
	/* The same call with the fuzzed capacity. */
	fz_pattern(out, cap, 0x34);
	s = FZ_CALL(extcrypt_inode_decrypt_name(st->ino, ct, ct_len, out, cap,
						&out_len));
	if (s_full != EXTCRYPT_OK)
		FZ_ASSERT(s == s_full, "decrypt_name: %s with room, %s with %zu",
			  extcrypt_status_name(s_full), extcrypt_status_name(s),
			  cap);
	else if (cap < full_len)
		FZ_EXPECT(s, EXTCRYPT_E_OUTPUT_SPACE, "decrypt_name, small buffer");
	else
		FZ_EXPECT(s, EXTCRYPT_OK, "decrypt_name, buffer big enough");
	if (s == EXTCRYPT_OK) {
		FZ_ASSERT(out_len == full_len && fz_eq(out, full, full_len),
			  "decrypt_name depends on the capacity");
		FZ_ASSERT(fz_is_pattern_range(out, out_len, cap, 0x34),
			  "decrypt_name wrote past the name");
	} else {
		FZ_ASSERT(fz_is_pattern(out, cap, 0x34) && out_len == 0x7777,
			  "failed decrypt_name wrote its output");
	}
	/* The twin decrypts alike. */
	fz_pattern(out, cap, 0x34);
	s_tw = FZ_CALL(extcrypt_inode_decrypt_name(st->twin, ct, ct_len, out,
						   cap, &tw_len));
	FZ_ASSERT(s_tw == s && (s != EXTCRYPT_OK ||
				(tw_len == out_len && fz_eq(out, full, out_len))),
		  "loaded and new inode decrypt names differently");
	if (s_full == EXTCRYPT_OK && name != NULL) {
		memcpy(name, full, full_len);
		*name_len = full_len;
	}
	free(full);
	free(out);
	return s_full;
}

static size_t pick_cap(struct fz *f, uint8_t sel, size_t dflt)
{
	switch (sel & 3) {
	case 0:
	case 1:
		return dflt;
	case 2:
		return fz_u16(f) % 300;
	default:
		return dflt - (dflt != 0 ? fz_u8(f) % 2 : 0);
	}
}

static void do_names(struct state *st, struct fz *f)
{
	uint8_t ctl = fz_u8(f);
	size_t name_len = (ctl & 0x10) ? fz_u16(f) % 4200 : fz_u8(f);
	size_t max_len = 0, size, cap, out_len = 0x7777, tw_len;
	uint8_t *name, *out, *tw, back[NAME_LIMIT];
	size_t back_len = 0, plain_len;
	uint32_t want;
	int s;

	if ((ctl & 3) == 2)
		max_len = fz_u16(f) % 4200;
	else if ((ctl & 3) == 3)
		max_len = fz_u8(f) % 40;
	name = fz_alloc(name_len);
	fz_fill(f, name, name_len, 255);
	if (!(ctl & 0x20)) /* mostly names without NUL bytes */
		for (size_t i = 0; i < name_len; i++)
			if (name[i] == 0)
				name[i] = '_';

	want = model_name_size(st->flags, name_len, max_len, &size);
	out_len = 0x7777;
	s = FZ_CALL(extcrypt_inode_encrypted_name_size(st->ino, name_len,
						       max_len, &out_len));
	FZ_EXPECT_SET(s, want, "encrypted_name_size");
	FZ_ASSERT(s != EXTCRYPT_OK ? out_len == 0x7777 : out_len == size,
		  "encrypted_name_size: %zu, expected %zu", out_len, size);

	cap = pick_cap(f, ctl >> 2, want == 0 ? size : NAME_LIMIT);
	if (!st->ready)
		want |= FZ_ERR(EXTCRYPT_E_STATE);
	if (size != 0 && cap < size)
		want |= FZ_ERR(EXTCRYPT_E_OUTPUT_SPACE);
	out = fz_alloc(cap);
	fz_pattern(out, cap, 0x44);
	out_len = 0x7777;
	s = FZ_CALL(extcrypt_inode_encrypt_name(st->ino, name, name_len, max_len,
						out, cap, &out_len));
	FZ_EXPECT_SET(s, want, "encrypt_name");
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(fz_is_pattern(out, cap, 0x44) && out_len == 0x7777,
			  "failed encrypt_name wrote its output");
		goto done;
	}
	FZ_ASSERT(out_len == size, "encrypt_name: %zu bytes, expected %zu",
		  out_len, size);
	FZ_ASSERT(fz_is_pattern_range(out, size, cap, 0x44),
		  "encrypt_name wrote past the name");
	/* The twin encrypts alike. */
	tw = fz_alloc(cap);
	tw_len = 0;
	s = FZ_CALL(extcrypt_inode_encrypt_name(st->twin, name, name_len,
						max_len, tw, cap, &tw_len));
	FZ_ASSERT(s == EXTCRYPT_OK && tw_len == size && fz_eq(tw, out, size),
		  "loaded and new inode encrypt names differently");
	free(tw);
	/* The spec: name || zeros, one message with the IV of index 0. */
	{
		uint8_t iv[32], *padded = fz_alloc(size), *want_ct = fz_alloc(size);

		memset(padded, 0, size);
		memcpy(padded, name, name_len);
		oracle_iv(st, 0, iv);
		s = FZ_CALL(extcrypt_cipher_encrypt(st->filenames, iv,
						    fz_mode_iv_size(st->fm),
						    padded, want_ct, size));
		FZ_EXPECT(s, EXTCRYPT_OK, "oracle: name");
		FZ_ASSERT(fz_eq(want_ct, out, size),
			  "encrypted name is not what the spec says (flags 0x%02x, mode %u)",
			  st->flags, st->fm);
		free(padded);
		free(want_ct);
	}
	/* NULL pointers. */
	tw_len = 0x7777;
	s = FZ_CALL(extcrypt_inode_encrypt_name(st->ino, NULL, name_len, max_len,
						back, sizeof(back), &tw_len));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt_name(name NULL)");
	s = FZ_CALL(extcrypt_inode_encrypt_name(st->ino, name, name_len, max_len,
						NULL, cap, &tw_len));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt_name(out NULL)");
	s = FZ_CALL(extcrypt_inode_encrypt_name(st->ino, name, name_len, max_len,
						back, sizeof(back), NULL));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt_name(out_len NULL)");
	s = FZ_CALL(extcrypt_inode_encrypt_name(NULL, name, name_len, max_len,
						back, sizeof(back), &tw_len));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt_name(dir NULL)");
	s = FZ_CALL(extcrypt_inode_decrypt_name(st->ino, NULL, size, back,
						sizeof(back), &tw_len));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "decrypt_name(ct NULL)");
	s = FZ_CALL(extcrypt_inode_decrypt_name(st->ino, out, size, NULL,
						sizeof(back), &tw_len));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "decrypt_name(out NULL)");
	s = FZ_CALL(extcrypt_inode_decrypt_name(st->ino, out, size, back,
						sizeof(back), NULL));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "decrypt_name(out_len NULL)");
	s = FZ_CALL(extcrypt_inode_decrypt_name(NULL, out, size, back,
						sizeof(back), &tw_len));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "decrypt_name(dir NULL)");
	FZ_ASSERT(tw_len == 0x7777, "refused name call set out_len");
	/* Round trip: the name up to its first NUL. */
	plain_len = strnlen((const char *)name, name_len);
	s = decrypt_name_checked(st, out, size, pick_cap(f, ctl >> 6, size),
				 back, &back_len);
	if (plain_len == 0) {
		FZ_EXPECT(s, EXTCRYPT_E_BAD_NAME, "decrypt of an empty name");
	} else {
		FZ_EXPECT(s, EXTCRYPT_OK, "decrypt of an encrypted name");
		FZ_ASSERT(back_len == plain_len && fz_eq(back, name, plain_len),
			  "filename round trip broken (%zu -> %zu bytes)",
			  plain_len, back_len);
	}
done:
	free(name);
	free(out);
}

static void do_raw_name(struct state *st, struct fz *f)
{
	uint8_t ctl = fz_u8(f);
	size_t ct_len, cap;
	uint8_t *ct;

	switch (ctl & 3) {
	case 0:
		ct_len = fz_u8(f);
		break;
	case 1:
		ct_len = fz_u16(f) % 4200;
		break;
	case 2:
		ct_len = 16 + fz_u8(f) % 33;
		break;
	default:
		ct_len = NAME_LIMIT - 1 + fz_u8(f) % 3;
		break;
	}
	cap = pick_cap(f, ctl >> 2, ct_len);
	ct = fz_alloc(ct_len);
	fz_fill(f, ct, ct_len, 256);
	(void)decrypt_name_checked(st, ct, ct_len, cap, NULL, NULL);
	free(ct);
}

static void do_dirhash(struct state *st, struct fz *f)
{
	size_t len = fz_u8(f);
	uint8_t *name = fz_alloc(len);
	uint64_t h1 = 1, h2 = 2, h3 = 3;
	int s;

	fz_fill(f, name, len, 255);
	s = FZ_CALL(extcrypt_inode_dirhash(st->ino, name, len, &h1));
	FZ_EXPECT(s, EXTCRYPT_OK, "dirhash");
	s = FZ_CALL(extcrypt_inode_dirhash(st->ino, name, len, &h2));
	FZ_EXPECT(s, EXTCRYPT_OK, "dirhash");
	s = FZ_CALL(extcrypt_inode_dirhash(st->twin, name, len, &h3));
	FZ_EXPECT(s, EXTCRYPT_OK, "dirhash");
	FZ_ASSERT(h1 == h2 && h1 == h3, "dirhash is not a function of its input");
	{
		uint8_t k[16], h[8];
		uint64_t want = 0;

		s = FZ_CALL(extcrypt_master_key_derive(st->key,
						       EXTCRYPT_HKDF_CONTEXT_DIRHASH_KEY,
						       st->nonce, 16, k, 16));
		FZ_EXPECT(s, EXTCRYPT_OK, "oracle: dirhash key");
		crypto_shorthash_siphash24(h, name, len, k);
		for (int i = 7; i >= 0; i--)
			want = want << 8 | h[i];
		FZ_ASSERT(h1 == want, "dirhash is not SipHash-2-4 under HKDF(5, nonce)");
	}
	s = FZ_CALL(extcrypt_inode_dirhash(st->ino, NULL, 0, &h2));
	FZ_EXPECT(s, EXTCRYPT_OK, "dirhash of the empty name");
	s = FZ_CALL(extcrypt_inode_dirhash(st->ino, NULL, 1, &h2));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "dirhash(NULL, 1)");
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t ctl = fz_u8(&f);
	extcrypt_master_key *key = fz_master_key(ctl & 3);
	uint32_t bs = fz_block_size(&f);
	size_t ctx_len = (ctl & 0x40) ? fz_u8(&f) % 64 : EXTCRYPT_CONTEXT_V2_SIZE;
	uint8_t *ctx = fz_alloc(ctx_len), back[40];
	size_t back_len = 0;
	struct state st = { 0 };
	uint32_t want;
	int s;

	fz_bytes(&f, ctx, ctx_len);
	if (ctx_len >= 8 && ((ctl >> 4) & 3) != 3) {
		ctx[0] = EXTCRYPT_CONTEXT_V2;
		ctx[5] = ctx[6] = ctx[7] = 0;
	}
	if (ctx_len >= 24 && ((ctl >> 2) & 3) != 3)
		extcrypt_master_key_identifier(key, ctx + 8);

	want = model_load(key, ctx, ctx_len, bs);
	st.ino = (extcrypt_inode *)&st;
	s = FZ_CALL(extcrypt_inode_load(key, ctx, ctx_len, bs, &st.ino));
	FZ_EXPECT_SET(s, want, "extcrypt_inode_load");
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(st.ino == NULL, "failed load left *out set");
		free(ctx);
		return 0;
	}
	FZ_ASSERT(st.ino != NULL, "load succeeded with *out NULL");
	if (ctx_len == 28) { /* v1: what it holds; round trips are in check_v1 */
		FZ_ASSERT(extcrypt_inode_context(st.ino, back, sizeof(back), &back_len) ==
					  EXTCRYPT_OK &&
				  back_len == 28 && fz_eq(back, ctx, 28),
			  "v1 inode does not write back its context");
		extcrypt_inode_free(st.ino);
		free(ctx);
		return 0;
	}

	/* What it holds. */
	FZ_ASSERT(extcrypt_inode_context(st.ino, back, sizeof(back), &back_len) ==
				  EXTCRYPT_OK &&
			  back_len == 40 && fz_eq(back, ctx, 40),
		  "inode does not write back its context");
	extcrypt_inode_nonce(st.ino, back);
	FZ_ASSERT(fz_eq(back, ctx + 24, 16), "inode nonce differs");
	st.key = key;
	st.flags = ctx[3];
	st.cm = ctx[1];
	st.fm = ctx[2];
	memcpy(st.nonce, ctx + 24, 16);
	st.du = UINT32_C(1) << (ctx[4] != 0 ? ctx[4] : fz_log2(bs));
	st.ready = !(st.flags & LBLK);
	FZ_ASSERT(extcrypt_inode_data_unit_size(st.ino) == st.du,
		  "data unit size %u, expected %u",
		  extcrypt_inode_data_unit_size(st.ino), st.du);
	FZ_ASSERT(extcrypt_policy_flags(extcrypt_inode_policy(st.ino)) == ctx[3] &&
			  extcrypt_policy_contents_mode(extcrypt_inode_policy(st.ino)) ==
				  ctx[1],
		  "inode policy differs from the context");

	/* The same inode made from its policy and nonce. */
	s = FZ_CALL(extcrypt_inode_new_with_nonce(key, extcrypt_inode_policy(st.ino),
						  ctx + 24, bs, &st.twin));
	FZ_EXPECT(s, EXTCRYPT_OK, "inode_new_with_nonce of a loaded inode");
	extcrypt_inode_context(st.twin, back, sizeof(back), &back_len);
	FZ_ASSERT(fz_eq(back, ctx, 40), "new_with_nonce gives another context");

	do_set_ino(&st, &f);
	if (st.ready)
		oracle_setup(&st);
	do_contents(&st, &f);
	do_names(&st, &f);
	do_raw_name(&st, &f);
	do_dirhash(&st, &f);

	extcrypt_cipher_free(st.contents);
	extcrypt_cipher_free(st.filenames);
	extcrypt_inode_free(st.twin);
	extcrypt_inode_free(st.ino);
	free(ctx);
	return 0;
}
