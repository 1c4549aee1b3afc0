#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Proof for `extcrypt ext4 build`: images built offline are what Linux
# would have written.  On the host: a generated source tree (files of 0, 1,
# 4095, 4096, 4097 bytes and 1 MiB, sparse files, 255-byte names and names
# with unusual bytes, short/fast/long symlinks, hard links, a FIFO, a
# device, owners and modes, 10,000 entries in one directory) is built into
# one image per policy (AES-256-XTS/CTS with paddings 4..32, AES-128-CBC-
# ESSIV/CTS, Adiantum with and without DIRECT_KEY, IV_INO_LBLK_64/32; 1 KiB
# and 4 KiB blocks) and `e2fsck -fn` must be clean.  In Debian's kernel
# under qemu (busybox initramfs, as run-qemu-test.sh): mount each image,
# FS_IOC_ADD_ENCRYPTION_KEY (the identifier must be the one the build
# printed), list every entry's mode, owner, link count, mtime, size, xattrs and
# device, every file's sha256 and every symlink target; then let the
# kernel create, rename and delete files and directories in the built
# directories, remount and check them.  Back on the host: the guest's
# lists must equal the source tree's, `e2fsck -fn` must still be clean,
# and `extcrypt ext4 extract` must give back the source tree.
#
# Usage: tests/kernel/ext4-build.sh [--extcrypt PATH] [--timeout S] [--no-install]
#   --extcrypt PATH   the extcrypt binary (default: build/dev/tools/extcrypt)
# Environment: EXTCRYPT_BUILD_ROOT (work files in
#   $EXTCRYPT_BUILD_ROOT/kernel-ext4-build), EXTCRYPT_KVER.
# Exit status: 0 all checks passed, 1 a check failed, 2 set-up or boot problem.
# Last line: "ext4-build: N passed, M failed".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXTCRYPT=$REPO/build/dev/tools/extcrypt
TIMEOUT=900
INSTALL=1

die() { echo "ext4-build: error: $*" >&2; exit 2; }
log() { echo "ext4-build: $*"; }

while [ $# -gt 0 ]; do
	case $1 in
	--extcrypt) EXTCRYPT=${2:?}; shift ;;
	--timeout) TIMEOUT=${2:?}; shift ;;
	--no-install) INSTALL=0 ;;
	-h|--help) sed -n '3,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument $1" ;;
	esac
	shift
done

[ "$(id -u)" = 0 ] || die "must run as root (mknod, chown, apt-get, /boot/vmlinuz-*)"
[ -x "$EXTCRYPT" ] || die "no extcrypt binary at $EXTCRYPT (build it, or give --extcrypt)"
"$EXTCRYPT" ext4 build --help >/dev/null 2>&1 || die "$EXTCRYPT has no 'ext4 build'"
EXTCRYPT=$(cd "$(dirname "$EXTCRYPT")" && pwd)/$(basename "$EXTCRYPT")

export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export DEBIAN_FRONTEND=noninteractive INITRD=No LC_ALL=C
T0=$(date +%s)
WORK=${EXTCRYPT_BUILD_ROOT:-$REPO/build}/kernel-ext4-build
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# ------------------------------------------------------------ 1. packages
is_installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}
missing=()
for p in linux-image-amd64 busybox-static qemu-system-x86 cpio kmod gcc libc6-dev \
	e2fsprogs xz-utils zstd; do
	is_installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$INSTALL" = 1 ] || die "missing packages: ${missing[*]} (and --no-install given)"
	log "apt-get install ${missing[*]}"
	apt-get install -y -q -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false \
		"${missing[@]}" >"$WORK/apt.log" 2>&1 ||
		{ apt-get update -q >/dev/null && apt-get install -y -q -o Dpkg::Use-Pty=0 \
			-o APT::Install-Recommends=false "${missing[@]}" >"$WORK/apt.log" 2>&1; } ||
		{ tail -20 "$WORK/apt.log"; die "apt-get install failed"; }
