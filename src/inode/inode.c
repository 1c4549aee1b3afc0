// SPDX-License-Identifier: MIT
/*
 * Inode objects: creation, inode contexts (v2; v1 for reading), lifetime.
 */
#include <sodium.h>

#include "common/internal.h"
#include "common/secure_mem.h"
#include "inode/inode.h"
#include "cipher/modes.h"

#define LBLK_FLAGS                                                             \
	(EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 | EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)

static int check_key_strength(const struct extcrypt_master_key *key,
			      const struct extcrypt_policy *p)
{
	const uint8_t modes[2] = { p->contents_mode, p->filenames_mode };

	for (int i = 0; i < 2; i++) {
		const struct extcrypt_mode_info *m = extcrypt_mode_lookup(modes[i]);
		/* v2 rule: at least the mode's security strength, so a
		 * 32-byte master key is enough for AES-256-XTS's 64-byte key.
		 * v1 rule: the whole mode key comes from the master key. */
		unsigned need = p->version == 1 ? m->key_size : m->strength;

		if (key->raw_len < need)
			return extcrypt_fail(EXTCRYPT_E_KEY_SIZE,
					     "v%u master key of %zu bytes is shorter than %s's %s (%u bytes)",
					     p->version, key->raw_len, m->name,
					     p->version == 1 ? "key" : "security strength",
					     need);
		if (m->ops == NULL)
			return extcrypt_fail(EXTCRYPT_E_UNSUPPORTED,
					     "%s is not implemented", m->name);
	}
	return EXTCRYPT_OK;
}

static int check_inode_args(const struct extcrypt_master_key *key,
			    const struct extcrypt_policy *p,
			    uint32_t fs_block_size)
{
	if (!extcrypt_is_pow2(fs_block_size) || fs_block_size < 512 ||
	    fs_block_size > 65536)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "block size %u is not a power of two in 512..65536",
				     fs_block_size);
	if (p->log2_data_unit_size > extcrypt_log2(fs_block_size))
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "data unit 2^%u is larger than the block size %u",
				     p->log2_data_unit_size, fs_block_size);
	if (p->version == 1) {
		int err = extcrypt_inode_check_v1_descriptor(key, p);

		if (err)
			return err;
	} else if (memcmp(p->key_id, key->identifier, 16) != 0) {
		return extcrypt_fail(EXTCRYPT_E_KEY_MISMATCH,
				     "policy names another master key identifier");
	}
	return check_key_strength(key, p);
}

