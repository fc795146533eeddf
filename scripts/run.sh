#!/usr/bin/env bash
# Builds madoguchi and starts the kiosk on the bundled sample data.
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
CATALOGUE="$BUILD_DIR/sample.sqlite"
"$APP/madoguchi-bundle" build data/sample -o "$CATALOGUE"
"$APP/madoguchi-bundle" inspect "$CATALOGUE" | sed -n '1,20p'
echo

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    WINDOW=(--window 1920x1080)
    [ "${MADOGUCHI_FULLSCREEN:-0}" = 1 ] && WINDOW=()
    echo "Starting the kiosk on the sample data (close the window to quit)."
    exec "$APP/madoguchi" --config assets/madoguchi.toml --catalogue "$CATALOGUE" "${WINDOW[@]}"
fi

ensure_packages xvfb xauth libgl1-mesa-dri
TOUR="$BUILD_DIR/tour"
rm -rf "$TOUR" && mkdir -p "$TOUR"
echo "No display here: running the kiosk under Xvfb (Mesa software rendering) through every screen."
LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1920x1080x24" \
    "$APP/madoguchi" --config assets/madoguchi.toml --catalogue "$CATALOGUE" --window 1920x1080 \
    --script scripts/tour.txt --screenshots "$TOUR" >/dev/null
echo
echo "The kiosk ran on the sample data. To see it, open the screenshots of each screen:"
ls -1 "$TOUR"/*.png | sed 's/^/  /'
echo
echo "On a machine with a display, this same command opens the kiosk in a window."