fi
if [ -n "${EXTCRYPT_KVER:-}" ]; then
	KVER=$EXTCRYPT_KVER
else
	KVER=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
		grep -o 'linux-image-[0-9][^ ,|]*' | head -n1 | sed 's/^linux-image-//' || true)
	if [ -z "$KVER" ] || [ ! -f "/boot/vmlinuz-$KVER" ]; then
		KVER=$(for f in /boot/vmlinuz-*; do [ -f "$f" ] && echo "${f#/boot/vmlinuz-}"; done |
			sort -V | tail -n1 || true)
	fi
fi
[ -n "$KVER" ] && [ -f "/boot/vmlinuz-$KVER" ] || die "no /boot/vmlinuz-<version> found"
MODROOT=/lib/modules/$KVER
[ -d "$MODROOT/kernel" ] || die "no $MODROOT"
log "kernel $KVER, extcrypt $EXTCRYPT"

# ------------------------------------------------------- 2. source trees
# std: every kind of entry; full: std plus 1 MiB and 10,000 entries.
SRC=$WORK/src
rm -rf "$SRC" "$WORK/img" "$WORK/out"
mkdir -p "$SRC" "$WORK/img" "$WORK/out"
longname() { head -c "$1" /dev/zero | tr '\0' "$2"; }
populate() { # DIR FULL
	local d=$1 n
	mkdir -p "$d"
	: >"$d/f0"
	for n in 1 4095 4096 4097; do head -c $n /dev/urandom >"$d/f$n"; done
	dd if=/dev/urandom of="$d/sparse_mid" bs=4096 count=3 seek=50 status=none
	truncate -s 1000000 "$d/sparse_mid"
	dd if=/dev/urandom of="$d/sparse_tail" bs=1 count=1 seek=777777 status=none
	truncate -s 3000000 "$d/sparse_hole_only"
	echo short >"$d/a"
	echo spaces >"$d/name with spaces, and UTF-8: é"
	echo odd >"$d/odd"$'\x01\x7f\xff\t'"bytes"
	echo 255 >"$d/$(longname 255 n)"
	echo 16 >"$d/$(longname 16 p)"
	echo 17 >"$d/$(longname 17 q)"
	mkdir -p "$d/sub/deeper" "$d/$(longname 255 D)"
	echo nested >"$d/sub/nested"
	head -c 9000 /dev/urandom >"$d/sub/deeper/file"
	echo in-long-dir >"$d/$(longname 255 D)/x"
	ln -s a "$d/link_short"
	ln -s "$(longname 40 s)" "$d/link_fast_max"
	ln -s "sub/$(longname 300 t)/../nested" "$d/link_long"
	ln -s "$(longname 1000 u)" "$d/link_1000"
	ln "$d/a" "$d/hard_a"
	ln "$d/f4097" "$d/sub/hard_f4097"
	mkfifo "$d/fifo"
	mknod "$d/null" c 1 3
	mknod "$d/blk" b 7 200
	echo owned >"$d/owned"; chown 1234:5678 "$d/owned"; chmod 0640 "$d/owned"
	chmod 4755 "$d/f1"; chmod 0700 "$d/sub"
	touch -h -d '2001-02-03 04:05:06' "$d/link_short" "$d/a"
	if [ "$2" = 1 ]; then
		head -c 1048576 /dev/urandom >"$d/f1m"
		mkdir "$d/many"
		(cd "$d/many" && for n in $(seq -w 1 10000); do : >"built-$n"; done)
	fi
}
populate "$SRC/full/tree" 1
mkdir -p "$SRC/full/plain"; echo plain >"$SRC/full/plain/p"; echo top >"$SRC/full/README"
populate "$SRC/std/tree" 0
# cf: for casefolded encrypted directories (ASCII names, mixed case).
mkdir -p "$SRC/cf/tree/Sub/Deeper" "$SRC/cf/tree/many"
echo mixed >"$SRC/cf/tree/MixedCase.TXT"
echo upper >"$SRC/cf/tree/Sub/UPPER"
head -c 5000 /dev/urandom >"$SRC/cf/tree/Sub/Deeper/Data.Bin"
echo "$(longname 255 X)" >"$SRC/cf/tree/$(longname 255 N)"
ln -s MixedCase.TXT "$SRC/cf/tree/Link"
ln "$SRC/cf/tree/MixedCase.TXT" "$SRC/cf/tree/Sub/HardLink"
(cd "$SRC/cf/tree/many" && for n in $(seq 1 3000); do : >"Entry-$n"; done)
# Non-ASCII names, folded as Linux folds them (NFD + full case folding):
# a decomposed name, its precomposed twin elsewhere, folds that change the
# length (ß -> ss, the fi ligature, İ -> i + U+0307), Greek, and an htree
# of them.
echo unicode >"$SRC/cf/tree/Ünïcödé.txt"
echo strasse >"$SRC/cf/tree/straße"
echo greek >"$SRC/cf/tree/ΣΊΣΥΦΟΣ"
echo nfd >"$SRC/cf/tree/Cafe$(printf '\314\201')"
echo nfc >"$SRC/cf/tree/Sub/Ångström"
echo lig >"$SRC/cf/tree/ﬁle"
echo dot >"$SRC/cf/tree/İstanbul"
mkdir "$SRC/cf/tree/Übergröße"
(cd "$SRC/cf/tree/Übergröße" && for n in $(seq 1 300); do : >"Größe-$n"; done)
# xattrs (user.* on files and directories; trusted.* on symlinks, which
# cannot carry user.*; POSIX ACLs): the small ones fit the inode after the context, each
# entry's larger set forces the external xattr block (sized for 1 KiB
# blocks).  Host and guest list them with the same helper (busybox has no
# getfattr); the guest after FS_IOC_ADD_ENCRYPTION_KEY.
HOST_HELPER=$WORK/helper-host
gcc -O2 -Wall -o "$HOST_HELPER" "$HERE/ext4_guest_helper.c" || die "cannot build the helper for the host"
add_xattrs() { # DIR
	local d=$1 h=$HOST_HELPER
	$h setxattr "$d/a" user.small 1 1 && $h setxattr "$d/a" user.mime 20 2 &&
	$h setxattr "$d/f4096" user.tiny 3 3 && $h setxattr "$d/f4096" user.big 600 4 &&
	$h setxattr "$d/f4096" user.big2 200 5 && $h setxattr "$d/sub" user.dir 10 6 &&
	$h setxattr "$d/sub" user.dirbig 400 7 && $h setxattr "$d/sub/deeper/file" user.empty 0 8 &&
	$h setxattr "$d/link_short" trusted.link 8 9 &&
	$h setxattr "$d/link_long" trusted.linkbig 500 10 &&
	$h sethex "$d/f4097" system.posix_acl_access "$ACL" &&
	$h sethex "$d/sub/deeper" system.posix_acl_default "$ACL" || die "setting xattrs in $d"
}
# POSIX ACL (getxattr's format): user::rw- user:1234:r-- group::r-- mask::r--
# other::---; the builder stores it in ext4's compact format.
ACL=0200000001000600ffffffff02000400d204000004000400ffffffff10000400ffffffff20000000ffffffff
for t in full std; do add_xattrs "$SRC/$t/tree"; done
$HOST_HELPER setxattr "$SRC/full/plain/p" user.plain 300 11 || die "setting xattrs"
for t in full std cf; do "$HOST_HELPER" xattrs "$SRC/$t" | sort >"$WORK/host-$t.xattrs"; done
# Set every directory's mtime last (creating entries changed them).
for t in full std cf; do find "$SRC/$t" -type d -exec touch -d '2020-01-01 00:00:00' {} +; done

