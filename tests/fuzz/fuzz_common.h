/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the libFuzzer targets in tests/fuzz/ (defined in
 * common.c, linked into every target).  The targets use only the public
 * API.
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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXTCRYPT_EXPERIMENTAL
#include "extcrypt/extcrypt.h"

/* The libFuzzer entry point every target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- failing ------------------------------------------------------------- */

__attribute__((noreturn, format(printf, 3, 4))) void
fz_fail(const char *file, int line, const char *fmt, ...);

#define FZ_ASSERT(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond))                                                   \
			fz_fail(__FILE__, __LINE__, __VA_ARGS__);              \
	} while (0)

/* ---- the error contract ---------------------------------------------------- */

#define FZ_SENTINEL_NAME "fuzz-sentinel"

/* Leaves a known message in extcrypt_last_error(). */
void fz_arm(void);
/* Whether extcrypt_status_name() knows `s`. */
bool fz_known_status(int s);
/* Checks the status and message a call left (fz_arm() first); returns s. */
int fz_check_status(int s, const char *expr, const char *file, int line);

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

void fz_expect_set(int s, uint32_t errs, const char *what, const char *file,
		   int line);

#define FZ_EXPECT_SET(s, errs, what)                                           \
	fz_expect_set((s), (errs), (what), __FILE__, __LINE__)

/* ---- the input ------------------------------------------------------------ */

struct fz {
	const uint8_t *p;
	size_t n;
};

/* Little-endian numbers from the front of the input. */
uint8_t fz_u8(struct fz *f);
uint16_t fz_u16(struct fz *f);
uint32_t fz_u32(struct fz *f);
uint64_t fz_u64(struct fz *f);

/* Copies up to `len` input bytes to `out`, zero-filling the rest. */
size_t fz_bytes(struct fz *f, uint8_t *out, size_t len);

/*
 * Fills `out` with at most `max_read` next input bytes; past them, repeats
 * what was read (or a fixed pattern when nothing was), so long buffers are
 * cheap to express and leave input for the fields after them.
 */
void fz_fill(struct fz *f, uint8_t *out, size_t len, size_t max_read);

/*
 * A 64-bit value that is often at an edge: small, near 2^32, near 2^64,
 * or arbitrary.
 */
uint64_t fz_index(struct fz *f);

/* A block size: usually a power of two (valid or not), sometimes raw. */
uint32_t fz_block_size(struct fz *f);

/* ---- buffers --------------------------------------------------------------- */

/* Exactly `len` bytes (at least 1), so ASan sees any overrun. */
uint8_t *fz_alloc(size_t len);

/* Fills `buf` with a recognisable non-constant pattern. */
void fz_pattern(uint8_t *buf, size_t len, uint8_t seed);

/* Whether buf[from..to) still holds fz_pattern(buf, >= to, seed). */
bool fz_is_pattern_range(const uint8_t *buf, size_t from, size_t to,
			 uint8_t seed);
bool fz_is_pattern(const uint8_t *buf, size_t len, uint8_t seed);
bool fz_all_zero(const uint8_t *buf, size_t len);
bool fz_eq(const uint8_t *a, const uint8_t *b, size_t len);

/*
 * Sets up a partial overlap for a `len`-byte call (len >= 2): one buffer
 * of *total = len + shift bytes holding a pattern, src at its start and
 * dst `shift` bytes later (or the reverse), 0 < shift < len.
 */
uint8_t *fz_overlap(size_t len, uint8_t sel, uint8_t **src, uint8_t **dst,
		    size_t *total);

/* ---- what the headers say about modes ---------------------------------------- */

/* IV size of a mode (cipher.h), 0 if unknown. */
size_t fz_mode_iv_size(int mode);
/* Contents modes (cipher.h: encrypt_units). */
bool fz_mode_contents(int mode);
/* Security strength in bytes (the v2 master key must be at least this). */
size_t fz_mode_strength(int mode);

unsigned fz_log2(uint64_t v);
bool fz_valid_block_size(uint32_t bs);

/*
 * The expected status of decoding a policy (policy.h): the model the
 * fuzz_policy target compares extcrypt_policy_decode with.  Returns a mask
 * of acceptable errors (0: must succeed).
 */
uint32_t fz_model_policy_fields(int version, uint8_t cm, uint8_t fm,
				uint8_t flags, uint8_t dus);

/* ---- fixed master keys ------------------------------------------------------ */

#define FZ_NKEYS 3

/* Master key `i` (0..2: 16, 32 and 64 raw bytes), made once and kept. */
extcrypt_master_key *fz_master_key(unsigned i);

#endif /* EXTCRYPT_FUZZ_COMMON_H */
