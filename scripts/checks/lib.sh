# SPDX-License-Identifier: MIT
# Shared by the scripts of scripts/checks/ (sourced, not run).  Each check
# calls check_begin NAME, check_need PACKAGE..., check_build [CMAKE-ARG...]
# and ends with check_end STATUS, which prints the time taken and the
# result line "NAME: PASS|FAIL (Ns)" and exits with STATUS.
# shellcheck shell=bash
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
root=${EXTCRYPT_BUILD_ROOT:-$repo/build}
jobs=${EXTCRYPT_JOBS:-$(nproc)}
check_name=""
check_start=0

check_begin() {
	check_name=$1
	check_start=$(date +%s)
	builddir=$root/$check_name
	echo "==== check $check_name ===="
}

# Installs the Debian packages that are missing, when root; otherwise
# prints the line that would install them and exits 2.
check_need() {
	local p missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "$check_name: missing packages; run as root:" >&2
		echo "  apt-get install -y --no-install-recommends$missing" >&2
		exit 2
	fi
	echo "$check_name: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq \
			--no-install-recommends $missing >/dev/null; } ||
		{ echo "$check_name: could not install$missing" >&2; exit 2; }
}

# Configures $builddir with the given CMake arguments (a build folder of
# its own, so earlier runs of other checks do not matter) and builds the
# targets named in $check_targets (all when empty).  Log: $builddir.log.
check_build() {
	local log=$builddir.log t targs=""
	mkdir -p "$root"
	for t in ${check_targets:-}; do targs="$targs --target $t"; done
	# shellcheck disable=SC2086
	if ! { cmake -S "$repo" -B "$builddir" "$@" &&
	       cmake --build "$builddir" -j "$jobs" $targs; } >"$log" 2>&1; then
		tail -n 40 "$log"
		echo "$check_name: build failed (log: $log)"
		check_end 1
	fi
	echo "$check_name: built in $builddir ($(($(date +%s) - check_start))s so far)"
}

check_end() {
	local status=$1 secs=$(($(date +%s) - check_start))
	if [ "$status" -eq 0 ]; then
		echo "$check_name: PASS (${secs}s)"
	else
		echo "$check_name: FAIL (${secs}s)"
	fi
	exit "$status"
}
