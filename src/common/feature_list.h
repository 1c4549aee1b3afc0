/* SPDX-License-Identifier: MIT */
/*
 * Parsing of the EXTCRYPT_DISABLE_CPU_FEATURES test hook, shared by the
 * per-architecture CPU feature files.
 */
#ifndef EXTCRYPT_FEATURE_LIST_H
#define EXTCRYPT_FEATURE_LIST_H

#include <stddef.h>
#include <stdint.h>

struct extcrypt_feature_name {
	const char *name;
	uint32_t bits;
};

/* The bits named in the comma-separated `list`; unknown names are
 * ignored. */
uint32_t extcrypt_parse_feature_list(const char *list,
				     const struct extcrypt_feature_name *names,
				     size_t n);

#endif /* EXTCRYPT_FEATURE_LIST_H */
