/* SPDX-License-Identifier: MIT */
/*
 * What the per-architecture CPU feature files share: the
 * EXTCRYPT_DISABLE_CPU_FEATURES knob (docs/design.md, "Environment") and
 * the once-per-process cache of the detected features.
 */
#ifndef EXTCRYPT_FEATURE_LIST_H
#define EXTCRYPT_FEATURE_LIST_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Every feature bit, what the knob's name "all" stands for (bit 31 is the
 * cache's "detected" mark, never a feature). */
#define EXTCRYPT_FEATURES_ALL 0x7fffffffu

struct extcrypt_feature_name {
	const char *name;
	uint32_t bits;
};

/*
 * The bits of `names` that EXTCRYPT_DISABLE_CPU_FEATURES, a comma-separated
 * list, names right now; unknown names are ignored (one variable serves
 * every architecture and the checksum code).  0 when unset, and in a
 * setuid, setgid or otherwise privileged process (secure_getenv).
 */
uint32_t extcrypt_features_disabled(const struct extcrypt_feature_name *names,
				    size_t n);

/*
 * `detect()` on the first call, its result kept in `*cache` for the later
 * ones.  Any thread: racing first callers compute the same value.
 */
uint32_t extcrypt_features_cached(_Atomic uint32_t *cache,
				  uint32_t (*detect)(void));

#endif /* EXTCRYPT_FEATURE_LIST_H */
