#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Proof for `extcrypt ext4`: Linux writes encrypted trees, the host reads
# them back without Linux.  On the host: mkfs.ext4 -O encrypt (4 KiB and
# 1 KiB blocks, a casefold+encrypt variant, and a tiny image for the unit
# test vectors).  In Debian's kernel under qemu (busybox initramfs, as
# run-qemu-test.sh): a static helper adds keys and sets policies, busybox
# writes files of sizes 0, 1, 4095, 4096, 4097, 1 MiB and sparse ones,
# hard links, FIFOs and devices,
# 255-byte names, short and long symlinks, nested directories and a
# directory of 10,000 entries (htree), names holding every byte value;
# the guest records the sha256 of
# every file and every symlink target with the key, removes the keys
# (FS_IOC_REMOVE_ENCRYPTION_KEY, drop caches) and records the no-key names
# `find` shows.  Back on the host: e2fsck -fn must be clean on every
# image, `extcrypt ext4 extract` must reproduce every file and link byte
# for byte, and `extcrypt ext4 ls -R` without keys must print exactly the
# guest's no-key names.  Then ext4-copy.sh copies every policy's tree
# without keys into fresh images and boots Linux once more to read them.
#
# Usage: tests/kernel/ext4-roundtrip.sh [--extcrypt PATH] [--timeout S]
#        [--no-install] [--save-vectors DIR]
#   --extcrypt PATH      the extcrypt binary (default: build/dev/tools/extcrypt)
#   --judge-only         skip the images and the boot: judge the last run again
#   --save-vectors DIR   copy the tiny image, its keys and the guest's
#                        records to DIR (how tests/vectors/ext4 was made)
# Environment: EXTCRYPT_BUILD_ROOT (work files in $EXTCRYPT_BUILD_ROOT/kernel-ext4),
#   EXTCRYPT_KVER.
# Exit status: 0 all checks passed, 1 a check failed, 2 set-up or boot problem.
# Last line: "ext4-roundtrip: N passed, M failed".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXTCRYPT=$REPO/build/dev/tools/extcrypt
TIMEOUT=900
INSTALL=1
SAVE_VECTORS=
JUDGE_ONLY=0

die() { echo "ext4-roundtrip: error: $*" >&2; exit 2; }
log() { echo "ext4-roundtrip: $*"; }

while [ $# -gt 0 ]; do
	case $1 in
	--extcrypt) EXTCRYPT=${2:?}; shift ;;
	--timeout) TIMEOUT=${2:?}; shift ;;
	--no-install) INSTALL=0 ;;
	--save-vectors) SAVE_VECTORS=${2:?}; shift ;;
	--judge-only) JUDGE_ONLY=1 ;;
	-h|--help) sed -n '3,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument $1" ;;
	esac
	shift
done

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, reading /boot/vmlinuz-*)"
[ -x "$EXTCRYPT" ] || die "no extcrypt binary at $EXTCRYPT (build it, or give --extcrypt)"
"$EXTCRYPT" ext4 --help >/dev/null 2>&1 || die "$EXTCRYPT was built without ext4 support"
EXTCRYPT=$(cd "$(dirname "$EXTCRYPT")" && pwd)/$(basename "$EXTCRYPT")

export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export DEBIAN_FRONTEND=noninteractive INITRD=No
# Names hold every byte value: compare bytes, not characters.
export LC_ALL=C
T0=$(date +%s)
WORK=${EXTCRYPT_BUILD_ROOT:-$REPO/build}/kernel-ext4
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# ------------------------------------------------------------ 1. packages
is_installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}
missing=()
for p in linux-image-amd64 busybox-static qemu-system-x86 cpio kmod gcc libc6-dev \
	e2fsprogs openssl xz-utils zstd; do
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

