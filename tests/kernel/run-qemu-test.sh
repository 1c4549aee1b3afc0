#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later OR MIT
#
# Check tests/vectors/extcrypt_testvecs.h with the kernel's own crypto API:
# build extcrypt_kat_test.ko against Debian's linux-headers for Debian's
# linux-image-amd64, boot that kernel under qemu with a busybox initramfs,
# load the module there and read its RESULT line.  Nothing is ever loaded
# into the host kernel.  Debian's kernel has no SM4, so the kernel's own
# generic SM4 (crypto/sm4.c, crypto/sm4_generic.c) is built as modules from
# Debian's linux-source for the same kernel version (only those two files
# are taken out of the source tarball, into the build folder) and loaded
# first; the SM4 vectors then go through xts(sm4) and cts(cbc(sm4)).
#
# Usage: tests/kernel/run-qemu-test.sh [options] [VECTOR_DIR]
#   VECTOR_DIR            directory holding extcrypt_testvecs.h
#                         (default: <repo>/tests/vectors)
#   --self-test           first boot with inject_failure=1 and require that
#                         the module reports exactly the injected failures,
#                         then do the normal run
#   --timeout SECONDS     limit for one qemu boot (default 300)
#   --no-install          do not run apt-get; fail if something is missing
#   --tcg                 do not try KVM even if /dev/kvm is usable
#   -h, --help
# Environment: EXTCRYPT_BUILD_ROOT (work files go to $EXTCRYPT_BUILD_ROOT/kernel,
#   default <repo>/build/kernel), EXTCRYPT_KVER (use this installed kernel
#   version instead of the one linux-image-amd64 depends on).
# Exit status: 0 every vector passed (and, with --self-test, the injected
#   failures were detected); 1 a vector failed or the counts are wrong;
#   2 set-up, build or boot problem (no RESULT line).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
VECTOR_DIR=$REPO/tests/vectors
TIMEOUT=300
SELF_TEST=0
INSTALL=1
TRY_KVM=1

die() { echo "run-qemu-test: error: $*" >&2; exit 2; }
log() { echo "run-qemu-test: $*"; }

while [ $# -gt 0 ]; do
	case $1 in
	--self-test) SELF_TEST=1 ;;
	--timeout) TIMEOUT=${2:?}; shift ;;
	--timeout=*) TIMEOUT=${1#*=} ;;
	--no-install) INSTALL=0 ;;
	--tcg) TRY_KVM=0 ;;
	--vectors-dir) VECTOR_DIR=${2:?}; shift ;;
	--vectors-dir=*) VECTOR_DIR=${1#*=} ;;
	-h|--help) sed -n '3,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) VECTOR_DIR=$1 ;;
	esac
	shift
done

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, reading /boot/vmlinuz-*)"
[ -f "$VECTOR_DIR/extcrypt_testvecs.h" ] ||
	die "no $VECTOR_DIR/extcrypt_testvecs.h (generate it: extcrypt kat --format=kernel-header)"
VECTOR_DIR=$(cd "$VECTOR_DIR" && pwd)

export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export DEBIAN_FRONTEND=noninteractive
# The host never boots the kernel we install: skip initramfs-tools' hook.
export INITRD=No

T0=$(date +%s)
WORK=${EXTCRYPT_BUILD_ROOT:-$REPO/build}/kernel
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# ------------------------------------------------------------ 1. packages
is_installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}
APT_UPDATED=0
apt_install() {
	[ "$INSTALL" = 1 ] || die "missing packages: $* (and --no-install given)"
	log "apt-get install $*"
	local opts=(-y -q -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false)
	if [ "$APT_UPDATED" = 0 ] && ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
		apt-get update -q >/dev/null; APT_UPDATED=1
	fi
	if ! apt-get install "${opts[@]}" "$@" >"$WORK/apt.log" 2>&1; then
		[ "$APT_UPDATED" = 0 ] || { tail -20 "$WORK/apt.log"; die "apt-get install $* failed"; }
		log "install failed; apt-get update and retry"
		apt-get update -q >/dev/null; APT_UPDATED=1
		apt-get install "${opts[@]}" "$@" >"$WORK/apt.log" 2>&1 ||
			{ tail -20 "$WORK/apt.log"; die "apt-get install $* failed"; }
	fi
}

