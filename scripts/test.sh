#!/bin/bash
# SPDX-License-Identifier: MIT
# The whole test suite, from a clean clone on Debian 12 (as root, or with
# sudo for the package installs).  Stages, in order:
#   release   gcc release build (-Werror), every CTest test (each data-path
#             test once per AES-256-XTS implementation the CPU can run)
#   clang     the same with clang
#   asan      gcc with AddressSanitizer + UndefinedBehaviorSanitizer
#   install   install, then build a consumer through pkg-config and
#             through CMake's find_package
#   abi       abidiff against tests/abi/libextcrypt.so.1.abi; EXTCRYPT_API
#             declarations = version script = exports
#   tsan      ThreadSanitizer build of the threaded tests
#   ctgrind   constant-time validation: secrets marked for valgrind
#   memcheck  valgrind memcheck over the CTest programs
#   fuzz      every libFuzzer target for a short fixed budget
#   arm64     cross-build, all tests under qemu-aarch64 -cpu max
#   kernel    the kernel module that checks our vectors with the kernel's
#             crypto API, booted under qemu-system-x86_64 (SM4 through the
#             kernel's generic SM4, built from Debian's linux-source-<ver>)
#   ext4-read Linux writes encrypted ext4 trees under qemu, `extcrypt ext4`
#             reads them back on the host, copies them without keys into
#             fresh images that Linux reads in one more boot
#             (tests/kernel/ext4-roundtrip.sh, ext4-copy.sh)
#   ext4-build `extcrypt ext4 build` makes images offline, Linux under qemu
#             reads, checks and writes them (tests/kernel/ext4-build.sh)
# Every stage configures its own build folder under build/ with all the
# options it relies on, so this works whatever ran before (scripts/bench.sh
# uses build/bench).  Skip stages with EXTCRYPT_SKIP="arm64 kernel ...".
# Prints each stage's time and ends with one "N passed, M failed" line
# (N and M count CTest tests plus one per non-CTest stage).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${EXTCRYPT_BUILD_ROOT:-$repo/build}
jobs=$(nproc)
passed=0 failed=0 failed_steps="" timings=""

skip() { [[ " ${EXTCRYPT_SKIP:-} " == *" $1 "* ]]; }
step() { echo; echo "==== $* ===="; }
fail_step() { failed=$((failed + 1)); failed_steps="$failed_steps $1"; }

# Runs CTest in $2 and adds its counts to the totals ($1 names the stage).
run_ctest() {
	local name=$1 dir=$2 log line nfail total
	log=$(mktemp)
	(cd "$dir" && ctest --output-on-failure -j "$jobs") 2>&1 | tee "$log"
	line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
	rm -f "$log"
	total=$(echo "$line" | sed -nE 's/.*out of ([0-9]+).*/\1/p')
	if [ -z "$line" ] || [ "${total:-0}" -eq 0 ]; then
		echo "$name: CTest ran no test"
		fail_step "$name"
		return
	fi
	nfail=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/')
	passed=$((passed + total - nfail))
	failed=$((failed + nfail))
	[ "$nfail" -eq 0 ] || failed_steps="$failed_steps $name"
}

# Builds in $root/NAME with the given CMake options, then runs CTest.
build_and_test() { # name cmake-args...
	local name=$1 log; shift
	step "$name build"
	mkdir -p "$root"
	log="$root/$name-build.log"
	if ! { cmake -S "$repo" -B "$root/$name" -DEXTCRYPT_BUILD_TESTS=ON \
		-DEXTCRYPT_BUILD_TOOLS=ON "$@" &&
	       cmake --build "$root/$name" -j "$jobs"; } >"$log" 2>&1; then
		tail -n 60 "$log"
		echo "$name: build failed (log: $log)"
		fail_step "$name"
		return
	fi
	step "$name tests"
	run_ctest "$name" "$root/$name"
}

# A stage that is one command: passes or fails as a whole.
run_step() { # name command...
	local name=$1; shift
	if "$@"; then passed=$((passed + 1)); else fail_step "$name"; fi
}

