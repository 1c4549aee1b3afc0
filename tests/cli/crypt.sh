#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `extcrypt crypt`: exit statuses, option handling as fscrypt-crypt-util
# does it, round trips, and the per-extent extension against the worked
# values of docs/spec.md (Appendix A).
#
# Usage: crypt.sh EXTCRYPT
set -u
X=$1
. "$(dirname "$0")/lib.sh"

U=0123456789abcdeffedcba9876543210
ZERO=$(mktemp)
DATA=$(mktemp)
trap 'rm -f "$ZERO" "$DATA"' EXIT
head -c 4096 /dev/zero > "$ZERO"
head -c 8192 /dev/urandom > "$DATA"

# enc [ARGS]... < input: ciphertext as hex.
enc() { "$X" crypt "$@" | bin2hex; }

# ---- exit statuses ----------------------------------------------------------
run_cmd "$X" crypt --help
expect_rc "--help" 0
expect_out_has "--help text" "--data-unit-index"
run_cmd "$X" crypt --no-such-option AES-256-XTS "$MK"
expect_rc "unknown option" 2 "unrecognized option"
run_cmd "$X" crypt AES-256-XTS
expect_rc "missing MASTER_KEY" 2 "extcrypt: error:"
run_cmd "$X" crypt AES-256-XTS "$MK" extra
expect_rc "extra operand" 2
run_cmd "$X" crypt --kdf
expect_rc "option without its value" 2 "needs a value"
run_cmd "$X" crypt --dump-key-identifier
expect_rc "--dump-key-identifier without key" 2
run_cmd "$X" crypt NO-SUCH-CIPHER "$MK" < /dev/null
expect_rc "unknown cipher" 1 "extcrypt: error: unknown cipher"
run_cmd "$X" crypt --kdf=MD5 AES-256-XTS "$MK" < /dev/null
expect_rc "unknown KDF" 1 "unknown KDF"
run_cmd "$X" crypt AES-256-XTS 0g < /dev/null
expect_rc "bad hex key" 1 "invalid master key"
run_cmd "$X" crypt --padding=3 AES-256-XTS "$MK" < /dev/null
expect_rc "padding not a power of two" 1 "padding"
run_cmd "$X" crypt --data-unit-size=8 AES-256-CTS-CBC "$MK" < /dev/null
expect_rc "data unit below the cipher minimum" 1 "too small"
run_cmd "$X" crypt --dump-key-identifier "$MK"
expect_rc "--dump-key-identifier needs HKDF" 1 "HKDF-SHA512"
run_cmd "$X" crypt --kdf=HKDF-SHA512 AES-256-XTS "$MK" < "$ZERO"
expect_rc "HKDF without nonce" 1 "--file-nonce"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --direct-key --iv-ino-lblk-64 AES-256-XTS "$MK" < "$ZERO"
expect_rc "two IV methods" 1 "conflicting IV methods"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --iv-ino-lblk-64 --mode-num=1 --fs-uuid=$U AES-256-XTS "$MK" < "$ZERO"
expect_rc "IV_INO_LBLK_64 without inode number" 1 "--inode-number"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --iv-ino-lblk-64 --mode-num=1 --fs-uuid=$U --inode-number=12 --data-unit-index=4294967296 AES-256-XTS "$MK" < "$ZERO"
expect_rc "IV_INO_LBLK_64 index 2^32" 1 "2^32 - 1"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --file-nonce=$N SM4-XTS "$MK" < "$ZERO"
expect_rc "SM4-XTS" 0
run_cmd "$X" crypt --kdf=HKDF-SHA512 --file-nonce=$N --padding=16 --data-unit-size=255 SM4-CTS-CBC "$MK" < "$DATA"
expect_rc "SM4-CTS-CBC" 0

