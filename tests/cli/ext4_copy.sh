#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# `extcrypt ext4 copy` on the host (tests/kernel/ext4-roundtrip.sh has
# Linux read the copies): images made by `extcrypt ext4 build` are copied
# without the key, the copies pass e2fsck -fn and extract, with the key,
# back to the source tree (IV_INO_LBLK_64 into an image of the same UUID,
# casefold+encrypt, an existing empty DEST_DIR); every refusal names its
# cause and leaves DEST_IMAGE byte for byte as it was, with no temporary
# file beside it.
#
# Usage: ext4_copy.sh EXTCRYPT (bash; tests/cli/lib.sh counts the checks)
set -u
X=$1
. "$(dirname "$0")/lib.sh"
export PATH="$PATH:/sbin:/usr/sbin"
command -v mke2fs >/dev/null 2>&1 && command -v e2fsck >/dev/null 2>&1 &&
	command -v debugfs >/dev/null 2>&1 || { echo "skip: no mke2fs/e2fsck/debugfs"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# refused STATUS PATTERN DEST_IMAGE CMD...: fails as told, DEST_IMAGE unchanged.
refused() {
	local want=$1 pat=$2 img=$3 sum
	shift 3
	sum=$(sha256sum <"$img")
	run_cmd "$@"
	expect_rc "$*" "$want" "$pat"
	[ "$(sha256sum <"$img")" = "$sum" ] || fail "$*: a refused copy changed $img"
	! ls "$T"/d/*.extcrypt-copy-* >/dev/null 2>&1 || fail "$*: temporary file left behind"
}
# good SRC_IMAGE PATH DEST_IMAGE DEST_DIR TREE: copy, e2fsck, extract, compare.
good() {
	"$X" ext4 copy "$1" "$2" "$3" "$4" 2>"$T/e" || { fail "copy $*: $(cat "$T/e")"; return 0; }
	e2fsck -fn "$3" >"$T/fsck" 2>&1 || fail "e2fsck -fn after copy $*: $(tail -5 "$T/fsck")"
	rm -rf "$T/x"
	"$X" ext4 extract --key-file "$T/k" "$3" "$4" "$T/x" 2>/dev/null || { fail "extract $*"; return 0; }
	if diff -r --no-dereference "$5" "$T/x" >/dev/null; then pass
	else fail "copy $*: the tree differs"; fi
}
mkfs() { # mkfs IMAGE BLOCKSIZE [mke2fs options]
	img=$1 bs=$2; shift 2
	rm -f "$img"; truncate -s 64M "$img"
	mke2fs -q -F -t ext4 -b "$bs" "$@" "$img" >/dev/null 2>&1
}

mkdir -p "$T/src/secret/sub" "$T/src/open" "$T/cf/top/Dir" "$T/d"
printf hello >"$T/src/secret/a"
head -c 300000 /dev/urandom >"$T/src/secret/sub/big"
truncate -s 3000000 "$T/src/secret/holes"
ln -s a "$T/src/secret/link"
ln -s "$(head -c 300 /dev/zero | tr '\0' x)" "$T/src/secret/longlink"
ln "$T/src/secret/a" "$T/src/secret/sub/hard"
i=0; while [ $i -lt 300 ]; do : >"$T/src/secret/sub/e$i"; i=$((i + 1)); done
echo plain >"$T/src/open/p"
i=0; while [ $i -lt 300 ]; do echo $i >"$T/cf/top/File$i"; i=$((i + 1)); done
echo z >"$T/cf/top/Dir/Inner"
head -c 64 /dev/urandom >"$T/k"

"$X" ext4 build --key-file "$T/k" --encrypt secret --block-size 1024 "$T/src" "$T/s1k" >/dev/null
"$X" ext4 build --key-file "$T/k" --iv-ino-lblk-64 "$T/src" "$T/s64" >/dev/null
"$X" ext4 build --key-file "$T/k" --casefold "$T/cf" "$T/scf" >/dev/null
uuid=$(dumpe2fs -h "$T/s64" 2>/dev/null | sed -n 's/^Filesystem UUID: *//p')

# Copies that Linux (and extract, with the key) can read.
mkfs "$T/d/a" 1024
good "$T/s1k" /secret "$T/d/a" /copy "$T/src/secret"
"$X" ext4 copy --json "$T/s1k" /open "$T/d/a" /open >"$T/json" 2>/dev/null || fail "--json copy"
grep -q '"files": 1,' "$T/json" || fail "--json: $(cat "$T/json")"
"$X" ext4 ls "$T/d/a" /open | grep -q ' p$' || fail "plaintext directory not copied as plaintext"
"$X" ext4 ls "$T/d/a" /copy | grep -q ' a$' && fail "names readable without the key"
# A plaintext PATH holding an encryption root; a PATH by its no-key name.
"$X" ext4 copy "$T/s1k" / "$T/d/a" /whole 2>"$T/e" || fail "copy /: $(cat "$T/e")"
rm -rf "$T/x"
"$X" ext4 extract --key-file "$T/k" "$T/d/a" /whole "$T/x" 2>/dev/null || fail "extract /whole"
diff -r --no-dereference -x lost+found "$T/src" "$T/x" >/dev/null || fail "copy /: the tree differs"
nokey=$("$X" ext4 ls "$T/s1k" /secret | awk '$1 == "d" { print $4 }')
good "$T/s1k" "/secret/$nokey" "$T/d/a" /bynokey "$T/src/secret/sub"
debugfs -w -R "mkdir /empty" "$T/d/a" >/dev/null 2>&1
good "$T/s1k" /secret "$T/d/a" /empty "$T/src/secret"
mkfs "$T/d/b" 4096 -U "$uuid"
good "$T/s64" /secret "$T/d/b" /s "$T/src/secret"
dumpe2fs -h "$T/d/b" 2>/dev/null | grep -q 'stable_inodes' || fail "stable_inodes not turned on"
mkfs "$T/d/c" 4096 -O casefold
good "$T/scf" /top "$T/d/c" /t "$T/cf/top"

# Within one image: through the temporary copy, never in place.
cp "$T/s1k" "$T/d/self"
good "$T/d/self" /secret "$T/d/self" /again "$T/src/secret"

# Refusals, before anything is written.
mkfs "$T/d/r" 4096
refused 1 'must be the source' "$T/d/r" "$X" ext4 copy "$T/s64" /secret "$T/d/r" /s
refused 1 'must keep its inode number' "$T/d/b" "$X" ext4 copy "$T/s64" /secret "$T/d/b" /again
refused 1 'block size 1024 in the source, 4096' "$T/d/r" "$X" ext4 copy "$T/s1k" /secret "$T/d/r" /s
refused 1 'casefold feature' "$T/d/r" "$X" ext4 copy "$T/scf" /top "$T/d/r" /t
refused 1 'is not empty' "$T/d/a" "$X" ext4 copy "$T/s1k" /secret "$T/d/a" /open
refused 1 'parent does not exist' "$T/d/a" "$X" ext4 copy "$T/s1k" /secret "$T/d/a" /no/where
refused 1 'not a directory' "$T/d/a" "$X" ext4 copy "$T/s1k" /open/p "$T/d/a" /p
refused 1 "no entry 'a'" "$T/d/a" "$X" ext4 copy "$T/s1k" /secret/a "$T/d/a" /p
refused 1 'absolute path' "$T/d/a" "$X" ext4 copy "$T/s1k" /secret "$T/d/a" rel
refused 1 'is encrypted' "$T/d/a" "$X" ext4 copy "$T/s1k" /open "$T/d/a" /copy/x
refused 1 'is the source image' "$T/d/self" "$X" ext4 copy --in-place "$T/d/self" /secret "$T/d/self" /in
rm -f "$T/d/tiny"; truncate -s 1M "$T/d/tiny"
mke2fs -q -F -t ext4 -b 1024 "$T/d/tiny" >/dev/null 2>&1
refused 1 'the copy needs up to' "$T/d/tiny" "$X" ext4 copy "$T/s1k" /secret "$T/d/tiny" /s
refused 2 'expected IMAGE PATH DEST_IMAGE DEST_DIR' "$T/d/a" "$X" ext4 copy "$T/s1k" /secret "$T/d/a"
refused 1 "$T/k" "$T/k" "$X" ext4 copy "$T/s1k" /secret "$T/k" /s
[ "$(stat -c %a "$T/d/a")" = "$(stat -c %a "$T/d/b")" ] || fail "the copy changed DEST_IMAGE's mode"

finish
