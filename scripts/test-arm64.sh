#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Cross-builds libextcrypt for arm64 (aarch64-linux-gnu) and runs the whole
# test suite under qemu user-mode emulation with "-cpu max", which has the
# ARMv8 Crypto Extensions, so the arm64-ce AES-XTS path is the one tested.
#
# Usage: scripts/test-arm64.sh [BUILD_DIR]
#   BUILD_DIR defaults to ${EXTCRYPT_BUILD_ROOT:-<repo>/build}/arm64.
#   JOBS (default 2) sets the build parallelism.
#   EXTCRYPT_CMAKE_ARGS adds configure options (split on spaces).
#
# On Debian 12, run as root, it first installs whatever is missing (the
# cross compiler, qemu-user and the arm64 -dev packages through multiarch).
# As another user it only checks and tells what to install.
# Exits non-zero if anything fails.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${EXTCRYPT_BUILD_ROOT:-$repo/build}/arm64}
jobs=${JOBS:-2}
triple=aarch64-linux-gnu

say() { printf '== %s\n' "$*"; }
die() { printf 'test-arm64: %s\n' "$*" >&2; exit 1; }

# ---- prerequisites -----------------------------------------------------------
# Package name, and the file that shows it is installed (checked directly,
# so a re-run costs no dpkg/apt time).
need=(
	"gcc-aarch64-linux-gnu:/usr/bin/$triple-gcc"
	"binutils-aarch64-linux-gnu:/usr/bin/$triple-nm"
	"qemu-user:/usr/bin/qemu-aarch64"
	"pkg-config:/usr/bin/pkg-config"
	"cmake:/usr/bin/cmake"
	"make:/usr/bin/make"
	"libssl-dev:arm64:/usr/lib/$triple/pkgconfig/libcrypto.pc"
	"libsodium-dev:arm64:/usr/lib/$triple/pkgconfig/libsodium.pc"
	"check:arm64:/usr/lib/$triple/pkgconfig/check.pc"
	"libc6:arm64:/lib/ld-linux-aarch64.so.1"
	# The arm64 C run-time objects and libc.so for linking: without them the
	# cross compiler cannot link (Scrt1.o, crti.o); only a Recommends of the
	# cross gcc, so --no-install-recommends leaves them out.
	"libc6-dev:arm64:/usr/lib/$triple/crti.o"
)
missing=()
for entry in "${need[@]}"; do
	file=${entry##*:}
	pkg=${entry%:*}
	[ -e "$file" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
	say "installing: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "not root; install first: apt-get install ${missing[*]}"
	command -v apt-get >/dev/null || die "no apt-get; install by hand: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		dpkg --add-architecture arm64
	fi
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
	for entry in "${need[@]}"; do
		[ -e "${entry##*:}" ] || die "${entry%:*} installed but ${entry##*:} is missing"
	done
fi

# ---- configure, build --------------------------------------------------------
say "configuring in $build"
mkdir -p "$build"
# shellcheck disable=SC2086
cmake -S "$repo" -B "$build" \
	-DCMAKE_TOOLCHAIN_FILE="$repo/cmake/toolchain-aarch64-linux-gnu.cmake" \
	-DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" \
	${EXTCRYPT_CMAKE_ARGS:-}
# A directory first configured for the host keeps its host compiler even
# when given a toolchain file; refuse to "test arm64" with x86 binaries.
grep -qs 'CMAKE_SYSTEM_PROCESSOR "aarch64"' "$build"/CMakeFiles/*/CMakeSystem.cmake ||
	die "$build was configured for another architecture; use a fresh directory"

say "building (-j$jobs)"
cmake --build "$build" -j"$jobs"

# ---- which implementation runs under qemu --------------------------------------
# A tiny arm64 program, linked against the library just built, that prints
# the implementation chosen by default and whether arm64-ce is usable; the
# suite is only meaningful if qemu exposes the Crypto Extensions.
say "XTS implementation under qemu-aarch64 -cpu max"
probe_dir="$build/arm64-probe"
mkdir -p "$probe_dir"
cat >"$probe_dir/probe.c" <<'EOF'
#define EXTCRYPT_EXPERIMENTAL 1
#include <stdio.h>
#include <string.h>
#include "extcrypt/extcrypt.h"
#include "extcrypt/experimental.h"

int main(void)
{
	const char *name = extcrypt_xts_impl_name();
	int ce = extcrypt_xts_impl_usable("arm64-ce");

	printf("default XTS implementation: %s\n", name);
	printf("available:");
	for (size_t i = 0; i < extcrypt_xts_impl_count(); i++)
		printf(" %s%s", extcrypt_xts_impl_name_at(i),
		       extcrypt_xts_impl_usable(extcrypt_xts_impl_name_at(i)) ? "" : "(unusable)");
	printf("\n");
	return (ce && strcmp(name, "arm64-ce") == 0) ? 0 : 1;
}
EOF
static_lib=$(find "$build" -maxdepth 2 -name 'libextcrypt.a' -print -quit)
[ -f "$static_lib" ] || die "libextcrypt.a not found in $build"
export PKG_CONFIG_LIBDIR="/usr/lib/$triple/pkgconfig:/usr/share/pkgconfig"
export PKG_CONFIG_PATH=
# shellcheck disable=SC2046
"$triple-gcc" -O1 -I"$repo/include" -o "$probe_dir/probe" "$probe_dir/probe.c" \
	"$static_lib" $(pkg-config --libs libcrypto libsodium) -lpthread
if ! qemu-aarch64 -cpu max "$probe_dir/probe"; then
	die "the arm64-ce implementation is not the default under qemu -cpu max"
fi

# ---- tests ------------------------------------------------------------------------
# The ABI test lists the library's symbols with nm; the host's nm may not
# read arm64 objects, so hand it the cross one.
export NM="$triple-nm"
say "running the test suite under qemu"
cd "$build"
ctest --output-on-failure -j"$jobs"
say "arm64 test suite passed"
