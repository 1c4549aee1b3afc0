/* SPDX-License-Identifier: MIT */
/*
 * policy.h - fscrypt encryption policies (struct fscrypt_policy_v1/v2).
 *
 * A policy says how a directory tree is encrypted: contents and filenames
 * modes, flags, data unit size and which master key.  This header has the
 * constants of the kernel's UAPI (<linux/fscrypt.h>) under EXTCRYPT_ names,
 * and an opaque, immutable policy object with the kernel's validation rules
 * (docs/spec.md, section "Policies").
 */
#ifndef EXTCRYPT_POLICY_H
#define EXTCRYPT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes of the on-disk and UAPI structures, in bytes. */
#define EXTCRYPT_POLICY_V1_SIZE 12
#define EXTCRYPT_POLICY_V2_SIZE 24
#define EXTCRYPT_CONTEXT_V2_SIZE 40
#define EXTCRYPT_KEY_DESCRIPTOR_SIZE 8
#define EXTCRYPT_KEY_IDENTIFIER_SIZE 16
#define EXTCRYPT_NONCE_SIZE 16
#define EXTCRYPT_MIN_KEY_SIZE 16
#define EXTCRYPT_MAX_KEY_SIZE 64

/* Version bytes: a v1 *policy* has version 0, a v1 *context* version 1. */
#define EXTCRYPT_POLICY_V1 0
#define EXTCRYPT_POLICY_V2 2
#define EXTCRYPT_CONTEXT_V2 2

/*
 * Encryption modes (FSCRYPT_MODE_*). 2 and 3 were never used.  Prototypes
 * take and return modes as plain `int`, like extent profiles and checksum
 * types (docs/design.md, "Conventions"); a value outside the enum is
 * refused, never truncated.
 */
enum extcrypt_mode {
	EXTCRYPT_MODE_AES_256_XTS = 1,
	EXTCRYPT_MODE_AES_256_CTS = 4,
	EXTCRYPT_MODE_AES_128_CBC = 5, /* CBC-ESSIV */
	EXTCRYPT_MODE_AES_128_CTS = 6,
	EXTCRYPT_MODE_SM4_XTS = 7,
	EXTCRYPT_MODE_SM4_CTS = 8,
	EXTCRYPT_MODE_ADIANTUM = 9,
	EXTCRYPT_MODE_AES_256_HCTR2 = 10,
};

/* Policy flags (FSCRYPT_POLICY_FLAG*). */
#define EXTCRYPT_POLICY_FLAGS_PAD_4 0x00
#define EXTCRYPT_POLICY_FLAGS_PAD_8 0x01
#define EXTCRYPT_POLICY_FLAGS_PAD_16 0x02
#define EXTCRYPT_POLICY_FLAGS_PAD_32 0x03
#define EXTCRYPT_POLICY_FLAGS_PAD_MASK 0x03
#define EXTCRYPT_POLICY_FLAG_DIRECT_KEY 0x04
#define EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_64 0x08
#define EXTCRYPT_POLICY_FLAG_IV_INO_LBLK_32 0x10

/*
 * Filesystem capabilities, for extcrypt_policy_check_fs().  They stand for
 * the super_operations properties the kernel consults.
 */
#define EXTCRYPT_FS_STABLE_INODES 0x01  /* has_stable_inodes */
#define EXTCRYPT_FS_32BIT_INODES 0x02   /* has_32bit_inodes */
#define EXTCRYPT_FS_SUBBLOCK_UNITS 0x04 /* supports_subblock_data_units */

/*
 * extcrypt_mode_name returns the kernel-style name of `mode` ("AES-256-XTS",
 * "AES-256-CTS-CBC", "AES-128-CBC-ESSIV", "AES-128-CTS-CBC", "SM4-XTS",
 * "SM4-CTS-CBC", "Adiantum", "AES-256-HCTR2"), or NULL for an unknown mode
 * number.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_mode_name(int mode);

/*
 * extcrypt_mode_key_size returns the key size in bytes of `mode` (64 for
 * AES-256-XTS, 32 for AES-256-CTS, ...), or 0 for an unknown mode.
 * Since 1.0.
 */
EXTCRYPT_API size_t extcrypt_mode_key_size(int mode);

/*
 * extcrypt_mode_supported returns 1 if this build can encrypt with `mode`,
 * 0 if not (a mode number the kernel does not define; every mode it
 * defines is implemented, SM4 on an OpenSSL with SM4).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_mode_supported(int mode);

/* An immutable encryption policy, v1 or v2.  Opaque. */
typedef struct extcrypt_policy extcrypt_policy;

