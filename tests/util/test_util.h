/* SPDX-License-Identifier: MIT */
/* Helpers for the Check test programs.  Not part of the library. */
#ifndef EXTCRYPT_TEST_UTIL_H
#define EXTCRYPT_TEST_UTIL_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json_vectors.h"

/* Asserts that `expr` returns the status `want`, showing both names. */
#define ck_status(expr, want)                                                  \
	do {                                                                   \
		int got_ = (expr);                                             \
		ck_assert_msg(got_ == (want), "%s: got %d (%s), want %d (%s); %s", \
			      #expr, got_, extcrypt_strerror(got_), (want),    \
			      extcrypt_strerror(want), extcrypt_last_error()); \
	} while (0)

#define ck_ok(expr) ck_status(expr, EXTCRYPT_OK)

/* Decodes a hex literal; aborts the test on bad input.  malloc'ed. */
uint8_t *tu_hex(const char *hex, size_t *len);

/* Asserts that buf[0..len) equals the hex string. */
void tu_assert_hex(const uint8_t *buf, size_t len, const char *hex);

/* Deterministic pseudo-random bytes (splitmix64), for reproducible tests. */
void tu_rand(uint64_t *state, void *buf, size_t len);
uint64_t tu_rand_u64(uint64_t *state);

/* Reads tests/vectors/<rel> whole (NUL-terminated, malloc'ed). */
char *tu_read_vector_file(const char *rel, size_t *len);

/*
 * Calls `fn` for every test object of a Wycheproof JSON file (each object
 * holding a "tcId"), with the object's text.  `fn` returns 0 to go on.
 * Returns the number of objects visited.
 */
size_t tu_wycheproof_foreach(const char *json,
			     int (*fn)(void *arg, const char *obj, size_t len),
			     void *arg);

/* A string field of a flat JSON object, malloc'ed, or NULL. */
char *tu_json_string(const char *obj, size_t len, const char *name);
/* An integer field of a flat JSON object, or -1. */
long tu_json_int(const char *obj, size_t len, const char *name);

/* Runs a suite; returns the process exit status (0 if all passed). */
int tu_run(Suite *s);

#endif /* EXTCRYPT_TEST_UTIL_H */
