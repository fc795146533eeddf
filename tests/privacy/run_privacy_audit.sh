#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run_privacy_audit.sh SOURCE_DIR WORK_DIR — the three privacy audits of
# docs/privacy.md, on a plain (not sanitized) Release build of the kiosk:
#
#   1. nothing written, nothing sent: the visitor session in audit_session.txt
#      (65 steps) runs under `strace -f`; audit_trace.py fails on any file
#      created, opened for writing, truncated, renamed or deleted other than the
#      printer device, and on any non-local socket;
#   2. nothing left in memory: after that session ends (idle reset), while the
#      kiosk waits at `pause-for-audit`, scan_memory.py reads its writable memory
#      from outside and fails if the typed query or the names of the services
#      viewed are there, in UTF-8, UTF-16 or UTF-32;
#   3. nothing said: the kiosk's stdout and stderr hold none of them either.
#
# Why a separate build: the test build uses AddressSanitizer, whose allocator
# keeps freed blocks in quarantine; the kiosk's own wipe-on-free allocator
# (kiosk/platform/src/wipe_on_free.cpp) is what a real kiosk runs, so that is
# what is audited. Reading the memory of a non-dumpable process needs root.
# Needs: strace, xvfb-run, python3 (scripts/lib/deps.sh TEST_PACKAGES).
#
# MADOGUCHI_AUDIT_KEEP_PROTECTION_OFF is not a thing: to see an audit fail,
# break a protection in the source (docs/privacy.md "Checking the checks").
set -uo pipefail
src=$(cd "$1" && pwd)
work=$2
here=$src/tests/privacy
mkdir -p "$work"
build=$work/build

echo "run_privacy_audit.sh: building a plain Release kiosk in $build"
if ! cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_TESTS=OFF \
        -DMADOGUCHI_SANITIZE=OFF >"$work/configure.log" 2>&1; then
    cat "$work/configure.log"; exit 1
fi
if ! cmake --build "$build" --target madoguchi madoguchi-bundle sample_bundle -j "$(nproc)" >"$work/build.log" 2>&1; then
    tail -40 "$work/build.log"; exit 1
fi
kiosk=$build/kiosk/app/madoguchi
tool=$build/kiosk/app/madoguchi-bundle

if [ "$(id -u)" != 0 ]; then
    echo "run_privacy_audit.sh: the memory audit reads a non-dumpable process's memory and must run as root" >&2
    exit 1
fi

run=$work/run
rm -rf "$run" && mkdir -p "$run/inbox" "$run/shots"
"$tool" install "$build/sample.bundle" --store "$run/store" --pubkey "$src/data/demo-key/demo.pub" >/dev/null || exit 1
printer=$run/printer.bin
: >"$printer"
config=$run/madoguchi.toml
# Speech on a private device (no jack needed): the session's keys turn speech
# mode on and every screen it reaches is spoken, Japanese through open_jtalk.
sed -e 's|^kind = "none"|kind = "device"|' -e "s|^target = \"\"|target = \"$printer\"|" \
    -e 's|^private_device = false|private_device = true|' "$src/assets/madoguchi.toml" >"$config"
grep -q '^private_device = true' "$config" || { echo "FAIL: the audit could not turn speech on in its config"; exit 1; }

# What must not survive the session: the typed query and the services opened.
needles=("だるく" "全国のダルク" "ワンネス財団の相談ダイヤル" "AAのミーティング")

fifo=$run/stdin
mkfifo "$fifo"
trace=$run/trace.txt
calls=open,openat,openat2,creat,truncate,ftruncate,rename,renameat,renameat2,link,linkat,symlink,symlinkat,unlink,unlinkat,rmdir,mkdir,mkdirat,mknod,mknodat,socket,connect,bind,sendto,sendmsg,execve
# The kiosk's stdin is the FIFO, held open here (fd 9) until the audit is done.
exec 9<>"$fifo"
LIBGL_ALWAYS_SOFTWARE=1 timeout -k 5 600 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    strace -f -y -qq -o "$trace" -e trace="$calls" \
    "$kiosk" --config "$config" --assets "$src/assets" --store "$run/store" --pubkey "$src/data/demo-key/demo.pub" \
    --watch "$run/inbox" --window 1280x800 --script "$here/audit_session.txt" --screenshots "$run/shots" \
    <&9 >"$run/stdout.txt" 2>"$run/stderr.txt" &
