// SPDX-License-Identifier: MIT
#include "extcrypt/extcrypt.h"

EXTCRYPT_API unsigned extcrypt_version_number(void)
{
	return EXTCRYPT_VERSION_NUMBER;
}

EXTCRYPT_API const char *extcrypt_version_string(void)
{
	return EXTCRYPT_VERSION_STRING;
}