/*
 * extcrypt_policy_new creates a v2 policy from its fields and validates it
 * with every rule that does not depend on the filesystem: the mode pair is
 * one of the five the kernel accepts, no unknown flag bit, at most one of
 * DIRECT_KEY / IV_INO_LBLK_64 / IV_INO_LBLK_32, DIRECT_KEY only with equal
 * modes whose IV holds a nonce (Adiantum), IV_INO_LBLK_* only with
 * AES-256-XTS contents, `log2_data_unit_size` 0 (filesystem block size) or
 * 9..16.  Rules that depend on the filesystem are in
 * extcrypt_policy_check_fs().
 *
 * On success stores a new policy in `*out` (free it with
 * extcrypt_policy_free) and returns EXTCRYPT_OK.  On failure `*out` is set
 * to NULL and the result is EXTCRYPT_E_INVALID (NULL argument) or
 * EXTCRYPT_E_POLICY (a rule is broken; extcrypt_last_error() names it).
 * A mode outside 0..255 is EXTCRYPT_E_POLICY like any unknown mode.
 * Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_new(int contents_mode, int filenames_mode,
				     uint8_t flags, uint8_t log2_data_unit_size,
				     const uint8_t key_identifier[EXTCRYPT_KEY_IDENTIFIER_SIZE],
				     extcrypt_policy **out);

/*
 * extcrypt_policy_decode parses a struct fscrypt_policy_v1 (12 bytes,
 * version byte 0) or fscrypt_policy_v2 (24 bytes, version byte 2) from
 * `buf` and validates it like extcrypt_policy_new (v1: only PAD and
 * DIRECT_KEY flags, the three v1 mode pairs).  `len` must be exactly the
 * size of the version found.
 *
 * Returns EXTCRYPT_OK and a new policy in `*out`, or EXTCRYPT_E_INVALID,
 * EXTCRYPT_E_LENGTH (wrong size for the version), EXTCRYPT_E_POLICY
 * (unknown version or a broken rule, including non-zero reserved bytes) with
 * `*out` = NULL.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_decode(const uint8_t *buf, size_t len,
					extcrypt_policy **out);

/*
 * extcrypt_policy_encode writes the UAPI encoding of `policy` (12 or 24
 * bytes) to `out`, which has room for `out_cap` bytes, and stores the size
 * in `*out_len`.  Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, or
 * EXTCRYPT_E_OUTPUT_SPACE (nothing written).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_encode(const extcrypt_policy *policy,
					uint8_t *out, size_t out_cap,
					size_t *out_len);

/*
 * The accessors below return a field of `policy`.  For a NULL `policy`
 * they return 0 (a value no policy has, except where said) and set the
 * thread's last error (EXTCRYPT_E_INVALID).
 */

/*
 * extcrypt_policy_version returns 1 for a v1 policy and 2 for a v2 policy
 * (not the version byte: a v1 policy's byte is 0), or 0 if `policy` is
 * NULL.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_version(const extcrypt_policy *policy);

/* extcrypt_policy_contents_mode returns the contents mode (enum
 * extcrypt_mode), or 0 if `policy` is NULL.  Since 1.0. */
EXTCRYPT_API int extcrypt_policy_contents_mode(const extcrypt_policy *policy);

/* extcrypt_policy_filenames_mode returns the filenames mode, or 0 if
 * `policy` is NULL.  Since 1.0. */
EXTCRYPT_API int extcrypt_policy_filenames_mode(const extcrypt_policy *policy);

/* extcrypt_policy_flags returns the flags byte (EXTCRYPT_POLICY_FLAG*), or
 * 0 if `policy` is NULL (0 is also valid flags).  Since 1.0. */
EXTCRYPT_API uint8_t extcrypt_policy_flags(const extcrypt_policy *policy);

/* extcrypt_policy_log2_data_unit_size returns the policy's
 * log2_data_unit_size: 0 means "the filesystem block size", and it is
 * always 0 for v1 policies (and for NULL).  Since 1.0. */
EXTCRYPT_API uint8_t extcrypt_policy_log2_data_unit_size(const extcrypt_policy *policy);

/*
 * extcrypt_policy_key_identifier copies the 16-byte master key identifier
 * of a v2 policy to `out`.  Returns EXTCRYPT_OK, or EXTCRYPT_E_INVALID for
 * NULL arguments or a v1 policy (which has an 8-byte descriptor instead;
 * see extcrypt_policy_key_descriptor).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_key_identifier(const extcrypt_policy *policy,
						uint8_t out[EXTCRYPT_KEY_IDENTIFIER_SIZE]);

/*
 * extcrypt_policy_key_descriptor copies the 8-byte master key descriptor of
 * a v1 policy to `out`.  Returns EXTCRYPT_OK, or EXTCRYPT_E_INVALID for NULL
 * arguments or a v2 policy.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_key_descriptor(const extcrypt_policy *policy,
						uint8_t out[EXTCRYPT_KEY_DESCRIPTOR_SIZE]);

/*
 * extcrypt_policy_check_fs applies the rules that depend on the filesystem:
 * IV_INO_LBLK_64/32 need EXTCRYPT_FS_STABLE_INODES and
 * EXTCRYPT_FS_32BIT_INODES and, if `fs_max_file_size` is non-zero, data-unit
 * indices that fit in 32 bits; a non-zero log2_data_unit_size needs
 * EXTCRYPT_FS_SUBBLOCK_UNITS and must not exceed log2(`fs_block_size`); with
 * IV_INO_LBLK_32 it must equal log2(`fs_block_size`) (no sub-block units).
 *
 * `fs_block_size` is a power of two from 512 to 65536.
 * `fs_max_file_size` is the filesystem's s_maxbytes, or 0 if unknown.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID (bad arguments) or
 * EXTCRYPT_E_POLICY (with the broken rule in extcrypt_last_error()).
 * Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_check_fs(const extcrypt_policy *policy,
					  uint32_t fs_caps,
					  uint32_t fs_block_size,
					  uint64_t fs_max_file_size);

/*
 * extcrypt_policy_check_extent tells whether `policy` may be used with
 * per-extent encryption: only v2 policies without DIRECT_KEY,
 * IV_INO_LBLK_64 or IV_INO_LBLK_32 (padding flags are fine), as every
 * version of the btrfs proposal requires.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID (NULL) or
 * EXTCRYPT_E_EXTENT_POLICY with a message saying which rule.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_policy_check_extent(const extcrypt_policy *policy);

/* extcrypt_policy_free frees `policy`; NULL is a no-op.  Since 1.0. */
EXTCRYPT_API void extcrypt_policy_free(extcrypt_policy *policy);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_POLICY_H */
