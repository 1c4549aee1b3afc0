// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>

#include "common/feature_list.h"

/* Set in the cached word once detection has run; never a feature bit. */
#define FEATURES_DETECTED (1u << 31)

uint32_t extcrypt_features_disabled(const struct extcrypt_feature_name *names,
				    size_t n)
{
	const char *list = secure_getenv("EXTCRYPT_DISABLE_CPU_FEATURES");
	uint32_t bits = 0;

	while (list != NULL && *list) {
		size_t len = strcspn(list, ",");

		for (size_t i = 0; i < n; i++)
			if (strlen(names[i].name) == len &&
			    strncmp(names[i].name, list, len) == 0)
				bits |= names[i].bits;
		list += len;
		if (*list == ',')
			list++;
	}
	return bits & EXTCRYPT_FEATURES_ALL;
}

uint32_t extcrypt_features_cached(_Atomic uint32_t *cache,
				  uint32_t (*detect)(void))
{
	uint32_t f = atomic_load_explicit(cache, memory_order_relaxed);

	if (f & FEATURES_DETECTED)
		return f & ~FEATURES_DETECTED;
	/* Racing first callers compute the same value, so a plain store is
	 * enough; the word is self-contained, hence relaxed ordering. */
	f = detect() & EXTCRYPT_FEATURES_ALL;
	atomic_store_explicit(cache, f | FEATURES_DETECTED,
			      memory_order_relaxed);
	return f;
}
