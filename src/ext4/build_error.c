// SPDX-License-Identifier: MIT
/*
 * The builder's libext2fs failures as statuses: the read side's mapping,
 * plus "no space" as its own status so that `extcrypt ext4 build` can say
 * "image too small".
 */
#include <et/com_err.h>

#include "ext4/build_internal.h"

int extcrypt_ext4b_fail_ext2(errcode_t err, uint32_t ino, const char *what)
{
	if (err == EXT2_ET_BLOCK_ALLOC_FAIL || err == EXT2_ET_INODE_ALLOC_FAIL ||
	    err == EXT2_ET_DIR_NO_SPACE_FOR_CSUM || err == ENOSPC) {
		if (ino)
			return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOSPC,
					  "inode %u: %s: image full (%s)", ino,
					  what, error_message(err));
		return extcrypt_ext4r_fail(EXTCRYPT_EXT4_E_NOSPC, "%s: image full (%s)",
				  what, error_message(err));
	}
	return extcrypt_ext4r_fail_ext2(err, ino, what);
}