# ---- key sizes -------------------------------------------------------------
MK32=${MK:0:64}
MK16=${MK:0:32}
run_cmd "$X" crypt --kdf=HKDF-SHA512 --file-nonce=$N AES-256-XTS "$MK32" < "$ZERO"
expect_rc "32-byte master key for AES-256-XTS with HKDF (kernel rule)" 0
run_cmd "$X" crypt --kdf=HKDF-SHA512 --file-nonce=$N AES-256-XTS "$MK16" < "$ZERO"
expect_rc "16-byte master key below AES-256-XTS's strength" 1 "security strength"
run_cmd "$X" crypt AES-256-XTS "$MK32" < "$ZERO"
expect_rc "--kdf=none needs the whole 64-byte key" 1 "too short"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --file-nonce=$N AES-128-CBC-ESSIV "$MK16" < "$ZERO"
expect_rc "16-byte master key is enough for AES-128-CBC-ESSIV" 0

# ---- docs/spec.md Appendix A ------------------------------------------------
expect_eq "key identifier of 01..40" \
	"$("$X" crypt --kdf=HKDF-SHA512 --dump-key-identifier "$MK")" 69b2f6edeee720cce0577937eb8a6751
got=$(enc --kdf=HKDF-SHA512 --file-nonce=$N AES-256-XTS "$MK" < "$ZERO")
expect_eq "per-file XTS, index 0" "${got:0:64}" 6afbb67fa519626f1ec7331031195b68b054d89a4351f19f9564978be8dfac9f
got=$(enc --kdf=HKDF-SHA512 --file-nonce=$N --data-unit-index=1 AES-256-XTS "$MK" < "$ZERO")
expect_eq "per-file XTS, index 1" "${got:0:64}" d2b1c8301be34cdae0d3200120c10b9fd564b257a1724d4e18f09c1f15583077
got=$(enc --kdf=HKDF-SHA512 --iv-ino-lblk-64 --mode-num=1 --fs-uuid=$U --inode-number=12 AES-256-XTS "$MK" < "$ZERO")
expect_eq "IV_INO_LBLK_64, inode 12" "${got:0:64}" e075d1dc2f4e01687bd5be91891775fe805dac1b4bf340221d8ee4f2b605a3db
got=$(enc --kdf=HKDF-SHA512 --iv-ino-lblk-32 --mode-num=1 --fs-uuid=$U --inode-number=12 AES-256-XTS "$MK" < "$ZERO")
expect_eq "IV_INO_LBLK_32, inode 12" "${got:0:64}" e5bdf2a81983b15d1fb20c9f1d0aee8dc7fb6d12dc0e9e04ae43f86866c9706f
got=$(enc --kdf=HKDF-SHA512 --file-nonce=$N AES-128-CBC-ESSIV "$MK" < "$ZERO")
expect_eq "AES-128-CBC-ESSIV" "${got:0:64}" 7da393f8235372df68bc843913c3a14ebc01de89dee6f80645242000d3f27406
got=$(printf hello.txt | enc --kdf=HKDF-SHA512 --file-nonce=$N --padding=4 --data-unit-size=255 AES-256-CTS-CBC "$MK")
expect_eq "CTS hello.txt PAD_4" "$got" 7a6a9929c73f232c86e0f539f7d2aa15
got=$(printf hello.txt | enc --kdf=HKDF-SHA512 --file-nonce=$N --padding=32 --data-unit-size=255 AES-256-CTS-CBC "$MK")
expect_eq "CTS hello.txt PAD_32" "$got" b8acfbdc8432a16de5c6e712ca8496c07a6a9929c73f232c86e0f539f7d2aa15
got=$(printf 'x%.0s' $(seq 40) | enc --kdf=HKDF-SHA512 --file-nonce=$N --padding=16 --data-unit-size=255 AES-256-CTS-CBC "$MK")
expect_eq "CTS 40 x PAD_16" "$got" 1752dcae18f605125d532ee81ddde097d366e991f2b5ae31346bfce7a3dc94509c1cc373f398aa3778367153aa6ff303
# The v1 KDF (AES-128-ECB keyed by the nonce) gives the key of Appendix A.1.
V1KEY=bf6529be6d7553abe7b4e048c65b313531fdd13a5873c09df76c5c19943a22d1d1468430ec7fdd388e0932d2cb9f4a8d43694b639412e6b7aa0c539e0debca90
expect_eq "v1 KDF" "$(enc --kdf=AES-128-ECB --file-nonce=$N AES-256-XTS "$MK" < "$DATA")" \
	"$(enc AES-256-XTS $V1KEY < "$DATA")"

