#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# speech_audit.sh SPEECH_CHECK — the privacy audit of a speech session.
#
# madoguchi-speech-check --say --null --harden --private speaks a fixed sample
# sentence in every kiosk language through the kiosk's Speaker (Open JTalk for
# Japanese, espeak-ng in-process for the rest), hardened as the kiosk is. Under
# `strace -f -y` it must:
#   - open nothing for writing but pipes (open_jtalk's -ow /dev/stdout) and /dev/null,
#     make no folder, remove or rename nothing (audit_trace.py, as for the kiosk);
#   - make no socket but AF_UNIX (there should be none at all: espeak-ng opens no
#     sound server, see kiosk/speech/src/espeak_voice.cpp);
#   - execute no program but /usr/bin/open_jtalk.
# The kiosk's own audited session (run_privacy_audit.sh) gains a speech step when
# the keypad half of issue 20 is wired in; its strace then needs -y as here.
set -uo pipefail
check=${1:?usage: speech_audit.sh path/to/madoguchi-speech-check}
here=$(cd "$(dirname "$0")" && pwd)
command -v strace >/dev/null || { echo "speech_audit: strace is needed (Debian: strace)"; exit 1; }
work=$(mktemp -d /tmp/madoguchi-speech-audit-XXXXXX)
trap 'rm -rf "$work"' EXIT
trace=$work/trace.txt
# LeakSanitizer cannot run under ptrace: off here whatever the test command set
# (it sets detect_leaks=1 for every test; a later option wins).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -y -qq -o "$trace" \
    -e trace=%file,%network,execve "$check" --say --null --harden --private >"$work/out.txt" 2>&1
rc=$?
cat "$work/out.txt"
failures=0
[ $rc -eq 0 ] || { echo "FAIL: madoguchi-speech-check exited with $rc"; failures=$((failures + 1)); }
python3 "$here/audit_trace.py" "$trace" || failures=$((failures + 1))
other=$(grep -E 'execve\("' "$trace" | grep -v -e 'execve("/usr/bin/open_jtalk"' -e "execve(\"$check\"" -e "execve(\"$(readlink -f "$check")\"" || true)
if [ -n "$other" ]; then echo "FAIL: a program other than open_jtalk was executed:"; echo "$other"; failures=$((failures + 1)); fi
grep -q 'execve("/usr/bin/open_jtalk"' "$trace" || { echo "FAIL: open_jtalk never ran (no Japanese speech?)"; failures=$((failures + 1)); }
unix=$(grep -cE 'socket\(AF_(UNIX|LOCAL)' "$trace" || true)
echo "speech_audit: $(grep -c 'execve("/usr/bin/open_jtalk"' "$trace") open_jtalk runs, $unix local sockets, $failures failures"
[ $failures -eq 0 ]
