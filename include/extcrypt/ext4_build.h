/* SPDX-License-Identifier: MIT */
/*
 * ext4_build.h - build fscrypt-encrypted ext4 images offline
 * (libextcrypt-ext4).
 *
 * An image builder (mkosi, debos, wic, test-fixture generators) creates
 * an empty ext4 image with mke2fs, opens it with extcrypt_ext4_build_open,
 * and adds directories, files, symlinks, device nodes and hard links.  A
 * directory made with a policy becomes an encryption root; everything
 * created under it inherits the policy with its own fresh nonce, exactly
 * as the Linux kernel does when files are created in an unlocked
 * directory: the 40-byte context as the first in-inode xattr (index 9,
 * name "c"), EXT4_ENCRYPT_FL, contents encrypted per data unit (IV = data
 * unit index, holes stay holes), names encrypted and padded per policy,
 * symlink targets stored as {__le16 len; ciphertext}.  Special files
 * (devices, FIFOs, sockets) have encrypted names but no context, as in the
 * kernel.  Encrypted inodes never use inline data.
 *
 * What is written: directories made by the builder are kept in memory
 * and written (linear, unindexed; Linux indexes them when it adds to them)
 * by extcrypt_ext4_build_commit, which also flushes the bitmaps and the
 * superblock.  Entries added to a directory that already was on the image
 * (the root, for instance) go through libext2fs at once; such a directory
 * must not be encrypted.  Until the commit the image is not consistent:
 * build into a temporary file and rename it (as `extcrypt ext4 build`
 * does) so that a failure leaves nothing half-written.
 *
 * Names are byte strings of 1..255 bytes without '/' or NUL; "." and ".."
 * are refused.  Inode numbers are uint64_t (ext4 uses 32 bits).
 *
 * Errors: every function returns EXTCRYPT_OK or a negative status: the
 * core's EXTCRYPT_E_* (error.h), the read side's EXTCRYPT_EXT4_E_* (IO,
 * CORRUPT, NOENT, TYPE, FORMAT) or the two below.  The message of the
 * failure (naming the inode or name) is extcrypt_ext4_last_error().  After
 * a failure the builder may still be freed; whether it can go on depends
 * on the error (argument errors leave it unchanged; I/O and space errors
 * leave the image in an undefined state).
 *
 * Thread safety: a builder is not thread-safe (libext2fs's handle is not);
 * distinct builders are independent.
 */
#ifndef EXTCRYPT_EXT4_BUILD_H
#define EXTCRYPT_EXT4_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef EXTCRYPT_EXT4_API
#if defined(EXTCRYPT_EXT4_BUILDING_LIBRARY) && defined(__GNUC__)
#define EXTCRYPT_EXT4_API __attribute__((visibility("default")))
#else
#define EXTCRYPT_EXT4_API
#endif
#endif

/* Status codes of the builder (besides the core's and the read side's). */
enum extcrypt_ext4_build_status {
	/* The directory already has an entry of that name. */
	EXTCRYPT_EXT4_E_EXIST = -110,
	/* The image has no free block or inode left. */
	EXTCRYPT_EXT4_E_NOSPC = -111,
};

/* The root directory's inode number. */
#ifndef EXTCRYPT_EXT4_ROOT_INO
#define EXTCRYPT_EXT4_ROOT_INO 2
#endif

/* An image open for building.  Opaque. */
typedef struct extcrypt_ext4_builder extcrypt_ext4_builder;

/*
 * Bits of extcrypt_ext4_build_attr.flags.  EXTCRYPT_EXT4_BUILD_CASEFOLD
 * (directories only; the image needs the casefold feature, mke2fs -O
 * casefold) makes a casefolded directory, as `chattr +F` on an empty one:
 * lookups ignore case, and subdirectories inherit it.  In an encrypted
 * casefolded directory each entry stores the SipHash of its casefolded
 * name (the directory's dirhash key) after the name, and the htree uses
 * it.  Names in casefolded directories are casefolded exactly as Linux
 * does (UTF-8, Unicode 12.1 NFD and full case folding, through
 * libext2fs's tables) and must be valid under ext4's strict encoding rules
 * (well-formed UTF-8), else EXTCRYPT_E_BAD_NAME.
 * Non-ASCII names need libext2fs 1.46.0 to 1.47.x, whose private
 * casefolding the library checks before it uses it; with any other
 * version they are EXTCRYPT_E_UNSUPPORTED (ASCII names always work).
 */
