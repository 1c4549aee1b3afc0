#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job: install missing build dependencies, build libextcrypt in
# release mode, and print extcrypt-bench's quick table (our AES-256-XTS
# implementations side by side with OpenSSL EVP).  Extra arguments go to
# extcrypt-bench, e.g. `scripts/bench.sh --json` or `scripts/bench.sh` with
# no --quick for the full table: EXTCRYPT_BENCH_ARGS overrides "--quick".
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
# Its own build folder, configured with every option it relies on, so it
# works whatever ran before it (scripts/test.sh uses other folders).
build=${EXTCRYPT_BUILD_ROOT:-$repo/build}/bench

"$repo/scripts/deps.sh"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEXTCRYPT_BUILD_TESTS=OFF \
	-DEXTCRYPT_BUILD_BENCH=ON -DEXTCRYPT_SANITIZE=OFF -DEXTCRYPT_NO_ARCH_CODE=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
if [ $# -eq 0 ]; then
	# shellcheck disable=SC2086
	set -- ${EXTCRYPT_BENCH_ARGS:---quick}
fi
exec "$build/bench/extcrypt-bench" "$@"
