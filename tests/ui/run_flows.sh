#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run_flows.sh — the kiosk's scripted GUI flows (tests/ui/flows/*.txt), played
# by the real kiosk (`madoguchi --script`) in three window sizes under Xvfb
# with Mesa's software renderer.
#
#   tests/ui/run_flows.sh MADOGUCHI_BIN BUNDLE_BIN SAMPLE_DIR OUT_DIR
#
# Builds the sample catalogue and a synthetic one (3000 services) into a
# temporary directory, plays every flow in 1920x1080 (landscape), 1080x1920
# (portrait) and 1280x800, writes the screenshots under
# OUT_DIR/<size>/<flow>/, prints one line per flow and size and a final
# "N passed, M failed" line, and exits 1 if any flow failed.
#
# Every run gets its own bundle store (--store) holding the sample bundle as
# a kiosk installs it: <build>/sample.bundle, signed with the repository's demo
# key, installed with `madoguchi-bundle install` and trusted through
# --pubkey data/demo-key/demo.pub; and its own empty inbox (--watch), so no
# folder of this machine is watched. A flow with `# catalogue: synthetic` is
# shown the synthetic catalogue through --catalogue (unverified, development);
# one with `# catalogue: voice-free` the sample with the rows of
# tests/data/voice_free/*.csv added to its files (a service reached by a web
# form; issue 19), the same way.
# Every run uses assets/madoguchi.toml (the documented defaults: idle 90 s,
# countdown 30 s) and assets/strings of this checkout, so a kiosk
# configuration in /etc cannot change the result.
#
# Bundle flows (docs/bundles.md "Loading on the kiosk") may declare
#   # store: v2                  the store has v2 installed over the sample (v1 is previous)
#   # store: correction          the store has correction.bundle installed over the sample
#   # inbox: NAME ...            these bundles are in the inbox before the kiosk starts
#                                (v2, v3 the sample; other-key, tampered; hsds: the
#                                Open Referral package tests/data/hsds imported with
#                                import-hsds as version 2, built and signed)
#   # admin-pin: DIGITS          [admin] pin_hash made with `madoguchi-bundle pin-hash`
#   # admin-log TEXT             after the run, the store's admin.log has a line containing TEXT
#   # store: empty               first run: no store, no key, no PIN (the setup screens); a
#                                folder stands in for a USB stick (publisher.pub = the demo
#                                key, other.pub, sample.bundle) and one for /dev/usb (lp0);
#                                a network printer on 127.0.0.1:$MADOGUCHI_FLOW_PRINTER_PORT
# Any flow may declare
#   # screen-mm: W H             the config says the glass is W x H mm (default 527 x 296)
#   # max-seconds: N             the flow must finish within N s (default: the runner's limit)
#   # printer: device|loopback|near-end|paper-out|absent|silent
#                                loopback, near-end, paper-out: a printer on 127.0.0.1
#                                that answers DLE EOT 1, 2 and 4 (paper OK, near its
#                                end, out); silent: one that takes the connection
#                                and never answers, with a 20 s timeout; it must receive
#                                nothing of the slip
# Bundles the runner makes (in $MADOGUCHI_FLOW_FILES, for `copy` in scripts):
#   v2.bundle         the sample with version 2, signed with the demo key
#   other-key.bundle  the sample with version 3, signed with a key the kiosk does not trust
#   tampered.bundle   v2.bundle with one byte of its catalogue changed
#   correction.bundle the sample with version 2, a correction_url in bundle.csv
#                     ($correction_url below) and review dates relative to today:
#                     every service and organization checked a month ago, except
#                     the services darc-facilities and oneness-consult and the
#                     organization darc, checked 7 months ago (past the 6-month
#                     review: the admin screen counts 3)
#
# Environment: GUI_FLOWS_SIZES="1920x1080 ..." to play fewer sizes,
# GUI_FLOWS_ONLY=name to play one flow, GUI_FLOWS_TIMEOUT (seconds per run,
# default 120). One Xvfb serves all runs: the script starts itself again under
# one xvfb-run unless DISPLAY_FOR_GUI_FLOWS is set.
set -u

