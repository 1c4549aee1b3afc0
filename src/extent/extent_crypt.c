// SPDX-License-Identifier: MIT
/*
 * Extent data: extent-relative data units, and the ciphertext callback
 * (the userspace twin of blk-crypto's process_bio hook).
 */
#include <stdlib.h>

#include "cipher/units.h"
#include "common/internal.h"
#include "extent/extent.h"

/*
 * Units per batch when a callback is present: large enough to keep the
 * SIMD code in its multi-unit loop, small enough that the callback reads
 * ciphertext that is still in cache.
 */
#define CALLBACK_BATCH 16
/* Decrypt's private copy of the ciphertext: this much on the stack (four
 * 4 KiB units, still in L1 when decrypted); a unit larger than that gets
 * a heap buffer of one unit.  (A heap buffer per call was slower: glibc
 * trims the freed top of the heap and the next call faults it back in.) */
#define DECRYPT_COPY_BYTES (16 * 1024)

/* Extent-relative units: IV = le64(index) || zeros. */
static int run_units(const void *obj, bool enc, uint64_t first,
		     const uint8_t *src, uint8_t *dst, size_t unit_len,
		     size_t nunits)
{
	const struct extcrypt_extent *e = obj;

	return extcrypt_cipher_units_at(&e->cipher, enc, first, src, dst,
					unit_len, nunits);
}

static int encrypt_with_callback(const struct extcrypt_units_call *u,
				 extcrypt_unit_callback cb, void *arg)
{
	size_t du = u->unit_len, nunits = u->len / du;

	for (size_t done = 0; done < nunits;) {
		size_t n = nunits - done < CALLBACK_BATCH ? nunits - done
							  : CALLBACK_BATCH;
		size_t off = done * du;
		uint64_t first = u->first + done;
		int err = run_units(u->obj, true, first, u->src + off,
				    u->dst + off, du, n);

		for (size_t j = 0; err == 0 && j < n; j++) {
			if (cb(arg, first + j, u->dst + off + j * du, du) != 0)
				err = extcrypt_fail(EXTCRYPT_E_REJECTED,
						    "callback rejected data unit %llu",
						    (unsigned long long)(first + j));
		}
		done += n;
		if (err) {
			extcrypt_units_undo(u, done, u->len);
			return err;
		}
	}
	return EXTCRYPT_OK;
}

/*
 * Decrypt with a callback reads each unit of src exactly once: a batch of
 * units is copied into a private buffer, the callback sees the copy, and
 * the copy is what gets decrypted.  So src changing during the call
 * (a shared mapping, another thread) can never yield plaintext from
 * ciphertext the callback did not see.
 */
static int decrypt_with_callback(const struct extcrypt_units_call *u,
				 extcrypt_unit_callback cb, void *arg)
{
	size_t du = u->unit_len, nunits = u->len / du;
	size_t batch = DECRYPT_COPY_BYTES / du ? DECRYPT_COPY_BYTES / du : 1;
	_Alignas(64) uint8_t on_stack[DECRYPT_COPY_BYTES];
	uint8_t *copy = on_stack;
	int err = EXTCRYPT_OK;

	if (du > sizeof(on_stack)) {
		copy = malloc(du);
		if (copy == NULL)
			return extcrypt_fail(EXTCRYPT_E_NOMEM, "ciphertext copy");
	}
	for (size_t done = 0; done < nunits && err == EXTCRYPT_OK;) {
		size_t n = nunits - done < batch ? nunits - done : batch;
		uint64_t first = u->first + done;

		memcpy(copy, u->src + done * du, n * du);
		for (size_t j = 0; err == EXTCRYPT_OK && j < n; j++)
			if (cb(arg, first + j, copy + j * du, du) != 0)
				err = extcrypt_fail(EXTCRYPT_E_REJECTED,
						    "callback rejected data unit %llu",
						    (unsigned long long)(first + j));
		if (err == EXTCRYPT_OK)
			err = run_units(u->obj, false, first, copy,
					u->dst + done * du, du, n);
		if (err != EXTCRYPT_OK) {
			/* In place, this batch may be half decrypted: put
			 * back the ciphertext it had. */
			if (u->src == u->dst)
				memcpy(u->dst + done * du, copy, n * du);
			else if (err != EXTCRYPT_E_REJECTED)
				done += n; /* this batch may be half written */
			extcrypt_units_undo(u, done, done * du);
		}
		done += n;
	}
	if (copy != on_stack)
		free(copy);
	return err;
}

static int extent_api(const extcrypt_extent *e, bool enc, uint64_t first,
		      const uint8_t *src, uint8_t *dst, size_t len,
		      extcrypt_unit_callback cb, void *cb_arg)
{
	struct extcrypt_units_call u = {
		e, run_units, enc, first, src, dst,
		e != NULL ? e->du_size : 0, len,
	};
	int err = extcrypt_units_check(&u, UINT64_MAX);

	if (err || len == 0)
		return err;
	if (cb == NULL)
		return extcrypt_units_run(&u);
	return enc ? encrypt_with_callback(&u, cb, cb_arg)
		   : decrypt_with_callback(&u, cb, cb_arg);
}

EXTCRYPT_API int extcrypt_extent_encrypt(const extcrypt_extent *e,
					 uint64_t first_unit,
					 const uint8_t *src, uint8_t *dst,
					 size_t len, extcrypt_unit_callback cb,
					 void *cb_arg)
{
	return extent_api(e, true, first_unit, src, dst, len, cb, cb_arg);
}

EXTCRYPT_API int extcrypt_extent_decrypt(const extcrypt_extent *e,
					 uint64_t first_unit,
					 const uint8_t *src, uint8_t *dst,
					 size_t len, extcrypt_unit_callback cb,
					 void *cb_arg)
{
	return extent_api(e, false, first_unit, src, dst, len, cb, cb_arg);
}
