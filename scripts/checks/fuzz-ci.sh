#!/bin/bash
# SPDX-License-Identifier: MIT
# Fuzzing in CI: every libFuzzer target (tests/fuzz/fuzz_*.c) runs for a
# short fixed budget on top of its committed corpus (which CTest already
# replays).  A crash fails the check, and its input is copied to
# tests/fuzz/corpus/<target>/regress-<sha1> for the developer to commit,
# with the fix: from then on the corpus replay (CTest) reproduces it.
#
#   scripts/checks/fuzz-ci.sh [TARGET...]     (default: all targets)
#
# Environment:
#   FUZZ_CI_SECONDS  seconds per target (default 30)
#   FUZZ_CI_JOBS     targets run at once (default: the number of CPUs)
# With 6 targets, 30 s each, two at a time: about 1.5 min of fuzzing plus
# the clang build.  Builds with scripts/fuzz.sh (clang, ASan + UBSan) in
# $EXTCRYPT_BUILD_ROOT/fuzz-ci; longer campaigns: scripts/fuzz.sh.
# shellcheck source=scripts/checks/lib.sh
source "$(dirname "$0")/lib.sh"
check_begin fuzz-ci
check_need clang libclang-rt-14-dev pkg-config libssl-dev libsodium-dev

secs=${FUZZ_CI_SECONDS:-30}
rm -rf "$builddir"
echo "fuzz-ci: ${secs}s per target"
FUZZ_OUT=$builddir FUZZ_JOBS=${FUZZ_CI_JOBS:-$jobs} \
	"$repo/scripts/fuzz.sh" "$secs" "$@"
status=$?
echo "fuzz-ci: build and fuzzing took $(($(date +%s) - check_start))s"
if [ $status -eq 2 ]; then
	echo "fuzz-ci: could not build the fuzz targets"
	check_end 1
fi

found=0
for dir in "$builddir"/artifacts/*/; do
	[ -d "$dir" ] || continue
	t=$(basename "$dir")
	for a in "$dir"*; do
		[ -f "$a" ] || continue
		found=1
		dest=$repo/tests/fuzz/corpus/${t#fuzz_}/regress-$(sha1sum "$a" | cut -c1-40)
		mkdir -p "$(dirname "$dest")"
		cp "$a" "$dest"
		echo "fuzz-ci: $t crashed; input saved as ${dest#"$repo"/}"
		echo "         reproduce: $builddir/bin/$t $dest"
		echo "         commit it with the fix (the CTest corpus replay runs it)"
	done
done
# Per-target executions, for the log.
for log in "$builddir"/fuzz_*.log; do
	[ -f "$log" ] || continue
	echo "fuzz-ci: $(basename "$log" .log): $(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{print $2}') runs"
done
[ $found -eq 0 ] && [ $status -eq 0 ]
check_end $?
