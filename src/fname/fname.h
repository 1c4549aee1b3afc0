/* SPDX-License-Identifier: MIT */
/* Filename padding rules (fs/crypto/fname.c; docs/spec.md "Filenames"). */
#ifndef EXTCRYPT_FNAME_H
#define EXTCRYPT_FNAME_H

#include <stddef.h>
#include <stdint.h>

/* fscrypt never encrypts fewer than 16 bytes of name. */
#define EXTCRYPT_FNAME_MIN_MSG_LEN 16

/*
 * The encrypted size of a name of `name_len` bytes with policy `flags`:
 * max(name_len, 16) rounded up to the padding, then capped at `max_len`.
 * Returns 0 if the name does not fit (`name_len` > `max_len`).
 */
size_t extcrypt_fname_padded_len(size_t name_len, uint8_t flags,
				 size_t max_len);

#endif /* EXTCRYPT_FNAME_H */
