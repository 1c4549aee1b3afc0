/* SPDX-License-Identifier: MIT */
/*
 * The x86 AES-256-XTS implementations and the CPU features each needs.
 * Compiled for the baseline ISA: nothing here runs a newer instruction, so
 * usable() can be asked on any x86-64 CPU.
 */
#include <stddef.h>

#include "arch/x86/aes_key_expand.h"
#include "arch/x86/cpu_features.h"
#include "arch/x86/xts_x86.h"
#include "xts/xts_impl.h"

/* Key expansion (PSHUFB, AESENCLAST, AESIMC) is shared by all three. */
#define NEEDS_KEY_EXPAND (EXTCRYPT_X86_AESNI | EXTCRYPT_X86_SSSE3)

static bool aesni_usable(void)
{
	return extcrypt_x86_have(NEEDS_KEY_EXPAND);
}

static bool vaes_avx2_usable(void)
{
	return extcrypt_x86_have(NEEDS_KEY_EXPAND | EXTCRYPT_X86_PCLMULQDQ |
				 EXTCRYPT_X86_AVX | EXTCRYPT_X86_AVX2 |
				 EXTCRYPT_X86_VAES | EXTCRYPT_X86_VPCLMULQDQ);
}

static bool vaes_avx512_usable(void)
{
	return extcrypt_x86_have(NEEDS_KEY_EXPAND | EXTCRYPT_X86_PCLMULQDQ |
				 EXTCRYPT_X86_AVX | EXTCRYPT_X86_AVX2 |
				 EXTCRYPT_X86_VAES | EXTCRYPT_X86_VPCLMULQDQ |
				 EXTCRYPT_X86_AVX512F | EXTCRYPT_X86_AVX512BW |
				 EXTCRYPT_X86_AVX512VL);
}

const struct extcrypt_xts_impl extcrypt_xts_vaes_avx512 = {
	.name = "vaes-avx512",
	.usable = vaes_avx512_usable,
	.setkey = extcrypt_x86_xts_setkey,
	.cleanup = NULL,
	.encrypt = extcrypt_x86_xts_encrypt_vaes_avx512,
	.decrypt = extcrypt_x86_xts_decrypt_vaes_avx512,
};

const struct extcrypt_xts_impl extcrypt_xts_vaes_avx2 = {
	.name = "vaes-avx2",
	.usable = vaes_avx2_usable,
	.setkey = extcrypt_x86_xts_setkey,
	.cleanup = NULL,
	.encrypt = extcrypt_x86_xts_encrypt_vaes_avx2,
	.decrypt = extcrypt_x86_xts_decrypt_vaes_avx2,
};

const struct extcrypt_xts_impl extcrypt_xts_aesni = {
	.name = "aesni",
	.usable = aesni_usable,
	.setkey = extcrypt_x86_xts_setkey,
	.cleanup = NULL,
	.encrypt = extcrypt_x86_xts_encrypt_aesni,
	.decrypt = extcrypt_x86_xts_decrypt_aesni,
};

const struct extcrypt_xts_impl *const extcrypt_arch_xts_impls[] = {
	&extcrypt_xts_vaes_avx512,
	&extcrypt_xts_vaes_avx2,
	&extcrypt_xts_aesni,
	NULL,
};
