/* SPDX-License-Identifier: MIT */
/*
 * inode.h - per-inode encryption: the inode context, file contents by
 * data unit, filenames and symlink targets.
 *
 * An inode object binds a master key, a policy (v2; v1 for reading) and the
 * inode's 16-byte
 * nonce, and holds the derived per-file keys (prepared for the data path)
 * in locked memory.  A regular file uses the contents functions; a
 * directory (or symlink) uses the filename functions with the same object.
 */
#ifndef EXTCRYPT_INODE_H
#define EXTCRYPT_INODE_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"
#include "key.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest filename (NAME_MAX), before and after encryption. */
#define EXTCRYPT_NAME_MAX 255

/* A v1 inode context (fscrypt_context_v1), in bytes. */
#define EXTCRYPT_CONTEXT_V1_SIZE 28

/* A filesystem UUID (the superblock's s_uuid), in bytes. */
#define EXTCRYPT_FS_UUID_SIZE 16

/* An inode's encryption state.  Opaque. */
typedef struct extcrypt_inode extcrypt_inode;

/*
 * extcrypt_inode_new creates the encryption state of a new inode under
 * `policy` (v2 only): a fresh 16-byte nonce from libsodium's randombytes,
 * then the per-file keys.  `policy`'s key identifier must be `key`'s.
 *
 * `fs_block_size` (power of two, 512..65536) is the data unit size when
 * the policy's log2_data_unit_size is 0, and the upper bound otherwise.
 *
 * The inode takes its own reference to `key` and copies `policy`; both may
 * be freed afterwards.
 *
 * Returns EXTCRYPT_OK and the object in `*out`, or with `*out` = NULL:
 * EXTCRYPT_E_INVALID (NULL, bad block size), EXTCRYPT_E_POLICY (v1 or
 * invalid policy, data unit larger than the block), EXTCRYPT_E_KEY_MISMATCH,
 * EXTCRYPT_E_KEY_SIZE (master key shorter than the modes' security
 * strength), EXTCRYPT_E_UNSUPPORTED (a mode or flag this build does not
 * implement), EXTCRYPT_E_NOMEM.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_new(extcrypt_master_key *key,
				    const extcrypt_policy *policy,
				    uint32_t fs_block_size,
				    extcrypt_inode **out);

/*
 * extcrypt_inode_new_with_nonce is extcrypt_inode_new with the nonce given
 * by the caller: for recovery tools and tests that must reproduce an
 * existing inode, never for new files (nonces must be unique).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_new_with_nonce(extcrypt_master_key *key,
					       const extcrypt_policy *policy,
					       const uint8_t nonce[EXTCRYPT_NONCE_SIZE],
					       uint32_t fs_block_size,
					       extcrypt_inode **out);

/*
 * extcrypt_inode_load decodes and validates a stored inode context, an
 * fscrypt_context_v2 (exactly 40 bytes, version byte 2) or an
 * fscrypt_context_v1 (exactly 28 bytes, version byte 1: modes, flags, the
 * 8-byte master key descriptor, the nonce), and derives the inode's keys
 * from `key`.
 *
 * v1 contexts are for reading existing files (google/fscrypt before v0.3,
 * e4crypt, Android before 11).  Their keys come from the raw master key:
 * per-file key = AES-128-ECB encryption of the first key-size bytes of the
 * master key with the nonce as the AES key; with DIRECT_KEY (Adiantum) the
 * first 32 bytes of the master key themselves, the nonce going into the
 * IV.  `key`'s descriptor (extcrypt_master_key_descriptor) must be the
 * context's, and `key` must be at least as long as the key of each of the
 * two modes (64 bytes for AES-256-XTS; the kernel checks only the mode the
 * inode uses, so it would accept a 32-byte key for a v1 AES-256-CTS
 * directory that this function refuses).  Casefolded directories do not
 * exist under v1 policies: extcrypt_inode_dirhash refuses v1 inodes.
 *
 * Errors (with `*out` = NULL): EXTCRYPT_E_INVALID, EXTCRYPT_E_LENGTH
 * (neither 40 bytes nor 28 bytes with version byte 1),
 * EXTCRYPT_E_CONTEXT (40 bytes, version byte not 2), EXTCRYPT_E_POLICY (the
 * embedded policy breaks a rule), EXTCRYPT_E_KEY_MISMATCH (identifier or
 * descriptor is not `key`'s), EXTCRYPT_E_KEY_SIZE (v1: key shorter than a
 * mode's key), and those of extcrypt_inode_new.  Thread-safe.  Since 1.0;
 * v1 contexts too.
 */
