#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs a built tree into a scratch prefix and builds a small consumer
# twice: with `pkg-config --cflags --libs extcrypt` and with CMake's
# find_package(extcrypt).  Both must run and agree with a known answer.
# Usage: test-install.sh BUILD_DIR PREFIX
set -eu
build=$1 prefix=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(find "$prefix" -name 'libextcrypt.so.1' -printf '%h\n' | head -1)
export PKG_CONFIG_PATH="$libdir/pkgconfig"

cp "$repo/tests/install/consumer.c" "$work/"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$work/consumer-pc" "$work/consumer.c" \
	$(pkg-config --cflags --libs extcrypt)
LD_LIBRARY_PATH="$libdir" "$work/consumer-pc"

mkdir "$work/cm"
cp "$repo/tests/install/CMakeLists.txt" "$work/cm/"
cp "$work/consumer.c" "$work/cm/"
cmake -S "$work/cm" -B "$work/cm/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cm/build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cm/build/consumer"
test -f "$prefix/include/extcrypt/extcrypt.h"
echo "install: pkg-config and find_package consumers OK"
