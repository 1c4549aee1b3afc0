// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the cipher layer.  extcrypt_cipher_new for every mode
 * number 0..12 with fuzzed key lengths and keys, compared with a model of
 * cipher.h; then one message (fuzzed IV length, IV and length) or a run of
 * data units (fuzzed unit_len, index and length), encrypted and decrypted,
 * out of place and in place.  Failures must leave dst untouched (it is
 * filled with a pattern first); successes must round trip, and agree with:
 * in place = out of place; units = one message per unit with
 * IV le64(index); AES-256-XTS with a partial last block = the plain XTS of
 * the blocks before stealing; every AES-256-XTS implementation this CPU
 * can run (experimental.h).
 *
 * Input: mode, key length selector, key, op ctl, op fields, data.
 */
#include "fuzz_common.h"

#define MAX_MSG 8192
#define MAX_UNITS_BYTES (64 * 1024)

/* XTS keys (AES-256-XTS, SM4-XTS) whose halves are equal are refused
 * with EXTCRYPT_E_INVALID by every implementation, as by the kernel. */
static bool is_xts(int mode)
{
	return mode == EXTCRYPT_MODE_AES_256_XTS || mode == EXTCRYPT_MODE_SM4_XTS;
}

static bool xts_equal_halves(int mode, const uint8_t *key, size_t key_len)
{
	return is_xts(mode) && key_len == extcrypt_mode_key_size(mode) &&
	       memcmp(key, key + key_len / 2, key_len / 2) == 0;
}

static uint32_t model_new(int mode, const uint8_t *key, size_t key_len)
{
	if (extcrypt_mode_name(mode) == NULL)
		return FZ_ERR(EXTCRYPT_E_INVALID);
	if (key_len != extcrypt_mode_key_size(mode))
		return FZ_ERR(EXTCRYPT_E_LENGTH);
	if (!extcrypt_mode_supported(mode))
		return FZ_ERR(EXTCRYPT_E_UNSUPPORTED);
	if (xts_equal_halves(mode, key, key_len))
		return FZ_ERR(EXTCRYPT_E_INVALID);
	return 0;
}

typedef int (*msg_fn)(const extcrypt_cipher *, const uint8_t *, size_t,
		      const uint8_t *, uint8_t *, size_t);
typedef int (*units_fn)(const extcrypt_cipher *, uint64_t, size_t,
			const uint8_t *, uint8_t *, size_t);

struct op {
	bool units;
	const uint8_t *iv;
	size_t iv_len;
	uint64_t first;
	size_t unit_len;
};

/* One call, out of place then in place; checks the failure rules and
 * that both agree.  The result (on success) goes to `out`. */
static int run(const extcrypt_cipher *c, const struct op *op, bool enc,
	       const uint8_t *src, uint8_t *out, size_t len, uint32_t want,
	       const char *what)
{
	uint8_t *dst = fz_alloc(len), *buf = fz_alloc(len);
	int s, s2;

	fz_pattern(dst, len, 0x4b);
	if (op->units)
		s = FZ_CALL((enc ? extcrypt_cipher_encrypt_units
				 : extcrypt_cipher_decrypt_units)(c, op->first,
								  op->unit_len,
								  src, dst, len));
	else
		s = FZ_CALL((enc ? extcrypt_cipher_encrypt
				 : extcrypt_cipher_decrypt)(c, op->iv, op->iv_len,
							    src, dst, len));
	FZ_EXPECT_SET(s, want, what);
	if (s == EXTCRYPT_E_CRYPTO)
		FZ_ASSERT(fz_is_pattern(dst, len, 0x4b) || fz_all_zero(dst, len),
			  "%s: backend failure left half-written output", what);
	else if (s != EXTCRYPT_OK)
		FZ_ASSERT(fz_is_pattern(dst, len, 0x4b),
			  "%s failed with %s but wrote dst", what,
			  extcrypt_status_name(s));
	if (len != 0)
		memcpy(buf, src, len);
	if (op->units)
		s2 = FZ_CALL((enc ? extcrypt_cipher_encrypt_units
				  : extcrypt_cipher_decrypt_units)(c, op->first,
								   op->unit_len,
								   buf, buf, len));
	else
		s2 = FZ_CALL((enc ? extcrypt_cipher_encrypt
				  : extcrypt_cipher_decrypt)(c, op->iv, op->iv_len,
							     buf, buf, len));
	FZ_ASSERT(s2 == s, "%s: in place %s, out of place %s", what,
		  extcrypt_status_name(s2), extcrypt_status_name(s));
	if (s == EXTCRYPT_OK) {
		FZ_ASSERT(fz_eq(buf, dst, len), "%s: in place differs", what);
		if (len != 0)
			memcpy(out, dst, len);
	} else if (s != EXTCRYPT_E_CRYPTO) {
		FZ_ASSERT(fz_eq(buf, src, len),
			  "%s failed in place with %s but changed the buffer",
			  what, extcrypt_status_name(s));
	}
	free(dst);
	free(buf);
	return s;
}

