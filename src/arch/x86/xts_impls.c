/* SPDX-License-Identifier: MIT */
/*
 * The x86 AES-256-XTS implementations, the CPU features each needs, and
 * which one this CPU gets by default (xts_rule.c).  Compiled for the
 * baseline ISA: nothing here runs a newer instruction, so usable() can be
 * asked on any x86-64 CPU.
 */
#include <stddef.h>
#include <string.h>

#include "arch/x86/aes_key_expand.h"
#include "arch/x86/cpu_features.h"
#include "arch/x86/xts_rule.h"
#include "arch/x86/xts_x86.h"
#include "xts/xts_impl.h"

/* Key expansion (PSHUFB, AESENCLAST, AESIMC) is shared by all of them. */
#define NEEDS_KEY_EXPAND (EXTCRYPT_X86_AESNI | EXTCRYPT_X86_SSSE3)
#define NEEDS_VAES_AVX2                                                   \
	(NEEDS_KEY_EXPAND | EXTCRYPT_X86_PCLMULQDQ | EXTCRYPT_X86_AVX |   \
	 EXTCRYPT_X86_AVX2 | EXTCRYPT_X86_VAES | EXTCRYPT_X86_VPCLMULQDQ)

static bool aesni_usable(void)
{
	return extcrypt_x86_have(NEEDS_KEY_EXPAND);
}

static bool aesni_avx_usable(void)
{
	return extcrypt_x86_have(NEEDS_KEY_EXPAND | EXTCRYPT_X86_AVX);
}

static bool vaes_avx2_usable(void)
{
	return extcrypt_x86_have(NEEDS_VAES_AVX2);
}

static bool vaes_avx512_usable(void)
{
	return extcrypt_x86_have(NEEDS_VAES_AVX2 | EXTCRYPT_X86_AVX512F |
				 EXTCRYPT_X86_AVX512BW | EXTCRYPT_X86_AVX512VL);
}

#define X86_XTS_IMPL(var, impl_name, usable_fn, isa)                  \
	const struct extcrypt_xts_impl var = {                         \
		.name = impl_name,                                     \
		.usable = usable_fn,                                   \
		.setkey = extcrypt_x86_xts_setkey,                     \
		.cleanup = NULL,                                       \
		.encrypt = extcrypt_x86_xts_encrypt_##isa,             \
		.decrypt = extcrypt_x86_xts_decrypt_##isa,             \
	}

static X86_XTS_IMPL(vaes_avx512_clmul, "vaes-avx512-clmul", vaes_avx512_usable, vaes_avx512_clmul);
static X86_XTS_IMPL(vaes_avx512_alignr, "vaes-avx512-alignr", vaes_avx512_usable, vaes_avx512_alignr);
static X86_XTS_IMPL(vaes_avx2_clmul, "vaes-avx2-clmul", vaes_avx2_usable, vaes_avx2_clmul);
static X86_XTS_IMPL(vaes_avx2_alignr, "vaes-avx2-alignr", vaes_avx2_usable, vaes_avx2_alignr);
static X86_XTS_IMPL(aesni_avx, "aesni-avx", aesni_avx_usable, aesni_avx);
static X86_XTS_IMPL(aesni, "aesni", aesni_usable, aesni);

/* Widest first; the default is not simply the first usable one but the
 * rule's choice (extcrypt_arch_xts_preferred). */
const struct extcrypt_xts_impl *const extcrypt_arch_xts_impls[] = {
	&vaes_avx512_clmul,
	&vaes_avx512_alignr,
	&vaes_avx2_clmul,
	&vaes_avx2_alignr,
	&aesni_avx,
	&aesni,
	NULL,
};

static const struct extcrypt_xts_impl *from_choice(enum extcrypt_x86_xts_choice c)
{
	switch (c) {
	case EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL:
		return &vaes_avx512_clmul;
	case EXTCRYPT_X86_XTS_VAES_AVX512_ALIGNR:
		return &vaes_avx512_alignr;
	case EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL:
		return &vaes_avx2_clmul;
	case EXTCRYPT_X86_XTS_VAES_AVX2_ALIGNR:
		return &vaes_avx2_alignr;
	case EXTCRYPT_X86_XTS_AESNI_AVX:
		return &aesni_avx;
	case EXTCRYPT_X86_XTS_AESNI:
		return &aesni;
	case EXTCRYPT_X86_XTS_PORTABLE:
		break;
	}
	return &extcrypt_xts_portable;
}

const struct extcrypt_xts_impl *extcrypt_arch_xts_preferred(void)
{
	struct extcrypt_x86_cpu cpu;

	extcrypt_x86_cpu_identify(&cpu);
	return from_choice(extcrypt_x86_xts_rule(&cpu));
}

/*
 * The names of 1.0, before the tweak variants: each now stands for the
 * variant this CPU's vendor prefers, so EXTCRYPT_IMPL=vaes-avx512 still
 * forces 512-bit code, as it did.
 */
const struct extcrypt_xts_impl *extcrypt_arch_xts_alias(const char *name)
{
	struct extcrypt_x86_cpu cpu;
	bool clmul;

	if (strcmp(name, "vaes-avx512") != 0 && strcmp(name, "vaes-avx2") != 0)
		return NULL;
	extcrypt_x86_cpu_identify(&cpu);
	clmul = extcrypt_x86_xts_prefers_clmul(&cpu);
	if (strcmp(name, "vaes-avx512") == 0)
		return clmul ? &vaes_avx512_clmul : &vaes_avx512_alignr;
	return clmul ? &vaes_avx2_clmul : &vaes_avx2_alignr;
}
