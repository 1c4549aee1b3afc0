/* SPDX-License-Identifier: MIT */
/* The inode object, shared by the inode and extent code. */
#ifndef EXTCRYPT_INODE_INTERNAL_H
#define EXTCRYPT_INODE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
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
	/*
	 * Keys only a directory uses are prepared on first use, once, by
	 * whichever thread needs them first (extcrypt_inode_filenames,
	 * extcrypt_inode_dirhash_key): a file's inode never pays for them.
	 * Until then the raw filenames key waits in filenames.key.
	 */
	pthread_mutex_t lazy_lock;
	atomic_bool filenames_ready;
	atomic_bool dirhash_ready;
	uint8_t dirhash_key[16]; /* SipHash-2-4 key of casefolded names */
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

/*
 * Derives and prepares the contents key of `inode`, and derives its
 * filenames key (prepared by extcrypt_inode_filenames on first use).
 */
int extcrypt_inode_setup_keys(struct extcrypt_inode *inode);

/*
 * Fills the 32-byte IV of data unit `index` (filenames: index 0), per the
 * policy's IV format.  For IV_INO_LBLK_32 the caller has reduced the index
 * modulo 2^32 already.
 */
void extcrypt_inode_iv(const struct extcrypt_inode *inode, uint64_t index,
		       uint8_t iv[EXTCRYPT_IV_MAX]);

/*
 * The prepared filenames cipher of `inode` (keys ready), prepared on the
 * first call; thread-safe.  Returns EXTCRYPT_OK or the preparation's
 * status (EXTCRYPT_E_NOMEM, EXTCRYPT_E_CRYPTO; a later call retries).
 */
int extcrypt_inode_filenames(const struct extcrypt_inode *inode,
			     const struct extcrypt_cipher **out);

/* The dirhash key of a v2 `inode`, derived on the first call; thread-safe. */
const uint8_t *extcrypt_inode_dirhash_key(const struct extcrypt_inode *inode);

#endif /* EXTCRYPT_INODE_INTERNAL_H */
