#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/process_bench.sh — the kiosk as a process, side by side with its reference
# points (issue 9): start time, memory, idle cost.
#
# Five programs, measured in the same run, the same way, under one Xvfb screen
# (1920x1080x24) with Mesa's software renderer (LIBGL_ALWAYS_SOFTWARE=1, llvmpipe):
#   floor            madoguchi-floor-window (bench/floor_window.cpp): an SDL2 window
#                    with an OpenGL 3 context made as the kiosk makes it, one cleared
#                    frame, then asleep — what no native kiosk can go under
#   madoguchi sample the kiosk on the demo-signed sample bundle, installed into a
#                    fresh store (as bench/soak.sh does)
#   madoguchi 20k    the kiosk on a 20,000-service synthetic catalogue
#                    (madoguchi-bundle generate --services 20000 --seed 1), its own store
#   Chromium sample  Debian's Chromium --kiosk on the same catalogues exported as one
#   Chromium 20k     static page (madoguchi-bundle export-html), software compositing
#
# Figures:
#   start     process start → pixels on the screen, read from outside by
#             madoguchi-first-paint (bench/first_paint.c: samples of the X root
#             window every 2 ms): "first paint" (first change) and "settled" (last
#             change before 1 s without any); the targets compare "settled". One
#             uncounted warm-up start per program, then RUNS starts, interleaved
#             (floor, kiosk, kiosk, Chromium, Chromium, floor, …) so that load from
#             elsewhere hits all of them alike; median [min–max].
#   memory    one more start per program, left until its CPU time stops growing
#             (≤ 1 tick a second for 3 s in a row, at most 90 s): VmHWM (peak RSS) of the floor and of
#             the kiosk; Chromium: PSS summed over its whole process tree
#             (/proc/PID/smaps_rollup). PSS of the floor and the kiosk and Chromium's
#             summed RSS are shown too, PSS split into anonymous (heap, GL textures,
#             caches: the program's own), file-backed (libraries, fonts, ICU data:
#             shared with every other process that maps them) and shmem (the X
#             server's shared images); then, for the floor and the kiosk, the
#             mappings with the most PSS (/proc/PID/smaps, summed per file; nameless
#             anonymous mappings summed per size, which tells glibc's arenas from
#             big single allocations such as atlas pages or llvmpipe's textures).
#   idle      then untouched for IDLE seconds: CPU time (utime+stime from
#             /proc/PID/stat, summed over the process tree) as % of one core, and
#             what was drawn: madoguchi-first-paint --count-damage asks the X server
#             (DAMAGE extension) for every drawing into any window; one presented
#             frame is one burst of damage. Nothing is added to the kiosk to count.
#
#   bench/process_bench.sh [--quick] [OUT.md]
#     --quick   1 start per program, 10 s idle (a smoke test)
#     OUT.md    the report (also on stdout); default $BUILD_DIR/process-results.md
#   PROCESS_BENCH_BUILD_DIR=build/bench-proc   another Release build directory
#   PROCESS_BENCH_JOBS=1                       build jobs (default: all cores)
#   PROCESS_BENCH_TOP_MAPPINGS=15              rows of the PSS-by-mapping table
#
# Installs the Debian packages it needs (as root or via sudo). Reading the
# kiosk's /proc files needs root: the kiosk makes itself non-dumpable.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ "${1:-}" = "--inner" ]; then
    inner=1
    shift
else
    inner=0
fi