# manifest DIR: one line per entry, the same on the host (coreutils) and in
# the guest (busybox): M mode uid gid [size rdev] mtime path / D nsubdirs path /
# S sha256 path / L path -> target.
cat >"$WORK/manifest.sh" <<'EOF_MANIFEST'
manifest() {
	(cd "$1" && {
	find . -mindepth 1 ! -path ./lost+found ! -path './lost+found/*' -type d \
		-exec stat -c 'M %f %u %g %Y %n' {} +
	find . -mindepth 1 ! -path './lost+found/*' ! -type d \
		-exec stat -c 'M %f %u %g %h %s %t %T %Y %n' {} +
	find . -type f ! -path './lost+found/*' -exec sha256sum {} + | sed 's/^/S /'
	find . -type l | while IFS= read -r f; do echo "L $f -> $(readlink "$f")"; done
	find . -mindepth 1 -type d ! -path './lost+found*' | while IFS= read -r f; do
		echo "D $(find "$f" -mindepth 1 -maxdepth 1 -type d | wc -l) $f"; done
	})
}
EOF_MANIFEST
. "$WORK/manifest.sh"
for t in full std cf; do manifest "$SRC/$t" | sort >"$WORK/host-$t.manifest"; done
log "source trees: full $(wc -l <"$WORK/host-full.manifest") lines, std $(wc -l <"$WORK/host-std.manifest") lines"

