// SPDX-License-Identifier: MIT
/*
 * check_ext4_casefold.c - the casefolding of names in casefolded ext4
 * directories (src/ext4/casefold.c): known folds (facts of Unicode 12.1:
 * CaseFolding.txt status C and F, canonical decompositions and combining
 * classes, Hangul decomposition), the agreement with libext2fs's exported
 * ext2fs_casefold_cmp, and the names ext4's strict mode refuses (malformed
 * UTF-8; unassigned code points pass).  The
 * kernel's agreement is tests/kernel/ext4-build.sh (casefold images).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext4/casefold.h"
#include "extcrypt/error.h"
#include "extcrypt/ext4.h"

static const struct ext2fs_nls_table *table;

/* Whether this libext2fs is one whose private layout casefold.c knows. */
static int layout_expected(void)
{
	const char *ver = NULL, *date = NULL;
	int a = 0, b = 0, c = 0, v;

	ext2fs_get_library_version(&ver, &date);
	if (!ver || sscanf(ver, "%d.%d.%d", &a, &b, &c) < 2)
		return 0;
	v = a * 10000 + b * 100 + c;
	return v >= 14600 && v <= 14799;
}

static void setup(void)
{
	table = ext2fs_load_nls_table(EXT4_ENC_UTF8_12_1);
	ck_assert_ptr_nonnull(table);
}

static const struct {
	const char *in, *out;
} pairs[] = {
	{ "ASCII Only-123.TXT", "ascii only-123.txt" },
	/* U+00DC U+00EF U+00F6 U+00E9: each decomposed, base folded. */
	{ "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9.txt",
	  "u\xcc\x88ni\xcc\x88" "co\xcc\x88" "de\xcc\x81.txt" },
	/* The decomposed spelling folds to the same bytes. */
	{ "U\xcc\x88ni\xcc\x88" "co\xcc\x88" "de\xcc\x81.TXT",
	  "u\xcc\x88ni\xcc\x88" "co\xcc\x88" "de\xcc\x81.txt" },
	/* U+00DF and U+1E9E fold to "ss": the name gets longer. */
	{ "stra\xc3\x9f" "e", "strasse" },
	{ "STRA\xe1\xba\x9e" "E", "strasse" },
	/* Greek: Sigma, Iota with tonos (U+038A -> U+0399 U+0301), final
	 * sigma U+03C2 also folds to U+03C3. */
	{ "\xce\xa3\xce\x8a\xce\xa3\xce\xa5\xce\xa6\xce\x9f\xce\xa3",
	  "\xcf\x83\xce\xb9\xcc\x81\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x83" },
	{ "\xcf\x83\xce\xaf\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x82",
	  "\xcf\x83\xce\xb9\xcc\x81\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x83" },
	/* U+0390: iota with dialytika and tonos, two combining marks. */
	{ "\xce\x90", "\xce\xb9\xcc\x88\xcc\x81" },
	/* U+FB01 LATIN SMALL LIGATURE FI folds to "fi" (status F). */
	{ "\xef\xac\x81le", "file" },
	/* U+0130: I with dot above -> "i" U+0307. */
	{ "\xc4\xb0", "i\xcc\x87" },
	/* U+212A KELVIN SIGN, U+212B ANGSTROM SIGN: singleton decompositions. */
	{ "\xe2\x84\xaa", "k" },
	{ "\xe2\x84\xab", "a\xcc\x8a" },
	/* Canonical reordering: U+0301 (class 230) after U+0323 (class 220). */
	{ "A\xcc\x81\xcc\xa3", "a\xcc\xa3\xcc\x81" },
	/* U+D55C: Hangul syllable -> three jamo. */
	{ "\xed\x95\x9c", "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab" },
	/* Cyrillic and full-width Latin. */
	{ "\xd0\x9f\xd1\x80\xd0\xb8\xd0\x92\xd0\xb5\xd0\xa2", "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82" },
	{ "\xef\xbc\xa1", "\xef\xbd\x81" },
	/* Code points the 12.1 tables do not assign (U+0378; U+1FAD0, new in
	 * 13.0) are valid UTF-8: strict mode takes them, folding keeps them. */
	{ "\xcd\xb8", "\xcd\xb8" },
	{ "\xf0\x9f\xab\x90", "\xf0\x9f\xab\x90" },
};

