/* SPDX-License-Identifier: MIT */
/*
 * Multi-buffer SHA-512: one compression per lane, up to 8 independent
 * lanes at a time, for deriving many HKDF-Expand outputs at once.
 *
 * A single SHA-512 compression is a chain of 80 dependent rounds that no
 * implementation can shorten; independent messages can share the vector
 * instructions instead, one 64-bit lane each (AVX-512: 8 lanes in a zmm
 * register, AVX2: 4 in a ymm).  The data is word-sliced so that a vector
 * load gives word j of every lane: that is the layout below, and the
 * callers build it directly, with no transposition in the kernels.
 *
 * Every kernel is constant time: the only table, the round constants, is
 * indexed by the round number.
 */
#ifndef EXTCRYPT_SHA512_MB_H
#define EXTCRYPT_SHA512_MB_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXTCRYPT_SHA512_MB_LANES 8

/* Chaining values: word j (FIPS 180-4's H_j) of lane l at h[j][l]. */
struct extcrypt_sha512_mb_state {
	alignas(64) uint64_t h[8][EXTCRYPT_SHA512_MB_LANES];
};

/* Message blocks: word j (big-endian bytes 8j..8j+7, as a host-order
 * integer) of lane l at w[j][l]. */
struct extcrypt_sha512_mb_block {
	alignas(64) uint64_t w[16][EXTCRYPT_SHA512_MB_LANES];
};

/*
 * Compresses lane l of `blk` into lane l of `st` for l < n (1 <= n <= 8).
 * Kernels may also compute lanes n..7 (in whole groups of their width):
 * their words must be initialised, and their results are meaningless.
 */
typedef void (*extcrypt_sha512_mb_fn)(struct extcrypt_sha512_mb_state *st,
				      const struct extcrypt_sha512_mb_block *blk,
				      unsigned n);

struct extcrypt_sha512_mb_impl {
	const char *name;
	unsigned width;    /* lanes one pass computes */
	/* Fewest lanes for which a pass beats that many single-stream
	 * compressions; below it, callers use the single-stream path. */
	unsigned min_lanes;
	bool (*usable)(void);
	extcrypt_sha512_mb_fn compress;
};

/* The 80 round constants K_t of FIPS 180-4, section 4.2.3. */
extern const uint64_t extcrypt_sha512_k[80];

/* OpenSSL's single-block compression, once per lane.  Always usable. */
extern const struct extcrypt_sha512_mb_impl extcrypt_sha512_mb_portable;

/* The architecture's kernels, fastest first, NULL-terminated (defined in
 * src/arch/<arch>/, or empty). */
extern const struct extcrypt_sha512_mb_impl *const extcrypt_arch_sha512_mb_impls[];

/*
 * The fastest usable implementation, chosen once from the CPU features
 * (which EXTCRYPT_DISABLE_CPU_FEATURES can restrict).  Thread-safe.
 */
const struct extcrypt_sha512_mb_impl *extcrypt_sha512_mb_best(void);

/* The implementation called `name` ("portable", "avx2", "avx512"), or
 * NULL if this build has none of that name.  For tests and the bench. */
const struct extcrypt_sha512_mb_impl *extcrypt_sha512_mb_by_name(const char *name);

#endif /* EXTCRYPT_SHA512_MB_H */
