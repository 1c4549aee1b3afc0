/* SPDX-License-Identifier: MIT */
/*
 * ext4.h - offline read access to encrypted ext4 images (libextcrypt-ext4).
 *
 * An optional component, built on e2fsprogs' libext2fs, in its own shared
 * library (libextcrypt-ext4.so.1, pkg-config "extcrypt-ext4") so that the
 * core library keeps its small dependency set.  It opens an ext4 image
 * read-only and, with the master keys the caller adds, lists directories
 * with their names decrypted, reads files and symlink targets as plaintext.
 * Without a key it shows what Linux shows in a locked directory: the
 * no-key names.  docs/ext4.md describes every on-disk piece it reads.
 *
 * Images are untrusted input: every structure is bounds-checked, and a
 * failure returns a status with a per-thread message that names the inode
 * and the problem (extcrypt_ext4_last_error).  Nothing is ever written to
 * the image.
 *
 * Status codes: the core's EXTCRYPT_E_* (error.h) plus the EXTCRYPT_EXT4_E_*
 * below, which never collide with them.
 *
 * Thread safety: an extcrypt_ext4 object is not thread-safe (libext2fs's
 * filesystem handle is not); use one per thread, or serialise.  Distinct
 * objects are independent.
 */
#ifndef EXTCRYPT_EXT4_H
#define EXTCRYPT_EXT4_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(EXTCRYPT_EXT4_BUILDING_LIBRARY) && defined(__GNUC__)
#define EXTCRYPT_EXT4_API __attribute__((visibility("default")))
#else
#define EXTCRYPT_EXT4_API
#endif

/* Status codes of this component (in addition to the core's). */
enum extcrypt_ext4_status {
	/* Reading the image failed (I/O error, truncated image). */
	EXTCRYPT_EXT4_E_IO = -100,
	/* An on-disk structure is inconsistent (the message says which). */
	EXTCRYPT_EXT4_E_CORRUPT = -101,
	/* The inode is encrypted and no added key matches its policy. */
	EXTCRYPT_EXT4_E_NOKEY = -102,
	/* No such file or directory. */
	EXTCRYPT_EXT4_E_NOENT = -103,
	/* The inode has the wrong type for this call (a directory was
	 * expected, or a regular file, or a symlink). */
	EXTCRYPT_EXT4_E_TYPE = -104,
	/* Not an ext2/3/4 image, or it uses a feature this reader cannot
	 * read safely. */
	EXTCRYPT_EXT4_E_FORMAT = -105,
};

/* The root directory's inode number. */
#define EXTCRYPT_EXT4_ROOT_INO 2

/* An open image.  Opaque. */
typedef struct extcrypt_ext4 extcrypt_ext4;

/*
 * extcrypt_ext4_open opens the ext2/3/4 image (or block device) `path`
 * read-only with libext2fs.
 *
 * Returns EXTCRYPT_OK and a new object in `*out`, or with `*out` = NULL:
 * EXTCRYPT_E_INVALID (NULL argument), EXTCRYPT_EXT4_E_FORMAT (not an ext
 * filesystem, bad superblock or group descriptors), EXTCRYPT_EXT4_E_IO,
 * EXTCRYPT_E_NOMEM.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_open(const char *path,
					 extcrypt_ext4 **out);

/*
 * extcrypt_ext4_close closes the image and wipes and frees every key added
 * to it.  NULL is a no-op.  Since 1.0.
 */
EXTCRYPT_EXT4_API void extcrypt_ext4_close(extcrypt_ext4 *fs);

/*
 * extcrypt_ext4_add_key makes the raw master key `raw` (`len` bytes,
 * 16..64) available to every later call on `fs`.  It serves v2 policies
 * whose key identifier is the key's (HKDF context 1) and v1 policies whose
 * descriptor is the key's conventional one (the first 8 bytes of
 * SHA-512(SHA-512(key)); Linux lets userspace choose any 8 bytes, e4crypt
 * and google/fscrypt use this).  `raw` is not retained (the derived state lives
 * in locked memory); the caller may wipe it.  Adding the same key twice is
 * harmless.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, EXTCRYPT_E_KEY_SIZE or
 * EXTCRYPT_E_NOMEM.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_add_key(extcrypt_ext4 *fs,
					    const uint8_t *raw, size_t len);

/* extcrypt_ext4_block_size returns the filesystem block size in bytes, or
 * 0 for NULL.  Since 1.0. */
