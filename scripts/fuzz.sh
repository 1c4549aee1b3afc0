#!/bin/bash
# SPDX-License-Identifier: MIT
# Coverage-guided fuzzing of libextcrypt with libFuzzer (clang).  Not part
# of CI: the same targets run as CTest regression tests over their
# committed corpora (tests/fuzz/CMakeLists.txt, built with any compiler).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Builds every target (tests/fuzz/fuzz_*.c, or only those named: "policy"
# or "fuzz_policy") with -fsanitize=fuzzer,address,undefined against the
# library sources compiled with clang, then runs each for SECONDS (default
# 60) with its committed corpus tests/fuzz/corpus/<name>/ (read only) and
# a scratch corpus for what it finds, and reports crashes.  Exit status 1
# if any target found something.
#
# Environment:
#   CC               clang (default: clang)
#   FUZZ_OUT         work directory (default: a new /tmp/extcrypt-fuzz.XXXXXX)
#   FUZZ_JOBS        targets run at once (default 1)
#   FUZZ_BUILD_JOBS  compilers run at once (default: the number of CPUs)
#   FUZZ_ARGS        extra libFuzzer arguments (e.g. "-max_len=8192")
#   FUZZ_MERGE=1     afterwards, minimise the scratch corpus plus the
#                    committed one back into tests/fuzz/corpus/<name>/
#                    (-merge=1: keeps only inputs that add coverage; files
#                    named regress-* are reproducers and always kept)
#   FUZZ_NO_ARCH=1   leave out src/arch (EXTCRYPT_ARCH_none)
#   FUZZ_BUILD_ONLY=1  build, do not run
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
CC=${CC:-clang}
out=${FUZZ_OUT:-$(mktemp -d /tmp/extcrypt-fuzz.XXXXXX)}
jobs=${FUZZ_JOBS:-1}
build_jobs=${FUZZ_BUILD_JOBS:-$(nproc)}
mkdir -p "$out/obj" "$out/bin"

case "$secs" in
'' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

targets=()
if [ $# -eq 0 ]; then
	for f in "$repo"/tests/fuzz/fuzz_*.c; do
		t=$(basename "$f" .c)
		targets+=("$t")
	done
else
	for t in "$@"; do
		t=${t%.c}
		t=fuzz_${t#fuzz_}
		[ -f "$repo/tests/fuzz/$t.c" ] || { echo "no target $t" >&2; exit 2; }
		targets+=("$t")
	done
fi

# ---- build -----------------------------------------------------------------
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
common="-g -O1 -fno-omit-frame-pointer -std=c11 -D_GNU_SOURCE $san"
deps=$(pkg-config --cflags libcrypto libsodium) || exit 2
libs="$(pkg-config --libs libcrypto libsodium) -lpthread"
# The ext4 reader (src/ext4, fuzz_ext4) only where libext2fs is installed;
# its objects go in a separate set so the other targets need no libext2fs.
have_ext4=0
if pkg-config --exists ext2fs com_err; then
	have_ext4=1
	ext4_libs=$(pkg-config --libs ext2fs com_err)
else
	mapfile -t targets < <(printf '%s\n' "${targets[@]}" | grep -vx fuzz_ext4)
fi

case "$(uname -m)" in
x86_64 | amd64) arch=x86 ;;
aarch64 | arm64) arch=arm64 ;;
*) arch=none ;;
esac
[ "${FUZZ_NO_ARCH:-0}" = 1 ] && arch=none