# ---------------------------------------------------------------- outside Xvfb
if [ $inner -eq 0 ]; then
    quick=0
    out=""
    for a in "$@"; do
        case $a in
            --quick) quick=1 ;;
            -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
            -*) echo "process_bench.sh: unknown option $a" >&2; exit 2 ;;
            *) out=$a ;;
        esac
    done
    source scripts/lib/deps.sh
    # Xvfb + Mesa to draw, Chromium to compare with, Xlib + XDamage for the stopwatch.
    PROCESS_BENCH_PACKAGES=(xvfb xauth libgl1-mesa-dri chromium libx11-dev libxdamage-dev)
    ensure_packages "${BUILD_PACKAGES[@]}" "${PROCESS_BENCH_PACKAGES[@]}"

    BUILD_DIR=${PROCESS_BENCH_BUILD_DIR:-build/bench}
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_BENCH=ON -DMADOGUCHI_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" -j "${PROCESS_BENCH_JOBS:-$(nproc)}" \
        --target madoguchi madoguchi-bundle sample_bundle madoguchi-floor-window madoguchi-first-paint
    BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
    [ -n "$out" ] || out=$BUILD_DIR/process-results.md
    case $out in /*) ;; *) out=$repo/$out ;; esac
    bundle=$BUILD_DIR/kiosk/app/madoguchi-bundle

    tmp=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-process-bench.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/inbox" "$tmp/logs"
    echo "Preparing the catalogues in $tmp (the 20k page takes about a minute) …"
    "$bundle" install "$BUILD_DIR/sample.bundle" --store "$tmp/store-sample" --pubkey data/demo-key/demo.pub >"$tmp/logs/install-sample.log" 2>&1 ||
        { cat "$tmp/logs/install-sample.log" >&2; exit 1; }
    "$bundle" generate --services 20000 --seed 1 -o "$tmp/gen20k" >/dev/null
    "$bundle" build "$tmp/gen20k" -o "$tmp/20k.bundle" --sign data/demo-key/demo.key >"$tmp/logs/build-20k.log" 2>&1 ||
        { cat "$tmp/logs/build-20k.log" >&2; exit 1; }
    "$bundle" install "$tmp/20k.bundle" --store "$tmp/store-20k" --pubkey data/demo-key/demo.pub >"$tmp/logs/install-20k.log" 2>&1 ||
        { cat "$tmp/logs/install-20k.log" >&2; exit 1; }
    # The static pages: the same catalogues, built unsigned as plain SQLite files.
    "$bundle" build data/sample -o "$tmp/sample.sqlite" >/dev/null
    "$bundle" build "$tmp/gen20k" -o "$tmp/20k.sqlite" >/dev/null
    "$bundle" export-html "$tmp/sample.sqlite" -o "$tmp/sample.html" --strings assets/strings >/dev/null
    "$bundle" export-html "$tmp/20k.sqlite" -o "$tmp/20k.html" --strings assets/strings >/dev/null

    export PB_BUILD_DIR=$BUILD_DIR PB_TMP=$tmp PB_OUT=$out PB_QUICK=$quick
    rc=0
    env LIBGL_ALWAYS_SOFTWARE=1 DBUS_SESSION_BUS_ADDRESS=disabled: \
        xvfb-run -a -n $((100 + RANDOM % 400)) -s "-screen 0 1920x1080x24 -nolisten tcp" bash "$0" --inner || rc=$?
    [ $rc -eq 0 ] || { echo "process_bench.sh: the measurement failed (exit $rc); logs were in $tmp/logs:" >&2; tail -n 20 "$tmp"/logs/*.log >&2 || true; }
    exit $rc
fi

# ---------------------------------------------------------------- inside Xvfb
BUILD_DIR=$PB_BUILD_DIR
tmp=$PB_TMP
out=$PB_OUT
if [ "$PB_QUICK" = 1 ]; then runs=1 idle=10; else runs=${PROCESS_BENCH_RUNS:-5} idle=${PROCESS_BENCH_IDLE:-60}; fi
settle_ms=1000
TOP_MAPPINGS=${PROCESS_BENCH_TOP_MAPPINGS:-15}
fp=$BUILD_DIR/bench/madoguchi-first-paint
floor=$BUILD_DIR/bench/madoguchi-floor-window
kiosk=$BUILD_DIR/kiosk/app/madoguchi
hz=$(getconf CLK_TCK)

names=(floor k_sample k_20k c_sample c_20k)
declare -A title=([floor]="floor" [k_sample]="madoguchi sample" [k_20k]="madoguchi 20k" [c_sample]="Chromium sample" [c_20k]="Chromium 20k")

# The command line of program $1; Chromium gets a copy of its warmed profile as $2.
command_of() {
    case $1 in
        floor) echo "$floor --window 1920x1080" ;;
        k_sample | k_20k)
            local store=$tmp/store-${1#k_}
            echo "$kiosk --config $repo/assets/madoguchi.toml --assets $repo/assets --store $store --pubkey $repo/data/demo-key/demo.pub --watch $tmp/inbox --window 1920x1080" ;;
        c_sample | c_20k)
            # Closed network: no background connections (cpp.md); root: no sandbox.
            # Translate off: its bubble over a Japanese page would keep painting.
            echo "chromium --kiosk --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-features=Translate --noerrdialogs --password-store=basic --user-data-dir=$2 --window-position=0,0 --window-size=1920,1080 file://$tmp/${1#c_}.html" ;;
    esac
}

# Start program $1 under the stopwatch. Prints "first settled pid"; with $2 = keep
# the program stays running (the caller ends it). Chromium's profile is $3: a
# copy of the warmed profile (made by the uncounted first start and closed
# cleanly, as a kiosk's Chromium would have it) when that exists, else new.
start_once() {
    local name=$1 keep=${2:-} profile=${3:-} line
    if [[ $name == c_* ]] && [ -d "$tmp/profile-$name" ] && [ "$profile" != "$tmp/profile-$name" ]; then
        rm -rf "$profile"
        cp -a "$tmp/profile-$name" "$profile"
    fi
    # shellcheck disable=SC2046
    line=$("$fp" --settle $settle_ms --timeout 60000 ${keep:+--keep} -- $(command_of "$name" "$profile") 2>>"$tmp/logs/$name.log") || {
        echo "process_bench.sh: $name did not paint (see $tmp/logs/$name.log)" >&2
        tail -n 15 "$tmp/logs/$name.log" >&2
        return 1
    }
    local first settled pid
    first=$(sed -n 's/.*first_paint_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    settled=$(sed -n 's/.*settled_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    pid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$line")
    echo "$first $settled $pid"
}

# The process and all its descendants.
tree_of() {
    ps -e -o pid=,ppid= | awk -v root="$1" '
        { parent[$1] = $2; pids[NR] = $1 }
        END {
            inside[root] = 1; print root
            do { more = 0
                 for (i in pids) { p = pids[i]
                     if (!(p in inside) && (parent[p] in inside)) { inside[p] = 1; print p; more = 1 } }
            } while (more)
        }'
}

# utime+stime in ticks, summed over the tree of $1.
tree_ticks() {
    local p sum=0 f
    for p in $(tree_of "$1"); do
        f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
        f=${f##*) }  # fields after "(comm) "
        # shellcheck disable=SC2086
        set -- $f
        sum=$((sum + ${12} + ${13}))  # utime, stime: fields 14 and 15
    done
    echo $sum
}

# A field of /proc/PID/status or smaps_rollup, in kB, summed over the tree of $1.
tree_kb() {
    local root=$1 file=$2 key=$3 p sum=0 v
    for p in $(tree_of "$root"); do
        v=$(awk -v k="$key:" '$1 == k { print $2 }' "/proc/$p/$file" 2>/dev/null || true)
        sum=$((sum + ${v:-0}))
    done
    echo $sum
}

end_tree() {
    local pid=$1 p
    local all
    all=$(tree_of "$pid")
    kill -TERM -- "-$pid" 2>/dev/null || true
    for p in $all; do kill -TERM "$p" 2>/dev/null || true; done
    for _ in $(seq 50); do
        local alive=0
        for p in $all; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive -eq 0 ] && return 0
        sleep 0.1
    done
    for p in $all; do kill -KILL "$p" 2>/dev/null || true; done
}

declare -A firsts settleds
echo "Warm-up: one uncounted start of each (page cache, Chromium's profile) …" >&2
for n in "${names[@]}"; do
    read -r _ _ pid < <(start_once "$n" keep "$tmp/profile-$n") || exit 1
    end_tree "$pid"  # a clean end: Chromium writes its profile and will not offer to restore
done
for r in $(seq "$runs"); do
    for n in "${names[@]}"; do
        read -r f s _ < <(start_once "$n" "" "$tmp/run-profile-$n") || exit 1
        firsts[$n]+="$f "
        settleds[$n]+="$s "
        echo "  start $r/$runs ${title[$n]}: first paint $f ms, settled $s ms" >&2
    done
done

# PSS per mapping, summed over the tree of $1: "name<TAB>kB<TAB>mappings" lines.
# A file's mappings (text, data, …) count as one, under the file's name; a
# nameless anonymous mapping is "[anon N kB]", summed with the others of its size.
smaps_groups() {
    local p
    for p in $(tree_of "$1"); do cat "/proc/$p/smaps" 2>/dev/null || true; done | awk '
        $1 ~ /^[0-9a-f]+-[0-9a-f]+$/ {
            if (NF >= 6) { key = $6; for (i = 7; i <= NF; i++) key = key " " $i; sub(/.*\//, "", key) } else key = ""
            next
        }
        $1 == "Size:" { size = $2; next }
        $1 == "Pss:" { k = key == "" ? "[anon " size " kB]" : key; pss[k] += $2; n[k]++ }
        END { for (k in pss) printf "%s\t%d\t%d\n", k, pss[k], n[k] }'
}

declare -A pss_anon pss_file pss_shmem
declare -A hwm rss pss hwm_after ticks frames damage windows quiet_s nproc_of
for n in "${names[@]}"; do
    echo "  memory and ${idle} s idle: ${title[$n]} …" >&2
    read -r _ _ pid < <(start_once "$n" keep "$tmp/run-profile-$n") || exit 1
    # Settled on screen is not done (Chromium goes on parsing a large page): wait
    # until the CPU time of the whole tree stops growing.
    t_quiet=$EPOCHREALTIME
    prev=$(tree_ticks "$pid") calm=0
    for _ in $(seq 90); do
        sleep 1
        now=$(tree_ticks "$pid")
        if [ $((now - prev)) -le 1 ]; then calm=$((calm + 1)); else calm=0; fi
        [ $calm -ge 3 ] && break
        prev=$now
    done
    quiet_s[$n]=$(awk -v a="$t_quiet" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
    nproc_of[$n]=$(tree_of "$pid" | wc -l)
    hwm[$n]=$(tree_kb "$pid" status VmHWM)
    rss[$n]=$(tree_kb "$pid" status VmRSS)
    pss[$n]=$(tree_kb "$pid" smaps_rollup Pss)
    pss_anon[$n]=$(tree_kb "$pid" smaps_rollup Pss_Anon)
    pss_file[$n]=$(tree_kb "$pid" smaps_rollup Pss_File)
    pss_shmem[$n]=$(tree_kb "$pid" smaps_rollup Pss_Shmem)
    [[ $n == c_* ]] || smaps_groups "$pid" >"$tmp/smaps-$n.tsv"
    t0=$(tree_ticks "$pid")
    dmg=$("$fp" --count-damage "$idle")
    t1=$(tree_ticks "$pid")
    hwm_after[$n]=$(tree_kb "$pid" status VmHWM)
    ticks[$n]=$((t1 - t0))
    damage[$n]=$(sed -n 's/.*damage_events=\([0-9]*\).*/\1/p' <<<"$dmg")
    frames[$n]=$(sed -n 's/.*damage_bursts=\([0-9]*\).*/\1/p' <<<"$dmg")
    windows[$n]=$(sed -n 's/.*windows_made=\([0-9]*\).*/\1/p' <<<"$dmg")
    end_tree "$pid"
