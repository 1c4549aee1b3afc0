// SPDX-License-Identifier: MIT
/*
 * Extent data: extent-relative data units, and the ciphertext callback
 * (the userspace twin of blk-crypto's process_bio hook).
 */
#include "common/internal.h"
#include "extent/extent.h"

/*
 * Units per batch when a callback is present: large enough to keep the
 * SIMD code in its multi-unit loop, small enough that the callback reads
 * ciphertext that is still in cache.
 */
#define CALLBACK_BATCH 16

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

/* Undoes a failed encryption: restore plaintext in place, else zero. */
static void undo_encrypt(const struct extcrypt_extent *e, uint64_t first,
			 const uint8_t *src, uint8_t *dst, size_t nunits,
			 size_t len)
{
	if (src == dst)
		(void)crypt_run(e, false, first, dst, dst, nunits);
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
			undo_encrypt(e, first, src, dst, done, len);
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
		undo_encrypt(e, first_unit, src, dst, len / e->du_size, len);
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
	nunits = len / e->du_size;
	/* Every unit is checked before any plaintext exists, so a rejected
	 * unit can never leave plaintext behind (in place or not). */
	for (size_t j = 0; cb != NULL && j < nunits; j++)
		if (cb(cb_arg, first_unit + j, src + j * e->du_size,
		       e->du_size) != 0)
			return extcrypt_fail(EXTCRYPT_E_REJECTED,
					     "callback rejected data unit %llu",
					     (unsigned long long)(first_unit + j));
	err = crypt_run(e, false, first_unit, src, dst, nunits);
	if (err && src != dst)
		memset(dst, 0, len);
	return err;
}