# ---------------------------------------------------------------- 3. build
# name:block size:tree:options
IMAGES="x4k:4096:full:--encrypt=tree
x1k:1024:full:--encrypt=tree,--padding=16
pad4:4096:std:--padding=4
pad8:1024:std:--padding=8
essiv:4096:std:--contents=AES-128-CBC-ESSIV,--filenames=AES-128-CTS-CBC
adiantum:4096:std:--contents=Adiantum,--filenames=Adiantum
adiantum_dk:1024:std:--contents=Adiantum,--filenames=Adiantum,--direct-key
ino64:4096:std:--iv-ino-lblk-64
ino32:1024:std:--iv-ino-lblk-32
cf_xts:4096:cf:--casefold
cf_adiantum:1024:cf:--casefold,--contents=Adiantum,--filenames=Adiantum"
head -c 64 /dev/urandom >"$WORK/img/k.key"
PASS=0 FAIL=0
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "ext4-build: FAIL: $*"; }
NAMES=()
while IFS=: read -r name bs tree opts; do
	t=$(date +%s.%N)
	if ! "$EXTCRYPT" ext4 build --key-file "$WORK/img/k.key" --block-size "$bs" \
		${opts//,/ } "$SRC/$tree" "$WORK/img/$name.img" >"$WORK/img/$name.id" 2>"$WORK/img/$name.err"; then
		cat "$WORK/img/$name.err"; die "extcrypt ext4 build $name failed"
	fi
	log "built $name ($bs-byte blocks, $tree tree, ${opts//,/ }) in $(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $t }")s"
	if e2fsck -fn "$WORK/img/$name.img" >"$WORK/img/$name.fsck1" 2>&1; then ok; else
		bad "e2fsck -fn $name after the build: $(grep -v '^Pass\|^e2fsck' "$WORK/img/$name.fsck1" | head -5 | tr '\n' ' ')"; fi
	# Round trip through the offline reader: contents, symlinks, names and
	# directories (it recreates neither device nodes, hard links nor the
	# times of FIFOs, so the M lines are compared by path only).
	nodev() { sed 's/^M .* \.\//M .\//' | grep -av '^M \./tree/null$\|^M \./tree/blk$' | sort -u; }
	if "$EXTCRYPT" ext4 extract --key-file "$WORK/img/k.key" "$WORK/img/$name.img" / \
		"$WORK/out/$name" >/dev/null 2>"$WORK/img/$name.extract" &&
		manifest "$WORK/out/$name" | sort | nodev | cmp -s - <(nodev <"$WORK/host-$tree.manifest"); then ok
	else bad "$name: extcrypt ext4 extract does not give the source tree back"; fi
	rm -rf "$WORK/out/$name"
	NAMES+=("$name:$tree")