EXTCRYPT_API int extcrypt_inode_load(extcrypt_master_key *key,
				     const uint8_t *ctx, size_t ctx_len,
				     uint32_t fs_block_size,
				     extcrypt_inode **out);

/*
 * extcrypt_inode_context writes the inode's stored context to `out` (room
 * for `out_cap` bytes) and its size to `*out_len`: the 40-byte
 * fscrypt_context_v2 (EXTCRYPT_CONTEXT_V2_SIZE), or for a v1 inode the
 * 28-byte fscrypt_context_v1 (EXTCRYPT_CONTEXT_V1_SIZE).  An `out_cap` of
 * EXTCRYPT_CONTEXT_V2_SIZE is always enough.
 *
 * Returns EXTCRYPT_OK, or with nothing written: EXTCRYPT_E_INVALID (NULL),
 * EXTCRYPT_E_OUTPUT_SPACE.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_context(const extcrypt_inode *inode,
					uint8_t *out, size_t out_cap,
					size_t *out_len);

/*
 * extcrypt_inode_nonce copies the inode's 16-byte nonce to `out`.  Returns
 * EXTCRYPT_OK or EXTCRYPT_E_INVALID (NULL; nothing written).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_nonce(const extcrypt_inode *inode,
				      uint8_t out[EXTCRYPT_NONCE_SIZE]);

/*
 * extcrypt_inode_policy returns the inode's policy, owned by the inode and
 * valid until extcrypt_inode_free; NULL (and the thread's last error set)
 * for a NULL `inode`.  Since 1.0.
 */
EXTCRYPT_API const extcrypt_policy *
extcrypt_inode_policy(const extcrypt_inode *inode);

/*
 * extcrypt_inode_data_unit_size returns the contents data unit size in
 * bytes (512..65536), or 0 for NULL (which also sets the thread's last
 * error).  Since 1.0.
 */
EXTCRYPT_API uint32_t extcrypt_inode_data_unit_size(const extcrypt_inode *inode);

/*
 * extcrypt_inode_set_ino gives an IV_INO_LBLK_64/32 inode what its keys and
 * IVs depend on: its inode number `ino` (1..2^32-1) and the filesystem UUID
 * `fs_uuid` (the 16 raw bytes of the superblock's s_uuid).  It must be
 * called once, before the first encryption and before the object is shared
 * between threads.  For other policies it is accepted and ignored.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID (NULL, ino 0 or >= 2^32),
 * EXTCRYPT_E_STATE (already set), EXTCRYPT_E_NOMEM.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_set_ino(extcrypt_inode *inode, uint64_t ino,
					const uint8_t fs_uuid[EXTCRYPT_FS_UUID_SIZE]);

/*
 * extcrypt_inode_encrypt encrypts `len` bytes of file contents from `src`
 * to `dst`.  `len` is a whole number of data units; the first unit has
 * data-unit index `first_unit` (file byte offset / data unit size), the
 * next `first_unit` + 1, and so on.  `src` == `dst` (in place) is allowed;
 * other overlap is not.  No alignment is required.
 *
 * Returns EXTCRYPT_OK, or with `dst` untouched: EXTCRYPT_E_INVALID,
 * EXTCRYPT_E_ALIGNMENT (`len` not a multiple of the data unit size),
 * EXTCRYPT_E_RANGE (index past 2^64 - 1, or past 2^32 - 1 for
 * IV_INO_LBLK_64), EXTCRYPT_E_STATE (IV_INO_LBLK inode without
 * extcrypt_inode_set_ino).  A `len` of 0 succeeds and does nothing.
 *
 * Thread-safe: many threads may use one inode object at once.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_encrypt(const extcrypt_inode *inode,
					uint64_t first_unit,
					const uint8_t *src, uint8_t *dst,
					size_t len);

/* extcrypt_inode_decrypt is the inverse of extcrypt_inode_encrypt, with
 * the same rules.  Since 1.0. */