EXTCRYPT_EXT4_API uint32_t extcrypt_ext4_block_size(const extcrypt_ext4 *fs);

/* Bits of extcrypt_ext4_stat.flags. */
#define EXTCRYPT_EXT4_ENCRYPTED 0x01 /* EXT4_ENCRYPT_FL */
#define EXTCRYPT_EXT4_HAS_KEY 0x02   /* encrypted, and a matching key added */
#define EXTCRYPT_EXT4_CASEFOLD 0x04  /* EXT4_CASEFOLD_FL (directories) */
#define EXTCRYPT_EXT4_INDEXED 0x08   /* an htree (dx) directory */

/* What extcrypt_ext4_stat reports about an inode. */
struct extcrypt_ext4_stat {
	uint64_t ino;
	uint32_t mode; /* type and permission bits, as st_mode */
	uint32_t uid, gid;
	uint32_t links;
	uint32_t flags; /* EXTCRYPT_EXT4_ENCRYPTED etc. */
	uint64_t size;	/* i_size: the plaintext size */
	int64_t atime, mtime, ctime;
	uint32_t atime_nsec, mtime_nsec, ctime_nsec;
	/* For encrypted inodes: the policy's key identifier (16 bytes, v2)
	 * or descriptor (8 bytes, v1); key_id_len is 0 otherwise. */
	uint8_t key_id[EXTCRYPT_KEY_IDENTIFIER_SIZE];
	uint8_t key_id_len;
	/* Character and block devices: the device number, decoded from
	 * either of ext4's encodings in i_block; 0 for other types. */
	uint32_t rdev_major, rdev_minor;
};

/*
 * extcrypt_ext4_stat fills `*st` for inode `ino`.  An encrypted inode's
 * context is read and validated (so a bad context is reported here).
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, EXTCRYPT_EXT4_E_NOENT (inode
 * number out of range or unused), EXTCRYPT_EXT4_E_CORRUPT,
 * EXTCRYPT_E_CONTEXT, EXTCRYPT_EXT4_E_IO.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_stat(extcrypt_ext4 *fs, uint64_t ino,
					 struct extcrypt_ext4_stat *st);

/*
 * extcrypt_ext4_get_context copies the raw encryption context of inode
 * `ino` (the xattr with index 9 and name "c": 28 bytes for v1, 40 for v2)
 * to `out` (room for `out_cap` bytes) and its size to `*out_len`.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, EXTCRYPT_EXT4_E_TYPE (the inode
 * is not encrypted), EXTCRYPT_E_CONTEXT (missing, or not 28/40 bytes with
 * the matching version), EXTCRYPT_E_OUTPUT_SPACE, EXTCRYPT_EXT4_E_CORRUPT
 * (the xattr area is inconsistent), EXTCRYPT_EXT4_E_IO.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_get_context(extcrypt_ext4 *fs,
						uint64_t ino, uint8_t *out,
						size_t out_cap, size_t *out_len);

/* Bits of extcrypt_ext4_dirent.flags. */
#define EXTCRYPT_EXT4_DIRENT_NOKEY 0x01 /* name is a no-key name */
/* With EXTCRYPT_EXT4_ITER_CHECK_PADDING: the decrypted name is not what
 * Linux would have stored (padding bytes not NUL, or a ciphertext length
 * other than the policy's padding gives). */
#define EXTCRYPT_EXT4_DIRENT_BAD_PADDING 0x02
/* With EXTCRYPT_EXT4_ITER_CHECK_PADDING, in a casefold + encrypt directory:
 * the stored {hash, minor_hash} is not the SipHash of the casefolded name
 * (Linux's lookups compare it first, so the entry cannot be found). */
#define EXTCRYPT_EXT4_DIRENT_BAD_HASH 0x04

