#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `extcrypt keyid`, `extcrypt context new`, and the top-level command:
# values of docs/spec.md Appendix A, exit statuses, --help everywhere.
#
# Usage: keyid_context.sh EXTCRYPT
set -u
X=$1
. "$(dirname "$0")/lib.sh"

RAW=$(mktemp)
trap 'rm -f "$RAW"' EXIT

# ---- the command -------------------------------------------------------------
run_cmd "$X" --version
expect_rc "--version" 0
expect_out_has "--version" "extcrypt 1."
run_cmd "$X" --help
expect_rc "--help" 0
TOP_HELP=$OUT
for cmd in crypt inspect keyid context kat; do
	OUT=$TOP_HELP
	expect_out_has "--help lists $cmd" "  $cmd "
	run_cmd "$X" $cmd --help
	expect_rc "$cmd --help" 0
	expect_out_has "$cmd --help" "Usage: extcrypt $cmd"
done
run_cmd "$X"
expect_rc "no command" 2 "no command"
run_cmd "$X" frobnicate
expect_rc "unknown command" 2 "unknown command"

# ---- keyid -------------------------------------------------------------------
run_cmd "$X" keyid $MK
expect_rc "keyid" 0
expect_eq "keyid of 01..40" "$OUT" $ID
run_cmd sh -c "echo $MK | \"$X\" keyid -"
expect_eq "keyid, hex on stdin" "$OUT" $ID
hex2bin $MK > "$RAW"
run_cmd sh -c "\"$X\" keyid --binary - < \"$RAW\""
expect_eq "keyid, raw key on stdin" "$OUT" $ID
# fscrypt-v2.txt pub-096: a hardware-wrapped key's identifier (context 8
# over the software secret).
run_cmd "$X" keyid --hw-wrapped 526c318322d95a10be0318f2f774f10c0354248ab880ce9ebb58c92f0309a21d
expect_eq "keyid --hw-wrapped" "$OUT" bd7d16ea87609e3e1a9849622d679a4c
run_cmd "$X" keyid ${MK:0:30}
expect_rc "15-byte key" 1 "16..64"
run_cmd "$X" keyid ${MK}00
expect_rc "65-byte key" 1 "16..64"
run_cmd "$X" keyid
expect_rc "keyid without key" 2
run_cmd "$X" keyid --hw-wrapped $MK
expect_rc "--hw-wrapped with 64 bytes" 1 "32-byte"

# ---- context new --inode -------------------------------------------------------
run_cmd "$X" context new --policy=$POL --nonce=$N
expect_rc "inode context" 0
expect_eq "inode context (docs/spec.md A.3)" "$OUT" $POL$N
run_cmd "$X" context new --inode --policy=$POL --master-key=$MK --nonce=$N
expect_eq "inode context with the master key" "$OUT" $POL$N
run_cmd "$X" context new --policy=$POL --master-key=${MK:0:64}
expect_rc "another master key" 1 "identifier"
a=$("$X" context new --policy=$POL)
b=$("$X" context new --policy=$POL)
expect_eq "random nonce: policy part" "${a:0:48}" $POL
[ "$a" != "$b" ] && pass || fail "two new inode contexts have the same nonce"
run_cmd "$X" context new --policy=000104030102030405060708
expect_rc "v1 policy" 1 "v2"
run_cmd "$X" context new --policy=0201040400000000$ID
expect_rc "invalid policy" 1 "DIRECT_KEY"
run_cmd "$X" context new
expect_rc "no --policy" 2 "--policy"
run_cmd "$X" context --policy=$POL
expect_rc "no action" 2 "new"
run_cmd "$X" context new --policy=$POL --nonce=0011
expect_rc "short nonce" 1 "nonce"

# ---- context new --extent --------------------------------------------------------
ICTX=$POL$N
for p in "rfc-2023-09 01$N" "v1-2023-09 0100$ID$N" "v2-2023-10 0100$ID$N" \
	 "v5-2024-01 0101$ID$N" "v6-2026-02 0101$ID$N" "default 0101$ID$N"; do
	set -- $p
	run_cmd "$X" context new --extent --profile=$1 --master-key=$MK --inode-context=$ICTX --nonce=$N
	expect_rc "extent context $1" 0
	expect_eq "extent context $1 (docs/spec.md A.3)" "$OUT" "$2"
done
run_cmd "$X" context new --extent --master-key=$MK --inode-context=$ICTX
expect_rc "extent context, random nonce" 0
expect_eq "extent context, random nonce: fixed part" "${OUT:0:36}" 0101$ID
run_cmd "$X" context new --extent --master-key=$MK --inode-context=$ICTX --policy=$POL --nonce=$N
expect_eq "extent context with a matching --policy" "$OUT" 0101$ID$N
run_cmd "$X" context new --extent --master-key=$MK --inode-context=$ICTX --policy=0201040300000000$ID
expect_rc "extent context with another --policy" 1 "differs"
run_cmd "$X" context new --extent --master-key=$MK --inode-context=0201040800000000$ID$N
expect_rc "extent of an IV_INO_LBLK_64 inode" 1 "extent encryption"
run_cmd "$X" context new --extent --master-key=$MK
expect_rc "extent without inode context" 2 "--inode-context"
run_cmd "$X" context new --extent --profile=v4 --master-key=$MK --inode-context=$ICTX
expect_rc "unknown profile" 2 "unknown extent profile"
finish
