// SPDX-License-Identifier: MIT
/*
 * The checksum rows of extcrypt-bench (see csum.h).
 *
 * Checksum alone: extcrypt_csum_sectors over 16 sectors of 4 KiB (64 KiB,
 * in L2) per call, each type on the implementation this process uses.
 *
 * Encrypt + crc32c, 4 KiB units, 16 and 256 units per call:
 *   encrypt    extcrypt_extent_encrypt, no callback (the reference)
 *   2-pass     the same, then extcrypt_csum_sectors over the ciphertext
 *   callback   extcrypt_extent_encrypt with extcrypt_csum_callback (the
 *              library encrypts 16 units, then hands them to the callback)
 *   per-unit   one extcrypt_extent_encrypt call per unit with the callback:
 *              each unit is checksummed right after it is encrypted, in L1
 *              (what a fused XTS + crc32c loop would gain, without one)
 * and decrypt, with and without the verifying callback.
 */
#include <extcrypt/extcrypt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"

#define UNIT 4096u
#define MAX_UNITS 256u
#define FIRST_UNIT 1000u

struct csum_job {
	struct csum_bench *cb;
	int type;
	size_t units;
};

struct csum_bench {
	extcrypt_master_key *mk;
	extcrypt_inode *inode;
	extcrypt_extent *ext;
	extcrypt_csum *crc;
	uint8_t *pt, *ct, *out;
	uint8_t sums[MAX_UNITS * EXTCRYPT_CSUM_MAX_SIZE];
	struct csum_job jobs[16];
	size_t n_jobs;
	char method[4][64];
};

static void fatal(const char *what)
{
	fprintf(stderr, "extcrypt-bench: %s failed during timing (%s)\n", what,
		extcrypt_last_error());
	exit(1);
}

static void sectors(void *arg, uint64_t n)
{
	struct csum_job *j = arg;
	struct csum_bench *cb = j->cb;
	size_t written;

	for (uint64_t i = 0; i < n; i++)
		if (extcrypt_csum_sectors(j->type, UNIT, cb->ct, j->units * UNIT,
					  cb->sums, sizeof(cb->sums), &written))
			fatal("extcrypt_csum_sectors");
}

static void encrypt_only(void *arg, uint64_t n)
{
	struct csum_job *j = arg;
	struct csum_bench *cb = j->cb;

	for (uint64_t i = 0; i < n; i++)
		if (extcrypt_extent_encrypt(cb->ext, FIRST_UNIT, cb->pt, cb->ct,
					    j->units * UNIT, NULL, NULL))
			fatal("extcrypt_extent_encrypt");
}

static void encrypt_2pass(void *arg, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		encrypt_only(arg, 1);
		sectors(arg, 1);
	}
}

static void encrypt_callback(void *arg, uint64_t n)
{
	struct csum_job *j = arg;
	struct csum_bench *cb = j->cb;

	for (uint64_t i = 0; i < n; i++)
		if (extcrypt_csum_begin(cb->crc, FIRST_UNIT, cb->sums,
					sizeof(cb->sums)) ||
		    extcrypt_extent_encrypt(cb->ext, FIRST_UNIT, cb->pt, cb->ct,
					    j->units * UNIT,
					    extcrypt_csum_callback, cb->crc))
			fatal("extcrypt_extent_encrypt with the csum callback");
}

static void encrypt_per_unit(void *arg, uint64_t n)
{
	struct csum_job *j = arg;
	struct csum_bench *cb = j->cb;

	for (uint64_t i = 0; i < n; i++) {
		if (extcrypt_csum_begin(cb->crc, FIRST_UNIT, cb->sums,
					sizeof(cb->sums)))
			fatal("extcrypt_csum_begin");
		for (size_t u = 0; u < j->units; u++)
			if (extcrypt_extent_encrypt(cb->ext, FIRST_UNIT + u,
						    cb->pt + u * UNIT,
						    cb->ct + u * UNIT, UNIT,
						    extcrypt_csum_callback,
						    cb->crc))
				fatal("extcrypt_extent_encrypt per unit");
	}
}

static void decrypt_only(void *arg, uint64_t n)
{
	struct csum_job *j = arg;
	struct csum_bench *cb = j->cb;

	for (uint64_t i = 0; i < n; i++)
		if (extcrypt_extent_decrypt(cb->ext, FIRST_UNIT, cb->ct, cb->out,
					    j->units * UNIT, NULL, NULL))
			fatal("extcrypt_extent_decrypt");
}

static void decrypt_verify(void *arg, uint64_t n)
{
	struct csum_job *j = arg;
	struct csum_bench *cb = j->cb;

	for (uint64_t i = 0; i < n; i++)
		if (extcrypt_csum_begin_verify(cb->crc, FIRST_UNIT, cb->sums,
					       sizeof(cb->sums)) ||
		    extcrypt_extent_decrypt(cb->ext, FIRST_UNIT, cb->ct, cb->out,
					    j->units * UNIT,
					    extcrypt_csum_callback, cb->crc))
			fatal("extcrypt_extent_decrypt with the verifying callback");
}

static struct csum_bench *fail(struct csum_bench *cb, const char *what)
{
	fprintf(stderr, "extcrypt-bench: checksum rows: %s: %s\n", what,
		extcrypt_last_error());
	csum_bench_free(cb);
	return NULL;
}

