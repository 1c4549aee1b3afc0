// SPDX-License-Identifier: MIT
/*
 * Multi-buffer SHA-512: every implementation this build has and this CPU
 * runs, against OpenSSL's SHA512 for every lane count, and the batched
 * HKDF-Expand against the single one for batches of 1..17 (and more).
 * CTest runs this program also with EXTCRYPT_DISABLE_CPU_FEATURES set, to
 * check that the choice follows the CPU features.
 */
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "kdf/hkdf_sha512.h"
#include "kdf/sha512_blocks.h"
#include "kdf/sha512_mb.h"
#include "util/test_util.h"

static const char *const impl_names[] = { "portable", "avx2", "avx512" };

/* The implementation called `name` if this build has it and the CPU runs
 * it; NULL otherwise (the test then has nothing to check for it). */
static const struct extcrypt_sha512_mb_impl *usable(const char *name)
{
	const struct extcrypt_sha512_mb_impl *impl =
		extcrypt_sha512_mb_by_name(name);

	return impl != NULL && impl->usable() ? impl : NULL;
}

static void put_lane_block(struct extcrypt_sha512_mb_block *blk, unsigned l,
			   const uint8_t bytes[128])
{
	for (int j = 0; j < 16; j++) {
		uint64_t v = 0;

		for (int b = 0; b < 8; b++)
			v = v << 8 | bytes[8 * j + b];
		blk->w[j][l] = v;
	}
}

/* Message `msg` (len <= 239) as one or two padded blocks. */
static unsigned pad_message(const uint8_t *msg, size_t len, uint8_t out[256])
{
	unsigned blocks = len + 17 <= 128 ? 1 : 2;

	memset(out, 0, 256);
	memcpy(out, msg, len);
	out[len] = 0x80;
	for (int b = 0; b < 8; b++)
		out[128 * blocks - 1 - b] = (uint8_t)((uint64_t)len * 8 >> (8 * b));
	return blocks;
}

/* n lanes of messages of random lengths (up to two blocks, the second
 * block starting from the first's chaining value), against SHA512(). */
static void check_lanes(const struct extcrypt_sha512_mb_impl *impl,
			unsigned n, uint64_t *seed)
{
	uint8_t msg[8][239], padded[8][256], want[64];
	size_t len[8];
	unsigned blocks[8];
	struct extcrypt_sha512_mb_state st;
	struct extcrypt_sha512_mb_block blk;
	struct extcrypt_sha512_state iv;

	extcrypt_sha512_init_state(&iv);
	memset(&blk, 0, sizeof(blk));
	for (unsigned l = 0; l < 8; l++)
		for (int j = 0; j < 8; j++)
			st.h[j][l] = iv.h[j];
	for (unsigned l = 0; l < n; l++) {
		len[l] = tu_rand_u64(seed) % 240;
		tu_rand(seed, msg[l], len[l]);
		blocks[l] = pad_message(msg[l], len[l], padded[l]);
	}
	for (unsigned b = 0; b < 2; b++) {
		for (unsigned l = 0; l < n; l++)
			put_lane_block(&blk, l, padded[l] + 128 * (b < blocks[l] ? b : 0));
		/* A lane with one block keeps its state from the first pass. */
		struct extcrypt_sha512_mb_state before = st;

		impl->compress(&st, &blk, n);
		for (unsigned l = 0; l < n; l++)
			if (b >= blocks[l])
				for (int j = 0; j < 8; j++)
					st.h[j][l] = before.h[j][l];
	}
	for (unsigned l = 0; l < n; l++) {
		SHA512(msg[l], len[l], want);
		for (int j = 0; j < 8; j++) {
			uint64_t w = 0;

			for (int b = 0; b < 8; b++)
				w = w << 8 | want[8 * j + b];
			ck_assert_msg(st.h[j][l] == w,
				      "%s: lane %u of %u, %zu bytes: word %d differs",
				      impl->name, l, n, len[l], j);
		}
	}
}