if [ $# -ne 4 ]; then
    echo "usage: $0 MADOGUCHI_BIN BUNDLE_BIN SAMPLE_DIR OUT_DIR" >&2
    exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ -z "${DISPLAY_FOR_GUI_FLOWS:-}" ]; then
    # 2000x2000 holds both 1920x1080 and 1080x1920 windows. A random first display
    # number keeps clear of other tests starting xvfb-run -a at the same moment.
    exec env DISPLAY_FOR_GUI_FLOWS=1 xvfb-run -a -n $((100 + RANDOM % 400)) -s "-screen 0 2000x2000x24 -nolisten tcp" bash "$here/run_flows.sh" "$@"
fi

kiosk=$1 bundle=$2 sample=$3 out=$4
sizes=${GUI_FLOWS_SIZES:-"1920x1080 1080x1920 1280x800"}
limit=${GUI_FLOWS_TIMEOUT:-120}
export LIBGL_ALWAYS_SOFTWARE=1

# Sanitizer build (the kiosk links libasan): keep Mesa's DRI driver loaded.
# SDL closes the X display at exit and Mesa's driver is then dlclose'd, before
# LeakSanitizer looks: what the driver still held shows as leaks from
# "<unknown module>" that no suppression can name. A preloaded library is never
# unloaded, so those blocks stay reachable and any leak of ours still shows in
# full (the same idea as RTLD_NODELETE in tests/text/imgui_target_gl_test.cpp,
# without adding code to the kiosk). libasan must come first in LD_PRELOAD.
# D-Bus's own leak is suppressed through LSAN_OPTIONS (tests/CMakeLists.txt).
preload=
asan_lib=$(ldd "$kiosk" 2>/dev/null | awk '$1 ~ /^libasan\.so/ { print $3; exit }')
if [ -n "$asan_lib" ]; then
    multiarch=$(basename "$(dirname "$asan_lib")")
    for dri in ${GUI_FLOWS_DRI_DRIVER:-} "/usr/lib/$multiarch/dri/swrast_dri.so" /usr/lib64/dri/swrast_dri.so /usr/lib/dri/swrast_dri.so; do
        if [ -f "$dri" ]; then
            preload="$asan_lib $dri"
            break
        fi
    done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-gui-flows.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

