// SPDX-License-Identifier: MIT
/*
 * No-key names: fixed expectations worked out from the kernel's struct
 * fscrypt_nokey_name (fs/crypto/fname.c) with Python's base64 and hashlib,
 * round trips of encode and match for every length, and malformed names.
 */
#include <string.h>

#include "extcrypt/extcrypt.h"
#include "util/test_util.h"

/* Ciphertext bytes 0, 1, 2, ... */
static void counting(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)i;
}

static void ck_encode(const uint8_t *ct, size_t len, uint32_t h, uint32_t m,
		      const char *want)
{
	char out[EXTCRYPT_NOKEY_NAME_MAX_ENCODED + 1];
	size_t n = 0;

	ck_ok(extcrypt_nokey_name_encode(ct, len, h, m, out, sizeof(out), &n));
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_str_eq(out, want);
}

START_TEST(test_known_names)
{
	uint8_t ct[255];

	counting(ct, sizeof(ct));
	/* 16 bytes: dirhash 0 (8 zero bytes) || ciphertext, 24 bytes. */
	ck_encode(ct, 16, 0, 0, "AAAAAAAAAAAAAQIDBAUGBwgJCgsMDQ4P");
	/* The dirhash goes first, each word little-endian. */
	ck_encode(ct, 16, 0x12345678, 0x9abcdef0,
		  "eFY0EvDevJoAAQIDBAUGBwgJCgsMDQ4P");
	/* 200 bytes: the first 149, then SHA-256 of bytes 149..199
	 * (55a5253b...ccc715); 189 bytes, 252 characters. */
	ck_encode(ct, 200, 0, 0,
		  "AAAAAAAAAAAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYn"
		  "KCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4_QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX"
		  "WFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaH"
		  "iImKi4yNjo-QkZKTlFWlJTsrrRWQIfPL576T3kI1LajFdBpEvjMU0ZBZzMcV");
	ck_encode(ct, 255, 1, 2,
		  "AQAAAAIAAAAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYn"
		  "KCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4_QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX"
		  "WFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaH"
		  "iImKi4yNjo-QkZKTlImiuSwUMtoEfkeCyftHDMZ2aEw7Y8IN_0wXTdI58HNa");
}
END_TEST

/* Every length: encoded size, self-match, no match for neighbours. */
START_TEST(test_round_trip_all_lengths)
{
	uint8_t ct[4096], other[4096];
	char name[EXTCRYPT_NOKEY_NAME_MAX_ENCODED + 1];
	uint64_t seed = 0x6e6f6b6579;

	for (size_t len = 16; len <= 4096; len += len < 300 ? 1 : 97) {
		size_t n, raw = len <= 149 ? 8 + len : 189;

		tu_rand(&seed, ct, len);
		ck_ok(extcrypt_nokey_name_encode(ct, len, (uint32_t)len,
						 ~(uint32_t)len, name,
						 sizeof(name), &n));
		ck_assert_uint_eq(n, (raw * 4 + 2) / 3);
		ck_assert_uint_eq(strlen(name), n);
		ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, len, 0, 0), 1);
		/* One byte differs: at the start, and at the end (the hashed
		 * tail of a long name). */
		memcpy(other, ct, len);
		other[0] ^= 0x80;
		ck_assert_int_eq(extcrypt_nokey_name_match(name, n, other, len, 0, 0), 0);
		other[0] ^= 0x80, other[len - 1] ^= 1;
		ck_assert_int_eq(extcrypt_nokey_name_match(name, n, other, len, 0, 0), 0);
		/* One byte shorter or longer. */
		ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, len - 1, 0, 0), 0);
		other[len - 1] ^= 1, other[len] = 0;
		ck_assert_int_eq(extcrypt_nokey_name_match(name, n, other, len + 1, 0, 0), 0);
	}
}
END_TEST

/* A long no-key name never matches a ciphertext of 149 bytes or less, a
 * short one never a longer ciphertext. */
START_TEST(test_forms_do_not_cross)
{
	uint8_t ct[200];
	char name[EXTCRYPT_NOKEY_NAME_MAX_ENCODED + 1];
	size_t n;

	counting(ct, sizeof(ct));
	ck_ok(extcrypt_nokey_name_encode(ct, 150, 0, 0, name, sizeof(name), &n));
	ck_assert_uint_eq(n, EXTCRYPT_NOKEY_NAME_MAX_ENCODED);
	ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, 149, 0, 0), 0);
	ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, 150, 0, 0), 1);
	ck_ok(extcrypt_nokey_name_encode(ct, 149, 0, 0, name, sizeof(name), &n));
	ck_assert_uint_eq(n, 210);
	ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, 150, 0, 0), 0);
	ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, 149, 0, 0), 1);
}
END_TEST

