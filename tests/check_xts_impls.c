/* SPDX-License-Identifier: MIT */
/*
 * Every AES-256-XTS implementation of this architecture (x86-64 or arm64)
 * that this CPU can run, checked against
 * OpenSSL's EVP_aes_256_xts: many unit sizes and counts, IVs whose +i
 * carries cross 32, 64 and 128 bits, in place and out of place, unaligned
 * buffers, both directions; plus no access outside the buffers, and the
 * architecture's key schedules (AES-NI, ARMv8 CE) against a plain C
 * reference.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__aarch64__)

#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xts/xts_impl.h"

/* The architecture's key expansion, under common names. */
#if defined(__x86_64__)
#include "arch/x86/aes_key_expand.h"
#include "arch/x86/cpu_features.h"
#include "arch/x86/xts_x86.h"
#define ARCH_LABEL "x86"
#define arch_aes256_expand_enc extcrypt_x86_aes256_expand_enc
#define arch_aes256_make_dec extcrypt_x86_aes256_make_dec
#define arch_xts_setkey extcrypt_x86_xts_setkey
static int arch_have_key_expand(void)
{
	return extcrypt_x86_have(EXTCRYPT_X86_AESNI | EXTCRYPT_X86_SSSE3);
}
#else
#include "arch/arm64/aes_key_expand.h"
#include "arch/arm64/cpu_features.h"
#define ARCH_LABEL "arm64"
#define arch_aes256_expand_enc extcrypt_arm64_aes256_expand_enc
#define arch_aes256_make_dec extcrypt_arm64_aes256_make_dec
#define arch_xts_setkey extcrypt_arm64_xts_setkey
static int arch_have_key_expand(void)
{
	return extcrypt_arm64_have(EXTCRYPT_ARM64_AES);
}
#endif

/* ---- helpers ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	/* splitmix64: deterministic, seeded per test */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rng_next();
}

/* OpenSSL rejects XTS keys whose halves are equal. */
static void random_xts_key(uint8_t key[64])
{
	do
		rng_fill(key, 64);
	while (memcmp(key, key + 32, 32) == 0);
}

static const struct extcrypt_xts_impl *impl_at(int i)
{
	return extcrypt_arch_xts_impls[i];
}

static int impl_count(void)
{
	int n = 0;

	while (extcrypt_arch_xts_impls[n])
		n++;
	return n;
}

/* Adds i to a 128-bit little-endian number. */
static void iv_add(uint8_t out[16], const uint8_t iv[16], uint64_t i)
{
	unsigned carry = 0;

	for (int b = 0; b < 16; b++) {
		unsigned sum = iv[b] + (unsigned)((b < 8) ? (uint8_t)(i >> (8 * b)) : 0) + carry;

		out[b] = (uint8_t)sum;
		carry = sum >> 8;
	}
}

static void reference_xts(const uint8_t key[64], int enc, const uint8_t iv[16],
			  const uint8_t *in, uint8_t *out, size_t unit_len,
			  size_t nunits)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_CipherInit_ex(ctx, EVP_aes_256_xts(), NULL, key, NULL, enc), 1);
	for (size_t u = 0; u < nunits; u++) {
		uint8_t tweak[16];
		int outl = 0;

		iv_add(tweak, iv, u);
		ck_assert_int_eq(EVP_CipherInit_ex(ctx, NULL, NULL, NULL, tweak, -1), 1);
		ck_assert_int_eq(EVP_CipherUpdate(ctx, out + u * unit_len, &outl,
						  in + u * unit_len, (int)unit_len), 1);
		ck_assert_int_eq(outl, (int)unit_len);
	}
	EVP_CIPHER_CTX_free(ctx);
}

enum iv_kind { IV_RANDOM, IV_NEAR_2_32, IV_NEAR_2_64, IV_NEAR_2_128, IV_KINDS };

static const char *const iv_kind_name[IV_KINDS] = {
	"random", "near 2^32", "near 2^64", "near 2^128",
};

/* An IV whose low bytes are a few units short of a carry, so that iv + i
 * crosses it within the call. */
