#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `extcrypt ext4 build` on the host (no kernel; tests/kernel/ext4-build.sh
# is the kernel's check): a build passes e2fsck -fn and extracts back to
# the source; xattrs are copied (and not with --no-xattrs); usage errors;
# failures (image too small, missing --encrypt directory, bad key file,
# names casefolding cannot take, source files that vanish, are unreadable
# or change size while read) name the cause and the path and leave
# neither IMAGE nor a temporary file behind.
#
# Usage: ext4_build.sh EXTCRYPT [SRCFAULT_SO]
#   SRCFAULT_SO: tests/cli/srcfault.c built as a shared object (LD_PRELOAD),
#   for the source-file faults; without it those checks are skipped.
set -eu
X=$1
export PATH="$PATH:/sbin:/usr/sbin"
command -v mke2fs >/dev/null 2>&1 && command -v e2fsck >/dev/null 2>&1 ||
	{ echo "skip: no mke2fs/e2fsck"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
bad() { fail "$@"; }
no_leftovers() { # no IMAGE, no .IMAGE.XXXXXX
	[ ! -e "$T/out/$1" ] || bad "$1 exists after a failed build"
	[ -z "$(ls -A "$T/out")" ] || bad "left behind in out/: $(ls -A "$T/out")"
}

mkdir -p "$T/src/secret/sub" "$T/src/open" "$T/out"
printf 'hello' >"$T/src/secret/a"
head -c 70000 /dev/urandom >"$T/src/secret/sub/big"
truncate -s 3000000 "$T/src/secret/holes"
ln -s a "$T/src/secret/link"
ln "$T/src/secret/a" "$T/src/secret/sub/hard"
i=0; while [ $i -lt 300 ]; do : >"$T/src/secret/sub/e$i"; i=$((i + 1)); done
echo plain >"$T/src/open/p"
head -c 64 /dev/urandom >"$T/k"

# A good build: the identifier, e2fsck, and the tree back.
"$X" ext4 build --key-file "$T/k" --encrypt secret --block-size 1024 \
	"$T/src" "$T/out/img" >"$T/id" || bad "build failed"
"$X" keyid --help >/dev/null 2>&1 || true
grep -qx '[0-9a-f]\{32\}' "$T/id" || bad "build printed '$(cat "$T/id")', not an identifier"
e2fsck -fn "$T/out/img" >"$T/fsck" 2>&1 || bad "e2fsck -fn: $(cat "$T/fsck")"
"$X" ext4 extract --key-file "$T/k" "$T/out/img" / "$T/x" 2>/dev/null || bad "extract"
diff -r "$T/src" "$T/x" -x lost+found >/dev/null || bad "extracted tree differs"
"$X" ext4 ls "$T/out/img" /secret >"$T/ls" 2>/dev/null || true
grep -q ' a$' "$T/ls" && bad "names readable without the key"
"$X" ext4 ls "$T/out/img" /open | grep -q ' p$' || bad "plaintext directory not plain"
[ "$(stat -c %a "$T/out/img")" != 600 ] || bad "image left with mkstemp's mode 0600"
# Hard links of any type but directories stay links: a FIFO and a symlink
# with two names each (the extract side recreates links, so the pair must
# come back as one inode).
mkdir -p "$T/hl/secret/d"
mkfifo "$T/hl/secret/fifo"
ln "$T/hl/secret/fifo" "$T/hl/secret/d/fifo2"
ln -s target "$T/hl/secret/sym"
ln -P "$T/hl/secret/sym" "$T/hl/secret/d/sym2"
"$X" ext4 build --key-file "$T/k" --encrypt secret "$T/hl" "$T/out/hl" >/dev/null ||
	bad "build (hard-linked FIFO and symlink)"
e2fsck -fn "$T/out/hl" >"$T/fsck" 2>&1 || bad "e2fsck -fn (hard links): $(cat "$T/fsck")"
"$X" ext4 extract --key-file "$T/k" "$T/out/hl" / "$T/xhl" >/dev/null 2>&1 || bad "extract (hard links)"
for pair in fifo:d/fifo2 sym:d/sym2; do
	[ "$(stat -c %i "$T/xhl/secret/${pair%%:*}")" = "$(stat -c %i "$T/xhl/secret/${pair#*:}")" ] ||
		bad "hard-linked ${pair%%:*} came back as two inodes"
done
rm -rf "$T/out/hl" "$T/xhl" "$T/hl"
# --json.
"$X" ext4 build --key-file "$T/k" --json "$T/src" "$T/out/img2" >"$T/json" || bad "--json build"
grep -q '"key_identifier": "'"$(cat "$T/id")"'"' "$T/json" || bad "--json: $(cat "$T/json")"
rm -f "$T/out/img" "$T/out/img2"

# An existing empty ext4 image is the template; anything else existing is
# refused and left as it was.
truncate -s 32M "$T/out/tmpl"
mke2fs -q -F -t ext4 -b 2048 "$T/out/tmpl" >/dev/null 2>&1
"$X" ext4 build --key-file "$T/k" "$T/src" "$T/out/tmpl" >/dev/null || bad "build into an empty image"
e2fsck -fn "$T/out/tmpl" >"$T/fsck" 2>&1 || bad "e2fsck -fn (template): $(cat "$T/fsck")"
"$X" ext4 ls --key-file "$T/k" "$T/out/tmpl" /secret | grep -q ' a$' || bad "template build lacks /secret/a"
sum=$(sha256sum <"$T/out/tmpl")
expect_fail 1 'not empty' "$X" ext4 build --key-file "$T/k" "$T/src" "$T/out/tmpl"
[ "$(sha256sum <"$T/out/tmpl")" = "$sum" ] || bad "a refused build changed the existing image"
rm "$T/out/tmpl"
echo data >"$T/out/file"
expect_fail 1 'not an ext4 image' "$X" ext4 build --key-file "$T/k" "$T/src" "$T/out/file"
[ "$(cat "$T/out/file")" = data ] || bad "a refused build changed an existing file"
rm "$T/out/file"
mkfifo "$T/out/fifo"
expect_fail 1 'not a regular file' "$X" ext4 build --key-file "$T/k" "$T/src" "$T/out/fifo"
[ -p "$T/out/fifo" ] || bad "a refused build replaced a FIFO"
rm "$T/out/fifo"

# Failures leave nothing behind.
head -c 3000000 /dev/urandom >"$T/src/open/big"
expect_fail 1 'image too small' "$X" ext4 build --key-file "$T/k" --size 2M "$T/src" "$T/out/small"
no_leftovers small
rm "$T/src/open/big"
expect_fail 1 'no such directory' "$X" ext4 build --key-file "$T/k" --encrypt nope "$T/src" "$T/out/i"
no_leftovers i
expect_fail 1 'inside the encrypted directory' "$X" ext4 build --key-file "$T/k" \
	--encrypt secret --encrypt secret/sub "$T/src" "$T/out/i"
no_leftovers i
expect_fail 1 'root directory cannot be encrypted' "$X" ext4 build --key-file "$T/k" \
	--encrypt . "$T/src" "$T/out/i"
head -c 8 /dev/urandom >"$T/short"
expect_fail 1 '16 to 64 raw key bytes' "$X" ext4 build --key-file "$T/short" "$T/src" "$T/out/i"
no_leftovers i
expect_fail 1 "$T/nosrc" "$X" ext4 build --key-file "$T/k" "$T/nosrc" "$T/out/i"
no_leftovers i
# --casefold: UTF-8 names work (e2fsck checks the image; the kernel the
# stored hashes, tests/kernel/ext4-build.sh) and are found in any case;
# names ext4's strict mode refuses are refused with the path.
echo e >"$T/src/secret/Caf$(printf '\303\251')"
"$X" ext4 build --key-file "$T/k" --casefold --encrypt secret "$T/src" "$T/out/cf" >/dev/null ||
	bad "--casefold build"
e2fsck -fn "$T/out/cf" >"$T/fsck" 2>&1 || bad "e2fsck -fn (casefold): $(cat "$T/fsck")"
"$X" ext4 verify --key-file "$T/k" "$T/out/cf" >"$T/verify" 2>&1 ||
	bad "verify (casefold, stored hashes): $(cat "$T/verify")"
"$X" ext4 extract --key-file "$T/k" "$T/out/cf" "/secret/CAFE$(printf '\314\201')" "$T/cafe" &&
	[ "$(cat "$T/cafe")" = e ] || bad "extract by another spelling in a casefolded directory"
rm -f "$T/out/cf"
echo e >"$T/src/secret/caf$(printf '\377')"
expect_fail 1 'strict encoding rules' "$X" ext4 build --key-file "$T/k" \
	--casefold --encrypt secret "$T/src" "$T/out/i"
printf '%s\n' "$ERR" | grep -q 'secret/caf' || bad "the strict-mode refusal does not name the path: $ERR"
no_leftovers i
rm "$T/src/secret/caf"* "$T/src/secret/Caf"*

# Source files that vanish, cannot be read or change size while being
# read: the shim acts at the exact moment (see srcfault.c), so no race.
# The builder fixes a file's size at its fstat; a file shorter or longer
# when read is an error, as is any read error.  (Names over 255 bytes
# cannot be made on the host's filesystem; check_ext4_build.c tests the
# builder's EXTCRYPT_E_NAME_TOO_LONG, which the command reports with the
# path as any other library error.)
SHIM=${2:-}
if [ -n "$SHIM" ] && [ -f "$SHIM" ]; then
	head -c 100000 /dev/urandom >"$T/src/secret/victim"
	for f in 'vanish:No such file or directory' 'eacces:Permission denied' \
		'shrink:changed size while being read' 'grow:changed size while being read' \
		'eio:Input/output error'; do
		mode=${f%%:*}
		expect_fail 1 "secret/victim: .*${f#*:}" env EXTCRYPT_SRCFAULT="$mode:victim" \
			LD_PRELOAD="$SHIM" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			"$X" ext4 build --key-file "$T/k" --encrypt secret "$T/src" "$T/out/i"
		no_leftovers i
		[ -e "$T/src/secret/victim" ] || head -c 100000 /dev/urandom >"$T/src/secret/victim"
	done
	rm "$T/src/secret/victim"
else
	echo "note: no srcfault shim given: vanish/unreadable/size-change checks skipped"
fi

# xattrs: copied (user.* on a file, a directory and in the plain part; a
# large one in the external block), or not with --no-xattrs.  Checked
# with debugfs in the plaintext directory (it cannot resolve encrypted
# names) and with e2fsck everywhere; the kernel's view is ext4-build.sh.
if command -v setfattr >/dev/null 2>&1 && command -v debugfs >/dev/null 2>&1 &&
	setfattr -n user.t -v 1 "$T/src/open/p" 2>/dev/null; then
	setfattr -n user.big -v "$(head -c 1500 /dev/zero | tr '\0' a)" "$T/src/open/p"
	setfattr -n user.d -v dirval "$T/src/secret/sub"
	setfattr -n user.f -v fileval "$T/src/secret/a"
	"$X" ext4 build --key-file "$T/k" --encrypt secret "$T/src" "$T/out/x" >/dev/null || bad "build with xattrs"
	e2fsck -fn "$T/out/x" >"$T/fsck" 2>&1 || bad "e2fsck -fn (xattrs): $(cat "$T/fsck")"
	debugfs -R "ea_list /open/p" "$T/out/x" >"$T/ea" 2>/dev/null
	grep -q 'user.t (1) = "1"' "$T/ea" || bad "xattr user.t not in the image: $(cat "$T/ea")"
	grep -q 'user.big (1500)' "$T/ea" || bad "xattr user.big not in the image: $(cat "$T/ea")"
	rm -f "$T/out/x"
	"$X" ext4 build --key-file "$T/k" --no-xattrs --encrypt secret "$T/src" "$T/out/x" >/dev/null ||
		bad "build --no-xattrs"
	debugfs -R "ea_list /open/p" "$T/out/x" 2>/dev/null | grep -q 'user.t' && bad "--no-xattrs copied xattrs"
	rm -f "$T/out/x"
	# Too large for the inode and one block: the path and the sizes.
	setfattr -x user.big "$T/src/open/p"
	setfattr -n user.huge -v "$(head -c 3000 /dev/zero | tr '\0' h)" "$T/src/open/p"
	expect_fail 1 "open/p: .*xattrs need" "$X" ext4 build --key-file "$T/k" --block-size 1024 \
		"$T/src" "$T/out/i"
	no_leftovers i
	setfattr -x user.huge "$T/src/open/p"
else
	echo "note: no setfattr/debugfs or no user xattrs on $T: xattr checks skipped"
fi
expect_fail 2 'is required' "$X" ext4 build "$T/src" "$T/out/i"
expect_fail 2 'padding' "$X" ext4 build --key-file "$T/k" --padding 5 "$T/src" "$T/out/i"
expect_fail 2 'unknown mode' "$X" ext4 build --key-file "$T/k" --contents rot13 "$T/src" "$T/out/i"
expect_fail 1 'policy' "$X" ext4 build --key-file "$T/k" --contents Adiantum \
	--filenames AES-256-CTS "$T/src" "$T/out/i"
no_leftovers i
finish
