/* SPDX-License-Identifier: MIT */
/*
 * libextcrypt - the cryptography of Linux filesystem encryption (fscrypt
 * v2 policies) and of the per-extent encryption proposed for btrfs, in
 * userspace, byte-exact with the kernel.
 *
 * Include this one header.  The API, section by section:
 *
 *   error.h   status codes, extcrypt_strerror, extcrypt_last_error
 *   policy.h  modes, flags, fscrypt_policy_v1/v2 and their validation
 *   key.h     master keys, key identifiers, the HKDF-SHA512 hierarchy
 *   inode.h   inode contexts, file contents by data unit, filenames,
 *             symlink targets
 *   nokey_name.h  the names the kernel shows without the key
 *   extent.h  per-extent contexts and keys, extent profiles, the
 *             ciphertext callback
 *   cipher.h  a prepared key of one mode, for callers holding derived keys
 *   csum.h    btrfs data checksums of ciphertext, as a ciphertext callback
 *
 * Define EXTCRYPT_EXPERIMENTAL before including it to also get
 * experimental.h, which is outside the stability promise.
 *
 * Conventions (docs/design.md, "Conventions of the public headers").
 * Functions return EXTCRYPT_OK (0) or a negative status (error.h) and set
 * the thread's extcrypt_last_error() on every failure; on failure they
 * leave no half-written output.  Objects are opaque, created by *_new /
 * *_load / *_decode and released by *_free (which accepts NULL).
 * Arguments come in the order object, inputs, outputs.  An output whose
 * size the library decides is `out`, `out_cap` (its room) and `*out_len`
 * (what was written); fixed-size buffers are declared with their
 * EXTCRYPT_*_SIZE macro.  Modes, profiles and checksum types are `int`.
 * A NULL object or required buffer is EXTCRYPT_E_INVALID; accessors that
 * return a value return 0 (or NULL) for a NULL object.  Every object is
 * immutable after creation unless a function says otherwise, so it may be
 * shared between threads.  No global initialisation call is needed: the
 * first constructor sets up libsodium.
 */
#ifndef EXTCRYPT_EXTCRYPT_H
#define EXTCRYPT_EXTCRYPT_H

#include "export.h"

#define EXTCRYPT_VERSION_MAJOR 1
#define EXTCRYPT_VERSION_MINOR 0
#define EXTCRYPT_VERSION_PATCH 0
#define EXTCRYPT_VERSION_STRING "1.0.0"
/* major * 10000 + minor * 100 + patch */
#define EXTCRYPT_VERSION_NUMBER                                                \
	(EXTCRYPT_VERSION_MAJOR * 10000 + EXTCRYPT_VERSION_MINOR * 100 +       \
	 EXTCRYPT_VERSION_PATCH)

#include "cipher.h"
#include "csum.h"
#include "error.h"
#include "extent.h"
#include "inode.h"
#include "key.h"
#include "nokey_name.h"
#include "policy.h"

#ifdef EXTCRYPT_EXPERIMENTAL
#include "experimental.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * extcrypt_version_number returns the run-time library's
 * EXTCRYPT_VERSION_NUMBER, so a program can compare it with the headers it
 * was built with.  Since 1.0.
 */
EXTCRYPT_API unsigned extcrypt_version_number(void);

/* extcrypt_version_string returns e.g. "1.0.0".  Since 1.0. */
EXTCRYPT_API const char *extcrypt_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_EXTCRYPT_H */
