#!/bin/sh
# SPDX-License-Identifier: MIT
# The public API, the version script and the exports agree: every function
# declared EXTCRYPT_API in the public headers is listed in the version
# script and exported by the shared library, and the version script lists
# nothing else (check_symbols.sh checks that the exports are exactly the
# version script's names).
# Usage: check_api.sh INCLUDE-DIR libextcrypt.map LIBEXTCRYPT.so
set -eu
inc=$1 map=$2 so=$3
NM=${NM:-nm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Declarations may break the line after the return type, so read each
# header as one string; comments are dropped first (they name functions).
for h in "$inc"/*.h; do
	perl -0777 -ne 's{/\*.*?\*/}{}gs; s{//[^\n]*}{}g; s{^[ \t]*#[^\n]*}{}mg;
		print "$1\n" while /\bEXTCRYPT_API\b[^;(]*?\b(\w+)\s*\(/g' "$h"
done | sort -u >"$tmp/declared"
grep -Eo '^[[:space:]]+extcrypt_[a-z0-9_]+;' "$map" | tr -d ' \t;' | sort -u >"$tmp/listed"
$NM -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' |
	sed 's/@.*//' | sort -u >"$tmp/exported"

fail=0
if ! diff -u "$tmp/declared" "$tmp/listed" >"$tmp/d1"; then
	echo "FAIL: EXTCRYPT_API declarations (-) and $map (+) differ:"
	tail -n +3 "$tmp/d1" | grep '^[-+]'
	fail=1
fi
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/d2"; then
	echo "FAIL: EXTCRYPT_API declarations (-) and the exports of $so (+) differ:"
	tail -n +3 "$tmp/d2" | grep '^[-+]'
	fail=1
fi
[ $fail -eq 0 ] && echo "api: $(wc -l <"$tmp/declared") EXTCRYPT_API functions, all in the version script and exported, nothing else"
exit $fail