done

# ---------------------------------------------------------------- the report
stats() {  # median [min–max] of the numbers given
    tr ' ' '\n' <<<"$*" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        if (NR == 1) printf "%.0f", m; else printf "%.0f [%.0f–%.0f]", m, v[1], v[NR] }'
}
median() { tr ' ' '\n' <<<"$*" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
calc() { awk "BEGIN { $1 }"; }

declare -A med_first med_settled
for n in "${names[@]}"; do
    med_first[$n]=$(median "${firsts[$n]}")
    med_settled[$n]=$(median "${settleds[$n]}")
done
yes_no() { [ "$1" = 1 ] && echo yes || echo "**no**"; }

# start: settled ≤ floor + 100 ms (sample) and + 150 ms (20k), issue 22; and
# ≤ 1/5 of Chromium's (same catalogue)
start_ratio="" start_met=""
declare -A start_allow=([sample]=100 [20k]=150)
for c in sample 20k; do
    k=${med_settled[k_$c]} fl=${med_settled[floor]} ch=${med_settled[c_$c]}
    start_ratio+="$c: floor $(calc "printf \"%+.0f\", $k - $fl") ms, $(calc "printf \"%.2f\", $k / $ch") × Chromium; "
    start_met+="$c $(yes_no "$(calc "print ($k <= $fl + ${start_allow[$c]} && $k <= $ch / 5) ? 1 : 0")"); "