runner=$!

failures=0
# The Nth "paused for audit PID" line of the kiosk (1: before the session, 2: after).
wait_for_pause() {
    pid=
    for _ in $(seq 1 600); do
        pid=$(sed -n 's/^paused for audit \([0-9]*\)$/\1/p' "$run/stdout.txt" | sed -n "$1p")
        [ -n "$pid" ] && return 0
        kill -0 "$runner" 2>/dev/null || break
        sleep 0.5
    done
    echo "FAIL: the kiosk never reached pause-for-audit number $1"
    sed 's/^/    | /' "$run/stderr.txt" | tail -20
    exit 1
}
# Baseline: the catalogue's own text may hold a needle (the search index keeps
# the folded documents: "だるく" is in the sample's ダルク entries). Only copies
# that are new after the session count (scan_memory.py --baseline).
wait_for_pause 1
python3 "$here/scan_memory.py" --save-baseline "$run/baseline.txt" "$pid" "${needles[@]}" >"$run/baseline-scan.txt" 2>&1 ||
    { cat "$run/baseline-scan.txt"; exit 1; }
cat "$run/baseline-scan.txt"
echo continue >&9
wait_for_pause 2

echo "--- audit 2: memory of the kiosk (pid $pid) after the session ended"
python3 "$here/scan_memory.py" --context --baseline "$run/baseline.txt" "$pid" "${needles[@]}" >"$run/memory.txt" 2>&1
mem_rc=$?
cat "$run/memory.txt" | tail -15
if [ $mem_rc -ne 0 ]; then echo "FAIL: memory audit"; failures=$((failures + 1)); fi

echo continue >&9
wait "$runner"
rc=$?
exec 9>&-
if [ $rc -ne 0 ]; then
    echo "FAIL: the kiosk's scripted session failed (exit $rc)"
    sed 's/^/    | /' "$run/stderr.txt" | tail -20
    failures=$((failures + 1))
fi
grep -q "steps passed" "$run/stdout.txt" || { echo "FAIL: the script did not finish"; failures=$((failures + 1)); }

echo "--- audit 1: files and sockets (strace -f)"
python3 "$here/audit_trace.py" "$trace" --allow-write "$printer" >"$run/trace-audit.txt" 2>&1
trace_rc=$?
grep -v '^    ' "$run/trace-audit.txt" | grep -v '^note' | tail -20
if [ $trace_rc -ne 0 ]; then echo "FAIL: trace audit"; failures=$((failures + 1)); fi
[ -s "$printer" ] || { echo "FAIL: nothing was printed (the session must print)"; failures=$((failures + 1)); }
# Speech: the one program the kiosk may start is open_jtalk, and it did (the
# session speaks Japanese).
other=$(grep -E 'execve\("' "$trace" | grep -v -e 'execve("/usr/bin/open_jtalk"' -e "execve(\"$kiosk\"" || true)
if [ -n "$other" ]; then echo "FAIL: a program other than open_jtalk was executed:"; echo "$other" | head -5; failures=$((failures + 1)); fi
grep -q 'execve("/usr/bin/open_jtalk"' "$trace" || { echo "FAIL: open_jtalk never ran (the session's speech was not heard)"; failures=$((failures + 1)); }
echo "speech: $(grep -c 'execve("/usr/bin/open_jtalk"' "$trace") open_jtalk runs"

echo "--- audit 3: stdout and stderr"
said=0
for n in "${needles[@]}"; do
    if grep -qF -- "$n" "$run/stdout.txt" "$run/stderr.txt"; then
        echo "FAIL: \"$n\" was printed by the kiosk"; said=1
    fi
done
[ $said -eq 0 ] && echo "nothing of the session on stdout ($(wc -l <"$run/stdout.txt") lines) or stderr ($(wc -l <"$run/stderr.txt") lines)"
failures=$((failures + said))

if [ $failures -ne 0 ]; then
    echo "run_privacy_audit.sh: $failures audit(s) failed; files in $run"
    exit 1
fi
echo "run_privacy_audit.sh: all three audits passed"
