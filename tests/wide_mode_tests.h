/* SPDX-License-Identifier: MIT */
/*
 * The test loops HCTR2 and Adiantum share (check_hctr2.c,
 * check_adiantum.c): reference vectors four ways, and the
 * fscrypt-crypt-util cases.
 */
#ifndef EXTCRYPT_TEST_WIDE_MODE_TESTS_H
#define EXTCRYPT_TEST_WIDE_MODE_TESTS_H

#include <stddef.h>
#include <stdint.h>

#include "json_vectors.h"

/* The raw-key functions of a tweakable wide-block mode. */
typedef int (*wide_tweak_fn)(const uint8_t key[32], const uint8_t *tweak,
			     size_t tweak_len, const uint8_t *src,
			     uint8_t *dst, size_t len);

struct wide_mode {
	const char *name;   /* in messages: "HCTR2", "Adiantum" */
	const char *source; /* where its reference vectors come from */
	wide_tweak_fn encrypt_tweak, decrypt_tweak; /* any tweak length */
	extcrypt_wide_fn encrypt, decrypt;          /* fscrypt's 32 bytes */
};

/*
 * Every vector of the JSON file `json` (under the vector directory;
 * exactly `count` of them) encrypted and decrypted, out of place and in
 * place, and through the fscrypt form when the tweak is 32 bytes.
 */
void wide_check_reference_vectors(const struct wide_mode *m, const char *json,
				  size_t count);

/*
 * The fscrypt-crypt-util cases (tests/vectors/fscrypt_wide_modes.txt) of
 * mode `fscrypt_mode`: asserts `names` filename cases and `contents`
 * contents cases, all passing.
 */
void wide_check_fscrypt_cases(const struct wide_mode *m,
			      const char *fscrypt_mode, size_t names,
			      size_t contents);

#endif /* EXTCRYPT_TEST_WIDE_MODE_TESTS_H */