if [ "$JUDGE_ONLY" = 0 ]; then
# ----------------------------------------------------- 2. images and keys
# Policies: directory name, contents mode, filenames mode, flags, key.
# Modes: 1 AES-256-XTS, 4 AES-256-CTS, 5 AES-128-CBC-ESSIV, 6 AES-128-CTS,
# 9 Adiantum (10 AES-256-HCTR2 needs CONFIG_CRYPTO_HCTR2, which Debian's
# 6.1 kernel lacks).  Flags: 0-3 padding 4/8/16/32, 0x04 DIRECT_KEY,
# 0x08 IV_INO_LBLK_64, 0x10 IV_INO_LBLK_32.  Key kN: a v2 policy with key N's
# identifier; dN: a v1 policy with key N's conventional descriptor (the
# first 8 bytes of SHA-512(SHA-512(key)), as `extcrypt ext4` matches it).
POLICIES_MAIN="xts_cts_pad16:1:4:0x02:k1 xts_cts_pad4:1:4:0x00:k1 xts_cts_pad8:1:4:0x01:k2
xts_cts_pad32:1:4:0x03:k2 cbcessiv_cts:5:6:0x00:k3 adiantum:9:9:0x01:k3
adiantum_directkey:9:9:0x04:k3 xts_ino64:1:4:0x08:k1 xts_ino32:1:4:0x10:k2
v1_xts_cts:1:4:0x00:d1 v1_cbcessiv_cts:5:6:0x03:d2 v1_adiantum_directkey:9:9:0x04:d3"
POLICIES_CF="cf_xts_cts:1:4:0x00:k1 cf_adiantum:9:9:0x02:k3"
POLICIES_VEC="vec_xts_cts:1:4:0x00:k1 vec_adiantum:9:9:0x00:k3 vec_ino32:1:4:0x10:k2"

IMG=$WORK/images
rm -rf "$IMG" "$WORK/out"
mkdir -p "$IMG" "$WORK/out"
DESCS=
for k in k1 k2 k3; do
	head -c 64 /dev/urandom >"$IMG/$k.key"
	DESCS="$DESCS desc_$k=$(openssl dgst -sha512 -binary "$IMG/$k.key" |
		openssl dgst -sha512 -binary | head -c 8 | od -An -tx1 | tr -d ' \n')"
done
mkfs.ext4 -q -F -b 4096 -N 16384 -O encrypt,stable_inodes -L ext4rt4k "$IMG/b4k.img" 96M
mkfs.ext4 -q -F -b 1024 -N 16384 -O encrypt,stable_inodes -L ext4rt1k "$IMG/b1k.img" 96M
mkfs.ext4 -q -F -b 4096 -N 4096 -O encrypt,casefold -L ext4rtcf "$IMG/cf.img" 32M
mkfs.ext4 -q -F -b 1024 -N 128 -O encrypt,stable_inodes,^has_journal,^resize_inode \
	-L ext4rtvec "$IMG/vec.img" 480K
truncate -s 16M "$IMG/results.img"

# ----------------------------------------------------------- 3. initramfs
ROOT=$WORK/initramfs
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,mnt,keys,lib/modules/"$KVER"}
cp "$(dpkg -L busybox-static | grep -E '/bin/busybox$' | head -n1)" "$ROOT/bin/busybox"
gcc -static -O2 -Wall -o "$ROOT/bin/helper" "$HERE/ext4_guest_helper.c" ||
	die "cannot build the guest helper"
cp "$IMG"/k?.key "$ROOT/keys/"
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
POLICIES_MAIN="$(echo $POLICIES_MAIN)"
POLICIES_CF="$(echo $POLICIES_CF)"
POLICIES_VEC="$(echo $POLICIES_VEC)"
$DESCS
. /guest.sh
EOF_INIT
chmod 755 "$ROOT/init"
cat >"$ROOT/guest.sh" <<'EOF_GUEST'
R=/tmp/results
: >$R
say() { echo "$*" >>$R; }
longname() { head -c "$1" /dev/zero | tr '\0' "$2"; }

# populate DIR FULL: the standard tree; FULL=1 adds a 1 MiB file, and the
# first time also a directory of 10,000 entries.
populate() {
	d=$1
	touch $d/f0
	for n in 1 4095 4096 4097; do dd if=/dev/urandom of=$d/f$n bs=$n count=1 2>/dev/null; done
	dd if=/dev/urandom of=$d/sparse_mid bs=4096 count=3 seek=50 2>/dev/null
	truncate -s 1000000 $d/sparse_mid
	dd if=/dev/urandom of=$d/sparse_tail bs=1 count=1 seek=777777 2>/dev/null
	truncate -s 3000000 $d/sparse_hole_only
	echo "short name" >"$d/a"
	echo "name with spaces" >"$d/name with spaces, and UTF-8: é"
	echo 255 >"$d/$(longname 255 n)"
	echo 149 >"$d/$(longname 149 m)"
	echo 150 >"$d/$(longname 150 o)"
	helper mkbytes $d || say "FAIL mkbytes $d"
	mkdir $d/sub $d/sub/deeper
	echo nested >$d/sub/nested
	dd if=/dev/urandom of=$d/sub/deeper/file bs=1000 count=9 2>/dev/null
	ln -s a $d/link_short
	ln -s "$(longname 40 s)" $d/link_fast_max
	ln -s "sub/$(longname 300 t)/../nested" $d/link_long
	if [ "$2" = 1 ]; then
		dd if=/dev/urandom of=$d/f1m bs=65536 count=16 2>/dev/null
	fi
	if [ "$2" = 1 ] && [ "$many_done" != "$dev" ]; then
		many_done=$dev
		mkdir $d/many
		helper mkfiles $d/many 10000 || say "FAIL mkfiles $d"
	fi
}

