/* SPDX-License-Identifier: MIT */
/*
 * Compiles the functions of a region of a file for an instruction-set
 * extension, with gcc and with clang alike:
 *
 *	#include <immintrin.h>          (every header first)
 *	EXTCRYPT_TARGET_PUSH("avx2,aes,vaes")
 *	... functions ...
 *	EXTCRYPT_TARGET_POP()
 *
 * Why not -m flags for the file: the library stays baseline-ISA, and only
 * the code behind a CPU check may use the extension.  Why not only
 * `#pragma GCC target`: clang 14 ignores it (and then rejects the
 * intrinsics), while both compilers honour a function attribute - gcc
 * through its pragma, clang through `#pragma clang attribute`.  Include
 * every header before the push: under clang the attribute would otherwise
 * also land on the headers' declarations.
 */
#ifndef EXTCRYPT_ARCH_X86_ISA_TARGET_H
#define EXTCRYPT_ARCH_X86_ISA_TARGET_H

#define EXTCRYPT_PRAGMA(x) _Pragma(#x)

#if defined(__clang__)
#define EXTCRYPT_TARGET_PUSH(isa)                                               \
	EXTCRYPT_PRAGMA(clang attribute push(__attribute__((target(isa))),     \
					     apply_to = function))
#define EXTCRYPT_TARGET_POP() EXTCRYPT_PRAGMA(clang attribute pop)
#else
#define EXTCRYPT_TARGET_PUSH(isa)                                               \
	EXTCRYPT_PRAGMA(GCC push_options) EXTCRYPT_PRAGMA(GCC target(isa))
#define EXTCRYPT_TARGET_POP() EXTCRYPT_PRAGMA(GCC pop_options)
#endif

#endif /* EXTCRYPT_ARCH_X86_ISA_TARGET_H */
