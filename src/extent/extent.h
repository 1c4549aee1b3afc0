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

/* The inode-level checks of every load: inode not NULL, `profile` known
 * (its row to *prof), policy fit for extents.  Sets the error message. */
int extcrypt_extent_check_inode(const struct extcrypt_inode *inode,
				int profile,
				const struct extcrypt_profile **prof);

/* The profile's reader rules for one stored context (docs/spec.md
 * X-6..X-8), `ctx` NULL included.  Sets the error message. */
int extcrypt_extent_validate_context(const struct extcrypt_inode *inode,
				     const struct extcrypt_profile *prof,
				     const uint8_t *ctx, size_t ctx_len);

/* A new extent object of `inode` with `nonce`, its key not yet derived;
 * NULL if locked memory ran out (no message set). */
struct extcrypt_extent *extcrypt_extent_alloc(const struct extcrypt_inode *inode,
					       const struct extcrypt_profile *prof,
					       const uint8_t nonce[16]);

/* Prepares the cipher from the key derived into e->cipher.key; on failure
 * frees `e` and returns the status (message set). */
int extcrypt_extent_key_setup(struct extcrypt_extent *e,
			      const struct extcrypt_inode *inode);

#endif /* EXTCRYPT_EXTENT_INTERNAL_H */
