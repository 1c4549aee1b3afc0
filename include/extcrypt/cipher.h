/* SPDX-License-Identifier: MIT */
/*
 * cipher.h - a prepared key for one fscrypt mode, used directly.
 *
 * The inode and extent objects derive their keys themselves.  This
 * lower layer is for callers that already hold a derived key: recovery
 * tools, test suites (the `extcrypt crypt` command), image builders that
 * manage keys their own way, and benchmarks.  The data path is the same
 * one the inode and extent objects use (SIMD AES-256-XTS where the CPU has
 * it).
 */
#ifndef EXTCRYPT_CIPHER_H
#define EXTCRYPT_CIPHER_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * EXTCRYPT_CIPHER_MAX_UNIT is the largest data unit the raw cipher API
 * takes: `unit_len` of extcrypt_cipher_{en,de}crypt_units and `len` of
 * extcrypt_cipher_{en,de}crypt (a message is one unit), 16 MiB.  IEEE
 * 1619 allows at most 2^20 blocks (16 MiB) per XTS data unit; fscrypt's
 * data units are at most 64 KiB.  Larger values fail with
 * EXTCRYPT_E_LENGTH before any byte is read or written, in every mode and
 * every implementation.  Since 1.0.
 */
#define EXTCRYPT_CIPHER_MAX_UNIT ((size_t)1 << 24)

/* A prepared key of one mode.  Opaque, immutable. */
typedef struct extcrypt_cipher extcrypt_cipher;

/*
 * extcrypt_cipher_new prepares `key` (`key_len` bytes, exactly
 * extcrypt_mode_key_size(mode)) for `mode` (an enum extcrypt_mode value).
 * For AES-256-XTS and SM4-XTS the key is data key || tweak key; a key
 * whose two halves are equal is refused (EXTCRYPT_E_INVALID) whatever the
 * implementation, as the kernel's fscrypt refuses it (the comparison is
 * constant time).  SM4 modes are not constant time (OpenSSL's table-based
 * SM4).
 * The key is copied into locked memory; the caller may wipe its copy.
 *
 * Returns EXTCRYPT_OK and the object in `*out`, or with `*out` = NULL:
 * EXTCRYPT_E_INVALID, EXTCRYPT_E_LENGTH (wrong key size),
 * EXTCRYPT_E_UNSUPPORTED (mode not implemented), EXTCRYPT_E_NOMEM.
 * Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_cipher_new(int mode, const uint8_t *key,
				     size_t key_len, extcrypt_cipher **out);

/*
 * extcrypt_cipher_encrypt_units encrypts `len` bytes of file contents as
 * consecutive data units of `unit_len` bytes (a multiple of 16, >= 16;
 * fscrypt uses powers of two 512..65536) with fscrypt's default IV:
 * unit j gets le64(`first_index` + j) || zeros.  Contents modes only
 * (AES-256-XTS, AES-128-CBC-ESSIV, Adiantum, SM4-XTS).
 *
 * Returns EXTCRYPT_OK, or with `dst` untouched: EXTCRYPT_E_INVALID (NULL,
 * bad `unit_len`, filenames-only mode), EXTCRYPT_E_LENGTH (`unit_len` over
 * EXTCRYPT_CIPHER_MAX_UNIT), EXTCRYPT_E_ALIGNMENT (`len` not a multiple of
 * `unit_len`), EXTCRYPT_E_RANGE (index past 2^64 - 1).
 * `src` == `dst` is allowed.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_cipher_encrypt_units(const extcrypt_cipher *cipher,
					       uint64_t first_index,
					       size_t unit_len,
					       const uint8_t *src,
					       uint8_t *dst, size_t len);

/* extcrypt_cipher_decrypt_units is the inverse.  Since 1.0. */
EXTCRYPT_API int extcrypt_cipher_decrypt_units(const extcrypt_cipher *cipher,
					       uint64_t first_index,
					       size_t unit_len,
					       const uint8_t *src,
					       uint8_t *dst, size_t len);

/*
 * extcrypt_cipher_encrypt encrypts one message of `len` bytes with the
 * explicit IV `iv` (`iv_len` = 16 for XTS, CBC-ESSIV and CTS modes, 32 for
 * Adiantum and HCTR2; shorter IVs are zero-extended).  Length rules: XTS
 * and CTS need `len` >= 16 (XTS uses ciphertext stealing for a partial last
 * block), CBC-ESSIV a multiple of 16, HCTR2 and Adiantum >= 16.  For
 * CBC-ESSIV `iv` is the fscrypt IV before ESSIV.  At most
 * EXTCRYPT_CIPHER_MAX_UNIT bytes.
 *
 * Returns EXTCRYPT_OK, or with `dst` untouched: EXTCRYPT_E_INVALID,
 * EXTCRYPT_E_LENGTH (also over EXTCRYPT_CIPHER_MAX_UNIT),
 * EXTCRYPT_E_ALIGNMENT.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_cipher_encrypt(const extcrypt_cipher *cipher,
					 const uint8_t *iv, size_t iv_len,
					 const uint8_t *src, uint8_t *dst,
					 size_t len);

/* extcrypt_cipher_decrypt is the inverse.  Since 1.0. */
EXTCRYPT_API int extcrypt_cipher_decrypt(const extcrypt_cipher *cipher,
					 const uint8_t *iv, size_t iv_len,
					 const uint8_t *src, uint8_t *dst,
					 size_t len);

/*
 * extcrypt_cipher_impl_name returns the name of the implementation this
 * cipher runs on ("vaes-avx512", "vaes-avx2", "aesni", "arm64-ce",
 * "portable" for AES-256-XTS; "openssl" or "generic" for other modes).
 * Static string; NULL for a NULL `cipher` (which also sets the thread's
 * last error).  Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_cipher_impl_name(const extcrypt_cipher *cipher);

/* extcrypt_cipher_free wipes and frees `cipher`; NULL is a no-op.
 * Since 1.0. */
EXTCRYPT_API void extcrypt_cipher_free(extcrypt_cipher *cipher);

/*
 * extcrypt_xts_impl_name returns the name of the AES-256-XTS
 * implementation new keys use in this process: the fastest the CPU
 * supports, unless the
 * environment variable EXTCRYPT_IMPL (read once, at first use) names
 * another one.  If EXTCRYPT_IMPL names an unknown or unsupported
 * implementation, "portable" (OpenSSL EVP) is used.  Named like the
 * other implementation queries (extcrypt_cipher_impl_name,
 * extcrypt_csum_impl_name, experimental.h's extcrypt_xts_impl_*).
 * Thread-safe.  Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_xts_impl_name(void);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_CIPHER_H */