# specials DIR: hard links in one directory and across two of the same
# policy, a FIFO and a device; the host compares kinds and link counts.
specials() {
	r=${1#/mnt/}
	echo linked >$1/hl_a
	ln $1/hl_a $1/hl_b && ln $1/hl_a $1/sub/hl_c || say "FAIL ln $1"
	mkfifo $1/fifo && mknod $1/cdev c 1 7 || say "FAIL mknod $1"
	say "HLINK $r/hl_a $r/hl_b $r/sub/hl_c"
	for f in hl_a fifo cdev; do say "KIND $r/$f $(stat -c '%F %h %t:%T' $1/$f)"; done
}

ids=
setup() { # setup DEV POLICIES FULL CASEFOLD
	dev=$1
	mount -t ext4 $1 /mnt || { say "FAIL mount $1"; return; }
	for k in k1 k2 k3; do
		id=$(helper addkey /mnt /keys/$k.key) || say "FAIL addkey $k"
		eval "id_$k=$id"
		eval "desc=\$desc_$k"
		helper addkey1 /mnt /keys/$k.key $desc || say "FAIL addkey1 $k"
	done
	for p in $2; do
		IFS=: read name cm fm fl key <<EOP
$p
EOP
		mkdir /mnt/$name
		[ "$4" = 1 ] && { helper casefold /mnt/$name || say "FAIL casefold $name"; }
		case $key in
		k*) eval "id=\$id_$key" ;;
		d*) eval "id=\$desc_k${key#d}" ;;
		esac
		if ! helper policy /mnt/$name $id $cm $fm $fl; then
			say "FAIL policy $name"; continue
		fi
		populate /mnt/$name $3
		[ "$3" = 1 ] && specials /mnt/$name
		if [ "$4" = 1 ]; then
			echo x >/mnt/$name/MixedCase.TXT
			mkdir /mnt/$name/UPPER
			echo y >/mnt/$name/UPPER/lower
			mkdir /mnt/$name/cfmany
			helper mkfiles /mnt/$name/cfmany 1500
			# Non-ASCII names (the host must find them by other spellings).
			echo u >"/mnt/$name/Ünïcödé.txt"
			echo s >"/mnt/$name/straße"
			echo g >"/mnt/$name/ΣΊΣΥΦΟΣ"
			echo c >"/mnt/$name/Cafe$(printf '\314\201')"
		fi
	done
	sync
	cd /mnt
	find . -type f -exec sha256sum {} + | sed "s/^/SHA /" >>$R
	find . -type l | sort | while read -r f; do say "LINK $f -> $(readlink "$f")"; done
	find . -type d | sort | while read -r f; do say "DIR $f"; done
	cd /
	for k in k1 k2 k3; do eval "helper rmkey /mnt \$id_$k; helper rmkey /mnt \$desc_$k"; done
	echo 3 >/proc/sys/vm/drop_caches
	for p in $2; do
		name=${p%%:*}
		find /mnt/$name -mindepth 1 | sed "s|^/mnt/$name/|NOKEY $name |" >>$R
		find /mnt/$name -type l | while read -r l; do
			say "NOKEYLINK ${l#/mnt/} -> $(readlink "$l")"
		done
	done
	umount /mnt || say "FAIL umount $1"
}

say "BEGIN b4k"; setup /dev/vda "$POLICIES_MAIN" 1 0; say "END b4k"
say "BEGIN b1k"; setup /dev/vdb "$POLICIES_MAIN" 1 0; say "END b1k"
say "BEGIN cf"; setup /dev/vdc "$POLICIES_CF" 0 1; say "END cf"
say "BEGIN vec"; setup /dev/vdd "$POLICIES_VEC" 0 0; say "END vec"
say "GUEST-DONE $(uname -r)"
cat $R >/dev/vde
sync
echo "EXT4RT: guest done"
poweroff -f
EOF_GUEST
(cd "$ROOT" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) >"$WORK/initramfs.cpio"

