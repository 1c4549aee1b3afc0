/* SPDX-License-Identifier: MIT */
/*
 * One btrfs checksum type, ready to checksum sectors: what csum.c's
 * one-shot function and the callback object share.  Not installed.
 */
#ifndef EXTCRYPT_CSUM_ENGINE_H
#define EXTCRYPT_CSUM_ENGINE_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

struct csum_engine {
	int type;
	size_t size;
	EVP_MD_CTX *md; /* SHA-256 only: reused for every sector */
};

/*
 * Prepares `e` for `type`.  Returns EXTCRYPT_OK, or with nothing to free:
 * EXTCRYPT_E_INVALID, EXTCRYPT_E_UNSUPPORTED, EXTCRYPT_E_NOMEM,
 * EXTCRYPT_E_CRYPTO (each with its message).
 */
int extcrypt_csum_engine_init(struct csum_engine *e, int type);

void extcrypt_csum_engine_clear(struct csum_engine *e);

/* Writes the checksum of p[0..len) (e->size bytes) to `out`.  Returns
 * EXTCRYPT_OK or EXTCRYPT_E_CRYPTO (OpenSSL failed; message set). */
int extcrypt_csum_engine_sector(struct csum_engine *e, const uint8_t *p,
				size_t len, uint8_t *out);

/* xxhash64.c: XXH64 with seed 0 if this build has libxxhash. */
int extcrypt_xxhash64_available(void);
uint64_t extcrypt_xxhash64(const uint8_t *p, size_t len);
const char *extcrypt_xxhash64_impl(void);

#endif /* EXTCRYPT_CSUM_ENGINE_H */
