#!/bin/bash
# SPDX-License-Identifier: MIT
# ThreadSanitizer: builds the library and the tests that start threads
# (every tests/check_*.c that calls pthread_create) with -fsanitize=thread
# and runs their CTest tests (each data-path implementation the CPU has).
# Any TSan report fails the test (halt_on_error, exit code 66).
#
#   scripts/checks/tsan.sh          (CC=clang to use clang instead of gcc)
#
# OpenSSL and libsodium are not instrumented; their locks go through
# pthread (which TSan intercepts), so the library's use of them is seen.
# Build folder: $EXTCRYPT_BUILD_ROOT/tsan.
# shellcheck source=scripts/checks/lib.sh
source "$(dirname "$0")/lib.sh"
check_begin tsan
check_need build-essential cmake pkg-config libssl-dev libsodium-dev check

tests=$(grep -l pthread_create "$repo"/tests/check_*.c | xargs -n1 basename |
	sed 's/\.c$//' | tr '\n' ' ')
tests=${tests% }
[ -n "$tests" ] || { echo "tsan: no threaded test found"; check_end 1; }
echo "tsan: threaded tests: $tests"
check_targets=$tests
san="-fsanitize=thread -fno-omit-frame-pointer -g -O1"
check_build -DCMAKE_BUILD_TYPE=Debug -DEXTCRYPT_WERROR=ON \
	-DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
	-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread \
	-DEXTCRYPT_BUILD_BENCH=OFF -DEXTCRYPT_BUILD_TOOLS=OFF

# Check's fork per test is left out: one process, the threads TSan sees.
export CK_FORK=no
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66:second_deadlock_stack=1}
regex="^(${tests// /|})(:.*)?\$"
(cd "$builddir" && ctest --output-on-failure -j "$jobs" -R "$regex")
check_end $?