# ---------------------------------------------------------------- 4. boot
log "booting $KVER under qemu (TCG) ..."
t=$(date +%s)
drives=()
for i in b4k b1k cf vec results; do
	drives+=(-drive "file=$IMG/$i.img,format=raw,if=virtio,cache=unsafe")
done
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 768 \
	-nodefaults -no-user-config -display none -monitor none \
	-serial "file:$WORK/serial.log" -no-reboot \
	-kernel "/boot/vmlinuz-$KVER" -initrd "$WORK/initramfs.cpio" "${drives[@]}" \
	-append "console=ttyS0 panic=-1 quiet no_timer_check" </dev/null >"$WORK/qemu.log" 2>&1 ||
	log "qemu exit status $?"
tr -d '\000' <"$IMG/results.img" >"$WORK/results.txt"
grep -q '^GUEST-DONE' "$WORK/results.txt" || {
	tail -30 "$WORK/serial.log"; die "the guest did not finish (serial log $WORK/serial.log)"; }
log "guest finished in $(( $(date +%s) - t ))s"
fi
IMG=$WORK/images
rm -rf "$WORK/out"; mkdir -p "$WORK/out"

# --------------------------------------------------------------- 5. judge
PASS=0 FAIL=0
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "ext4-roundtrip: FAIL: $*"; }
if grep -q '^FAIL' "$WORK/results.txt"; then
	grep '^FAIL' "$WORK/results.txt" | sed 's/^/guest: /'
	bad "the guest reported failures"
fi

section() { sed -n "/^BEGIN $1\$/,/^END $1\$/p" "$WORK/results.txt"; }
KEYS=(--key-file "$IMG/k1.key" --key-file "$IMG/k2.key" --key-file "$IMG/k3.key")
for img in b4k b1k cf vec; do
	I=$IMG/$img.img
	if e2fsck -fn "$I" >"$WORK/fsck-$img.log" 2>&1; then ok; else
		bad "e2fsck -fn $img: $(tail -3 "$WORK/fsck-$img.log" | tr '\n' ' ')"; fi
	O=$WORK/out/$img
	if ! "$EXTCRYPT" ext4 extract "${KEYS[@]}" "$I" / "$O" 2>"$WORK/extract-$img.log"; then
		bad "extract $img: $(tail -2 "$WORK/extract-$img.log")"; continue
	fi
	ok
	# Contents: every file the guest hashed, byte for byte, and no others.
	section "$img" | sed -n 's/^SHA \([0-9a-f]*\)  \.\/\(.*\)$/\1  \2/p' | sort -k2 >"$WORK/guest-sha-$img"
	(cd "$O" && find . -type f ! -path './lost+found/*' -exec sha256sum {} + |
		sed 's|^\([0-9a-f]*\)  \./|\1  |') | sort -k2 >"$WORK/host-sha-$img"
	n=$(wc -l <"$WORK/guest-sha-$img")
	if [ "$n" -gt 0 ] && cmp -s "$WORK/guest-sha-$img" "$WORK/host-sha-$img"; then ok
		log "$img: $n files identical"
	else bad "$img: contents differ ($(diff "$WORK/guest-sha-$img" "$WORK/host-sha-$img" | head -4 | tr '\n' ' '))"; fi
	section "$img" | sed -n 's/^LINK \.\/\(.*\)$/\1/p' | sort >"$WORK/guest-link-$img"
	(cd "$O" && find . -type l | sed 's|^\./||' | sort | while IFS= read -r f; do
		echo "$f -> $(readlink "$f")"; done) >"$WORK/host-link-$img"
	if cmp -s "$WORK/guest-link-$img" "$WORK/host-link-$img"; then ok
		log "$img: $(wc -l <"$WORK/guest-link-$img") symlinks identical"
	else bad "$img: symlinks differ"; fi
	# Sparse files stay sparse.
	for f in "$O"/*/sparse_hole_only; do
		[ -f "$f" ] || continue
		if [ "$(stat -c %b "$f")" = 0 ]; then ok; else bad "$f is not sparse"; fi
	done
	# Hard links, the FIFO and the device: what the guest saw.
	kinds=0 kbad=
	while read -r p want; do
		kinds=$((kinds + 1))
		got=$(stat -c '%F %h %t:%T' "$O/$p" 2>&1) || true
		[ "$got" = "$want" ] || kbad="$kbad $p ($got; guest: $want)"
	done < <(section "$img" | sed -n 's/^KIND //p')
	while read -r a rest; do
		for b in $rest; do
			kinds=$((kinds + 1))
			[ "$(stat -c %i "$O/$a")" = "$(stat -c %i "$O/$b" 2>&1)" ] ||
				kbad="$kbad $b (not a link to $a)"
		done
	done < <(section "$img" | sed -n 's/^HLINK //p')
	if [ -z "$kbad" ]; then ok; [ $kinds = 0 ] || log "$img: $kinds link/FIFO/device checks as the guest saw"
	else bad "$img: links, FIFOs, devices:$(echo "$kbad" | cut -c1-300)"; fi
	# No-key names: exactly what the guest's find printed.
	for d in $(section "$img" | sed -n 's/^NOKEY \([^ ]*\) .*/\1/p' | sort -u); do
		section "$img" | sed -n "s/^NOKEY $d //p" | LC_ALL=C sort >"$WORK/guest-nokey-$img-$d"
		if "$EXTCRYPT" ext4 ls -R "$I" "/$d" 2>"$WORK/ls-$img-$d.err" | cut -d' ' -f4- |
			LC_ALL=C sort >"$WORK/host-nokey-$img-$d"; then :; fi
		if [ -s "$WORK/guest-nokey-$img-$d" ] &&
			cmp -s "$WORK/guest-nokey-$img-$d" "$WORK/host-nokey-$img-$d"; then ok
			log "$img /$d: $(wc -l <"$WORK/guest-nokey-$img-$d") no-key names identical"
		else bad "$img /$d: no-key names differ ($(diff "$WORK/guest-nokey-$img-$d" "$WORK/host-nokey-$img-$d" | head -3 | tr '\n' ' ') $(head -c 200 "$WORK/ls-$img-$d.err"))"; fi
	done
	# verify: clean with the keys.
	if "$EXTCRYPT" ext4 verify "${KEYS[@]}" "$I" >"$WORK/verify-$img.log" 2>&1; then ok
	else bad "verify $img: $(tail -3 "$WORK/verify-$img.log" | tr '\n' ' ')"; fi
