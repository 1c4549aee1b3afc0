/* SPDX-License-Identifier: MIT */
#include "arch/arm64/cpu_features.h"
#include "common/feature_list.h"

#include <stdatomic.h>
#include <sys/auxv.h>

/* The AT_HWCAP bit numbers are kernel ABI; older C libraries may lack the
 * names. */
#ifndef HWCAP_AES
#define HWCAP_AES (1ul << 3)
#endif
#ifndef HWCAP_PMULL
#define HWCAP_PMULL (1ul << 4)
#endif

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
	{ "all", EXTCRYPT_FEATURES_ALL },
};

uint32_t extcrypt_arm64_cpu_features_uncached(void)
{
	uint32_t f = detect_hardware() &
		     ~extcrypt_features_disabled(feature_names,
						 sizeof(feature_names) /
							 sizeof(feature_names[0]));

	/* PMULL is an extension of the AES instructions (one ID register
	 * field covers both), so it never stays without them. */
	if (!(f & EXTCRYPT_ARM64_AES))
		f &= ~EXTCRYPT_ARM64_PMULL;
	return f;
}

uint32_t extcrypt_arm64_cpu_features(void)
{
	return extcrypt_features_cached(&cached_features,
					extcrypt_arm64_cpu_features_uncached);
}
