/* SPDX-License-Identifier: MIT */
/*
 * error.h - status codes.
 *
 * Every fallible libextcrypt function returns an int: EXTCRYPT_OK (0) on
 * success or one of the negative EXTCRYPT_E_* values below.  The values are
 * part of the ABI: they are never renumbered or reused, new ones are only
 * appended.
 *
 * A failing call never leaves half-written output: output buffers are
 * either fully written (success) or not written at all / wiped (failure),
 * as each function documents.
 */
#ifndef EXTCRYPT_ERROR_H
#define EXTCRYPT_ERROR_H

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

enum extcrypt_status {
	EXTCRYPT_OK = 0,
	/* A required pointer was NULL, or an argument is out of its domain. */
	EXTCRYPT_E_INVALID = -1,
	/* A buffer, key or structure has the wrong length. */
	EXTCRYPT_E_LENGTH = -2,
	/* A length is not a whole number of data units (or blocks). */
	EXTCRYPT_E_ALIGNMENT = -3,
	/* A data-unit index would pass 2^64 - 1 (or the 32-bit limit of an
	 * IV_INO_LBLK policy). */
	EXTCRYPT_E_RANGE = -4,
	/* Valid for the kernel, but this library does not implement it. */
	EXTCRYPT_E_UNSUPPORTED = -5,
	/* An encryption policy breaks one of the kernel's validation rules. */
	EXTCRYPT_E_POLICY = -6,
	/* A context (inode or extent) is malformed: size or version. */
	EXTCRYPT_E_CONTEXT = -7,
	/* A master key identifier does not match the key or the inode. */
	EXTCRYPT_E_KEY_MISMATCH = -8,
	/* An extent context names another contents mode than the inode. */
	EXTCRYPT_E_MODE_MISMATCH = -9,
	/* The policy cannot be used with per-extent encryption (v1 policies,
	 * DIRECT_KEY, IV_INO_LBLK_64, IV_INO_LBLK_32). */
	EXTCRYPT_E_EXTENT_POLICY = -10,
	/* The master key is too short or too long for this use. */
	EXTCRYPT_E_KEY_SIZE = -11,
	/* Out of (locked) memory. */
	EXTCRYPT_E_NOMEM = -12,
	/* A ciphertext callback rejected a data unit. */
	EXTCRYPT_E_REJECTED = -13,
	/* The cryptographic backend (OpenSSL, libsodium) failed. */
	EXTCRYPT_E_CRYPTO = -14,
	/* A filename is longer than the allowed maximum. */
	EXTCRYPT_E_NAME_TOO_LONG = -15,
	/* An encrypted filename cannot be valid (length, or the decrypted
	 * name is empty), or a name in a casefolded ext4 directory is not
	 * well-formed UTF-8. */
	EXTCRYPT_E_BAD_NAME = -16,
	/* The output buffer is too small. */
	EXTCRYPT_E_OUTPUT_SPACE = -17,
	/* The object lacks something this call needs (for example the inode
	 * number of an IV_INO_LBLK inode). */
	EXTCRYPT_E_STATE = -18,
};

/*
 * extcrypt_strerror returns a static, human-readable description of
 * `status` ("success" for EXTCRYPT_OK, "unknown status" for values this
 * version does not know).  Never NULL.  Thread-safe.
 *
 * Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_strerror(int status);

/*
 * extcrypt_status_name returns the name of `status` as spelled in this
 * header ("EXTCRYPT_OK", "EXTCRYPT_E_POLICY", ...), for logs, JSON output
 * and test vectors; "EXTCRYPT_E_UNKNOWN" for values this version does not
 * know.  Never NULL.  Thread-safe.
 *
 * Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_status_name(int status);

/*
 * extcrypt_last_error returns the detailed message of the most recent
 * failing libextcrypt call made by the calling thread, e.g. "policy:
 * reserved byte 5 is 0x01, must be 0".  The message is stored per thread
 * and is overwritten by the next failing call in that thread; successful
 * calls do not clear it.  Returns "" if no call has failed in this thread.
 * Never NULL.  The returned pointer stays valid until the thread's next
 * libextcrypt call.
 *
 * Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_ERROR_H */