EXTCRYPT_API int extcrypt_inode_decrypt(const extcrypt_inode *inode,
					uint64_t first_unit,
					const uint8_t *src, uint8_t *dst,
					size_t len);

/*
 * extcrypt_inode_encrypted_name_size computes the size of the encrypted
 * form of a `name_len`-byte name in the directory `dir`: max(name_len, 16)
 * rounded up to the policy's padding (4, 8, 16 or 32), capped at `max_len`
 * (0 means EXTCRYPT_NAME_MAX).  Returns EXTCRYPT_OK with the size in
 * `*out_len`, EXTCRYPT_E_INVALID, or EXTCRYPT_E_NAME_TOO_LONG
 * (`name_len` 0 is EXTCRYPT_E_INVALID).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_encrypted_name_size(const extcrypt_inode *dir,
						    size_t name_len,
						    size_t max_len,
						    size_t *out_len);

/*
 * extcrypt_inode_encrypt_name encrypts the filename `name` (`name_len`
 * bytes, 1..`max_len`, no NUL needed) of an entry of directory `dir`: the
 * name is NUL-padded as extcrypt_inode_encrypted_name_size says and
 * encrypted with the directory's filenames key and mode (AES-256-CTS-CBC in
 * the CS3 form, AES-128-CTS-CBC, AES-256-HCTR2 or Adiantum; IV with index
 * 0).  `max_len` 0 means EXTCRYPT_NAME_MAX; symlink targets pass their own
 * limit.  The result goes to `out` (room for `out_cap` bytes), its size to
 * `*out_len`.
 *
 * Returns EXTCRYPT_OK, or EXTCRYPT_E_INVALID, EXTCRYPT_E_NAME_TOO_LONG,
 * EXTCRYPT_E_OUTPUT_SPACE, EXTCRYPT_E_STATE, EXTCRYPT_E_UNSUPPORTED with
 * `out` untouched.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_encrypt_name(const extcrypt_inode *dir,
					     const uint8_t *name,
					     size_t name_len, size_t max_len,
					     uint8_t *out, size_t out_cap,
					     size_t *out_len);

/*
 * extcrypt_inode_decrypt_name decrypts the on-disk name `ct` (`ct_len`
 * bytes, 16..4096: names up to 255, symlink targets longer) of an entry of
 * `dir` and strips the NUL padding; the
 * plaintext name (no NUL terminator added) goes to `out` and its length to
 * `*out_len`.  `out_cap` >= `ct_len` is always enough.
 *
 * Returns EXTCRYPT_OK, or EXTCRYPT_E_INVALID, EXTCRYPT_E_BAD_NAME (length
 * below 16 or above 4096, or a name that decrypts to nothing),
 * EXTCRYPT_E_OUTPUT_SPACE with `out` untouched.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_decrypt_name(const extcrypt_inode *dir,
					     const uint8_t *ct, size_t ct_len,
					     uint8_t *out, size_t out_cap,
					     size_t *out_len);

/*
 * extcrypt_inode_dirhash computes the SipHash-2-4 hash that casefolded
 * encrypted directories use for `name` (already casefolded by the caller):
 * key = HKDF(context 5, directory nonce, 16 bytes).  Result in `*out`.
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, or EXTCRYPT_E_POLICY for a v1
 * inode (no dirhash key exists for v1 policies).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_dirhash(const extcrypt_inode *dir,
					const uint8_t *name, size_t name_len,
					uint64_t *out);

/*
 * Encrypted symlinks (fs/crypto/hooks.c).  The on-disk target of an
 * encrypted symlink is `{__le16 len; ciphertext[len]}`: the target
 * encrypted like a filename (the symlink inode's own filenames key and
 * padding, IV with index 0), prefixed with its length.  The kernel sizes
 * the link as if a NUL followed the ciphertext, so the ciphertext is at most
 * the filesystem's limit minus 3; ext4 writes that NUL into the block but
 * sets i_size to `len` + 2, which is what these functions produce and read.
 */

