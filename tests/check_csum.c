// SPDX-License-Identifier: MIT
/*
 * btrfs checksums of ciphertext (csum.h): known answers for each type,
 * every CRC-32C implementation against the portable one and a bitwise
 * reference, SHA-256 and BLAKE2b-256 against OpenSSL and libsodium called
 * directly, and the checksummer as the extent API's ciphertext callback,
 * including a tampered sector caught on decrypt.
 */
#include <check.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "csum/crc32c.h"
#include "csum/engine.h"
#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

#define MAXLEN 9000

/* extcrypt_csum_sectors's *out_len, where a test does not look at it. */
static size_t written;

/* The CRC-32C definition, one bit at a time: the reference of last resort. */
static uint32_t crc32c_bitwise(uint32_t s, const uint8_t *p, size_t len)
{
	while (len--) {
		s ^= *p++;
		for (int i = 0; i < 8; i++)
			s = (s >> 1) ^ (0x82F63B78u & (0u - (s & 1)));
	}
	return s;
}

/* One checksum of the whole of `data`, as hex: through the public
 * function (one sector of `len` bytes) and, for the empty input the public
 * function has no sector for, through the internal engine. */
static void assert_csum(int type, const uint8_t *data, size_t len,
			const char *hex)
{
	uint8_t out[EXTCRYPT_CSUM_MAX_SIZE];
	struct csum_engine e;

	ck_ok(extcrypt_csum_engine_init(&e, type));
	ck_ok(extcrypt_csum_engine_sector(&e, data, len, out));
	extcrypt_csum_engine_clear(&e);
	tu_assert_hex(out, extcrypt_csum_size(type), hex);
	if (len == 0)
		return;
	memset(out, 0, sizeof(out));
	ck_ok(extcrypt_csum_sectors(type, (uint32_t)len, data, len, out,
				    sizeof(out), &written));
	ck_assert_uint_eq(written, extcrypt_csum_size(type));
	tu_assert_hex(out, extcrypt_csum_size(type), hex);
}

static bool have_xxhash(void)
{
	return extcrypt_csum_supported(EXTCRYPT_CSUM_XXHASH64) == EXTCRYPT_OK;
}

/* ---- the type table ----------------------------------------------------- */

START_TEST(test_types)
{
	static const char *const names[] = { "crc32c", "xxhash64", "sha256",
					     "blake2b" };
	static const size_t sizes[] = { 4, 8, 32, 32 };

	for (int t = 0; t < 4; t++) {
		ck_assert_str_eq(extcrypt_csum_name(t), names[t]);
		ck_assert_int_eq(extcrypt_csum_type_from_name(names[t]), t);
		ck_assert_uint_eq(extcrypt_csum_size(t), sizes[t]);
		ck_assert_ptr_nonnull(extcrypt_csum_impl_name(t));
	}
	ck_assert_int_eq(extcrypt_csum_type_from_name("xxhash"),
			 EXTCRYPT_CSUM_XXHASH64);
	ck_assert_int_eq(extcrypt_csum_type_from_name("blake2"),
			 EXTCRYPT_CSUM_BLAKE2B_256);
	ck_assert_int_eq(extcrypt_csum_type_from_name("BLAKE2b-256"),
			 EXTCRYPT_CSUM_BLAKE2B_256);
	ck_assert_int_eq(extcrypt_csum_type_from_name("crc32"),
			 EXTCRYPT_CSUM_CRC32C);
	ck_status(extcrypt_csum_type_from_name("md5"), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_csum_type_from_name(NULL), EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(extcrypt_csum_name(4));
	ck_assert_ptr_null(extcrypt_csum_name(-1));
	ck_assert_uint_eq(extcrypt_csum_size(4), 0);
	ck_status(extcrypt_csum_supported(4), EXTCRYPT_E_INVALID);
	ck_ok(extcrypt_csum_supported(EXTCRYPT_CSUM_CRC32C));
	ck_ok(extcrypt_csum_supported(EXTCRYPT_CSUM_SHA256));
	ck_ok(extcrypt_csum_supported(EXTCRYPT_CSUM_BLAKE2B_256));
}
END_TEST

/* Without libxxhash, xxhash64 is refused everywhere with a clear message. */
START_TEST(test_xxhash_unsupported)
{
	extcrypt_csum *cs = NULL;
	uint8_t out[8];

	if (have_xxhash())
		return;
	ck_status(extcrypt_csum_supported(EXTCRYPT_CSUM_XXHASH64),
		  EXTCRYPT_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "libxxhash"));
	ck_status(extcrypt_csum_new(EXTCRYPT_CSUM_XXHASH64, 0, &cs),
		  EXTCRYPT_E_UNSUPPORTED);
	ck_assert_ptr_null(cs);
	ck_status(extcrypt_csum_sectors(EXTCRYPT_CSUM_XXHASH64, 1,
					(const uint8_t *)"a", 1, out, 8, &written),
		  EXTCRYPT_E_UNSUPPORTED);
}
END_TEST

