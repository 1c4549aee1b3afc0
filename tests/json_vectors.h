/* SPDX-License-Identifier: MIT */
/*
 * Test-only helpers shared by tests/check_hctr2.c and tests/check_adiantum.c:
 *
 *  - a minimal JSON reader for the google/hctr2 and google/adiantum
 *    test-vector files (an array of objects holding key_hex, tweak_hex,
 *    plaintext_hex, ciphertext_hex and description at any depth);
 *  - a reader for the line-based fscrypt vector format
 *    (tests/vectors/fscrypt_wide_modes.txt);
 *  - a checker for those fscrypt cases against a wide-block mode;
 *  - hex decoding and vector-path helpers.
 *
 * Not part of the library.
 */
#ifndef EXTCRYPT_TEST_JSON_VECTORS_H
#define EXTCRYPT_TEST_JSON_VECTORS_H

#include <stddef.h>
#include <stdint.h>

/* Absolute path of tests/vectors, normally given by the build. */
#ifndef EXTCRYPT_TEST_VECTOR_DIR
#define EXTCRYPT_TEST_VECTOR_DIR "tests/vectors"
#endif

/* One cipher test vector (buffers are malloc'ed, never NULL once loaded). */
struct extcrypt_tv {
	char *description;
	uint8_t *key;
	size_t key_len;
	uint8_t *tweak;
	size_t tweak_len;
	uint8_t *plaintext;
	size_t plaintext_len;
	uint8_t *ciphertext;
	size_t ciphertext_len;
};

struct extcrypt_tv_set {
	struct extcrypt_tv *v;
	size_t n;
};

/* dir + "/" + rel, malloc'ed (NULL on allocation failure). */
char *extcrypt_tv_path(const char *dir, const char *rel);

/*
 * Decode lowercase or uppercase hex.  Returns a malloc'ed buffer (at least
 * one byte, even for ""), or NULL on odd length / bad digit.
 */
uint8_t *extcrypt_tv_hex_decode(const char *hex, size_t hex_len,
				size_t *out_len);

/*
 * Load a google/hctr2- or google/adiantum-style JSON file.  Every array
 * element must provide key_hex, tweak_hex, plaintext_hex and
 * ciphertext_hex of equal plaintext/ciphertext length.  Returns 0 on
 * success, -1 on any I/O, syntax or content error (message on stderr).
 */
int extcrypt_tv_load_json(const char *path, struct extcrypt_tv_set *out);
void extcrypt_tv_free(struct extcrypt_tv_set *set);

/* fscrypt vector file: each case is a list of name=value fields. */
struct extcrypt_fscase_field {
	char *name;
	char *value;
};

struct extcrypt_fscase {
	struct extcrypt_fscase_field *f;
	size_t n;
};

struct extcrypt_fscase_set {
	struct extcrypt_fscase *c;
	size_t n;
};

/* Returns 0 on success, -1 on error (message on stderr). */
int extcrypt_fscase_load(const char *path, struct extcrypt_fscase_set *out);
void extcrypt_fscase_free(struct extcrypt_fscase_set *set);
/* Value of a field, or NULL if absent. */
const char *extcrypt_fscase_get(const struct extcrypt_fscase *c,
				const char *name);
/* Hex field decoded (malloc'ed), or NULL if absent or malformed. */
uint8_t *extcrypt_fscase_hex(const struct extcrypt_fscase *c, const char *name,
			     size_t *len);

/* The public signature of the fscrypt wide-block modes. */
typedef int (*extcrypt_wide_fn)(const uint8_t key[32], const uint8_t tweak[32],
				const uint8_t *src, uint8_t *dst, size_t len);

/*
 * Check one fscrypt case (kind filename or contents, policy NONE or
 * DIRECT_KEY) against a wide-block mode: the IV is rebuilt from the case
 * and compared with its `iv` field; filenames are zero-padded to
 * min(roundup(max(len, 16), padding), 255); each data unit j of contents
 * uses the IV of index data_unit_index + j.  Encryption and decryption are
 * checked out of place and in place.  Returns 0 if everything matches,
 * -1 otherwise (reason on stderr).
 */
int extcrypt_fscase_check_wide(const struct extcrypt_fscase *c,
			       extcrypt_wide_fn enc, extcrypt_wide_fn dec);

#endif /* EXTCRYPT_TEST_JSON_VECTORS_H */
