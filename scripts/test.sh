#!/bin/bash
# SPDX-License-Identifier: MIT
# The whole test suite, from a clean clone on Debian 12 (as root, or with
# sudo for the package installs):
#   1. release build (-Werror), every CTest test (each data-path test once
#      per AES-256-XTS implementation the CPU can run)
#   2. the same with AddressSanitizer + UndefinedBehaviorSanitizer
#   3. install, then build a consumer through pkg-config and through
#      CMake's find_package
#   4. arm64: cross-build, all tests under qemu-aarch64 -cpu max
#   5. the kernel module that checks our vectors with the kernel's crypto
#      API, booted under qemu-system-x86_64
#   6. ext4: Linux writes encrypted ext4 trees under qemu, `extcrypt ext4`
#      reads them back on the host (tests/kernel/ext4-roundtrip.sh)
# Skip steps with EXTCRYPT_SKIP="arm64 kernel ..." (names: release asan
# install arm64 kernel kernel-ext4).  Ends with one "N passed, M failed" line.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${EXTCRYPT_BUILD_ROOT:-$repo/build}
jobs=$(nproc)
passed=0 failed=0 failed_steps=""

skip() { [[ " ${EXTCRYPT_SKIP:-} " == *" $1 "* ]]; }

# Runs CTest in $1 and adds its counts to the totals.
run_ctest() {
	local dir=$1 log
	log=$(mktemp)
	(cd "$dir" && ctest --output-on-failure -j "$jobs") 2>&1 | tee "$log"
	local line
	line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
	else
		local nfail total
		nfail=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
		total=$(echo "$line" | sed -E 's/.*out of ([0-9]+).*/\1/')
		passed=$((passed + total - nfail))
		failed=$((failed + nfail))
	fi
	rm -f "$log"
}

step() { echo; echo "==== $* ===="; }

note_step() { # name status
	if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else
		failed=$((failed + 1)); failed_steps="$failed_steps $1"; fi
}

"$repo/scripts/deps.sh" || exit 1

build_and_test() { # name cmake-args...
	local name=$1 log; shift
	step "$name build"
	mkdir -p "$root"
	log="$root/$name-build.log"
	if ! { cmake -S "$repo" -B "$root/$name" "$@" &&
	       cmake --build "$root/$name" -j "$jobs"; } >"$log" 2>&1; then
		tail -n 60 "$log"
		echo "$name: build failed (log: $log)"
		failed=$((failed + 1)); failed_steps="$failed_steps $name"
		return
	fi
	step "$name tests"
	run_ctest "$root/$name"
}

skip release || build_and_test release -DCMAKE_BUILD_TYPE=Release -DEXTCRYPT_WERROR=ON
skip asan || build_and_test asan -DCMAKE_BUILD_TYPE=Debug -DEXTCRYPT_SANITIZE=ON \
	-DEXTCRYPT_BUILD_BENCH=OFF

if ! skip install; then
	step "install and consume"
	"$repo/scripts/test-install.sh" "$root/release" "$root/install"
	note_step install $?
fi
if ! skip arm64 && [ -x "$repo/scripts/test-arm64.sh" ]; then
	step "arm64 (cross-built, qemu-aarch64 -cpu max)"
	"$repo/scripts/test-arm64.sh"
	note_step arm64 $?
fi
if ! skip kernel && [ -x "$repo/tests/kernel/run-qemu-test.sh" ]; then
	step "kernel module with our vectors (qemu-system-x86_64)"
	"$repo/tests/kernel/run-qemu-test.sh"
	note_step kernel $?
fi

if ! skip kernel-ext4 && [ -x "$repo/tests/kernel/ext4-roundtrip.sh" ] &&
	[ -x "$root/release/tools/extcrypt" ]; then
	step "ext4 images written by Linux, read by extcrypt ext4 (qemu-system-x86_64)"
	EXTCRYPT_BUILD_ROOT=$root "$repo/tests/kernel/ext4-roundtrip.sh" \
		--extcrypt "$root/release/tools/extcrypt"
	note_step kernel-ext4 $?
fi

echo
[ -n "$failed_steps" ] && echo "failed steps:$failed_steps"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
