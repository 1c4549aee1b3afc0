// SPDX-License-Identifier: MIT
/*
 * Fuzz target: per-extent encryption.  An inode is made from fuzzed policy
 * fields (mostly ones extents accept), then extcrypt_extent_load runs on
 * fuzzed context bytes and lengths under every profile number (valid or
 * not), the inode's identifier, version byte and mode spliced in most of
 * the time; compared with a model of extent.h.  A loaded extent must write
 * back the context its profile implies, equal extcrypt_extent_new_with_nonce
 * and a extcrypt_cipher made from the documented key derivation
 * (HKDF context of the profile, info = nonce; IV = le64(index)).
 *
 * Then encrypt/decrypt with fuzzed index and length, without and with a
 * callback that rejects a fuzz-chosen unit, checking extent.h's rules:
 * encrypt calls back in order, right after each unit, and stops at the
 * rejected one; on EXTCRYPT_E_REJECTED out of place dst is all zero and in
 * place the plaintext is restored; decrypt works in batches of 16 KiB of
 * units (at least one unit), calls back for every unit of a batch before
 * any of the batch's plaintext is written, and on rejection zeroes the
 * earlier batches' plaintext out of place (the rest untouched) and puts
 * the ciphertext back in place; other failures leave dst untouched; round
 * trips hold.
 *
 * Input: policy ctl, flags, data-unit size, block size, inode nonce (16),
 * profile, splice ctl, [context length], context (48), then the data
 * fields.
 */
#include "fuzz_common.h"

#define MAX_BYTES (256 * 1024)
#define MAX_UNITS 40
#define CTX_BUF 48

static const uint8_t pairs[5][2] = { { 1, 4 }, { 1, 10 }, { 5, 6 }, { 9, 9 }, { 7, 8 } };

/* extent.h's profile table. */
struct prof {
	size_t size;
	uint8_t hkdf;
	bool key_id, version, mode;
};

static bool profile_row(int p, struct prof *r)
{
	static const struct prof rows[] = {
		{ 17, 8, false, false, false }, { 34, 8, true, false, false },
		{ 34, 2, true, false, false },  { 34, 8, true, true, true },
		{ 34, 9, true, true, true },
	};

	if (p < 1 || p > 5)
		return false;
	*r = rows[p - 1];
	return true;
}

struct ext_state {
	const extcrypt_inode *ino;
	extcrypt_master_key *key;
	uint8_t mode, key_id[16];
	uint32_t du;
};

/* extent.h, and docs/spec.md: the reader's checks run in a fixed
 * order (length, version, identifier, mode) and the first failure decides. */
static uint32_t model_load(const struct ext_state *st, int profile,
			   const uint8_t *ctx, size_t len, bool extent_ok)
{
	struct prof r;

	if (!profile_row(profile, &r))
		return FZ_ERR(EXTCRYPT_E_INVALID);
	if (!extent_ok)
		return FZ_ERR(EXTCRYPT_E_EXTENT_POLICY);
	if (len < r.size)
		return FZ_ERR(EXTCRYPT_E_CONTEXT);
	if (r.version && ctx[0] != 1)
		return FZ_ERR(EXTCRYPT_E_CONTEXT);
	if (r.key_id && !fz_eq(ctx + 2, st->key_id, 16))
		return FZ_ERR(EXTCRYPT_E_KEY_MISMATCH);
	if (r.mode && ctx[1] != st->mode)
		return FZ_ERR(EXTCRYPT_E_MODE_MISMATCH);
	return 0;
}

/* ---- the callback -------------------------------------------------------- */

struct cb_state {
	uint64_t first, reject; /* reject: index to refuse (UINT64_MAX: none
				 * unless first + n reaches it) */
	bool reject_any;
	size_t calls, du, nunits;
	const uint8_t *dst;       /* decrypt, out of place: must stay pattern
				   * from the current batch on */
	size_t dst_len;
	const uint8_t *want_ct;   /* the ciphertext each unit must have */
	bool decrypt;
};

/* extent.h: decrypt with a callback copies and checks units in batches
 * of 16 KiB (at least one unit). */
