/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the libFuzzer targets in tests/fuzz/ (header only, so
 * each target is one .c file).  The targets use only the public API.
 *
 *  - struct fz: the fuzz input, consumed field by field from the front;
 *    reading past the end yields zeros, so every input is usable.
 *  - FZ_CALL(expr): runs one library call and checks the error contract:
 *    the status is one extcrypt_status_name() knows, and a failure leaves
 *    a fresh message in extcrypt_last_error() that starts with
 *    extcrypt_strerror(status).  "Fresh" is checked with a sentinel: just
 *    before the call a known failure is provoked, so a stale or missing
 *    message shows up as the sentinel text.
 *  - FZ_ASSERT(cond, fmt, ...): prints what broke and abort()s.
 */
#ifndef EXTCRYPT_FUZZ_COMMON_H
#define EXTCRYPT_FUZZ_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXTCRYPT_EXPERIMENTAL
#include "extcrypt/extcrypt.h"

/* The libFuzzer entry point every target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(__GNUC__)
#define FZ_UNUSED __attribute__((unused))
#define FZ_NORETURN __attribute__((noreturn))
#define FZ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FZ_UNUSED
#define FZ_NORETURN
#define FZ_PRINTF(f, a)
#endif

/* ---- failing ------------------------------------------------------------- */

static FZ_UNUSED FZ_NORETURN FZ_PRINTF(3, 4) void
fz_fail(const char *file, int line, const char *fmt, ...)
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

#define FZ_ASSERT(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond))                                                   \
			fz_fail(__FILE__, __LINE__, __VA_ARGS__);              \
	} while (0)

/* ---- the error contract ---------------------------------------------------- */

#define FZ_SENTINEL_NAME "fuzz-sentinel"

static char fz_sentinel_msg[256];

/* Leaves a known message in extcrypt_last_error(). */
static FZ_UNUSED void fz_arm(void)
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

static FZ_UNUSED bool fz_known_status(int s)
{
	return strcmp(extcrypt_status_name(s), "EXTCRYPT_E_UNKNOWN") != 0;
}

static FZ_UNUSED int fz_check_status(int s, const char *expr,
				     const char *file, int line)
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

/* Runs `expr` (an int-returning library call) and checks its status. */
#define FZ_CALL(expr)                                                          \
	(fz_arm(), fz_check_status((expr), #expr, __FILE__, __LINE__))

/* Asserts that status `s` is `want`. */
#define FZ_EXPECT(s, want, what)                                               \
	FZ_ASSERT((s) == (want), "%s: got %s, expected %s", (what),            \
		  extcrypt_status_name(s), extcrypt_status_name(want))

/*
 * A set of acceptable failures, as a bit mask over -status.  Where several
 * errors apply at once the API does not say which one wins, so the check
 * is: no error applies -> OK; otherwise one of those that apply.
 */
#define FZ_ERR(s) (UINT32_C(1) << (unsigned)(-(s)))

static FZ_UNUSED void fz_expect_set(int s, uint32_t errs, const char *what,
				    const char *file, int line)
{
	if (errs == 0 && s != EXTCRYPT_OK)
		fz_fail(file, line, "%s: got %s, expected EXTCRYPT_OK", what,
			extcrypt_status_name(s));
	if (errs != 0 && (s >= 0 || s <= -32 || !(errs & FZ_ERR(s))))
		fz_fail(file, line, "%s: got %s, expected a failure in mask 0x%x",
			what, extcrypt_status_name(s), (unsigned)errs);
}

#define FZ_EXPECT_SET(s, errs, what)                                           \
	fz_expect_set((s), (errs), (what), __FILE__, __LINE__)

/* ---- the input ------------------------------------------------------------ */

struct fz {
	const uint8_t *p;
	size_t n;
};

static FZ_UNUSED uint8_t fz_u8(struct fz *f)
{
	if (f->n == 0)
		return 0;
	f->n--;
	return *f->p++;
}

static FZ_UNUSED uint16_t fz_u16(struct fz *f)
{
	uint16_t v = fz_u8(f);

	return (uint16_t)(v | (uint16_t)fz_u8(f) << 8);
}

static FZ_UNUSED uint32_t fz_u32(struct fz *f)
{
	uint32_t v = fz_u16(f);

	return v | (uint32_t)fz_u16(f) << 16;
}

static FZ_UNUSED uint64_t fz_u64(struct fz *f)
{
	uint64_t v = fz_u32(f);

	return v | (uint64_t)fz_u32(f) << 32;
}

/* Copies up to `len` input bytes to `out`, zero-filling the rest. */
static FZ_UNUSED size_t fz_bytes(struct fz *f, uint8_t *out, size_t len)
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

/*
 * Fills `out` with at most `max_read` next input bytes; past them, repeats
 * what was read (or a fixed pattern when nothing was), so long buffers are
 * cheap to express and leave input for the fields after them.
 */
static FZ_UNUSED void fz_fill(struct fz *f, uint8_t *out, size_t len,
			      size_t max_read)
{
	size_t n = fz_bytes(f, out, len < max_read ? len : max_read);

	for (size_t i = n; i < len; i++)
		out[i] = n != 0 ? (uint8_t)(out[i % n] + 0x3b * (i / n))
				: (uint8_t)(i * 0x9d + 0x21);
}

/*
 * A 64-bit value that is often at an edge: small, near 2^32, near 2^64,
 * or arbitrary.
 */
static FZ_UNUSED uint64_t fz_index(struct fz *f)
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

/* A block size: usually a power of two (valid or not), sometimes raw. */
static FZ_UNUSED uint32_t fz_block_size(struct fz *f)
{
	uint8_t sel = fz_u8(f);

	if (sel >= 0xf0)
		return fz_u32(f);
	if (sel >= 0xe0)
		return UINT32_C(1) << (sel % 32);
	return UINT32_C(512) << (sel % 8);
}

/* ---- buffers --------------------------------------------------------------- */

/* Exactly `len` bytes (at least 1), so ASan sees any overrun. */
static FZ_UNUSED uint8_t *fz_alloc(size_t len)
{
	uint8_t *p = malloc(len != 0 ? len : 1);

	if (p == NULL)
		abort();
	return p;
}

/* Fills `buf` with a recognisable non-constant pattern. */
static FZ_UNUSED void fz_pattern(uint8_t *buf, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed ^ (i * 0x1f) ^ (i >> 8));
}

/* Whether buf[from..to) still holds fz_pattern(buf, >= to, seed). */
static FZ_UNUSED bool fz_is_pattern_range(const uint8_t *buf, size_t from,
					  size_t to, uint8_t seed)
{
	for (size_t i = from; i < to; i++)
		if (buf[i] != (uint8_t)(seed ^ (i * 0x1f) ^ (i >> 8)))
			return false;
	return true;
}

static FZ_UNUSED bool fz_is_pattern(const uint8_t *buf, size_t len,
				    uint8_t seed)
{
	return fz_is_pattern_range(buf, 0, len, seed);
}

static FZ_UNUSED bool fz_all_zero(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != 0)
			return false;
	return true;
}