done

# Casefolded lookups on the host: the guest's non-ASCII names (extracted
# byte for byte above) found by other cases and normalisations.
for d in cf_xts_cts cf_adiantum; do
	for p in "ÜNÏCÖDÉ.TXT:u" "STRASSE:s" "σίσυφος:g" "CAFÉ:c"; do
		rm -rf "$WORK/out/cfx"
		if "$EXTCRYPT" ext4 extract "${KEYS[@]}" "$IMG/cf.img" "/$d/${p%:*}" "$WORK/out/cfx" \
			2>"$WORK/cfx.err" && [ "$(cat "$WORK/out/cfx")" = "${p##*:}" ]; then ok
		else bad "cf /$d: extract by the spelling ${p%:*}: $(cat "$WORK/cfx.err")"; fi
	done
	if "$EXTCRYPT" ext4 ls "${KEYS[@]}" "$IMG/cf.img" "/$d/ünïcödé.TXT" 2>/dev/null | grep -q '^- [0-7]* 2 /'
	then ok; else bad "cf /$d: ls by another spelling does not find Ünïcödé.txt"; fi
done

# ------------------------------------------ 6. copies read back by Linux
if "$HERE/ext4-copy.sh" --extcrypt "$EXTCRYPT" --work "$WORK" --kver "$KVER" \
	--timeout "$TIMEOUT"; then ok
else bad "extcrypt ext4 copy: Linux did not read every copy back (above; $WORK/copy)"; fi

if [ -n "$SAVE_VECTORS" ]; then
	mkdir -p "$SAVE_VECTORS"
	xz -9 -c "$IMG/vec.img" >"$SAVE_VECTORS/vec.img.xz"
	cp "$IMG"/k?.key "$SAVE_VECTORS/"
	section vec >"$SAVE_VECTORS/guest-records.txt"
	echo "$KVER" >"$SAVE_VECTORS/kernel-version.txt"
	log "saved the tiny image and its records to $SAVE_VECTORS"
fi
log "total $(( $(date +%s) - T0 ))s"
echo "ext4-roundtrip: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
