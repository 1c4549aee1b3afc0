// SPDX-License-Identifier: MIT
/*
 * The helpers of the libFuzzer targets; what each does is in
 * fuzz_common.h.
 */
#include <stdarg.h>

#include "fuzz_common.h"

void fz_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\n==FUZZ== assertion failed at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n==FUZZ== extcrypt_last_error(): \"%s\"\n",
		extcrypt_last_error());
	fflush(stderr);
	abort();
}

/* ---- the error contract ---------------------------------------------------- */

static char fz_sentinel_msg[256];

void fz_arm(void)
{
	int s = extcrypt_extent_profile_from_name(FZ_SENTINEL_NAME);

	if (fz_sentinel_msg[0] == '\0') {
		if (s != EXTCRYPT_E_INVALID || extcrypt_last_error()[0] == '\0') {
			fprintf(stderr, "==FUZZ== cannot set the sentinel message\n");
			abort();
		}
		snprintf(fz_sentinel_msg, sizeof(fz_sentinel_msg), "%s",
			 extcrypt_last_error());
	}
}

bool fz_known_status(int s)
{
	return strcmp(extcrypt_status_name(s), "EXTCRYPT_E_UNKNOWN") != 0;
}

int fz_check_status(int s, const char *expr, const char *file, int line)
{
	const char *msg = extcrypt_last_error();
	const char *text = extcrypt_strerror(s);

	if (!fz_known_status(s))
		fz_fail(file, line, "%s returned %d, a status without a name",
			expr, s);
	if (s == EXTCRYPT_OK)
		return s;
	if (msg == NULL || msg[0] == '\0')
		fz_fail(file, line, "%s failed with %s and an empty message",
			expr, extcrypt_status_name(s));
	if (strcmp(msg, fz_sentinel_msg) == 0)
		fz_fail(file, line,
			"%s failed with %s but left no message of its own", expr,
			extcrypt_status_name(s));
	if (strncmp(msg, text, strlen(text)) != 0)
		fz_fail(file, line,
			"%s failed with %s but the message is about another status",
			expr, extcrypt_status_name(s));
	return s;
}

void fz_expect_set(int s, uint32_t errs, const char *what, const char *file,
		   int line)
{
	if (errs == 0 && s != EXTCRYPT_OK)
		fz_fail(file, line, "%s: got %s, expected EXTCRYPT_OK", what,
			extcrypt_status_name(s));
	if (errs != 0 && (s >= 0 || s <= -32 || !(errs & FZ_ERR(s))))
		fz_fail(file, line, "%s: got %s, expected a failure in mask 0x%x",
			what, extcrypt_status_name(s), (unsigned)errs);
}

/* ---- the input ------------------------------------------------------------- */

uint8_t fz_u8(struct fz *f)
{
	if (f->n == 0)
		return 0;
	f->n--;
	return *f->p++;
}

uint16_t fz_u16(struct fz *f)
{
	uint16_t v = fz_u8(f);

	return (uint16_t)(v | (uint16_t)fz_u8(f) << 8);
}

uint32_t fz_u32(struct fz *f)
{
	uint32_t v = fz_u16(f);

	return v | (uint32_t)fz_u16(f) << 16;
}

uint64_t fz_u64(struct fz *f)
{
	uint64_t v = fz_u32(f);

	return v | (uint64_t)fz_u32(f) << 32;
}

size_t fz_bytes(struct fz *f, uint8_t *out, size_t len)
{
	size_t n = len < f->n ? len : f->n;

	if (n != 0)
		memcpy(out, f->p, n);
	if (len > n)
		memset(out + n, 0, len - n);
	f->p += n;
	f->n -= n;
	return n;
}

void fz_fill(struct fz *f, uint8_t *out, size_t len, size_t max_read)
{
	size_t n = fz_bytes(f, out, len < max_read ? len : max_read);

	for (size_t i = n; i < len; i++)
		out[i] = n != 0 ? (uint8_t)(out[i % n] + 0x3b * (i / n))
				: (uint8_t)(i * 0x9d + 0x21);
}

uint64_t fz_index(struct fz *f)
{
	uint8_t sel = fz_u8(f);
	uint64_t small = fz_u8(f);

	switch (sel % 8) {
	case 0:
	case 1:
	case 2:
		return small;
	case 3:
		return UINT64_MAX - (small % 8);
	case 4:
		return UINT32_MAX - (small % 8);
	case 5:
		return (UINT64_C(1) << 32) + (small % 8) - 4;
	case 6:
		return small << (fz_u8(f) % 64);
	default:
		return fz_u64(f);
	}
}

uint32_t fz_block_size(struct fz *f)
{
	uint8_t sel = fz_u8(f);

	if (sel >= 0xf0)
		return fz_u32(f);
	if (sel >= 0xe0)
		return UINT32_C(1) << (sel % 32);
	return UINT32_C(512) << (sel % 8);
}

/* ---- buffers --------------------------------------------------------------- */

uint8_t *fz_alloc(size_t len)
{
	uint8_t *p = malloc(len != 0 ? len : 1);

	if (p == NULL)
		abort();
	return p;
}

void fz_pattern(uint8_t *buf, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed ^ (i * 0x1f) ^ (i >> 8));
}