static FZ_UNUSED bool fz_eq(const uint8_t *a, const uint8_t *b, size_t len)
{
	return len == 0 || memcmp(a, b, len) == 0;
}

/*
 * Sets up a partial overlap for a `len`-byte call (len >= 2): one buffer
 * of *total = len + shift bytes holding a pattern, src at its start and
 * dst `shift` bytes later (or the reverse), 0 < shift < len.
 */
static FZ_UNUSED uint8_t *fz_overlap(size_t len, uint8_t sel, uint8_t **src,
				     uint8_t **dst, size_t *total)
{
	size_t shift = 1 + sel % (len - 1);
	uint8_t *buf = fz_alloc(len + shift);

	*total = len + shift;
	fz_pattern(buf, *total, 0x77);
	*src = (sel & 0x80) ? buf + shift : buf;
	*dst = (sel & 0x80) ? buf : buf + shift;
	return buf;
}

/* ---- what the headers say about modes ---------------------------------------- */

/* IV size of a mode (cipher.h), 0 if unknown. */
static FZ_UNUSED size_t fz_mode_iv_size(int mode)
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

/* Contents modes (cipher.h: encrypt_units). */
static FZ_UNUSED bool fz_mode_contents(int mode)
{
	return mode == EXTCRYPT_MODE_AES_256_XTS ||
	       mode == EXTCRYPT_MODE_AES_128_CBC ||
	       mode == EXTCRYPT_MODE_ADIANTUM || mode == EXTCRYPT_MODE_SM4_XTS;
}

/* Security strength in bytes (the v2 master key must be at least this). */
static FZ_UNUSED size_t fz_mode_strength(int mode)
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

static FZ_UNUSED unsigned fz_log2(uint64_t v)
{
	unsigned n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

static FZ_UNUSED bool fz_valid_block_size(uint32_t bs)
{
	return bs >= 512 && bs <= 65536 && (bs & (bs - 1)) == 0;
}

/*
 * The expected status of decoding a policy (policy.h): the model the
 * fuzz_policy target compares extcrypt_policy_decode with.  Returns a mask
 * of acceptable errors (0: must succeed).
 */
static FZ_UNUSED uint32_t fz_model_policy_fields(int version, uint8_t cm,
						 uint8_t fm, uint8_t flags,
						 uint8_t dus)
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

/* ---- fixed master keys ------------------------------------------------------ */

#define FZ_NKEYS 3

/* Master key `i` (0..2: 16, 32 and 64 raw bytes), made once and kept. */
static FZ_UNUSED extcrypt_master_key *fz_master_key(unsigned i)
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

#endif /* EXTCRYPT_FUZZ_COMMON_H */
