#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Proof for `extcrypt ext4 copy`, run by ext4-roundtrip.sh after Linux
# wrote its trees and the host judged them: every policy directory of the
# kernel-written images is copied WITHOUT any key into fresh images
# (mke2fs with the source's block size and inode count, casefold for the
# casefold image, the source's UUID for the IV_INO_LBLK policies' sake;
# the copy turns on encrypt and stable_inodes itself).  e2fsck -fn must be
# clean on every copy.  Then Linux boots once with all the copies, adds
# the keys and records the sha256 of every file and every symlink target
# through the kernel (lookups go through the rebuilt htrees and the
# copied casefold hashes); the records must equal what the guest recorded
# when it wrote the trees.  Prints the copy throughput.
#
# Usage: tests/kernel/ext4-copy.sh --extcrypt PATH --work DIR --kver VERSION
#        [--timeout S]
#   DIR is ext4-roundtrip.sh's work directory: images/, results.txt and
#   initramfs/ of its run.
# Exit status: 0 all checks passed, 1 a check failed, 2 set-up or boot problem.
set -euo pipefail

EXTCRYPT= WORK= KVER= TIMEOUT=900
die() { echo "ext4-copy: error: $*" >&2; exit 2; }
log() { echo "ext4-copy: $*"; }
while [ $# -gt 0 ]; do
	case $1 in
	--extcrypt) EXTCRYPT=${2:?}; shift ;;
	--work) WORK=${2:?}; shift ;;
	--kver) KVER=${2:?}; shift ;;
	--timeout) TIMEOUT=${2:?}; shift ;;
	*) die "unknown argument $1" ;;
	esac
	shift
done
[ -x "$EXTCRYPT" ] && [ -d "$WORK/images" ] && [ -f "$WORK/results.txt" ] &&
	[ -f "$WORK/initramfs/init" ] || die "needs --extcrypt, and --work with a finished ext4-roundtrip run"
export LC_ALL=C PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
IMG=$WORK/images C=$WORK/copy
rm -rf "$C"
mkdir -p "$C"
PASS=0 FAIL=0
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "ext4-copy: FAIL: $*"; }

# The policy list the guest used: name:contents:filenames:flags:key.
policies() { sed -n "s/^$1=\"\\(.*\\)\"\$/\\1/p" "$WORK/initramfs/init" | tr ' ' '\n'; }

# ------------------------------------------------------------- 1. copies
bytes=0 secs=0 files=0
copy_image() { # copy_image SRC DEST POLICY_LIST MKE2FS_OPTIONS...
	local from=$1 to=$2 src=$IMG/$1.img dst=$C/$2.img list=$3 bs inodes uuid name fl order
	shift 3
	bs=$(dumpe2fs -h "$src" 2>/dev/null | sed -n 's/^Block size: *//p')
	inodes=$(dumpe2fs -h "$src" 2>/dev/null | sed -n 's/^Inode count: *//p')
	uuid=$(dumpe2fs -h "$src" 2>/dev/null | sed -n 's/^Filesystem UUID: *//p')
	truncate -s "$(stat -c %s "$src")" "$dst"
	mke2fs -q -F -t ext4 -b "$bs" -N "$inodes" -U "$uuid" "$@" "$dst" ||
		die "mke2fs $dst"
	# IV_INO_LBLK policies (flags 0x08, 0x10) first: they keep their inode
	# numbers, which no other copy may have taken.
	order=$(policies "$list" | while IFS=: read -r name _ _ fl _; do
		echo "$(( (fl & 0x18) ? 0 : 1 )) $name"; done | sort | cut -d' ' -f2)
	for name in $order; do
		if "$EXTCRYPT" ext4 copy --json "$src" "/$name" "$dst" "/$name" \
			>"$C/$to-$name.json" 2>"$C/$to-$name.err"; then ok
			bytes=$((bytes + $(sed 's/.*"bytes": \([0-9]*\).*/\1/' "$C/$to-$name.json")))
			files=$((files + $(sed 's/.*"files": \([0-9]*\).*/\1/' "$C/$to-$name.json")))
			secs=$(awk -v a="$secs" -v b="$(sed 's/.*"seconds": \([0-9.]*\).*/\1/' \
				"$C/$to-$name.json")" 'BEGIN { print a + b }')
		else bad "copy $from:/$name: $(cat "$C/$to-$name.err")"; fi
	done
	if e2fsck -fn "$dst" >"$C/fsck-$to.log" 2>&1; then ok; else
		bad "e2fsck -fn $to after the copies: $(tail -4 "$C/fsck-$to.log" | tr '\n' ' ')"; fi
}
copy_image b4k c4k POLICIES_MAIN
copy_image b1k c1k POLICIES_MAIN
copy_image cf ccf POLICIES_CF -O casefold
log "copied $files files, $((bytes >> 20)) MiB of kernel-written ciphertext in ${secs}s, $(awk \
	-v b="$bytes" -v f="$files" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f MiB/s, %.0f files/s", b / 1048576 / s, f / s }') (each copy includes its temporary image copy)"

