/* SPDX-License-Identifier: MIT */
/*
 * extent.h - per-extent encryption, as proposed for btrfs.
 *
 * Each extent gets its own 16-byte nonce and its own key, derived with
 * HKDF-SHA512 from the master key of the inode that wrote it.  Data units
 * are numbered from the start of the extent, so the ciphertext depends only
 * on the extent: reflinked extents decrypt identically from every inode
 * whose policy has the same master key (and contents mode).
 *
 * The on-disk format changed across the proposal's versions; each version
 * is a named, dated profile.  The bytes of a 34-byte context do not say
 * which profile wrote them: the profile is configuration (for btrfs, what
 * the filesystem's format implies), never guessed.
 */
#ifndef EXTCRYPT_EXTENT_H
#define EXTCRYPT_EXTENT_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"
#include "inode.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Extent-format profiles.  Values are ABI and never reused.
 *
 *  profile             size  HKDF ctx  validated on load
 *  RFC_2023_09          17      8      length only (no identifier in it)
 *  V1_2023_09           34      8      key identifier
 *  V2_2023_10           34      2      key identifier   (series v2..v4)
 *  V5_2024_01           34      8      version, mode, key identifier
 *  V6_2026_02           34      9      version, mode, key identifier (v6, v7)
 *
 * V1_2023_09 and V2_2023_10 never wrote the mode byte in the kernel; this
 * library writes 0 there and ignores it on load.
 */
enum extcrypt_extent_profile {
	EXTCRYPT_EXTENT_RFC_2023_09 = 1,
	EXTCRYPT_EXTENT_V1_2023_09 = 2,
	EXTCRYPT_EXTENT_V2_2023_10 = 3,
	EXTCRYPT_EXTENT_V5_2024_01 = 4,
	EXTCRYPT_EXTENT_V6_2026_02 = 5,
	EXTCRYPT_EXTENT_DEFAULT = EXTCRYPT_EXTENT_V6_2026_02,
};

/* Largest extent context of any profile, in bytes. */
#define EXTCRYPT_EXTENT_CONTEXT_MAX_SIZE 34

/*
 * extcrypt_extent_profile_name returns the profile's stable name:
 * "rfc-2023-09", "v1-2023-09", "v2-2023-10", "v5-2024-01", "v6-2026-02";
 * NULL for an unknown profile.  Since 1.0.
 */
EXTCRYPT_API const char *extcrypt_extent_profile_name(int profile);

/*
 * extcrypt_extent_profile_from_name returns the profile whose name is
 * `name` (also accepting "default"), or EXTCRYPT_E_INVALID.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_profile_from_name(const char *name);

/*
 * extcrypt_extent_context_size returns the context size of `profile`
 * (17 or 34), or 0 for an unknown profile.  Since 1.0.
 */
EXTCRYPT_API size_t extcrypt_extent_context_size(int profile);

/*
 * extcrypt_extent_hkdf_context returns the HKDF context byte `profile`
 * derives extent keys with (8, 2 or 9), or 0 for an unknown profile.
 * Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_hkdf_context(int profile);

/*
 * A ciphertext callback, the userspace twin of blk-crypto's process_bio
 * hook: it lets a filesystem checksum what goes to disk.  It is called once
 * per data unit with `arg` as given, the unit's extent-relative index, and
 * its ciphertext (`unit_len` bytes, valid only during the call).
 *
 * Return 0 to accept the unit; anything else rejects it and stops the call
 * with EXTCRYPT_E_REJECTED.  Encrypt: called right after each unit is
 * produced, in order.  Decrypt: called in order for each unit before that
 * unit's plaintext is written, with a private copy of its ciphertext: src
 * is read once, and the copy the callback saw is what is decrypted, so
 * src may change during the call (a shared mapping, another thread)
 * without plaintext ever coming from ciphertext the callback did not see.
 * The callback must not call back into the same extent object's
 * encrypt/decrypt.
 */
typedef int (*extcrypt_unit_callback)(void *arg, uint64_t unit_index,
				      const uint8_t *ciphertext,
				      size_t unit_len);

