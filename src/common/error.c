// SPDX-License-Identifier: MIT
/*
 * Status strings and the per-thread detail message.
 */
#include <stdarg.h>
#include <stdio.h>

#include "common/internal.h"

static _Thread_local char last_error[256];

/*
 * Every status, once: its name in error.h and its default message.  Both
 * tables below and the checks after them are built from this one list, in
 * the enum's order (0, -1, -2, ...).
 */
#define EXTCRYPT_STATUS_LIST(X)                                                \
	X(OK, "success")                                                       \
	X(E_INVALID, "invalid argument")                                       \
	X(E_LENGTH, "wrong length")                                            \
	X(E_ALIGNMENT, "length is not a whole number of data units")           \
	X(E_RANGE, "data-unit index out of range")                             \
	X(E_UNSUPPORTED, "not supported by this library")                      \
	X(E_POLICY, "invalid encryption policy")                               \
	X(E_CONTEXT, "malformed encryption context")                           \
	X(E_KEY_MISMATCH, "master key identifier mismatch")                    \
	X(E_MODE_MISMATCH, "encryption mode mismatch")                         \
	X(E_EXTENT_POLICY, "policy not allowed with per-extent encryption")    \
	X(E_KEY_SIZE, "invalid master key size")                               \
	X(E_NOMEM, "out of memory")                                            \
	X(E_REJECTED, "ciphertext rejected by callback")                       \
	X(E_CRYPTO, "cryptographic backend failure")                           \
	X(E_NAME_TOO_LONG, "filename too long")                                \
	X(E_BAD_NAME, "invalid encrypted filename")                            \
	X(E_OUTPUT_SPACE, "output buffer too small")                           \
	X(E_STATE, "object not ready for this operation")

struct status_info {
	const char *name;
	const char *text;
};

/* Indexed by -status: a value in the wrong place would leave a hole (NULL)
 * or overlap, which the assertions below turn into build errors. */
static const struct status_info statuses[] = {
#define STATUS_ENTRY(sym, text) [-EXTCRYPT_##sym] = { "EXTCRYPT_" #sym, text },
	EXTCRYPT_STATUS_LIST(STATUS_ENTRY)
#undef STATUS_ENTRY
};

/* How many entries the list has. */
enum {
#define STATUS_ONE(sym, text) +1
	STATUS_COUNT = 0 EXTCRYPT_STATUS_LIST(STATUS_ONE)
#undef STATUS_ONE
};

/* The list against the public enum, both ways.  Each listed value is a
 * status of error.h (else EXTCRYPT_x is undeclared) and the values are
 * 0, -1, ..., -(count - 1) without gaps (the array is exactly as long as
 * the list); every enumerator of error.h is listed (-Wswitch, made an
 * error here, names a missing one). */
_Static_assert(ARRAY_SIZE(statuses) == STATUS_COUNT,
	       "status list: values must be 0, -1, -2, ... without gaps");
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"
__attribute__((unused)) static void
status_list_covers_enum(enum extcrypt_status s)
{
	switch (s) {
#define STATUS_CASE(sym, text) case EXTCRYPT_##sym:
		EXTCRYPT_STATUS_LIST(STATUS_CASE)
#undef STATUS_CASE
		break;
	}
}
#pragma GCC diagnostic pop

static const struct status_info *status_lookup(int status)
{
	/* Compare before negating: -INT_MIN would overflow. */
	if (status > 0 || status <= -(int)ARRAY_SIZE(statuses))
		return NULL;
	return &statuses[-status];
}

EXTCRYPT_API const char *extcrypt_strerror(int status)
{
	const struct status_info *s = status_lookup(status);

	return s != NULL ? s->text : "unknown status";
}

EXTCRYPT_API const char *extcrypt_status_name(int status)
{
	const struct status_info *s = status_lookup(status);

	return s != NULL ? s->name : "EXTCRYPT_E_UNKNOWN";
}

int extcrypt_null_arg(const char *what)
{
	extcrypt_fail(EXTCRYPT_E_INVALID, "%s is NULL", what);
	return 0;
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
