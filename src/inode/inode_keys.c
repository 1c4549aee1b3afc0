// SPDX-License-Identifier: MIT
/*
 * Which keys an inode uses, and its IVs (fs/crypto/keysetup.c,
 * keysetup_v1.c and crypto.c; docs/spec.md "Which key a file uses",
 * "v1 policies" and "IVs").
 */
#include <sodium.h>

#include "common/ctgrind.h"
#include "common/internal.h"
#include "common/secure_mem.h"
#include "inode/inode.h"

#define LBLK_FLAGS                                                             \
	(EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 | EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)

/* A key shared by every inode with the same (master key, mode[, fs]). */
static void derive_mode_key(const struct extcrypt_inode *inode,
			    uint8_t context, uint8_t mode, uint8_t *out,
			    size_t len)
{
	uint8_t info[17];
	size_t info_len = 1;

	info[0] = mode;
	if (context != EXTCRYPT_HKDF_CONTEXT_DIRECT_KEY) {
		memcpy(info + 1, inode->fs_uuid, 16);
		info_len = 17;
	}
	extcrypt_fscrypt_hkdf(inode->key, context, info, info_len, out, len);
}

/* IV_INO_LBLK_32 puts a keyed hash of the inode number in the IV. */
static void hash_inode_number(struct extcrypt_inode *inode)
{
	uint8_t hash_key[crypto_shorthash_siphash24_KEYBYTES];
	uint8_t ino_le[8], h[crypto_shorthash_siphash24_BYTES];

	extcrypt_fscrypt_hkdf(inode->key, EXTCRYPT_HKDF_CONTEXT_INODE_HASH_KEY,
			      NULL, 0, hash_key, sizeof(hash_key));
	extcrypt_put_le64(ino_le, inode->ino);
	crypto_shorthash_siphash24(h, ino_le, sizeof(ino_le), hash_key);
	inode->hashed_ino = (uint32_t)extcrypt_get_le64(h);
	/* Public like the block number it is added to: it is only ever an
	 * IV (the XTS tweak, itself encrypted with the tweak key), and the
	 * kernel splits I/O where hashed_ino + lblk wraps, as we do. */
	EXTCRYPT_DECLASSIFY(&inode->hashed_ino, sizeof(inode->hashed_ino));
	extcrypt_secure_wipe(hash_key, sizeof(hash_key));
}

int extcrypt_inode_setup_keys(struct extcrypt_inode *inode)
{
	const struct extcrypt_policy *p = &inode->policy;
	uint8_t ckey[64], fkey[64];
	int err = EXTCRYPT_OK;

	if (p->version == 1) {
		err = extcrypt_inode_v1_keys(inode, ckey);
		memcpy(fkey, ckey, sizeof(fkey));
	} else if (p->flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY) {
		derive_mode_key(inode, EXTCRYPT_HKDF_CONTEXT_DIRECT_KEY,
				p->contents_mode, ckey, sizeof(ckey));
		memcpy(fkey, ckey, sizeof(fkey)); /* same mode, same key */
	} else if (p->flags & LBLK_FLAGS) {
		uint8_t ctx = (p->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64)
				      ? EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_64_KEY
				      : EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_32_KEY;

		derive_mode_key(inode, ctx, p->contents_mode, ckey, sizeof(ckey));
		derive_mode_key(inode, ctx, p->filenames_mode, fkey, sizeof(fkey));
		if (p->flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32)
			hash_inode_number(inode);
	} else {
		/* One Expand serves both: a shorter HKDF output is a prefix
		 * of a longer one with the same info. */
		extcrypt_fscrypt_hkdf(inode->key,
				      EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY,
				      inode->nonce, 16, ckey, sizeof(ckey));
		memcpy(fkey, ckey, sizeof(fkey));
	}
	if (err == 0)
		err = extcrypt_cipher_init(&inode->contents, p->contents_mode,
					   ckey, NULL);
	if (err == 0) /* prepared on first use: extcrypt_inode_filenames */
		memcpy(inode->filenames.key, fkey,
		       extcrypt_mode_lookup(p->filenames_mode)->key_size);
	extcrypt_secure_wipe(ckey, sizeof(ckey));
	extcrypt_secure_wipe(fkey, sizeof(fkey));
	if (err == 0)
		inode->keys_ready = true;
	return err;
}

void extcrypt_inode_iv(const struct extcrypt_inode *inode, uint64_t index,
		       uint8_t iv[EXTCRYPT_IV_MAX])
{
	uint8_t flags = inode->policy.flags;

	memset(iv, 0, EXTCRYPT_IV_MAX);
	if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64) {
		extcrypt_put_le32(iv, (uint32_t)index);
		extcrypt_put_le32(iv + 4, (uint32_t)inode->ino);
	} else if (flags & EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32) {
		extcrypt_put_le32(iv, inode->hashed_ino + (uint32_t)index);
	} else {
		extcrypt_put_le64(iv, index);
		if (flags & EXTCRYPT_POLICY_FLAG_DIRECT_KEY)
			memcpy(iv + 8, inode->nonce, 16);
	}
}

/*
 * Runs `init` once per inode, by the first thread that needs it; the
 * others wait on the lock, later calls only read the flag.  A failed
 * `init` leaves the flag clear, so a later call tries again.
 */
static int lazy_once(const struct extcrypt_inode *cinode, atomic_bool *done,
		     int (*init)(struct extcrypt_inode *))
{
	/* The lazy members are synchronised here, so const stays true to
	 * the caller: the object's observable state does not change. */
	struct extcrypt_inode *inode = (struct extcrypt_inode *)cinode;
	int err = EXTCRYPT_OK;

	if (atomic_load_explicit(done, memory_order_acquire))
		return EXTCRYPT_OK;
	pthread_mutex_lock(&inode->lazy_lock);
	if (!atomic_load_explicit(done, memory_order_relaxed)) {
		err = init(inode);
		if (err == EXTCRYPT_OK)
			atomic_store_explicit(done, true, memory_order_release);
	}
	pthread_mutex_unlock(&inode->lazy_lock);
	return err;
}

static int prepare_filenames(struct extcrypt_inode *inode)
{
	int err = extcrypt_cipher_init(&inode->filenames,
				       inode->policy.filenames_mode,
				       inode->filenames.key, NULL);

	if (err != EXTCRYPT_OK) /* keep the raw key for a retry */
		extcrypt_cipher_cleanup(&inode->filenames);
	return err;
}

int extcrypt_inode_filenames(const struct extcrypt_inode *inode,
			     const struct extcrypt_cipher **out)
{
	int err = lazy_once(inode, (atomic_bool *)&inode->filenames_ready,
			    prepare_filenames);

	*out = &inode->filenames;
	return err;
}

static int derive_dirhash_key(struct extcrypt_inode *inode)
{
	extcrypt_fscrypt_hkdf(inode->key, EXTCRYPT_HKDF_CONTEXT_DIRHASH_KEY,
			      inode->nonce, 16, inode->dirhash_key,
			      sizeof(inode->dirhash_key));
	return EXTCRYPT_OK;
}

const uint8_t *extcrypt_inode_dirhash_key(const struct extcrypt_inode *inode)
{
	lazy_once(inode, (atomic_bool *)&inode->dirhash_ready,
		  derive_dirhash_key);
	return inode->dirhash_key;
}
