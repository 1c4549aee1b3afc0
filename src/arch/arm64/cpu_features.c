/* SPDX-License-Identifier: MIT */
#include "arch/arm64/cpu_features.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

/* The AT_HWCAP bit numbers are kernel ABI; older C libraries may lack the
 * names. */
#ifndef HWCAP_AES
#define HWCAP_AES (1ul << 3)
#endif
#ifndef HWCAP_PMULL
#define HWCAP_PMULL (1ul << 4)
#endif

/* Set in the cached word once detection has run; never a feature bit. */
#define FEATURES_DETECTED (1u << 31)

static _Atomic uint32_t cached_features;

static uint32_t detect_hardware(void)
{
	/* getauxval returns 0 (no features) if the entry is absent, which is
	 * the safe answer. */
	unsigned long hwcap = getauxval(AT_HWCAP);
	uint32_t f = 0;

	if (hwcap & HWCAP_AES)
		f |= EXTCRYPT_ARM64_AES;
	if (hwcap & HWCAP_PMULL)
		f |= EXTCRYPT_ARM64_PMULL;
	return f;
}

static const struct {
	const char *name;
	uint32_t bits;
} feature_names[] = {
	{ "aes", EXTCRYPT_ARM64_AES },
	{ "pmull", EXTCRYPT_ARM64_PMULL },
	{ "all", ~FEATURES_DETECTED },
};

/* The bits named in a comma-separated list; unknown names are ignored. */
static uint32_t parse_disabled(const char *list)
{
	uint32_t bits = 0;

	while (*list) {
		size_t len = strcspn(list, ",");

		for (size_t i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++) {
			if (strlen(feature_names[i].name) == len &&
			    strncmp(feature_names[i].name, list, len) == 0)
				bits |= feature_names[i].bits;
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return bits;
}

uint32_t extcrypt_arm64_cpu_features_uncached(void)
{
	uint32_t f = detect_hardware();
	const char *disabled = getenv("EXTCRYPT_DISABLE_CPU_FEATURES");

	if (disabled)
		f &= ~parse_disabled(disabled);
	/* PMULL is an extension of the AES instructions (one ID register
	 * field covers both), so it never stays without them. */
	if (!(f & EXTCRYPT_ARM64_AES))
		f &= ~EXTCRYPT_ARM64_PMULL;
	return f;
}

uint32_t extcrypt_arm64_cpu_features(void)
{
	uint32_t f = atomic_load_explicit(&cached_features, memory_order_relaxed);

	if (f & FEATURES_DETECTED)
		return f & ~FEATURES_DETECTED;

	/* Racing first callers compute the same value, so a plain store is
	 * enough; the word is self-contained, hence relaxed ordering. */
	f = extcrypt_arm64_cpu_features_uncached();
	atomic_store_explicit(&cached_features, f | FEATURES_DETECTED,
			      memory_order_relaxed);
	return f;
}
