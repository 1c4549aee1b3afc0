#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Runs every case of tests/vectors/fscrypt-v2.txt (produced by xfstests'
# fscrypt-crypt-util) through `extcrypt crypt`, with the options xfstests
# passes to fscrypt-crypt-util (common/encrypt), and checks the output
# byte for byte, then the --decrypt round trip.
#
# A case whose mode this libextcrypt build does not implement yet must fail
# with exit status 1 and "not supported yet"; such cases are listed.  Only
# the modes in MAY_BE_UNSUPPORTED may do so; for any other mode it is a
# failure.
#
# Usage: fscrypt_vectors.sh EXTCRYPT VECTOR_DIR
set -u
X=$1
VEC=$2/fscrypt-v2.txt
. "$(dirname "$0")/lib.sh"

MAY_BE_UNSUPPORTED=" Adiantum AES-256-HCTR2 "

if [ ! -f "$VEC" ]; then
	echo "SKIP: $VEC is missing (copy shared/vectors/fscrypt-v2.txt there)"
	exit 77
fi

reproduced=0
unsupported=()
declare -A F

# crypt_case: runs one contents/filename case from F.
crypt_case() {
	local id=${F[case]} mode=${F[mode]} mk=${F[master_key]}
	local args=(--kdf=HKDF-SHA512) ct back want rcfile errfile

	if [ "${F[key_type]}" = hw_wrapped ]; then
		args+=(--enable-hw-kdf)
		[ "${F[kind]}" = contents ] && args+=(--use-inlinecrypt-key)
	fi
	case ${F[policy]} in
	NONE) args+=(--file-nonce="${F[nonce]}") ;;
	DIRECT_KEY) args+=(--direct-key --mode-num="${F[mode_num]}" --file-nonce="${F[nonce]}") ;;
	IV_INO_LBLK_64|IV_INO_LBLK_32)
		local flag=--iv-ino-lblk-64
		[ "${F[policy]}" = IV_INO_LBLK_32 ] && flag=--iv-ino-lblk-32
		args+=("$flag" --mode-num="${F[mode_num]}" --fs-uuid="${F[fs_uuid]}"
		       --inode-number="${F[inode_number]}") ;;
	*) fail "$id: unknown policy ${F[policy]}"; return ;;
	esac
	if [ "${F[kind]}" = contents ]; then
		args+=(--data-unit-size="${F[data_unit_size]}" --data-unit-index="${F[data_unit_index]}")
	else
		args+=(--padding="${F[padding]}" --data-unit-size=255)
	fi

	errfile=$(mktemp)
	ct=$(hex2bin "${F[plaintext]}" | "$X" crypt "${args[@]}" "$mode" "$mk" 2>"$errfile" | bin2hex;
	     exit "${PIPESTATUS[1]}")
	rc=$?
	if [ $rc -ne 0 ]; then
		if [ $rc -eq 1 ] && grep -q "not supported yet" "$errfile" &&
		   [[ "$MAY_BE_UNSUPPORTED" == *" $mode "* ]]; then
			unsupported+=("$id ($mode)")
			pass
		else
			fail "$id: exit $rc: $(cat "$errfile")"
		fi
		rm -f "$errfile"
		return
	fi
	rm -f "$errfile"
	if [ "$ct" != "${F[ciphertext]}" ]; then
		fail "$id: ciphertext differs"
		return
	fi
	back=$(hex2bin "$ct" | "$X" crypt --decrypt "${args[@]}" "$mode" "$mk" | bin2hex)
	want=${F[plaintext]}
	if [ "${F[kind]}" = filename ]; then
		# The decrypted name keeps its NUL padding.
		while [ ${#want} -lt ${#ct} ]; do want+=00; done
	fi
	if [ "$back" != "$want" ]; then
		fail "$id: --decrypt does not give the plaintext back"
		return
	fi
	reproduced=$((reproduced + 1))
	pass
}

run_case() {
	local out args=(--kdf=HKDF-SHA512)

	case ${F[kind]} in
	key_identifier)
		[ "${F[key_type]}" = hw_wrapped ] && args+=(--enable-hw-kdf)
		out=$("$X" crypt "${args[@]}" --dump-key-identifier "${F[master_key]}")
		if [ "$out" = "${F[key_identifier]}" ]; then
			reproduced=$((reproduced + 1))
			pass
		else
			fail "${F[case]}: key identifier $out, want ${F[key_identifier]}"
		fi ;;
	contents|filename) crypt_case ;;
	*) fail "${F[case]}: unknown kind ${F[kind]}" ;;
	esac
}

ncases=0
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	'#'*) continue ;;
	'')
		if [ -n "${F[case]:-}" ]; then
			run_case
			ncases=$((ncases + 1))
		fi
		F=() ;;
	*=*) F[${line%%=*}]=${line#*=} ;;
	esac
done < "$VEC"
if [ -n "${F[case]:-}" ]; then
	run_case
	ncases=$((ncases + 1))
fi

want_cases=$(grep -c '^case=' "$VEC")
expect_eq "number of cases run" "$ncases" "$want_cases"
echo "fscrypt-v2.txt: $ncases cases, $reproduced reproduced byte for byte (and decrypted back), ${#unsupported[@]} not supported yet"
for u in "${unsupported[@]}"; do
	echo "  not supported yet: $u"
done
finish