# (linux-source-<major.minor>, for SM4, is installed in 1b: its name and
# version follow the kernel found here.)
missing=()
for p in linux-image-amd64 busybox-static qemu-system-x86 cpio kmod gcc make xz-utils zstd; do
	is_installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if [ -n "${EXTCRYPT_KVER:-}" ]; then
	KVER=$EXTCRYPT_KVER
else
	# The image linux-image-amd64 pulls in; else the newest installed one.
	KVER=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
		grep -o 'linux-image-[0-9][^ ,|]*' | head -n1 | sed 's/^linux-image-//' || true)
	if [ -z "$KVER" ] || [ ! -f "/boot/vmlinuz-$KVER" ]; then
		KVER=$(for f in /boot/vmlinuz-*; do [ -f "$f" ] && echo "${f#/boot/vmlinuz-}"; done |
			sort -V | tail -n1 || true)
	fi
fi
if [ -z "$KVER" ] || [ ! -f "/boot/vmlinuz-$KVER" ]; then die "no /boot/vmlinuz-<version> found"; fi
[ -d "/lib/modules/$KVER/kernel" ] || die "no /lib/modules/$KVER"
KDIR=/lib/modules/$KVER/build
if [ ! -f "$KDIR/Makefile" ]; then
	apt_install "linux-headers-$KVER"
	[ -f "$KDIR/Makefile" ] || KDIR=/usr/src/linux-headers-$KVER
	[ -f "$KDIR/Makefile" ] || die "linux-headers-$KVER installed but no build dir"
fi
log "kernel $KVER, headers $KDIR, vectors $VECTOR_DIR"

# ------------------------------------- 1b. the kernel's SM4, from its source
# linux-source-<major.minor> of the same Debian version as the kernel's
# headers (so the SM4 code is the booted kernel's).
pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
KSERIES=$(echo "$KVER" | cut -d. -f1-2)
SRCPKG=linux-source-$KSERIES
KDEBVER=$(pkg_version "linux-headers-$KVER")
[ -n "$KDEBVER" ] || KDEBVER=$(pkg_version "linux-image-$KVER")
[ -n "$KDEBVER" ] || KDEBVER=$(pkg_version "linux-image-$KVER-unsigned")
[ -n "$KDEBVER" ] || die "cannot tell the Debian version of kernel $KVER"
if [ "$(pkg_version "$SRCPKG")" != "$KDEBVER" ]; then
	t=$(date +%s)
	apt_install "$SRCPKG=$KDEBVER"
	log "installed $SRCPKG $KDEBVER in $(( $(date +%s) - t ))s"
fi
TARBALL=/usr/src/$SRCPKG.tar.xz
[ -f "$TARBALL" ] || die "$SRCPKG installed but no $TARBALL"
SM4DIR=$WORK/sm4
if [ "$(cat "$SM4DIR/.source-version" 2>/dev/null)" != "$KDEBVER" ] ||
	[ ! -f "$SM4DIR/sm4.c" ] || [ ! -f "$SM4DIR/sm4_generic.c" ]; then
	rm -rf "$SM4DIR"
	mkdir -p "$SM4DIR"
	t=$(date +%s)
	# The library file is crypto/sm4.c up to 6.1, lib/crypto/sm4.c later.
	tar -xJf "$TARBALL" -C "$SM4DIR" --wildcards --transform='s|.*/||' \
		"$SRCPKG/crypto/sm4_generic.c" '*crypto/sm4.c' ||
		die "cannot extract the SM4 sources from $TARBALL"
	echo "$KDEBVER" >"$SM4DIR/.source-version"
	log "extracted crypto/sm4.c, crypto/sm4_generic.c of $SRCPKG $KDEBVER in $(( $(date +%s) - t ))s"
fi
printf '# generated by run-qemu-test.sh: the kernel'"'"'s generic SM4, out of tree\nobj-m := sm4.o sm4_generic.o\n' \
	>"$SM4DIR/Kbuild"
t=$(date +%s)
if ! make -C "$KDIR" M="$SM4DIR" -j"$(nproc)" modules >"$WORK/sm4-build.log" 2>&1; then
	tail -40 "$WORK/sm4-build.log"
	die "SM4 module build failed (full log: $WORK/sm4-build.log)"
fi
for m in sm4 sm4_generic; do [ -f "$SM4DIR/$m.ko" ] || die "no $m.ko after the SM4 build"; done
log "built sm4.ko, sm4_generic.ko in $(( $(date +%s) - t ))s"

