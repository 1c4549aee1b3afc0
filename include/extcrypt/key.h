/* SPDX-License-Identifier: MIT */
/*
 * key.h - fscrypt master keys and their HKDF-SHA512 key hierarchy.
 *
 * A master key object holds the HKDF-Extract output (the PRK) of a raw
 * master key, prepared as HMAC-SHA512 inner/outer states so that every
 * derived key costs only the HKDF-Expand compressions, and (since 1.0) the
 * raw key itself, which v1 policies derive from.  All of it lives in
 * libsodium-locked memory and is wiped when the last reference goes.
 */
#ifndef EXTCRYPT_KEY_H
#define EXTCRYPT_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * HKDF context bytes: the byte after "fscrypt\0" in the HKDF info.
 * 1..8 are mainline's; 9 is the per-extent context of the 2026 btrfs
 * series (docs/spec.md, "Key derivation").
 */
#define EXTCRYPT_HKDF_CONTEXT_KEY_IDENTIFIER 1
#define EXTCRYPT_HKDF_CONTEXT_PER_FILE_ENC_KEY 2
#define EXTCRYPT_HKDF_CONTEXT_DIRECT_KEY 3
#define EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_64_KEY 4
#define EXTCRYPT_HKDF_CONTEXT_DIRHASH_KEY 5
#define EXTCRYPT_HKDF_CONTEXT_IV_INO_LBLK_32_KEY 6
#define EXTCRYPT_HKDF_CONTEXT_INODE_HASH_KEY 7
#define EXTCRYPT_HKDF_CONTEXT_KEY_IDENTIFIER_HW 8
#define EXTCRYPT_HKDF_CONTEXT_PER_EXTENT_ENC_KEY 9

/* A v2 master key.  Opaque, reference counted, immutable. */
typedef struct extcrypt_master_key extcrypt_master_key;

/*
 * extcrypt_master_key_new prepares the raw master key `raw` of `raw_len`
 * bytes (16 to 64, as FS_IOC_ADD_ENCRYPTION_KEY accepts): it runs
 * HKDF-Extract once (salt: none) and computes the 16-byte key identifier
 * (HKDF context 1).  `raw` is not retained; the caller may wipe it.
 *
 * Returns EXTCRYPT_OK and a new key in `*out`, or EXTCRYPT_E_INVALID,
 * EXTCRYPT_E_KEY_SIZE (length outside 16..64), EXTCRYPT_E_NOMEM (locked
 * memory exhausted; see RLIMIT_MEMLOCK) with `*out` = NULL.
 * Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_master_key_new(const uint8_t *raw, size_t raw_len,
					 extcrypt_master_key **out);

/*
 * extcrypt_master_key_identifier copies the 16-byte key identifier of `key`
 * to `out`: HKDF-SHA512(IKM = raw key, info = "fscrypt\0" || 0x01, L = 16).
 * Returns EXTCRYPT_OK or EXTCRYPT_E_INVALID (NULL; nothing written).
 * Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_master_key_identifier(const extcrypt_master_key *key,
						uint8_t out[EXTCRYPT_KEY_IDENTIFIER_SIZE]);

/*
 * extcrypt_master_key_size returns the raw key length in bytes (16..64),
 * or 0 for NULL (which also sets the thread's last error).  Since 1.0.
 */
EXTCRYPT_API size_t extcrypt_master_key_size(const extcrypt_master_key *key);

/*
 * extcrypt_master_key_derive runs HKDF-Expand with info
 * "fscrypt\0" || `context` || `info`[0..info_len) and writes `out_len` bytes
 * (1 to 16320 = 255 * 64) to `out`.  This is the building block of every
 * fscrypt subkey (table in docs/spec.md); the object APIs (inode, extent)
 * call it for you.  `info` may be NULL if `info_len` is 0; `info_len` is at
 * most 256.
 *
 * Returns EXTCRYPT_OK, or EXTCRYPT_E_INVALID / EXTCRYPT_E_LENGTH with
 * nothing written.  Thread-safe (the key is immutable).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_master_key_derive(const extcrypt_master_key *key,
					    uint8_t context,
					    const uint8_t *info,
					    size_t info_len, uint8_t *out,
					    size_t out_len);

/*
 * extcrypt_master_key_descriptor computes the 8-byte descriptor by which
 * v1 policies name `key`: the first 8 bytes of SHA-512(SHA-512(raw key)),
 * the convention of e4crypt, google/fscrypt, fscryptctl and Android (the
 * kernel takes any 8 bytes; a v1 context whose descriptor was chosen
 * otherwise cannot be matched to its key by this library).  Writes
 * EXTCRYPT_KEY_DESCRIPTOR_SIZE bytes to `out`.
 *
 * Returns EXTCRYPT_OK or EXTCRYPT_E_INVALID (NULL).  Thread-safe.
 * Since 1.0.
 */
EXTCRYPT_API int extcrypt_master_key_descriptor(const extcrypt_master_key *key,
						uint8_t out[EXTCRYPT_KEY_DESCRIPTOR_SIZE]);

/*
 * extcrypt_master_key_free drops the caller's reference to `key`.  Inode
 * and extent objects made from the key hold their own references, so the
 * key may be freed before them; the secret is wiped when the last
 * reference goes.  NULL is a no-op.  Since 1.0.
 */
EXTCRYPT_API void extcrypt_master_key_free(extcrypt_master_key *key);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_KEY_H */
