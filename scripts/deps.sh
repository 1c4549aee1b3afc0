#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the build dependencies that are missing, on Debian 12 (as root,
# or through sudo).  Sourced by scripts/bench.sh and scripts/test.sh; usage:
#   scripts/deps.sh [PACKAGE...]   (default: the library's build set)
set -eu

packages=${*:-"build-essential cmake pkg-config libssl-dev libsodium-dev check libext2fs-dev comerr-dev e2fsprogs xz-utils"}
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
	echo "deps: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