# ------------------------------------------------------ 2. build the module
MODDIR=$WORK/module
mkdir -p "$MODDIR"
for f in extcrypt_kat_test.c Kbuild; do
	cmp -s "$HERE/$f" "$MODDIR/$f" || cp "$HERE/$f" "$MODDIR/$f"
done
if ! make -C "$KDIR" M="$MODDIR" EXTCRYPT_VECTOR_DIR="$VECTOR_DIR" \
	-j"$(nproc)" modules >"$WORK/build.log" 2>&1; then
	tail -40 "$WORK/build.log"
	die "module build failed (full log: $WORK/build.log)"
fi
grep -E 'warning|error' "$WORK/build.log" || true
KO=$MODDIR/extcrypt_kat_test.ko
[ -f "$KO" ] || die "no $KO after build"

# Count the vectors independently of the module: compile the header on the host.
cat >"$WORK/count.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
typedef uint8_t u8; typedef uint32_t u32; typedef uint64_t u64;
#include "extcrypt_testvecs.h"
#define N(a) (sizeof(a) / sizeof((a)[0]))
int main(void)
{
	printf("%zu %zu %zu %zu %zu\n", N(extcrypt_hkdf_testvecs),
	       N(extcrypt_xts_testvecs), N(extcrypt_cts_testvecs),
	       N(extcrypt_sm4_xts_testvecs), N(extcrypt_sm4_cts_testvecs));
	return 0;
}
EOF
gcc -w -O0 -I"$VECTOR_DIR" -o "$WORK/count" "$WORK/count.c" || die "cannot compile the header on the host"
read -r EXP_HKDF EXP_XTS EXP_CTS EXP_SM4XTS EXP_SM4CTS < <("$WORK/count")
EXP_TOTAL=$((EXP_HKDF + EXP_XTS + EXP_CTS + EXP_SM4XTS + EXP_SM4CTS))
EXP_COUNTS="hkdf=$EXP_HKDF xts=$EXP_XTS cts=$EXP_CTS sm4_xts=$EXP_SM4XTS sm4_cts=$EXP_SM4CTS"
log "header has $EXP_COUNTS total=$EXP_TOTAL vectors"
[ "$EXP_TOTAL" -gt 0 ] || die "the header holds no vectors"

# ------------------------------------------------------- 3. the initramfs
ROOT=$WORK/initramfs
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,lib/modules/"$KVER"}
BUSYBOX=$(dpkg -L busybox-static | grep -E '/bin/busybox$' | head -n1)
cp "$BUSYBOX" "$ROOT/bin/busybox"
cp "$KO" "$ROOT/extcrypt_kat_test.ko"

# Crypto modules our module needs, if the Debian kernel builds them as modules.
# The aliases resolve to every implementation (e.g. crypto-aes: aes_generic and
# aesni_intel); "builtin" answers need nothing.
MODROOT=/lib/modules/$KVER
: >"$ROOT/etc/extcrypt-modules.order"
for alias in crypto-aes crypto-aes-generic crypto-ecb crypto-cbc crypto-xts crypto-cts \
	crypto-sha512 crypto-sha512-generic crypto-hmac; do
	if ! deps=$(modprobe -S "$KVER" --show-depends "$alias" 2>/dev/null); then
		log "note: $alias not found for $KVER (may be built in under another name)"
		continue
	fi
	while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		rel=${path#"$MODROOT"/}
		dst=$ROOT/lib/modules/$KVER/${rel%.xz}
		dst=${dst%.zst}; dst=${dst%.gz}
		if [ ! -f "$dst" ]; then
			mkdir -p "$(dirname "$dst")"
			case $path in
			*.xz) xz -dc "$path" >"$dst" ;;
			*.zst) zstd -qdc "$path" >"$dst" ;;
			*.gz) gzip -dc "$path" >"$dst" ;;
			*) cp "$path" "$dst" ;;
			esac
			echo "/lib/modules/$KVER/${dst#"$ROOT/lib/modules/$KVER/"}" >>"$ROOT/etc/extcrypt-modules.order"
		fi
	done <<<"$deps"
