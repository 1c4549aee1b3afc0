#!/bin/bash
# SPDX-License-Identifier: MIT
# ABI check: builds libextcrypt.so.1 (Release, with debug info for the
# types) and compares it with the committed baseline tests/abi/libextcrypt.so.1.abi
# (abidw, abigail-tools).  A removed or changed function, variable or
# public type fails; added ones are reported and pass.  Then the symbol
# checks: every EXTCRYPT_API declaration is in src/libextcrypt.map and
# exported, and nothing else is (tests/abi/check_api.sh, check_symbols.sh).
#
#   scripts/checks/abi.sh            check against the baseline
#   scripts/checks/abi.sh --update   rewrite the baseline from this tree
#
# Refresh the baseline only on purpose: when API is added (new version
# node) or before the first release tag; commit it with the header change
# and say why in the commit message.  Build folder: $EXTCRYPT_BUILD_ROOT/abi.
# shellcheck source=scripts/checks/lib.sh
source "$(dirname "$0")/lib.sh"
check_begin abi
update=0
[ "${1:-}" = --update ] && update=1
baseline=$repo/tests/abi/libextcrypt.so.1.abi
check_need abigail-tools binutils perl

# Paths in the debug info are made relative to the repo, so the baseline
# is the same from any checkout.
check_targets="extcrypt extcrypt_static"
check_build -DCMAKE_BUILD_TYPE=Release -DEXTCRYPT_WERROR=ON \
	-DCMAKE_C_FLAGS="-g -ffile-prefix-map=$repo/=" \
	-DEXTCRYPT_BUILD_TESTS=OFF -DEXTCRYPT_BUILD_BENCH=OFF -DEXTCRYPT_BUILD_TOOLS=OFF
so=$builddir/libextcrypt.so.1
dump() {
	abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
		--out-file "$1" "$so"
}

status=0
if [ $update = 1 ]; then
	dump "$baseline" || check_end 1
	echo "abi: baseline written to ${baseline#"$repo"/}; review 'git diff' and commit it"
else
	[ -f "$baseline" ] || { echo "abi: no baseline $baseline (run $0 --update)"; check_end 1; }
	report=$builddir/abidiff.txt
	# Not --headers-dir: it would filter out removed functions (their
	# location is the .c file of their definition).  The default
	# suppressions are left out for the same reason.
	abidiff --no-default-suppression --suppressions "$repo/tests/abi/abidiff.suppr" \
		--added-fns --added-vars "$baseline" "$so" >"$report" 2>&1
	rc=$?
	cat "$report"
	# abidiff's status is a bit set: 1 error, 2 usage, 4 ABI change, 8
	# incompatible change.  Additions are changes (4) too, so a change
	# fails only when the summary counts something removed or changed.
	# abidiff files the removal of a function whose symbol is merely made
	# local among the "filtered out" ones: those count as removed here.
	if [ $((rc & 3)) -ne 0 ]; then
		echo "abi: abidiff failed (status $rc)"; status=1
	elif [ $((rc & 8)) -ne 0 ] ||
	     grep -Eq '(^|[^0-9(])[1-9][0-9]* (Removed|Changed)' "$report" ||
	     grep -Eq 'Removed \([1-9][0-9]* filtered out\)' "$report"; then
		echo "abi: FAIL: the ABI of libextcrypt.so.1 lost or changed something (see above)."
		echo "     If that is intended (before the first release only), run $0 --update"
		status=1
	elif [ $((rc & 4)) -ne 0 ]; then
		echo "abi: additions only (reported above); compatible"
	else
		echo "abi: identical to the baseline"
	fi
fi

"$repo/tests/abi/check_symbols.sh" "$so" "$builddir/libextcrypt.a" \
	"$repo/src/libextcrypt.map" || status=1
"$repo/tests/abi/check_api.sh" "$repo/include/extcrypt" \
	"$repo/src/libextcrypt.map" "$so" || status=1
check_end $status
