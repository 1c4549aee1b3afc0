#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages that are missing (as root, or through
# sudo).  Called by scripts/bench.sh and scripts/test.sh; usage:
#   scripts/deps.sh [PACKAGE...]   (default: the library's build set)
# Exit status 0 when everything is installed afterwards.  Without root and
# without sudo it prints the exact apt-get line to run and exits 1; when a
# download fails it names the package that could not be fetched.
set -eu

packages=${*:-"build-essential cmake pkg-config libssl-dev libsodium-dev libxxhash-dev libext2fs-dev comerr-dev e2fsprogs xz-utils"}
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: not root and no sudo; ask an administrator to run:" >&2
	echo "    apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
command -v apt-get >/dev/null 2>&1 || {
	echo "deps: no apt-get (not Debian?); install by hand:$missing" >&2
	exit 1
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
echo "deps: installing$missing"
if ! $sudo apt-get update -q >"$log" 2>&1; then
	grep -E '^(E|W|Err):' "$log" | head -5 >&2
	echo "deps: apt-get update failed (no network or no reachable mirror?)" >&2
	exit 1
fi
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -q -o Dpkg::Use-Pty=0 --no-install-recommends \
	$missing >"$log" 2>&1; then
	# Name what could not be had: a package apt does not know, or a
	# download that failed (the .deb's file name starts with the package).
	if grep -qE "^E: Unable to locate package|Failed to fetch" "$log"; then
		grep -E "^E: Unable to locate package" "$log" | sort -u >&2 || true
		grep -Eo "Failed to fetch [^ ]+" "$log" |
			sed -E 's|.*/([^/_]+)_[^/]*$|deps: could not fetch package \1 (no network?)|' | sort -u >&2 || true
	else
		grep -E '^E:' "$log" | head -5 >&2
	fi
	echo "deps: apt-get install failed for:$missing" >&2
	exit 1
fi
