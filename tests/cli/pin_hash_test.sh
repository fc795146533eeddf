#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# pin_hash_test.sh BIN — `madoguchi-bundle pin-hash` as an admin uses it: a PIN
# piped in or in a file gives one `pin_hash = "$argon2id$…"` line, a fresh salt
# each time; refused PINs say why and print nothing; the PIN itself never
# appears in any output. (The terminal prompt, with echo off, needs a pty and
# is not driven here.)
set -uo pipefail
BIN=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
source "$(dirname "$0")/check_lib.sh"
# One line, exactly as libsodium writes argon2id at the interactive cost:
# 16-byte salt and 32-byte hash in unpadded base64.
LINE_RE='^pin_hash = "\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}"$'
expect_hash_line() {  # expect_hash_line FILE WHAT
    if [ "$(wc -l <"$1")" -eq 1 ] && grep -qE "$LINE_RE" "$1"; then pass; else fail "$2: not one pin_hash line"; sed 's/^/    | /' "$1"; fi
}

PIN=482913

# --- a PIN on stdin --------------------------------------------------------------
printf '%s\n' "$PIN" | "$BIN" pin-hash >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "pin on stdin"
expect_hash_line "$WORK/out" "pin on stdin"
expect_no_grep "$WORK/out" "$PIN" "pin on stdin: the PIN in stdout"
expect_no_grep "$WORK/err" "$PIN" "pin on stdin: the PIN in stderr"
cp "$WORK/out" "$WORK/first"

# The same PIN again: another salt, so another line.
printf '%s\n' "$PIN" | "$BIN" pin-hash >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "pin again"
expect_hash_line "$WORK/out" "pin again"
if cmp -s "$WORK/first" "$WORK/out"; then fail "two hashes of one PIN are identical (no salt?)"; else pass; fi

# The line is valid TOML for the [admin] table (when Python can say so).
if python3 -c 'import tomllib' 2>/dev/null; then
    { echo "[admin]"; cat "$WORK/first"; } >"$WORK/admin.toml"
    python3 - "$WORK/admin.toml" <<'PY' >"$WORK/err" 2>&1
import sys, tomllib
h = tomllib.load(open(sys.argv[1], "rb"))["admin"]["pin_hash"]
assert h.startswith("$argon2id$v=19$m=65536,t=2,p=1$"), h
PY
    expect_rc 0 $? "the line parses as TOML"
fi

# No final newline, CRLF, blanks around: the same PIN.
for input in "$PIN" "$PIN"$'\r\n' "  $PIN"$'\t\n' "$PIN"$'\nsecond line\n'; do
    printf '%s' "$input" | "$BIN" pin-hash >"$WORK/out" 2>"$WORK/err"
    expect_rc 0 $? "pin on stdin as $(printf '%q' "$input")"
    expect_hash_line "$WORK/out" "pin on stdin as $(printf '%q' "$input")"
done

# --- --pin-file -------------------------------------------------------------------
printf '%s\n' 905172 >"$WORK/pin.txt"
"$BIN" pin-hash --pin-file "$WORK/pin.txt" >"$WORK/out" 2>"$WORK/err" </dev/null
expect_rc 0 $? "--pin-file"
expect_hash_line "$WORK/out" "--pin-file"
expect_no_grep "$WORK/out" "905172" "--pin-file: the PIN in stdout"
expect_no_grep "$WORK/err" "905172" "--pin-file: the PIN in stderr"

"$BIN" pin-hash --pin-file "$WORK/no-such-file" >"$WORK/out" 2>"$WORK/err" </dev/null
expect_rc 3 $? "--pin-file missing"
expect_grep "$WORK/err" "cannot read $WORK/no-such-file" "--pin-file missing"
expect_empty "$WORK/out" "--pin-file missing"

# --- refused PINs: exit 1, the reason, nothing on stdout, the PIN nowhere -----------
refuse() {  # refuse INPUT REASON
    printf '%s\n' "$1" | "$BIN" pin-hash >"$WORK/out" 2>"$WORK/err"
    expect_rc 1 $? "refuse $(printf '%q' "$1")"
    expect_grep "$WORK/err" "$2" "refuse $(printf '%q' "$1")"
    expect_empty "$WORK/out" "refuse $(printf '%q' "$1")"
    if [ -n "$1" ]; then expect_no_grep "$WORK/err" "$1" "refuse $(printf '%q' "$1"): the PIN in stderr"; fi
}
refuse 48291 "refused: the PIN has 5 digits; it must have at least 6"
refuse 4829130482913 "refused: the PIN has 13 digits; it must have at most 12"
refuse 48a913 "refused: the PIN must be digits only (0-9)"
refuse "" "refused: the PIN is empty"
refuse 000000 "refused: the PIN is one digit repeated"
refuse 123456 "refused: the PIN is a run of consecutive digits"
refuse 987654 "refused: the PIN is a run of consecutive digits"
refuse "$(printf '1%.0s' $(seq 500))" "refused: the line is far too long for a PIN"

"$BIN" pin-hash </dev/null >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "empty stdin"
expect_grep "$WORK/err" "the PIN is empty" "empty stdin"

# --- usage: exit 2, and a PIN given as an argument is not echoed -------------------
"$BIN" pin-hash "$PIN" >"$WORK/out" 2>"$WORK/err" </dev/null
expect_rc 2 $? "PIN as an argument"
expect_no_grep "$WORK/err" "$PIN" "PIN as an argument: echoed"
expect_empty "$WORK/out" "PIN as an argument"
"$BIN" pin-hash --pin-file >"$WORK/out" 2>"$WORK/err" </dev/null
expect_rc 2 $? "--pin-file without a file"
"$BIN" pin-hash --pin-file "$WORK/pin.txt" --pin-file "$WORK/pin.txt" >"$WORK/out" 2>"$WORK/err" </dev/null
expect_rc 2 $? "--pin-file twice"
"$BIN" pin-hash --pin "$PIN" >"$WORK/out" 2>"$WORK/err" </dev/null
expect_rc 2 $? "unknown option"
expect_grep "$WORK/err" "unknown option --pin" "unknown option"
expect_no_grep "$WORK/err" "$PIN" "unknown option: the PIN echoed"

finish pin_hash_test