#define EXTCRYPT_EXT4_BUILD_CASEFOLD 0x01u

/*
 * Owner, permissions, times and flags of a new inode.  `mode` holds the
 * permission bits (07777); the file type comes from the call
 * (extcrypt_ext4_build_mknod takes it from `mode`).  Times are seconds
 * since the epoch (ext4 stores 34 bits) and nanoseconds.  `flags`:
 * EXTCRYPT_EXT4_BUILD_* bits, 0 for none.
 */
struct extcrypt_ext4_build_attr {
	uint32_t mode;
	uint32_t uid, gid;
	int64_t atime, mtime, ctime;
	uint32_t atime_nsec, mtime_nsec, ctime_nsec;
	uint32_t flags;
};

/*
 * extcrypt_ext4_build_open opens the ext4 image `path` (a file or block
 * device, typically fresh from mke2fs) read-write for building.  The
 * image needs 256-byte (or larger) inodes, extents and the filetype
 * feature; the builder turns on `encrypt` (and `stable_inodes` for
 * IV_INO_LBLK policies) when a policy is first used.
 *
 * Returns EXTCRYPT_OK and a new builder in `*out` (free it with
 * extcrypt_ext4_build_commit or extcrypt_ext4_build_free), or with
 * `*out` = NULL: EXTCRYPT_E_INVALID, EXTCRYPT_EXT4_E_FORMAT (not ext4, or
 * a feature the builder cannot write: 128-byte inodes, no extents,
 * bigalloc), EXTCRYPT_EXT4_E_IO, EXTCRYPT_E_NOMEM.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_open(const char *path,
					       extcrypt_ext4_builder **out);

/*
 * extcrypt_ext4_build_add_key makes the raw master key `raw` (`len`
 * bytes, 16..64) available to extcrypt_ext4_build_mkdir policies naming
 * its identifier, which is written to `identifier`
 * (EXTCRYPT_KEY_IDENTIFIER_SIZE bytes) unless it is NULL.  The builder
 * keeps the derived state in locked memory and wipes it when freed; `raw`
 * is not retained.
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_E_INVALID, EXTCRYPT_E_KEY_SIZE or
 * EXTCRYPT_E_NOMEM.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_add_key(extcrypt_ext4_builder *b,
						  const uint8_t *raw,
						  size_t len,
						  uint8_t *identifier);

/*
 * extcrypt_ext4_build_mkdir creates the directory `name` (`name_len`
 * bytes) in the directory `parent` with the attributes `attr`.
 *
 * `policy` (v2; not retained) makes the new, empty directory an
 * encryption root, as FS_IOC_SET_ENCRYPTION_POLICY does; its key must have
 * been added, and the parent must not be encrypted.  With `policy` NULL
 * the directory inherits its parent's policy, or is plaintext under a
 * plaintext parent.
 *
 * Returns EXTCRYPT_OK and the new inode number in `*ino` (may be NULL), or
 * EXTCRYPT_E_INVALID (bad name or argument), EXTCRYPT_E_NAME_TOO_LONG,
 * EXTCRYPT_EXT4_E_EXIST, EXTCRYPT_EXT4_E_NOENT / E_TYPE (no such parent
 * directory), EXTCRYPT_E_POLICY (the policy does not fit this filesystem,
 * or a policy under an encrypted parent), EXTCRYPT_EXT4_E_NOKEY (its key
 * was not added), EXTCRYPT_E_UNSUPPORTED (adding to an encrypted directory
 * that was on the image before), EXTCRYPT_EXT4_E_NOSPC,
 * EXTCRYPT_EXT4_E_IO, EXTCRYPT_E_NOMEM.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_mkdir(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	const extcrypt_policy *policy, uint64_t *ino);

/*
 * extcrypt_ext4_build_file creates the regular file `name` in `parent`
 * holding the `size` bytes at `data` (NULL allowed when `size` is 0),
 * encrypted if the parent is.  Every block is written (no holes).
 *
 * Returns EXTCRYPT_OK and the inode number in `*ino` (may be NULL), or the
 * errors of extcrypt_ext4_build_mkdir (without the policy ones) and
 * EXTCRYPT_E_RANGE (larger than ext4 or the policy allows).  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_file(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	const void *data, uint64_t size, uint64_t *ino);

/*
 * extcrypt_ext4_build_file_fd is extcrypt_ext4_build_file with the
 * contents read from the regular file `fd` (from offset 0, with pread; the
 * caller keeps `fd`).  The holes SEEK_DATA/SEEK_HOLE report stay holes.
 * The size is fixed by fstat at the call.  The file shrank if a read
 * ends before that size; it grew if, after the last read, a byte can be
 * read at that size or fstat reports another size.  Either fails with
 * EXTCRYPT_EXT4_E_IO ("changed size while being read"), as does a read
 * error (the message has strerror's text); the file is then not linked
 * into `parent` and the build should be abandoned (its inode and blocks
 * stay allocated).  Changes that keep the size are not detected: each
 * byte is read once.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_file_fd(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr, int fd,
	uint64_t *ino);

/*
 * extcrypt_ext4_build_symlink creates the symbolic link `name` in
 * `parent` pointing to `target` (`target_len` bytes, no NUL).  In an
 * encrypted directory the target is encrypted with the link's own key and
 * stored as {__le16 len; ciphertext}; a target that fits the inode's 60
 * bytes is a fast symlink, others take one block.
 *
 * Returns the errors of extcrypt_ext4_build_mkdir and
 * EXTCRYPT_E_NAME_TOO_LONG (the stored target would not fit one block, the
 * kernel's ENAMETOOLONG).  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_symlink(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	const char *target, size_t target_len, uint64_t *ino);

/*
 * extcrypt_ext4_build_mknod creates a character or block device, FIFO or
 * socket: the type bits of `attr->mode` (S_IFCHR, S_IFBLK, S_IFIFO,
 * S_IFSOCK) select which, `rdev` is the device number (Linux encoding,
 * major/minor as makedev) for devices.  Its name is encrypted in an
 * encrypted directory; the inode itself is not (the kernel's rule).
 *
 * Returns the errors of extcrypt_ext4_build_mkdir.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_mknod(
	extcrypt_ext4_builder *b, uint64_t parent, const char *name,
	size_t name_len, const struct extcrypt_ext4_build_attr *attr,
	uint64_t rdev, uint64_t *ino);

/*
 * extcrypt_ext4_build_link adds the name `name` in `parent` for the
 * existing non-directory inode `target` and raises its link count.  In an
 * encrypted directory the target must be encrypted with the same policy,
 * or be a special file (the kernel's EXDEV rule).
 *
 * Returns the errors of extcrypt_ext4_build_mkdir, EXTCRYPT_EXT4_E_TYPE
 * (a directory), EXTCRYPT_E_POLICY (another policy).  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_link(extcrypt_ext4_builder *b,
					       uint64_t parent,
					       const char *name,
					       size_t name_len,
					       uint64_t target);

/*
 * One extended attribute for extcrypt_ext4_build_set_xattrs: `name` is
 * the full name with its namespace prefix as getxattr(2) takes it
 * ("user.mime_type", "trusted.x", "security.selinux",
 * "system.posix_acl_access", "system.posix_acl_default"), NUL-terminated;
 * `value` holds `value_len` bytes (NULL allowed when 0).  The POSIX ACL
 * names take the value getxattr(2) returns (the VFS format, version 2);
 * the builder stores it in ext4's compact format as the kernel does.
 */