/* fscrypt_match_name does not look at the dirhash. */
START_TEST(test_dirhash_not_compared)
{
	uint8_t ct[180];
	char name[EXTCRYPT_NOKEY_NAME_MAX_ENCODED + 1];
	size_t n;

	counting(ct, sizeof(ct));
	for (size_t len = 16; len <= 180; len += 164) {
		ck_ok(extcrypt_nokey_name_encode(ct, len, 7, 8, name,
						 sizeof(name), &n));
		ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, len, 7, 8), 1);
		ck_assert_int_eq(extcrypt_nokey_name_match(name, n, ct, len, 1, 2), 1);
	}
}
END_TEST

static void ck_bad(const char *name, size_t len)
{
	static const uint8_t ct[16];

	ck_status(extcrypt_nokey_name_match(name, len, ct, 16, 0, 0),
		  EXTCRYPT_E_BAD_NAME);
}

START_TEST(test_malformed)
{
	char big[300];
	/* A valid 16-byte name, to corrupt. */
	char ok[] = "AAAAAAAAAAAAAQIDBAUGBwgJCgsMDQ4P";
	static const char bad_chars[] = "+/= .\n\x80";
	static const uint8_t ct[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
					12, 13, 14, 15 };

	ck_assert_int_eq(extcrypt_nokey_name_match(ok, strlen(ok), ct, 16, 0, 0), 1);
	for (size_t i = 0; i < sizeof(bad_chars) - 1; i++) {
		char tmp[sizeof(ok)];

		memcpy(tmp, ok, sizeof(ok));
		tmp[5] = bad_chars[i];
		ck_bad(tmp, strlen(tmp));
	}
	ck_bad("AAAAAAAAAAAAAQIDBAUGBwgJCgsMDQ4P\0", 33); /* a NUL */
	ck_bad("AAAAAAAAAAAAAQIDBAUGBwgJCgsMDQ4PAA==", 36); /* padding */
	ck_bad("", 0);
	ck_bad("AAAAAAAAAAAAAQIDBAUGBwgJCgsMDQ4PB", 33); /* 4k + 1 */
	ck_bad("AAAAAAAAAAAAAQIDBAUGBwgJCgsMDQ4PAB", 34); /* stray bits */
	ck_bad("AAAAAAAAAAA", 11);      /* 8 bytes: dirhash only */
	memset(big, 'A', sizeof(big));
	ck_bad(big, 211);               /* 158 bytes */
	ck_bad(big, 251);               /* 188 bytes */
	ck_bad(big, 253);               /* too long */
	ck_bad(big, 300);
	/* The accepted sizes at their edges: 9, 157 and 189 bytes. */
	ck_assert_int_eq(extcrypt_nokey_name_match(big, 12, ct, 16, 0, 0), 0);
	ck_assert_int_eq(extcrypt_nokey_name_match(big, 210, ct, 16, 0, 0), 0);
	ck_assert_int_eq(extcrypt_nokey_name_match(big, 252, ct, 16, 0, 0), 0);
	ck_status(extcrypt_nokey_name_match(NULL, 4, ct, 16, 0, 0), EXTCRYPT_E_INVALID);
	ck_status(extcrypt_nokey_name_match(ok, 4, NULL, 16, 0, 0), EXTCRYPT_E_INVALID);
}
END_TEST

START_TEST(test_encode_errors)
{
	uint8_t ct[200] = { 0 };
	char out[300];
	size_t n = 77;

	memset(out, 'x', sizeof(out));
	ck_status(extcrypt_nokey_name_encode(ct, 15, 0, 0, out, sizeof(out), &n),
		  EXTCRYPT_E_BAD_NAME);
	/* 16 bytes need 32 characters and the NUL. */
	ck_status(extcrypt_nokey_name_encode(ct, 16, 0, 0, out, 32, &n),
		  EXTCRYPT_E_OUTPUT_SPACE);
	ck_assert_int_eq(out[0], 'x');
	ck_assert_uint_eq(n, 77);
	ck_ok(extcrypt_nokey_name_encode(ct, 16, 0, 0, out, 33, &n));
	ck_assert_uint_eq(n, 32);
	ck_status(extcrypt_nokey_name_encode(ct, 200, 0, 0, out, 252, &n),
		  EXTCRYPT_E_OUTPUT_SPACE);
	ck_status(extcrypt_nokey_name_encode(NULL, 16, 0, 0, out, 33, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_nokey_name_encode(ct, 16, 0, 0, NULL, 33, &n),
		  EXTCRYPT_E_INVALID);
	ck_status(extcrypt_nokey_name_encode(ct, 16, 0, 0, out, 33, NULL),
		  EXTCRYPT_E_INVALID);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nokey_name");
	TCase *tc = tcase_create("nokey_name");

	tcase_add_test(tc, test_known_names);
	tcase_add_test(tc, test_round_trip_all_lengths);
	tcase_add_test(tc, test_forms_do_not_cross);
	tcase_add_test(tc, test_dirhash_not_compared);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_encode_errors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
