// SPDX-License-Identifier: MIT
/*
 * No-key names (fs/crypto/fname.c: struct fscrypt_nokey_name,
 * fscrypt_fname_disk_to_usr, fscrypt_setup_filename, fscrypt_match_name;
 * docs/spec.md).  base64url without padding comes from libsodium, the
 * SHA-256 of long names from OpenSSL.
 */
#include <openssl/sha.h>
#include <sodium.h>

#include "common/internal.h"
#include "extcrypt/nokey_name.h"
#include "fname/fname.h"

#define DIRHASH_SIZE 8
#define SHORT_MAX (DIRHASH_SIZE + EXTCRYPT_NOKEY_NAME_BYTES) /* 157 */

/* Fills the unencoded no-key name of `ct`; returns its size. */
static size_t nokey_name_bytes(const uint8_t *ct, size_t len, uint32_t hash,
			       uint32_t minor_hash,
			       uint8_t buf[EXTCRYPT_NOKEY_NAME_MAX])
{
	/* The kernel stores the dirhash in CPU order; little-endian here. */
	extcrypt_put_le32(buf, hash);
	extcrypt_put_le32(buf + 4, minor_hash);
	if (len <= EXTCRYPT_NOKEY_NAME_BYTES) {
		memcpy(buf + DIRHASH_SIZE, ct, len);
		return DIRHASH_SIZE + len;
	}
	memcpy(buf + DIRHASH_SIZE, ct, EXTCRYPT_NOKEY_NAME_BYTES);
	SHA256(ct + EXTCRYPT_NOKEY_NAME_BYTES, len - EXTCRYPT_NOKEY_NAME_BYTES,
	       buf + SHORT_MAX);
	return EXTCRYPT_NOKEY_NAME_MAX;
}

EXTCRYPT_API int extcrypt_nokey_name_encode(const uint8_t *ciphertext,
					    size_t len, uint32_t hash,
					    uint32_t minor_hash, char *out,
					    size_t out_cap, size_t *out_len)
{
	uint8_t buf[EXTCRYPT_NOKEY_NAME_MAX];
	size_t n, enc_len;
	int err = extcrypt_lib_init();

	if (err)
		return err;
	if (ciphertext == NULL || out == NULL || out_len == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	if (len < EXTCRYPT_FNAME_MIN_MSG_LEN)
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "encrypted name of %zu bytes; at least 16",
				     len);
	n = nokey_name_bytes(ciphertext, len, hash, minor_hash, buf);
	/* libsodium's size includes the NUL it writes. */
	enc_len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (out_cap < enc_len)
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "no-key name needs %zu bytes, have %zu",
				     enc_len, out_cap);
	sodium_bin2base64(out, out_cap, buf, n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	*out_len = enc_len - 1;
	return EXTCRYPT_OK;
}

/* Decodes a no-key name as fscrypt_setup_filename accepts it; returns the
 * decoded size or a negative status. */
static int nokey_name_decode(const char *nokey, size_t nokey_len,
			     uint8_t buf[EXTCRYPT_NOKEY_NAME_MAX])
{
	size_t n;

	if (nokey_len == 0 || nokey_len > EXTCRYPT_NOKEY_NAME_MAX_ENCODED)
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "no-key name of %zu characters; must be 1..252",
				     nokey_len);
	/* Strict: characters of the alphabet only, no '=', zero leftover
	 * bits, no length of the form 4k + 1. */
	if (sodium_base642bin(buf, EXTCRYPT_NOKEY_NAME_MAX, nokey, nokey_len,
			      NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "no-key name is not valid base64url");
	if (n < DIRHASH_SIZE + 1 || (n > SHORT_MAX && n != EXTCRYPT_NOKEY_NAME_MAX))
		return extcrypt_fail(EXTCRYPT_E_BAD_NAME,
				     "no-key name decodes to %zu bytes; must be 9..157 or 189",
				     n);
	return (int)n;
}

EXTCRYPT_API int extcrypt_nokey_name_match(const char *nokey, size_t nokey_len,
					   const uint8_t *ciphertext,
					   size_t len, uint32_t hash,
					   uint32_t minor_hash)
{
	uint8_t buf[EXTCRYPT_NOKEY_NAME_MAX], digest[SHA256_DIGEST_LENGTH];
	int n = extcrypt_lib_init();

	/* fscrypt_match_name ignores the dirhash (see nokey_name.h). */
	(void)hash, (void)minor_hash;
	if (n)
		return n;
	if (nokey == NULL || (ciphertext == NULL && len != 0))
		return extcrypt_fail(EXTCRYPT_E_INVALID, "NULL argument");
	n = nokey_name_decode(nokey, nokey_len, buf);
	if (n < 0)
		return n;
	if (n != EXTCRYPT_NOKEY_NAME_MAX) /* the whole ciphertext */
		return len == (size_t)n - DIRHASH_SIZE &&
		       memcmp(ciphertext, buf + DIRHASH_SIZE, len) == 0;
	if (len <= EXTCRYPT_NOKEY_NAME_BYTES ||
	    memcmp(ciphertext, buf + DIRHASH_SIZE, EXTCRYPT_NOKEY_NAME_BYTES) != 0)
		return 0;
	SHA256(ciphertext + EXTCRYPT_NOKEY_NAME_BYTES,
	       len - EXTCRYPT_NOKEY_NAME_BYTES, digest);
	return memcmp(digest, buf + SHORT_MAX, sizeof(digest)) == 0;
}
