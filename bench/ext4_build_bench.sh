#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Times `mke2fs -d` (plaintext) against `extcrypt ext4 build` (everything
# encrypted, AES-256-XTS/CTS) on one deterministic source tree, side by
# side in one run, into images of the same size.  Target (issue 9): the
# encrypted build at most 1.15x the plaintext one.
#
# Usage: bench/ext4_build_bench.sh [--extcrypt PATH] [--size-mib N] [--runs N] [WORKDIR]
#   --size-mib N  source tree size (default 1024): 70% in 16 large files,
#                 30% in small files of 1..64 KiB, 100 per directory
#   --runs N      alternating repetitions of both builds (default 3); the
#                 median of each is reported
#   WORKDIR       where the tree and images go (default build/bench-ext4)
# The tree comes from bench/ext4_bench_lib.sh (AES-CTR of fixed keys, so
# every run and every machine gets the same bytes).  Page cache effects
# are evened out by running the two builds alternately.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
USAGE_LINES=3,17p
# shellcheck source=bench/ext4_bench_lib.sh
source "$HERE/ext4_bench_lib.sh"

t_plain=() t_enc=()
for r in $(seq 1 "$RUNS"); do
	rm -f "$WORK/plain.img" "$WORK/enc.img"
	sync
	t=$(now)
	truncate -s "${img_mib}M" "$WORK/plain.img"
	mke2fs -q -F -t ext4 -b 4096 -I 256 -d "$SRC" "$WORK/plain.img" >/dev/null
	sync
	t_plain+=("$(since "$t")")
	t=$(now)
	"$X" ext4 build --key-file "$KEY" --encrypt large --encrypt small \
		--size "${img_mib}M" "$SRC" "$WORK/enc.img" >/dev/null
	sync
	t_enc+=("$(since "$t")")
done
e2fsck -fn "$WORK/enc.img" >/dev/null 2>&1 || { echo "e2fsck -fn failed on the encrypted image" >&2; exit 1; }
mp=$(median "${t_plain[@]}") me=$(median "${t_enc[@]}")
echo "tree: $SIZE_MIB MiB, $nfiles files; images ${img_mib} MiB, 4 KiB blocks; $RUNS runs each"
echo "mke2fs -d (plaintext):        ${t_plain[*]} s  median $mp s"
echo "extcrypt ext4 build (XTS/CTS): ${t_enc[*]} s  median $me s"
echo "ratio encrypted/plaintext: $(awk "BEGIN { printf \"%.3f\", $me / $mp }")"
rm -f "$WORK/plain.img" "$WORK/enc.img"
