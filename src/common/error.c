// SPDX-License-Identifier: MIT
/*
 * Status strings and the per-thread detail message.
 */
#include <stdarg.h>
#include <stdio.h>

#include "common/internal.h"

static _Thread_local char last_error[256];

static const char *const status_text[] = {
	[0] = "success",
	[1] = "invalid argument",
	[2] = "wrong length",
	[3] = "length is not a whole number of data units",
	[4] = "data-unit index out of range",
	[5] = "not supported by this library",
	[6] = "invalid encryption policy",
	[7] = "malformed encryption context",
	[8] = "master key identifier mismatch",
	[9] = "encryption mode mismatch",
	[10] = "policy not allowed with per-extent encryption",
	[11] = "invalid master key size",
	[12] = "out of memory",
	[13] = "ciphertext rejected by callback",
	[14] = "cryptographic backend failure",
	[15] = "filename too long",
	[16] = "invalid encrypted filename",
	[17] = "output buffer too small",
	[18] = "object not ready for this operation",
};

EXTCRYPT_API const char *extcrypt_strerror(int status)
{
	/* Compare before negating: -INT_MIN would overflow. */
	if (status > 0 || status <= -(int)ARRAY_SIZE(status_text))
		return "unknown status";
	return status_text[-status];
}

static const char *const status_names[] = {
	"EXTCRYPT_OK",
	"EXTCRYPT_E_INVALID",
	"EXTCRYPT_E_LENGTH",
	"EXTCRYPT_E_ALIGNMENT",
	"EXTCRYPT_E_RANGE",
	"EXTCRYPT_E_UNSUPPORTED",
	"EXTCRYPT_E_POLICY",
	"EXTCRYPT_E_CONTEXT",
	"EXTCRYPT_E_KEY_MISMATCH",
	"EXTCRYPT_E_MODE_MISMATCH",
	"EXTCRYPT_E_EXTENT_POLICY",
	"EXTCRYPT_E_KEY_SIZE",
	"EXTCRYPT_E_NOMEM",
	"EXTCRYPT_E_REJECTED",
	"EXTCRYPT_E_CRYPTO",
	"EXTCRYPT_E_NAME_TOO_LONG",
	"EXTCRYPT_E_BAD_NAME",
	"EXTCRYPT_E_OUTPUT_SPACE",
	"EXTCRYPT_E_STATE",
};

_Static_assert(ARRAY_SIZE(status_names) == ARRAY_SIZE(status_text),
	       "every status needs a name and a text");

EXTCRYPT_API const char *extcrypt_status_name(int status)
{
	if (status > 0 || status <= -(int)ARRAY_SIZE(status_names))
		return "EXTCRYPT_E_UNKNOWN";
	return status_names[-status];
}

EXTCRYPT_API const char *extcrypt_last_error(void)
{
	return last_error;
}

int extcrypt_fail(int status, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(last_error, sizeof(last_error), "%s: ",
		     extcrypt_strerror(status));
	if (n < 0 || (size_t)n >= sizeof(last_error))
		return status;
	va_start(ap, fmt);
	vsnprintf(last_error + n, sizeof(last_error) - (size_t)n, fmt, ap);
	va_end(ap);
	return status;
}