struct extcrypt_ext4_build_xattr {
	const char *name;
	const void *value;
	size_t value_len;
};

/*
 * extcrypt_ext4_build_set_xattrs gives the inode `ino` (any type the
 * builder made, encrypted or not, or a plaintext inode of the image) the
 * `n` extended attributes `xattrs` (not retained), replacing those it had
 * (the encryption context stays: it is not an attribute one can set).
 * As the kernel lays them out: the in-inode area first (after the
 * context; in name order, each that still fits), the rest in one
 * external xattr block (entries sorted, hashed, block checksum with
 * metadata_csum).  fscrypt does not encrypt xattrs: names and values are
 * stored in plaintext, in encrypted inodes too.  Values in separate EA
 * inodes (ea_inode) are not written.
 *
 * Names map to the kernel's indexes: "user." 1, "system.posix_acl_access"
 * 2, "system.posix_acl_default" 3, "trusted." 4, "security." 6; the part
 * after the prefix is 1..255 bytes (empty for the ACL names).
 *
 * Returns EXTCRYPT_OK, or EXTCRYPT_E_INVALID (NULL argument, a name
 * without a known prefix or with an empty or over-long rest, a malformed
 * ACL), EXTCRYPT_EXT4_E_EXIST (a name given twice), EXTCRYPT_E_RANGE (the
 * attributes do not fit the inode and one block: the message gives the
 * sizes), EXTCRYPT_E_UNSUPPORTED (other "system." names; an inode with
 * inline data or an encrypted inode the builder did not make),
 * EXTCRYPT_EXT4_E_NOENT (no such inode), EXTCRYPT_EXT4_E_NOSPC,
 * EXTCRYPT_EXT4_E_IO, EXTCRYPT_E_NOMEM.  On error the inode is unchanged
 * (unless the error is I/O).  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_set_xattrs(
	extcrypt_ext4_builder *b, uint64_t ino,
	const struct extcrypt_ext4_build_xattr *xattrs, size_t n);

/*
 * extcrypt_ext4_build_commit writes the directories made by the builder,
 * the bitmaps, group descriptors and superblock, closes the image and
 * frees `b` (whatever the result).
 *
 * Returns EXTCRYPT_OK, EXTCRYPT_EXT4_E_NOSPC, EXTCRYPT_EXT4_E_IO,
 * EXTCRYPT_E_NOMEM.  NULL is EXTCRYPT_E_INVALID.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_build_commit(extcrypt_ext4_builder *b);

/*
 * extcrypt_ext4_build_free abandons a build: frees `b` and wipes its keys
 * without writing the pending directories or the metadata.  The image is
 * then not a consistent filesystem: delete it.  NULL is a no-op.
 * Since 1.0.
 */
