#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The vector files committed under tests/vectors/ are exactly what
# `extcrypt kat` generates with the default seed; the generator is
# deterministic and the seed matters.
#
# Usage: kat_regenerate.sh EXTCRYPT VECTOR_DIR
set -u
X=$1
VEC=$2
. "$(dirname "$0")/lib.sh"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for spec in text:extcrypt-kat.txt json:extcrypt-kat.json kernel-header:extcrypt_testvecs.h; do
	fmt=${spec%%:*}
	file=${spec#*:}
	run_cmd "$X" kat --format=$fmt -o "$TMP/$file"
	expect_rc "kat --format=$fmt" 0
	if [ ! -f "$VEC/$file" ]; then
		fail "$VEC/$file is missing: run 'extcrypt kat --format=$fmt -o $VEC/$file'"
	elif cmp -s "$TMP/$file" "$VEC/$file"; then
		pass
	else
		fail "$VEC/$file differs from 'extcrypt kat --format=$fmt' (regenerate it and review the change):"
		diff "$VEC/$file" "$TMP/$file" | head -n 8 | cut -c 1-160 >&2
	fi
done
expect_eq "text on stdout equals -o" "$("$X" kat | md5sum)" "$(md5sum < "$TMP/extcrypt-kat.txt")"
expect_eq "deterministic" "$("$X" kat --format=json | md5sum)" "$(md5sum < "$TMP/extcrypt-kat.json")"
run_cmd "$X" kat --seed=another-seed -o "$TMP/other.txt"
expect_rc "kat --seed" 0
grep -q 'seed="another-seed"' "$TMP/other.txt" && pass || fail "seed not recorded"
cmp -s "$TMP/other.txt" "$TMP/extcrypt-kat.txt" && fail "the seed does not change the vectors" || pass
# Cases with docs/spec.md inputs do not depend on the seed.
expect_eq "seed-independent spec case" \
	"$(grep -A8 '^case=extent-spec-v6-2026-02$' "$TMP/other.txt" | md5sum)" \
	"$(grep -A8 '^case=extent-spec-v6-2026-02$' "$TMP/extcrypt-kat.txt" | md5sum)"
run_cmd "$X" kat --format=xml
expect_rc "unknown format" 2 "unknown format"
run_cmd "$X" kat extra
expect_rc "extra argument" 2
finish
