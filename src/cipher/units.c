// SPDX-License-Identifier: MIT
/*
 * Argument checks and undo-on-failure shared by the data-unit calls of
 * the cipher, inode and extent objects.
 */
#include <string.h>

#include "extcrypt/cipher.h"

#include "cipher/units.h"
#include "common/internal.h"

int extcrypt_units_check(const struct extcrypt_units_call *u,
			 uint64_t max_index)
{
	size_t nunits;

	if (u->obj == NULL || (u->len != 0 && (u->src == NULL || u->dst == NULL)))
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (u->unit_len < 16 || u->unit_len % 16 != 0)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "data unit size %zu is not a multiple of 16",
				     u->unit_len);
	if (u->unit_len > EXTCRYPT_CIPHER_MAX_UNIT)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "data unit size %zu is over the maximum %zu",
				     u->unit_len, EXTCRYPT_CIPHER_MAX_UNIT);
	if (u->len % u->unit_len != 0)
		return extcrypt_fail(EXTCRYPT_E_ALIGNMENT,
				     "length %zu is not a multiple of the data unit size %zu",
				     u->len, u->unit_len);
	nunits = u->len / u->unit_len;
	if (nunits != 0 && (u->first > max_index ||
			    nunits - 1 > max_index - u->first)) {
		if (max_index == UINT64_MAX)
			return extcrypt_fail(EXTCRYPT_E_RANGE,
					     "data-unit index passes 2^64 - 1");
		return extcrypt_fail(EXTCRYPT_E_RANGE,
				     "data units %llu + %zu pass the index limit %llu",
				     (unsigned long long)u->first, nunits,
				     (unsigned long long)max_index);
	}
	if (extcrypt_bad_overlap(u->src, u->dst, u->len))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "src and dst overlap without being equal");
	return EXTCRYPT_OK;
}

int extcrypt_units_run(const struct extcrypt_units_call *u)
{
	int err;

	if (u->len == 0)
		return EXTCRYPT_OK;
	err = u->run(u->obj, u->enc, u->first, u->src, u->dst, u->unit_len,
		     u->len / u->unit_len);
	if (err && u->src != u->dst)
		memset(u->dst, 0, u->len); /* never leave half-written output */
	return err;
}

void extcrypt_units_undo(const struct extcrypt_units_call *u, size_t nunits,
			 size_t bytes)
{
	if (u->src == u->dst)
		(void)u->run(u->obj, !u->enc, u->first, u->dst, u->dst,
			     u->unit_len, nunits);
	else
		memset(u->dst, 0, bytes);
}
