/* SPDX-License-Identifier: MIT */
/*
 * The arm64 AES-256-XTS implementation and the CPU feature it needs.
 * Compiled for baseline ARMv8-A: nothing here executes a crypto-extension
 * instruction, so usable() can be asked on any arm64 CPU.
 */
#include <stddef.h>

#include "arch/arm64/aes_key_expand.h"
#include "arch/arm64/cpu_features.h"
#include "arch/arm64/xts_ce.h"
#include "xts/xts_impl.h"

static bool arm64_ce_usable(void)
{
	/* Key expansion and data path use only the AES instructions; the
	 * tweak arithmetic is plain Advanced SIMD, which every arm64 CPU
	 * running Linux has. */
	return extcrypt_arm64_have(EXTCRYPT_ARM64_AES);
}

const struct extcrypt_xts_impl extcrypt_xts_arm64_ce = {
	.name = "arm64-ce",
	.usable = arm64_ce_usable,
	.setkey = extcrypt_arm64_xts_setkey,
	.cleanup = NULL,
	.encrypt = extcrypt_arm64_xts_encrypt_ce,
	.decrypt = extcrypt_arm64_xts_decrypt_ce,
};

const struct extcrypt_xts_impl *const extcrypt_arch_xts_impls[] = {
	&extcrypt_xts_arm64_ce,
	NULL,
};
