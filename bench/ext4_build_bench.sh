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
# The tree is generated from AES-CTR of a fixed key (openssl), so every run
# and every machine gets the same bytes.  Page cache effects are evened
# out by running the two builds alternately.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
X=$REPO/build/dev/tools/extcrypt
SIZE_MIB=1024
RUNS=3
WORK=$REPO/build/bench-ext4
while [ $# -gt 0 ]; do
	case $1 in
	--extcrypt) X=${2:?}; shift ;;
	--size-mib) SIZE_MIB=${2:?}; shift ;;
	--runs) RUNS=${2:?}; shift ;;
	-h|--help) sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) WORK=$1 ;;
	esac
	shift
done
export PATH=$PATH:/sbin:/usr/sbin
[ -x "$X" ] || { echo "no extcrypt at $X" >&2; exit 2; }
mkdir -p "$WORK"
SRC=$WORK/src-$SIZE_MIB

prg() { # prg SEED BYTES: deterministic bytes (openssl ends on SIGPIPE)
	(set +o pipefail
	 openssl enc -aes-128-ctr -nosalt -K "$(printf '%032x' "$1")" -iv 0 </dev/zero 2>/dev/null |
		head -c "$2")
}
if [ ! -f "$SRC/.complete" ]; then
	rm -rf "$SRC"
	mkdir -p "$SRC/large"
	total=$((SIZE_MIB << 20))
	large=$((total * 7 / 10 / 16))
	for i in $(seq 1 16); do prg "$i" "$large" >"$SRC/large/file$i"; done
	small_total=$((total - large * 16))
	# Small files: sizes 1..64 KiB from a fixed sequence, 100 per
	# directory, carved from one deterministic stream.
	prg 99 "$small_total" >"$WORK/stream"
	off=0 n=0
	while [ $off -lt $small_total ]; do
		sz=$(( (n * 7919 % 65536) + 1 ))
		[ $((off + sz)) -le $small_total ] || sz=$((small_total - off))
		d=$SRC/small/d$((n / 100))
		[ $((n % 100)) = 0 ] && mkdir -p "$d"
		dd if="$WORK/stream" of="$d/f$n" bs=64K iflag=skip_bytes,count_bytes \
			skip=$off count=$sz status=none
		n=$((n + 1))
		off=$((off + sz))
	done
	rm -f "$WORK/stream"
	touch "$SRC/.complete"
fi
nfiles=$(find "$SRC" -type f ! -name .complete | wc -l)
head -c 64 /dev/zero | tr '\0' 'k' >"$WORK/key"
# Same image size for both: the tree plus 30%.
img_mib=$(( SIZE_MIB * 13 / 10 + 64 ))

t_plain=() t_enc=()
now() { date +%s.%N; }
since() { awk "BEGIN { printf \"%.2f\", $(now) - $1 }"; }
for r in $(seq 1 "$RUNS"); do
	rm -f "$WORK/plain.img" "$WORK/enc.img"
	sync
	t=$(now)
	truncate -s "${img_mib}M" "$WORK/plain.img"
	mke2fs -q -F -t ext4 -b 4096 -I 256 -d "$SRC" "$WORK/plain.img" >/dev/null
	sync
	t_plain+=("$(since "$t")")
	t=$(now)
	"$X" ext4 build --key-file "$WORK/key" --encrypt large --encrypt small \
		--size "${img_mib}M" "$SRC" "$WORK/enc.img" >/dev/null
	sync
	t_enc+=("$(since "$t")")
done
e2fsck -fn "$WORK/enc.img" >/dev/null 2>&1 || { echo "e2fsck -fn failed on the encrypted image" >&2; exit 1; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
mp=$(median "${t_plain[@]}") me=$(median "${t_enc[@]}")
echo "tree: $SIZE_MIB MiB, $nfiles files; images ${img_mib} MiB, 4 KiB blocks; $RUNS runs each"
echo "mke2fs -d (plaintext):        ${t_plain[*]} s  median $mp s"
echo "extcrypt ext4 build (XTS/CTS): ${t_enc[*]} s  median $me s"
echo "ratio encrypted/plaintext: $(awk "BEGIN { printf \"%.3f\", $me / $mp }")"
rm -f "$WORK/plain.img" "$WORK/enc.img"
