/* SPDX-License-Identifier: MIT */
/* The extent object, shared by extent.c and extent_crypt.c. */
#ifndef EXTCRYPT_EXTENT_INTERNAL_H
#define EXTCRYPT_EXTENT_INTERNAL_H

#include "cipher/cipher.h"
#include "extcrypt/extent.h"
#include "extent/profiles.h"
#include "inode/inode.h"

struct extcrypt_extent {
	struct extcrypt_cipher cipher; /* the per-extent key; first */
	const struct extcrypt_profile *profile;
	uint8_t nonce[16];
	uint8_t key_id[16];
	uint8_t mode;     /* contents mode */
	uint32_t du_size;
};

#endif /* EXTCRYPT_EXTENT_INTERNAL_H */