static void make_iv(uint8_t iv[16], enum iv_kind kind, size_t nunits)
{
	uint64_t back = 1 + rng_next() % (nunits > 1 ? nunits - 1 : 1);
	uint64_t lo = rng_next(), hi = rng_next();

	switch (kind) {
	case IV_RANDOM:
		break;
	case IV_NEAR_2_32:
		lo = (lo & ~0xffffffffull) | (0x100000000ull - back);
		break;
	case IV_NEAR_2_64:
		lo = 0 - back;
		break;
	case IV_NEAR_2_128:
		lo = 0 - back;
		hi = ~0ull;
		break;
	default:
		break;
	}
	for (int b = 0; b < 8; b++) {
		iv[b] = (uint8_t)(lo >> (8 * b));
		iv[8 + b] = (uint8_t)(hi >> (8 * b));
	}
}

struct xts_case {
	size_t unit_len, nunits;
	enum iv_kind iv_kind;
	size_t src_off, dst_off; /* misalignment of the buffers */
	int in_place;
	int enc;
};

static void describe(char *buf, size_t n, const char *impl, const struct xts_case *c)
{
	snprintf(buf, n, "%s %s unit_len=%zu nunits=%zu iv=%s %s src+%zu dst+%zu",
		 impl, c->enc ? "encrypt" : "decrypt", c->unit_len, c->nunits,
		 iv_kind_name[c->iv_kind], c->in_place ? "in-place" : "out-of-place",
		 c->src_off, c->dst_off);
}

/* Runs one case through `impl` and OpenSSL; fails the test on a mismatch or
 * on a write outside the destination. */
static void run_case(const struct extcrypt_xts_impl *impl, const struct xts_case *c)
{
	const size_t len = c->unit_len * c->nunits;
	const size_t guard = 64;
	uint8_t key[64], iv[16];
	struct extcrypt_xts_key k;
	uint8_t *in = malloc(len);
	uint8_t *expect = malloc(len);
	uint8_t *src_buf = malloc(len + 2 * guard);
	uint8_t *dst_buf = malloc(len + 2 * guard);
	char what[256];

	ck_assert(in && expect && src_buf && dst_buf);
	describe(what, sizeof(what), impl->name, c);
	random_xts_key(key);
	make_iv(iv, c->iv_kind, c->nunits);
	rng_fill(in, len);
	reference_xts(key, c->enc, iv, in, expect, c->unit_len, c->nunits);

	memset(&k, 0, sizeof(k));
	ck_assert_int_eq(impl->setkey(&k, key), 0);
	k.impl = impl;

	uint8_t *src = src_buf + guard + c->src_off;
	uint8_t *dst = c->in_place ? src : dst_buf + guard + c->dst_off;
	uint8_t *out_buf = c->in_place ? src_buf : dst_buf;

	memset(src_buf, 0xa5, len + 2 * guard);
	memset(dst_buf, 0x5a, len + 2 * guard);
	memcpy(src, in, len);
	int ret = c->enc ? impl->encrypt(&k, iv, src, dst, c->unit_len, c->nunits)
			 : impl->decrypt(&k, iv, src, dst, c->unit_len, c->nunits);
	ck_assert_msg(ret == 0, "%s: returned %d", what, ret);
	if (memcmp(dst, expect, len) != 0) {
		size_t i = 0;

		while (dst[i] == expect[i])
			i++;
		ck_abort_msg("%s: differs from OpenSSL at byte %zu (unit %zu, block %zu)",
			     what, i, i / c->unit_len, (i % c->unit_len) / 16);
	}
	/* Nothing written around the output (the bytes there keep their fill). */
	const uint8_t fill = c->in_place ? 0xa5 : 0x5a;
	const size_t off = c->in_place ? c->src_off : c->dst_off;
	for (size_t i = 0; i < guard + off; i++)
		ck_assert_msg(out_buf[i] == fill, "%s: wrote before the output", what);
	for (size_t i = guard + off + len; i < len + 2 * guard; i++)
		ck_assert_msg(out_buf[i] == fill, "%s: wrote past the output", what);
	if (!c->in_place)
		ck_assert_msg(memcmp(src, in, len) == 0, "%s: modified the source", what);

	free(in);
	free(expect);
	free(src_buf);
	free(dst_buf);
}

