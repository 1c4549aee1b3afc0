/* SPDX-License-Identifier: MIT */
/*
 * What every data-unit call (cipher, inode, extent) does the same way:
 * check its arguments before writing anything, and leave no half-written
 * output when it fails after writing started (docs/design.md §5).
 */
#ifndef EXTCRYPT_CIPHER_UNITS_H
#define EXTCRYPT_CIPHER_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runs `nunits` data units of `obj` from index `first`, with the IVs of
 * `obj`'s kind (the caller guarantees the indexes are in range). */
typedef int (*extcrypt_units_fn)(const void *obj, bool enc, uint64_t first,
				 const uint8_t *src, uint8_t *dst,
				 size_t unit_len, size_t nunits);

/* One data-unit call: `len` bytes of `src` to `dst`, unit `first` first. */
struct extcrypt_units_call {
	const void *obj;     /* the cipher, inode or extent */
	extcrypt_units_fn run;
	bool enc;
	uint64_t first;
	const uint8_t *src;
	uint8_t *dst;
	size_t unit_len;     /* not read when obj is NULL */
	size_t len;
};

/*
 * Checks `u` before anything is written, with the detail message set:
 * obj, src and dst not NULL (src and dst may be when len is 0), unit_len
 * a multiple of 16 up to EXTCRYPT_CIPHER_MAX_UNIT (the raw cipher's limit;
 * inode and extent units always are), len a multiple of unit_len, the
 * last unit's index at most `max_index`, src and dst equal or disjoint.
 */
int extcrypt_units_check(const struct extcrypt_units_call *u,
			 uint64_t max_index);

/*
 * Runs all of a checked call's units.  On failure (OpenSSL's), out of
 * place, `dst` is zeroed; in place the run may have stopped inside a unit,
 * so no unit-exact undo exists and the buffer is left as it is.
 */
int extcrypt_units_run(const struct extcrypt_units_call *u);

/*
 * Undoes a call that failed after its first `nunits` units were complete
 * (a callback rejected the next one): out of place, zeroes the first
 * `bytes` bytes of `dst`; in place, runs those units back the other way,
 * which restores what the caller passed.
 */
void extcrypt_units_undo(const struct extcrypt_units_call *u, size_t nunits,
			 size_t bytes);

#endif /* EXTCRYPT_CIPHER_UNITS_H */
