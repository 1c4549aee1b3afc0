// SPDX-License-Identifier: MIT
/*
 * The x86 rule that picks the default AES-256-XTS implementation
 * (src/arch/x86/xts_rule.c), asked about CPUs described by hand: vendor,
 * family, model and features as CPUID would give them.  Also: the rule's
 * choice for this CPU is what the library uses, and the old names
 * "vaes-avx512" / "vaes-avx2" force the variant the vendor prefers.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extcrypt/extcrypt.h"

#if defined(__x86_64__) && !defined(EXTCRYPT_TEST_NO_ARCH)
#include "arch/x86/cpu_features.h"
#include "arch/x86/xts_rule.h"
#include "xts/xts_impl.h"

#define AESNI (EXTCRYPT_X86_AESNI | EXTCRYPT_X86_SSSE3 | EXTCRYPT_X86_PCLMULQDQ)
#define AVX (AESNI | EXTCRYPT_X86_AVX)
#define VAES_AVX2 (AVX | EXTCRYPT_X86_AVX2 | EXTCRYPT_X86_VAES | \
		   EXTCRYPT_X86_VPCLMULQDQ)
#define AVX512 (VAES_AVX2 | EXTCRYPT_X86_AVX512F | EXTCRYPT_X86_AVX512BW | \
		EXTCRYPT_X86_AVX512VL)
#define INTEL EXTCRYPT_X86_VENDOR_INTEL
#define AMD EXTCRYPT_X86_VENDOR_AMD

struct rule_case {
	const char *cpu;
	struct extcrypt_x86_cpu id;
	enum extcrypt_x86_xts_choice want;
};

static const struct rule_case cases[] = {
	/* Intel with AVX-512 and VAES: 512-bit, VPCLMULQDQ tweaks. */
	{ "Sapphire Rapids", { INTEL, 6, 0x8f, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL },
	{ "Emerald Rapids", { INTEL, 6, 0xcf, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL },
	{ "Granite Rapids", { INTEL, 6, 0xad, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL },
	{ "Rocket Lake", { INTEL, 6, 0xa7, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL },
	/* Intel parts whose clock drops with zmm: 256-bit instead. */
	{ "Ice Lake-SP", { INTEL, 6, 0x6a, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Ice Lake-D", { INTEL, 6, 0x6c, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Ice Lake client", { INTEL, 6, 0x7d, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Ice Lake-L", { INTEL, 6, 0x7e, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Ice Lake-NNPI", { INTEL, 6, 0x9d, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Tiger Lake-L", { INTEL, 6, 0x8c, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Tiger Lake-H", { INTEL, 6, 0x8d, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	/* Skylake-SP has no VAES: AES-NI with AVX. */
	{ "Skylake-SP", { INTEL, 6, 0x55, AVX | EXTCRYPT_X86_AVX2 | EXTCRYPT_X86_AVX512F |
			  EXTCRYPT_X86_AVX512BW | EXTCRYPT_X86_AVX512VL },
	  EXTCRYPT_X86_XTS_AESNI_AVX },
	/* The same model number in another family is not on the list. */
	{ "family 19 model 0x6a", { INTEL, 19, 0x6a, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL },
	{ "Alder Lake", { INTEL, 6, 0x97, VAES_AVX2 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Haswell", { INTEL, 6, 0x3c, AVX | EXTCRYPT_X86_AVX2 }, EXTCRYPT_X86_XTS_AESNI_AVX },
	{ "Westmere", { INTEL, 6, 0x2c, AESNI }, EXTCRYPT_X86_XTS_AESNI },
	{ "Atom without AES-NI", { INTEL, 6, 0x1c, EXTCRYPT_X86_SSSE3 }, EXTCRYPT_X86_XTS_PORTABLE },
	/* AMD: VPALIGNR tweaks up to Zen 4 (family 0x19), VPCLMULQDQ from
	 * Zen 5 on; zmm on every AVX-512 part. */
	{ "Zen 4", { AMD, 0x19, 0x11, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_ALIGNR },
	{ "Zen 4 (Phoenix)", { AMD, 0x19, 0x74, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_ALIGNR },
	{ "Zen 5", { AMD, 0x1a, 0x02, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL },
	{ "Zen 5 without OS AVX-512", { AMD, 0x1a, 0x44, VAES_AVX2 },
	  EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
	{ "Zen 3", { AMD, 0x19, 0x01, VAES_AVX2 }, EXTCRYPT_X86_XTS_VAES_AVX2_ALIGNR },
	{ "Zen 2", { AMD, 0x17, 0x31, AVX | EXTCRYPT_X86_AVX2 }, EXTCRYPT_X86_XTS_AESNI_AVX },
	{ "AMD model 0x6a", { AMD, 0x19, 0x6a, AVX512 }, EXTCRYPT_X86_XTS_VAES_AVX512_ALIGNR },
	{ "Hygon Dhyana", { EXTCRYPT_X86_VENDOR_HYGON, 0x18, 0x00, AVX | EXTCRYPT_X86_AVX2 },
	  EXTCRYPT_X86_XTS_AESNI_AVX },
	{ "Hygon with VAES", { EXTCRYPT_X86_VENDOR_HYGON, 0x18, 0x10, VAES_AVX2 },
	  EXTCRYPT_X86_XTS_VAES_AVX2_ALIGNR },
	/* Unknown vendor: the kernel's method. */
	{ "other vendor", { EXTCRYPT_X86_VENDOR_OTHER, 7, 0x3b, AVX512 },
	  EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL },
	/* An OS that does not save zmm state reports no AVX-512. */
	{ "no OS AVX-512 state", { INTEL, 6, 0x8f, VAES_AVX2 }, EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL },
};

START_TEST(test_rule)
{
	const struct rule_case *c = &cases[_i];

	ck_assert_msg(extcrypt_x86_xts_rule(&c->id) == c->want, "%s: got %d, want %d",
		      c->cpu, (int)extcrypt_x86_xts_rule(&c->id), (int)c->want);
}
END_TEST

START_TEST(test_zmm_list)
{
	struct extcrypt_x86_cpu cpu = { INTEL, 6, 0, AVX512 };
	int n = 0;

	for (unsigned int m = 0; m < 256; m++) {
		cpu.model = m;
		n += extcrypt_x86_zmm_downclocks(&cpu);
	}
	ck_assert_int_eq(n, 8);
	cpu.vendor = AMD;
	for (unsigned int m = 0; m < 256; m++) {
		cpu.model = m;
		ck_assert(!extcrypt_x86_zmm_downclocks(&cpu));
	}
}
END_TEST

/* With EXTCRYPT_IMPL unset, the library uses what the rule picks here. */
START_TEST(test_this_cpu)
{
	struct extcrypt_x86_cpu cpu;
	const char *forced = getenv("EXTCRYPT_IMPL");
	static const char *const names[] = {
		[EXTCRYPT_X86_XTS_PORTABLE] = "portable",
		[EXTCRYPT_X86_XTS_AESNI] = "aesni",
		[EXTCRYPT_X86_XTS_AESNI_AVX] = "aesni-avx",
		[EXTCRYPT_X86_XTS_VAES_AVX2_ALIGNR] = "vaes-avx2-alignr",
		[EXTCRYPT_X86_XTS_VAES_AVX2_CLMUL] = "vaes-avx2-clmul",
		[EXTCRYPT_X86_XTS_VAES_AVX512_ALIGNR] = "vaes-avx512-alignr",
		[EXTCRYPT_X86_XTS_VAES_AVX512_CLMUL] = "vaes-avx512-clmul",
	};

	extcrypt_x86_cpu_identify(&cpu);
	printf("this CPU: vendor %d family 0x%x model 0x%x features 0x%x -> %s\n",
	       (int)cpu.vendor, cpu.family, cpu.model, cpu.features,
	       names[extcrypt_x86_xts_rule(&cpu)]);
	if (forced == NULL || forced[0] == '\0')
		ck_assert_str_eq(extcrypt_xts_impl_name(), names[extcrypt_x86_xts_rule(&cpu)]);
}
END_TEST

/* The names of 1.0 force the vendor's variant of the same width. */
START_TEST(test_old_names)
{
	struct extcrypt_x86_cpu cpu;
	const struct extcrypt_xts_impl *a512 = extcrypt_xts_impl_by_name("vaes-avx512");
	const struct extcrypt_xts_impl *a2 = extcrypt_xts_impl_by_name("vaes-avx2");
	bool clmul;

	extcrypt_x86_cpu_identify(&cpu);
	clmul = extcrypt_x86_xts_prefers_clmul(&cpu);
	ck_assert_ptr_nonnull(a512);
	ck_assert_ptr_nonnull(a2);
	ck_assert_str_eq(a512->name, clmul ? "vaes-avx512-clmul" : "vaes-avx512-alignr");
	ck_assert_str_eq(a2->name, clmul ? "vaes-avx2-clmul" : "vaes-avx2-alignr");
	ck_assert_int_eq(extcrypt_xts_impl_usable("vaes-avx512"), a512->usable());
	ck_assert_ptr_null(extcrypt_xts_impl_by_name("vaes-avx1024"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x86_xts_rule");
	TCase *tc = tcase_create("rule");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_rule, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_zmm_list);
	tcase_add_test(tc, test_this_cpu);
	tcase_add_test(tc, test_old_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
#else
int main(void)
{
	printf("check_x86_xts_rule: not an x86-64 build, nothing to test\n");
	return EXIT_SUCCESS;
}
#endif