/* The same operation with every other usable AES-256-XTS implementation. */
static void xts_impls_agree(const uint8_t *key, const struct op *op,
			    const uint8_t *pt, const uint8_t *ct, size_t len)
{
	uint8_t *out = fz_alloc(len);

	for (size_t i = 0; i < extcrypt_xts_impl_count(); i++) {
		const char *name = extcrypt_xts_impl_name_at(i);
		extcrypt_cipher *c = NULL;
		int s;

		FZ_ASSERT(name != NULL, "implementation %zu has no name", i);
		if (!extcrypt_xts_impl_usable(name))
			continue;
		s = FZ_CALL(extcrypt_cipher_new_impl(EXTCRYPT_MODE_AES_256_XTS,
						     key, 64, name, &c));
		FZ_EXPECT(s, EXTCRYPT_OK, "cipher_new_impl");
		s = op->units ? FZ_CALL(extcrypt_cipher_encrypt_units(
					c, op->first, op->unit_len, pt, out, len))
			      : FZ_CALL(extcrypt_cipher_encrypt(c, op->iv,
								op->iv_len, pt,
								out, len));
		FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(out, ct, len),
			  "AES-256-XTS implementation %s differs (%s)", name,
			  extcrypt_status_name(s));
		s = op->units ? FZ_CALL(extcrypt_cipher_decrypt_units(
					c, op->first, op->unit_len, ct, out, len))
			      : FZ_CALL(extcrypt_cipher_decrypt(c, op->iv,
								op->iv_len, ct,
								out, len));
		FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(out, pt, len),
			  "AES-256-XTS implementation %s decrypts differently",
			  name);
		extcrypt_cipher_free(c);
	}
	free(out);
}

/*
 * Arguments the API refuses for a call that is otherwise valid: partly
 * overlapping buffers, NULL pointers (E_INVALID, nothing written); and a
 * NULL IV of length 0, which is the all-zero IV.  `ct` is the ciphertext
 * of `pt` under `op`.
 */
