// SPDX-License-Identifier: MIT
/*
 * btrfs checksum types: names, sizes, availability, and checksums of a
 * run of sectors.
 */
#include <strings.h>

#include "common/internal.h"
#include "csum/crc32c.h"
#include "csum/engine.h"
#include "extcrypt/csum.h"

static const struct {
	const char *name;
	size_t size;
} types[] = {
	[EXTCRYPT_CSUM_CRC32C] = { "crc32c", 4 },
	[EXTCRYPT_CSUM_XXHASH64] = { "xxhash64", 8 },
	[EXTCRYPT_CSUM_SHA256] = { "sha256", 32 },
	[EXTCRYPT_CSUM_BLAKE2B_256] = { "blake2b", 32 },
};

/* Other spellings: mkfs.btrfs --csum takes crc32c, xxhash, sha256,
 * blake2; the kernel's crypto driver for blake2b is "blake2b-256". */
static const struct {
	const char *name;
	int type;
} aliases[] = {
	{ "crc32", EXTCRYPT_CSUM_CRC32C },
	{ "xxhash", EXTCRYPT_CSUM_XXHASH64 },
	{ "blake2", EXTCRYPT_CSUM_BLAKE2B_256 },
	{ "blake2b-256", EXTCRYPT_CSUM_BLAKE2B_256 },
};

static bool known(int type)
{
	return type >= 0 && (size_t)type < ARRAY_SIZE(types);
}

EXTCRYPT_API const char *extcrypt_csum_name(int type)
{
	return known(type) ? types[type].name : NULL;
}

EXTCRYPT_API int extcrypt_csum_type_from_name(const char *name)
{
	if (name == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "csum: NULL name");
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (strcasecmp(name, types[i].name) == 0)
			return (int)i;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcasecmp(name, aliases[i].name) == 0)
			return aliases[i].type;
	return extcrypt_fail(EXTCRYPT_E_INVALID,
			     "csum: unknown checksum type '%.64s'", name);
}

EXTCRYPT_API size_t extcrypt_csum_size(int type)
{
	return known(type) ? types[type].size : 0;
}

EXTCRYPT_API int extcrypt_csum_supported(int type)
{
	if (!known(type))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "csum: unknown checksum type %d", type);
	if (type == EXTCRYPT_CSUM_XXHASH64 && !extcrypt_xxhash64_available())
		return extcrypt_fail(EXTCRYPT_E_UNSUPPORTED,
				     "csum: xxhash64 needs libxxhash, which this "
				     "build of libextcrypt was made without");
	return EXTCRYPT_OK;
}

EXTCRYPT_API const char *extcrypt_csum_impl_name(int type)
{
	switch (type) {
	case EXTCRYPT_CSUM_CRC32C:
		return extcrypt_crc32c_best()->name;
	case EXTCRYPT_CSUM_XXHASH64:
		return extcrypt_xxhash64_impl();
	case EXTCRYPT_CSUM_SHA256:
		return "openssl";
	case EXTCRYPT_CSUM_BLAKE2B_256:
		return "libsodium";
	default:
		return NULL;
	}
}

EXTCRYPT_API int extcrypt_csum_sectors(int type, uint32_t sector_size,
				       const uint8_t *data, size_t len,
				       uint8_t *out, size_t out_cap,
				       size_t *out_len)
{
	struct csum_engine e;
	size_t n;
	int err;

	if ((data == NULL && len != 0) || out == NULL || out_len == NULL ||
	    sector_size == 0)
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "csum: NULL buffer or sector size 0");
	err = extcrypt_csum_supported(type);
	if (err)
		return err;
	if (len % sector_size != 0)
		return extcrypt_fail(EXTCRYPT_E_ALIGNMENT,
				     "csum: length %zu is not a multiple of the "
				     "sector size %u", len, sector_size);
	n = len / sector_size;
	if (n > out_cap / extcrypt_csum_size(type))
		return extcrypt_fail(EXTCRYPT_E_OUTPUT_SPACE,
				     "csum: %zu checksums of %zu bytes need more "
				     "than %zu bytes", n, extcrypt_csum_size(type),
				     out_cap);
	err = extcrypt_csum_engine_init(&e, type);
	/* A failure halfway (OpenSSL only) wipes what was written. */
	for (size_t i = 0; err == 0 && i < n; i++)
		err = extcrypt_csum_engine_sector(&e, data + i * sector_size,
						  sector_size,
						  out + i * e.size);
	if (err)
		memset(out, 0, n * extcrypt_csum_size(type));
	else
		*out_len = n * extcrypt_csum_size(type);
	extcrypt_csum_engine_clear(&e);
	return err;
}
