/* SPDX-License-Identifier: MIT */
/*
 * csum.h - btrfs data checksums over ciphertext, ready to plug into the
 * extent API's ciphertext callback.
 *
 * btrfs checksums what is on disk, so with per-extent encryption its data
 * checksums cover the ciphertext.  These functions produce, per sector,
 * exactly the bytes btrfs stores in its checksum tree for each of its four
 * checksum types:
 *
 *   type                       size  stored bytes
 *   EXTCRYPT_CSUM_CRC32C          4  CRC-32C (Castagnoli, as iSCSI: initial
 *                                    value ~0, final value inverted),
 *                                    little-endian
 *   EXTCRYPT_CSUM_XXHASH64        8  XXH64 with seed 0, little-endian (not
 *                                    xxHash's big-endian canonical form)
 *   EXTCRYPT_CSUM_SHA256         32  SHA-256
 *   EXTCRYPT_CSUM_BLAKE2B_256    32  BLAKE2b with a 32-byte digest, no key
 *                                    (not BLAKE2b-512 truncated)
 *
 * The type values are btrfs's own (BTRFS_CSUM_TYPE_* of the superblock's
 * csum_type field).  xxhash64 needs libxxhash at build time; a build
 * without it answers EXTCRYPT_E_UNSUPPORTED for that type.
 *
 * These are integrity checks against media errors, not authentication:
 * anyone can recompute them, and they cover public ciphertext, so
 * comparisons of them are not constant-time (nothing secret is involved).
 *
 * Typical use, btrfs-style, with 4 KiB data units and 4 KiB sectors:
 *
 *   extcrypt_csum *cs;
 *   extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 0, &cs);
 *   // write: fill sums[] with one checksum per sector of the ciphertext
 *   extcrypt_csum_begin(cs, first_unit, sums, sizeof(sums));
 *   extcrypt_extent_encrypt(ext, first_unit, pt, ct, len,
 *                           extcrypt_csum_callback, cs);
 *   // read: refuse to decrypt if a sector's checksum differs
 *   extcrypt_csum_begin_verify(cs, first_unit, sums, sizeof(sums));
 *   err = extcrypt_extent_decrypt(ext, first_unit, ct, pt, len,
 *                                 extcrypt_csum_callback, cs);
 *   if (err == EXTCRYPT_E_REJECTED)
 *           extcrypt_csum_result(cs, &bad_sector);  // which, and why
 */
#ifndef EXTCRYPT_CSUM_H
#define EXTCRYPT_CSUM_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* btrfs checksum types.  Values are btrfs's on-disk values and ABI. */
enum extcrypt_csum_type {
	EXTCRYPT_CSUM_CRC32C = 0,
	EXTCRYPT_CSUM_XXHASH64 = 1,
	EXTCRYPT_CSUM_SHA256 = 2,
	EXTCRYPT_CSUM_BLAKE2B_256 = 3,
};

/* Largest checksum of any type, in bytes (btrfs's BTRFS_CSUM_SIZE). */
#define EXTCRYPT_CSUM_MAX_SIZE 32

/*
 * extcrypt_csum_name returns btrfs's name of checksum type `type`:
 * "crc32c", "xxhash64", "sha256" or "blake2b"; NULL for an unknown type.
 * Thread-safe.  Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_csum_name(int type);

/*
 * extcrypt_csum_type_from_name returns the type named `name` (btrfs's
 * names as above, and also "crc32", "xxhash", "blake2" and "blake2b-256",
 * which mkfs.btrfs and the kernel accept or print), or EXTCRYPT_E_INVALID
 * (with the thread's last error set).  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_type_from_name(const char *name);

/*
 * extcrypt_csum_size returns the size in bytes of one checksum of `type`
 * (4, 8, 32 or 32), or 0 for an unknown type.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API size_t extcrypt_csum_size(int type);

/*
 * extcrypt_csum_supported returns EXTCRYPT_OK if this build computes
 * `type`, EXTCRYPT_E_UNSUPPORTED if it was built without the library the
 * type needs (xxhash64 without libxxhash), or EXTCRYPT_E_INVALID for an
 * unknown type; failures set the thread's last error.  Thread-safe.
 * Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_supported(int type);

/*
 * extcrypt_csum_impl_name describes what computes `type` in this process,
 * for logs and benchmarks: e.g. "x86-sse42-3way" or "portable" for crc32c
 * (chosen once per process from the CPU), "libxxhash", "openssl",
 * "libsodium"; "unsupported" or NULL (unknown type).  Thread-safe.
 * Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_csum_impl_name(int type);

/*
 * extcrypt_csum_sectors computes the checksum of each `sector_size`-byte
 * sector of `data` (`len` bytes, a whole number of sectors; 0 is allowed)
 * and writes them one after the other to `out` (room for `out_cap` bytes,
 * at least len / sector_size * extcrypt_csum_size(type)); the number of
 * bytes written goes to `*out_len`.  A single checksum of any buffer is
 * sector_size = len.  Use it to checksum ciphertext read back (scrub) or
 * produced elsewhere.
 *
 * Returns EXTCRYPT_OK, or with `out` untouched: EXTCRYPT_E_INVALID (NULL,
 * unknown type, sector_size 0), EXTCRYPT_E_ALIGNMENT (len not a multiple
 * of sector_size), EXTCRYPT_E_OUTPUT_SPACE, EXTCRYPT_E_UNSUPPORTED; or with
 * the checksums' bytes of `out` zeroed: EXTCRYPT_E_NOMEM or
 * EXTCRYPT_E_CRYPTO (OpenSSL failed).  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_sectors(int type, uint32_t sector_size,
				       const uint8_t *data, size_t len,
				       uint8_t *out, size_t out_cap,
				       size_t *out_len);

/*
 * A checksummer: the state extcrypt_csum_callback works on.  Opaque.  It is
 * mutable (each begin call points it at a new array), so use one per
 * thread, or per concurrent encrypt/decrypt call; make it once and reuse
 * it across calls.
 */
