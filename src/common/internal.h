/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by every part of the library.  Not installed.
 */
#ifndef EXTCRYPT_INTERNAL_H
#define EXTCRYPT_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extcrypt/error.h"

#if defined(__GNUC__)
#define EXTCRYPT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#else
#define EXTCRYPT_PRINTF(f, a)
#define likely(x) (x)
#define unlikely(x) (x)
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * OpenSSL's EVP calls take int lengths.  The public API never passes more
 * than EXTCRYPT_CIPHER_MAX_UNIT, but every conversion still goes through
 * here, so no length can ever be truncated into a shorter one: false (and
 * no conversion) if `len` does not fit.
 */
static inline bool extcrypt_int_len(size_t len, int *out)
{
	if (len > INT_MAX)
		return false;
	*out = (int)len;
	return true;
}

/*
 * Records `status` and a printf-style detail message as the calling
 * thread's last error (see extcrypt_last_error) and returns `status`, so a
 * failure path reads `return extcrypt_fail(EXTCRYPT_E_..., "...", ...);`.
 */
int extcrypt_fail(int status, const char *fmt, ...) EXTCRYPT_PRINTF(2, 3);

/*
 * For accessors that return a value rather than a status: records that
 * the object `what` was NULL (EXTCRYPT_E_INVALID) and returns 0, the value
 * they document for NULL:
 *   return p != NULL ? p->x : extcrypt_null_arg("policy");
 */
int extcrypt_null_arg(const char *what);

/* One-time library setup (libsodium); cheap after the first call.
 * Returns EXTCRYPT_OK or EXTCRYPT_E_CRYPTO. */
int extcrypt_lib_init(void);

/*
 * Runs `fn` when the library is unloaded (dlclose) or the process exits,
 * to free what it fetched from OpenSSL.  Call it right after the first
 * fetch: OpenSSL registers its own exit-time cleanup on first use, and
 * exit handlers run in reverse order, so `fn` runs while OpenSSL is still
 * up.  (An application that calls OPENSSL_cleanup() itself before exit
 * breaks that order; OpenSSL documents the call as unneeded.)
 */
void extcrypt_at_unload(void (*fn)(void));

static inline void extcrypt_put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void extcrypt_put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint32_t extcrypt_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t extcrypt_get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline bool extcrypt_is_pow2(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

static inline unsigned extcrypt_log2(uint64_t v)
{
	return 63 - (unsigned)__builtin_clzll(v);
}

/* True if [a, a+alen) and [b, b+blen) overlap without being identical. */
static inline bool extcrypt_bad_overlap(const uint8_t *a, const uint8_t *b,
					size_t len)
{
	if (a == b || len == 0)
		return false;
	return (a < b) ? (size_t)(b - a) < len : (size_t)(a - b) < len;
}

#endif /* EXTCRYPT_INTERNAL_H */
