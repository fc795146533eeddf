#!/usr/bin/env bash
# Builds the benchmarks (Release, build/bench), builds the sample catalogue and
# measures the text engine on it. The report goes to stdout and to
# build/bench/text-results.md; docs/text.md ("Results") quotes it.
# Installs the Debian packages it needs (as root or via sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" libharfbuzz-dev libfreetype-dev libfontconfig-dev libstb-dev fonts-noto-cjk fonts-noto-core

BUILD_DIR=build/bench
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_BENCH=ON -DMADOGUCHI_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target madoguchi-bundle madoguchi-text-bench

"$BUILD_DIR/kiosk/app/madoguchi-bundle" build data/sample -o "$BUILD_DIR/sample.sqlite"
"$BUILD_DIR/bench/madoguchi-text-bench" "$BUILD_DIR/sample.sqlite" --out "$BUILD_DIR/text-results.md"
echo
echo "Written to $BUILD_DIR/text-results.md"
