/* SPDX-License-Identifier: MIT */
/* The master key object, shared by the inode and extent code. */
#ifndef EXTCRYPT_MASTER_KEY_H
#define EXTCRYPT_MASTER_KEY_H

#include <stdatomic.h>

#include "extcrypt/key.h"
#include "kdf/hkdf_sha512.h"

struct extcrypt_master_key {
	struct extcrypt_hmac_sha512_key prk; /* HKDF-Extract output, prepared */
	uint8_t identifier[16];
	uint8_t raw[64];   /* the raw key: v1 policies derive from it */
	size_t raw_len;
	atomic_uint refs;
};

/* HKDF-Expand with "fscrypt\0" || context || info; arguments trusted. */
void extcrypt_fscrypt_hkdf(const struct extcrypt_master_key *key,
			   uint8_t context, const uint8_t *info,
			   size_t info_len, uint8_t *out, size_t out_len);

/* Takes another reference; returns `key`. */
struct extcrypt_master_key *extcrypt_master_key_ref(struct extcrypt_master_key *key);

#endif /* EXTCRYPT_MASTER_KEY_H */
