// SPDX-License-Identifier: MIT
/*
 * The mode table: mode numbers, key sizes, security strengths and IV
 * sizes, as the kernel's fscrypt_modes[] table defines them (docs/spec.md,
 * "Modes"), and each mode's operations (src/cipher/mode_*.c).
 */
#include "extcrypt/policy.h"

#include "common/internal.h"
#include "cipher/modes.h"

#define ROW(num, ...) [num] = { num, __VA_ARGS__ }
#define XTS_FLAGS (EXTCRYPT_MODE_F_LBLK_IVS | EXTCRYPT_MODE_F_IMPLS)

static const struct extcrypt_mode_info modes[] = {
	/* number, name, key, strength, IV, contents, filenames, flags, ops */
	ROW(EXTCRYPT_MODE_AES_256_XTS, "AES-256-XTS", 64, 32, 16, true, false,
	    XTS_FLAGS, &extcrypt_mode_xts_ops),
	ROW(EXTCRYPT_MODE_AES_256_CTS, "AES-256-CTS-CBC", 32, 32, 16, false, true,
	    0, &extcrypt_mode_cts_ops),
	ROW(EXTCRYPT_MODE_AES_128_CBC, "AES-128-CBC-ESSIV", 16, 16, 16, true, false,
	    EXTCRYPT_MODE_F_WHOLE_BLOCKS, &extcrypt_mode_essiv_ops),
	ROW(EXTCRYPT_MODE_AES_128_CTS, "AES-128-CTS-CBC", 16, 16, 16, false, true,
	    0, &extcrypt_mode_cts_ops),
	/* SM4 (v2 policies only): OpenSSL's SM4, not constant time. */
	ROW(EXTCRYPT_MODE_SM4_XTS, "SM4-XTS", 32, 16, 16, true, false, 0,
	    &extcrypt_mode_sm4_xts_ops),
	ROW(EXTCRYPT_MODE_SM4_CTS, "SM4-CTS-CBC", 16, 16, 16, false, true, 0,
	    &extcrypt_mode_sm4_cts_ops),
	ROW(EXTCRYPT_MODE_ADIANTUM, "Adiantum", 32, 32, 32, true, true, 0,
	    &extcrypt_mode_adiantum_ops),
	ROW(EXTCRYPT_MODE_AES_256_HCTR2, "AES-256-HCTR2", 32, 32, 32, false, true,
	    0, &extcrypt_mode_hctr2_ops),
};

const struct extcrypt_mode_info *extcrypt_mode_lookup(int mode)
{
	if (mode < 0 || (size_t)mode >= ARRAY_SIZE(modes) ||
	    modes[mode].name == NULL)
		return NULL;
	return &modes[mode];
}

EXTCRYPT_API const char *extcrypt_mode_name(int mode)
{
	const struct extcrypt_mode_info *m = extcrypt_mode_lookup(mode);

	return m != NULL ? m->name : NULL;
}

EXTCRYPT_API size_t extcrypt_mode_key_size(int mode)
{
	const struct extcrypt_mode_info *m = extcrypt_mode_lookup(mode);

	return m != NULL ? m->key_size : 0;
}

EXTCRYPT_API int extcrypt_mode_supported(int mode)
{
	const struct extcrypt_mode_info *m = extcrypt_mode_lookup(mode);

	return m != NULL && m->ops != NULL;
}