static size_t decrypt_batch_start(size_t unit, size_t du)
{
	size_t batch = (16 * 1024) / du ? (16 * 1024) / du : 1;

	return unit / batch * batch;
}

static int callback(void *arg, uint64_t index, const uint8_t *ct,
		    size_t unit_len)
{
	struct cb_state *c = arg;

	FZ_ASSERT(unit_len == c->du, "callback: unit_len %zu, data unit %zu",
		  unit_len, c->du);
	FZ_ASSERT(c->calls < c->nunits, "callback called %zu times for %zu units",
		  c->calls + 1, c->nunits);
	FZ_ASSERT(index == c->first + c->calls,
		  "callback: unit %llu, expected %llu (in order)",
		  (unsigned long long)index,
		  (unsigned long long)(c->first + c->calls));
	if (c->want_ct != NULL)
		FZ_ASSERT(fz_eq(ct, c->want_ct + c->calls * c->du, c->du),
			  "callback saw another ciphertext for unit %zu", c->calls);
	if (c->decrypt && c->dst != NULL)
		FZ_ASSERT(fz_is_pattern_range(c->dst,
					      decrypt_batch_start(c->calls, c->du) * c->du,
					      c->dst_len, 0x6d),
			  "decrypt wrote plaintext before calling back for unit %zu",
			  c->calls);
	c->calls++;
	return c->reject_any && index == c->reject ? 1 : 0;
}

/* Calls expected: up to and including the rejected unit, or all. */
static size_t expected_calls(const struct cb_state *c, bool *rejected)
{
	if (c->reject_any && c->reject >= c->first &&
	    c->reject - c->first < c->nunits) {
		*rejected = true;
		return (size_t)(c->reject - c->first) + 1;
	}
	*rejected = false;
	return c->nunits;
}

/* ---- the data path ----------------------------------------------------------- */

static void check_cipher_equiv(const struct ext_state *st, int profile,
			       const uint8_t nonce[16], uint64_t first,
			       const uint8_t *pt, const uint8_t *ct, size_t len)
{
	size_t klen = extcrypt_mode_key_size(st->mode);
	uint8_t key[64], *out = fz_alloc(len);
	extcrypt_cipher *c = NULL;
	int s;

	s = FZ_CALL(extcrypt_master_key_derive(st->key,
					       (uint8_t)extcrypt_extent_hkdf_context(profile),
					       nonce, 16, key, klen));
	FZ_EXPECT(s, EXTCRYPT_OK, "master_key_derive");
	s = FZ_CALL(extcrypt_cipher_new(st->mode, key, klen, &c));
	FZ_EXPECT(s, EXTCRYPT_OK, "cipher_new with the extent key");
	s = FZ_CALL(extcrypt_cipher_encrypt_units(c, first, st->du, pt, out, len));
	FZ_EXPECT(s, EXTCRYPT_OK, "cipher_encrypt_units");
	FZ_ASSERT(fz_eq(out, ct, len),
		  "extent ciphertext is not the documented derivation (profile %d)",
		  profile);
	extcrypt_cipher_free(c);
	free(out);
}

