/* SPDX-License-Identifier: MIT */
/*
 * arm64 CPU feature detection for choosing the AES-XTS implementation.
 *
 * The ID registers that describe the CPU are not readable from user space
 * by the hardware (Linux emulates the reads, but only since 4.11).  The
 * kernel's documented interface is the AT_HWCAP auxiliary vector entry,
 * which also says only what the kernel lets user space execute; it is the
 * only source used here.
 */
#ifndef EXTCRYPT_ARCH_ARM64_CPU_FEATURES_H
#define EXTCRYPT_ARCH_ARM64_CPU_FEATURES_H

#include <stdint.h>

#define EXTCRYPT_ARM64_AES   (1u << 0) /* AESE, AESD, AESMC, AESIMC */

/*
 * The usable features, as a mask of EXTCRYPT_ARM64_* bits.  Detected on the
 * first call and cached; safe to call from any thread.
 *
 * The knob EXTCRYPT_DISABLE_CPU_FEATURES (docs/design.md, "Environment"),
 * read at detection time, is a comma-separated list of feature names to
 * treat as absent: "aes" or "all".  Unknown names are ignored (the same
 * variable carries x86 names on x86 runs).
 */
uint32_t extcrypt_arm64_cpu_features(void);

/*
 * The same detection without the cache: AT_HWCAP and the current value of
 * EXTCRYPT_DISABLE_CPU_FEATURES, looked at now.  For tests of the knob,
 * which cannot re-execute themselves under qemu user-mode emulation (the
 * host kernel cannot exec an arm64 binary without binfmt_misc).
 */
uint32_t extcrypt_arm64_cpu_features_uncached(void);

/* True if every bit of `required` is usable. */
static inline int extcrypt_arm64_have(uint32_t required)
{
	return (extcrypt_arm64_cpu_features() & required) == required;
}

#endif /* EXTCRYPT_ARCH_ARM64_CPU_FEATURES_H */
