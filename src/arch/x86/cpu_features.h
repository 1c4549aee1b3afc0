/* SPDX-License-Identifier: MIT */
/*
 * x86 CPU feature detection for choosing among the AES-XTS implementations.
 *
 * A bit is set only when both the CPU and the OS support the feature (the OS
 * must save the register state the feature uses), so a set bit means the
 * instructions can be executed.
 */
#ifndef EXTCRYPT_ARCH_X86_CPU_FEATURES_H
#define EXTCRYPT_ARCH_X86_CPU_FEATURES_H

#include <stdint.h>

#define EXTCRYPT_X86_SSSE3      (1u << 0)
#define EXTCRYPT_X86_AESNI      (1u << 1)
#define EXTCRYPT_X86_PCLMULQDQ  (1u << 2)
#define EXTCRYPT_X86_AVX        (1u << 3)
#define EXTCRYPT_X86_AVX2       (1u << 4)
#define EXTCRYPT_X86_VAES       (1u << 5)
#define EXTCRYPT_X86_VPCLMULQDQ (1u << 6)
#define EXTCRYPT_X86_AVX512F    (1u << 7)
#define EXTCRYPT_X86_AVX512BW   (1u << 8)
#define EXTCRYPT_X86_AVX512VL   (1u << 9)

/*
 * The usable features, as a mask of EXTCRYPT_X86_* bits.  Detected on the
 * first call and cached; safe to call from any thread.
 *
 * The knob EXTCRYPT_DISABLE_CPU_FEATURES (docs/design.md, "Environment"),
 * read at detection time, is a comma-separated list of feature names to
 * treat as absent: "ssse3", "aesni", "pclmulqdq", "avx", "avx2", "vaes",
 * "vpclmulqdq", "avx512f", "avx512bw", "avx512vl", or "avx512" for all
 * AVX-512 features, or "all".  Removing a feature also
 * removes those that build on it (e.g. "avx" removes AVX2, VAES and
 * AVX-512).
 */
uint32_t extcrypt_x86_cpu_features(void);

/* True if every bit of `required` is usable. */
static inline int extcrypt_x86_have(uint32_t required)
{
	return (extcrypt_x86_cpu_features() & required) == required;
}

#endif /* EXTCRYPT_ARCH_X86_CPU_FEATURES_H */
