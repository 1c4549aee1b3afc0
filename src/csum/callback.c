// SPDX-License-Identifier: MIT
/*
 * The checksummer: an extcrypt_unit_callback that fills or checks an
 * array of per-sector btrfs checksums while the extent API encrypts or
 * decrypts.  On encrypt the extent code calls it right after a small batch
 * of units is produced, so the ciphertext is read while still in cache.
 *
 * Checksums cover public ciphertext and are no secret: the verify compare
 * is a plain memcmp, and the mismatch message shows both values.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common/internal.h"
#include "csum/engine.h"
#include "extcrypt/csum.h"

enum mode { MODE_NONE, MODE_FILL, MODE_VERIFY };

struct extcrypt_csum {
	struct csum_engine eng;
	uint32_t sector_size; /* 0: one sector per data unit */
	enum mode mode;
	uint64_t first_unit;
	uint8_t *sums; /* const in MODE_VERIFY */
	size_t slots;  /* checksums that fit in the array */
	/* The first failure since begin, for extcrypt_csum_result. */
	int status;
	uint64_t bad_sector, bad_unit;
	size_t unit_len;
	uint8_t got[EXTCRYPT_CSUM_MAX_SIZE], want[EXTCRYPT_CSUM_MAX_SIZE];
};

EXTCRYPT_API int extcrypt_csum_new(int type, uint32_t sector_size,
				   extcrypt_csum **out)
{
	struct extcrypt_csum *cs;
	int err;

	if (out == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "csum: NULL out");
	*out = NULL;
	if (sector_size != 0 &&
	    (!extcrypt_is_pow2(sector_size) || sector_size < 512 ||
	     sector_size > 65536))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "csum: sector size %u is not 0 or a power "
				     "of two from 512 to 65536", sector_size);
	cs = calloc(1, sizeof(*cs));
	if (cs == NULL)
		return extcrypt_fail(EXTCRYPT_E_NOMEM, "csum: out of memory");
	err = extcrypt_csum_engine_init(&cs->eng, type);
	if (err) {
		extcrypt_csum_engine_clear(&cs->eng);
		free(cs);
		return err;
	}
	cs->sector_size = sector_size;
	cs->status = EXTCRYPT_E_STATE;
	*out = cs;
	return EXTCRYPT_OK;
}

EXTCRYPT_API void extcrypt_csum_free(extcrypt_csum *cs)
{
	if (cs == NULL)
		return;
	extcrypt_csum_engine_clear(&cs->eng);
	free(cs);
}