static int inode_create(extcrypt_master_key *key,
			const struct extcrypt_policy *p, const uint8_t nonce[16],
			uint32_t fs_block_size, extcrypt_inode **out)
{
	struct extcrypt_inode *inode;
	/* The policy's own rules first: the later checks assume known modes. */
	int err = extcrypt_policy_validate(p);

	if (err == 0)
		err = check_inode_args(key, p, fs_block_size);
	if (err == 0)
		err = extcrypt_lib_init();
	if (err)
		return err;
	inode = extcrypt_secure_alloc(sizeof(*inode));
	if (inode == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "locked memory");
	pthread_mutex_init(&inode->lazy_lock, NULL);
	inode->key = extcrypt_master_key_ref(key);
	inode->policy = *p;
	memcpy(inode->nonce, nonce, 16);
	inode->du_bits = p->log2_data_unit_size
				 ? p->log2_data_unit_size
				 : (uint8_t)extcrypt_log2(fs_block_size);
	inode->du_size = UINT32_C(1) << inode->du_bits;
	/* IV_INO_LBLK keys depend on the filesystem UUID: see set_ino. */
	if (!(p->flags & LBLK_FLAGS))
		err = extcrypt_inode_setup_keys(inode);
	if (err) {
		extcrypt_inode_free(inode);
		return err;
	}
	*out = inode;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_inode_new_with_nonce(extcrypt_master_key *key,
					       const extcrypt_policy *policy,
					       const uint8_t nonce[EXTCRYPT_NONCE_SIZE],
					       uint32_t fs_block_size,
					       extcrypt_inode **out)
{
	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "out is NULL");
	*out = NULL;
	if (key == NULL || policy == NULL || nonce == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (policy->version != 2)
		return extcrypt_fail(EXTCRYPT_E_POLICY,
				     "new inodes need a v2 policy (v1 is for reading: extcrypt_inode_load)");
	return inode_create(key, policy, nonce, fs_block_size, out);
}

EXTCRYPT_API int extcrypt_inode_new(extcrypt_master_key *key,
				    const extcrypt_policy *policy,
				    uint32_t fs_block_size,
				    extcrypt_inode **out)
{
	uint8_t nonce[16];
	int err = extcrypt_lib_init();

	if (err)
		return err;
	randombytes_buf(nonce, sizeof(nonce));
	return extcrypt_inode_new_with_nonce(key, policy, nonce, fs_block_size,
					     out);
}

EXTCRYPT_API int extcrypt_inode_load(extcrypt_master_key *key,
				     const uint8_t *ctx, size_t ctx_len,
				     uint32_t fs_block_size,
				     extcrypt_inode **out)
{
	struct extcrypt_policy p = { .version = 2 };

	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "out is NULL");
	*out = NULL;
	if (key == NULL || ctx == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (ctx_len == EXTCRYPT_CONTEXT_V1_SIZE && ctx[0] == 1) {
		int err = extcrypt_inode_parse_v1(ctx, &p);

		return err ? err
			   : inode_create(key, &p, ctx + 12, fs_block_size, out);
	}
	if (ctx_len != EXTCRYPT_CONTEXT_V2_SIZE)
		return extcrypt_fail(EXTCRYPT_E_LENGTH,
				     "inode context is %zu bytes, must be 40 (v2) or 28 (v1)",
				     ctx_len);
	if (ctx[0] != EXTCRYPT_CONTEXT_V2)
		return extcrypt_fail(EXTCRYPT_E_CONTEXT,
				     "inode context version %u, must be 2 (or 1 in 28 bytes)",
				     ctx[0]);
	for (int i = 5; i < 8; i++)
		if (ctx[i] != 0)
			return extcrypt_fail(EXTCRYPT_E_POLICY,
					     "context reserved byte %d is 0x%02x, must be 0",
					     i, ctx[i]);
	p.contents_mode = ctx[1];
	p.filenames_mode = ctx[2];
	p.flags = ctx[3];
	p.log2_data_unit_size = ctx[4];
	memcpy(p.key_id, ctx + 8, 16);
	return inode_create(key, &p, ctx + 24, fs_block_size, out);
}

EXTCRYPT_API int extcrypt_inode_context(const extcrypt_inode *inode,
					uint8_t *out, size_t out_cap,
					size_t *out_len)
{
	bool v1;
	size_t n;

	if (inode == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "%s is NULL",
				     inode == NULL ? "inode"
				     : out == NULL ? "out" : "out_len");
	v1 = inode->policy.version == 1;
	n = v1 ? EXTCRYPT_CONTEXT_V1_SIZE : EXTCRYPT_CONTEXT_V2_SIZE;
	if (out_cap < n)
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "the v%d context is %zu bytes, out has %zu",
				     v1 ? 1 : 2, n, out_cap);
	memset(out, 0, n);
	out[0] = v1 ? 1 : EXTCRYPT_CONTEXT_V2;
	out[1] = inode->policy.contents_mode;
	out[2] = inode->policy.filenames_mode;
	out[3] = inode->policy.flags;
	if (v1) {
		memcpy(out + 4, inode->policy.key_id, EXTCRYPT_KEY_DESCRIPTOR_SIZE);
		memcpy(out + 12, inode->nonce, EXTCRYPT_NONCE_SIZE);
	} else {
		out[4] = inode->policy.log2_data_unit_size;
		memcpy(out + 8, inode->policy.key_id, EXTCRYPT_KEY_IDENTIFIER_SIZE);
		memcpy(out + 24, inode->nonce, EXTCRYPT_NONCE_SIZE);
	}
	*out_len = n;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_inode_nonce(const extcrypt_inode *inode,
				      uint8_t out[EXTCRYPT_NONCE_SIZE])
{
	if (inode == NULL || out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "%s is NULL",
				     inode == NULL ? "inode" : "out");
	memcpy(out, inode->nonce, EXTCRYPT_NONCE_SIZE);
	return EXTCRYPT_OK;
}

EXTCRYPT_API const extcrypt_policy *extcrypt_inode_policy(const extcrypt_inode *inode)
{
	if (inode == NULL) {
		extcrypt_null_arg("inode");
		return NULL;
	}
	return &inode->policy;
}

EXTCRYPT_API uint32_t extcrypt_inode_data_unit_size(const extcrypt_inode *inode)
{
	return inode != NULL ? inode->du_size
			     : (uint32_t)extcrypt_null_arg("inode");
}

EXTCRYPT_API int extcrypt_inode_set_ino(extcrypt_inode *inode, uint64_t ino,
					const uint8_t fs_uuid[EXTCRYPT_FS_UUID_SIZE])
{
	if (inode == NULL || fs_uuid == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "%s is NULL",
				     inode == NULL ? "inode" : "fs_uuid");
	if (ino == 0 || ino > UINT32_MAX)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "inode number %llu outside 1..2^32-1",
				     (unsigned long long)ino);
	if (!(inode->policy.flags & LBLK_FLAGS))
		return EXTCRYPT_OK;
	if (inode->keys_ready)
		return extcrypt_fail(EXTCRYPT_E_STATE,
				     "inode number already set");
	inode->ino = ino;
	memcpy(inode->fs_uuid, fs_uuid, 16);
	return extcrypt_inode_setup_keys(inode);
}

EXTCRYPT_API void extcrypt_inode_free(extcrypt_inode *inode)
{
	if (inode == NULL)
		return;
	extcrypt_cipher_cleanup(&inode->contents);
	extcrypt_cipher_cleanup(&inode->filenames);
	extcrypt_master_key_free(inode->key);
	pthread_mutex_destroy(&inode->lazy_lock);
	extcrypt_secure_free(inode, sizeof(*inode));
}