done <<<"$IMAGES"
truncate -s 64M "$WORK/img/results.img"

# ----------------------------------------------------------- 4. initramfs
ROOT=$WORK/initramfs
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,mnt,keys,lib/modules/"$KVER"}
cp "$(dpkg -L busybox-static | grep -E '/bin/busybox$' | head -n1)" "$ROOT/bin/busybox"
gcc -static -O2 -Wall -o "$ROOT/bin/helper" "$HERE/ext4_guest_helper.c" ||
	die "cannot build the guest helper"
cp "$WORK/img/k.key" "$ROOT/keys/"
cp "$WORK/manifest.sh" "$ROOT/manifest.sh"
: >"$ROOT/etc/modules.order"
for m in virtio_pci virtio_blk ext4 crypto-xts crypto-ecb crypto-cts crypto-essiv \
	crypto-adiantum crypto-xchacha12 crypto-xchacha20 crypto-nhpoly1305 \
	crypto-sha512 crypto-sha256 crypto-aes crypto-cbc; do
	deps=$(modprobe -S "$KVER" --show-depends "$m" 2>/dev/null) || continue
	while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		rel=${path#"$MODROOT"/}
		dst=$ROOT/lib/modules/$KVER/${rel%.xz}
		dst=${dst%.zst}; dst=${dst%.gz}
		[ -f "$dst" ] && continue
		mkdir -p "$(dirname "$dst")"
		case $path in
		*.xz) xz -dc "$path" >"$dst" ;;
		*.zst) zstd -qdc "$path" >"$dst" ;;
		*.gz) gzip -dc "$path" >"$dst" ;;
		*) cp "$path" "$dst" ;;
		esac
		echo "/lib/modules/$KVER/${dst#"$ROOT/lib/modules/$KVER/"}" >>"$ROOT/etc/modules.order"
	done <<<"$deps"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "$MODROOT/$f" ] && cp "$MODROOT/$f" "$ROOT/lib/modules/$KVER/"
done
depmod -b "$ROOT" "$KVER" 2>/dev/null || true

