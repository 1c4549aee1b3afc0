// SPDX-License-Identifier: MIT
/*
 * Extent data: extent-relative data units, and the ciphertext callback
 * (the userspace twin of blk-crypto's process_bio hook).
 */
#include <stdlib.h>

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

static int crypt_run(const struct extcrypt_extent *e, bool enc,
		     uint64_t first, const uint8_t *src, uint8_t *dst,
		     size_t nunits)
{
	uint8_t iv[EXTCRYPT_IV_MAX] = { 0 };

	extcrypt_put_le64(iv, first); /* the default IV, extent-relative */
	return extcrypt_cipher_units(&e->cipher, enc, iv, src, dst, e->du_size,
				     nunits);
}

static int check_args(const extcrypt_extent *e, uint64_t first,
		      const uint8_t *src, const uint8_t *dst, size_t len)
{
	size_t nunits;

	if (e == NULL || (len != 0 && (src == NULL || dst == NULL)))
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (len % e->du_size != 0)
		return extcrypt_fail(EXTCRYPT_E_ALIGNMENT,
				     "length %zu is not a multiple of the data unit size %u",
				     len, e->du_size);
	nunits = len / e->du_size;
	if (nunits != 0 && nunits - 1 > UINT64_MAX - first)
		return extcrypt_fail(EXTCRYPT_E_RANGE,
				     "data-unit index passes 2^64 - 1");
	if (extcrypt_bad_overlap(src, dst, len))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "src and dst overlap without being equal");
	return EXTCRYPT_OK;
}

/* Undoes the first `nunits` units of a failed call: in place, runs them
 * back the other way (restoring what the caller passed); out of place,
 * zeroes dst's first `len` bytes. */
static void undo_units(const struct extcrypt_extent *e, bool was_enc,
		       uint64_t first, const uint8_t *src, uint8_t *dst,
		       size_t nunits, size_t len)
{
	if (src == dst)
		(void)crypt_run(e, !was_enc, first, dst, dst, nunits);
	else
		memset(dst, 0, len);
}

static int encrypt_with_callback(const struct extcrypt_extent *e,
				 uint64_t first, const uint8_t *src,
				 uint8_t *dst, size_t len,
				 extcrypt_unit_callback cb, void *arg)
{
	size_t nunits = len / e->du_size;

	for (size_t done = 0; done < nunits;) {
		size_t n = nunits - done < CALLBACK_BATCH ? nunits - done
							  : CALLBACK_BATCH;
		size_t off = done * e->du_size;
		int err = crypt_run(e, true, first + done, src + off, dst + off, n);

		for (size_t j = 0; err == 0 && j < n; j++) {
			const uint8_t *unit = dst + off + j * e->du_size;

			if (cb(arg, first + done + j, unit, e->du_size) != 0)
				err = extcrypt_fail(EXTCRYPT_E_REJECTED,
						    "callback rejected data unit %llu",
						    (unsigned long long)(first + done + j));
		}
		done += n;
		if (err) {
			undo_units(e, true, first, src, dst, done, len);
			return err;
		}
	}
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_extent_encrypt(const extcrypt_extent *e,
					 uint64_t first_unit,
					 const uint8_t *src, uint8_t *dst,
					 size_t len, extcrypt_unit_callback cb,
					 void *cb_arg)
{
	int err = check_args(e, first_unit, src, dst, len);

	if (err || len == 0)
		return err;
	if (cb != NULL)
		return encrypt_with_callback(e, first_unit, src, dst, len, cb,
					     cb_arg);
	err = crypt_run(e, true, first_unit, src, dst, len / e->du_size);
	if (err)
		undo_units(e, true, first_unit, src, dst, len / e->du_size, len);
	return err;
}

/*
 * Decrypt with a callback reads each unit of src exactly once: a batch of
 * units is copied into a private buffer, the callback sees the copy, and
 * the copy is what gets decrypted.  So src changing during the call
 * (a shared mapping, another thread) can never yield plaintext from
 * ciphertext the callback did not see.
 */
static int decrypt_with_callback(const struct extcrypt_extent *e,
				 uint64_t first, const uint8_t *src,
				 uint8_t *dst, size_t len,
				 extcrypt_unit_callback cb, void *arg)
{
	size_t du = e->du_size, nunits = len / du;
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

		memcpy(copy, src + done * du, n * du);
		for (size_t j = 0; err == EXTCRYPT_OK && j < n; j++)
			if (cb(arg, first + done + j, copy + j * du, du) != 0)
				err = extcrypt_fail(EXTCRYPT_E_REJECTED,
						    "callback rejected data unit %llu",
						    (unsigned long long)(first + done + j));
		if (err == EXTCRYPT_OK)
			err = crypt_run(e, false, first + done, copy,
					dst + done * du, n);
		if (err != EXTCRYPT_OK) {
			/* In place, this batch may be half decrypted: put
			 * back the ciphertext it had. */
			if (src == dst)
				memcpy(dst + done * du, copy, n * du);
			else if (err != EXTCRYPT_E_REJECTED)
				done += n; /* this batch may be half written */
			undo_units(e, false, first, src, dst, done, done * du);
		}
		done += n;
	}
	if (copy != on_stack)
		free(copy);
	return err;
}

EXTCRYPT_API int extcrypt_extent_decrypt(const extcrypt_extent *e,
					 uint64_t first_unit,
					 const uint8_t *src, uint8_t *dst,
					 size_t len, extcrypt_unit_callback cb,
					 void *cb_arg)
{
	size_t nunits;
	int err = check_args(e, first_unit, src, dst, len);

	if (err || len == 0)
		return err;
	if (cb != NULL)
		return decrypt_with_callback(e, first_unit, src, dst, len, cb,
					     cb_arg);
	nunits = len / e->du_size;
	err = crypt_run(e, false, first_unit, src, dst, nunits);
	if (err && src != dst)
		memset(dst, 0, len);
	return err;
}
