// SPDX-License-Identifier: MIT
/*
 * v1 inodes, for reading: the 28-byte fscrypt_context_v1 and the keys of
 * fs/crypto/keysetup_v1.c (docs/spec.md "v1 policies").
 */
#include "common/internal.h"
#include "common/secure_mem.h"
#include "inode/inode.h"
#include "kdf/v1_key.h"
#include "cipher/modes.h"

int extcrypt_inode_parse_v1(const uint8_t ctx[EXTCRYPT_CONTEXT_V1_SIZE],
			    struct extcrypt_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->version = 1;
	p->contents_mode = ctx[1];
	p->filenames_mode = ctx[2];
	p->flags = ctx[3];
	memcpy(p->key_id, ctx + 4, EXTCRYPT_KEY_DESCRIPTOR_SIZE);
	return extcrypt_policy_validate(p);
}

int extcrypt_inode_check_v1_descriptor(const struct extcrypt_master_key *key,
				       const struct extcrypt_policy *p)
{
	uint8_t desc[EXTCRYPT_KEY_DESCRIPTOR_SIZE];

	extcrypt_master_key_descriptor(key, desc);
	if (memcmp(desc, p->key_id, sizeof(desc)) != 0)
		return extcrypt_fail(EXTCRYPT_E_KEY_MISMATCH,
				     "v1 context names another master key descriptor");
	return EXTCRYPT_OK;
}

/*
 * The contents key; the filenames key is its prefix (ECB derivation, and
 * DIRECT_KEY has equal modes), and every pair's filenames key is no
 * longer than its contents key.
 */
int extcrypt_inode_v1_keys(const struct extcrypt_inode *inode,
			   uint8_t key[64])
{
	const struct extcrypt_policy *p = &inode->policy;
	size_t len = extcrypt_mode_lookup(p->contents_mode)->key_size;

	if (p->flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY) {
		memcpy(key, inode->key->raw, len);
		return EXTCRYPT_OK;
	}
	return extcrypt_v1_derive_key(inode->nonce, inode->key->raw, key, len);
}