cat >"$ROOT/init" <<EOF_INIT
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs dev /dev
echo /sbin/modprobe >/proc/sys/kernel/modprobe
while read -r m; do insmod "\$m" 2>/dev/null; done </etc/modules.order
dmesg -n 1
IMAGES="${NAMES[*]}"
. /guest.sh
EOF_INIT
chmod 755 "$ROOT/init"
cat >"$ROOT/guest.sh" <<'EOF_GUEST'
export LC_ALL=C
. /manifest.sh
R=/tmp/results
: >$R
say() { echo "$*" >>$R; }
mnt() { # DEV NAME: mount and add the key
	mount -t ext4 $1 /mnt || { say "FAIL $2: mount"; return 1; }
	id=$(helper addkey /mnt /keys/k.key) || { say "FAIL $2: add key"; return 1; }
	say "KEYID $2 $id"
}
# The kernel writes into the built directories: create, rename, delete.
kernel_writes() {
	d=/mnt/tree
	echo "made by linux" >$d/new_file || say "FAIL $1: create"
	mkdir $d/new_dir && echo inner >$d/new_dir/inner || say "FAIL $1: mkdir"
	mv $d/f1 $d/f1.renamed || say "FAIL $1: rename"
	mv $d/sub/nested $d/new_dir/nested.moved || say "FAIL $1: rename across directories"
	rm $d/f4095 || say "FAIL $1: unlink"
	rm -r $d/sub/deeper || say "FAIL $1: rmdir"
	ln -s new_file $d/new_link || say "FAIL $1: symlink"
	ln $d/new_file $d/new_hard || say "FAIL $1: link"
	i=0; while [ $i -lt 200 ]; do echo $i >$d/k$i; i=$((i + 1)); done
	[ -d $d/many ] && { helper mkfiles $d/many 1000 || say "FAIL $1: mkfiles"; }
	[ -d $d/many ] && { rm $d/many/built-00001 $d/many/built-05000 || say "FAIL $1: rm in many"; }
	# The kernel adds xattrs to a built inode (into the builder's block)
	# and to one of its own.
	helper setxattr $d/a user.more 300 12 || say "FAIL $1: setxattr on a built file"
	helper setxattr $d/new_file user.bykernel 700 13 || say "FAIL $1: setxattr on a new file"
	sync
}
check_writes() {
	d=/mnt/tree
	[ "$(cat $d/new_file)" = "made by linux" ] || say "FAIL $1: new_file"
	[ "$(cat $d/new_dir/inner)" = inner ] || say "FAIL $1: new_dir/inner"
	say "S2 $1 $(sha256sum <$d/f1.renamed | cut -d' ' -f1) f1"
	say "S2 $1 $(sha256sum <$d/new_dir/nested.moved | cut -d' ' -f1) sub/nested"
	[ ! -e $d/f4095 ] && [ ! -e $d/sub/deeper ] || say "FAIL $1: deleted entries still there"
	[ "$(readlink $d/new_link)" = new_file ] && [ $d/new_link -ef $d/new_file ] || say "FAIL $1: new_link"
	[ $d/new_hard -ef $d/new_file ] || say "FAIL $1: new_hard"
	[ "$(cat $d/k199)" = 199 ] || say "FAIL $1: k199"
	[ -d $d/many ] && say "COUNT $1 $(ls $d/many | wc -l)"
	helper xattrs $d | grep -q '^X \./a user\.more ' || say "FAIL $1: user.more after the remount"
	helper xattrs $d | grep -q '^X \./a user\.small ' || say "FAIL $1: user.small after the kernel's setxattr"
	helper xattrs $d | grep -q '^X \./new_file user\.bykernel ' || say "FAIL $1: user.bykernel after the remount"
}
# Casefolded encrypted directories: lookups ignore case, the kernel's own
# entries land next to the built ones.
cf_writes() {
	d=/mnt/tree
	[ "$(cat $d/mixedcase.txt)" = mixed ] || say "FAIL $1: casefolded lookup mixedcase.txt"
	[ "$(cat $d/SUB/upper)" = upper ] || say "FAIL $1: casefolded lookup SUB/upper"
	[ -e $d/MANY/ENTRY-2999 ] || say "FAIL $1: casefolded lookup in the htree"
	mkdir $d/MIXEDCASE.txt 2>/dev/null && say "FAIL $1: mkdir of a casefold-equal name worked"
	echo new >$d/NewFile || say "FAIL $1: create"
	mv $d/sub/hardlink $d/Renamed || say "FAIL $1: rename"
	rm $d/sub/deeper/data.bin || say "FAIL $1: unlink"
	helper mkfiles $d/many 500 || say "FAIL $1: mkfiles"
	cf_unicode $1
	sync
}
# Non-ASCII names: by the exact name and by other cases and normalisations
# (in casefold + encrypt directories Linux compares the stored hash before
# the name: a wrong hash fails the lookup); the kernel adds its own.
cfr() { [ "$(cat "$d/$3")" = "$2" ] || say "FAIL $1: casefolded lookup of $3"; }
cf_unicode() {
	d=/mnt/tree U=$(printf '\314\210') A=$(printf '\314\201')
	for f in Ünïcödé.txt ünïcödé.TXT "U${U}NI${U}CO${U}DE${A}.TXT"; do cfr $1 unicode "$f"; done
	for f in straße STRASSE Strasse; do cfr $1 strasse "$f"; done
	for f in ΣΊΣΥΦΟΣ σίσυφος "ΣΙ${A}ΣΥΦΟΣ"; do cfr $1 greek "$f"; done
	for f in "Cafe${A}" café CAFÉ; do cfr $1 nfd "$f"; done
	for f in Sub/Ångström "sub/A$(printf '\314\212')ngstro${U}m" SUB/ÅNGSTRÖM; do cfr $1 nfc "$f"; done
	for f in ﬁle FILE; do cfr $1 lig "$f"; done
	for f in İstanbul "i$(printf '\314\207')stanbul"; do cfr $1 dot "$f"; done
	[ -e "$d/ÜBERGRÖSSE/grösse-150" ] && [ -e "$d/übergröße/Größe-300" ] ||
		say "FAIL $1: casefolded lookup in the non-ASCII htree"
	echo omega >"$d/Ωμέγα" || say "FAIL $1: create Ωμέγα"
	echo neu >"$d/Übergröße/NEUE GRÖSSE" || say "FAIL $1: create in the non-ASCII htree"
	mkdir "$d/STRASSE" 2>/dev/null && say "FAIL $1: mkdir of a casefold-equal non-ASCII name worked"
}
cf_unicode_check() {
	d=/mnt/tree
	for f in Ωμέγα ΩΜΈΓΑ "ωμε$(printf '\314\201')γα"; do cfr $1 omega "$f"; done
	cfr $1 neu "übergrösse/neue größe"
}
cf_check() {
	d=/mnt/tree
	[ "$(cat $d/newfile)" = new ] || say "FAIL $1: NewFile as newfile"
	[ "$(cat $d/renamed)" = mixed ] || say "FAIL $1: Renamed"
	[ ! -e $d/Sub/Deeper/Data.Bin ] || say "FAIL $1: deleted entry still there"
	say "COUNT $1 $(ls $d/many | wc -l)"
	cf_unicode_check $1
}
n=0
for spec in $IMAGES; do
	name=${spec%%:*}
	dev=/dev/vd$(echo abcdefghijklmnop | cut -c$((n + 1)))
	n=$((n + 1))
	say "BEGIN $name"
	if mnt $dev $name; then
		manifest /mnt | sed "s/^/$name /" >>$R
		helper xattrs /mnt | sed "s/^/XA $name /" >>$R || say "FAIL $name: listing xattrs"
		if [ "${spec#*:}" = cf ]; then
			cf_writes $name
			umount /mnt || say "FAIL $name: umount"
			if mnt $dev $name; then cf_check $name; umount /mnt; fi
		else
			[ /mnt/tree/a -ef /mnt/tree/hard_a ] || say "FAIL $name: hard_a is not a hard link"
			kernel_writes $name
			umount /mnt || say "FAIL $name: umount"
			if mnt $dev $name; then check_writes $name; umount /mnt; fi
		fi
	fi
	say "END $name"
