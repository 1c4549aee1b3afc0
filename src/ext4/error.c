// SPDX-License-Identifier: MIT
/*
 * Status texts and the per-thread detail message of libextcrypt-ext4.
 */
#include <stdarg.h>
#include <stdio.h>

#include <et/com_err.h>

#include "ext4/ext4_internal.h"

static _Thread_local char last_error[512];

EXTCRYPT_EXT4_API const char *extcrypt_ext4_last_error(void)
{
	return last_error;
}

EXTCRYPT_EXT4_API const char *extcrypt_ext4_strerror(int status)
{
	switch (status) {
	case EXTCRYPT_EXT4_E_IO:
		return "I/O error reading the image";
	case EXTCRYPT_EXT4_E_CORRUPT:
		return "corrupted filesystem structure";
	case EXTCRYPT_EXT4_E_NOKEY:
		return "no key for this directory or file";
	case EXTCRYPT_EXT4_E_NOENT:
		return "no such file or directory";
	case EXTCRYPT_EXT4_E_TYPE:
		return "wrong file type";
	case EXTCRYPT_EXT4_E_FORMAT:
		return "not a readable ext2/3/4 filesystem";
	case EXTCRYPT_EXT4_E_EXIST:
		return "an entry of that name exists";
	case EXTCRYPT_EXT4_E_NOSPC:
		return "no space left in the image";
	default:
		return extcrypt_strerror(status);
	}
}

int extcrypt_ext4r_fail(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return status;
}

int extcrypt_ext4r_fail_ext2(errcode_t err, uint64_t ino, const char *what)
{
	int status = EXTCRYPT_EXT4_E_CORRUPT;

	if (err == EXT2_ET_NO_MEMORY)
		status = EXTCRYPT_E_NOMEM;
	else if (err == EXT2_ET_SHORT_READ || err == EXT2_ET_LLSEEK_FAILED ||
		 (err > 0 && err < 256)) /* an errno */
		status = EXTCRYPT_EXT4_E_IO;
	if (ino)
		return extcrypt_ext4r_fail(status, "inode %llu: %s: %s",
				  (unsigned long long)ino, what,
				  error_message(err));
	return extcrypt_ext4r_fail(status, "%s: %s", what, error_message(err));
}

int extcrypt_ext4r_fail_core(int status, uint64_t ino, const char *what)
{
	return extcrypt_ext4r_fail(status, "inode %llu: %s: %s",
			  (unsigned long long)ino, what,
			  *extcrypt_last_error() ? extcrypt_last_error()
						 : extcrypt_strerror(status));
}
