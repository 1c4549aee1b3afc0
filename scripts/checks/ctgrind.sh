#!/bin/bash
# SPDX-License-Identifier: MIT
# Constant-time validation (BoringSSL style): builds with
# -DEXTCRYPT_CTGRIND=ON and runs tests/ctgrind/ctgrind.c under valgrind's
# memcheck, once per AES-256-XTS implementation valgrind can execute
# (aesni, portable: valgrind has no AVX-512 or VAES; those paths are
# covered by reasoning in docs/design.md).  The program marks master keys,
# cipher keys and plaintexts undefined, so any branch or memory address
# that depends on a secret is a memcheck error, and any error fails.
#
#   scripts/checks/ctgrind.sh
#
# Suppressions: tests/ctgrind/valgrind.supp (each one justified there).
# Build folder: $EXTCRYPT_BUILD_ROOT/ctgrind.
# shellcheck source=scripts/checks/lib.sh
source "$(dirname "$0")/lib.sh"
check_begin ctgrind
check_need build-essential cmake pkg-config libssl-dev libsodium-dev valgrind

check_targets=extcrypt_ctgrind
check_build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXTCRYPT_WERROR=ON \
	-DEXTCRYPT_CTGRIND=ON -DEXTCRYPT_BUILD_TESTS=OFF \
	-DEXTCRYPT_BUILD_BENCH=OFF -DEXTCRYPT_BUILD_TOOLS=OFF

vg="valgrind --error-exitcode=99 --track-origins=yes --num-callers=40"
vg="$vg --suppressions=$repo/tests/ctgrind/valgrind.supp"
bin=$builddir/tests/ctgrind/extcrypt_ctgrind

# The markers must work: a branch on a secret has to be reported.
if $vg "$bin" --self-test >"$builddir/ctgrind-self-test.log" 2>&1 ||
   ! grep -q 'Conditional jump or move depends on uninit' "$builddir/ctgrind-self-test.log"; then
	echo "ctgrind: the self-test's secret branch was not reported; the check is blind"
	check_end 1
fi
echo "ctgrind: self-test: a secret branch is reported"

status=0
for impl in aesni portable; do
	log=$builddir/ctgrind-$impl.log
	EXTCRYPT_IMPL=$impl $vg -v "$bin" >"$log" 2>&1
	rc=$?
	branches=$(grep -c 'Conditional jump or move depends on uninit' "$log")
	addresses=$(grep -c 'Use of uninitialised value of size' "$log")
	grep '^ctgrind:' "$log"
	grep -E 'used_suppression' "$log" | sed 's/^--[0-9]*-- */ctgrind: '"$impl"': /'
	echo "ctgrind: $impl: $branches secret-dependent branches, $addresses secret-dependent addresses (exit $rc; log $log)"
	if [ $rc -ne 0 ]; then
		grep -E '^==[0-9]+==' "$log" | head -n 80
		status=1
	fi
done
check_end $status
