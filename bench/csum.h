/* SPDX-License-Identifier: MIT */
/*
 * csum.h - extcrypt-bench's checksum rows: each btrfs checksum type over
 * 4 KiB sectors, and AES-256-XTS extent encryption with a crc32c per
 * sector, as two passes, through the ciphertext callback, and one unit
 * per call (each unit checksummed while still in L1).
 */
#ifndef EXTCRYPT_BENCH_CSUM_H
#define EXTCRYPT_BENCH_CSUM_H

#include <stddef.h>
#include <stdint.h>

#include "timing.h"

/* One row of a group: the first row of each group is its reference. */
struct csum_row {
	const char *op, *impl, *method;
	unsigned unit, per_call;
	bench_fn fn;
	void *arg;
};

#define CSUM_GROUP_MAX 6

struct csum_group {
	const char *title;
	size_t n;
	struct csum_row rows[CSUM_GROUP_MAX];
};

struct csum_bench;

/*
 * csum_bench_new makes the buffers, a v2 AES-256-XTS inode with 4 KiB
 * data units and one extent, checks that every way of checksumming gives
 * the same sums (and that decrypt verifies them), and fills `groups`
 * (room for `cap`) with the rows; `*n` gets their number.  Returns NULL
 * with a message on stderr on failure.
 */
struct csum_bench *csum_bench_new(struct csum_group *groups, size_t cap,
				  size_t *n);

void csum_bench_free(struct csum_bench *cb);

#endif /* EXTCRYPT_BENCH_CSUM_H */