/* Announces which implementation a test is running, or why it skips it. */
static const struct extcrypt_xts_impl *impl_for_test(int i, const char *test)
{
	const struct extcrypt_xts_impl *impl = impl_at(i);

	if (!impl->usable()) {
		printf("  %s: %s not usable on this CPU, skipped\n", test, impl->name);
		fflush(stdout);
		return NULL;
	}
	printf("  %s: testing %s\n", test, impl->name);
	fflush(stdout);
	return impl;
}

/* ---- data path against OpenSSL ---------------------------------------- */

static const size_t unit_sizes[] = {
	16, 32, 48, 64, 80, 112, 128, 144, 240, 256, 272, 496, 512,
	16 * 37, 1024, 4096, 4112, 65536,
};

static const size_t unit_counts[] = { 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 64 };

static const size_t offsets[] = { 0, 1, 3, 15 };

/* Every unit size with every count (capped in total size), the IV kind,
 * alignment, placement and direction rotating through their values. */
START_TEST(test_sizes_and_counts)
{
	const struct extcrypt_xts_impl *impl = impl_for_test(_i, "sizes and counts");
	unsigned n = 0;

	if (!impl)
		return;
	rng_state = 0x1234 + (uint64_t)_i;
	for (size_t s = 0; s < sizeof(unit_sizes) / sizeof(unit_sizes[0]); s++) {
		for (size_t u = 0; u < sizeof(unit_counts) / sizeof(unit_counts[0]); u++, n++) {
			struct xts_case c = {
				.unit_len = unit_sizes[s],
				.nunits = unit_counts[u],
				.iv_kind = (enum iv_kind)(n % IV_KINDS),
				.src_off = offsets[n % 4],
				.dst_off = offsets[(n / 4) % 4],
				.in_place = (n / 3) % 2,
			};

			if (c.unit_len * c.nunits > (1u << 20))
				continue;
			c.enc = 1;
			run_case(impl, &c);
			c.enc = 0;
			run_case(impl, &c);
		}
	}
}
END_TEST

/* Every IV kind x alignment x placement x direction, on a few shapes
 * including the big ones. */
START_TEST(test_ivs_and_alignment)
{
	static const struct { size_t unit_len, nunits; } shapes[] = {
		{ 16, 64 }, { 48, 5 }, { 512, 8 }, { 4096, 3 }, { 4112, 2 },
		{ 65536, 2 }, { 16 * 37, 64 },
	};
	const struct extcrypt_xts_impl *impl = impl_for_test(_i, "IVs and alignment");

	if (!impl)
		return;
	rng_state = 0x5678 + (uint64_t)_i;
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
		for (int kind = 0; kind < IV_KINDS; kind++)
			for (size_t o = 0; o < 4; o++)
				for (int in_place = 0; in_place < 2; in_place++)
					for (int enc = 0; enc < 2; enc++) {
						struct xts_case c = {
							.unit_len = shapes[s].unit_len,
							.nunits = shapes[s].nunits,
							.iv_kind = (enum iv_kind)kind,
							.src_off = offsets[o],
							.dst_off = offsets[3 - o],
							.in_place = in_place,
							.enc = enc,
						};
						run_case(impl, &c);
					}
}
END_TEST

/* Buffers that end right at an inaccessible page, and start right after
 * one: any read or write outside them faults. */
