#!/bin/sh
# SPDX-License-Identifier: MIT
#
# `extcrypt ext4 extract` of every kind of inode (the kernel's check:
# tests/kernel/ext4-roundtrip.sh): hard links come back as links (same
# inode, same link count) within a directory and across directories; a
# FIFO always; devices as root with their numbers, and otherwise a note
# per device and a count of skipped items, not an error.  Modes, owners
# and times of the special files are kept.
#
# Usage: ext4_extract_kinds.sh EXTCRYPT
set -eu
X=$1
export PATH="$PATH:/sbin:/usr/sbin"
command -v mke2fs >/dev/null 2>&1 || { echo "skip: no mke2fs"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
root=0
[ "$(id -u)" = 0 ] && root=1

mkdir -p "$T/src/enc/d1" "$T/src/enc/d2"
head -c 10000 /dev/urandom >"$T/src/enc/d1/f"
ln "$T/src/enc/d1/f" "$T/src/enc/d1/same_dir"
ln "$T/src/enc/d1/f" "$T/src/enc/d2/other_dir"
mkfifo -m 0640 "$T/src/enc/d1/fifo"
touch -d '2001-02-03 04:05:06' "$T/src/enc/d1/fifo"
if [ $root = 1 ]; then
	mknod -m 0620 "$T/src/enc/d1/chr" c 1 3
	mknod "$T/src/enc/d2/blk" b 259 70000
	chown 1234:5678 "$T/src/enc/d1/chr"
fi
head -c 64 /dev/urandom >"$T/k"
"$X" ext4 build --key-file "$T/k" --encrypt enc "$T/src" "$T/img" >/dev/null ||
	{ echo "FAIL: build"; exit 1; }

"$X" ext4 extract --key-file "$T/k" "$T/img" /enc "$T/x" 2>"$T/e" ||
	bad "extract: $(cat "$T/e")"
ino() { stat -c %i "$1"; }
[ "$(ino "$T/x/d1/f")" = "$(ino "$T/x/d1/same_dir")" ] || bad "hard link in one directory is a copy"
[ "$(ino "$T/x/d1/f")" = "$(ino "$T/x/d2/other_dir")" ] || bad "hard link across directories is a copy"
[ "$(stat -c %h "$T/x/d1/f")" = 3 ] || bad "link count $(stat -c %h "$T/x/d1/f"), want 3"
cmp -s "$T/src/enc/d1/f" "$T/x/d2/other_dir" || bad "hard-linked contents differ"
[ -p "$T/x/d1/fifo" ] || bad "no FIFO"
[ "$(stat -c '%a %Y' "$T/x/d1/fifo")" = "640 $(stat -c %Y "$T/src/enc/d1/fifo")" ] ||
	bad "FIFO mode/time $(stat -c '%a %Y' "$T/x/d1/fifo")"
grep -q '2 hard links; 0 skipped' "$T/e" || bad "summary: $(cat "$T/e")"
if [ $root = 1 ]; then
	[ "$(stat -c '%F %t:%T %a %u:%g' "$T/x/d1/chr")" = "character special file 1:3 620 1234:5678" ] ||
		bad "character device: $(stat -c '%F %t:%T %a %u:%g' "$T/x/d1/chr")"
	# 259:70000 needs the new encoding (minor above 255).
	[ "$(stat -c '%F %t:%T' "$T/x/d2/blk")" = "block special file 103:11170" ] ||
		bad "block device: $(stat -c '%F %t:%T' "$T/x/d2/blk")"
	# Without root: devices are noted and counted, the rest still made.
	if command -v setpriv >/dev/null 2>&1; then
		chmod 755 "$T" && chmod 644 "$T/k" "$T/img" && mkdir -m 777 "$T/nr"
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$X" ext4 extract --key-file "$T/k" "$T/img" /enc "$T/nr/x" 2>"$T/e" ||
			bad "extract as nobody: $(cat "$T/e")"
		grep -q "note: $T/nr/x/d1/chr: device 1:3 not created" "$T/e" || bad "no note: $(cat "$T/e")"
		grep -q '; 2 skipped' "$T/e" || bad "summary as nobody: $(cat "$T/e")"
		[ ! -e "$T/nr/x/d1/chr" ] && [ -p "$T/nr/x/d1/fifo" ] || bad "as nobody: wrong set made"
	fi
fi
exit $fail