static void do_data(const struct ext_state *st, const extcrypt_extent *e,
		    const extcrypt_extent *twin, int profile,
		    const uint8_t nonce[16], struct fz *f)
{
	uint8_t ctl = fz_u8(f);
	uint64_t first = fz_index(f);
	size_t nunits = fz_u8(f) % (MAX_UNITS + 1), len;
	struct cb_state cb = { 0 };
	uint32_t want = 0;
	uint8_t *pt, *ct, *dst, *buf, *one;
	bool rejected;
	size_t ncalls;
	int s;

	if ((size_t)st->du * nunits > MAX_BYTES)
		nunits = MAX_BYTES / st->du;
	len = nunits * st->du;
	if (ctl & 1) {
		int delta = (int8_t)fz_u8(f);

		len = delta < 0 && (size_t)-delta > len ? (size_t)-delta - len
							: len + (size_t)delta;
	}
	cb.first = first;
	cb.du = st->du;
	cb.nunits = len / st->du;
	cb.reject_any = (ctl & 6) != 0;
	switch ((ctl >> 3) & 3) {
	case 0:
		cb.reject = first + fz_u8(f) % (cb.nunits + 1);
		break;
	case 1:
		cb.reject = first + cb.nunits - 1; /* the last unit */
		break;
	case 2:
		cb.reject = first + fz_u8(f) % 17; /* within a batch of 16 */
		break;
	default:
		cb.reject = fz_index(f);
		break;
	}
	pt = fz_alloc(len);
	ct = fz_alloc(len);
	dst = fz_alloc(len);
	buf = fz_alloc(len);
	fz_fill(f, pt, len, 64);

	if (len % st->du != 0)
		want |= FZ_ERR(EXTCRYPT_E_ALIGNMENT);
	else if (cb.nunits != 0 && cb.nunits - 1 > UINT64_MAX - first)
		want |= FZ_ERR(EXTCRYPT_E_RANGE);

	/* Reference: no callback, out of place. */
	fz_pattern(ct, len, 0x6d);
	s = FZ_CALL(extcrypt_extent_encrypt(e, first, pt, ct, len, NULL, NULL));
	FZ_EXPECT_SET(s, want, "extent_encrypt");
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(fz_is_pattern(ct, len, 0x6d),
			  "extent_encrypt failed with %s but wrote dst",
			  extcrypt_status_name(s));
		/* Callback variants fail the same way, never calling it. */
		cb.nunits = 0;
		fz_pattern(dst, len, 0x6d);
		s = FZ_CALL(extcrypt_extent_encrypt(e, first, pt, dst, len,
						    callback, &cb));
		FZ_EXPECT_SET(s, want, "extent_encrypt with callback");
		s = FZ_CALL(extcrypt_extent_decrypt(e, first, pt, dst, len,
						    callback, &cb));
		FZ_EXPECT_SET(s, want, "extent_decrypt with callback");
		FZ_ASSERT(fz_is_pattern(dst, len, 0x6d),
			  "failed extent call wrote dst");
		FZ_ASSERT(cb.calls == 0, "callback called by a failing call");
		goto out;
	}
	if (len != 0)
		FZ_ASSERT(!fz_eq(ct, pt, len), "encryption left the data as is");
	/* The same ciphertext from: the twin, the cipher API, unit by unit. */
	s = FZ_CALL(extcrypt_extent_encrypt(twin, first, pt, dst, len, NULL, NULL));
	FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(dst, ct, len),
		  "loaded and new extent differ");
	if (ctl & 0x20)
		check_cipher_equiv(st, profile, nonce, first, pt, ct, len);
	one = fz_alloc(st->du);
	for (size_t i = 0; i < cb.nunits && i < 20; i++) {
		s = FZ_CALL(extcrypt_extent_encrypt(e, first + i, pt + i * st->du,
						    one, st->du, NULL, NULL));
		FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(one, ct + i * st->du, st->du),
			  "unit %zu differs when encrypted alone", i);
	}
	free(one);
	/* Round trip, out of place and in place. */
	fz_pattern(dst, len, 0x6d);
	s = FZ_CALL(extcrypt_extent_decrypt(e, first, ct, dst, len, NULL, NULL));
	FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(dst, pt, len), "round trip broken");
	if (len != 0)
		memcpy(buf, pt, len);
	s = FZ_CALL(extcrypt_extent_encrypt(e, first, buf, buf, len, NULL, NULL));
	FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(buf, ct, len),
		  "in place encryption differs");
	s = FZ_CALL(extcrypt_extent_decrypt(e, first, buf, buf, len, NULL, NULL));
	FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(buf, pt, len),
		  "in place round trip broken");

	ncalls = expected_calls(&cb, &rejected);

	/* Encrypt with the callback, out of place. */
	cb.calls = 0;
	cb.decrypt = false;
	cb.want_ct = ct;
	fz_pattern(dst, len, 0x6d);
	s = FZ_CALL(extcrypt_extent_encrypt(e, first, pt, dst, len, callback, &cb));
	FZ_EXPECT(s, rejected ? EXTCRYPT_E_REJECTED : EXTCRYPT_OK,
		  "extent_encrypt with callback");
	FZ_ASSERT(cb.calls == ncalls, "encrypt called back %zu times, expected %zu",
		  cb.calls, ncalls);
	if (rejected)
		FZ_ASSERT(fz_all_zero(dst, len),
			  "rejected out-of-place encrypt left dst not all zero");
	else
		FZ_ASSERT(fz_eq(dst, ct, len), "callback changes the ciphertext");

	/* Encrypt with the callback, in place. */
	cb.calls = 0;
	if (len != 0)
		memcpy(buf, pt, len);
	s = FZ_CALL(extcrypt_extent_encrypt(e, first, buf, buf, len, callback, &cb));
	FZ_EXPECT(s, rejected ? EXTCRYPT_E_REJECTED : EXTCRYPT_OK,
		  "in place extent_encrypt with callback");
	FZ_ASSERT(cb.calls == ncalls, "in place encrypt called back %zu times, expected %zu",
		  cb.calls, ncalls);
	FZ_ASSERT(fz_eq(buf, rejected ? pt : ct, len),
		  rejected ? "rejected in place encrypt did not restore the plaintext"
			   : "in place encrypt with callback differs");

	/* Decrypt with the callback, out of place. */
	cb.calls = 0;
	cb.decrypt = true;
	cb.dst = dst;
	cb.dst_len = len;
	fz_pattern(dst, len, 0x6d);
	s = FZ_CALL(extcrypt_extent_decrypt(e, first, ct, dst, len, callback, &cb));
	FZ_EXPECT(s, rejected ? EXTCRYPT_E_REJECTED : EXTCRYPT_OK,
		  "extent_decrypt with callback");
	FZ_ASSERT(cb.calls == ncalls, "decrypt called back %zu times, expected %zu",
		  cb.calls, ncalls);
	if (rejected) {
		size_t zeroed = decrypt_batch_start(ncalls - 1, st->du) * st->du;

		FZ_ASSERT(fz_all_zero(dst, zeroed) &&
				  fz_is_pattern_range(dst, zeroed, len, 0x6d),
			  "rejected decrypt left plaintext or wrote past its batch");
	} else {
		FZ_ASSERT(fz_eq(dst, pt, len), "decrypt with callback differs");
	}

	/* Decrypt with the callback, in place. */
	cb.calls = 0;
	cb.dst = NULL;
	if (len != 0)
		memcpy(buf, ct, len);
	s = FZ_CALL(extcrypt_extent_decrypt(e, first, buf, buf, len, callback, &cb));
	FZ_EXPECT(s, rejected ? EXTCRYPT_E_REJECTED : EXTCRYPT_OK,
		  "in place extent_decrypt with callback");
	FZ_ASSERT(cb.calls == ncalls, "in place decrypt called back %zu times",
		  cb.calls);
	FZ_ASSERT(fz_eq(buf, rejected ? ct : pt, len),
		  rejected ? "rejected in place decrypt changed the buffer"
			   : "in place decrypt with callback differs");

	if (len >= 2) {
		/* Partly overlapping buffers, NULL pointers: E_INVALID. */
		uint8_t *src, *odst, *obuf;
		size_t total;

		cb.calls = 0;
		cb.nunits = 0;
		obuf = fz_overlap(len, ctl, &src, &odst, &total);
		s = FZ_CALL(extcrypt_extent_encrypt(e, first, src, odst, len,
						    callback, &cb));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "partly overlapping buffers");
		s = FZ_CALL(extcrypt_extent_decrypt(e, first, src, odst, len,
						    callback, &cb));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "partly overlapping buffers");
		s = FZ_CALL(extcrypt_extent_decrypt(e, first, NULL, obuf, len,
						    NULL, NULL));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "decrypt with src NULL");
		s = FZ_CALL(extcrypt_extent_encrypt(e, first, pt, NULL, len,
						    NULL, NULL));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt with dst NULL");
		s = FZ_CALL(extcrypt_extent_encrypt(NULL, first, pt, obuf, len,
						    NULL, NULL));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "encrypt with extent NULL");
		FZ_ASSERT(fz_is_pattern(obuf, total, 0x77) && cb.calls == 0,
			  "refused extent call wrote or called back");
		free(obuf);
		cb.nunits = len / st->du;
	}
	/* Raw bytes decrypt, then encrypt back. */
	s = FZ_CALL(extcrypt_extent_decrypt(e, first, pt, dst, len, NULL, NULL));
	FZ_EXPECT(s, EXTCRYPT_OK, "decrypt of raw bytes");
	s = FZ_CALL(extcrypt_extent_encrypt(e, first, dst, buf, len, NULL, NULL));
	FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(buf, pt, len),
		  "decrypt then encrypt broken");
