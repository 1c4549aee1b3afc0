/* SPDX-License-Identifier: MIT */
#include "arch/arm64/cpu_features.h"
#include "common/feature_list.h"

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

static const struct extcrypt_feature_name feature_names[] = {
	{ "aes", EXTCRYPT_ARM64_AES },
	{ "pmull", EXTCRYPT_ARM64_PMULL },
	{ "all", ~FEATURES_DETECTED },
};

static uint32_t parse_disabled(const char *list)
{
	return extcrypt_parse_feature_list(list, feature_names,
					   sizeof(feature_names) /
						   sizeof(feature_names[0]));
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