demo_pub=$repo/data/demo-key/demo.pub demo_key=$repo/data/demo-key/demo.key
# The build signs data/sample with the demo key (kiosk/app/CMakeLists.txt);
# without that file (only some targets built) the runner signs it the same way.
sample_bundle=${GUI_FLOWS_SAMPLE_BUNDLE:-$(cd "$(dirname "$bundle")/../.." && pwd)/sample.bundle}
files=$tmp/files
mkdir -p "$files"
# The sample with another version: a copy of the source with `version` changed.
make_version() {  # VERSION OUT.sqlite
    rm -rf "$tmp/src-$1" && cp -r "$sample" "$tmp/src-$1" &&
        sed -i "s/^version,.*/version,$1/" "$tmp/src-$1/bundle.csv" &&
        "$bundle" build "$tmp/src-$1" -o "$2"
}
# The sample with a correction form and review dates around the 6-month mark
# (docs/kiosk.md "Report a mistake", "What it shows").
correction_url='https://forms.example.org/madoguchi/correction?form=kiosk'
make_correction() {  # OUT.sqlite
    rm -rf "$tmp/src-correction" && cp -r "$sample" "$tmp/src-correction" &&
        sed -i "s/^version,.*/version,2/" "$tmp/src-correction/bundle.csv" &&
        printf 'correction_url,%s\n' "$correction_url" >>"$tmp/src-correction/bundle.csv" &&
        python3 - "$tmp/src-correction" <<'PY' &&
import csv, datetime, pathlib, sys
src = pathlib.Path(sys.argv[1])
today = datetime.date.today()
def months_ago(n):
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return datetime.date(y, m + 1, min(today.day, 28)).isoformat()
old = {"services.csv": {"darc-facilities", "oneness-consult"}, "organizations.csv": {"darc"}}
for name, ids in old.items():
    with open(src / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    found = {r["id"] for r in rows} & ids
    if found != ids:
        sys.exit(f"{name}: no row with id {sorted(ids - found)}")
    for r in rows:
        r["assured_date"] = months_ago(7) if r["id"] in ids else months_ago(1)
    with open(src / name, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
PY
        "$bundle" build "$tmp/src-correction" -o "$1"
}
# The sample plus tests/data/voice_free: each of its CSV files' rows appended
# to the sample file of the same name (columns matched by header), or copied
# when the sample has no such file.
make_voice_free() {
    rm -rf "$tmp/src-voice-free" && cp -r "$sample" "$tmp/src-voice-free" &&
        python3 - "$repo/tests/data/voice_free" "$tmp/src-voice-free" <<'PY' &&
import csv, pathlib, sys
extra, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in sorted(extra.glob("*.csv")):
    target = dst / f.name
    with open(f, encoding="utf-8", newline="") as fh:
        add = list(csv.DictReader(fh))
    if not target.exists():
        target.write_bytes(f.read_bytes())
        continue
    with open(target, encoding="utf-8-sig", newline="") as fh:
        r = csv.DictReader(fh)
        header, rows = list(r.fieldnames), list(r)
    for col in add[0].keys() if add else []:
        if col not in header:
            header.append(col)
    with open(target, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, restval="")
        w.writeheader()
        w.writerows(rows + add)
PY
        "$bundle" build "$tmp/src-voice-free" -o "$1"
}
start=$EPOCHREALTIME
if ! "$bundle" build "$sample" -o "$tmp/sample.sqlite" >"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" generate --services 3000 --seed 4 -o "$tmp/synthetic" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" build "$tmp/synthetic" -o "$tmp/synthetic.sqlite" >>"$tmp/bundle.log" 2>&1 ||
    ! make_voice_free "$tmp/voice_free.sqlite" >>"$tmp/bundle.log" 2>&1 ||
    ! { [ -f "$sample_bundle" ] || { sample_bundle=$tmp/sample.bundle &&
        "$bundle" sign "$tmp/sample.sqlite" --key "$demo_key" -o "$sample_bundle" >>"$tmp/bundle.log" 2>&1; }; } ||
    ! make_version 2 "$tmp/v2.sqlite" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" sign "$tmp/v2.sqlite" --key "$demo_key" -o "$files/v2.bundle" >>"$tmp/bundle.log" 2>&1 ||
    ! make_version 3 "$tmp/v3.sqlite" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" keygen -p "$tmp/other.pub" -s "$tmp/other.key" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" sign "$tmp/v3.sqlite" --key "$tmp/other.key" -o "$files/other-key.bundle" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" install "$sample_bundle" --store "$tmp/store-v1" --pubkey "$demo_pub" >>"$tmp/bundle.log" 2>&1 ||
    ! cp -a "$tmp/store-v1" "$tmp/store-v2" ||
    ! "$bundle" install "$files/v2.bundle" --store "$tmp/store-v2" --pubkey "$demo_pub" >>"$tmp/bundle.log" 2>&1 ||
    ! make_correction "$tmp/correction.sqlite" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" sign "$tmp/correction.sqlite" --key "$demo_key" -o "$files/correction.bundle" >>"$tmp/bundle.log" 2>&1 ||
    ! cp -a "$tmp/store-v1" "$tmp/store-correction" ||
    ! "$bundle" install "$files/correction.bundle" --store "$tmp/store-correction" --pubkey "$demo_pub" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" import-hsds "$repo/tests/data/hsds" -o "$tmp/src-hsds" --title "みなと市 こころの相談先" --publisher "みなと市" \
        --version 2 --valid-until 2027-12-31 --region 27 --checked 2026-11-21 >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" build "$tmp/src-hsds" -o "$tmp/hsds.sqlite" >>"$tmp/bundle.log" 2>&1 ||
    ! "$bundle" sign "$tmp/hsds.sqlite" --key "$demo_key" -o "$files/hsds.bundle" >>"$tmp/bundle.log" 2>&1; then
    cat "$tmp/bundle.log" >&2
    echo "cannot build the catalogues and bundles"
    echo "0 passed, 1 failed"
    exit 1
fi
# One byte of the catalogue inverted after signing (byte 4096 of the file lies
# inside catalog.sqlite, whichever member comes first: the signature member
# takes 1024 bytes with its header).
cp "$files/v2.bundle" "$files/tampered.bundle"
byte=$(od -An -tu1 -j4096 -N1 "$files/tampered.bundle" | tr -d ' ')
printf "\\$(printf '%03o' $((byte ^ 255)))" | dd of="$files/tampered.bundle" bs=1 seek=4096 conv=notrunc status=none

passed=0 failed=0
for size in $sizes; do
    for flow_file in "$here"/flows/*.txt; do
        flow=$(basename "$flow_file" .txt)
        if [ -n "${GUI_FLOWS_ONLY:-}" ] && [ "$flow" != "$GUI_FLOWS_ONLY" ]; then continue; fi
        # Its own store and inbox; the synthetic catalogue through --catalogue.
        run_dir=$tmp/run-$size-$flow
        rm -rf "$run_dir" && mkdir -p "$run_dir/inbox"
        store_from=$tmp/store-v1
        [ "$(sed -n 's/^# store: //p' "$flow_file" | head -1)" = v2 ] && store_from=$tmp/store-v2
        [ "$(sed -n 's/^# store: //p' "$flow_file" | head -1)" = correction ] && store_from=$tmp/store-correction
        for name in $(sed -n 's/^# inbox: //p' "$flow_file" | head -1); do cp "$files/$name.bundle" "$run_dir/inbox/"; done
        first_run=
        if [ "$(sed -n 's/^# store: //p' "$flow_file" | head -1)" = empty ]; then
            # A kiosk just installed (docs/deploy.md "Setting up"): no store yet,
            # no trusted key, no PIN, no site file — the setup screens. A folder
            # stands in for the USB stick the publisher sent (its key, another
            # key, the sample bundle), watched as /media is; another for
            # /dev/usb, holding lp0, a file standing in for a USB printer
            # (checked below: an ESC/POS job), and a fake network printer on
            # 127.0.0.1 answers the status queries and keeps what it is sent
            # (its port: $MADOGUCHI_FLOW_PRINTER_PORT, for the script to type).
            first_run=1
            mkdir -p "$run_dir/usb-stick/MADOGUCHI" "$run_dir/usb-printers"
            cp "$demo_pub" "$run_dir/usb-stick/MADOGUCHI/publisher.pub"
            cp "$tmp/other.pub" "$run_dir/usb-stick/MADOGUCHI/other.pub"
            cp "$sample_bundle" "$run_dir/usb-stick/MADOGUCHI/sample.bundle"
            : >"$run_dir/usb-printers/lp0"
            net_file=$tmp/net-printer-$size-$flow.bin
            : >"$net_file"
            port_file=$tmp/port-$size-$flow
            python3 - "$port_file" "$net_file" <<'PY' &
import socket, sys
port_file, job_file = sys.argv[1], sys.argv[2]
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
open(port_file, "w").write(str(s.getsockname()[1]))
s.settimeout(90)
# Every connection: DLE EOT n answered (1 online, 2 cover closed, 4 paper
# present: fixed bits 1 and 4 only), everything else kept.
try:
    while True:
        c, _ = s.accept(); c.settimeout(10)
        got = b""
        try:
            while True:
                chunk = c.recv(65536)
                if not chunk: break
                got += chunk
                while True:
                    i = got.find(b"\x10\x04")
                    if i < 0 or len(got) < i + 3: break
                    c.sendall(bytes([0x12]))
                    got = got[:i] + got[i + 3:]
        except socket.timeout:
            pass
        open(job_file, "ab").write(got)
        c.close()
except Exception:
    pass
PY
            printer_pid=$!
            for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
            bundle_args=(--store "$run_dir/store" --watch "$run_dir/usb-stick" --usb-printers "$run_dir/usb-printers")
        else
            cp -a "$store_from" "$run_dir/store"
            bundle_args=(--store "$run_dir/store" --pubkey "$demo_pub" --watch "$run_dir/inbox")
        fi
        dev_catalogue=
        if grep -q '^# catalogue: synthetic' "$flow_file"; then
            dev_catalogue=$tmp/synthetic.sqlite
            bundle_args+=(--catalogue "$dev_catalogue")
        fi
        if grep -q '^# catalogue: voice-free' "$flow_file"; then
            dev_catalogue=$tmp/voice_free.sqlite
            bundle_args+=(--catalogue "$dev_catalogue")
        fi
        # `# printer: device` prints to a file standing in for /dev/usb/lp0 (checked
        # below: an ESC/POS job); `# printer: absent` points at a loopback port
        # nobody listens on.
        config=$repo/assets/madoguchi.toml
        pin=$(sed -n 's/^# admin-pin: //p' "$flow_file" | head -1)
        printer_file=
        silent_file=
        case "$(sed -n 's/^# printer: //p' "$flow_file" | head -1)" in
            device)
                printer_file=$tmp/printer-$size-$flow.bin
                : >"$printer_file"
                config=$tmp/config-$size-$flow.toml
                sed -e 's|^kind = "none"|kind = "device"|' -e "s|^target = \"\"|target = \"$printer_file\"|" "$repo/assets/madoguchi.toml" >"$config" ;;
            silent)
                # A printer that takes the connection, reads, and never answers,
                # with a 20 s timeout: a kiosk printing in the frame would freeze
                # here. What it receives after the paper query is kept (checked
                # below: nothing of the slip may arrive once the visitor has gone).
                port_file=$tmp/port-$size-$flow
                silent_file=$tmp/silent-$size-$flow.bin
                : >"$silent_file"
                python3 - "$port_file" "$silent_file" <<'PY' &
import socket, sys, time
port_file, out = sys.argv[1], sys.argv[2]
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(port_file, "w").write(str(s.getsockname()[1]))
s.settimeout(60)
try:
    c, _ = s.accept(); c.settimeout(0.2)
    got, end = b"", time.time() + 25
    while time.time() < end:
        try:
            chunk = c.recv(65536)
            if not chunk: break
            got += chunk
        except socket.timeout:
            pass
    q = got.find(b"\x10\x04\x04")
    open(out, "wb").write(got[q + 3:] if q >= 0 else got)
    c.close()
except Exception:
    pass
PY
                printer_pid=$!
                for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
                config=$tmp/config-$size-$flow.toml
                sed -e 's|^kind = "none"|kind = "tcp"|' -e "s|^target = \"\"|target = \"127.0.0.1:$(cat "$port_file")\"|" \
                    -e 's|^timeout_ms = 3000|timeout_ms = 20000|' "$repo/assets/madoguchi.toml" >"$config" ;;
            paper-out|loopback|near-end)
                # A fake printer on 127.0.0.1 (a free port), taking one connection
                # after another (the admin screen asks for the status, then a slip
                # is printed) until the kiosk has exited. It answers the real-time
                # status questions DLE EOT 1, 2 and 4 at the start of a connection
                # (ESC/POS replies: fixed bits 0x12). loopback: ready, paper OK;
                # near-end: the roll's near-end sensor set (0x1E); paper-out:
                # offline (0x1A), stopped by paper end (0x32), no paper (0x72).
                # What follows the questions (a slip's job) is appended to the
                # printer file (checked below: ESC @ first).
                mode=$(sed -n 's/^# printer: //p' "$flow_file" | head -1)
                port_file=$tmp/port-$size-$flow
                printer_stop=$tmp/stop-$size-$flow
                [ "$mode" != paper-out ] && printer_file=$tmp/printer-$size-$flow.bin && : >"$printer_file"
                python3 - "$port_file" "$mode" "${printer_file:-/dev/null}" "$printer_stop" <<'PY' &
import os, socket, sys, time
port_file, mode, job_file, stop_file = sys.argv[1:5]
replies = {"loopback": {1: 0x12, 2: 0x12, 4: 0x12},
           "near-end": {1: 0x12, 2: 0x12, 4: 0x1E},
           "paper-out": {1: 0x1A, 2: 0x32, 4: 0x72}}[mode]
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
open(port_file, "w").write(str(s.getsockname()[1]))
s.settimeout(0.2)
end = time.time() + 300
while time.time() < end and not os.path.exists(stop_file):
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    c.settimeout(10)
    got, job = b"", b""
    try:
        while True:
            chunk = c.recv(65536)
            if not chunk: break
            got += chunk
            # Questions come first, three bytes each; anything else is the job.
            while len(got) >= 3 and got[0] == 0x10 and got[1] == 0x04:
                if got[2] in replies: c.sendall(bytes([replies[got[2]]]))
                got = got[3:]
            if got and got[0] != 0x10:
                job += got
                got = b""
    except (socket.timeout, OSError):
        pass
    c.close()
    if job:
        with open(job_file, "ab") as f: f.write(job)
PY
                printer_pid=$!
                for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
                config=$tmp/config-$size-$flow.toml
                sed -e 's|^kind = "none"|kind = "tcp"|' -e "s|^target = \"\"|target = \"127.0.0.1:$(cat "$port_file")\"|" \
                    -e 's|^timeout_ms = 3000|timeout_ms = 2000|' "$repo/assets/madoguchi.toml" >"$config" ;;
            absent)
                config=$tmp/config-$size-$flow.toml
                sed -e 's|^kind = "none"|kind = "tcp"|' -e 's|^target = ""|target = "127.0.0.1:9"|' -e 's|^timeout_ms = 3000|timeout_ms = 300|' \
                    "$repo/assets/madoguchi.toml" >"$config" ;;
        esac
        [ -n "$first_run" ] && printer_file=$run_dir/usb-printers/lp0
        # `# admin-pin:` — the [admin] table gets the hash `madoguchi-bundle pin-hash` prints.
        # A flow that changes the config gets its own copy first.
        own_config() {
            if [ "$config" = "$repo/assets/madoguchi.toml" ]; then
                cp "$config" "$tmp/config-$size-$flow.toml"
                config=$tmp/config-$size-$flow.toml
            fi
        }
        if [ -n "$pin" ]; then
            own_config
            pin_line=$(printf '%s\n' "$pin" | "$bundle" pin-hash 2>>"$tmp/bundle.log")
            if grep -q '^\[admin\]' "$config"; then
                awk -v line="$pin_line" '{ print } /^\[admin\]/ { print line }' "$config" >"$config.new" && mv "$config.new" "$config"
            else
                printf '\n[admin]\n%s\n' "$pin_line" >>"$config"
            fi
        fi
        # `# screen-mm: W H` — the [screen] table says the glass is W x H mm.
        screen_mm=$(sed -n 's/^# screen-mm: //p' "$flow_file" | head -1)
        if [ -n "$screen_mm" ]; then
            own_config
            read -r mm_w mm_h <<<"$screen_mm"
            sed -i -e "s|^width_mm = .*|width_mm = $mm_w|" -e "s|^height_mm = .*|height_mm = $mm_h|" "$config"
        fi
        shots=$out/$size/$flow
        rm -rf "$shots"
        mkdir -p "$shots"
        log=$tmp/$size-$flow.log
        t0=$EPOCHREALTIME
        # `# max-seconds: N` — this flow must finish sooner than the default limit.
        flow_limit=$(sed -n 's/^# max-seconds: //p' "$flow_file" | head -1)
        timeout -k 5 "${flow_limit:-$limit}" env ${preload:+LD_PRELOAD="$preload"} MADOGUCHI_FLOW_FILES="$files" MADOGUCHI_FLOW_INBOX="$run_dir/inbox" \
            MADOGUCHI_FLOW_PRINTER_PORT="$( [ -n "$first_run" ] && cat "$port_file")" \
            "$kiosk" --config "$config" --assets "$repo/assets" "${bundle_args[@]}" \
            --window "$size" --script "$flow_file" --screenshots "$shots" >"$log" 2>&1
        rc=$?
        secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
        n_shots=$(find "$shots" -name '*.png' | wc -l)
        # A sanitizer report or a staff-facing message on stderr fails the flow
        # even when the exit status is 0 (e.g. UBSan in recover mode).
        # (LeakSanitizer's "Suppressions used" table, between two dashed lines,
        # is not a problem.)
        # The one expected staff message: --catalogue shows a file unverified.
        # (`monkey:` is the soak's summary line, `walk-layout:` and `walk-setup:`
        # the layout walks'; they are shown under the PASS line.)
        problems=$(sed '/^-\{20,\}$/,/^-\{20,\}$/d' "$log" | grep -v -e '^screenshot ' -e '^script .* steps passed' -e '^madoguchi: hardening: ' -e '^monkey: ' -e '^walk-layout: ' -e '^walk-setup: ' -e '^keys-walk: ' -e '^bench-scroll: ' -e '^$' |
            grep -vxF "madoguchi: showing ${dev_catalogue:-/nonexistent} WITHOUT checking its signature (development only)" |
            { if [ -n "$first_run" ]; then grep -v -e '^madoguchi: trusted key /etc/madoguchi/publisher.pub: ' -e '^madoguchi: no trusted public key could be read' \
                  -e '^madoguchi: the directory cannot be shown: trusted key /etc/madoguchi/publisher.pub: ' -e '^madoguchi: bundle store: made ' -e '^madoguchi: the directory cannot be shown: no bundle is installed in '; else cat; fi; } | head -20)
        if [ -n "$first_run" ]; then
            kill "$printer_pid" 2>/dev/null
            # The test slip sent to the network printer: an ESC/POS job.
            if ! grep -q $'\x1b@' "$net_file"; then problems="the network printer received no ESC/POS job"; fi
        fi
        # The kiosk has exited: a fake that takes one connection after another stops now.
        [ -n "${printer_stop:-}" ] && : >"$printer_stop"
        if [ -n "${printer_pid:-}" ]; then wait "$printer_pid" 2>/dev/null; printer_pid=; fi
        printer_stop=
        if [ -n "$silent_file" ] && [ -s "$silent_file" ]; then
            problems="the silent printer received $(stat -c %s "$silent_file") bytes of the slip after the session ended"
        fi
        if [ -n "$printer_file" ] && [ "$(head -c 2 "$printer_file" | od -An -tx1 | tr -d ' ')" != "1b40" ]; then
            problems="the printer file $printer_file holds no ESC/POS job (expected ESC @ first)"
        fi
        # `# admin-log TEXT`: the store's admin log must hold a line containing TEXT.
        while read -r text; do
            [ -z "$text" ] && continue
            if ! grep -qF -- "$text" "$run_dir/store/admin.log" 2>/dev/null; then
                problems="the admin log has no line with \"$text\""
                break
            fi
        done < <(sed -n 's/^# admin-log //p' "$flow_file")
        # `# qr SHOT TEXT`: zbarimg must decode, from that screenshot, a code
        # whose text contains a line equal to TEXT (what a phone would read).
        while read -r shot text; do
            [ -z "$shot" ] && continue
            if [ ! -f "$shots/$shot" ]; then problems="no screenshot $shot to scan"; break; fi
            if ! zbarimg --nodbus --quiet --raw -Sdisable -Sqrcode.enable "$shots/$shot" 2>/dev/null | tr -d '\r' | grep -qxF -- "$text"; then
                problems="zbarimg did not read \"$text\" from $shot"
                break
            fi
        done < <(sed -n 's/^# qr //p' "$flow_file")
        if [ $rc -eq 0 ] && [ -z "$problems" ]; then
            passed=$((passed + 1))
            printf 'PASS  %-9s  %-28s %5s s  %2d screenshots\n' "$size" "$flow" "$secs" "$n_shots"
            grep -e '^monkey: ' -e '^walk-layout: ' -e '^walk-setup: ' -e '^keys-walk: ' "$log" | sed 's/^/      /'
        else
            failed=$((failed + 1))
            why=$(grep -m1 -e "$flow_file:" "$log" || true)
            # 137: SIGKILL 5 s after the SIGTERM (in --script mode SDL turns
            # SIGTERM into an SDL_QUIT event that nothing reads).
            if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then why="timed out after ${flow_limit:-$limit} s"; fi
            printf 'FAIL  %-9s  %-28s %5s s  exit %d: %s\n' "$size" "$flow" "$secs" "$rc" "${why:-see below}"
            sed 's/^/      | /' "$log" | grep -v '| screenshot ' | head -60
        fi
    done
done
awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "all flows: %.0f s\n", b - a }'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