static int make_extent(struct csum_bench *cb)
{
	uint8_t raw[64], id[16];
	extcrypt_policy *pol = NULL;
	int err;

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(7 * i + 5);
	err = extcrypt_master_key_new(raw, sizeof(raw), &cb->mk);
	if (!err) {
		extcrypt_master_key_identifier(cb->mk, id);
		err = extcrypt_policy_new(EXTCRYPT_MODE_AES_256_XTS,
					  EXTCRYPT_MODE_AES_256_CTS,
					  EXTCRYPT_POLICY_FLAGS_PAD_32, 0, id,
					  &pol);
	}
	if (!err)
		err = extcrypt_inode_new(cb->mk, pol, UNIT, &cb->inode);
	extcrypt_policy_free(pol);
	if (!err)
		err = extcrypt_extent_new(cb->inode, EXTCRYPT_EXTENT_DEFAULT,
					  &cb->ext);
	if (!err)
		err = extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 0, &cb->crc);
	return err;
}

/* All ways give the same crc32c sums, and decrypt accepts them. */
static int verify(struct csum_bench *cb)
{
	static uint8_t ref[MAX_UNITS * 4];
	struct csum_job j = { .cb = cb, .type = EXTCRYPT_CSUM_CRC32C,
			      .units = MAX_UNITS };

	encrypt_2pass(&j, 1);
	memcpy(ref, cb->sums, sizeof(ref));
	memset(cb->sums, 0, sizeof(cb->sums));
	encrypt_callback(&j, 1);
	if (memcmp(ref, cb->sums, sizeof(ref)) != 0)
		return -1;
	memset(cb->sums, 0, sizeof(cb->sums));
	encrypt_per_unit(&j, 1);
	if (memcmp(ref, cb->sums, sizeof(ref)) != 0)
		return -1;
	decrypt_verify(&j, 1);
	return memcmp(cb->out, cb->pt, MAX_UNITS * UNIT) == 0 ? 0 : -1;
}

static struct csum_job *job(struct csum_bench *cb, int type, size_t units)
{
	struct csum_job *j = &cb->jobs[cb->n_jobs++];

	*j = (struct csum_job){ .cb = cb, .type = type, .units = units };
	return j;
}

static void add(struct csum_group *g, const char *op, const char *impl,
		const char *method, size_t units, bench_fn fn, void *arg)
{
	g->rows[g->n++] = (struct csum_row){ .op = op, .impl = impl,
					     .method = method, .unit = UNIT,
					     .per_call = (unsigned)units,
					     .fn = fn, .arg = arg };
}

struct csum_bench *csum_bench_new(struct csum_group *groups, size_t cap,
				  size_t *n)
{
	struct csum_bench *cb = calloc(1, sizeof(*cb));
	struct csum_group *g;

	*n = 0;
	if (cb == NULL || cap < 4)
		return fail(cb, "allocation");
	cb->pt = malloc(MAX_UNITS * UNIT);
	cb->ct = malloc(MAX_UNITS * UNIT);
	cb->out = malloc(MAX_UNITS * UNIT);
	if (cb->pt == NULL || cb->ct == NULL || cb->out == NULL)
		return fail(cb, "allocation");
	for (size_t i = 0; i < MAX_UNITS * UNIT; i++)
		cb->pt[i] = (uint8_t)(i * 2654435761u >> 24);
	memset(cb->out, 0x5a, MAX_UNITS * UNIT);
	if (make_extent(cb))
		return fail(cb, "extent setup");
	if (verify(cb))
		return fail(cb, "MISMATCH between the checksum paths");

	g = &groups[(*n)++];
	*g = (struct csum_group){ .title = "btrfs checksums alone, 16 sectors "
					   "of 4 KiB per call (ratio: vs "
					   "crc32c)" };
	for (int t = 0; t < 4; t++) {
		if (extcrypt_csum_supported(t) != EXTCRYPT_OK)
			continue;
		snprintf(cb->method[t], sizeof(cb->method[t]),
			 "extcrypt_csum_sectors, %s", extcrypt_csum_impl_name(t));
		add(g, "csum", extcrypt_csum_name(t), cb->method[t], 16,
		    sectors, job(cb, t, 16));
	}
	for (size_t units = 16; units <= MAX_UNITS; units *= 16) {
		g = &groups[(*n)++];
		*g = (struct csum_group){ .title = "AES-256-XTS extent encrypt "
						   "+ crc32c per 4 KiB sector "
						   "(ratio: vs encrypt alone)" };
		add(g, "enc+csum", "none", "encrypt alone", units,
		    encrypt_only, job(cb, 0, units));
		add(g, "enc+csum", "2-pass", "encrypt, then checksum", units,
		    encrypt_2pass, job(cb, 0, units));
		add(g, "enc+csum", "callback", "extcrypt_csum_callback", units,
		    encrypt_callback, job(cb, 0, units));
		add(g, "enc+csum", "per-unit", "one call per unit, callback",
		    units, encrypt_per_unit, job(cb, 0, units));
	}
	g = &groups[(*n)++];
	*g = (struct csum_group){ .title = "AES-256-XTS extent decrypt, "
					   "crc32c verified by the callback "
					   "(ratio: vs decrypt alone)" };
	add(g, "dec+csum", "none", "decrypt alone", MAX_UNITS, decrypt_only,
	    job(cb, 0, MAX_UNITS));
	add(g, "dec+csum", "verify", "extcrypt_csum_callback verifying",
	    MAX_UNITS, decrypt_verify, job(cb, 0, MAX_UNITS));
	return cb;
}

void csum_bench_free(struct csum_bench *cb)
{
	if (cb == NULL)
		return;
	extcrypt_csum_free(cb->crc);
	extcrypt_extent_free(cb->ext);
	extcrypt_inode_free(cb->inode);
	extcrypt_master_key_free(cb->mk);
	free(cb->pt);
	free(cb->ct);
	free(cb->out);
	free(cb);
}