# ---- the per-extent extension -----------------------------------------------
got=$(enc --kdf=HKDF-SHA512 --extent-profile=v6-2026-02 --extent-nonce=$N AES-256-XTS "$MK" < "$ZERO")
expect_eq "v6-2026-02 extent (HKDF context 9), offset 0" "${got:0:64}" \
	1e099a3b44e5b2ee521a78da36d4541ed1a5d6aba565fcc393df8e06f53ef173
got=$(enc --kdf=HKDF-SHA512 --extent-profile=default --extent-nonce=$N --data-unit-index=1 AES-256-XTS "$MK" < "$ZERO")
expect_eq "default profile, index 1" "${got:0:32}" 604f65ae5f63612ff23a46ee26d84623
got=$(enc --kdf=HKDF-SHA512 --extent-profile=v5-2024-01 --extent-nonce=$N --data-unit-index=4294967296 AES-256-XTS "$MK" < "$ZERO")
expect_eq "v5-2024-01 (context 8), index 2^32" "${got:0:32}" 809c8bee01153fa60b27aebb2ea04139
got=$(enc --kdf=HKDF-SHA512 --extent-profile=rfc-2023-09 --extent-nonce=$N --data-unit-index=18446744073709551615 AES-256-XTS "$MK" < "$ZERO")
expect_eq "rfc-2023-09, index 2^64-1" "${got:0:32}" 44b4d223844a25967241f17e7a1baca1
# v2-2023-10 reused the per-file context byte: its extent key is the
# per-file key of a file whose nonce is the extent nonce.
expect_eq "v2-2023-10 equals the per-file derivation" \
	"$(enc --kdf=HKDF-SHA512 --extent-profile=v2-2023-10 --extent-nonce=$N --data-unit-index=7 AES-256-XTS "$MK" < "$DATA")" \
	"$(enc --kdf=HKDF-SHA512 --file-nonce=$N --data-unit-index=7 AES-256-XTS "$MK" < "$DATA")"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --extent-profile=v6-2026-02 AES-256-XTS "$MK" < "$ZERO"
expect_rc "--extent-profile without --extent-nonce" 1 "--extent-nonce"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --extent-profile=v9 --extent-nonce=$N AES-256-XTS "$MK" < "$ZERO"
expect_rc "unknown profile" 1 "unknown extent profile"
run_cmd "$X" crypt --extent-profile=v6-2026-02 --extent-nonce=$N AES-256-XTS "$MK" < "$ZERO"
expect_rc "extent without HKDF" 1 "HKDF-SHA512"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --extent-profile=v6-2026-02 --extent-nonce=$N --direct-key --mode-num=9 Adiantum "$MK" < "$ZERO"
expect_rc "extent with DIRECT_KEY" 1 "forbids"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --extent-profile=v6-2026-02 --extent-nonce=$N --iv-ino-lblk-32 --mode-num=1 --fs-uuid=$U --inode-number=5 AES-256-XTS "$MK" < "$ZERO"
expect_rc "extent with IV_INO_LBLK_32" 1 "forbids"

