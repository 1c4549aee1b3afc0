#!/bin/sh
# SPDX-License-Identifier: MIT
# ABI hygiene: the shared library exports exactly the symbols of the
# version script, each under a version node, and every global symbol of
# the static archive starts with extcrypt_ (so a static link cannot clash).
# Usage: check_symbols.sh LIBEXTCRYPT.so LIBEXTCRYPT.a libextcrypt.map [SONAME]
set -eu
so=$1 ar=$2 map=$3 want_soname=${4:-libextcrypt.so.1}
NM=${NM:-nm}
fail=0

expected=$(grep -Eo '^[[:space:]]+extcrypt_[a-z0-9_]+;' "$map" | tr -d ' \t;' | sort)
exported=$($NM -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort)
unversioned=$(printf '%s\n' "$exported" | grep -v '@@EXTCRYPT_' || true)
if [ -n "$unversioned" ]; then
	echo "FAIL: exported without a version node:"; echo "$unversioned"; fail=1
fi
names=$(printf '%s\n' "$exported" | grep '@@EXTCRYPT_' | sed 's/@@.*//' | sort)
if [ "$names" != "$expected" ]; then
	echo "FAIL: exports differ from $map:"
	printf '%s\n' "$names" > /tmp/extcrypt_abi_got.$$
	printf '%s\n' "$expected" > /tmp/extcrypt_abi_want.$$
	diff /tmp/extcrypt_abi_want.$$ /tmp/extcrypt_abi_got.$$ || true
	rm -f /tmp/extcrypt_abi_got.$$ /tmp/extcrypt_abi_want.$$
	fail=1
fi
soname=$(${OBJDUMP:-objdump} -p "$so" | awk '/SONAME/ {print $2}')
if [ "$soname" != "$want_soname" ]; then
	echo "FAIL: SONAME is '$soname', want $want_soname"; fail=1
fi
# (__odr_asan.* are AddressSanitizer's instrumentation symbols.)
bad=$($NM -g --defined-only "$ar" 2>/dev/null | awk 'NF == 3 {print $3}' |
	grep -v -e '^extcrypt_' -e '^__odr_asan\.extcrypt_' || true)
if [ -n "$bad" ]; then
	echo "FAIL: static archive defines globals without the extcrypt_ prefix:"; echo "$bad"; fail=1
fi
[ $fail -eq 0 ] && echo "abi: $(printf '%s\n' "$names" | wc -l) versioned exports, SONAME $soname, archive prefix clean"
exit $fail