out:
	free(pt);
	free(ct);
	free(dst);
	free(buf);
}

/* ---- the target ------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t pctl = fz_u8(&f), flags = fz_u8(&f), dsel = fz_u8(&f);
	uint8_t bsel = fz_u8(&f), nonce[16], ctx[CTX_BUF], sctl, dus;
	uint32_t bs = UINT32_C(512) << (bsel % 8);
	struct ext_state st = { 0 };
	extcrypt_policy *pol = NULL;
	extcrypt_inode *ino = NULL;
	extcrypt_extent *e, *chosen = NULL;
	size_t ctx_len;
	int s, profile;
	bool extent_ok;

	st.key = fz_master_key(pctl & 3);
	extcrypt_master_key_identifier(st.key, st.key_id);
	st.mode = pairs[((pctl >> 2) & 7) % 5][0];
	if (!(pctl & 0x20))
		flags &= EXTCRYPT_POLICY_FLAGS_PAD_MASK; /* mostly: extent-able */
	dus = dsel % 9 == 0 ? 0 : (uint8_t)(8 + dsel % 9);
	if (!(bsel & 0x80) && dus > fz_log2(bs))
		bs = UINT32_C(1) << dus;
	fz_bytes(&f, nonce, sizeof(nonce));
	s = FZ_CALL(extcrypt_policy_new(st.mode, pairs[((pctl >> 2) & 7) % 5][1],
					flags, dus, st.key_id, &pol));
	if (s != EXTCRYPT_OK)
		return 0; /* fuzz_policy covers policies */
	s = FZ_CALL(extcrypt_inode_new_with_nonce(st.key, pol, nonce, bs, &ino));
	extcrypt_policy_free(pol);
	if (s != EXTCRYPT_OK)
		return 0; /* fuzz_inode covers inodes */
	if (flags & (EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
		     EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)) {
		static const uint8_t uuid[16] = { 1, 2, 3 };

		s = FZ_CALL(extcrypt_inode_set_ino(ino, 77, uuid));
		FZ_EXPECT(s, EXTCRYPT_OK, "set_ino");
	}
	st.ino = ino;
	st.du = extcrypt_inode_data_unit_size(ino);
	extent_ok = !(flags & (EXTCRYPT_POLICY_FLAG_DIRECT_KEY |
			       EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 |
			       EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32));

	profile = fz_u8(&f) % 7; /* 0 and 6 are not profiles */
	sctl = fz_u8(&f);
	ctx_len = (sctl & 0x40) ? fz_u8(&f) % (CTX_BUF + 1) : 34 + (sctl >> 7);
	fz_bytes(&f, ctx, sizeof(ctx));
	if ((sctl & 3) != 3)
		ctx[0] = 1;
	if (((sctl >> 2) & 3) != 3)
		ctx[1] = st.mode;
	if (((sctl >> 4) & 3) != 3)
		memcpy(ctx + 2, st.key_id, 16);

	/* NULL arguments. */
	e = (extcrypt_extent *)&st;
	s = FZ_CALL(extcrypt_extent_load(NULL, EXTCRYPT_EXTENT_DEFAULT, ctx,
					 ctx_len, &e));
	FZ_ASSERT(s == EXTCRYPT_E_INVALID && e == NULL, "extent_load(inode NULL)");
	s = FZ_CALL(extcrypt_extent_load(ino, EXTCRYPT_EXTENT_DEFAULT, NULL,
					 ctx_len, &e));
	FZ_EXPECT_SET(s, extent_ok ? FZ_ERR(EXTCRYPT_E_INVALID)
				   : FZ_ERR(EXTCRYPT_E_INVALID) |
					     FZ_ERR(EXTCRYPT_E_EXTENT_POLICY),
		      "extent_load(ctx NULL)");
	s = FZ_CALL(extcrypt_extent_load(ino, EXTCRYPT_EXTENT_DEFAULT, ctx,
					 ctx_len, NULL));
	FZ_EXPECT(s, EXTCRYPT_E_INVALID, "extent_load(out NULL)");
	s = FZ_CALL(extcrypt_extent_new_with_nonce(ino, EXTCRYPT_EXTENT_DEFAULT,
						   NULL, &e));
	FZ_EXPECT_SET(s, extent_ok ? FZ_ERR(EXTCRYPT_E_INVALID)
				   : FZ_ERR(EXTCRYPT_E_INVALID) |
					     FZ_ERR(EXTCRYPT_E_EXTENT_POLICY),
		      "extent_new_with_nonce(nonce NULL)");

	/* Every profile number on the same bytes. */
	for (int p = 0; p <= 6; p++) {
		uint8_t *c = fz_alloc(ctx_len), back[CTX_BUF], want_ctx[34];
		size_t back_len = 0x7777;
		uint32_t want;
		struct prof r;
		extcrypt_extent *twin = NULL;

		memcpy(c, ctx, ctx_len);
		want = model_load(&st, p, c, ctx_len, extent_ok);
		e = (extcrypt_extent *)&st;
		s = FZ_CALL(extcrypt_extent_load(ino, p, c, ctx_len, &e));
		FZ_EXPECT_SET(s, want, "extcrypt_extent_load");
		if (s != EXTCRYPT_OK) {
			FZ_ASSERT(e == NULL, "failed extent_load left *out set");
			free(c);
			continue;
		}
		FZ_ASSERT(e != NULL && profile_row(p, &r), "extent_load");
		FZ_ASSERT(extcrypt_extent_profile(e) == p, "extent profile");
		FZ_ASSERT(extcrypt_extent_data_unit_size(e) == st.du,
			  "extent data unit size");
		FZ_ASSERT(extcrypt_extent_context_size(p) == r.size &&
				  extcrypt_extent_hkdf_context(p) == r.hkdf,
			  "profile table differs from extent.h");
		/* The context it writes back: version 1, the mode byte if the
		 * profile uses it (else 0), identifier, the nonce read. */
		memcpy(want_ctx, c, r.size);
		want_ctx[0] = 1;
		if (r.key_id)
			want_ctx[1] = r.mode ? st.mode : 0;
		fz_pattern(back, sizeof(back), 0x21);
		s = FZ_CALL(extcrypt_extent_context(e, back, r.size - (sctl & 1),
						    &back_len));
		if (sctl & 1) {
			FZ_EXPECT(s, EXTCRYPT_E_OUTPUT_SPACE, "extent_context, small");
			FZ_ASSERT(fz_is_pattern(back, sizeof(back), 0x21),
				  "failed extent_context wrote");
			s = FZ_CALL(extcrypt_extent_context(e, back, sizeof(back),
							    &back_len));
		}
		FZ_EXPECT(s, EXTCRYPT_OK, "extent_context");
		FZ_ASSERT(back_len == r.size && fz_eq(back, want_ctx, r.size),
			  "extent context written back differs (profile %d)", p);
		FZ_ASSERT(fz_is_pattern_range(back, r.size, sizeof(back), 0x21),
			  "extent_context wrote past its size");
		extcrypt_extent_nonce(e, back);
		FZ_ASSERT(fz_eq(back, c + r.size - 16, 16), "extent nonce");
		/* Loading what it wrote gives the same extent. */
		s = FZ_CALL(extcrypt_extent_load(ino, p, want_ctx, r.size, &twin));
		FZ_EXPECT(s, EXTCRYPT_OK, "reload of a written context");
		extcrypt_extent_free(twin);
		if (p == profile && chosen == NULL) {
			chosen = e;
			s = FZ_CALL(extcrypt_extent_new_with_nonce(ino, p,
								   c + r.size - 16,
								   &twin));
			FZ_EXPECT(s, EXTCRYPT_OK, "extent_new_with_nonce");
			do_data(&st, e, twin, p, c + r.size - 16, &f);
			extcrypt_extent_free(twin);
		}
		extcrypt_extent_free(e);
		free(c);
	}
	(void)chosen;
	extcrypt_inode_free(ino);
	return 0;
}
