/* SPDX-License-Identifier: MIT */
/*
 * Casefolding of names exactly as Linux computes it (see casefold.c).
 * Not installed.
 */
#ifndef EXTCRYPT_EXT4_CASEFOLD_H
#define EXTCRYPT_EXT4_CASEFOLD_H

#include <stddef.h>
#include <stdint.h>

#include <ext2fs/ext2fs.h>

/* Room for any casefolded name: the kernel and libext2fs fold into a
 * PATH_MAX buffer; a 255-byte name folds to at most 3 times its size. */
#define EXTCRYPT_EXT4R_CASEFOLD_MAX 4096

/*
 * Checks `name` (`len` bytes, no NUL) against ext4's strict-mode rules
 * (well-formed UTF-8: no stray or truncated sequences, no overlong forms,
 * surrogates or values above U+10FFFF; ext2fs_check_encoded_name)
 * and writes its casefolded form (Linux's utf8_casefold: NFD and full case
 * folding) to `out` (`cap` bytes, at least EXTCRYPT_EXT4R_CASEFOLD_MAX for
 * any name); *out_len gets its length.  `table` is the image's encoding
 * (ext2_filsys->encoding).
 *
 * Returns EXTCRYPT_OK; EXTCRYPT_E_BAD_NAME for a name that strict mode
 * refuses (the message gives the byte offset); EXTCRYPT_E_UNSUPPORTED for
 * a non-ASCII name when libext2fs's casefolding cannot be used (no table,
 * a libext2fs version whose private layout is not known, or a failed
 * self-check; the message says which); EXTCRYPT_E_OUTPUT_SPACE.  ASCII
 * names never need libext2fs.  Thread-safe.
 */
int extcrypt_ext4r_casefold(const struct ext2fs_nls_table *table,
			    const char *name, size_t len, uint8_t *out,
			    size_t cap, size_t *out_len);

/*
 * The {hash, minor_hash} pair ext4 stores after a name in a casefold +
 * encrypt directory, from the 64-bit SipHash `h` of the casefolded name
 * (__ext4fs_dirhash): hash = high half with bit 0 cleared, never the
 * 32-bit end-of-directory value 0xfffffffe (0xfffffffc instead); minor =
 * low half.
 */
void extcrypt_ext4r_siphash_pair(uint64_t h, uint32_t *hash, uint32_t *minor);

/*
 * Whether libext2fs's private casefolding layout is known for both the
 * version compiled against (`built`: 1.47.0 is 14700) and the one loaded
 * (`runtime`, as ext2fs_get_library_version gives it).  The gate of
 * extcrypt_ext4r_casefold_usable; exposed for the tests.
 */
int extcrypt_ext4r_casefold_layout_known(int built, const char *runtime);

/*
 * Whether libext2fs's casefolding passed the checks (see casefold.c); if
 * not, *why (may be NULL) says why.  Thread-safe; the checks run once.
 */
int extcrypt_ext4r_casefold_usable(const char **why);

#endif /* EXTCRYPT_EXT4_CASEFOLD_H */
