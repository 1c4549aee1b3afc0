// SPDX-License-Identifier: MIT
/*
 * The profile table.  Sources: Josef Bacik's RFC (2023-09-15) and btrfs
 * fscrypt series v1..v5 (2023-09 .. 2024-01), Daniel Vacek's v6 (2026-02);
 * see docs/spec.md for message ids.
 */
#include <string.h>

#include "extcrypt/extent.h"

#include "common/internal.h"
#include "extent/profiles.h"

static const struct extcrypt_profile profiles[] = {
	/* 17 bytes: version || nonce.  No identifier to check. */
	{ EXTCRYPT_EXTENT_RFC_2023_09, "rfc-2023-09", 17, 8, false, false, false },
	/* 34 bytes: version || mode || identifier || nonce.  v1..v4 left
	 * the mode byte unwritten and checked only the identifier. */
	{ EXTCRYPT_EXTENT_V1_2023_09, "v1-2023-09", 34, 8, true, false, false },
	/* v2..v4 reused the per-file context byte 2. */
	{ EXTCRYPT_EXTENT_V2_2023_10, "v2-2023-10", 34, 2, true, false, false },
	/* v5 filled and validated every field, context byte 8. */
	{ EXTCRYPT_EXTENT_V5_2024_01, "v5-2024-01", 34, 8, true, true, true },
	/* v6/v7: as v5, but 8 went to hardware-wrapped key identifiers. */
	{ EXTCRYPT_EXTENT_V6_2026_02, "v6-2026-02", 34, 9, true, true, true },
};

const struct extcrypt_profile *extcrypt_profile_lookup(int id)
{
	for (size_t i = 0; i < ARRAY_SIZE(profiles); i++)
		if (profiles[i].id == id)
			return &profiles[i];
	return NULL;
}

EXTCRYPT_API const char *extcrypt_extent_profile_name(int profile)
{
	const struct extcrypt_profile *p = extcrypt_profile_lookup(profile);

	return p != NULL ? p->name : NULL;
}

EXTCRYPT_API int extcrypt_extent_profile_from_name(const char *name)
{
	if (name == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "profile name is NULL");
	if (strcmp(name, "default") == 0)
		return EXTCRYPT_EXTENT_DEFAULT;
	for (size_t i = 0; i < ARRAY_SIZE(profiles); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return profiles[i].id;
	return extcrypt_fail(EXTCRYPT_E_INVALID, "unknown extent profile '%s'",
			     name);
}

EXTCRYPT_API size_t extcrypt_extent_context_size(int profile)
{
	const struct extcrypt_profile *p = extcrypt_profile_lookup(profile);

	return p != NULL ? p->size : 0;
}

EXTCRYPT_API int extcrypt_extent_hkdf_context(int profile)
{
	const struct extcrypt_profile *p = extcrypt_profile_lookup(profile);

	return p != NULL ? p->hkdf_ctx : 0;
}
