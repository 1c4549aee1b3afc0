// SPDX-License-Identifier: MIT
/*
 * POSIX ACLs for the builder's xattrs: system.posix_acl_access/default
 * arrive in getxattr's format and are stored in ext4's smaller one.
 */
#include <stdlib.h>
#include <string.h>

#include "ext4/build_internal.h"

/*
 * The POSIX ACL in getxattr's format (le32 version 2, then {le16 tag,
 * le16 perm, le32 id} per entry) in ext4's (le32 version 1, then
 * {le16 tag, le16 perm} for the owner, group, mask and other entries and
 * {le16 tag, le16 perm, le32 id} for named users and groups), as
 * fs/ext4/acl.c's ext4_acl_to_disk stores it.
 */
int extcrypt_ext4b_acl_to_disk(const char *name, const uint8_t *v, size_t len,
			       uint8_t **disk, size_t *disk_len)
{
	size_t n = len >= 4 ? (len - 4) / 8 : 0, o = 4;
	uint8_t *out;

	*disk = NULL;
	*disk_len = 0;
	if (len < 4 || (len - 4) % 8 != 0 ||
	    (v[0] | v[1] << 8 | v[2] << 16 | (uint32_t)v[3] << 24) != 2)
		return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
					   "%s: not a POSIX ACL of version 2 (%zu bytes)",
					   name, len);
	out = malloc(4 + n * 8);
	if (!out)
		return extcrypt_ext4r_fail(EXTCRYPT_E_NOMEM, "out of memory");
	out[0] = 1;
	out[1] = out[2] = out[3] = 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = v + 4 + i * 8;
		unsigned tag = e[0] | e[1] << 8, perm = e[2] | e[3] << 8;

		if (perm & ~7u) {
			free(out);
			return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
						   "%s: entry %zu: permissions 0x%x", name, i, perm);
		}
		switch (tag) {
		case 0x01: /* ACL_USER_OBJ */
		case 0x04: /* ACL_GROUP_OBJ */
		case 0x10: /* ACL_MASK */
		case 0x20: /* ACL_OTHER */
			memcpy(out + o, e, 4);
			o += 4;
			break;
		case 0x02: /* ACL_USER */
		case 0x08: /* ACL_GROUP */
			memcpy(out + o, e, 8);
			o += 8;
			break;
		default:
			free(out);
			return extcrypt_ext4r_fail(EXTCRYPT_E_INVALID,
						   "%s: entry %zu: unknown tag 0x%x", name, i, tag);
		}
	}
	*disk = out;
	*disk_len = o;
	return EXTCRYPT_OK;
}