/* One extent's encryption state.  Opaque. */
typedef struct extcrypt_extent extcrypt_extent;

/*
 * extcrypt_extent_new starts a new extent written by `inode`: a fresh
 * 16-byte nonce (libsodium randombytes) and the per-extent key of
 * `profile`.  The inode's policy must pass extcrypt_policy_check_extent.
 * The extent keeps neither `inode` nor the master key: it holds its own
 * derived key, so it may outlive both.
 *
 * Returns EXTCRYPT_OK and the object in `*out`, or with `*out` = NULL:
 * EXTCRYPT_E_INVALID (NULL or unknown profile),
 * EXTCRYPT_E_EXTENT_POLICY, EXTCRYPT_E_NOMEM.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_new(const extcrypt_inode *inode, int profile,
				     extcrypt_extent **out);

/*
 * extcrypt_extent_new_with_nonce is extcrypt_extent_new with a given nonce:
 * for tests, vectors and recovery tools; never for new extents.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_new_with_nonce(const extcrypt_inode *inode,
						int profile,
						const uint8_t nonce[EXTCRYPT_NONCE_SIZE],
						extcrypt_extent **out);

/*
 * extcrypt_extent_load decodes the stored extent context `ctx` (`ctx_len`
 * bytes, at least the profile's size; trailing bytes are ignored as the
 * kernel does), validates it against `inode` as the profile says, and
 * derives the extent key.  Use this to read an extent from any inode that
 * references it (reflinks, snapshots).
 *
 * Errors (with `*out` = NULL): EXTCRYPT_E_INVALID, EXTCRYPT_E_CONTEXT
 * (too short; bad version for V5/V6), EXTCRYPT_E_KEY_MISMATCH (identifier
 * differs from the inode's policy), EXTCRYPT_E_MODE_MISMATCH (V5/V6: mode
 * differs from the inode's contents mode), EXTCRYPT_E_EXTENT_POLICY,
 * EXTCRYPT_E_NOMEM.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_load(const extcrypt_inode *inode, int profile,
				      const uint8_t *ctx, size_t ctx_len,
				      extcrypt_extent **out);

/*
 * extcrypt_extent_load_batch loads `n` extents of one inode and profile in
 * one call: entry i is what extcrypt_extent_load(inode, profile, ctxs[i],
 * ctx_lens[i], &out[i]) gives, with the same checks, the same status and
 * the same key, but the extent keys are derived several at a time (a
 * multi-buffer SHA-512 on CPUs with AVX2 or AVX-512), which costs a
 * fraction of a single load per key in batches of 8 or more.  Use it when
 * many extents are opened together: fragmented files, scans, restores.
 *
 * Arguments: `ctxs` and `ctx_lens` hold the n stored contexts and their
 * lengths; `out` and `statuses` are arrays of n the call fills.  Every
 * entry is independent: a context that fails its checks (or an entry that
 * runs out of locked memory) gets its status in statuses[i] and NULL in
 * out[i], and the other entries still load.  A successful entry gets
 * EXTCRYPT_OK and a new object in out[i], owned by the caller (free each
 * with extcrypt_extent_free).  No object of a failed entry is left
 * allocated, and no partially set-up object is ever returned.
 *
 * Returns EXTCRYPT_OK if all n entries loaded (n = 0 included).
 * Otherwise the status of the lowest-index entry that failed, with
 * extcrypt_last_error() naming that entry ("entry 3: ..."); the successful
 * entries are loaded all the same, and the caller owns them.  Errors of
 * the call itself, reported in the return value and in every statuses[i]
 * with every out[i] = NULL: EXTCRYPT_E_INVALID (NULL inode, ctxs or
 * ctx_lens; unknown profile), EXTCRYPT_E_EXTENT_POLICY.  If `out` or
 * `statuses` is NULL (with n > 0), EXTCRYPT_E_INVALID and nothing is
 * written.  Per-entry statuses: those of extcrypt_extent_load
 * (EXTCRYPT_E_INVALID for a NULL ctxs[i], EXTCRYPT_E_CONTEXT,
 * EXTCRYPT_E_KEY_MISMATCH, EXTCRYPT_E_MODE_MISMATCH, EXTCRYPT_E_NOMEM).
 *
 * The derived keys and intermediate hash states stay in locked memory or
 * in scratch that is wiped before return.  Thread-safe (the arrays must
 * not be shared with a concurrent call).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_load_batch(const extcrypt_inode *inode,
					    int profile,
					    const uint8_t *const ctxs[],
					    const size_t ctx_lens[], size_t n,
					    extcrypt_extent *out[],
					    int statuses[]);

/*
 * extcrypt_extent_context writes the extent's context (the profile's size)
 * to `out` (room for `out_cap` bytes) and its size to `*out_len`.
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID or EXTCRYPT_E_OUTPUT_SPACE
 * (nothing written).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_context(const extcrypt_extent *extent,
					 uint8_t *out, size_t out_cap,
					 size_t *out_len);

/*
 * extcrypt_extent_nonce copies the extent's 16-byte nonce to `out`.
 * Returns EXTCRYPT_OK or EXTCRYPT_E_INVALID (NULL; nothing written).
 * Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_nonce(const extcrypt_extent *extent,
				       uint8_t out[EXTCRYPT_NONCE_SIZE]);

/* extcrypt_extent_profile returns the extent's profile, or 0 for NULL
 * (which also sets the thread's last error).  Since 1.0. */