/* One directory entry, as passed to an extcrypt_ext4_dirent_fn. */
struct extcrypt_ext4_dirent {
	uint64_t ino;
	uint8_t file_type; /* the dirent's type: 1 file, 2 dir, 7 symlink ... */
	uint32_t flags;	   /* EXTCRYPT_EXT4_DIRENT_NOKEY */
	/* The name as Linux shows it: plaintext, or the no-key name.
	 * NUL-terminated for convenience; may itself contain any byte but
	 * NUL and '/' only if the image is consistent. */
	const char *name;
	size_t name_len;
	/* The name as stored (ciphertext in an encrypted directory). */
	const uint8_t *disk_name;
	size_t disk_name_len;
	/* The htree hashes the no-key name carries (0 in linear dirs). */
	uint32_t hash, minor_hash;
};

/*
 * Called once per entry.  Return 0 to go on, anything else to stop: the
 * iteration then returns that value.  The entry and its strings are valid
 * during the call only.
 */
typedef int (*extcrypt_ext4_dirent_fn)(void *arg,
				       const struct extcrypt_ext4_dirent *ent);

/* Flags of extcrypt_ext4_dir_iterate. */
#define EXTCRYPT_EXT4_ITER_NOKEY 0x01 /* no-key names even with a key */
/* Re-encrypt each decrypted name and flag entries whose ciphertext differs
 * (EXTCRYPT_EXT4_DIRENT_BAD_PADDING), and in casefold + encrypt directories
 * recompute the stored hash (EXTCRYPT_EXT4_DIRENT_BAD_HASH; not checked for
 * a non-ASCII name when libext2fs's casefolding is unusable); for
 * verification, costs one more encryption (and hash) per name. */
#define EXTCRYPT_EXT4_ITER_CHECK_PADDING 0x02

