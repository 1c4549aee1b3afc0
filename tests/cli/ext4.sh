#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `extcrypt ext4` on images made on the host (no kernel needed): listing,
# extracting (modes, times, symlinks, holes, refusals), usage errors and
# bad images that must fail with a message naming the inode.
#
# Usage: ext4.sh EXTCRYPT
set -eu
X=$1
export PATH="$PATH:/sbin:/usr/sbin"
command -v mkfs.ext4 >/dev/null 2>&1 && command -v debugfs >/dev/null 2>&1 ||
	{ echo "skip: no mkfs.ext4/debugfs"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
bad() { fail "$@"; }

mkdir -p "$T/src/sub"
printf 'hello' >"$T/src/a"
head -c 70000 /dev/urandom >"$T/src/sub/big"
truncate -s 3000000 "$T/src/holes"
printf x | dd of="$T/src/holes" bs=1 seek=2000000 conv=notrunc 2>/dev/null
ln -s a "$T/src/link"
chmod 0640 "$T/src/a"
touch -d '2020-01-02 03:04:05' "$T/src/a"
head -c 32 /dev/urandom >"$T/k"
mkfs.ext4 -q -b 1024 -N 64 -d "$T/src" "$T/img" 8M >/dev/null 2>&1
mkfs.ext4 -q -b 4096 -O ^extent,^64bit -N 64 -d "$T/src" "$T/img2" 8M >/dev/null 2>&1

for img in img img2; do
	"$X" ext4 ls -R "$T/$img" >"$T/ls" || bad "ls $img"
	grep -qx -- '- 0640 5 a' "$T/ls" || bad "ls $img: $(cat "$T/ls")"
	grep -qx -- '- 0644 70000 sub/big' "$T/ls" || bad "ls -R $img path"
	grep -qx -- 'l 0777 1 link' "$T/ls" || bad "ls $img link"
	"$X" ext4 extract --key-file "$T/k" "$T/$img" / "$T/out-$img" 2>/dev/null ||
		bad "extract $img"
	for f in a sub/big holes; do
		cmp -s "$T/src/$f" "$T/out-$img/$f" || bad "$img: $f differs"
	done
	[ "$(readlink "$T/out-$img/link")" = a ] || bad "$img: symlink"
	[ "$(stat -c %a "$T/out-$img/a")" = 640 ] || bad "$img: mode"
	[ "$(stat -c %Y "$T/out-$img/a")" = "$(stat -c %Y "$T/src/a")" ] || bad "$img: mtime"
	[ "$(stat -c %b "$T/out-$img/holes")" -lt 100 ] || bad "$img: holes filled"
done
"$X" ext4 ls --json "$T/img" /sub | grep -q '"name":"big"' || bad "ls --json"
"$X" ext4 verify "$T/img" >"$T/v" || bad "verify: $(cat "$T/v")"

# Refusals: existing files, non-empty DEST, missing paths.
expect_fail 1 'not an empty directory' "$X" ext4 extract --key-file "$T/k" "$T/img" / "$T/out-img"
"$X" ext4 extract --key-file "$T/k" "$T/img" /a "$T/single" 2>/dev/null || bad "extract one file"
expect_fail 1 'exists' "$X" ext4 extract --key-file "$T/k" "$T/img" /a "$T/single"
"$X" ext4 extract --force --key-file "$T/k" "$T/img" /a "$T/single" 2>/dev/null || bad "--force"
expect_fail 1 'no entry' "$X" ext4 ls "$T/img" /nothere
expect_fail 2 'expected IMAGE' "$X" ext4 ls
expect_fail 2 'key-file' "$X" ext4 extract "$T/img" / "$T/x"
expect_fail 1 '16 to 64 raw key bytes' "$X" ext4 extract --key-file /dev/null "$T/img" / "$T/x"

# Bad images.
head -c 100000 /dev/urandom >"$T/garbage"
expect_fail 1 'garbage' "$X" ext4 ls "$T/garbage"
head -c 300000 "$T/img" >"$T/trunc"
"$X" ext4 extract --key-file "$T/k" "$T/trunc" / "$T/out-trunc" >/dev/null 2>"$T/e" &&
	bad "a truncated image extracted cleanly"
# A block-mapped file whose block points outside the device.
cp "$T/img2" "$T/img3"
debugfs -w -R 'sif /sub/big block[0] 99999999' "$T/img3" >/dev/null 2>&1
expect_fail 1 'inode [0-9]*:.*outside the filesystem' \
	"$X" ext4 extract --key-file "$T/k" "$T/img3" /sub "$T/out3"
[ ! -e "$T/out3/big" ] || bad "a failed file was left behind"

finish
