/* SPDX-License-Identifier: MIT */
/*
 * experimental.h - API outside the stability promise.
 *
 * Only visible with EXTCRYPT_EXPERIMENTAL defined before including
 * <extcrypt/extcrypt.h>.  These symbols live in the EXTCRYPT_EXPERIMENTAL
 * version node of the shared library: they may change or disappear in any
 * release, and a program using them must be rebuilt with each one.  The
 * bench and the test suite use them to compare implementations.
 */
#ifndef EXTCRYPT_EXPERIMENTAL_H
#define EXTCRYPT_EXPERIMENTAL_H

#include <stddef.h>
#include <stdint.h>

#include "cipher.h"
#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * extcrypt_xts_impl_count returns how many AES-256-XTS implementations
 * this build contains (usable on this CPU or not), portable included.
 */
EXTCRYPT_API size_t extcrypt_xts_impl_count(void);

/*
 * extcrypt_xts_impl_name_at returns the name of implementation `i`
 * (0 <= i < count; fastest first, "portable" last), or NULL.
 */
EXTCRYPT_API const char *extcrypt_xts_impl_name_at(size_t i);

/*
 * extcrypt_xts_impl_usable returns 1 if the implementation called `name`
 * exists and can run on this CPU, else 0.
 */
EXTCRYPT_API int extcrypt_xts_impl_usable(const char *name);

/*
 * extcrypt_cipher_new_impl is extcrypt_cipher_new for AES-256-XTS on the
 * named implementation.  Returns EXTCRYPT_E_UNSUPPORTED if `name` is
 * unknown or unusable here, EXTCRYPT_E_INVALID for another mode.
 */
EXTCRYPT_API int extcrypt_cipher_new_impl(int mode, const uint8_t *key,
					  size_t key_len, const char *name,
					  extcrypt_cipher **out);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_EXPERIMENTAL_H */