EXTCRYPT_API int extcrypt_extent_profile(const extcrypt_extent *extent);

/*
 * extcrypt_extent_data_unit_size returns the data unit size (that of the
 * inode it was made from), or 0 for NULL (which also sets the thread's
 * last error).  Since 1.0.
 */
EXTCRYPT_API uint32_t extcrypt_extent_data_unit_size(const extcrypt_extent *extent);

/*
 * extcrypt_extent_encrypt encrypts `len` bytes (whole data units) from
 * `src` to `dst`; the first unit has extent-relative index `first_unit`
 * (byte offset in the extent / data unit size).  IV = le64(index) || 0.
 * If `cb` is not NULL it sees each unit's ciphertext right after the unit
 * is produced; if it rejects one, the call fails with EXTCRYPT_E_REJECTED
 * and no half-written output is left: out of place, `dst` is zeroed; in
 * place, the plaintext is restored.
 *
 * Other errors leave `dst` untouched: EXTCRYPT_E_INVALID,
 * EXTCRYPT_E_ALIGNMENT, EXTCRYPT_E_RANGE.  In place or out of place (no
 * other overlap); any alignment.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_encrypt(const extcrypt_extent *extent,
					 uint64_t first_unit,
					 const uint8_t *src, uint8_t *dst,
					 size_t len, extcrypt_unit_callback cb,
					 void *cb_arg);

/*
 * extcrypt_extent_decrypt decrypts like extcrypt_extent_encrypt.  If `cb`
 * is not NULL, src is read exactly once: units are copied in batches of
 * up to 16 KiB (at least one unit) into a private buffer, the callback sees each unit of the
 * copy, and the batch is decrypted from that copy (see
 * extcrypt_unit_callback).  If the callback rejects a unit, the call fails
 * with EXTCRYPT_E_REJECTED and no plaintext is left anywhere: out of
 * place, the units already decrypted (earlier batches) are zeroed and the
 * rest of `dst` is untouched; in place, the ciphertext the callback saw is
 * put back.  Within one batch (a call of at most 16 KiB, or one unit if
 * units are larger) every unit is seen before any plaintext is written.
 * With `cb` and units over 16 KiB, EXTCRYPT_E_NOMEM is possible (the
 * copy).  Since 1.0.
 */
EXTCRYPT_API int extcrypt_extent_decrypt(const extcrypt_extent *extent,
					 uint64_t first_unit,
					 const uint8_t *src, uint8_t *dst,
					 size_t len, extcrypt_unit_callback cb,
					 void *cb_arg);

/*
 * extcrypt_extent_free wipes and frees `extent`; NULL is a no-op.
 * Since 1.0.
 */
EXTCRYPT_API void extcrypt_extent_free(extcrypt_extent *extent);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_EXTENT_H */