# Runs stage NAME (unless skipped) and records its wall-clock time.
stage() { # name function-or-command args...
	local name=$1 t0=$SECONDS; shift
	skip "$name" && { echo; echo "==== $name: skipped ===="; return; }
	"$@"
	timings="$timings$(printf '  %-10s %5d s' "$name" $((SECONDS - t0)))\n"
}

t_start=$SECONDS
step "build dependencies"
"$repo/scripts/deps.sh" build-essential cmake pkg-config libssl-dev libsodium-dev \
	check clang libxxhash-dev valgrind libext2fs-dev comerr-dev e2fsprogs xz-utils attr || { echo "0 passed, 1 failed"; exit 1; }

stage release build_and_test release -DCMAKE_BUILD_TYPE=Release -DEXTCRYPT_WERROR=ON \
	-DEXTCRYPT_SANITIZE=OFF -DEXTCRYPT_BUILD_BENCH=ON -DCMAKE_C_COMPILER=gcc
stage clang build_and_test clang -DCMAKE_BUILD_TYPE=Release -DEXTCRYPT_WERROR=ON \
	-DEXTCRYPT_SANITIZE=OFF -DEXTCRYPT_BUILD_BENCH=ON -DCMAKE_C_COMPILER=clang
stage asan build_and_test asan -DCMAKE_BUILD_TYPE=Debug -DEXTCRYPT_SANITIZE=ON \
	-DEXTCRYPT_BUILD_BENCH=OFF -DCMAKE_C_COMPILER=gcc

install_stage() {
	step "install and consume"
	if [ ! -f "$root/release/CMakeCache.txt" ]; then
		echo "install: needs the release build"; fail_step install; return
	fi
	run_step install "$repo/scripts/test-install.sh" "$root/release" "$root/install"
}
stage install install_stage

# The checks of scripts/checks/ (each builds in its own folder): the ABI
# against its baseline, ThreadSanitizer, constant-time validation and
# memcheck under valgrind, a short libFuzzer run of every target.
check_stage() { # name script
	step "$1 ($2)"
	run_step "$1" "$repo/scripts/checks/$2"
}
stage abi check_stage abi abi.sh
stage tsan check_stage tsan tsan.sh
stage ctgrind check_stage ctgrind ctgrind.sh
stage memcheck check_stage memcheck valgrind-memcheck.sh
stage fuzz check_stage fuzz fuzz-ci.sh

arm64_stage() {
	step "arm64 (cross-built, qemu-aarch64 -cpu max)"
	run_step arm64 "$repo/scripts/test-arm64.sh" "$root/arm64"
}
stage arm64 arm64_stage

kernel_stage() {
	step "kernel module with our vectors (qemu-system-x86_64)"
	run_step kernel "$repo/tests/kernel/run-qemu-test.sh"
}
stage kernel kernel_stage

ext4_read_stage() {
	step "ext4 images written by Linux, read by extcrypt ext4 (qemu-system-x86_64)"
	if [ ! -x "$root/release/tools/extcrypt" ]; then
		echo "ext4-read: needs the release build's extcrypt"; fail_step ext4-read; return
	fi
	run_step ext4-read env EXTCRYPT_BUILD_ROOT="$root" \
		"$repo/tests/kernel/ext4-roundtrip.sh" --extcrypt "$root/release/tools/extcrypt"
}
stage ext4-read ext4_read_stage

ext4_build_stage() {
	step "ext4 images built offline by extcrypt ext4 build, read by Linux (qemu-system-x86_64)"
	if [ ! -x "$root/release/tools/extcrypt" ]; then
		echo "ext4-build: needs the release build's extcrypt"; fail_step ext4-build; return
	fi
	run_step ext4-build env EXTCRYPT_BUILD_ROOT="$root" \
		"$repo/tests/kernel/ext4-build.sh" --extcrypt "$root/release/tools/extcrypt"
}
stage ext4-build ext4_build_stage

echo
echo "stage times:"
printf "%b" "$timings"
printf '  %-10s %5d s\n' total $((SECONDS - t_start))
[ -n "$failed_steps" ] && echo "failed stages:$failed_steps"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
