#!/bin/bash
# SPDX-License-Identifier: MIT
# ABI check: builds libextcrypt.so.1 and libextcrypt-ext4.so.1 (Release,
# with debug info for the types) and compares each with its committed
# baseline tests/abi/<soname>.abi
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
# The ext4 component too, when libext2fs is there to build it.
ext4=OFF
if pkg-config --exists ext2fs com_err 2>/dev/null; then
	ext4=ON check_targets="$check_targets extcrypt-ext4"
fi
check_build -DCMAKE_BUILD_TYPE=Release -DEXTCRYPT_WERROR=ON -DEXTCRYPT_BUILD_EXT4=$ext4 \
	-DCMAKE_C_FLAGS="-g -ffile-prefix-map=$repo/=" \
	-DEXTCRYPT_BUILD_TESTS=OFF -DEXTCRYPT_BUILD_BENCH=OFF -DEXTCRYPT_BUILD_TOOLS=OFF
so=$builddir/libextcrypt.so.1
ext4_so=$builddir/src/ext4/libextcrypt-ext4.so.1

# compare SO BASELINE: abidiff of the built library against its baseline
# (or, with --update, rewrite the baseline).
status=0
compare() {
	local lib=$1 base=$2 name report rc
	name=$(basename "$lib")
	if [ $update = 1 ]; then
		abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
			--out-file "$base" "$lib" || check_end 1
		echo "abi: baseline written to ${base#"$repo"/}; review 'git diff' and commit it"
		return
	fi
	[ -f "$base" ] || { echo "abi: no baseline $base (run $0 --update)"; status=1; return; }
	report=$builddir/abidiff-$name.txt
	# Not --headers-dir: it would filter out removed functions (their
	# location is the .c file of their definition).  The default
	# suppressions are left out for the same reason.
	rc=0
	abidiff --no-default-suppression --suppressions "$repo/tests/abi/abidiff.suppr" \
		--added-fns --added-vars "$base" "$lib" >"$report" 2>&1 || rc=$?
	cat "$report"
	# abidiff's status is a bit set: 1 error, 2 usage, 4 ABI change, 8
	# incompatible change.  Additions are changes (4) too, so a change
	# fails only when the summary counts something removed or changed.
	# abidiff files the removal of a function whose symbol is merely made
	# local among the "filtered out" ones: those count as removed here.
	if [ $((rc & 3)) -ne 0 ]; then
		echo "abi: $name: abidiff failed (status $rc)"; status=1
	elif [ $((rc & 8)) -ne 0 ] ||
	     grep -Eq '(^|[^0-9(])[1-9][0-9]* (Removed|Changed)' "$report" ||
	     grep -Eq 'Removed \([1-9][0-9]* filtered out\)' "$report"; then
		echo "abi: FAIL: the ABI of $name lost or changed something (see above)."
		echo "     If that is intended (before the first release only), run $0 --update"
		status=1
	elif [ $((rc & 4)) -ne 0 ]; then
		echo "abi: $name: additions only (reported above); compatible"
	else
		echo "abi: $name: identical to the baseline"
	fi
}

compare "$so" "$baseline"
# libextcrypt-ext4 has the same promise when it is built (libext2fs found).
if [ -f "$ext4_so" ]; then
	compare "$ext4_so" "$repo/tests/abi/libextcrypt-ext4.so.1.abi"
else
	echo "abi: libextcrypt-ext4 not built (no libext2fs): its check skipped"
fi

"$repo/tests/abi/check_symbols.sh" "$so" "$builddir/libextcrypt.a" \
	"$repo/src/libextcrypt.map" || status=1
"$repo/tests/abi/check_api.sh" "$repo/include/extcrypt" \
	"$repo/src/libextcrypt.map" "$so" || status=1
check_end $status
