#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Proves the README on an empty Debian 12: makes a minimal bookworm root
# filesystem with debootstrap, copies a clean `git archive` of HEAD into
# it, and inside a chroot runs the README's "Two commands" exactly as the
# README prints them, in the README's order.  Passes only if every one of
# them succeeds.
#
# Usage: scripts/test-fresh.sh        (as root; installs debootstrap)
# Environment:
#   EXTCRYPT_BUILD_ROOT  work folder parent (default <repo>/build); the
#                        root filesystem goes to $EXTCRYPT_BUILD_ROOT/fresh,
#                        the cached bookworm tarball to
#                        $EXTCRYPT_BUILD_ROOT/fresh-cache (kept between runs,
#                        so a re-run downloads nothing for the base system)
#   FRESH_MIRROR         Debian mirror (default: the machine's own apt source)
#   FRESH_KEEP=1         leave the root filesystem in place afterwards
# Ends with "fresh-root: N passed, M failed" (one per README command).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${EXTCRYPT_BUILD_ROOT:-$repo/build}
work=$build/fresh
cache=$build/fresh-cache
target=$work/root
t0=$SECONDS

say() { printf 'test-fresh: %s\n' "$*"; }
die() { printf 'test-fresh: error: %s\n' "$*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot, mounts)"
"$repo/scripts/deps.sh" debootstrap git || die "cannot install debootstrap"
command -v git >/dev/null && git -C "$repo" rev-parse HEAD >/dev/null 2>&1 ||
	die "$repo is not a git checkout (the test copies git archive HEAD)"

# The machine's own Debian mirror: deb822 sources first, then sources.list.
host_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { u = $2 } /^Suites:/ && / bookworm( |$)/ && u { print u; exit }' "$f"
	done | head -n1 | grep . && return
	grep -hE '^deb +(\[[^]]*\] +)?[a-z]+://[^ ]+ +bookworm +' /etc/apt/sources.list 2>/dev/null |
		sed -E 's/^deb +(\[[^]]*\] +)?([^ ]+).*/\2/' | head -n1
}
mirror=${FRESH_MIRROR:-$(host_mirror || true)}
mirror=${mirror:-http://deb.debian.org/debian}

# ---- mounts, unmounted on every exit path --------------------------------------
mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
	done
	mounted=()
	if [ "${FRESH_KEEP:-0}" != 1 ] && [ -d "$target" ]; then
		# Only after every mount is gone: never delete through a bind mount.
		if ! grep -q " $target/" /proc/mounts; then rm -rf "$target"; fi
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount_in() { # fstype-or-bind source dir
	mkdir -p "$3"
	if [ "$1" = bind ]; then mount --bind "$2" "$3"; else mount -t "$1" "$2" "$3"; fi
	mounted+=("$3")
}

# ---- the base system: debootstrap once, then a cached tarball ------------------
tarball=$cache/bookworm-minbase.tar.gz
if grep -q " $target/" /proc/mounts; then die "something is still mounted under $target"; fi
rm -rf "$target"
mkdir -p "$cache" "$target"
if [ ! -s "$tarball" ]; then
	say "debootstrap --variant=minbase bookworm from $mirror (once; cached in $cache)"
	tmp=$cache/debootstrap.tmp
	rm -rf "$tmp"
	if ! debootstrap --variant=minbase bookworm "$tmp" "$mirror" >"$cache/debootstrap.log" 2>&1; then
		tail -n 20 "$cache/debootstrap.log"
		die "debootstrap failed (log: $cache/debootstrap.log)"
	fi
	tar -C "$tmp" -czf "$tarball.part" . && mv "$tarball.part" "$tarball"
	rm -rf "$tmp"
fi
say "unpacking a fresh bookworm root from $tarball"
tar -C "$target" -xzf "$tarball"

# Network settings of this machine (name resolution, apt sources and its
# Acquire options), as a new machine on this network would have them.
cp /etc/resolv.conf "$target/etc/resolv.conf" 2>/dev/null || true
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
	cp /etc/apt/sources.list.d/*.sources "$target/etc/apt/sources.list.d/"
	: >"$target/etc/apt/sources.list"
fi
for f in /etc/apt/apt.conf.d/*; do
	grep -qsE '^(Acquire|acquire)::' "$f" && cp "$f" "$target/etc/apt/apt.conf.d/"
done

# ---- the project: a clean archive of HEAD --------------------------------------
mkdir -p "$target/src"
git -C "$repo" archive --format=tar HEAD | tar -C "$target/src" -xf -
say "copied $(git -C "$repo" rev-parse --short HEAD) into $target/src"

mount_in proc proc "$target/proc"
mount_in sysfs sysfs "$target/sys"
mount_in bind /dev "$target/dev"
mount_in bind /dev/pts "$target/dev/pts"

# ---- the README's commands, exactly as printed, in order -----------------------
mapfile -t commands < <(awk '/^## / { f = ($0 ~ /^## Two commands/) } f' "$target/src/README.md" |
	grep -E '^    \./' | sed 's/^    //')
[ ${#commands[@]} -ge 2 ] || die "README.md has no indented ./ commands under '## Two commands'"

passed=0 failed=0
for cmd in "${commands[@]}"; do
	say "running in the fresh root: $cmd"
	t=$SECONDS
	if env -i HOME=/root TERM=dumb LANG=C.UTF-8 CI=true \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		chroot "$target" /bin/bash -c "cd /src && $cmd" </dev/null; then
		passed=$((passed + 1))
		say "'$cmd' passed ($((SECONDS - t)) s)"
	else
		failed=$((failed + 1))
		say "'$cmd' FAILED ($((SECONDS - t)) s)"
	fi
done
say "total $((SECONDS - t0)) s"
echo "fresh-root: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