static void misuse(const extcrypt_cipher *c, const struct op *op, size_t len,
		   uint8_t sel, const uint8_t *pt, const uint8_t *ct)
{
	uint8_t *src, *dst, *buf, *out;
	size_t total;
	int s;

	if (len >= 2) {
		buf = fz_overlap(len, sel, &src, &dst, &total);
		s = op->units ? FZ_CALL(extcrypt_cipher_encrypt_units(
					c, op->first, op->unit_len, src, dst, len))
			      : FZ_CALL(extcrypt_cipher_decrypt(c, op->iv,
								op->iv_len, src,
								dst, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "partly overlapping buffers");
		FZ_ASSERT(fz_is_pattern(buf, total, 0x77),
			  "call on overlapping buffers wrote");
		free(buf);
	}
	out = fz_alloc(len);
	fz_pattern(out, len, 0x4b);
	if (op->units) {
		if (len != 0) {
			s = FZ_CALL(extcrypt_cipher_encrypt_units(
				c, op->first, op->unit_len, NULL, out, len));
			FZ_EXPECT(s, EXTCRYPT_E_INVALID, "units with src NULL");
			s = FZ_CALL(extcrypt_cipher_decrypt_units(
				c, op->first, op->unit_len, ct, NULL, len));
			FZ_EXPECT(s, EXTCRYPT_E_INVALID, "units with dst NULL");
		}
		s = FZ_CALL(extcrypt_cipher_encrypt_units(NULL, op->first,
							  op->unit_len, pt, out,
							  len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "units with cipher NULL");
	} else {
		s = FZ_CALL(extcrypt_cipher_encrypt(c, NULL, 1, pt, out, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "message with iv NULL, iv_len 1");
		s = FZ_CALL(extcrypt_cipher_encrypt(c, op->iv, op->iv_len, NULL,
						    out, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "message with src NULL");
		s = FZ_CALL(extcrypt_cipher_encrypt(NULL, op->iv, op->iv_len,
						    pt, out, len));
		FZ_EXPECT(s, EXTCRYPT_E_INVALID, "message with cipher NULL");
		FZ_ASSERT(fz_is_pattern(out, len, 0x4b), "refused call wrote");
		if (op->iv_len == 0) {
			s = FZ_CALL(extcrypt_cipher_encrypt(c, NULL, 0, pt, out,
							    len));
			FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(out, ct, len),
				  "a NULL IV of length 0 is not the zero IV");
		}
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	int mode = fz_u8(&f) % 13;
	uint8_t ksel = fz_u8(&f), key[80], ctl, iv[48];
	size_t key_len = extcrypt_mode_key_size(mode), len, iv_size;
	extcrypt_cipher *c = (extcrypt_cipher *)&f;
	struct op op = { 0 };
	uint8_t *pt, *ct, *back;
	uint32_t want = 0;
	bool enc_ok;
	int s;

	if ((ksel & 0xc0) == 0xc0 || key_len == 0)
		key_len = ksel % sizeof(key);
	fz_bytes(&f, key, key_len);
	if ((ksel & 0x30) == 0x30 && (key_len == 64 || key_len == 32))
		memcpy(key + key_len / 2, key, key_len / 2); /* equal XTS halves */

	s = FZ_CALL(extcrypt_cipher_new(mode, key, key_len, &c));
	FZ_EXPECT_SET(s, model_new(mode, key, key_len), "extcrypt_cipher_new");
	if (s != EXTCRYPT_OK) {
		FZ_ASSERT(c == NULL, "failed cipher_new left *out set");
		return 0;
	}
	FZ_ASSERT(extcrypt_cipher_impl_name(c) != NULL, "cipher without impl name");
	iv_size = fz_mode_iv_size(mode);

	ctl = fz_u8(&f);
	op.units = ctl & 1;
	if (!op.units) {
		op.iv_len = (ctl & 6) == 6 ? fz_u8(&f) % 40 : iv_size;
		fz_bytes(&f, iv, sizeof(iv));
		op.iv = iv;
		switch ((ctl >> 3) & 3) {
		case 0:
			len = fz_u8(&f);
			break;
		case 1:
			len = 16 * (fz_u8(&f) % 9) + fz_u8(&f) % 17;
			break;
		default:
			len = fz_u16(&f) % (MAX_MSG + 1);
			break;
		}
		if (op.iv_len > iv_size)
			want |= FZ_ERR(EXTCRYPT_E_LENGTH);
		if (len < 16)
			want |= FZ_ERR(EXTCRYPT_E_LENGTH);
		if (mode == EXTCRYPT_MODE_AES_128_CBC && len % 16 != 0)
			want |= FZ_ERR(EXTCRYPT_E_ALIGNMENT);
	} else {
		size_t n;
		uint8_t u = fz_u8(&f);

		op.unit_len = (u & 0x80) ? fz_u16(&f) : (size_t)16 << (u % 9);
		op.first = fz_index(&f);
		n = fz_u8(&f) % 5;
		if (op.unit_len != 0 && n * op.unit_len > MAX_UNITS_BYTES)
			n = MAX_UNITS_BYTES / op.unit_len;
		len = n * op.unit_len;
		if (ctl & 2) {
			int delta = (int8_t)fz_u8(&f);

			len = delta < 0 && (size_t)-delta > len
				      ? (size_t)-delta - len
				      : len + (size_t)delta;
		}
		if (!fz_mode_contents(mode))
			want |= FZ_ERR(EXTCRYPT_E_INVALID);
		if (op.unit_len < 16 || op.unit_len % 16 != 0)
			want |= FZ_ERR(EXTCRYPT_E_INVALID);
		else if (len % op.unit_len != 0)
			want |= FZ_ERR(EXTCRYPT_E_ALIGNMENT);
		else if (len != 0 && len / op.unit_len - 1 > UINT64_MAX - op.first)
			want |= FZ_ERR(EXTCRYPT_E_RANGE);
	}
	pt = fz_alloc(len);
	ct = fz_alloc(len);
	back = fz_alloc(len);
	fz_fill(&f, pt, len, 64);

	s = run(c, &op, true, pt, ct, len, want, "encrypt");
	enc_ok = s == EXTCRYPT_OK;
	if (s == EXTCRYPT_OK) {
		if (len != 0)
			FZ_ASSERT(!fz_eq(ct, pt, len),
				  "encryption left the data as is");
		s = run(c, &op, false, ct, back, len, 0, "decrypt");
		FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(back, pt, len),
			  "round trip broken");
		if (op.units && len != 0) {
			/* Units = one message per unit with IV le64(index). */
			struct op m = { .iv = iv, .iv_len = 8 };

			for (size_t j = 0; j < len / op.unit_len && j < 8; j++) {
				uint64_t idx = op.first + j;

				for (int b = 0; b < 8; b++)
					iv[b] = (uint8_t)(idx >> (8 * b));
				s = run(c, &m, true, pt + j * op.unit_len, back,
					op.unit_len, 0, "unit as message");
				FZ_ASSERT(s == EXTCRYPT_OK &&
						  fz_eq(back, ct + j * op.unit_len,
							op.unit_len),
					  "unit %zu differs from a message with its IV",
					  j);
			}
		}
		if (!op.units && is_xts(mode) && len % 16 != 0 && len >= 48) {
			/* Ciphertext stealing only touches the last two
			 * blocks: the blocks before are plain XTS. */
			size_t head = (len / 16 - 1) * 16;

			s = run(c, &op, true, pt, back, head, 0, "xts head");
			FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(back, ct, head),
				  "XTS with stealing differs before the last two blocks");
		}
		if (mode == EXTCRYPT_MODE_AES_256_XTS && (ctl & 0x20))
			xts_impls_agree(key, &op, pt, ct, len);
	} else {
		/* Decrypt fails the same way (it has the same rules). */
		if (len != 0)
			memcpy(ct, pt, len);
		s = run(c, &op, false, pt, back, len, want, "decrypt");
	}
	if (enc_ok)
		misuse(c, &op, len, fz_u8(&f), pt, ct);
	/* Decrypt raw bytes, then encrypt back. */
	if (want == 0) {
		s = run(c, &op, false, pt, ct, len, 0, "decrypt (raw)");
		if (s == EXTCRYPT_OK) {
			s = run(c, &op, true, ct, back, len, 0, "re-encrypt");
			FZ_ASSERT(s == EXTCRYPT_OK && fz_eq(back, pt, len),
				  "decrypt then encrypt broken");
		}
	}
	extcrypt_cipher_free(c);
	free(pt);
	free(ct);
	free(back);
	return 0;
}