done
# A minimal modules dir so the kernel's request_module() can use busybox modprobe.
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "$MODROOT/$f" ] && cp "$MODROOT/$f" "$ROOT/lib/modules/$KVER/"
done
# The kernel's SM4 last, after the templates (xts, cts, ecb, cbc) it joins.
mkdir -p "$ROOT/lib/modules/$KVER/extra"
for m in sm4 sm4_generic; do
	cp "$SM4DIR/$m.ko" "$ROOT/lib/modules/$KVER/extra/$m.ko"
	echo "/lib/modules/$KVER/extra/$m.ko" >>"$ROOT/etc/extcrypt-modules.order"
done
depmod -b "$ROOT" "$KVER" 2>/dev/null || log "note: depmod on the initramfs failed (autoload off)"
log "initramfs modules: $(sed 's|.*/||' "$ROOT/etc/extcrypt-modules.order" | tr '\n' ' ')"

cat >"$ROOT/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo /sbin/modprobe >/proc/sys/kernel/modprobe 2>/dev/null
echo "EXTCRYPT-INIT: kernel $(uname -r), cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
while read -r m; do
	[ -n "$m" ] || continue
	if ! insmod "$m" 2>/tmp/err && ! grep -q 'File exists' /tmp/err; then
		echo "EXTCRYPT-INIT: note: insmod $m: $(cat /tmp/err)"
	fi
done </etc/extcrypt-modules.order
dmesg -n 1	# module output is read back with dmesg below, once
args=
grep -q 'extcrypt_inject_failure=1' /proc/cmdline && args=inject_failure=1
insmod /extcrypt_kat_test.ko $args
echo "EXTCRYPT-INIT: insmod rc=$?"
echo "EXTCRYPT-DMESG-BEGIN"
dmesg | grep -E 'extcrypt-kat:|extcrypt_kat_test|Lockdown'
echo "EXTCRYPT-DMESG-END"
poweroff -f
echo o >/proc/sysrq-trigger
EOF
chmod 755 "$ROOT/init"
(cd "$ROOT" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) >"$WORK/initramfs.cpio"

# ------------------------------------------------------------ 4. boot it
# KVM only when /dev/kvm exists, opens read-write, and qemu can create a VM
# on it (a nested or half-working /dev/kvm fails this probe in a second
# instead of hanging a whole boot until its timeout).
kvm_usable() {
	[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	echo quit | timeout -k 2 15 qemu-system-x86_64 -accel kvm -machine none \
		-nodefaults -no-user-config -display none -monitor stdio >/dev/null 2>&1
}
KVM_OK=0
if [ "$TRY_KVM" = 1 ]; then
	if kvm_usable; then KVM_OK=1; else log "KVM not usable here (no /dev/kvm, or qemu cannot open it): TCG"; fi
fi

boot() { # boot LOGFILE EXTRA_APPEND -> sets ACCEL
	local logf=$1 extra=$2 rc accel limit
	for accel in kvm tcg; do
		[ "$accel" = kvm ] && [ "$KVM_OK" = 0 ] && continue
		local a=(-accel tcg -cpu max)
		limit=$TIMEOUT
		# A KVM boot takes seconds; a nested /dev/kvm can open yet hang or abort.
		[ "$accel" = kvm ] && a=(-enable-kvm -cpu host) && limit=$((TIMEOUT < 60 ? TIMEOUT : 60))
		rm -f "$logf"
		rc=0
		# (subshell + trailing command: keeps bash's "Aborted" notices in the log)
		(
			timeout -k 10 "$limit" qemu-system-x86_64 "${a[@]}" -smp 1 -m 512 \
				-nodefaults -no-user-config -display none -monitor none \
				-serial "file:$logf" -no-reboot \
				-kernel "/boot/vmlinuz-$KVER" -initrd "$WORK/initramfs.cpio" \
				-append "console=ttyS0 panic=-1 quiet no_timer_check log_buf_len=4M $extra" </dev/null
			exit $?
		) >"$logf.qemu" 2>&1 || rc=$?
		ACCEL=$accel
		if [ "$accel" = kvm ] && ! grep -q 'EXTCRYPT-DMESG-END' "$logf" 2>/dev/null; then
			log "KVM boot did not work (rc=$rc: $(head -n1 "$logf.qemu" | cut -c1-120)); using TCG"
			KVM_OK=0
			continue
		fi
		[ "$rc" = 0 ] || log "qemu exit status $rc$([ "$rc" = 124 ] && echo " (timeout ${limit}s)")"
		return 0
	done
}

# ------------------------------------------------------------ 5. judge
# parse LOGFILE -> R_PASSED R_FAILED R_TOTAL R_COUNTS (empty if none)
parse() {
	local logf=$1 line
	# Up to the first RESULT line only: when init fails, busybox insmod retries
	# with init_module() after finit_module(), so the module runs twice.
	tr -d '\r' <"$logf" | sed -n '/EXTCRYPT-DMESG-BEGIN/,/EXTCRYPT-DMESG-END/p' |
		awk '{ print } / extcrypt-kat: RESULT / { exit }' >"$logf.kat"
	line=$(grep -a 'extcrypt-kat: RESULT ' "$logf.kat" | tail -n1 | sed 's/.*extcrypt-kat: RESULT //')
	R_PASSED='' R_FAILED='' R_TOTAL='' R_COUNTS=''
	[ -n "$line" ] || return 1
	local kv
	for kv in $line; do
		case $kv in
		passed=*) R_PASSED=${kv#*=} ;; failed=*) R_FAILED=${kv#*=} ;;
		total=*) R_TOTAL=${kv#*=} ;;
		*=*) R_COUNTS="$R_COUNTS${R_COUNTS:+ }$kv" ;;
		esac
	done
}

