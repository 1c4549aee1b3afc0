#!/bin/bash
# SPDX-License-Identifier: MIT
# valgrind memcheck over the CTest suite: every test program runs under
# memcheck (CMAKE_CROSSCOMPILING_EMULATOR puts valgrind in front of each
# test's command); any memcheck error or a definite/indirect leak fails
# the test (exit code 99).  Suppressions: none.
#
#   scripts/checks/valgrind-memcheck.sh [CTEST-ARG...]
#
# Which tests, and why (the whole suite takes too long under memcheck on
# a 2-core machine):
#  - valgrind's CPUID shows no AVX-512 or VAES, so under memcheck "auto"
#    is aesni and a forced vaes-* implementation falls back to portable:
#    the :auto and :vaes-* copies of the data-path tests would repeat the
#    :aesni and :portable runs.  They are left out; the VAES code is
#    covered by the ASan build and the fuzz replays instead.
#  - the shell tests (cli_*, abi_*) run no test program of ours directly.
#  - check_extent:portable and fuzz_replay_*:aesni: check_extent is the
#    slowest test under memcheck (~2.5 min); its portable run repeats the
#    aesni one but for the XTS calls, which check_cipher, check_inode and
#    check_fscrypt_vectors run on portable.  The unforced fuzz replays
#    already run aesni under valgrind.
#  - check_kat_vectors: ~45 s natively, over 30 min under memcheck; it
#    makes the same API calls as check_fscrypt_vectors and the fuzz
#    replays, on many more vectors.
#  - check_xts_impls runs outside CTest, without its cpu_features case:
#    that case re-executes /proc/self/exe, which under valgrind is
#    valgrind itself.
#  - MEMCHECK_EXCLUDE (a CTest regex) leaves out more, e.g. slow ones.
# Build folder: $EXTCRYPT_BUILD_ROOT/memcheck.
# shellcheck source=scripts/checks/lib.sh
source "$(dirname "$0")/lib.sh"
check_begin memcheck
check_need build-essential cmake pkg-config libssl-dev libsodium-dev check valgrind

vg="valgrind;-q;--error-exitcode=99;--leak-check=full"
vg="$vg;--errors-for-leak-kinds=definite,indirect;--show-leak-kinds=definite,indirect"
vg="$vg;--num-callers=30"
check_build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXTCRYPT_WERROR=ON \
	-DEXTCRYPT_BUILD_BENCH=OFF -DEXTCRYPT_BUILD_TOOLS=OFF \
	"-DCMAKE_CROSSCOMPILING_EMULATOR=$vg"

# One process per test program (no fork per Check test), so memcheck's
# leak check sees the whole program and the run is faster.
export CK_FORK=no
# The tests that do not force an implementation get aesni, never AVX-512.
export EXTCRYPT_DISABLE_CPU_FEATURES=vaes,avx512
exclude=':(auto|vaes-avx2|vaes-avx512)$|^(cli|abi)_|^check_(kat_vectors|xts_impls)$'
exclude="$exclude|^check_extent:portable$|^fuzz_replay_.*:aesni$"
[ -n "${MEMCHECK_EXCLUDE:-}" ] && exclude="$exclude|$MEMCHECK_EXCLUDE"
status=0
(cd "$builddir" && ctest --output-on-failure -j "$jobs" -E "$exclude" "$@") || status=1
for case in data key_schedule; do
	log=$builddir/check_xts_impls-$case.log
	if (cd "$builddir/tests" && CK_RUN_CASE=$case ${vg//;/ } \
		./check_xts_impls) >"$log" 2>&1; then
		echo "memcheck: check_xts_impls ($case): passed"
	else
		cat "$log"
		echo "memcheck: check_xts_impls ($case): FAILED"
		status=1
	fi
done
check_end $status
