// SPDX-License-Identifier: MIT
/*
 * Per-sector checksums of the four btrfs types, each from a well-kept
 * library except CRC-32C (crc32c.c and the arch code): OpenSSL's SHA-256,
 * libsodium's BLAKE2b (crypto_generichash with a 32-byte output, which is
 * BLAKE2b-256 proper; OpenSSL 3.0's BLAKE2B-512 has a fixed size) and
 * libxxhash's XXH64.  Integers are stored little-endian, as btrfs does.
 */
#include <pthread.h>
#include <sodium.h>

#include "common/internal.h"
#include "csum/crc32c.h"
#include "csum/engine.h"
#include "extcrypt/csum.h"

/* Fetched once: an explicit fetch spares every EVP_DigestInit_ex2 the
 * provider lookup that EVP_sha256() would cost. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void free_sha256(void)
{
	EVP_MD_free(sha256_md);
	sha256_md = NULL;
}

static void fetch_sha256(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
	extcrypt_at_unload(free_sha256);
}

int extcrypt_csum_engine_init(struct csum_engine *e, int type)
{
	int err = extcrypt_csum_supported(type);

	*e = (struct csum_engine){ .type = type };
	if (err)
		return err;
	err = extcrypt_lib_init(); /* libsodium picks its BLAKE2b code */
	if (err)
		return err;
	e->size = extcrypt_csum_size(type);
	if (type == EXTCRYPT_CSUM_SHA256) {
		(void)pthread_once(&sha256_once, fetch_sha256);
		if (sha256_md == NULL)
			return extcrypt_fail(EXTCRYPT_E_CRYPTO,
					     "csum: OpenSSL has no SHA256");
		e->md = EVP_MD_CTX_new();
		if (e->md == NULL)
			return extcrypt_fail(EXTCRYPT_E_NOMEM,
					     "csum: EVP_MD_CTX_new failed");
	}
	if (type == EXTCRYPT_CSUM_CRC32C)
		(void)extcrypt_crc32c_best(); /* choose now, not mid-I/O */
	return EXTCRYPT_OK;
}

void extcrypt_csum_engine_clear(struct csum_engine *e)
{
	EVP_MD_CTX_free(e->md);
	e->md = NULL;
}

int extcrypt_csum_engine_sector(struct csum_engine *e, const uint8_t *p,
				size_t len, uint8_t *out)
{
	switch (e->type) {
	case EXTCRYPT_CSUM_CRC32C:
		extcrypt_put_le32(out, extcrypt_crc32c(p, len));
		return EXTCRYPT_OK;
	case EXTCRYPT_CSUM_XXHASH64:
		extcrypt_put_le64(out, extcrypt_xxhash64(p, len));
		return EXTCRYPT_OK;
	case EXTCRYPT_CSUM_SHA256:
		if (EVP_DigestInit_ex2(e->md, sha256_md, NULL) != 1 ||
		    EVP_DigestUpdate(e->md, p, len) != 1 ||
		    EVP_DigestFinal_ex(e->md, out, NULL) != 1)
			return extcrypt_fail(EXTCRYPT_E_CRYPTO,
					     "csum: OpenSSL SHA-256 failed");
		return EXTCRYPT_OK;
	default: /* BLAKE2B_256; init accepted nothing else */
		/* Cannot fail with these lengths (32-byte output, no key). */
		(void)crypto_generichash(out, 32, p, len, NULL, 0);
		return EXTCRYPT_OK;
	}
}