START_TEST(test_compress_vs_openssl)
{
	uint64_t seed = 0x5eed5a512ULL;

	for (size_t i = 0; i < sizeof(impl_names) / sizeof(impl_names[0]); i++) {
		const struct extcrypt_sha512_mb_impl *impl = usable(impl_names[i]);

		if (impl == NULL)
			continue;
		for (unsigned n = 1; n <= EXTCRYPT_SHA512_MB_LANES; n++)
			for (int rep = 0; rep < 20; rep++)
				check_lanes(impl, n, &seed);
	}
}
END_TEST

/* The batched Expand equals the single one, for every batch size 1..17
 * (whole passes, partial passes, fewer lanes than a pass needs), a few
 * larger ones, output lengths 1..64, and the not-one-block fallback. */
static void check_expand(const struct extcrypt_sha512_mb_impl *impl,
			 size_t n, size_t info_len, size_t out_len,
			 uint64_t *seed)
{
	struct extcrypt_hmac_sha512_key prk;
	uint8_t raw[64], prefix[9] = "fscrypt";
	uint8_t *infos = malloc(n * info_len + 1);
	uint8_t *got = malloc(n * out_len), want[256];
	const uint8_t **info_p = malloc(n * sizeof(*info_p));
	uint8_t **out_p = malloc(n * sizeof(*out_p));

	ck_assert(infos && got && info_p && out_p);
	tu_rand(seed, raw, sizeof(raw));
	extcrypt_hmac_sha512_prepare(&prk, raw, sizeof(raw));
	prefix[8] = (uint8_t)tu_rand_u64(seed);
	tu_rand(seed, infos, n * info_len);
	for (size_t i = 0; i < n; i++) {
		info_p[i] = infos + i * info_len;
		out_p[i] = got + i * out_len;
	}
	extcrypt_hkdf_sha512_expand_mb(&prk, prefix, sizeof(prefix), info_p,
				       info_len, out_p, out_len, n, impl);
	for (size_t i = 0; i < n; i++) {
		extcrypt_hkdf_sha512_expand(&prk, prefix, sizeof(prefix),
					    info_p[i], info_len, want, out_len);
		ck_assert_msg(memcmp(out_p[i], want, out_len) == 0,
			      "%s: entry %zu of %zu (info %zu, out %zu) differs",
			      impl ? impl->name : "best", i, n, info_len, out_len);
	}
	free(infos), free(got), free(info_p), free(out_p);
}

START_TEST(test_expand_batches)
{
	uint64_t seed = 17;
	static const size_t big[] = { 63, 64, 65, 200 };

	for (size_t i = 0; i < sizeof(impl_names) / sizeof(impl_names[0]); i++) {
		const struct extcrypt_sha512_mb_impl *impl = usable(impl_names[i]);

		if (impl == NULL)
			continue;
		for (size_t n = 1; n <= 17; n++) {
			check_expand(impl, n, 16, 64, &seed);
			check_expand(impl, n, 16, 1 + tu_rand_u64(&seed) % 64, &seed);
			check_expand(impl, n, tu_rand_u64(&seed) % 102, 32, &seed);
		}
		for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++)
			check_expand(impl, big[k], 16, 64, &seed);
		/* Not the one-block kind: falls back, same results. */
		check_expand(impl, 9, 120, 64, &seed);
		check_expand(impl, 9, 16, 100, &seed);
	}
	check_expand(NULL, 11, 16, 64, &seed);
}
END_TEST

/* The automatic choice follows the CPU features and their test hook. */
START_TEST(test_choice)
{
	const struct extcrypt_sha512_mb_impl *best = extcrypt_sha512_mb_best();
	const char *off = getenv("EXTCRYPT_DISABLE_CPU_FEATURES");

	ck_assert(best->usable());
	ck_assert_ptr_eq(extcrypt_sha512_mb_by_name(best->name), best);
	ck_assert_ptr_null(extcrypt_sha512_mb_by_name("no-such"));
	ck_assert(usable("portable") != NULL);
	if (off != NULL && (strstr(off, "avx2") || strstr(off, "all")))
		ck_assert_str_eq(best->name, "portable");
	else if (off != NULL && strstr(off, "avx512"))
		ck_assert_str_ne(best->name, "avx512");
	else if (usable("avx512") != NULL)
		ck_assert_str_eq(best->name, "avx512");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sha512_mb");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_compress_vs_openssl);
	tcase_add_test(tc, test_expand_batches);
	tcase_add_test(tc, test_choice);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
