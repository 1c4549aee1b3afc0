/* SPDX-License-Identifier: MIT */
/*
 * Compiles the functions of a region of a file with the ARMv8 AES
 * instructions, with gcc and with clang alike:
 *
 *	#include <arm_neon.h>            (every header first)
 *	EXTCRYPT_ARM64_AES_PUSH()
 *	... functions ...
 *	EXTCRYPT_ARM64_AES_POP()
 *
 * Only the code behind the CPU check (EXTCRYPT_ARM64_AES) may use them;
 * the rest of the library stays baseline ARMv8-A.  GCC takes a target
 * pragma.  Clang 16 and later declare the intrinsics with target("aes")
 * and honour the same per-function target (applied by `#pragma clang
 * attribute`, which would also land on declarations included after it,
 * hence headers first); older clang hides the intrinsics unless the whole
 * compilation has the feature.
 */
#ifndef EXTCRYPT_ARCH_ARM64_ISA_TARGET_H
#define EXTCRYPT_ARCH_ARM64_ISA_TARGET_H

#define EXTCRYPT_PRAGMA(x) _Pragma(#x)

#if defined(__clang__)
#if __clang_major__ < 16 && !defined(__ARM_FEATURE_AES)
#error "clang < 16 needs -march=armv8-a+crypto for the arm64 AES code (or use GCC or clang >= 16)"
#endif
#define EXTCRYPT_ARM64_AES_PUSH()                                              \
	EXTCRYPT_PRAGMA(clang attribute push(__attribute__((target("aes"))),  \
					     apply_to = function))
#define EXTCRYPT_ARM64_AES_POP() EXTCRYPT_PRAGMA(clang attribute pop)
#else
#define EXTCRYPT_ARM64_AES_PUSH()                                              \
	EXTCRYPT_PRAGMA(GCC push_options) EXTCRYPT_PRAGMA(GCC target("+crypto"))
#define EXTCRYPT_ARM64_AES_POP() EXTCRYPT_PRAGMA(GCC pop_options)
#endif

#endif /* EXTCRYPT_ARCH_ARM64_ISA_TARGET_H */
