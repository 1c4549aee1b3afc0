/* SPDX-License-Identifier: MIT */
/*
 * nokey_name.h - no-key names: the names the kernel shows for the entries
 * of an encrypted directory whose key is absent (fs/crypto/fname.c,
 * fscrypt_fname_disk_to_usr and fscrypt_match_name; docs/spec.md).
 *
 * The kernel lays out `struct fscrypt_nokey_name { u32 dirhash[2];
 * u8 bytes[149]; u8 sha256[32]; }` (189 bytes).  A ciphertext name of at
 * most 149 bytes becomes dirhash and the whole ciphertext (8 + len bytes);
 * a longer one becomes all 189 bytes: dirhash, its first 149 bytes and the
 * SHA-256 of the rest.  That is encoded in base64url (RFC 4648 alphabet
 * A-Z a-z 0-9 - _) without '=' padding: at most 252 characters.
 *
 * Byte order of the dirhash.  The kernel stores the two u32 words in CPU
 * order, so its no-key names differ between little- and big-endian
 * machines.  Every architecture fscrypt is used on in practice (x86,
 * arm64) is little-endian, and these functions always use little-endian,
 * whatever the host: the names of a little-endian kernel.
 *
 * The functions need no key and no object: they are filesystem-independent
 * and thread-safe.
 */
#ifndef EXTCRYPT_NOKEY_NAME_H
#define EXTCRYPT_NOKEY_NAME_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Ciphertext names up to this many bytes are encoded whole. */
#define EXTCRYPT_NOKEY_NAME_BYTES 149
/* Size of the decoded no-key name of a longer name (8 + 149 + 32). */
#define EXTCRYPT_NOKEY_NAME_MAX 189
/* Longest encoded no-key name, in characters (without a NUL). */
#define EXTCRYPT_NOKEY_NAME_MAX_ENCODED 252

/*
 * extcrypt_nokey_name_encode writes the no-key name of the directory entry
 * whose on-disk (ciphertext) name is `ciphertext` (`len` bytes, at least
 * 16) to `out`, with a terminating NUL, and its length (without the NUL)
 * to `*out_len`.  `hash` and `minor_hash` are what the filesystem hands the
 * kernel for that entry: ext4 passes its htree hash of the ciphertext when
 * listing an indexed directory, the hash stored in the entry for a
 * casefolded one, and 0, 0 otherwise (also for symlink targets).
 * `out_cap` >= EXTCRYPT_NOKEY_NAME_MAX_ENCODED + 1 is always enough.
 *
 * Returns EXTCRYPT_OK, or with `out` untouched: EXTCRYPT_E_INVALID (NULL),
 * EXTCRYPT_E_BAD_NAME (`len` below 16: the kernel's EUCLEAN),
 * EXTCRYPT_E_OUTPUT_SPACE.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_nokey_name_encode(const uint8_t *ciphertext,
					    size_t len, uint32_t hash,
					    uint32_t minor_hash, char *out,
					    size_t out_cap, size_t *out_len);

/*
 * extcrypt_nokey_name_match tells whether the no-key name `nokey`
 * (`nokey_len` characters, no NUL needed) designates the directory entry
 * with ciphertext name `ciphertext` (`len` bytes), by the rules of the
 * kernel's fscrypt_setup_filename and fscrypt_match_name: the name must
 * decode (base64url, no padding, no stray bits) to 9..157 bytes or exactly
 * 189; a short form matches an entry whose ciphertext equals its bytes; the
 * 189-byte form matches an entry longer than 149 bytes whose first 149
 * bytes and the SHA-256 of the rest are equal.
 *
 * `hash` and `minor_hash` are the entry's (as for encode).  Like
 * fscrypt_match_name this function does not compare them with the dirhash
 * inside the no-key name: the kernel uses that only to choose the htree
 * block to search, and in an unindexed directory a no-key name with any
 * dirhash finds its entry.  They are accepted so that a later version can
 * offer the stricter comparison without a new symbol.
 *
 * Returns 1 (match), 0 (no match) or a negative status for a no-key name
 * the kernel would never accept (lookup fails with ENOENT):
 * EXTCRYPT_E_INVALID (NULL), EXTCRYPT_E_BAD_NAME (empty, longer than 252
 * characters, a character outside the alphabet, a length or trailing bits
 * no encoder produces, or a decoded size outside 9..157 and 189).
 * Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_nokey_name_match(const char *nokey, size_t nokey_len,
					   const uint8_t *ciphertext,
					   size_t len, uint32_t hash,
					   uint32_t minor_hash);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_NOKEY_NAME_H */
