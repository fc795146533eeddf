#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/run.sh — every benchmark of docs/performance.md, in one command.
#
# Builds what it needs (Release, build/bench), makes the sample catalogue and
# synthetic catalogues of 20,000 and 100,000 services (the foundation's
# generator, `madoguchi-bundle generate`, fixed seeds), then runs:
#   1. text     bench/text_bench.cpp     fonts, atlas and layout on every sample string
#   2. core     bench/core_bench.cpp     search per keystroke (20k, 100k), verify +
#                                        install of a signed 20k bundle, slip + ESC/POS
#   3. scroll   bench/scroll_bench.sh    CPU per frame while dragging the 20k list
#   4. process  bench/process_bench.sh   start → first frame, peak memory, idle —
#                                        beside an empty SDL2 + GL window (the floor)
#                                        and Chromium --kiosk on the catalogue as HTML
#   5. speech   bench/speech_bench.cpp   say() → first audible samples per voice,
#                                        stop() and reset() on the calling thread
# and writes build/bench/results.md: the machine, the date and every figure
# (each part also keeps its own file beside it).
#
#   bench/run.sh            the full run (about 25 minutes on 2 cores)
#   bench/run.sh --quick    one repetition of everything, short idle (a smoke run)
#
# Installs the Debian packages it needs (as root or via sudo). Nothing else
# should run on the machine meanwhile: the figures are timings.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" libharfbuzz-dev libfreetype-dev libfontconfig-dev libstb-dev fonts-noto-cjk fonts-noto-core \
    xvfb xauth libgl1-mesa-dri libx11-dev libxdamage-dev chromium "${SPEECH_PACKAGES[@]}"

quick=
[ "${1:-}" = "--quick" ] && quick=1
BUILD_DIR=build/bench
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_BENCH=ON -DMADOGUCHI_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target madoguchi madoguchi-bundle sample_bundle madoguchi-text-bench \
    madoguchi-core-bench madoguchi-floor-window madoguchi-first-paint madoguchi-speech-bench
bundle=$BUILD_DIR/kiosk/app/madoguchi-bundle
data=$BUILD_DIR/data
mkdir -p "$data"

# Catalogues: the sample, and synthetic ones (made once; the seed fixes them).
"$bundle" build data/sample -o "$BUILD_DIR/sample.sqlite" >/dev/null
for n in 20000 100000; do
    if [ ! -f "$data/syn-$n.sqlite" ] || [ ! -f "$data/syn-$n.bundle" ]; then
        rm -rf "$data/syn-$n"
        "$bundle" generate --services "$n" --seed 1 -o "$data/syn-$n" >/dev/null
        "$bundle" build "$data/syn-$n" -o "$data/syn-$n.sqlite" >/dev/null
        "$bundle" build "$data/syn-$n" -o "$data/syn-$n.bundle" --sign data/demo-key/demo.key >/dev/null
    fi
done

echo "== 1/5 text"
"$BUILD_DIR/bench/madoguchi-text-bench" "$BUILD_DIR/sample.sqlite" --out "$BUILD_DIR/text-results.md" >/dev/null
echo "== 2/5 core"
"$BUILD_DIR/bench/madoguchi-core-bench" --search "$data/syn-20000.sqlite" --search "$data/syn-100000.sqlite" \
    --bundle "$data/syn-20000.bundle" --pubkey data/demo-key/demo.pub --slip "$BUILD_DIR/sample.sqlite" \
    ${quick:+--repeat 1 --installs 1 --slips 5} --out "$BUILD_DIR/core-results.md" >/dev/null
echo "== 3/5 scroll"
bench/scroll_bench.sh "$BUILD_DIR" "$BUILD_DIR/scroll-results.md" 20000 "$([ -n "$quick" ] && echo 1 || echo 3)" >/dev/null
echo "== 4/5 process"
PROCESS_BENCH_BUILD_DIR=$BUILD_DIR bench/process_bench.sh ${quick:+--quick} "$BUILD_DIR/process-results.md" >/dev/null
echo "== 5/5 speech"
"$BUILD_DIR/bench/madoguchi-speech-bench" --runs "$([ -n "$quick" ] && echo 3 || echo 20)" --out "$BUILD_DIR/speech-results.md" >/dev/null

out=$BUILD_DIR/results.md
{
    echo "# madoguchi benchmarks"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores," \
        "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), Debian $(cat /etc/debian_version)," \
        "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')${quick:+, QUICK (one repetition: not for comparison)}"
    for part in core scroll process text speech; do
        echo
        echo "## $part"
        echo
        cat "$BUILD_DIR/$part-results.md"
    done
} >"$out"
cat "$out"
echo
echo "Written to $out"