done
first_ratio=""
for c in sample 20k; do
    first_ratio+="$c: floor $(calc "printf \"%+.0f\", ${med_first[k_$c]} - ${med_first[floor]}") ms, $(calc "printf \"%.2f\", ${med_first[k_$c]} / ${med_first[c_$c]}") × Chromium; "
done
# memory: kiosk VmHWM ≤ floor + 40 MiB (sample) / + 60 MiB (20k) (issue 22), ≤ 1/4
# of Chromium's PSS. PSS above the floor's is said beside it, not compared.
mem_ratio="" mem_met="" pss_ratio=""
for c in sample 20k; do
    allow=40
    [ $c = 20k ] && allow=60
    k=${hwm[k_$c]} fl=${hwm[floor]} ch=${pss[c_$c]}
    mem_ratio+="$c: floor +$(calc "printf \"%.1f\", ($k - $fl) / 1024") MiB, $(calc "printf \"%.2f\", $k / $ch") × Chromium; "
    mem_met+="$c $(yes_no "$(calc "print (($k - $fl) / 1024 <= $allow && $k <= $ch / 4) ? 1 : 0")"); "
    pss_ratio+="$c: floor +$(calc "printf \"%.1f\", (${pss[k_$c]} - ${pss[floor]}) / 1024") MiB (anonymous +$(calc "printf \"%.1f\", (${pss_anon[k_$c]} - ${pss_anon[floor]}) / 1024")); "