# ---- data units, padding, round trips ----------------------------------------
A=(--kdf=HKDF-SHA512 --file-nonce=$N)
both=$(enc "${A[@]}" --data-unit-index=5 AES-256-XTS "$MK" < "$DATA")
first=$(head -c 4096 "$DATA" | enc "${A[@]}" --data-unit-index=5 AES-256-XTS "$MK")
second=$(tail -c 4096 "$DATA" | enc "${A[@]}" --data-unit-index=6 AES-256-XTS "$MK")
expect_eq "the index grows by one per data unit" "$both" "$first$second"
# IV_INO_LBLK_*: the index is 32 bits and wraps.
L=(--kdf=HKDF-SHA512 --iv-ino-lblk-32 --mode-num=1 --fs-uuid=$U --inode-number=77)
both=$(enc "${L[@]}" --data-unit-index=4294967295 AES-256-XTS "$MK" < "$DATA")
second=$(tail -c 4096 "$DATA" | enc "${L[@]}" --data-unit-index=0 AES-256-XTS "$MK")
expect_eq "IV_INO_LBLK_32 index wraps mod 2^32" "${both:8192}" "$second"
# A partial last unit is padded to the whole unit, or to --padding.
expect_eq "partial unit padded to the data unit" \
	"$(head -c 100 "$DATA" | "$X" crypt "${A[@]}" AES-256-XTS "$MK" | wc -c)" 4096
expect_eq "partial unit padded to --padding" \
	"$(head -c 100 "$DATA" | "$X" crypt "${A[@]}" --padding=16 AES-256-XTS "$MK" | wc -c)" 112
expect_eq "short name padded to 16 bytes" \
	"$(printf ab | "$X" crypt "${A[@]}" --padding=4 --data-unit-size=255 AES-256-CTS-CBC "$MK" | wc -c)" 16
expect_eq "name padding capped at 255" \
	"$(head -c 250 /dev/zero | tr '\0' a | "$X" crypt "${A[@]}" --padding=32 --data-unit-size=255 AES-256-CTS-CBC "$MK" | wc -c)" 255
expect_eq "empty input, empty output" "$("$X" crypt "${A[@]}" AES-256-XTS "$MK" < /dev/null | wc -c)" 0
for c in AES-256-XTS AES-128-CBC-ESSIV Adiantum; do
	run_cmd sh -c "\"$X\" crypt --kdf=HKDF-SHA512 --file-nonce=$N --data-unit-size=1024 $c $MK < \"$DATA\" |
		\"$X\" crypt --decrypt --kdf=HKDF-SHA512 --file-nonce=$N --data-unit-size=1024 $c $MK | cmp -s - \"$DATA\""
	expect_rc "$c --decrypt round trip" 0
done
for c in AES-256-CTS-CBC AES-128-CTS-CBC AES-256-HCTR2 Adiantum; do
	name=$(printf 'some-file-name.txt' | bin2hex)
	back=$(hex2bin "$name" | "$X" crypt "${A[@]}" --padding=16 --data-unit-size=255 $c "$MK" |
	       "$X" crypt --decrypt "${A[@]}" --padding=16 --data-unit-size=255 $c "$MK" | bin2hex)
	expect_eq "$c filename round trip" "$back" "${name}0000000000000000000000000000"
done
run_cmd sh -c "\"$X\" crypt --kdf=HKDF-SHA512 --extent-profile=v1-2023-09 --extent-nonce=$N --data-unit-index=99 AES-256-XTS $MK < \"$DATA\" |
	\"$X\" crypt --decrypt --kdf=HKDF-SHA512 --extent-profile=v1-2023-09 --extent-nonce=$N --data-unit-index=99 AES-256-XTS $MK | cmp -s - \"$DATA\""
expect_rc "extent --decrypt round trip" 0

# ---- hardware-wrapped keys -----------------------------------------------------
run_cmd "$X" crypt --kdf=HKDF-SHA512 --enable-hw-kdf --dump-key-identifier "$MK"
expect_rc "--enable-hw-kdf needs 32 bytes" 1 "32-byte"
run_cmd "$X" crypt --kdf=HKDF-SHA512 --use-inlinecrypt-key --file-nonce=$N AES-256-XTS "$MK" < "$ZERO"
expect_rc "--use-inlinecrypt-key without --enable-hw-kdf" 1 "--enable-hw-kdf"
finish
