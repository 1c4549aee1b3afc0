/* SPDX-License-Identifier: MIT */
/* The inode object, shared by the inode and extent code. */
#ifndef EXTCRYPT_INODE_INTERNAL_H
#define EXTCRYPT_INODE_INTERNAL_H

#include <stdbool.h>

#include "cipher/cipher.h"
#include "extcrypt/inode.h"
#include "kdf/master_key.h"
#include "policy/policy.h"

struct extcrypt_inode {
	struct extcrypt_cipher contents;  /* first: 64-byte alignment */
	struct extcrypt_cipher filenames;
	struct extcrypt_master_key *key;  /* one reference held */
	struct extcrypt_policy policy;
	uint8_t nonce[16];
	uint32_t du_size;
	uint8_t du_bits;
	bool keys_ready;  /* IV_INO_LBLK inodes: false until set_ino */
	uint64_t ino;
	uint32_t hashed_ino; /* IV_INO_LBLK_32 */
	uint8_t fs_uuid[16];
};

/* Size of a struct fscrypt_context_v1. */
#define EXTCRYPT_CONTEXT_V1_SIZE 28

/* Decodes a v1 context's policy and validates it. */
int extcrypt_inode_parse_v1(const uint8_t ctx[EXTCRYPT_CONTEXT_V1_SIZE],
			    struct extcrypt_policy *p);

/* v1: `key` is the one the context names by its descriptor. */
int extcrypt_inode_check_v1_descriptor(const struct extcrypt_master_key *key,
				       const struct extcrypt_policy *p);

/* v1: the contents key (64 bytes of room) from the raw master key. */
int extcrypt_inode_v1_keys(const struct extcrypt_inode *inode,
			   uint8_t key[64]);

/* Derives and prepares the contents and filenames keys of `inode`. */
int extcrypt_inode_setup_keys(struct extcrypt_inode *inode);

/*
 * Fills the 32-byte IV of data unit `index` (filenames: index 0), per the
 * policy's IV format.  For IV_INO_LBLK_32 the caller has reduced the index
 * modulo 2^32 already.
 */
void extcrypt_inode_iv(const struct extcrypt_inode *inode, uint64_t index,
		       uint8_t iv[EXTCRYPT_IV_MAX]);

#endif /* EXTCRYPT_INODE_INTERNAL_H */