typedef struct extcrypt_csum extcrypt_csum;

/*
 * extcrypt_csum_new makes a checksummer of `type` with sectors of
 * `sector_size` bytes: 0 means one sector per data unit (what btrfs does
 * when the data unit is the filesystem block), otherwise a power of two
 * from 512 to 65536 that divides the data unit size (checked per unit, as
 * the callback sees them; a sector spanning several data units is not
 * supported).
 *
 * Returns EXTCRYPT_OK and the object in `*out`, or with `*out` = NULL:
 * EXTCRYPT_E_INVALID, EXTCRYPT_E_UNSUPPORTED, EXTCRYPT_E_NOMEM,
 * EXTCRYPT_E_CRYPTO.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_new(int type, uint32_t sector_size,
				   extcrypt_csum **out);

/*
 * extcrypt_csum_begin prepares `cs` to fill `sums` (room for `sums_cap`
 * bytes):
 * the checksum of sector k of the data units from `first_unit` on goes to
 * sums + k * extcrypt_csum_size(type), in the order btrfs stores them.
 * `first_unit` must be the first_unit given to the encrypt (or decrypt)
 * call the callback then runs under; `sums` must stay valid until it
 * returns.  Sectors the call never reaches are left as they were.
 *
 * Returns EXTCRYPT_OK or EXTCRYPT_E_INVALID (NULL).  Not thread-safe for
 * one `cs`.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_begin(extcrypt_csum *cs, uint64_t first_unit,
				     uint8_t *sums, size_t sums_cap);

/*
 * extcrypt_csum_begin_verify prepares `cs` to compare each sector's
 * checksum with the stored one at the same place of `sums` (laid out as
 * for extcrypt_csum_begin); the callback rejects the first unit holding a
 * sector whose checksum differs, so extcrypt_extent_decrypt fails with
 * EXTCRYPT_E_REJECTED before writing any plaintext.  `sums` is not
 * modified.  Returns EXTCRYPT_OK or EXTCRYPT_E_INVALID.  Not thread-safe
 * for one `cs`.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_begin_verify(extcrypt_csum *cs,
					    uint64_t first_unit,
					    const uint8_t *sums,
					    size_t sums_len);

/*
 * extcrypt_csum_callback is an extcrypt_unit_callback: pass it with the
 * checksummer as `cb_arg` to extcrypt_extent_encrypt or
 * extcrypt_extent_decrypt after a begin call.  For each data unit it
 * checksums the unit's sectors into, or compares them with, the array.
 *
 * It returns 0 to accept the unit, or 1 to reject it: a verify mismatch,
 * a unit outside the array (a first_unit other than the begin call's, or
 * an array too short), a unit size that is not a multiple of the sector
 * size, no begin call, or a crypto backend failure.  Then
 * extcrypt_csum_result says which.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_callback(void *cs, uint64_t unit_index,
					const uint8_t *ciphertext,
					size_t unit_len);

/*
 * extcrypt_csum_result returns the outcome of the callbacks since the last
 * begin call: EXTCRYPT_OK; EXTCRYPT_E_REJECTED (a stored checksum differs;
 * `*bad_sector`, if not NULL, gets the sector's index in the array);
 * EXTCRYPT_E_OUTPUT_SPACE or EXTCRYPT_E_RANGE (a unit fell outside the
 * array); EXTCRYPT_E_ALIGNMENT (unit size not a multiple of the sector
 * size); EXTCRYPT_E_STATE (no begin call); EXTCRYPT_E_INVALID (a
 * unit without ciphertext); EXTCRYPT_E_CRYPTO; EXTCRYPT_E_INVALID also
 * for a NULL `cs`.  A failure
 * is also recorded, with details (sector, unit, both checksums), as the
 * calling thread's last error.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_csum_result(const extcrypt_csum *cs,
				      uint64_t *bad_sector);

/* extcrypt_csum_free frees `cs`; NULL is a no-op.  Since 1.0. */
EXTCRYPT_API void extcrypt_csum_free(extcrypt_csum *cs);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_CSUM_H */