bool fz_is_pattern_range(const uint8_t *buf, size_t from, size_t to,
			 uint8_t seed)
{
	for (size_t i = from; i < to; i++)
		if (buf[i] != (uint8_t)(seed ^ (i * 0x1f) ^ (i >> 8)))
			return false;
	return true;
}

bool fz_is_pattern(const uint8_t *buf, size_t len, uint8_t seed)
{
	return fz_is_pattern_range(buf, 0, len, seed);
}

bool fz_all_zero(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != 0)
			return false;
	return true;
}

bool fz_eq(const uint8_t *a, const uint8_t *b, size_t len)
{
	return len == 0 || memcmp(a, b, len) == 0;
}

uint8_t *fz_overlap(size_t len, uint8_t sel, uint8_t **src, uint8_t **dst,
		    size_t *total)
{
	size_t shift = 1 + sel % (len - 1);
	uint8_t *buf = fz_alloc(len + shift);

	*total = len + shift;
	fz_pattern(buf, *total, 0x77);
	*src = (sel & 0x80) ? buf + shift : buf;
	*dst = (sel & 0x80) ? buf : buf + shift;
	return buf;
}

/* ---- what the headers say about modes -------------------------------------- */

size_t fz_mode_iv_size(int mode)
{
	switch (mode) {
	case EXTCRYPT_MODE_AES_256_XTS:
	case EXTCRYPT_MODE_AES_256_CTS:
	case EXTCRYPT_MODE_AES_128_CBC:
	case EXTCRYPT_MODE_AES_128_CTS:
	case EXTCRYPT_MODE_SM4_XTS:
	case EXTCRYPT_MODE_SM4_CTS:
		return 16;
	case EXTCRYPT_MODE_ADIANTUM:
	case EXTCRYPT_MODE_AES_256_HCTR2:
		return 32;
	default:
		return 0;
	}
}

bool fz_mode_contents(int mode)
{
	return mode == EXTCRYPT_MODE_AES_256_XTS ||
	       mode == EXTCRYPT_MODE_AES_128_CBC ||
	       mode == EXTCRYPT_MODE_ADIANTUM || mode == EXTCRYPT_MODE_SM4_XTS;
}

size_t fz_mode_strength(int mode)
{
	switch (mode) {
	case EXTCRYPT_MODE_AES_128_CBC:
	case EXTCRYPT_MODE_AES_128_CTS:
	case EXTCRYPT_MODE_SM4_XTS:
	case EXTCRYPT_MODE_SM4_CTS:
		return 16;
	default:
		return 32;
	}
}

unsigned fz_log2(uint64_t v)
{
	unsigned n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

bool fz_valid_block_size(uint32_t bs)
{
	return bs >= 512 && bs <= 65536 && (bs & (bs - 1)) == 0;
}

uint32_t fz_model_policy_fields(int version, uint8_t cm, uint8_t fm,
				uint8_t flags, uint8_t dus)
{
	static const struct {
		uint8_t c, f;
		bool v1;
	} pairs[] = { { 1, 4, true }, { 5, 6, true }, { 9, 9, true },
		      { 1, 10, false }, { 7, 8, false } };
	bool pair_ok = false;
	uint8_t key_flags = flags & 0x1c;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (pairs[i].c == cm && pairs[i].f == fm)
			pair_ok = version == 2 || pairs[i].v1;
	if (!pair_ok)
		return FZ_ERR(EXTCRYPT_E_POLICY);
	if (version == 1) {
		if (flags & ~0x07)
			return FZ_ERR(EXTCRYPT_E_POLICY);
	} else {
		if (flags & ~0x1f)
			return FZ_ERR(EXTCRYPT_E_POLICY);
		if (dus != 0 && (dus < 9 || dus > 16))
			return FZ_ERR(EXTCRYPT_E_POLICY);
		if (key_flags & (key_flags - 1))
			return FZ_ERR(EXTCRYPT_E_POLICY);
		if ((key_flags & 0x18) && cm != EXTCRYPT_MODE_AES_256_XTS)
			return FZ_ERR(EXTCRYPT_E_POLICY);
	}
	/* DIRECT_KEY: equal modes whose IV holds the nonce (Adiantum). */
	if ((flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY) &&
	    (cm != fm || fz_mode_iv_size(cm) < 24))
		return FZ_ERR(EXTCRYPT_E_POLICY);
	return 0;
}

/* ---- fixed master keys ----------------------------------------------------- */

extcrypt_master_key *fz_master_key(unsigned i)
{
	static extcrypt_master_key *keys[FZ_NKEYS];
	static const size_t sizes[FZ_NKEYS] = { 16, 32, 64 };

	i %= FZ_NKEYS;
	if (keys[i] == NULL) {
		uint8_t raw[64];

		for (size_t j = 0; j < sizeof(raw); j++)
			raw[j] = (uint8_t)(j * 13 + i * 37 + 1);
		if (extcrypt_master_key_new(raw, sizes[i], &keys[i]) != 0) {
			fprintf(stderr, "==FUZZ== extcrypt_master_key_new failed: %s\n",
				extcrypt_last_error());
			abort();
		}
	}
	return keys[i];
}
