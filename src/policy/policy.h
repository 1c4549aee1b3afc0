/* SPDX-License-Identifier: MIT */
/* The policy object's layout, shared by the inode and extent code. */
#ifndef EXTCRYPT_POLICY_INTERNAL_H
#define EXTCRYPT_POLICY_INTERNAL_H

#include "extcrypt/policy.h"

struct extcrypt_policy {
	uint8_t version; /* 1 or 2: the policy's generation, not its byte */
	uint8_t contents_mode;
	uint8_t filenames_mode;
	uint8_t flags;
	uint8_t log2_data_unit_size;
	uint8_t key_id[16]; /* v2 identifier; v1: descriptor in bytes 0..7 */
};

/* Validates the filesystem-independent rules; fills last_error. */
int extcrypt_policy_validate(const struct extcrypt_policy *p);

#endif /* EXTCRYPT_POLICY_INTERNAL_H */