/*
 * extcrypt_ext4_dir_iterate calls `fn` for every entry of directory `ino`
 * except "." and "..", in on-disk order.  In an encrypted directory the
 * names are decrypted when a matching key was added (unless `flags` has
 * EXTCRYPT_EXT4_ITER_NOKEY); otherwise they are the no-key names Linux
 * shows: base64url of {hash, minor hash, ciphertext} (long names: the
 * first 149 bytes and a SHA-256 of the rest), where the hashes are the
 * htree hash of the ciphertext name in a directory Linux reads through
 * its htree code (indexed, or one block long), the hash stored in the
 * entry for casefold+encrypt, and 0 otherwise.
 *
 * Returns EXTCRYPT_OK, the first non-zero value `fn` returned (positive
 * values are the caller's; negative ones should be status codes), or
 * EXTCRYPT_E_INVALID, EXTCRYPT_EXT4_E_TYPE (not a directory),
 * EXTCRYPT_EXT4_E_CORRUPT (a bad entry or block; the message names the
 * inode, block and offset), EXTCRYPT_E_BAD_NAME (a ciphertext name shorter
 * than 16 bytes, or one that decrypts to nothing), EXTCRYPT_EXT4_E_IO,
 * EXTCRYPT_E_NOMEM, and the core's errors for the directory's context
 * (EXTCRYPT_E_CONTEXT, EXTCRYPT_E_POLICY, EXTCRYPT_E_KEY_SIZE,
 * EXTCRYPT_E_UNSUPPORTED).  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_dir_iterate(extcrypt_ext4 *fs,
						uint64_t ino, unsigned flags,
						extcrypt_ext4_dirent_fn fn,
						void *arg);

/*
 * extcrypt_ext4_lookup finds `name` (`name_len` bytes) in directory `dir`:
 * by plaintext name when the directory's key is known, else by no-key
 * name, as Linux does.  In a casefolded directory a plaintext name also
 * matches an entry that casefolds to the same bytes (Linux's UTF-8 NFD and
 * case folding, ext2fs_casefold_cmp; an exact match is preferred); no-key
 * names and names that are not valid UTF-8 match only exactly.  The inode
 * number goes to `*ino`.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_EXT4_E_NOENT, or the errors of
 * extcrypt_ext4_dir_iterate.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_lookup(extcrypt_ext4 *fs, uint64_t dir,
					   const char *name, size_t name_len,
					   uint64_t *ino);

/*
 * extcrypt_ext4_resolve resolves the '/'-separated `path` from the root
 * directory (leading, repeated and trailing '/' are ignored; "." stays, ".."
 * goes up; symlinks are not followed) to an inode number in `*ino`.
 * Components in encrypted directories without a key are no-key names.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_EXT4_E_NOENT, EXTCRYPT_EXT4_E_TYPE (a
 * component before the last is not a directory), or the errors of
 * extcrypt_ext4_lookup.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_resolve(extcrypt_ext4 *fs,
					    const char *path, uint64_t *ino);

/*
 * extcrypt_ext4_read reads up to `len` bytes of the plaintext of regular
 * file `ino` from byte `offset` into `buf`; the count goes to `*nread`
 * (less than `len` only at the end of the file, 0 at or past it).  Holes
 * and unwritten extents read as zeros and are never decrypted; encrypted
 * data is decrypted one whole data unit at a time, with the data unit's
 * index in the file as IV (and the inode number for IV_INO_LBLK_*
 * policies).
 *
 * Returns EXTCRYPT_OK, or with `*nread` = 0 and `buf` possibly partly
 * written: EXTCRYPT_E_INVALID, EXTCRYPT_EXT4_E_TYPE (not a regular file),
 * EXTCRYPT_EXT4_E_NOKEY (with the key identifier in the message),
 * EXTCRYPT_EXT4_E_CORRUPT (a block outside the filesystem, a bad extent
 * tree), EXTCRYPT_EXT4_E_IO, EXTCRYPT_E_NOMEM, and the core's errors for
 * the context (EXTCRYPT_E_CONTEXT, EXTCRYPT_E_POLICY,
 * EXTCRYPT_E_UNSUPPORTED).  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_read(extcrypt_ext4 *fs, uint64_t ino,
					 uint64_t offset, void *buf, size_t len,
					 size_t *nread);

/*
 * extcrypt_ext4_next_data finds where the data of regular file `ino` lies
 * at or after byte `offset`, as lseek's SEEK_DATA/SEEK_HOLE would: on
 * success `*data` is the start of the next data block region (the file
 * size if none) and `*data_end` the end of that region (block aligned, at
 * most the file size).  Unwritten extents count as holes.  For extracting
 * sparse files without reading their holes.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, EXTCRYPT_EXT4_E_TYPE,
 * EXTCRYPT_EXT4_E_CORRUPT, EXTCRYPT_EXT4_E_IO.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_next_data(extcrypt_ext4 *fs, uint64_t ino,
					      uint64_t offset, uint64_t *data,
					      uint64_t *data_end);

/*
 * extcrypt_ext4_readlink reads the target of symlink `ino` (fast or slow)
 * into `out` (room for `out_cap` bytes; 4096 always suffices), its length
 * into `*out_len`; no NUL is added.  An encrypted target ({le16 len;
 * ciphertext}) is decrypted with a matching key; without one the result
 * is the no-key form Linux shows (base64url of {0, 0, ciphertext}).
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, EXTCRYPT_EXT4_E_TYPE,
 * EXTCRYPT_EXT4_E_CORRUPT (a length field that lies, a size out of range,
 * a target that decrypts to nothing), EXTCRYPT_E_OUTPUT_SPACE,
 * EXTCRYPT_EXT4_E_IO, and the core's errors for the context.
 * Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_readlink(extcrypt_ext4 *fs, uint64_t ino,
					     uint8_t *out, size_t out_cap,
					     size_t *out_len);

/*
 * extcrypt_ext4_strerror describes `status` (this component's codes and
 * the core's).  Never NULL.  Thread-safe.  Since 1.0.
 */
EXTCRYPT_EXT4_API const char *extcrypt_ext4_strerror(int status);

/*
 * extcrypt_ext4_last_error returns the detail message of the calling
 * thread's most recent failing call into this component, e.g. "inode 14:
 * extent maps block 99999 outside the filesystem (8192 blocks)"; "" if
 * none.  The pointer stays valid until the thread's next call.
 * Since 1.0.
 */
EXTCRYPT_EXT4_API const char *extcrypt_ext4_last_error(void);

#ifdef __cplusplus
}
#endif

/* The image builder (write side). */
#include "ext4_build.h"

#endif /* EXTCRYPT_EXT4_H */
