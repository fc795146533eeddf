#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/soak.sh — the long monkey soak (issue 7; docs/soak.md quotes it).
#
# Builds the kiosk Release (build/bench, as bench/run.sh does), installs the
# demo-signed sample bundle into a fresh store and plays `monkey STEPS SEED`
# (kiosk/app/script_player.hpp) once per seed in one window size, under Xvfb
# with Mesa's software renderer and the documented defaults
# (assets/madoguchi.toml: idle 90 s, countdown 30 s). The monkey checks its own
# bounds and exits 1 when one breaks; this script reports every seed anyway and
# exits 1 if any failed. The table goes to stdout and to
# build/bench/soak-results.md, each run's output to build/bench/soak-logs/.
#
#   bench/soak.sh                                    100000 steps, seeds 1 2 3, 1280x800
#   SOAK_STEPS=20000 SOAK_SEEDS="4 5" SOAK_SIZE=1920x1080 bench/soak.sh
#   SOAK_BUILD_DIR=build/soak bench/soak.sh          another Release build directory
#
# Time: llvmpipe draws every frame (about 3.5 frames a step, 8 ms each at
# 1280x800 on 2 cores), so 100000 steps take about an hour per seed.
# Installs the Debian packages it needs (as root or via sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" xvfb xauth libgl1-mesa-dri

steps=${SOAK_STEPS:-100000}
seeds=${SOAK_SEEDS:-"1 2 3"}
size=${SOAK_SIZE:-1280x800}

BUILD_DIR=${SOAK_BUILD_DIR:-build/bench}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_BENCH=ON -DMADOGUCHI_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target madoguchi madoguchi-bundle sample_bundle
kiosk=$BUILD_DIR/kiosk/app/madoguchi
bundle=$BUILD_DIR/kiosk/app/madoguchi-bundle

tmp=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-soak.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
out=$BUILD_DIR/soak-results.md
{
    echo "Monkey soak, window $size, Release build, Xvfb + llvmpipe, $(nproc) cores, $(date -u +%Y-%m-%d)."
    echo
    echo "| seed | steps | result | wall | frames | screens | heap after warm-up → end | heap by tenth (MiB vs. warm-up) | peak heap | RSS after warm-up → end | GL textures settled, max | atlas pages max |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} >"$out"
cat "$out"

failed=0
for seed in $seeds; do
    run=$tmp/seed-$seed
    mkdir -p "$run/inbox" "$run/shots" "$BUILD_DIR/soak-logs"
    "$bundle" install "$BUILD_DIR/sample.bundle" --store "$run/store" --pubkey data/demo-key/demo.pub >"$run/install.log" 2>&1 ||
        { cat "$run/install.log" >&2; exit 1; }
    echo "monkey $steps $seed" >"$run/soak.txt"
    t0=$EPOCHREALTIME
    rc=0
    env LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -n $((100 + RANDOM % 400)) -s "-screen 0 2000x2000x24 -nolisten tcp" \
        "$kiosk" --config "$repo/assets/madoguchi.toml" --assets "$repo/assets" --store "$run/store" \
        --pubkey data/demo-key/demo.pub --watch "$run/inbox" --window "$size" --script "$run/soak.txt" \
        --screenshots "$run/shots" >"$run/log" 2>&1 || rc=$?
    cp "$run/log" "$BUILD_DIR/soak-logs/seed-$seed.log"
    wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { s = b - a; printf "%d min %02d s", s / 60, s % 60 }')
    line=$(grep -m1 '^monkey: ' "$run/log" || true)
    # The monkey's line, cut into the table's columns (kiosk/app/script_player.cpp
    # writes it; the failure message comes first when a bound broke).
    field() { sed -n "s/.*$1.*/\\1/p" <<<"$line"; }
    result=pass
    if [ $rc -ne 0 ]; then
        why=$(grep -m1 -e 'soak.txt:' "$run/log" | sed 's/^[^ ]* //' || true)
        [ -z "$why" ] && [ $rc -gt 128 ] && why="killed by signal $((rc - 128))"
        result="FAIL: ${why:-exit $rc}"
        failed=1
        { sed 's/^/    | /' "$run/log" | grep -v ' hardening: ' | tail -20 >&2; } || true
    fi
    printf '| %s | %s | %s | %s | %s | %s | %s → %s | %s | %s | %s → %s | %s, %s | %s |\n' "$seed" "$steps" "$result" "$wall" \
        "$(field ' \([0-9]*\) frames;')" "$(field '; screens \([0-9]*\) (')" \
        "$(field ') \([0-9.]* MiB\) after warm-up')" "$(field 'warm-up, \([0-9.]* MiB\) at end')" \
        "$(field 'at end, by tenth \([-+0-9. ]*\) MiB')" "$(field 'peak \([0-9.]* MiB\)')" \
        "$(field 'RSS \([0-9.]* MiB\) ->')" "$(field 'RSS [0-9.]* MiB -> \([0-9.]* MiB (by tenth [-+0-9. ]* MiB)\)')" \
        "$(field 'settled \([0-9]* -> [0-9]*\),')" "$(field 'settled [0-9]* -> [0-9]*, max \([0-9]*\)')" \
        "$(field 'atlas pages max \([0-9]*\)')" | tee -a "$out"
    if [ -n "$line" ]; then echo "$line" >>"$tmp/lines"; fi
done
{
    echo
    echo "The monkey's own lines:"
    echo
    sed 's/^/    /' "$tmp/lines" 2>/dev/null || true
} >>"$out"
echo
echo "Written to $out"
exit $failed
