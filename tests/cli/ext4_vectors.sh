#!/bin/sh
# SPDX-License-Identifier: MIT
#
# `extcrypt ext4` against an image Linux wrote (tests/vectors/ext4, made by
# tests/kernel/ext4-roundtrip.sh --save-vectors): extract with the keys must
# reproduce every file and symlink the guest recorded, `ls -R` without keys
# must print exactly the no-key names the guest's `find` printed, verify must
# pass, and a wrong key must give "no key for this directory".
#
# Usage: ext4_vectors.sh EXTCRYPT VECTOR_DIR
set -eu
export LC_ALL=C
X=$1
V=$2
command -v xz >/dev/null 2>&1 || { echo "skip: no xz"; exit 77; }
[ -f "$V/vec.img.xz" ] || { echo "skip: no $V/vec.img.xz"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
xz -dc "$V/vec.img.xz" >"$T/vec.img"
R=$V/guest-records.txt
fail=0
bad() { echo "FAIL: $*"; fail=1; }
K="--key-file $V/k1.key --key-file $V/k2.key --key-file $V/k3.key"

# shellcheck disable=SC2086
"$X" ext4 extract $K "$T/vec.img" / "$T/out" 2>"$T/err" || bad "extract: $(cat "$T/err")"
sed -n 's/^SHA \([0-9a-f]*\)  \.\/\(.*\)$/\1  \2/p' "$R" | LC_ALL=C sort -k2 >"$T/want"
(cd "$T/out" && find . -type f ! -path './lost+found/*' -exec sha256sum {} + |
	sed 's|^\([0-9a-f]*\)  \./|\1  |') | LC_ALL=C sort -k2 >"$T/got"
[ -s "$T/want" ] || bad "no SHA records in $R"
cmp -s "$T/want" "$T/got" || bad "contents differ: $(diff "$T/want" "$T/got" | head -5)"
sed -n 's/^LINK \.\/\(.*\)$/\1/p' "$R" | LC_ALL=C sort >"$T/want"
(cd "$T/out" && find . -type l | sed 's|^\./||' | LC_ALL=C sort |
	while IFS= read -r f; do echo "$f -> $(readlink "$f")"; done) >"$T/got"
cmp -s "$T/want" "$T/got" || bad "symlinks differ: $(diff "$T/want" "$T/got" | head -5)"

for d in $(sed -n 's/^NOKEY \([^ ]*\) .*/\1/p' "$R" | sort -u); do
	sed -n "s/^NOKEY $d //p" "$R" | LC_ALL=C sort >"$T/want"
	"$X" ext4 ls -R "$T/vec.img" "/$d" | cut -d' ' -f4- | LC_ALL=C sort >"$T/got"
	cmp -s "$T/want" "$T/got" || bad "/$d: no-key names differ: $(diff "$T/want" "$T/got" | head -5)"
done

# shellcheck disable=SC2086
"$X" ext4 verify $K "$T/vec.img" >"$T/verify" || bad "verify: $(cat "$T/verify")"

head -c 64 /dev/zero >"$T/wrong.key"
d=$(sed -n 's/^NOKEY \([^ ]*\) .*/\1/p' "$R" | head -n1)
if "$X" ext4 extract --key-file "$T/wrong.key" "$T/vec.img" "/$d" "$T/w" 2>"$T/err"; then
	bad "extract with a wrong key succeeded"
fi
grep -q 'no key for this directory (key identifier [0-9a-f]\{32\})' "$T/err" ||
	bad "wrong key message: $(cat "$T/err")"
[ ! -e "$T/w" ] || [ -z "$(ls -A "$T/w")" ] || bad "wrong key left output behind"

[ "$fail" = 0 ] && echo "ext4 vectors: all checks passed"
exit "$fail"
