#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job: install missing build dependencies, build libextcrypt in
# release mode, and print extcrypt-bench's quick table (our AES-256-XTS
# implementations side by side with OpenSSL EVP).  Extra arguments go to
# extcrypt-bench, e.g. `scripts/bench.sh --json` or `scripts/bench.sh` with
# no --quick for the full table: EXTCRYPT_BENCH_ARGS overrides "--quick".
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${EXTCRYPT_BUILD_ROOT:-$repo/build}/release

"$repo/scripts/deps.sh"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEXTCRYPT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
if [ $# -eq 0 ]; then
	# shellcheck disable=SC2086
	set -- ${EXTCRYPT_BENCH_ARGS:---quick}
fi
exec "$build/bench/extcrypt-bench" "$@"
