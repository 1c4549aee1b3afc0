#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Times `extcrypt ext4 extract` (everything encrypted, AES-256-XTS/CTS)
# against `debugfs -R "rdump ..."` extracting the same tree from a
# plaintext copy of the image, side by side in one run.  Target (issue 8):
# extract at least 0.9x debugfs's speed (time ratio at most 1/0.9 = 1.11).
#
# Usage: bench/ext4_extract_bench.sh [--extcrypt PATH] [--size-mib N] [--runs N] [WORKDIR]
#   --size-mib N  source tree size (default 1024; see bench/ext4_bench_lib.sh)
#   --runs N      timed repetitions of each, alternating (default 3, at
#                 least 2); best and median are reported
#   WORKDIR       where the tree, images and outputs go (default build/bench-ext4)
# The encrypted image comes from `extcrypt ext4 build`, the plaintext one
# from `mke2fs -d`, same size, 4 KiB blocks.  Cache conditions are the
# same for both: both images are read once untimed (each tool extracts
# once, so image pages and libraries are warm), dirty pages are flushed
# (sync) and the previous output removed before every timed run, outside
# the timing; as root, clean caches of the outputs are dropped too.  A
# timed run is the tool's wall time, writing into the page cache (no
# fsync), which is what both tools do.  Environment: EXTRACT_OUT, where
# the two outputs go (default WORKDIR; a tmpfs such as /dev/shm leaves out
# the output filesystem's inode allocation, which dominates on ext4).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
USAGE_LINES=3,23p
# shellcheck source=bench/ext4_bench_lib.sh
source "$HERE/ext4_bench_lib.sh"
[ "$RUNS" -ge 2 ] || { echo "--runs must be at least 2" >&2; exit 2; }
command -v debugfs >/dev/null || { echo "debugfs (e2fsprogs) is needed" >&2; exit 2; }
PLAIN=$WORK/extract-plain.img ENC=$WORK/extract-enc.img
rm -f "$PLAIN" "$ENC"
truncate -s "${img_mib}M" "$PLAIN"
mke2fs -q -F -t ext4 -b 4096 -I 256 -d "$SRC" "$PLAIN" >/dev/null
"$X" ext4 build --key-file "$KEY" --encrypt large --encrypt small \
	--size "${img_mib}M" "$SRC" "$ENC" >/dev/null

OUT=${EXTRACT_OUT:-$WORK}
OUT_D=$OUT/out-debugfs OUT_X=$OUT/out-extcrypt
run_debugfs() { mkdir "$OUT_D" && debugfs -R "rdump /large /small $OUT_D" "$PLAIN" >/dev/null 2>"$WORK/debugfs.err"; }
run_extcrypt() { "$X" ext4 extract --key-file "$KEY" "$ENC" / "$OUT_X" 2>"$WORK/extract.err"; }
reset() {
	rm -rf "$OUT_D" "$OUT_X"
	sync
	[ "$(id -u)" != 0 ] || echo 1 >/proc/sys/vm/drop_caches
	cat "$PLAIN" "$ENC" >/dev/null # the images stay cached for both
}

# Untimed pass: warms caches and checks both outputs equal the source.
reset
if ! run_debugfs || ! run_extcrypt; then
	cat "$WORK/debugfs.err" "$WORK/extract.err" >&2; exit 1
fi
for o in "$OUT_D" "$OUT_X"; do
	if ! diff -r "$SRC/large" "$o/large" >/dev/null || ! diff -r "$SRC/small" "$o/small" >/dev/null; then
		echo "$o differs from the source tree" >&2; exit 1
	fi
done

t_d=() t_x=()
for r in $(seq 1 "$RUNS"); do
	# Alternate which goes first, so neither always follows the other.
	for tool in $( [ $((r % 2)) = 1 ] && echo "debugfs extcrypt" || echo "extcrypt debugfs"); do
		reset
		t=$(now)
		"run_$tool" || { cat "$WORK/$tool.err" "$WORK/extract.err" 2>/dev/null >&2; exit 1; }
		if [ "$tool" = debugfs ]; then t_d+=("$(since "$t")"); else t_x+=("$(since "$t")"); fi
	done
done
reset
rm -f "$PLAIN" "$ENC"
best() { printf '%s\n' "$@" | sort -n | head -n1; }
md=$(median "${t_d[@]}") mx=$(median "${t_x[@]}") bd=$(best "${t_d[@]}") bx=$(best "${t_x[@]}")
echo "tree: $SIZE_MIB MiB, $nfiles files; images ${img_mib} MiB, 4 KiB blocks; $RUNS runs each; output to $(df --output=fstype "$OUT" | tail -n1)"
echo "debugfs rdump (plaintext):       ${t_d[*]} s  best $bd s  median $md s"
echo "extcrypt ext4 extract (XTS/CTS): ${t_x[*]} s  best $bx s  median $mx s"
echo "speed extract/debugfs: best $(awk "BEGIN { printf \"%.2f\", $bd / $bx }")x  median $(awk "BEGIN { printf \"%.2f\", $md / $mx }")x  (target >= 0.9x)"