START_TEST(test_no_access_outside_buffers)
{
	const struct extcrypt_xts_impl *impl = impl_for_test(_i, "buffer bounds");
	const size_t page = (size_t)sysconf(_SC_PAGESIZE);
	static const size_t lens[] = { 16, 32, 48, 64, 80, 208, 240, 272, 4112 };

	if (!impl)
		return;
	rng_state = 0x9abc + (uint64_t)_i;
	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		const size_t len = lens[l];
		const size_t span = (len + page - 1) / page * page;
		uint8_t *map = mmap(NULL, span + 2 * page, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint8_t key[64], iv[16], expect[4112], at_end_data[4112];
		struct extcrypt_xts_key k;

		ck_assert(map != MAP_FAILED);
		ck_assert_int_eq(mprotect(map, page, PROT_NONE), 0);
		ck_assert_int_eq(mprotect(map + page + span, page, PROT_NONE), 0);
		uint8_t *at_start = map + page;
		uint8_t *at_end = map + page + span - len;

		random_xts_key(key);
		rng_fill(iv, 16);
		rng_fill(at_end_data, len);
		ck_assert_int_eq(impl->setkey(&k, key), 0);
		for (int enc = 0; enc < 2; enc++) {
			reference_xts(key, enc, iv, at_end_data, expect, len, 1);
			/* in place at the end, then out of place to the start */
			memcpy(at_end, at_end_data, len);
			(enc ? impl->encrypt : impl->decrypt)(&k, iv, at_end, at_end, len, 1);
			ck_assert(memcmp(at_end, expect, len) == 0);
			memcpy(at_end, at_end_data, len);
			(enc ? impl->encrypt : impl->decrypt)(&k, iv, at_end, at_start, len, 1);
			ck_assert(memcmp(at_start, expect, len) == 0);
		}
		munmap(map, span + 2 * page);
	}
}
END_TEST

/* Long calls (1024 units): the next unit's tweak is prepared while the
 * current one is processed, so exercise that hand-over many times, across
 * every IV carry. */
START_TEST(test_many_units)
{
	const struct extcrypt_xts_impl *impl = impl_for_test(_i, "many units");

	if (!impl)
		return;
	rng_state = 0xdef0 + (uint64_t)_i;
	for (int kind = 0; kind < IV_KINDS; kind++) {
		struct xts_case c = {
			.unit_len = 512, .nunits = 1024, .iv_kind = (enum iv_kind)kind,
			.enc = kind % 2,
		};
		run_case(impl, &c);
	}
}
END_TEST

/* ---- key schedule ------------------------------------------------------ */

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
	uint8_t p = 0;

	while (b) {
		if (b & 1)
			p ^= a;
		a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
		b >>= 1;
	}
	return p;
}

/* S-box computed from its definition (inverse in GF(2^8), then the affine
 * map), so the test depends on no table typed in by hand. */
static uint8_t sbox(uint8_t x)
{
	uint8_t inv = 0;

	for (unsigned c = 1; c < 256 && x; c++)
		if (gf_mul(x, (uint8_t)c) == 1)
			inv = (uint8_t)c;
	uint8_t s = inv;
	for (int r = 1; r < 5; r++)
		s ^= (uint8_t)((inv << r) | (inv >> (8 - r)));
	return s ^ 0x63;
}

static void reference_expand(const uint8_t key[32], uint8_t enc[15][16])
{
	uint8_t w[60][4];
	uint8_t rcon = 1;

	memcpy(w, key, 32);
	for (int i = 8; i < 60; i++) {
		uint8_t t[4];

		memcpy(t, w[i - 1], 4);
		if (i % 8 == 0) {
			uint8_t r0 = t[0];

			t[0] = (uint8_t)(sbox(t[1]) ^ rcon);
			t[1] = sbox(t[2]);
			t[2] = sbox(t[3]);
			t[3] = sbox(r0);
			rcon = gf_mul(rcon, 2);
		} else if (i % 8 == 4) {
			for (int b = 0; b < 4; b++)
				t[b] = sbox(t[b]);
		}
		for (int b = 0; b < 4; b++)
			w[i][b] = w[i - 8][b] ^ t[b];
	}
	memcpy(enc, w, 240);
}

static void inv_mix_columns(uint8_t out[16], const uint8_t in[16])
{
	for (int c = 0; c < 4; c++) {
		const uint8_t *a = in + 4 * c;

		for (int r = 0; r < 4; r++)
			out[4 * c + r] = gf_mul(a[r], 14) ^ gf_mul(a[(r + 1) % 4], 11) ^
					 gf_mul(a[(r + 2) % 4], 13) ^ gf_mul(a[(r + 3) % 4], 9);
	}
}

static void reference_dec(const uint8_t enc[15][16], uint8_t dec[15][16])
{
	memcpy(dec[0], enc[14], 16);
	for (int i = 1; i < 14; i++)
		inv_mix_columns(dec[i], enc[14 - i]);
	memcpy(dec[14], enc[0], 16);
}

