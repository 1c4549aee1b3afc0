// SPDX-License-Identifier: MIT
/*
 * XXH64 from libxxhash, which is optional at build time (CMake defines
 * EXTCRYPT_HAVE_XXHASH when pkg-config finds it).  Without it the type
 * reports EXTCRYPT_E_UNSUPPORTED and this file computes nothing.
 */
#include "csum/engine.h"

#ifdef EXTCRYPT_HAVE_XXHASH
#include <xxhash.h>

int extcrypt_xxhash64_available(void)
{
	return 1;
}

uint64_t extcrypt_xxhash64(const uint8_t *p, size_t len)
{
	return (uint64_t)XXH64(p, len, 0);
}

const char *extcrypt_xxhash64_impl(void)
{
	return "libxxhash";
}
#else
int extcrypt_xxhash64_available(void)
{
	return 0;
}

uint64_t extcrypt_xxhash64(const uint8_t *p, size_t len)
{
	(void)p;
	(void)len;
	return 0;
}

const char *extcrypt_xxhash64_impl(void)
{
	return "unsupported";
}
#endif