/* ---- known answers -------------------------------------------------------- */

/* RFC 3720 (iSCSI) appendix B.4; the RFC lists the CRC bytes in the order
 * sent, which is the little-endian order btrfs stores. */
START_TEST(test_crc32c_rfc3720)
{
	static const char *const pdu =
		"01c00000000000000000000000000000"
		"14000000000004000000001400000018"
		"28000000000000000200000000000000";
	uint8_t buf[48];
	uint8_t *p;
	size_t n;

	memset(buf, 0, 32);
	assert_csum(EXTCRYPT_CSUM_CRC32C, buf, 32, "aa36918a");
	memset(buf, 0xff, 32);
	assert_csum(EXTCRYPT_CSUM_CRC32C, buf, 32, "43aba862");
	for (int i = 0; i < 32; i++)
		buf[i] = (uint8_t)i;
	assert_csum(EXTCRYPT_CSUM_CRC32C, buf, 32, "4e79dd46");
	for (int i = 0; i < 32; i++)
		buf[i] = (uint8_t)(31 - i);
	assert_csum(EXTCRYPT_CSUM_CRC32C, buf, 32, "5cdb3f11");
	p = tu_hex(pdu, &n);
	assert_csum(EXTCRYPT_CSUM_CRC32C, p, n, "563a96d9");
	free(p);
}
END_TEST

START_TEST(test_crc32c_more)
{
	uint8_t *zero = calloc(1, 4096);

	/* The CRC catalogue's check value, 0xE3069283, stored little-endian. */
	assert_csum(EXTCRYPT_CSUM_CRC32C, (const uint8_t *)"123456789", 9,
		    "839206e3");
	/* btrfs-progs crypto/hash-vectest.c */
	assert_csum(EXTCRYPT_CSUM_CRC32C, (const uint8_t *)"", 0, "00000000");
	assert_csum(EXTCRYPT_CSUM_CRC32C, (const uint8_t *)"abcdefg", 7,
		    "41f427e6");
	/* An all-zero 4 KiB sector: btrfs logs it as "csum 0x98f94189";
	 * also SPDK's and NVMe's known answer. */
	assert_csum(EXTCRYPT_CSUM_CRC32C, zero, 4096, "8941f998");
	free(zero);
}
END_TEST

/* btrfs-progs crypto/hash-vectest.c (the kernel's testmgr vectors): the
 * little-endian digest btrfs stores. */
START_TEST(test_xxhash64_known)
{
	uint8_t *p;
	size_t n;

	if (!have_xxhash())
		return;
	assert_csum(EXTCRYPT_CSUM_XXHASH64, (const uint8_t *)"", 0,
		    "99e9d85137db46ef");
	assert_csum(EXTCRYPT_CSUM_XXHASH64, (const uint8_t *)"\x40", 1,
		    "205c91aa88eb59d0");
	p = tu_hex("408bb841e442152d88c79a091a9b", &n);
	assert_csum(EXTCRYPT_CSUM_XXHASH64, p, n, "a8e82ba992a1374a");
	free(p);
}
END_TEST