START_TEST(test_key_schedule_fips197)
{
	/* FIPS-197 appendix A.3 key; last round key from the same appendix. */
	static const uint8_t key[32] = {
		0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
		0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
		0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4,
	};
	static const uint8_t last[16] = {
		0xfe, 0x48, 0x90, 0xd1, 0xe6, 0x18, 0x8d, 0x0b, 0x04, 0x6d, 0xf3,
		0x44, 0x70, 0x6c, 0x63, 0x1e,
	};
	uint8_t ref[15][16], got[15][16];

	if (!arch_have_key_expand())
		return;
	reference_expand(key, ref);
	ck_assert(memcmp(ref[14], last, 16) == 0);
	arch_aes256_expand_enc(key, got);
	ck_assert(memcmp(got, ref, sizeof(ref)) == 0);
}
END_TEST

START_TEST(test_key_schedule_random)
{
	if (!arch_have_key_expand()) {
		printf("  key schedule: no AES instructions, skipped\n");
		return;
	}
	rng_state = 0x4242;
	for (int n = 0; n < 200; n++) {
		uint8_t key[64], ref_enc[15][16], ref_dec[15][16], ref_tweak[15][16];
		uint8_t got[15][16], got_dec[15][16];
		struct extcrypt_xts_key k;

		rng_fill(key, 64);
		reference_expand(key, ref_enc);
		reference_dec(ref_enc, ref_dec);
		reference_expand(key + 32, ref_tweak);

		arch_aes256_expand_enc(key, got);
		ck_assert_msg(memcmp(got, ref_enc, sizeof(got)) == 0, "expand_enc, key %d", n);
		arch_aes256_make_dec(got, got_dec);
		ck_assert_msg(memcmp(got_dec, ref_dec, sizeof(got)) == 0, "make_dec, key %d", n);

		memset(&k, 0, sizeof(k));
		ck_assert_int_eq(arch_xts_setkey(&k, key), 0);
		ck_assert_msg(memcmp(k.enc, ref_enc, sizeof(got)) == 0, "setkey enc, key %d", n);
		ck_assert_msg(memcmp(k.dec, ref_dec, sizeof(got)) == 0, "setkey dec, key %d", n);
		ck_assert_msg(memcmp(k.tweak_enc, ref_tweak, sizeof(got)) == 0,
			      "setkey tweak, key %d", n);
	}
}
END_TEST

/* ---- CPU feature detection ------------------------------------------- */

#if defined(__x86_64__)
static const char *self_path;

/* The feature mask a fresh process of this program reports with the given
 * EXTCRYPT_DISABLE_CPU_FEATURES (NULL: unset). */
