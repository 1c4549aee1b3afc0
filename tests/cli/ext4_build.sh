#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `extcrypt ext4 build` on the host (no kernel; tests/kernel/ext4-build.sh
# is the kernel's check): a build passes e2fsck -fn and extracts back to
# the source; usage errors; failures (image too small, missing --encrypt
# directory, bad key file) name the cause and leave neither IMAGE nor a
# temporary file behind.
#
# Usage: ext4_build.sh EXTCRYPT
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
# --casefold: ASCII names work (e2fsck checks the stored hashes), others
# are refused with the path.
"$X" ext4 build --key-file "$T/k" --casefold --encrypt secret "$T/src" "$T/out/cf" >/dev/null ||
	bad "--casefold build"
e2fsck -fn "$T/out/cf" >"$T/fsck" 2>&1 || bad "e2fsck -fn (casefold): $(cat "$T/fsck")"
rm -f "$T/out/cf"
echo e >"$T/src/secret/caf$(printf '\303\251')"
expect_fail 1 'non-ASCII name in a casefolded directory' "$X" ext4 build --key-file "$T/k" \
	--casefold --encrypt secret "$T/src" "$T/out/i"
no_leftovers i
rm "$T/src/secret/caf"*
expect_fail 2 'is required' "$X" ext4 build "$T/src" "$T/out/i"
expect_fail 2 'padding' "$X" ext4 build --key-file "$T/k" --padding 5 "$T/src" "$T/out/i"
expect_fail 2 'unknown mode' "$X" ext4 build --key-file "$T/k" --contents rot13 "$T/src" "$T/out/i"
expect_fail 1 'policy' "$X" ext4 build --key-file "$T/k" --contents Adiantum \
	--filenames AES-256-CTS "$T/src" "$T/out/i"
no_leftovers i
finish
