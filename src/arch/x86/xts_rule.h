/* SPDX-License-Identifier: MIT */
/*
 * Which x86 AES-256-XTS implementation a CPU gets by default: a pure
 * function of the CPU's vendor, family, model and usable features, so that
 * tests can ask it about CPUs they do not run on.  The rule and the
 * measurements behind it: docs/design.md ("Choosing the XTS
 * implementation") and docs/performance.md.
 */
#ifndef EXTCRYPT_ARCH_X86_XTS_RULE_H
#define EXTCRYPT_ARCH_X86_XTS_RULE_H

#include <stdbool.h>
#include <stdint.h>

enum extcrypt_x86_vendor {
	EXTCRYPT_X86_VENDOR_OTHER,
	EXTCRYPT_X86_VENDOR_INTEL, /* "GenuineIntel" */
	EXTCRYPT_X86_VENDOR_AMD,   /* "AuthenticAMD" */
	EXTCRYPT_X86_VENDOR_HYGON, /* "HygonGenuine": Zen cores */
};

/* What the rule looks at.  family and model are the display values (base
 * plus extended fields, as /proc/cpuinfo shows them); features is a mask
 * of usable EXTCRYPT_X86_* bits (cpu_features.h). */
struct extcrypt_x86_cpu {
	enum extcrypt_x86_vendor vendor;
	unsigned int family;
	unsigned int model;
	uint32_t features;
};

/* The implementations the rule can pick, by their names in xts_impls.c. */
enum extcrypt_x86_xts_choice {
	EXTCRYPT_X86_XTS_PORTABLE,          /* "portable": no AES-NI */
	EXTCRYPT_X86_XTS_AESNI,             /* "aesni" */
	EXTCRYPT_X86_XTS_AESNI_AVX,         /* "aesni-avx" */
	EXTCRYPT_X86_XTS_VAES_AVX2_ALIGNR,  /* "vaes-avx2-alignr" */
	EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL,   /* "vaes-avx2-clmul" */
	EXTCRYPT_X86_XTS_VAES_AVX512_ALIGNR,/* "vaes-avx512-alignr" */
	EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL, /* "vaes-avx512-clmul" */
};

/* True on CPUs that lower their clock while 512-bit vectors are in use
 * enough to make the 256-bit code the faster choice: Intel family 6
 * Skylake-SP/Cascade Lake/Cooper Lake (model 0x55), Ice Lake server and
 * client (0x6a, 0x6c, 0x7d, 0x7e, 0x9d) and Tiger Lake (0x8c, 0x8d). */
bool extcrypt_x86_zmm_downclocks(const struct extcrypt_x86_cpu *cpu);

/* True where the tweak step by VPCLMULQDQ beats the VPALIGNR one: all
 * but AMD and Hygon families up to 0x19 (Zen 1 to Zen 4).  Measured on
 * Intel Sapphire Rapids (clmul), AMD Zen 4 (alignr), AMD Zen 5 (clmul). */
bool extcrypt_x86_xts_prefers_clmul(const struct extcrypt_x86_cpu *cpu);

/* The implementation for `cpu`: the widest vectors its features allow
 * (512-bit only where they do not downclock), in the tweak variant its
 * vendor prefers. */
enum extcrypt_x86_xts_choice extcrypt_x86_xts_rule(const struct extcrypt_x86_cpu *cpu);

/* This CPU, as the rule sees it (CPUID and the usable features). */
void extcrypt_x86_cpu_identify(struct extcrypt_x86_cpu *cpu);

#endif /* EXTCRYPT_ARCH_X86_XTS_RULE_H */
