/* SPDX-License-Identifier: MIT */
/*
 * The default x86 AES-256-XTS implementation for a CPU (see xts_rule.h).
 * Baseline ISA: runs on any x86-64 CPU.
 */
#include <cpuid.h>
#include <stddef.h>
#include <string.h>

#include "arch/x86/cpu_features.h"
#include "arch/x86/xts_rule.h"

/*
 * Intel family 6 models whose cores downclock under 512-bit vector load.
 * The same facts as the Linux kernel's list (arch/x86/crypto's
 * zmm_exclusion_list, later X86_FEATURE_PREFER_YMM): Skylake-era servers
 * and the Ice Lake / Tiger Lake generation.  Sapphire Rapids and later,
 * Rocket Lake, and every AMD core with AVX-512 (Zen 4 onwards) are not in it.
 */
static const unsigned int intel_zmm_downclock_models[] = {
	0x55, /* Skylake-SP, Cascade Lake, Cooper Lake */
	0x6a, /* Ice Lake-SP */
	0x6c, /* Ice Lake-D */
	0x7d, /* Ice Lake (client) */
	0x7e, /* Ice Lake-L */
	0x9d, /* Ice Lake-NNPI */
	0x8c, /* Tiger Lake-L */
	0x8d, /* Tiger Lake-H */
};

bool extcrypt_x86_zmm_downclocks(const struct extcrypt_x86_cpu *cpu)
{
	if (cpu->vendor != EXTCRYPT_X86_VENDOR_INTEL || cpu->family != 6)
		return false;
	for (size_t i = 0; i < sizeof(intel_zmm_downclock_models) /
				   sizeof(intel_zmm_downclock_models[0]); i++)
		if (cpu->model == intel_zmm_downclock_models[i])
			return true;
	return false;
}

/*
 * The VPALIGNR step won only on AMD's Zen 3 / Zen 4 generation (family
 * 0x19; Hygon's cores are Zen-derived, family 0x18), where a 512-bit
 * VPCLMULQDQ takes an AES slot.  On Zen 5 (family 0x1a) and on Intel the
 * VPCLMULQDQ step measured faster (docs/performance.md); so it is also
 * the choice for vendors and families not measured.
 */
bool extcrypt_x86_xts_prefers_clmul(const struct extcrypt_x86_cpu *cpu)
{
	bool zen_up_to_4 = (cpu->vendor == EXTCRYPT_X86_VENDOR_AMD ||
			    cpu->vendor == EXTCRYPT_X86_VENDOR_HYGON) &&
			   cpu->family <= 0x19;

	return !zen_up_to_4;
}

#define NEEDS_AESNI (EXTCRYPT_X86_AESNI | EXTCRYPT_X86_SSSE3)
#define NEEDS_AESNI_AVX (NEEDS_AESNI | EXTCRYPT_X86_AVX)
#define NEEDS_VAES_AVX2                                                       \
	(NEEDS_AESNI_AVX | EXTCRYPT_X86_PCLMULQDQ | EXTCRYPT_X86_AVX2 |       \
	 EXTCRYPT_X86_VAES | EXTCRYPT_X86_VPCLMULQDQ)
#define NEEDS_VAES_AVX512                                                     \
	(NEEDS_VAES_AVX2 | EXTCRYPT_X86_AVX512F | EXTCRYPT_X86_AVX512BW |    \
	 EXTCRYPT_X86_AVX512VL)

static bool has(const struct extcrypt_x86_cpu *cpu, uint32_t need)
{
	return (cpu->features & need) == need;
}

enum extcrypt_x86_xts_choice extcrypt_x86_xts_rule(const struct extcrypt_x86_cpu *cpu)
{
	bool clmul = extcrypt_x86_xts_prefers_clmul(cpu);

	if (has(cpu, NEEDS_VAES_AVX512) && !extcrypt_x86_zmm_downclocks(cpu))
		return clmul ? EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL
			     : EXTCRYPT_X86_XTS_VAES_AVX512_ALIGNR;
	if (has(cpu, NEEDS_VAES_AVX2))
		return clmul ? EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL
			     : EXTCRYPT_X86_XTS_VAES_AVX2_ALIGNR;
	if (has(cpu, NEEDS_AESNI_AVX))
		return EXTCRYPT_X86_XTS_AESNI_AVX;
	if (has(cpu, NEEDS_AESNI))
		return EXTCRYPT_X86_XTS_AESNI;
	return EXTCRYPT_X86_XTS_PORTABLE;
}

void extcrypt_x86_cpu_identify(struct extcrypt_x86_cpu *cpu)
{
	unsigned int max_leaf, eax, ebx, ecx, edx;
	unsigned int base_family, base_model;
	char vendor[13];

	memset(cpu, 0, sizeof(*cpu));
	cpu->features = extcrypt_x86_cpu_features();
	if (!__get_cpuid(0, &max_leaf, &ebx, &ecx, &edx))
		return;
	memcpy(vendor, &ebx, 4);
	memcpy(vendor + 4, &edx, 4);
	memcpy(vendor + 8, &ecx, 4);
	vendor[12] = '\0';
	if (strcmp(vendor, "GenuineIntel") == 0)
		cpu->vendor = EXTCRYPT_X86_VENDOR_INTEL;
	else if (strcmp(vendor, "AuthenticAMD") == 0)
		cpu->vendor = EXTCRYPT_X86_VENDOR_AMD;
	else if (strcmp(vendor, "HygonGenuine") == 0)
		cpu->vendor = EXTCRYPT_X86_VENDOR_HYGON;
	if (max_leaf < 1)
		return;
	__cpuid(1, eax, ebx, ecx, edx);
	/* Display family and model, as the SDM and APM define them. */
	base_family = (eax >> 8) & 0xf;
	base_model = (eax >> 4) & 0xf;
	cpu->family = base_family;
	cpu->model = base_model;
	if (base_family == 0xf)
		cpu->family += (eax >> 20) & 0xff;
	if (base_family == 0x6 || base_family == 0xf)
		cpu->model |= ((eax >> 16) & 0xf) << 4;
}