show_log() {
	local logf=$1
	if [ -s "$logf.kat" ]; then
		grep -a -v 'EXTCRYPT-DMESG' "$logf.kat" | sed 's/^\[ *[0-9.]*\] //; s/^/  | /'
	else
		echo "  (no module output; last lines of the serial log $logf:)"
		tail -n 25 "$logf" 2>/dev/null | tr -d '\r' | sed 's/^/  | /'
		[ -s "$logf.qemu" ] && sed 's/^/  qemu: /' "$logf.qemu"
	fi
}

STATUS=0
if [ "$SELF_TEST" = 1 ]; then
	LOG=$WORK/serial-selftest.log
	t=$(date +%s)
	boot "$LOG" extcrypt_inject_failure=1
	inject=0
	for n in "$EXP_HKDF" "$EXP_XTS" "$EXP_CTS" "$EXP_SM4XTS" "$EXP_SM4CTS"; do
		[ "$n" -gt 0 ] && inject=$((inject + 1))
	done
	if ! parse "$LOG"; then
		show_log "$LOG"
		die "self-test: no RESULT line in $LOG"
	fi
	show_log "$LOG"
	if [ "$R_FAILED" = "$inject" ] && [ "$R_PASSED" = $((EXP_TOTAL - inject)) ] &&
		grep -aq 'EXTCRYPT-INIT: insmod rc=[1-9]' "$LOG"; then
		log "self-test OK: $inject injected failures detected (passed=$R_PASSED failed=$R_FAILED, $ACCEL, $(( $(date +%s) - t ))s)"
	else
		log "self-test FAILED: expected passed=$((EXP_TOTAL - inject)) failed=$inject and a failing insmod, got passed=$R_PASSED failed=$R_FAILED"
		STATUS=1
	fi
fi

LOG=$WORK/serial.log
t=$(date +%s)
boot "$LOG" ""
if ! parse "$LOG"; then
	show_log "$LOG"
	die "no 'extcrypt-kat: RESULT' line in the serial log $LOG"
fi
show_log "$LOG"
BOOT_S=$(( $(date +%s) - t ))
if [ "$R_FAILED" != 0 ] || [ "$R_PASSED" != "$EXP_TOTAL" ] || [ "$R_TOTAL" != "$EXP_TOTAL" ] ||
	[ "$R_COUNTS" != "$EXP_COUNTS" ]; then
	log "FAIL: module says passed=$R_PASSED failed=$R_FAILED ($R_COUNTS); header has $EXP_TOTAL ($EXP_COUNTS)"
	STATUS=1
else
	log "PASS: all $EXP_TOTAL vectors ($EXP_COUNTS) checked by kernel $KVER crypto API ($ACCEL boot ${BOOT_S}s, total $(( $(date +%s) - T0 ))s)"
fi
NFAIL=$((EXP_TOTAL - R_PASSED)); [ "$NFAIL" -ge "$R_FAILED" ] || NFAIL=$R_FAILED
echo "kernel-kat: $R_PASSED passed, $NFAIL failed"
exit $STATUS