# ------------------------------------------------- 2. Linux reads them
R=$WORK/initramfs-copy
rm -rf "$R"
cp -a "$WORK/initramfs" "$R"
sed -i 's|^\. /guest\.sh$|. /guest-copy.sh|' "$R/init"
cat >"$R/guest-copy.sh" <<'EOF_GUEST'
R=/tmp/results
: >$R
say() { echo "$*" >>$R; }
check() { # check DEV: add the keys, hash everything through the kernel
	mount -t ext4 $1 /mnt || { say "FAIL mount $1"; return; }
	for k in k1 k2 k3; do
		helper addkey /mnt /keys/$k.key >/dev/null || say "FAIL addkey $k"
		eval "desc=\$desc_$k"
		helper addkey1 /mnt /keys/$k.key $desc || say "FAIL addkey1 $k"
	done
	cd /mnt
	find . -type f ! -path './lost+found/*' -exec sha256sum {} + | sed "s/^/SHA /" >>$R
	find . -type l | sort | while read -r f; do say "LINK $f -> $(readlink "$f")"; done
	cd /
	umount /mnt || say "FAIL umount $1"
}
say "BEGIN b4k"; check /dev/vda; say "END b4k"
say "BEGIN b1k"; check /dev/vdb; say "END b1k"
say "BEGIN cf"; check /dev/vdc; say "END cf"
say "GUEST-DONE $(uname -r)"
cat $R >/dev/vdd
sync
echo "EXT4COPY: guest done"
poweroff -f
EOF_GUEST
(cd "$R" && find . -print0 | sort -z | cpio --null -o -H newc --quiet) >"$C/initramfs.cpio"
truncate -s 16M "$C/results.img"
log "booting $KVER under qemu (TCG) with the copies ..."
t=$(date +%s)
drives=()
for i in c4k c1k ccf results; do
	drives+=(-drive "file=$C/$i.img,format=raw,if=virtio,cache=unsafe")
done
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 768 \
	-nodefaults -no-user-config -display none -monitor none \
	-serial "file:$C/serial.log" -no-reboot \
	-kernel "/boot/vmlinuz-$KVER" -initrd "$C/initramfs.cpio" "${drives[@]}" \
	-append "console=ttyS0 panic=-1 quiet" </dev/null >"$C/qemu.log" 2>&1 ||
	log "qemu exit status $?"
tr -d '\000' <"$C/results.img" >"$C/results.txt"
grep -q '^GUEST-DONE' "$C/results.txt" || {
	tail -30 "$C/serial.log"; die "the guest did not finish (serial log $C/serial.log)"; }
log "guest finished in $(( $(date +%s) - t ))s"

# --------------------------------------------------------------- 3. judge
if grep -q '^FAIL' "$C/results.txt"; then
	grep '^FAIL' "$C/results.txt" | sed 's/^/guest: /'
	bad "the guest reported failures"
fi
section() { sed -n "/^BEGIN $2\$/,/^END $2\$/p" "$1" | grep -E '^(SHA|LINK) ' | sort; }
for img in b4k b1k cf; do
	section "$WORK/results.txt" $img | grep -v '^SHA [0-9a-f]*  \./lost+found/' >"$C/want-$img"
	section "$C/results.txt" $img >"$C/got-$img"
	n=$(grep -c '^SHA' "$C/want-$img" || true)
	if [ "$n" -gt 0 ] && cmp -s "$C/want-$img" "$C/got-$img"; then ok
		log "$img: Linux read all $n files and $(grep -c '^LINK' "$C/want-$img") symlinks of the copies"
	else bad "$img: the copies read back differently ($(diff "$C/want-$img" "$C/got-$img" | head -4 | tr '\n' ' '))"; fi
done
for i in c4k c1k ccf; do
	if e2fsck -fn "$C/$i.img" >"$C/fsck2-$i.log" 2>&1; then ok; else
		bad "e2fsck -fn $i after Linux read it: $(tail -4 "$C/fsck2-$i.log" | tr '\n' ' ')"; fi
done
echo "ext4-copy: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