# Compiles the library into $out/obj/$1; returns non-zero on failure.
build_lib() {
	local a=$1 dir=$out/obj/$1 srcs f o
	rm -rf "$dir" && mkdir -p "$dir"
	srcs=$(ls "$repo"/src/*/*.c | grep -v -e "/src/arch/" -e "/src/ext4/")
	[ "$a" != none ] && srcs="$srcs $(ls "$repo"/src/arch/"$a"/*.c)"
	for f in $srcs; do
		o=$dir/$(echo "${f#"$repo"/src/}" | tr / _ | sed 's/\.c$/.o/')
		# clang 14 ignores `#pragma GCC target(...)`, which the arch
		# files use to enable their instruction sets; give it the same
		# features as -m flags, for that file only.
		isa=$(grep -o 'pragma GCC target("[^"]*")' "$f" | head -1 |
			sed -e 's/.*("//' -e 's/")//' -e 's/,/ /g')
		mflags=""
		for x in $isa; do mflags="$mflags -m$x"; done
		# shellcheck disable=SC2086
		$CC $common -fsanitize=fuzzer-no-link -DEXTCRYPT_BUILDING_LIBRARY \
			-DEXTCRYPT_ARCH_"$a" -I"$repo/include" -I"$repo/src" $deps \
			$mflags -c "$f" -o "$o" &
		# $build_jobs compilers at once; a failure shows as a missing .o
		[ "$(jobs -rp | wc -l)" -ge "$build_jobs" ] && wait -n
	done
	wait
	for f in $srcs; do
		[ -f "$dir/$(echo "${f#"$repo"/src/}" | tr / _ | sed 's/\.c$/.o/')" ] || return 1
	done
}

echo "== building the library with $CC (arch: $arch) in $out"
if ! build_lib "$arch"; then
	[ "$arch" = none ] && exit 2
	echo "== arch code failed to build with $CC; using EXTCRYPT_ARCH_none"
	arch=none
	build_lib none || exit 2
fi
if [ "$have_ext4" = 1 ] && printf '%s\n' "${targets[@]}" | grep -qx fuzz_ext4; then
	mkdir -p "$out/obj/ext4"
	for f in "$repo"/src/ext4/*.c; do
		# shellcheck disable=SC2086
		$CC $common -fsanitize=fuzzer-no-link -DEXTCRYPT_EXT4_BUILDING_LIBRARY \
			-I"$repo/include" -I"$repo/src" $deps \
			-c "$f" -o "$out/obj/ext4/$(basename "$f" .c).o" || exit 2
	done
fi
# fuzz_cli runs the extcrypt command in process: its sources, main renamed.
build_cli() {
	local dir=$out/obj/cli f
	rm -rf "$dir" && mkdir -p "$dir"
	for f in "$repo"/tools/extcrypt/*.c "$repo"/tools/extcrypt/kat/*.c; do
		case $f in */cmd_ext4*) continue ;; esac
		# shellcheck disable=SC2086
		$CC $common -fsanitize=fuzzer-no-link -Dmain=extcrypt_cli_main \
			-I"$repo/include" -I"$repo/tools/extcrypt" $deps -c "$f" \
			-o "$dir/$(basename "$f" .c).o" || return 1
	done
}
for t in "${targets[@]}"; do
	extra=""
	if [ "$t" = fuzz_cli ]; then
		build_cli || exit 2
		extra=$(ls "$out"/obj/cli/*.o)
	fi
	[ "$t" = fuzz_ext4 ] && extra="$out/obj/ext4/*.o $ext4_libs -DEXT4_FUZZ_KEY_DIR=\"$repo/tests/vectors/ext4\""
	# shellcheck disable=SC2086
	$CC $common -fsanitize=fuzzer -I"$repo/include" $deps \
		"$repo/tests/fuzz/$t.c" "$repo/tests/fuzz/common.c" \
		"$out/obj/$arch"/*.o $extra $libs \
		-o "$out/bin/$t" || exit 2
done
echo "== built: ${targets[*]}"
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

# ---- run -------------------------------------------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
	local t=$1 seeds=$repo/tests/fuzz/corpus/${1#fuzz_} work=$out/corpus/$1
	local art=$out/artifacts/$1/
	mkdir -p "$work" "$art" "$seeds"
	echo "== $t: ${secs}s (log: $out/$t.log)"
	# shellcheck disable=SC2086
	"$out/bin/$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$art" ${FUZZ_ARGS:-} "$work" "$seeds" \
		>"$out/$t.log" 2>&1
	echo "== $t: exit $?; $(grep -E '^#[0-9]+' "$out/$t.log" | tail -1)"
	if [ "${FUZZ_MERGE:-0}" = 1 ]; then
		local m=$out/merged/$t
		rm -rf "$m" && mkdir -p "$m"
		# regress-* inputs (reproducers of fixed bugs) always stay.
		"$out/bin/$t" -merge=1 "$m" "$seeds" "$work" >>"$out/$t.log" 2>&1 &&
			find "$seeds" -maxdepth 1 -type f ! -name 'regress-*' -delete &&
			cp -n "$m"/* "$seeds"/ 2>/dev/null
		echo "== $t: corpus now $(ls "$seeds" | wc -l) files"
	fi
}

running=0
for t in "${targets[@]}"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

found=0
for t in "${targets[@]}"; do
	for a in "$out/artifacts/$t"/*; do
		[ -e "$a" ] || continue
		found=1
		echo "!! $t: $a"
		echo "   reproduce: $out/bin/$t $a"
	done
done
if [ $found = 1 ]; then
	echo "== crashes found (logs in $out)"
	exit 1
fi
echo "== no crashes (logs in $out)"
