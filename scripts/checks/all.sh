#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs every check of scripts/checks/ in turn and prints each one's time
# and result, then one summary line.  Exit status 0 if all passed.
#
#   scripts/checks/all.sh [CHECK...]   (default: abi tsan ctgrind memcheck fuzz-ci)
#
# EXTCRYPT_CHECKS_SKIP="fuzz-ci ..." leaves checks out.  Each check can
# also be run alone: scripts/checks/<name>.sh.
set -uo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
checks=${*:-abi tsan ctgrind memcheck fuzz-ci}
declare -A script=([abi]=abi.sh [tsan]=tsan.sh [ctgrind]=ctgrind.sh
	[memcheck]=valgrind-memcheck.sh [fuzz-ci]=fuzz-ci.sh)
summary="" failed=0 start=$(date +%s)
for c in $checks; do
	[[ " ${EXTCRYPT_CHECKS_SKIP:-} " == *" $c "* ]] && continue
	[ -n "${script[$c]:-}" ] || { echo "no check '$c'" >&2; exit 2; }
	t0=$(date +%s)
	"$dir/${script[$c]}"
	rc=$?
	secs=$(($(date +%s) - t0))
	if [ $rc -eq 0 ]; then r=PASS; else r="FAIL($rc)"; failed=$((failed + 1)); fi
	summary="$summary$(printf '  %-9s %-8s %4ss' "$c" "$r" "$secs")"$'\n'
done
echo
echo "checks: per stage"
printf '%s' "$summary"
echo "checks: $failed failed, $(($(date +%s) - start))s in all"
[ $failed -eq 0 ]