START_TEST(test_sha256_blake2b_known)
{
	static const char *const abc = "abc";
	uint8_t buf[64];

	/* FIPS 180-2 */
	assert_csum(EXTCRYPT_CSUM_SHA256, (const uint8_t *)abc, 3,
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* btrfs-progs crypto/hash-vectest.c */
	assert_csum(EXTCRYPT_CSUM_BLAKE2B_256, (const uint8_t *)"", 0,
		    "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	for (int i = 0; i < 64; i++)
		buf[i] = (uint8_t)i;
	assert_csum(EXTCRYPT_CSUM_BLAKE2B_256, buf, 64,
		    "10d8e6d534b00939843fe9dcc4dae48cdf008f6b8b2b82b156f5404d874887f5");
}
END_TEST

/*
 * A real btrfs: mkfs.btrfs (btrfs-progs v6.2) --csum TYPE -s 4096
 * --rootdir with one 8 KiB file whose byte i is (i * 2654435761 mod 2^32)
 * >> 24, then the two checksums read from the checksum tree's
 * EXTENT_CSUM item of the image.
 */
START_TEST(test_btrfs_image)
{
	static const char *const want[4] = {
		"5315d84a" "bd542b6d",
		"06f11b990fd491a5" "5c05fcf69fa3b296",
		"e8b3f20275f7b9cd35f2ddf0e1be6263c9a2982e5e6e44d7168c140398b7cc64"
		"ec34c909286040e984d5107d47439ad63ebfbe35505400f17f1cf1586545e19a",
		"b5f7e4d4f8bbb0fa5eb4d88ea2d1ec0a3db7ac6727276981014f6ffbf44768b1"
		"512797a377bba9bbebd73c2addba74a63abda4b9083f877cba5ca90d60a34f30",
	};
	uint8_t *file = malloc(8192), out[64];

	for (uint32_t i = 0; i < 8192; i++)
		file[i] = (uint8_t)((i * 2654435761u) >> 24);
	for (int t = 0; t < 4; t++) {
		if (t == EXTCRYPT_CSUM_XXHASH64 && !have_xxhash())
			continue;
		ck_ok(extcrypt_csum_sectors(t, 4096, file, 8192, out,
					    sizeof(out), &written));
		ck_assert_uint_eq(written, 2 * extcrypt_csum_size(t));
		tu_assert_hex(out, 2 * extcrypt_csum_size(t), want[t]);
	}
	free(file);
}
END_TEST

/* ---- implementations and libraries -------------------------------------- */

START_TEST(test_crc32c_impls)
{
	size_t n;
	const struct extcrypt_crc32c_impl *impls = extcrypt_crc32c_impls(&n);
	uint8_t *buf = malloc(MAXLEN + 64);
	uint64_t rng = 0x5eed;
	unsigned tested = 0;

	ck_assert_str_eq(impls[0].name, "portable");
	tu_rand(&rng, buf, MAXLEN + 64);
	/* Lengths around every stream boundary, then random ones. */
	for (int round = 0; round < 600; round++) {
		size_t len, align = tu_rand_u64(&rng) % 16;
		uint32_t init = (uint32_t)tu_rand_u64(&rng);
		uint32_t want;

		if (round < 96) {
			static const size_t edges[] = {
				0, 1, 7, 8, 9, 503, 504, 505, 511, 512, 513,
				4079, 4080, 4081, 4095, 4096, 4097, 8160, 8192,
				8191, 3 * 1360 + 3 * 168, 65 };
			len = edges[round % (sizeof(edges) / sizeof(edges[0]))];
		} else {
			len = tu_rand_u64(&rng) % MAXLEN;
		}
		want = crc32c_bitwise(init, buf + align, len);
		ck_assert_uint_eq(extcrypt_crc32c_portable(init, buf + align, len),
				  want);
		for (size_t i = 1; i < n; i++) {
			if (!impls[i].usable())
				continue;
			ck_assert_msg(impls[i].update(init, buf + align, len) == want,
				      "%s: len %zu align %zu", impls[i].name,
				      len, align);
			tested++;
		}
	}
	/* The library uses the last (fastest) usable one. */
	for (size_t i = n; i-- > 0;)
		if (impls[i].usable()) {
			ck_assert_ptr_eq(extcrypt_crc32c_best(), &impls[i]);
			break;
		}
	ck_assert_uint_eq(extcrypt_crc32c(buf, 4096),
			  ~crc32c_bitwise(~0u, buf, 4096));
	ck_assert_str_eq(extcrypt_csum_impl_name(EXTCRYPT_CSUM_CRC32C),
			 extcrypt_crc32c_best()->name);
	if (getenv("EXTCRYPT_DISABLE_CPU_FEATURES") != NULL &&
	    strcmp(getenv("EXTCRYPT_DISABLE_CPU_FEATURES"), "all") == 0)
		ck_assert_str_eq(extcrypt_crc32c_best()->name, "portable");
	(void)tested;
	free(buf);
}
END_TEST

/* SHA-256 and BLAKE2b-256 of many lengths, against the libraries called
 * directly, several sectors per call. */
START_TEST(test_against_libraries)
{
	uint8_t *buf = malloc(4 * 1024), out[4 * 32], ref[32];
	uint64_t rng = 7;

	tu_rand(&rng, buf, 4 * 1024);
	for (uint32_t sector = 1; sector <= 1024; sector = sector * 3 + 1) {
		ck_ok(extcrypt_csum_sectors(EXTCRYPT_CSUM_SHA256, sector, buf,
					    4 * (size_t)sector, out, sizeof(out),
					    &written));
		for (int k = 0; k < 4; k++) {
			ck_assert_int_eq(EVP_Digest(buf + k * sector, sector, ref,
						    NULL, EVP_sha256(), NULL), 1);
			ck_assert_mem_eq(out + 32 * k, ref, 32);
		}
		ck_ok(extcrypt_csum_sectors(EXTCRYPT_CSUM_BLAKE2B_256, sector,
					    buf, 4 * (size_t)sector, out,
					    sizeof(out), &written));
		for (int k = 0; k < 4; k++) {
			crypto_generichash(ref, 32, buf + k * sector, sector,
					   NULL, 0);
			ck_assert_mem_eq(out + 32 * k, ref, 32);
		}
	}
	free(buf);
}
END_TEST

START_TEST(test_sectors_errors)
{
	uint8_t buf[64] = { 0 }, out[8];

	memset(out, 0xa5, sizeof(out));
	ck_status(extcrypt_csum_sectors(EXTCRYPT_CSUM_CRC32C, 16, buf, 40, out,
					sizeof(out), &written), EXTCRYPT_E_ALIGNMENT);
	ck_status(extcrypt_csum_sectors(EXTCRYPT_CSUM_CRC32C, 16, buf, 48, out,
					sizeof(out), &written), EXTCRYPT_E_OUTPUT_SPACE);
	ck_status(extcrypt_csum_sectors(EXTCRYPT_CSUM_CRC32C, 0, buf, 48, out,
					sizeof(out), &written), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_csum_sectors(9, 16, buf, 32, out, sizeof(out), &written),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_csum_sectors(EXTCRYPT_CSUM_CRC32C, 16, NULL, 32, out,
					sizeof(out), &written), EXTCRYPT_E_INVALID);
	for (size_t i = 0; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0xa5);
}
END_TEST

/* ---- the callback under extcrypt_extent_encrypt / decrypt ----------------- */

#define UNITS 8
#define FIRST 1000

static extcrypt_master_key *mk;
static extcrypt_inode *ino;
static extcrypt_extent *ext;

static void setup(void)
{
	uint8_t raw[64], id[16], nonce[16];
	extcrypt_policy *p;

	for (int i = 0; i < 64; i++)
		raw[i] = (uint8_t)(3 * i + 1);
	memset(nonce, 0x42, sizeof(nonce));
	ck_ok(extcrypt_master_key_new(raw, 64, &mk));
	extcrypt_master_key_identifier(mk, id);
	ck_ok(extcrypt_policy_new(EXTCRYPT_MODE_AES_256_XTS,
				  EXTCRYPT_MODE_AES_256_CTS,
				  EXTCRYPT_POLICY_FLAGS_PAD_32, 0, id, &p));
	ck_ok(extcrypt_inode_new(mk, p, 4096, &ino));
	extcrypt_policy_free(p);
	ck_ok(extcrypt_extent_new_with_nonce(ino, EXTCRYPT_EXTENT_DEFAULT,
					     nonce, &ext));
}

static void teardown(void)
{
	extcrypt_extent_free(ext);
	extcrypt_inode_free(ino);
	extcrypt_master_key_free(mk);
}

/* For each type and sector size: the sums filled while encrypting equal
 * those of the ciphertext computed afterwards; decrypt verifies them; a
 * flipped bit is caught in the right sector with no plaintext written. */
START_TEST(test_callback_roundtrip)
{
	static const uint32_t sector_sizes[] = { 0, 512, 4096 };
	const size_t len = UNITS * 4096;
	uint8_t *pt = malloc(len), *ct = malloc(len), *back = malloc(len);
	uint8_t *sums = malloc(UNITS * 8 * 32), *ref = malloc(UNITS * 8 * 32);
	uint64_t rng = 99;

	tu_rand(&rng, pt, len);
	for (int t = 0; t < 4; t++) {
		if (t == EXTCRYPT_CSUM_XXHASH64 && !have_xxhash())
			continue;
		for (size_t s = 0; s < 3; s++) {
			uint32_t sector = sector_sizes[s] ? sector_sizes[s] : 4096;
			size_t size = extcrypt_csum_size(t);
			size_t nsec = len / sector, bad_at = 2 * 4096 + 1000;
			uint64_t bad = 0;
			extcrypt_csum *cs;

			ck_ok(extcrypt_csum_new(t, sector_sizes[s], &cs));
			memset(sums, 0, UNITS * 8 * 32);
			ck_ok(extcrypt_csum_begin(cs, FIRST, sums, nsec * size));
			ck_ok(extcrypt_extent_encrypt(ext, FIRST, pt, ct, len,
						      extcrypt_csum_callback, cs));
			ck_ok(extcrypt_csum_result(cs, NULL));
			ck_ok(extcrypt_csum_sectors(t, sector, ct, len, ref,
						    UNITS * 8 * 32, &written));
			ck_assert_mem_eq(sums, ref, nsec * size);

			ck_ok(extcrypt_csum_begin_verify(cs, FIRST, sums,
							 nsec * size));
			ck_ok(extcrypt_extent_decrypt(ext, FIRST, ct, back, len,
						      extcrypt_csum_callback, cs));
			ck_assert_mem_eq(back, pt, len);

			/* Tamper with unit 2, byte 1000. */
			ct[bad_at] ^= 0x10;
			memset(back, 0xee, len);
			ck_ok(extcrypt_csum_begin_verify(cs, FIRST, sums,
							 nsec * size));
			ck_status(extcrypt_extent_decrypt(ext, FIRST, ct, back,
							  len,
							  extcrypt_csum_callback,
							  cs),
				  EXTCRYPT_E_REJECTED);
			for (size_t i = 0; i < len; i++)
				ck_assert_uint_eq(back[i], 0xee);
			ck_status(extcrypt_csum_result(cs, &bad),
				  EXTCRYPT_E_REJECTED);
			ck_assert_uint_eq(bad, bad_at / sector);
			ck_assert_ptr_nonnull(strstr(extcrypt_last_error(),
						     extcrypt_csum_name(t)));
			ct[bad_at] ^= 0x10;
			extcrypt_csum_free(cs);
		}
	}
	free(pt);
	free(ct);
	free(back);
	free(sums);
	free(ref);
}
END_TEST

/* Misuse is refused, explained, and leaves no ciphertext behind. */
START_TEST(test_callback_errors)
{
	const size_t len = UNITS * 4096;
	uint8_t *pt = calloc(1, len), *ct = malloc(len), sums[UNITS * 4];
	extcrypt_csum *cs;

	ck_status(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 1000, &cs),
		  EXTCRYPT_E_INVALID);
	ck_assert_ptr_null(cs);
	ck_status(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 256, &cs),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_csum_new(7, 0, &cs), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 0, NULL),
		  EXTCRYPT_E_INVALID);

	/* No begin call. */
	ck_ok(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 0, &cs));
	ck_status(extcrypt_extent_encrypt(ext, FIRST, pt, ct, len,
					  extcrypt_csum_callback, cs),
		  EXTCRYPT_E_REJECTED);
	ck_status(extcrypt_csum_result(cs, NULL), EXTCRYPT_E_STATE);
	ck_status(extcrypt_csum_begin(NULL, 0, sums, sizeof(sums)),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_csum_begin(cs, 0, NULL, 4), EXTCRYPT_E_INVALID);

	/* Array one checksum short. */
	ck_ok(extcrypt_csum_begin(cs, FIRST, sums, sizeof(sums) - 4));
	ck_status(extcrypt_extent_encrypt(ext, FIRST, pt, ct, len,
					  extcrypt_csum_callback, cs),
		  EXTCRYPT_E_REJECTED);
	ck_status(extcrypt_csum_result(cs, NULL), EXTCRYPT_E_OUTPUT_SPACE);
	for (size_t i = 0; i < len; i++)
		ck_assert_uint_eq(ct[i], 0); /* the extent zeroed dst */

	/* A first_unit other than the begin call's. */
	ck_ok(extcrypt_csum_begin(cs, FIRST + 1, sums, sizeof(sums)));
	ck_status(extcrypt_extent_encrypt(ext, FIRST, pt, ct, len,
					  extcrypt_csum_callback, cs),
		  EXTCRYPT_E_REJECTED);
	ck_status(extcrypt_csum_result(cs, NULL), EXTCRYPT_E_RANGE);
	extcrypt_csum_free(cs);

	/* A sector larger than the data unit. */
	ck_ok(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 8192, &cs));
	ck_ok(extcrypt_csum_begin(cs, FIRST, sums, sizeof(sums)));
	ck_status(extcrypt_extent_decrypt(ext, FIRST, pt, ct, len,
					  extcrypt_csum_callback, cs),
		  EXTCRYPT_E_REJECTED);
	ck_status(extcrypt_csum_result(cs, NULL), EXTCRYPT_E_ALIGNMENT);
	ck_assert_ptr_nonnull(strstr(extcrypt_last_error(), "8192"));
	extcrypt_csum_free(cs);
	extcrypt_csum_free(NULL);
	ck_assert_int_eq(extcrypt_csum_callback(NULL, 0, pt, 4096), 1);
	ck_ok(extcrypt_csum_new(EXTCRYPT_CSUM_CRC32C, 0, &cs));
	ck_ok(extcrypt_csum_begin(cs, 0, sums, sizeof(sums)));
	ck_assert_int_eq(extcrypt_csum_callback(cs, 0, NULL, 4096), 1);
	ck_status(extcrypt_csum_result(cs, NULL), EXTCRYPT_E_INVALID);
	extcrypt_csum_free(cs);
	ck_status(extcrypt_csum_result(NULL, NULL), EXTCRYPT_E_INVALID);
	free(pt);
	free(ct);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("csum");
	TCase *tc = tcase_create("csum");
	TCase *te = tcase_create("extent");

	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_xxhash_unsupported);
	tcase_add_test(tc, test_crc32c_rfc3720);
	tcase_add_test(tc, test_crc32c_more);
	tcase_add_test(tc, test_xxhash64_known);
	tcase_add_test(tc, test_sha256_blake2b_known);
	tcase_add_test(tc, test_btrfs_image);
	tcase_add_test(tc, test_crc32c_impls);
	tcase_add_test(tc, test_against_libraries);
	tcase_add_test(tc, test_sectors_errors);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(te, setup, teardown);
	tcase_add_test(te, test_callback_roundtrip);
	tcase_add_test(te, test_callback_errors);
	suite_add_tcase(s, te);
	return tu_run(s);
}
