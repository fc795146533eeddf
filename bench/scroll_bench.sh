#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# scroll_bench.sh — CPU time per frame while a finger drags and flings the
# results list of a 20,000-service catalogue (docs/performance.md). The real
# kiosk (Release) plays a script under Xvfb with Mesa's llvmpipe at 1920x1080:
# はじめる → a concern → 本人 → results, then `bench-scroll 40` (script_player.hpp)
# records every frame's cost: UI CPU (laying the screen out), whole-process
# CPU (UI, ImGui, llvmpipe rasterizing and presenting) and wall time, and
# what a still frame of the same screen costs (the rasterizer's share), and
# the share of the frame's pixels drawn again (partial redraw: docs/kiosk.md
# "Drawing only what changed"). RUNS runs (default 3) at each SIZE (default
# 1920x1080 and 1080x1920), each a fresh process; one Markdown row per run.
# SCROLL_BENCH_ARGS passes more options to the kiosk (e.g. --full-redraw).
#
#   bench/scroll_bench.sh BUILD_DIR OUT.md [SERVICES] [RUNS] [SIZES]
#
# BUILD_DIR holds a Release build with madoguchi and madoguchi-bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 out=$2 services=${3:-20000} runs=${4:-3} sizes=${5:-"1920x1080 1080x1920"}
kiosk=$build/kiosk/app/madoguchi bundle=$build/kiosk/app/madoguchi-bundle
tmp=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-scroll.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$bundle" generate --services "$services" --seed 1 -o "$tmp/src" >/dev/null
"$bundle" build "$tmp/src" -o "$tmp/syn.bundle" --sign data/demo-key/demo.key >/dev/null
"$bundle" install "$tmp/syn.bundle" --store "$tmp/store" --pubkey data/demo-key/demo.pub >/dev/null
mkdir -p "$tmp/inbox" "$tmp/shots"
cat >"$tmp/scroll.txt" <<'SCRIPT'
tap attract.start
tap concern.alcohol
tap who.self
expect screen results
bench-scroll 40
SCRIPT
{
    echo "| size | run | strokes, frames | UI CPU p50 / p99 / max (ms) | whole frame CPU p50 / p99 / max (ms) | wall p50 / p99 / max (ms) | still frame CPU p50 (ms) | pixels drawn again p50 / max |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
} >"$out"
for size in $sizes; do
for run in $(seq "$runs"); do
    # shellcheck disable=SC2086
    LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 ${size}x24 -nolisten tcp" \
        "$kiosk" --config assets/madoguchi.toml --assets assets --store "$tmp/store" --pubkey data/demo-key/demo.pub \
        --watch "$tmp/inbox" --window "$size" --script "$tmp/scroll.txt" --screenshots "$tmp/shots" ${SCROLL_BENCH_ARGS:-} >"$tmp/log" 2>&1 ||
        { grep -v ' hardening: ' "$tmp/log" >&2; exit 1; }
    line=$(grep -m1 '^bench-scroll: ' "$tmp/log")
    f() { sed -n "s/.*$1.*/\\1/p" <<<"$line"; }
    printf '| %s | %s | %s, %s | %s / %s / %s | %s / %s / %s | %s / %s / %s | %s | %s / %s |\n' "$size" "$run" "$(f 'bench-scroll: \([0-9]*\) strokes')" \
        "$(f 'strokes, \([0-9]*\) frames')" "$(f 'UI CPU ms p50 \([0-9.]*\)')" "$(f 'UI CPU ms p50 [0-9.]* p99 \([0-9.]*\)')" \
        "$(f 'UI CPU ms p50 [0-9.]* p99 [0-9.]* max \([0-9.]*\)')" "$(f 'llvmpipe) p50 \([0-9.]*\)')" \
        "$(f 'llvmpipe) p50 [0-9.]* p99 \([0-9.]*\)')" "$(f 'llvmpipe) p50 [0-9.]* p99 [0-9.]* max \([0-9.]*\)')" \
        "$(f 'wall ms p50 \([0-9.]*\)')" "$(f 'wall ms p50 [0-9.]* p99 \([0-9.]*\)')" "$(f 'wall ms p50 [0-9.]* p99 [0-9.]* max \([0-9.]*\)')" \
        "$(f 'still frame CPU ms p50 \([0-9.]*\)')" "$(f 'redrawn share p50 \([0-9.]*\)')" "$(f 'redrawn share p50 [0-9.]* max \([0-9.]*\)')" >>"$out"
done
done
echo >>"$out"
echo "Drawn by: $(sed -n 's/^script .*frames drawn; //p' "$tmp/log" | head -1)." >>"$out"
cat "$out"