static int begin(extcrypt_csum *cs, enum mode mode, uint64_t first_unit,
		 const uint8_t *sums, size_t sums_len)
{
	if (cs == NULL || (sums == NULL && sums_len != 0))
		return extcrypt_fail(EXTCRYPT_E_INVALID,
				     "csum: NULL checksummer or array");
	cs->mode = mode;
	cs->first_unit = first_unit;
	/* Never written through in MODE_VERIFY. */
	cs->sums = (uint8_t *)(uintptr_t)sums;
	cs->slots = sums_len / cs->eng.size;
	cs->status = EXTCRYPT_OK;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_csum_begin(extcrypt_csum *cs, uint64_t first_unit,
				     uint8_t *sums, size_t sums_cap)
{
	return begin(cs, MODE_FILL, first_unit, sums, sums_cap);
}

EXTCRYPT_API int extcrypt_csum_begin_verify(extcrypt_csum *cs,
					    uint64_t first_unit,
					    const uint8_t *sums,
					    size_t sums_len)
{
	return begin(cs, MODE_VERIFY, first_unit, sums, sums_len);
}

static int reject(struct extcrypt_csum *cs, int status, uint64_t unit,
		  size_t unit_len)
{
	cs->status = status;
	cs->bad_unit = unit;
	cs->unit_len = unit_len;
	return 1;
}

/* Index of the unit's first sector in the array, or a status. */
static int locate(const struct extcrypt_csum *cs, uint64_t unit,
		  size_t per_unit, uint64_t *first_sector)
{
	uint64_t rel;

	if (unit < cs->first_unit)
		return EXTCRYPT_E_RANGE;
	rel = unit - cs->first_unit;
	if (rel >= cs->slots / per_unit) /* also keeps rel * per_unit small */
		return EXTCRYPT_E_OUTPUT_SPACE;
	*first_sector = rel * per_unit;
	return EXTCRYPT_OK;
}

EXTCRYPT_API int extcrypt_csum_callback(void *arg, uint64_t unit,
					const uint8_t *ct, size_t unit_len)
{
	struct extcrypt_csum *cs = arg;
	size_t sector, per_unit, size;
	uint64_t first;
	int err;

	if (cs == NULL)
		return 1;
	if (cs->status != EXTCRYPT_OK) /* no begin, or failed already */
		return 1;
	if (ct == NULL)
		return reject(cs, EXTCRYPT_E_INVALID, unit, unit_len);
	sector = cs->sector_size ? cs->sector_size : unit_len;
	if (sector == 0 || unit_len % sector != 0)
		return reject(cs, EXTCRYPT_E_ALIGNMENT, unit, unit_len);
	per_unit = unit_len / sector;
	err = locate(cs, unit, per_unit, &first);
	if (err)
		return reject(cs, err, unit, unit_len);
	size = cs->eng.size;
	for (size_t k = 0; k < per_unit; k++) {
		uint8_t *slot = cs->sums + (first + k) * size;
		uint8_t *dst = cs->mode == MODE_FILL ? slot : cs->got;

		if (extcrypt_csum_engine_sector(&cs->eng, ct + k * sector,
						sector, dst))
			return reject(cs, EXTCRYPT_E_CRYPTO, unit, unit_len);
		/* Public data: no need for a constant-time compare. */
		if (cs->mode == MODE_VERIFY && memcmp(dst, slot, size) != 0) {
			cs->bad_sector = first + k;
			memcpy(cs->want, slot, size);
			return reject(cs, EXTCRYPT_E_REJECTED, unit, unit_len);
		}
	}
	return 0;
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

EXTCRYPT_API int extcrypt_csum_result(const extcrypt_csum *cs,
				      uint64_t *bad_sector)
{
	char got[2 * EXTCRYPT_CSUM_MAX_SIZE + 1];
	char want[2 * EXTCRYPT_CSUM_MAX_SIZE + 1];
	const char *name;
	unsigned long long unit;

	if (cs == NULL)
		return extcrypt_fail(EXTCRYPT_E_INVALID, "csum: NULL checksummer");
	name = extcrypt_csum_name(cs->eng.type);
	unit = (unsigned long long)cs->bad_unit;
	switch (cs->status) {
	case EXTCRYPT_OK:
		return EXTCRYPT_OK;
	case EXTCRYPT_E_STATE:
		return extcrypt_fail(cs->status, "csum: no begin call before "
						 "the callback");
	case EXTCRYPT_E_REJECTED:
		if (bad_sector != NULL)
			*bad_sector = cs->bad_sector;
		hex(got, cs->got, cs->eng.size);
		hex(want, cs->want, cs->eng.size);
		return extcrypt_fail(cs->status,
				     "csum: %s of sector %llu (data unit %llu) "
				     "is %s, %s is stored", name,
				     (unsigned long long)cs->bad_sector, unit,
				     got, want);
	case EXTCRYPT_E_ALIGNMENT:
		return extcrypt_fail(cs->status,
				     "csum: data unit %llu is %zu bytes, not a "
				     "multiple of the %u-byte sector", unit,
				     cs->unit_len, cs->sector_size);
	case EXTCRYPT_E_RANGE:
	case EXTCRYPT_E_OUTPUT_SPACE:
		return extcrypt_fail(cs->status,
				     "csum: data unit %llu is outside the array "
				     "(first unit %llu, room for %zu checksums)",
				     unit, (unsigned long long)cs->first_unit,
				     cs->slots);
	case EXTCRYPT_E_INVALID:
		return extcrypt_fail(cs->status, "csum: data unit %llu came "
						 "without its ciphertext", unit);
	default:
		return extcrypt_fail(cs->status, "csum: %s failed on data unit "
						 "%llu", name, unit);
	}
}