/* Bytes before the ciphertext of an encrypted symlink (the length). */
#define EXTCRYPT_SYMLINK_HEADER_SIZE 2

/* The longest symlink target: PATH_MAX - 1 bytes. */
#define EXTCRYPT_SYMLINK_TARGET_MAX 4095

/*
 * extcrypt_inode_encrypt_symlink encrypts the symlink target `target`
 * (`target_len` bytes, 1..EXTCRYPT_SYMLINK_TARGET_MAX, no NUL inside, no
 * terminator needed) of the symlink `inode` into its on-disk form
 * `{__le16 len; ciphertext}` in `out` (room for `out_cap` bytes); the size,
 * 2 + len, goes to `*out_len`.  `max_disk_len` is the filesystem's limit
 * for the link (ext4: the block size; at least 19): as in the kernel's
 * fscrypt_prepare_symlink the padded ciphertext is capped at
 * `max_disk_len` - 3 and a target longer than that is refused.  An ext4
 * symlink is "fast" (stored in the inode) when `*out_len` + 1 <= 60.
 *
 * Returns EXTCRYPT_OK, or with `out` untouched: EXTCRYPT_E_INVALID (NULL,
 * empty target, a NUL in the target, `max_disk_len` below 19),
 * EXTCRYPT_E_NAME_TOO_LONG (the kernel's ENAMETOOLONG: longer than
 * `max_disk_len` - 3 or than EXTCRYPT_SYMLINK_TARGET_MAX),
 * EXTCRYPT_E_OUTPUT_SPACE, EXTCRYPT_E_STATE (IV_INO_LBLK inode without
 * extcrypt_inode_set_ino).  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_encrypt_symlink(const extcrypt_inode *inode,
						const char *target,
						size_t target_len,
						size_t max_disk_len,
						uint8_t *out, size_t out_cap,
						size_t *out_len);

/*
 * extcrypt_inode_decrypt_symlink decrypts the on-disk target `disk`
 * (`disk_len` readable bytes: ext4's i_size, or the whole buffer) of the
 * symlink `inode`, with the checks of the kernel's fscrypt_get_symlink:
 * at least the 2-byte length, a length field that is not 0 and fits in
 * `disk_len` - 2 (a lying length is an error, never an over-read), a
 * ciphertext of 16..4096 bytes, and a target that does not decrypt to an
 * empty string.  The target, cut at its first NUL as the kernel does, goes
 * to `out` with a terminating NUL (`out_cap` >= length + 1; `disk_len` + 1
 * is always enough), its length without the NUL to `*out_len`.
 *
 * Without the key the kernel shows extcrypt_nokey_name_encode of the
 * ciphertext with hash and minor hash 0.
 *
 * Returns EXTCRYPT_OK, or with `out` untouched: EXTCRYPT_E_INVALID (NULL),
 * EXTCRYPT_E_BAD_NAME (the kernel's EUCLEAN: any check above),
 * EXTCRYPT_E_OUTPUT_SPACE, EXTCRYPT_E_STATE.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_inode_decrypt_symlink(const extcrypt_inode *inode,
						const uint8_t *disk,
						size_t disk_len, char *out,
						size_t out_cap,
						size_t *out_len);

/*
 * extcrypt_inode_free wipes and frees `inode` and drops its master key
 * reference.  NULL is a no-op.  Since 1.0.
 */
EXTCRYPT_API void extcrypt_inode_free(extcrypt_inode *inode);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_INODE_H */
