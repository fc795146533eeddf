#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds madoguchi and starts the kiosk on the bundled national directory
# (data/japan, docs/directory.md).
#
# The directory arrives the way a publisher's does: the build signs it
# with the repository's DEMO key (build/release/japan.bundle, see
# data/demo-key/README.md), this script installs it into a fresh bundle store
# (build/release/store) with `madoguchi-bundle install`, and the kiosk shows
# the store's verified bundle, trusting only the demo key — so its admin screen
# warns that it runs on the demo key. build/release/inbox is watched: a newer
# signed bundle copied there is installed between visitor sessions. The admin
# screen: hold the top-left corner 5 s, then tap the bottom-right corner
# within 3 s; PIN 246813 (this demo only; docs/kiosk.md "Admin screen").
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY): the kiosk opens in a
# 1920×1080 window (MADOGUCHI_FULLSCREEN=1 for fullscreen; Escape goes back,
# closing the window quits). Without one: it runs under Xvfb with Mesa's
# software renderer, walks through every screen, and writes a screenshot of
# each, saying where they are. Installs the Debian packages it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}"

BUILD_DIR=build/release
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"

APP="$BUILD_DIR/kiosk/app"
STORE="$PWD/$BUILD_DIR/store" INBOX="$PWD/$BUILD_DIR/inbox" PUBKEY="$PWD/data/demo-key/demo.pub"
rm -rf "$STORE"
mkdir -p "$INBOX"
"$APP/madoguchi-bundle" install "$BUILD_DIR/japan.bundle" --store "$STORE" --pubkey "$PUBKEY"
"$APP/madoguchi-bundle" status --store "$STORE" --pubkey "$PUBKEY"
# The documented defaults, with a demo admin PIN (only its hash is kept).
CONFIG="$BUILD_DIR/madoguchi.toml"
PIN_LINE=$(printf '246813\n' | "$APP/madoguchi-bundle" pin-hash)
if grep -q '^\[admin\]' assets/madoguchi.toml; then
    awk -v line="$PIN_LINE" '{ print } /^\[admin\]/ { print line }' assets/madoguchi.toml >"$CONFIG"
else
    { cat assets/madoguchi.toml; printf '\n[admin]\n%s\n' "$PIN_LINE"; } >"$CONFIG"
fi
KIOSK=("$APP/madoguchi" --config "$CONFIG" --store "$STORE" --pubkey "$PUBKEY" --watch "$INBOX")
echo

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    WINDOW=(--window 1920x1080)
    [ "${MADOGUCHI_FULLSCREEN:-0}" = 1 ] && WINDOW=()
    echo "Starting the kiosk on the national directory (close the window to quit)."
    echo "Admin screen: hold the top-left corner 5 s, then tap the bottom-right corner; PIN 246813."
    exec "${KIOSK[@]}" "${WINDOW[@]}"
fi

ensure_packages xvfb xauth libgl1-mesa-dri
TOUR="$BUILD_DIR/tour"
rm -rf "$TOUR" && mkdir -p "$TOUR"
echo "No display here: running the kiosk under Xvfb (Mesa software rendering) through every screen."
LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1920x1080x24" \
    "${KIOSK[@]}" --window 1920x1080 --script scripts/tour.txt --screenshots "$TOUR" >/dev/null
echo
echo "The kiosk ran on the national directory. To see it, open the screenshots of each screen:"
ls -1 "$TOUR"/*.png | sed 's/^/  /'
echo
echo "On a machine with a display, this same command opens the kiosk in a window."