done
# Any complaint of ext4 about the built images (the kernel may work around
# a bad index and still answer correctly) fails the test.
dmesg | grep 'EXT4-fs.*\(error\|warning\|corrupt\|Corrupt\)' | sed 's/^/FAIL kernel: /' >>$R
say "GUEST-DONE $(uname -r)"
cat $R >/dev/vd$(echo abcdefghijklmnop | cut -c$((n + 1)))
sync
echo "EXT4BUILD: guest done"
poweroff -f
EOF_GUEST
(cd "$ROOT" && find . -print0 | sort -z | cpio --null -o -H newc --quiet) >"$WORK/initramfs.cpio"

# ---------------------------------------------------------------- 5. boot
log "booting $KVER under qemu (TCG) ..."
t=$(date +%s)
drives=()
for spec in "${NAMES[@]}" results; do
	drives+=(-drive "file=$WORK/img/${spec%%:*}.img,format=raw,if=virtio,cache=unsafe")
done
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 768 \
	-nodefaults -no-user-config -display none -monitor none \
	-serial "file:$WORK/serial.log" -no-reboot \
	-kernel "/boot/vmlinuz-$KVER" -initrd "$WORK/initramfs.cpio" "${drives[@]}" \
	-append "console=ttyS0 panic=-1 quiet no_timer_check" </dev/null >"$WORK/qemu.log" 2>&1 ||
	log "qemu exit status $?"