done
# idle: 0 frames, ≤ 0.1 % of one core
pct() { calc "printf \"%.3f\", ${ticks[$1]} / $hz / $idle * 100"; }
idle_met="" frames_met=""
for n in k_sample k_20k; do
    idle_met+="${title[$n]#madoguchi } $(yes_no "$(calc "print (${ticks[$n]} / $hz / $idle * 100 <= 0.1) ? 1 : 0")"); "
    frames_met+="${title[$n]#madoguchi } $(yes_no "$([ "${frames[$n]}" = 0 ] && echo 1 || echo 0)"); "
done

row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
pss_parts() { echo "$(mib "${pss_anon[$1]}") / $(mib "${pss_file[$1]}") / $(mib "${pss_shmem[$1]}")"; }
# The mappings with the most PSS in the kiosk (either catalogue), beside the
# floor's: one row per name, the TOP largest, "MiB (×mappings)".
top_mappings() {
    local top=$1
    cat "$tmp/smaps-k_sample.tsv" "$tmp/smaps-k_20k.tsv" | sort -t$'\t' -k2,2nr | cut -f1 | awk '!seen[$0]++' | head -n "$top" |
        while IFS= read -r name; do
            printf '| %s |' "$name"
            for n in floor k_sample k_20k; do
                awk -F'\t' -v k="$name" '$1 == k { printf " %.1f (×%d)", $2 / 1024, $3; found = 1 } END { if (!found) printf " –" }' "$tmp/smaps-$n.tsv"
                printf ' |'
            done
            echo
        done
}
mesa=$(dpkg-query -W -f='${Version}' libgl1-mesa-dri 2>/dev/null || echo unknown)
renderer=$(glxinfo -B 2>/dev/null | sed -n 's/.*OpenGL renderer string: //p' || true)
{
    echo "Process-level benchmark (bench/process_bench.sh$([ "$PB_QUICK" = 1 ] && echo " --quick")): $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk 'NR == 1 { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load average before the report $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "madoguchi $("$kiosk" --version | awk '{ print $2 }') ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet 2>/dev/null || echo ', with uncommitted changes'), $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")); $(chromium --version 2>/dev/null | head -1); Mesa $mesa${renderer:+ ($renderer)}; SDL $(dpkg-query -W -f='${Version}' libsdl2-2.0-0 2>/dev/null); Xvfb $(dpkg-query -W -f='${Version}' xvfb 2>/dev/null), screen 1920x1080x24; Linux $(uname -r)."
    echo "Catalogues: sample (data/sample, $(du -k "$tmp/store-sample" | tail -1 | cut -f1) kB store, $(($(stat -c %s "$tmp/sample.html") / 1024)) kB page) and 20k synthetic services ($(($(stat -c %s "$tmp/20k.bundle") / 1048576)) MiB bundle, $(($(stat -c %s "$tmp/20k.html") / 1048576)) MiB page). Windows 1920x1080; Chromium --kiosk, software compositing (--disable-gpu), a warmed profile copied fresh for each start."
    echo "Start: $runs start(s) of each after one uncounted warm-up, interleaved; median [min–max]. Memory after the CPU went quiet (3 s in a row with ≤ 1 tick a second; s after settled, quiet seconds included: floor ${quiet_s[floor]}, kiosk ${quiet_s[k_sample]} / ${quiet_s[k_20k]}, Chromium ${quiet_s[c_sample]} / ${quiet_s[c_20k]}); Chromium ran ${nproc_of[c_sample]} / ${nproc_of[c_20k]} processes. Idle: ${idle} s untouched."
    echo
    row figure floor "madoguchi sample" "madoguchi 20k" "Chromium sample" "Chromium 20k" ratios target "met?"
    row --- --- --- --- --- --- --- --- ---
    row "start → first paint, ms" "$(stats "${firsts[floor]}")" "$(stats "${firsts[k_sample]}")" "$(stats "${firsts[k_20k]}")" \
        "$(stats "${firsts[c_sample]}")" "$(stats "${firsts[c_20k]}")" "${first_ratio%; }" "(shown only)" ""
    row "start → settled, ms (compared)" "$(stats "${settleds[floor]}")" "$(stats "${settleds[k_sample]}")" "$(stats "${settleds[k_20k]}")" \
        "$(stats "${settleds[c_sample]}")" "$(stats "${settleds[c_20k]}")" "${start_ratio%; }" "≤ floor + 100 ms (sample), + 150 ms (20k); ≤ 1/5 of Chromium" "${start_met%; }"
    row "peak memory, MiB (VmHWM; Chromium: PSS of all its processes)" "$(mib "${hwm[floor]}")" "$(mib "${hwm[k_sample]}")" "$(mib "${hwm[k_20k]}")" \
        "$(mib "${pss[c_sample]}")" "$(mib "${pss[c_20k]}")" "${mem_ratio%; }" "≤ floor + 40 MiB (sample), + 60 MiB (20k); ≤ 1/4 of Chromium" "${mem_met%; }"
    row "PSS, MiB (all processes)" "$(mib "${pss[floor]}")" "$(mib "${pss[k_sample]}")" "$(mib "${pss[k_20k]}")" \
        "$(mib "${pss[c_sample]}")" "$(mib "${pss[c_20k]}")" "${pss_ratio%; }" "(shown only)" ""
    row "PSS anonymous / file-backed / shmem, MiB" "$(pss_parts floor)" "$(pss_parts k_sample)" "$(pss_parts k_20k)" \
        "$(pss_parts c_sample)" "$(pss_parts c_20k)" "" "(shown only)" ""
    row "RSS, MiB (summed over processes)" "$(mib "${rss[floor]}")" "$(mib "${rss[k_sample]}")" "$(mib "${rss[k_20k]}")" \
        "$(mib "${rss[c_sample]}")" "$(mib "${rss[c_20k]}")" "" "(shown only)" ""
    row "VmHWM after the idle time, MiB (summed)" "$(mib "${hwm_after[floor]}")" "$(mib "${hwm_after[k_sample]}")" "$(mib "${hwm_after[k_20k]}")" \
        "$(mib "${hwm_after[c_sample]}")" "$(mib "${hwm_after[c_20k]}")" "" "(shown only)" ""
    row "idle CPU over ${idle} s, ticks (1/$hz s) → % of one core" "${ticks[floor]} → $(pct floor)" "${ticks[k_sample]} → $(pct k_sample)" \
        "${ticks[k_20k]} → $(pct k_20k)" "${ticks[c_sample]} → $(pct c_sample)" "${ticks[c_20k]} → $(pct c_20k)" "" "≤ 0.1 % of one core" "${idle_met%; }"
    row "idle frames over ${idle} s (damage bursts / events; windows made)" "${frames[floor]} / ${damage[floor]}; ${windows[floor]}" \
        "${frames[k_sample]} / ${damage[k_sample]}; ${windows[k_sample]}" "${frames[k_20k]} / ${damage[k_20k]}; ${windows[k_20k]}" \
        "${frames[c_sample]} / ${damage[c_sample]}; ${windows[c_sample]}" "${frames[c_20k]} / ${damage[c_20k]}; ${windows[c_20k]}" "" "0 frames" "${frames_met%; }"
    echo
    echo "Where the PSS is: the $((TOP_MAPPINGS)) mappings with the most PSS in the kiosk, MiB (×mappings); a file's mappings summed under its name, nameless anonymous ones per size."
    echo
    echo "| mapping | floor | madoguchi sample | madoguchi 20k |"
    echo "| --- | --- | --- | --- |"
    top_mappings "$TOP_MAPPINGS"
} | tee "$out"
echo
echo "Written to $out" >&2
