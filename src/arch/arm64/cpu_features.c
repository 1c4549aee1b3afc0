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

static _Atomic uint32_t cached_features;

static uint32_t detect_hardware(void)
{
	/* getauxval returns 0 (no features) if the entry is absent, which is
	 * the safe answer. */
	unsigned long hwcap = getauxval(AT_HWCAP);
	uint32_t f = 0;

	if (hwcap & HWCAP_AES)
		f |= EXTCRYPT_ARM64_AES;
	return f;
}

static const struct extcrypt_feature_name feature_names[] = {
	{ "aes", EXTCRYPT_ARM64_AES },
	{ "all", EXTCRYPT_FEATURES_ALL },
};

uint32_t extcrypt_arm64_cpu_features_uncached(void)
{
	return detect_hardware() &
	       ~extcrypt_features_disabled(feature_names,
					   sizeof(feature_names) /
						   sizeof(feature_names[0]));
}

uint32_t extcrypt_arm64_cpu_features(void)
{
	return extcrypt_features_cached(&cached_features,
					extcrypt_arm64_cpu_features_uncached);
}