START_TEST(test_known_folds)
{
	uint8_t out[EXTCRYPT_EXT4R_CASEFOLD_MAX];
	size_t len;

	if (!extcrypt_ext4r_casefold_usable(NULL)) {
		ck_assert_msg(!layout_expected(),
			      "libext2fs's casefolding refused on a version whose layout is known");
		return;
	}
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		size_t in_len = strlen(pairs[i].in), want = strlen(pairs[i].out);

		ck_assert_int_eq(extcrypt_ext4r_casefold(table, pairs[i].in, in_len, out,
							 sizeof(out), &len),
				 EXTCRYPT_OK);
		ck_assert_msg(len == want && memcmp(out, pairs[i].out, want) == 0,
			      "fold of pair %zu: %zu bytes", i, len);
		/* libext2fs's exported comparison agrees. */
		ck_assert_int_eq(ext2fs_casefold_cmp(table, out, len,
						     (const unsigned char *)pairs[i].in,
						     in_len),
				 0);
	}
}
END_TEST

/* A 255-byte name of U+0390 (2 bytes -> 6) folds to 3 times its size. */
START_TEST(test_longest_fold)
{
	char name[255];
	uint8_t out[EXTCRYPT_EXT4R_CASEFOLD_MAX];
	size_t len;

	if (!extcrypt_ext4r_casefold_usable(NULL))
		return;
	for (size_t i = 0; i + 1 < sizeof(name); i += 2)
		memcpy(name + i, "\xce\x90", 2);
	name[254] = 'x';
	ck_assert_int_eq(extcrypt_ext4r_casefold(table, name, 255, out, sizeof(out), &len),
			 EXTCRYPT_OK);
	ck_assert_uint_eq(len, 127 * 6 + 1);
	ck_assert_int_eq(extcrypt_ext4r_casefold(table, name, 255, out, 300, &len),
			 EXTCRYPT_E_OUTPUT_SPACE);
	ck_assert_int_eq(extcrypt_ext4r_casefold(table, "ABC", 3, out, 2, &len),
			 EXTCRYPT_E_OUTPUT_SPACE);
}
END_TEST

/* What ext4's strict mode refuses (ext2fs_check_encoded_name). */
START_TEST(test_refused)
{
	static const char *const bad[] = {
		"caf\xff",		/* not UTF-8 at all */
		"caf\xc3",		/* truncated sequence */
		"\xc0\xaf",		/* overlong '/' */
		"a\xed\xa0\x80",	/* a surrogate */
		"\xf4\x90\x80\x80",	/* above U+10FFFF */
	};
	uint8_t out[EXTCRYPT_EXT4R_CASEFOLD_MAX];
	size_t len;

	if (!extcrypt_ext4r_casefold_usable(NULL))
		return;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(extcrypt_ext4r_casefold(table, bad[i], strlen(bad[i]), out,
						      sizeof(out), &len) == EXTCRYPT_E_BAD_NAME,
			      "name %zu accepted", i);
		ck_assert_ptr_nonnull(strstr(extcrypt_ext4_last_error(), "strict"));
	}
}
END_TEST

/* ASCII names need neither a table nor libext2fs; others need the image's
 * utf8-12.1 table. */
START_TEST(test_tables)
{
	uint8_t out[16];
	size_t len;

	ck_assert_int_eq(extcrypt_ext4r_casefold(NULL, "MiXeD", 5, out, sizeof(out), &len),
			 EXTCRYPT_OK);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(out, "mixed", 5), 0);
	ck_assert_int_eq(extcrypt_ext4r_casefold(NULL, "\xc3\xa9", 2, out, sizeof(out), &len),
			 EXTCRYPT_E_UNSUPPORTED);
}
END_TEST

/* The version gate: other libext2fs versions are refused, not guessed. */
START_TEST(test_version_gate)
{
	ck_assert(extcrypt_ext4r_casefold_layout_known(14700, "1.47.0"));
	ck_assert(extcrypt_ext4r_casefold_layout_known(14600, "1.47.4"));
	ck_assert(!extcrypt_ext4r_casefold_layout_known(14700, "1.48.0"));
	ck_assert(!extcrypt_ext4r_casefold_layout_known(14800, "1.47.0"));
	ck_assert(!extcrypt_ext4r_casefold_layout_known(14500, "1.47.0"));
	ck_assert(!extcrypt_ext4r_casefold_layout_known(14700, "1.44.5"));
	ck_assert(!extcrypt_ext4r_casefold_layout_known(0, "1.47.0"));
	ck_assert(!extcrypt_ext4r_casefold_layout_known(14700, NULL));
	ck_assert(!extcrypt_ext4r_casefold_layout_known(14700, "garbage"));
}
END_TEST

static Suite *casefold_suite(void)
{
	Suite *s = suite_create("ext4_casefold");
	TCase *tc = tcase_create("casefold");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_known_folds);
	tcase_add_test(tc, test_longest_fold);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_version_gate);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(casefold_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