static uint32_t features_in_child(const char *disable)
{
	int fds[2];
	char buf[32] = { 0 };
	pid_t pid;
	int status;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		if (disable)
			setenv("EXTCRYPT_DISABLE_CPU_FEATURES", disable, 1);
		else
			unsetenv("EXTCRYPT_DISABLE_CPU_FEATURES");
		execl(self_path, self_path, "--print-cpu-features", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	ck_assert_int_gt(read(fds[0], buf, sizeof(buf) - 1), 0);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return (uint32_t)strtoul(buf, NULL, 16);
}

START_TEST(test_cpu_feature_disable_hook)
{
	const uint32_t avx512 = EXTCRYPT_X86_AVX512F | EXTCRYPT_X86_AVX512BW |
				EXTCRYPT_X86_AVX512VL;
	uint32_t all = features_in_child(NULL);
	uint32_t f;

	printf("  cpu features: 0x%x\n", all);
	f = features_in_child("avx512,vaes");
	ck_assert_uint_eq(f, all & ~(avx512 | EXTCRYPT_X86_VAES));
	f = features_in_child("avx");
	ck_assert_uint_eq(f & (EXTCRYPT_X86_AVX | EXTCRYPT_X86_AVX2 | EXTCRYPT_X86_VAES |
			       avx512 | EXTCRYPT_X86_VPCLMULQDQ), 0);
	ck_assert_uint_eq(f & EXTCRYPT_X86_AESNI, all & EXTCRYPT_X86_AESNI);
	f = features_in_child("aesni,bogus");
	ck_assert_uint_eq(f, all & ~(EXTCRYPT_X86_AESNI | EXTCRYPT_X86_VAES));
	ck_assert_uint_eq(features_in_child("all"), 0);
	/* AVX-512 is only ever reported together with the AVX state it
	 * builds on. */
	if (all & EXTCRYPT_X86_AVX512F)
		ck_assert(all & EXTCRYPT_X86_AVX);
}
END_TEST

#else /* __aarch64__ */

/* The features detected afresh with the given EXTCRYPT_DISABLE_CPU_FEATURES
 * (NULL: unset).  No child process: under qemu user-mode emulation the test
 * cannot exec itself, so it asks the uncached detection directly. */
static uint32_t features_with(const char *disable)
{
	if (disable)
		setenv("EXTCRYPT_DISABLE_CPU_FEATURES", disable, 1);
	else
		unsetenv("EXTCRYPT_DISABLE_CPU_FEATURES");
	return extcrypt_arm64_cpu_features_uncached();
}

START_TEST(test_cpu_feature_disable_hook)
{
	const char *saved = getenv("EXTCRYPT_DISABLE_CPU_FEATURES");
	char *restore = saved ? strdup(saved) : NULL;
	uint32_t all = features_with(NULL);

	printf("  cpu features: 0x%x\n", all);
	/* The cached answer is the one for the environment at first use. */
	features_with(restore);
	ck_assert_uint_eq(extcrypt_arm64_cpu_features(),
			  extcrypt_arm64_cpu_features_uncached());

	ck_assert_uint_eq(features_with("aes"), all & ~EXTCRYPT_ARM64_AES);
	ck_assert_uint_eq(features_with("aes"), 0); /* the only feature */
	ck_assert_uint_eq(features_with("bogus,aes"), 0);
	/* Unknown names, other architectures' among them, are ignored. */
	ck_assert_uint_eq(features_with("avx512,pmull,"), all);
	ck_assert_uint_eq(features_with(""), all);
	ck_assert_uint_eq(features_with("all"), 0);
	/* Whatever the test ran with (e.g. a run with the hook set), the
	 * descriptor follows the cached bits. */
	const struct extcrypt_xts_impl *ce = extcrypt_xts_impl_by_name("arm64-ce");
	ck_assert_ptr_nonnull(ce);
	ck_assert_int_eq(ce->usable(), extcrypt_arm64_have(EXTCRYPT_ARM64_AES));

	features_with(restore);
	free(restore);
}
END_TEST

#endif

static Suite *xts_impls_suite(void)
{
	Suite *s = suite_create("xts_impls");
	TCase *tc = tcase_create("data");
	int n = impl_count();

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_sizes_and_counts, 0, n);
	tcase_add_loop_test(tc, test_ivs_and_alignment, 0, n);
	tcase_add_loop_test(tc, test_no_access_outside_buffers, 0, n);
	tcase_add_loop_test(tc, test_many_units, 0, n);
	suite_add_tcase(s, tc);

	tc = tcase_create("key_schedule");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_key_schedule_fips197);
	tcase_add_test(tc, test_key_schedule_random);
	suite_add_tcase(s, tc);

	tc = tcase_create("cpu_features");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cpu_feature_disable_hook);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
#if defined(__x86_64__)
	if (argc > 1 && strcmp(argv[1], "--print-cpu-features") == 0) {
		printf("%x\n", extcrypt_x86_cpu_features());
		return 0;
	}
	self_path = "/proc/self/exe";
#endif
	(void)argc;
	(void)argv;

	printf("check_xts_impls: " ARCH_LABEL " AES-256-XTS implementations:");
	for (int i = 0; i < impl_count(); i++)
		printf(" %s%s", impl_at(i)->name, impl_at(i)->usable() ? "" : " (not usable here)");
	printf("\n");
	fflush(stdout);

	SRunner *sr = srunner_create(xts_impls_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#else /* neither x86-64 nor arm64 */

int main(void)
{
	printf("check_xts_impls: no architecture-specific implementations here\n");
	return EXIT_SUCCESS;
}

#endif
