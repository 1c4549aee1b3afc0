/* SPDX-License-Identifier: MIT */
/* The table of fscrypt encryption modes. */
#ifndef EXTCRYPT_MODES_H
#define EXTCRYPT_MODES_H

#include <stdbool.h>
#include <stdint.h>

struct extcrypt_mode_info {
	const char *name;   /* kernel / fscrypt-crypt-util spelling */
	uint8_t key_size;   /* bytes */
	uint8_t strength;   /* security strength: minimum v2 master key size */
	uint8_t iv_size;    /* bytes */
	bool contents;      /* usable for file contents */
	bool filenames;     /* usable for filenames */
	bool implemented;   /* this library can encrypt with it */
};

/* The mode's row, or NULL for an unknown mode number. */
const struct extcrypt_mode_info *extcrypt_mode_lookup(int mode);

#endif /* EXTCRYPT_MODES_H */
