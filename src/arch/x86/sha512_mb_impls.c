// SPDX-License-Identifier: MIT
/*
 * The x86 multi-buffer SHA-512 kernels and the CPU features each needs.
 * Baseline ISA: usable() can be asked on any x86-64 CPU.
 */
#include "arch/x86/cpu_features.h"
#include "arch/x86/sha512_mb_x86.h"

static bool avx512_usable(void)
{
	return extcrypt_x86_have(EXTCRYPT_X86_AVX | EXTCRYPT_X86_AVX2 |
				 EXTCRYPT_X86_AVX512F | EXTCRYPT_X86_AVX512BW |
				 EXTCRYPT_X86_AVX512VL);
}

static bool avx2_usable(void)
{
	return extcrypt_x86_have(EXTCRYPT_X86_AVX | EXTCRYPT_X86_AVX2);
}

/*
 * min_lanes: from timings on AMD Zen 5 (family 26; docs/performance.md,
 * "Batched key setup"): one 8-lane AVX-512 pass costs about 2.3 single-stream
 * compressions of OpenSSL's, so it pays from 3 lanes; a 4-lane AVX2 pass
 * costs about 4 (on par), so it runs only on whole passes of 4.
 */
static const struct extcrypt_sha512_mb_impl avx512 = {
	.name = "avx512",
	.width = 8,
	.min_lanes = 3,
	.usable = avx512_usable,
	.compress = extcrypt_sha512_mb_avx512,
};

static const struct extcrypt_sha512_mb_impl avx2 = {
	.name = "avx2",
	.width = 4,
	.min_lanes = 4,
	.usable = avx2_usable,
	.compress = extcrypt_sha512_mb_avx2,
};

const struct extcrypt_sha512_mb_impl *const extcrypt_arch_sha512_mb_impls[] = {
	&avx512,
	&avx2,
	NULL,
};
