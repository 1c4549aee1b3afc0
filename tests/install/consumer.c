// SPDX-License-Identifier: MIT
/* A program outside the project, built against an installed libextcrypt. */
#include <extcrypt/extcrypt.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	static const uint8_t want[16] = { 0x69, 0xb2, 0xf6, 0xed, 0xee, 0xe7,
					  0x20, 0xcc, 0xe0, 0x57, 0x79, 0x37,
					  0xeb, 0x8a, 0x67, 0x51 };
	uint8_t raw[64], id[16];
	extcrypt_master_key *key;

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(i + 1);
	if (extcrypt_master_key_new(raw, sizeof(raw), &key) != EXTCRYPT_OK)
		return 1;
	extcrypt_master_key_identifier(key, id);
	extcrypt_master_key_free(key);
	if (memcmp(id, want, 16) != 0)
		return 1;
	printf("consumer: libextcrypt %s (%s), key identifier OK\n",
	       extcrypt_version_string(), extcrypt_xts_impl_name());
	return 0;
}
