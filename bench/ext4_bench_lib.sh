# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2034  # the variables are for the sourcing script
#
# Shared by the ext4 benches (ext4_build_bench.sh, ext4_extract_bench.sh),
# which source it after setting HERE (their directory) and USAGE_LINES
# (the sed range of their help text): parses the common arguments, makes
# the deterministic source tree and the key, and sets
#   X (the extcrypt binary), SIZE_MIB, RUNS, WORK, SRC (the tree),
#   nfiles, img_mib (image size: the tree plus 30%), KEY (a 64-byte key).
# Arguments: [--extcrypt PATH] [--size-mib N] [--runs N] [WORKDIR]
# The tree: 70% of SIZE_MIB in 16 large files (SRC/large/fileN), 30% in
# small files of 1 byte to 64 KiB from a fixed sequence, 100 per
# directory (SRC/small/dK/fN).  The bytes are AES-CTR of fixed keys
# (openssl), so every run and every machine gets the same tree; it is
# made once per size (SRC/.complete marks a finished one).
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
	-h|--help) sed -n "$USAGE_LINES" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) WORK=$1 ;;
	esac
	shift
done
export PATH=$PATH:/sbin:/usr/sbin
[ -x "$X" ] || { echo "no extcrypt at $X" >&2; exit 2; }
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
SRC=$WORK/src-$SIZE_MIB

prg() { # prg SEED BYTES: deterministic bytes (openssl ends on SIGPIPE)
	(set +o pipefail
	 openssl enc -aes-128-ctr -nosalt -K "$(printf '%032x' "$1")" -iv 0 </dev/zero 2>/dev/null |
		head -c "$2")
}
make_tree() {
	local total large small_total off=0 n=0 sz d
	rm -rf "$SRC"
	mkdir -p "$SRC/large"
	total=$((SIZE_MIB << 20))
	large=$((total * 7 / 10 / 16))
	for i in $(seq 1 16); do prg "$i" "$large" >"$SRC/large/file$i"; done
	small_total=$((total - large * 16))
	# Small files carved from one deterministic stream.
	prg 99 "$small_total" >"$WORK/stream"
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
}
[ -f "$SRC/.complete" ] || make_tree
nfiles=$(find "$SRC" -type f ! -name .complete | wc -l)
KEY=$WORK/key
head -c 64 /dev/zero | tr '\0' 'k' >"$KEY"
img_mib=$(( SIZE_MIB * 13 / 10 + 64 ))
now() { date +%s.%N; }
since() { awk "BEGIN { printf \"%.2f\", $(now) - $1 }"; }
median() { # the middle value; the mean of the two middle ones for an even count
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
		END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
