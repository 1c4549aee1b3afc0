// SPDX-License-Identifier: MIT
#include "extcrypt/policy.h"

#include "fname/fname.h"

size_t extcrypt_fname_padded_len(size_t name_len, uint8_t flags,
				 size_t max_len)
{
	size_t pad = (size_t)4 << (flags & EXTCRYPT_POLICY_FLAGS_PAD_MASK);
	size_t len;

	if (name_len > max_len)
		return 0;
	len = name_len < EXTCRYPT_FNAME_MIN_MSG_LEN ? EXTCRYPT_FNAME_MIN_MSG_LEN
						    : name_len;
	len = (len + pad - 1) & ~(pad - 1);
	return len < max_len ? len : max_len;
}