EXTCRYPT_EXT4_API void extcrypt_ext4_build_free(extcrypt_ext4_builder *b);

/* ---- Copying an encrypted subtree without its key ---------------------- */

/* What extcrypt_ext4_copy copied (or, as the progress total, will copy). */
struct extcrypt_ext4_copy_stats {
	uint64_t directories, files, symlinks, special;
	uint64_t hard_links; /* further names of an inode already copied */
	uint64_t encrypted;  /* inodes copied with their encryption context */
	uint64_t kept_inode_numbers; /* IV_INO_LBLK_* inodes */
	uint64_t bytes;	     /* data blocks copied, in bytes */
};

/* Called after every file and every few hundred KiB: what was copied so
 * far and the totals.  Must not call into `src` or the destination. */
typedef void (*extcrypt_ext4_copy_progress_fn)(
	void *arg, const struct extcrypt_ext4_copy_stats *done,
	const struct extcrypt_ext4_copy_stats *total);

/* Flags of extcrypt_ext4_copy: write into `dest_image` itself instead of a
 * temporary copy renamed over it (always so for block devices). */
#define EXTCRYPT_EXT4_COPY_IN_PLACE 0x01u

struct extcrypt_ext4;

/*
 * extcrypt_ext4_copy copies the directory `path` of the image `src` (open
 * with extcrypt_ext4_open; no key is needed, none is used) into the ext4
 * image `dest_image` as the directory `dest_dir`, so that Linux unlocks
 * and reads it there with the same master keys.  `path` is resolved as by
 * extcrypt_ext4_resolve (no-key names in locked directories); `dest_dir`
 * is an absolute path of plaintext names: it is created (its parent must
 * exist and be a plaintext, non-casefolded directory) or is an existing
 * empty directory without extended attributes.  Afterwards `dest_dir`
 * holds what `path` holds, with `path`'s mode, owner, times, encryption
 * context and casefold flag.
 *
 * Encrypted inodes are copied as ciphertext: data blocks at the same
 * logical blocks (holes stay holes, i_size kept), the context byte for
 * byte as the first in-inode xattr, names as their ciphertext, the
 * casefold+encrypt hash stored in each entry, symlink targets as stored.
 * Directories are rewritten (an htree over the ciphertext names, hashed
 * with the destination's seed, where they outgrow a block).  Plaintext
 * inodes are copied as they are.  Hard links inside the subtree stay hard
 * links (their link count is the number of names inside it).  Mode,
 * owner, times and device numbers are kept; other xattrs and inode flags
 * are not.  Inodes of IV_INO_LBLK_64/32 policies keep their inode numbers
 * (the IVs contain them), which must be free in the destination, whose
 * UUID must be the source's (their keys are derived from it); the
 * destination gets the `encrypt` feature, and `stable_inodes` for them.
 *
 * Every check (the whole subtree readable, block size, casefold encoding,
 * UUID, inode numbers, free blocks and inodes, `dest_dir`) is made before
 * anything is written.  A regular-file destination is then copied to a
 * temporary file beside it (a reflink where the filesystem can, else a
 * sparse copy), written, synced and renamed over `dest_image`, so that a
 * failure leaves `dest_image` as it was; with EXTCRYPT_EXT4_COPY_IN_PLACE,
 * or a block device, the copy writes in place and a failure midway (an
 * I/O error) leaves the destination to e2fsck.  The destination must not
 * be mounted, and is refused in place when it is the source image (a copy
 * within one image goes through the temporary copy).
 *
 * `progress` (may be NULL) is called with `arg` as the copy goes; `stats`
 * (may be NULL) receives what was copied.
 *
 * Returns EXTCRYPT_OK, or with the destination unchanged (but see above):
 * EXTCRYPT_E_INVALID (NULL argument, unknown flag, a relative `dest_dir`),
 * EXTCRYPT_EXT4_E_NOENT (`path` or `dest_dir`'s parent does not exist),
 * EXTCRYPT_EXT4_E_TYPE (`path` is not a directory), EXTCRYPT_EXT4_E_EXIST
 * (`dest_dir` is not an empty directory, an inode number to keep is in
 * use), EXTCRYPT_EXT4_E_NOSPC, EXTCRYPT_E_UNSUPPORTED (a mounted
 * destination, inline data, a parent directory the copy cannot add to),
 * EXTCRYPT_E_POLICY (block size, casefold encoding or UUID differ where
 * the copy needs them equal),
 * EXTCRYPT_EXT4_E_FORMAT, EXTCRYPT_EXT4_E_CORRUPT, EXTCRYPT_E_CONTEXT,
 * EXTCRYPT_EXT4_E_IO, EXTCRYPT_E_NOMEM; the message names the inode and
 * its path.  Not thread-safe with other calls on `src`.  Since 1.0.
 */
EXTCRYPT_EXT4_API int extcrypt_ext4_copy(
	struct extcrypt_ext4 *src, const char *path, const char *dest_image,
	const char *dest_dir, unsigned flags,
	extcrypt_ext4_copy_progress_fn progress, void *arg,
	struct extcrypt_ext4_copy_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* EXTCRYPT_EXT4_BUILD_H */