tr -d '\000' <"$WORK/img/results.img" >"$WORK/results.txt"
grep -q '^GUEST-DONE' "$WORK/results.txt" || {
	tail -30 "$WORK/serial.log"; die "the guest did not finish (serial log $WORK/serial.log)"; }
log "guest finished in $(( $(date +%s) - t ))s"

# --------------------------------------------------------------- 6. judge
grep '^FAIL' "$WORK/results.txt" | sed 's/^/guest: /' || true
if grep -q '^FAIL' "$WORK/results.txt"; then bad "the guest reported failures"; else ok; fi
for spec in "${NAMES[@]}"; do
	name=${spec%%:*} tree=${spec#*:}
	section() { sed -n "/^BEGIN $name\$/,/^END $name\$/p" "$WORK/results.txt"; }
	if [ "$(section | sed -n "s/^KEYID $name //p" | sort -u)" = "$(cat "$WORK/img/$name.id")" ]; then ok
	else bad "$name: the kernel's key identifier is not the one the build printed"; fi
	section | sed -n "s/^$name //p" | sort >"$WORK/guest-$name.manifest"
	if cmp -s "$WORK/guest-$name.manifest" "$WORK/host-$tree.manifest"; then ok
		log "$name: $(wc -l <"$WORK/guest-$name.manifest") entries/hashes/links identical in the kernel"
	else bad "$name: the kernel sees another tree: $(diff "$WORK/host-$tree.manifest" "$WORK/guest-$name.manifest" | head -6 | tr '\n' ' ')"; fi
	for f in f1 sub/nested; do
		[ "$tree" != cf ] || continue
		want=$(sha256sum <"$SRC/$tree/tree/$f" | cut -d' ' -f1)
		if section | grep -qx "S2 $name $want $f"; then ok; else bad "$name: $f after the kernel renamed it"; fi
	done
	if [ "$tree" = cf ]; then
		if section | grep -qx "COUNT $name 3500"; then ok; else bad "$name: entries in many/ after the kernel's writes: $(section | grep COUNT)"; fi
	fi
	if [ "$tree" = full ]; then
		if section | grep -qx "COUNT $name 10998"; then ok; else bad "$name: entries in many/ after the kernel's writes: $(section | grep COUNT)"; fi
	fi
	if e2fsck -fn "$WORK/img/$name.img" >"$WORK/img/$name.fsck2" 2>&1; then ok; else
		bad "e2fsck -fn $name after the kernel's writes: $(grep -v '^Pass\|^e2fsck' "$WORK/img/$name.fsck2" | head -5 | tr '\n' ' ')"; fi
done
# The xattrs the kernel lists equal the source tree's.
for spec in "${NAMES[@]}"; do
	name=${spec%%:*} tree=${spec#*:}
	sed -n "/^BEGIN $name\$/,/^END $name\$/s/^XA $name //p" "$WORK/results.txt" |
		sort >"$WORK/guest-$name.xattrs"
	if cmp -s "$WORK/guest-$name.xattrs" "$WORK/host-$tree.xattrs"; then ok
		log "$name: $(wc -l <"$WORK/guest-$name.xattrs") xattrs identical in the kernel"
	else bad "$name: the kernel lists other xattrs: $(diff "$WORK/host-$tree.xattrs" "$WORK/guest-$name.xattrs" | cut -c1-120 | head -4 | tr '\n' ' ')"; fi
done
log "total $(( $(date +%s) - T0 ))s"
echo "ext4-build: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
