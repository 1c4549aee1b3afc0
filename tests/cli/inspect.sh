#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `extcrypt inspect` on good and bad policies, inode contexts and extent
# contexts: exit statuses and the key phrases of the report.
#
# Usage: inspect.sh EXTCRYPT
set -u
X=$1
. "$(dirname "$0")/lib.sh"

ICTX=$POL$N

# inspect_ok WHAT HEX PHRASE...: exit 0 and every phrase in the report.
inspect_ok() {
	local what=$1 input=$2 p
	shift 2
	run_cmd "$X" inspect "$input"
	expect_rc "$what" 0
	for p in "$@"; do expect_out_has "$what" "$p"; done
}

# inspect_bad WHAT HEX STATUS PHRASE [OPTION...]: exit 1, the status in
# the report and the phrase on stderr.
inspect_bad() {
	local what=$1 input=$2 status=$3 phrase=$4
	shift 4
	run_cmd "$X" inspect "$@" "$input"
	expect_rc "$what" 1 "$phrase"
	expect_out_has "$what" "status: $status"
	expect_out_has "$what" "valid: no"
}

# ---- policies ------------------------------------------------------------------
inspect_ok "v2 policy" $POL "type: policy_v2" "1 (AES-256-XTS)" "4 (AES-256-CTS-CBC)" \
	"PAD_16" "master_key_identifier: $ID" "usable_with_extent_encryption: yes" "valid: yes"
inspect_ok "v2 policy, 4096-byte units" 020104000c000000$ID "12 (4096-byte data units)"
inspect_ok "IV_INO_LBLK_64 with HCTR2 filenames is valid" 02010a0800000000$ID \
	"PAD_4|IV_INO_LBLK_64" "10 (AES-256-HCTR2)" "usable_with_extent_encryption: no" "valid: yes"
inspect_ok "v1 policy" 000104030102030405060708 "type: policy_v1" \
	"master_key_descriptor: 0102030405060708" "usable_with_extent_encryption: no"
inspect_ok "SM4 is valid (v2)" 0207080000000000$ID "7 (SM4-XTS)" "8 (SM4-CTS-CBC)" "valid: yes"
inspect_bad "reserved byte" 0201040200010000$ID EXTCRYPT_E_POLICY "reserved byte 5"
inspect_bad "DIRECT_KEY with AES-256-XTS" 0201040400000000$ID EXTCRYPT_E_POLICY "DIRECT_KEY"
inspect_bad "bad mode pair" 0201010000000000$ID EXTCRYPT_E_POLICY "mode pair"
inspect_bad "unknown flag" 0201042000000000$ID EXTCRYPT_E_POLICY "flags"
inspect_bad "log2_data_unit_size 17" 0201040011000000$ID EXTCRYPT_E_POLICY "log2_data_unit_size"
inspect_bad "version byte 2, 12 bytes" 020104000102030405060708 EXTCRYPT_E_LENGTH "24"
inspect_bad "IV_INO_LBLK_32 with Adiantum" 0209091000000000$ID EXTCRYPT_E_POLICY "IV_INO_LBLK"

# ---- inode contexts -------------------------------------------------------------
inspect_ok "v2 inode context" $ICTX "type: inode_context_v2" "nonce: $N" "valid: yes"
inspect_bad "inode context version 1" 0101040200000000$ID$N EXTCRYPT_E_CONTEXT "version 2"
inspect_bad "inode context, reserved byte" 0201040200000100$ID$N EXTCRYPT_E_POLICY "reserved byte 6"
inspect_ok "v1 inode context" 01010400010203040506070800112233445566778899aabbccddeeff \
	"type: inode_context_v1" "does not implement v1"

# ---- extent contexts -------------------------------------------------------------
E34=0101$ID$N
inspect_ok "34-byte extent context" $E34 "type: extent_context" \
	"possible_profiles: v1-2023-09, v2-2023-10, v5-2024-01, v6-2026-02" "nonce: $N"
inspect_ok "mode byte 0: only v1/v2 wrote that" 0100$ID$N \
	"possible_profiles: v1-2023-09, v2-2023-10" "not written"
inspect_ok "17-byte extent context" 01$N "possible_profiles: rfc-2023-09"
run_cmd "$X" inspect --profile=v6-2026-02 $E34
expect_rc "--profile=v6-2026-02" 0
expect_out_has "--profile=v6-2026-02" "hkdf_context: 9"
run_cmd "$X" inspect --profile=v2-2023-10 0100$ID$N
expect_rc "v2-2023-10 never reads byte 1" 0
expect_out_has "v2-2023-10" "hkdf_context: 2"
inspect_bad "v6 with mode 0" 0100$ID$N EXTCRYPT_E_MODE_MISMATCH "not a contents mode" --profile=v6-2026-02
inspect_bad "v5 with version 2" 0201$ID$N EXTCRYPT_E_CONTEXT "version" --profile=v5-2024-01
inspect_bad "v6 context one byte short" 0101$ID${N:0:30} EXTCRYPT_E_CONTEXT "needs 34" --profile=default
run_cmd "$X" inspect --profile=v1-2023-09 0201$ID$N
expect_rc "v1-2023-09 does not check the version" 0
run_cmd "$X" inspect --profile=rfc-2023-09 $E34
expect_rc "rfc-2023-09 ignores trailing bytes" 0
expect_out_has "rfc trailing bytes" "ignored_trailing_bytes: 17"
inspect_bad "version 2 written by no profile" 0201$ID$N EXTCRYPT_E_CONTEXT "no extent profile"

# ---- input forms, JSON, usage --------------------------------------------------------
run_cmd sh -c "echo '$POL' | \"$X\" inspect -"
expect_rc "hex on stdin" 0
RAW=$(mktemp)
trap 'rm -f "$RAW"' EXIT
hex2bin "$POL" > "$RAW"
run_cmd sh -c "\"$X\" inspect --binary - < \"$RAW\""
expect_rc "raw bytes on stdin" 0
expect_out_has "raw bytes on stdin" "type: policy_v2"
run_cmd "$X" inspect --json $POL
expect_rc "--json" 0
expect_out_has "--json" '"contents_mode_name": "AES-256-XTS"'
expect_out_has "--json" '"valid": true'
run_cmd "$X" inspect --json 0201040400000000$ID
expect_rc "--json, rejected" 1
expect_out_has "--json, rejected" '"status": "EXTCRYPT_E_POLICY"'
run_cmd "$X" inspect 0102030405
expect_rc "5 bytes" 1 "not a policy"
run_cmd "$X" inspect zz
expect_rc "not hex" 1 "not a hex string"
run_cmd "$X" inspect
expect_rc "no input" 2
run_cmd "$X" inspect --frobnicate $POL
expect_rc "unknown option" 2 "unrecognized option"
run_cmd "$X" inspect --profile=v3 $E34
expect_rc "unknown profile" 2 "unknown extent profile"
run_cmd "$X" inspect --help
expect_rc "--help" 0
finish
