#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Issue 11, item 7: the master key from a file or standard input
# (--key-file) everywhere a command takes one, with the same results as
# the key on the command line; and `extcrypt crypt` refusing to wrap the
# data-unit index past 2^64 - 1 (tweak reuse) with the library's message.
#
# Usage: key_file.sh EXTCRYPT
set -u
X=$1
. "$(dirname "$0")/lib.sh"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
hex2bin "$MK" > "$TMP/mk"
hex2bin "${MK:0:30}" > "$TMP/short"   # 15 bytes
hex2bin "${MK}00" > "$TMP/long"       # 65 bytes
head -c 8192 /dev/urandom > "$TMP/data"

# ---- --help names the option -------------------------------------------------
for cmd in crypt keyid context; do
	run_cmd "$X" $cmd --help
	expect_out_has "$cmd --help" "--key-file"
done

# ---- crypt -------------------------------------------------------------------
for kdf in none HKDF-SHA512; do
	want=$("$X" crypt --kdf=$kdf --file-nonce=$N AES-256-XTS "$MK" < "$TMP/data" | bin2hex)
	got=$("$X" crypt --kdf=$kdf --file-nonce=$N --key-file="$TMP/mk" AES-256-XTS < "$TMP/data" | bin2hex)
	expect_eq "crypt --key-file (kdf $kdf)" "$got" "$want"
done
got=$("$X" crypt --kdf=HKDF-SHA512 --file-nonce=$N --key-file=/dev/fd/3 AES-256-XTS 3< "$TMP/mk" < "$TMP/data" | bin2hex)
expect_eq "crypt --key-file=/dev/fd/3" "$got" "$want"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --dump-key-identifier --key-file=- < "$TMP/mk"
expect_rc "crypt --dump-key-identifier --key-file=-" 0
expect_eq "crypt --dump-key-identifier --key-file=-" "$OUT" "$ID"
run_cmd "$X" crypt --key-file=- AES-256-XTS < "$TMP/data"
expect_rc "crypt --key-file=- (stdin is the data)" 2 "standard input is the data"
run_cmd "$X" crypt --key-file="$TMP/mk" AES-256-XTS "$MK" < "$TMP/data"
expect_rc "crypt --key-file and MASTER_KEY" 2
run_cmd "$X" crypt --key-file="$TMP/short" AES-256-XTS < "$TMP/data"
expect_rc "crypt, 15-byte key file" 1 "16 to 64 raw key bytes"
run_cmd "$X" crypt --key-file="$TMP/long" AES-256-XTS < "$TMP/data"
expect_rc "crypt, 65-byte key file" 1 "16 to 64 raw key bytes"
run_cmd "$X" crypt --key-file="$TMP/none" AES-256-XTS < "$TMP/data"
expect_rc "crypt, missing key file" 1 "cannot open key file"

# ---- keyid -------------------------------------------------------------------
run_cmd "$X" keyid --key-file="$TMP/mk"
expect_rc "keyid --key-file" 0
expect_eq "keyid --key-file" "$OUT" "$ID"
run_cmd "$X" keyid --key-file=- < "$TMP/mk"
expect_eq "keyid --key-file=-" "$OUT" "$ID"
run_cmd "$X" keyid --key-file="$TMP/mk" "$MK"
expect_rc "keyid --key-file and HEXKEY" 2
run_cmd "$X" keyid --key-file="$TMP/long"
expect_rc "keyid, 65-byte key file" 1 "16 to 64 raw key bytes"

# ---- context new -------------------------------------------------------------
want=$("$X" context new --policy=$POL --master-key=$MK --nonce=$N)
got=$("$X" context new --policy=$POL --key-file="$TMP/mk" --nonce=$N)
expect_eq "context new --inode --key-file" "$got" "$want"
C=$want
want=$("$X" context new --extent --master-key=$MK --inode-context=$C --nonce=$N)
got=$("$X" context new --extent --key-file=- --inode-context=$C --nonce=$N < "$TMP/mk")
expect_eq "context new --extent --key-file=-" "$got" "$want"
run_cmd "$X" context new --extent --master-key=$MK --key-file="$TMP/mk" --inode-context=$C
expect_rc "context: --master-key and --key-file" 2 "exclusive"

# ---- crypt: no index wrap ----------------------------------------------------
# The last index, one unit: fine.
head -c 4096 "$TMP/data" > "$TMP/one"
run_cmd "$X" crypt --data-unit-index=18446744073709551615 AES-256-XTS "$MK" < "$TMP/one"
expect_rc "crypt, one unit at index 2^64 - 1" 0
# Two units from there would reuse index 0's tweak: refused, nothing of
# the second unit written.
for iv in "" --direct-key; do
	run_cmd "$X" crypt $iv --file-nonce=$N --data-unit-index=18446744073709551615 AES-256-XTS "$MK" < "$TMP/data"
	expect_rc "crypt $iv, two units from index 2^64 - 1" 1 "data-unit index out of range: data-unit index passes 2^64 - 1"
done
run_cmd "$X" crypt --data-unit-index=18446744073709551614 AES-256-XTS "$MK" < "$TMP/data"
expect_rc "crypt, two units ending at index 2^64 - 1" 0

finish
