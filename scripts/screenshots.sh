#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# screenshots.sh — the kiosk's main screens in every language, for
# docs/screenshots/languages/ and for people to look at (no tofu, no clipping,
# furigana above the right characters). Builds like run.sh (Release), installs
# the demo-signed sample into a store, and plays one short script per language
# under Xvfb at 1920x1080: attract, concern, results (large text too), detail,
# guides, take-away list; then a tall screen (1080x1920, bottom-weighted) and
# high contrast with large text.
#
#   ./scripts/screenshots.sh [OUT_DIR]     (default docs/screenshots/languages)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" xvfb xauth libgl1-mesa-dri

out=${1:-docs/screenshots/languages}
build=build/release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target madoguchi madoguchi-bundle sample_bundle >/dev/null
app=$build/kiosk/app
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$app/madoguchi-bundle" install "$build/sample.bundle" --store "$tmp/store" --pubkey data/demo-key/demo.pub >/dev/null 2>&1
mkdir -p "$tmp/inbox" "$out"

for lang in ja ja-x-easy en zh-Hans ko vi pt-BR ne tl; do
    cat >"$tmp/$lang.txt" <<SCRIPT
tap attract.lang.$lang
screenshot $lang-1-attract.png
tap attract.start
expect screen concern
screenshot $lang-2-concern.png
tap concern.drugs
tap who.family
expect screen results
screenshot $lang-3-results.png
tap nav.large_text
screenshot $lang-4-results-large.png
tap nav.large_text
scroll-to result.darc-facilities
tap result.darc-facilities
expect screen detail
tap detail.slip
screenshot $lang-5-detail.png
tap nav.basket
expect screen basket
screenshot $lang-6-basket.png
tap nav.home
tap attract.start
tap nav.guides
expect screen guides
screenshot $lang-7-guides.png
SCRIPT
    LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
        "$app/madoguchi" --config assets/madoguchi.toml --assets assets --store "$tmp/store" \
        --pubkey data/demo-key/demo.pub --watch "$tmp/inbox" --window 1920x1080 \
        --script "$tmp/$lang.txt" --screenshots "$out" >"$tmp/$lang.log" 2>&1 || {
        echo "screenshots.sh: $lang failed:"; grep -v '^madoguchi: hardening' "$tmp/$lang.log" | tail -5; exit 1; }
    echo "$lang: $(grep -c '^screenshot ' "$tmp/$lang.log") screenshots"
done
# A tall screen (1080x1920: the bar along the bottom, choices above it) and
# high contrast with large text.
cat >"$tmp/portrait.txt" <<SCRIPT
screenshot portrait-1-attract.png
tap attract.start
screenshot portrait-2-concern.png
tap concern.alcohol
screenshot portrait-3-who.png
tap who.self
screenshot portrait-4-results.png
tap nav.home
tap attract.start
tap nav.search
screenshot portrait-5-search.png
tap nav.home
tap attract.lang.ja-x-easy
tap nav.large_text
tap attract.start
screenshot portrait-6-concern-easy-large.png
SCRIPT
cat >"$tmp/high-contrast.txt" <<SCRIPT
tap attract.lang.en
tap nav.high_contrast
tap nav.large_text
screenshot high-contrast-1-attract.png
tap attract.start
screenshot high-contrast-2-concern.png
tap concern.drugs
tap who.family
screenshot high-contrast-3-results.png
scroll-to result.darc-facilities
tap result.darc-facilities
screenshot high-contrast-4-detail.png
SCRIPT
for run in portrait:1080x1920 high-contrast:1920x1080; do
    name=${run%%:*} size=${run#*:}
    LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1920x1920x24 -nolisten tcp" \
        "$app/madoguchi" --config assets/madoguchi.toml --assets assets --store "$tmp/store" \
        --pubkey data/demo-key/demo.pub --watch "$tmp/inbox" --window "$size" \
        --script "$tmp/$name.txt" --screenshots "$out" >"$tmp/$name.log" 2>&1 || {
        echo "screenshots.sh: $name failed:"; grep -v '^madoguchi: hardening' "$tmp/$name.log" | tail -5; exit 1; }
    echo "$name: $(grep -c '^screenshot ' "$tmp/$name.log") screenshots"
done
echo "Screenshots in $out/ — open them and look: every language, every screen."
