# SPDX-License-Identifier: MIT
# Helpers shared by the extcrypt command tests (sourced; bash).
# shellcheck shell=bash
# The constants below are for the scripts that source this file.
# shellcheck disable=SC2034

FAILURES=0
CHECKS=0

# The values of docs/spec.md Appendix A: the 64-byte master key 01..40,
# its identifier, a nonce, and a v2 policy naming that key
# (AES-256-XTS / AES-256-CTS-CBC, PAD_16).
MK=$(for i in $(seq 1 64); do printf '%02x' "$i"; done)
ID=69b2f6edeee720cce0577937eb8a6751
N=00112233445566778899aabbccddeeff
POL=0201040200000000$ID

# hex2bin HEX: the bytes of a lowercase hex string on stdout.
hex2bin() {
	# printf turns \xHH escapes of its format into bytes (NUL included);
	# the format holds nothing but escapes, so no '%' can appear in it.
	local hex=$1
	[ -z "$hex" ] && return 0
	printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
}

# bin2hex: stdin as lowercase hex, no newline.
bin2hex() {
	od -An -v -tx1 | tr -d ' \n'
}

fail() {
	echo "FAIL: $*" >&2
	FAILURES=$((FAILURES + 1))
}

pass() {
	CHECKS=$((CHECKS + 1))
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1: got '${2:0:80}', want '${3:0:80}'"
	fi
}

# run_cmd CMD...: runs CMD, sets OUT (stdout, NUL bytes dropped), ERR
# (stderr), RC.
run_cmd() {
	local outf errf
	outf=$(mktemp)
	errf=$(mktemp)
	"$@" >"$outf" 2>"$errf"
	RC=$?
	OUT=$(tr -d '\0' < "$outf")
	ERR=$(cat "$errf")
	rm -f "$outf" "$errf"
}

# expect_rc WHAT WANT_RC [STDERR_PHRASE]: checks RC (and ERR) of run_cmd.
expect_rc() {
	if [ "$RC" != "$2" ]; then
		fail "$1: exit status $RC, want $2 (stderr: $ERR)"
		return
	fi
	if [ -n "${3:-}" ] && ! printf '%s' "$ERR" | grep -qF -- "$3"; then
		fail "$1: stderr lacks '$3': $ERR"
		return
	fi
	pass
}

# expect_fail STATUS PATTERN CMD...: CMD exits with STATUS and its stderr
# matches PATTERN (grep); sets ERR to that stderr.
expect_fail() {
	local want=$1 pat=$2 rc=0 errf
	shift 2
	errf=$(mktemp)
	"$@" >/dev/null 2>"$errf" || rc=$?
	ERR=$(cat "$errf")
	rm -f "$errf"
	if [ "$rc" != "$want" ]; then
		fail "$* exited $rc (want $want): $ERR"
	elif ! printf '%s\n' "$ERR" | grep -q -- "$pat"; then
		fail "$*: message lacks '$pat': $ERR"
	else
		pass
	fi
}

# expect_out_has WHAT PHRASE: OUT of run_cmd contains PHRASE.
expect_out_has() {
	if printf '%s' "$OUT" | grep -qF -- "$2"; then
		pass
	else
		fail "$1: output lacks '$2': ${OUT:0:300}"
	fi
}

finish() {
	echo "$CHECKS checks passed, $FAILURES failed"
	[ "$FAILURES" -eq 0 ]
	exit $?
}
