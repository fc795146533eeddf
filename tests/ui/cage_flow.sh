#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cage_flow.sh — partial redraw under cage without a GPU, checked pixel by pixel.
#
# The kiosk's production screen is cage (Wayland) and, on a PC without a usable
# GPU, Mesa's software renderer. Debian 12's Mesa offers no buffer age there;
# the window relies instead on llvmpipe keeping its own buffer across swaps
# (platform/window.cpp, PresentPath::egl_software_kept). This plays a scrolling
# script under cage's headless backend with SDL on Wayland: every screenshot is
# compared with the same frame drawn whole (Window::check_against_full_redraw),
# after drags that moved pixels and frames that redrew only what changed, so a
# buffer that did not hold the last frame fails it. Also checks that the kiosk
# did take that path (not whole frames).
#
#   cage_flow.sh MADOGUCHI CATALOGUE ASSETS OUT_DIR     (as root: the kiosk runs as nobody)
set -euo pipefail
kiosk=$(realpath "$1") catalogue=$(realpath "$2") assets=$(realpath "$3") out=$4
[ "$(id -u)" = 0 ] || { echo "cage_flow.sh: needs root (cage refuses to run as root; the kiosk runs as nobody)" >&2; exit 1; }
for tool in cage runuser; do command -v "$tool" >/dev/null || { echo "cage_flow.sh: $tool is missing" >&2; exit 1; }; done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-cage-flow.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir -p "$tmp/xdg" "$tmp/shots" "$out"
chmod 700 "$tmp/xdg"
chown nobody "$tmp/xdg" "$tmp/shots"
# X11 sockets for cage's Xwayland (it starts one even if no client needs it).
mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix
cat >"$tmp/scroll.txt" <<'SCRIPT'
tap attract.start
tap concern.alcohol
tap who.self
expect screen results
screenshot 01-results.png
drag 0.5 0.75 0.5 0.45 0.25
wait 1.5
screenshot 02-after-drag.png
drag 0.5 0.45 0.5 0.75 0.25 0.15
wait 0.05
screenshot 03-while-settling.png
drag 0.5 0.8 0.5 0.2 0.1
wait 0.3
drag 0.5 0.8 0.5 0.2 0.1
screenshot 04-after-two-flings.png
tap 0.05 0.03
screenshot 05-back.png
SCRIPT
chmod 644 "$tmp/scroll.txt"
# Everything the kiosk (user nobody) reads, in the test's own folder: the build
# folder may not be readable by others.
cp "$catalogue" "$tmp/catalogue.sqlite" && chmod 644 "$tmp/catalogue.sqlite"
cp "$kiosk" "$tmp/madoguchi" && chmod 755 "$tmp/madoguchi"
cp -r "$assets" "$tmp/assets" && chmod -R a+rX "$tmp/assets"
supp=""
[ -n "${LSAN_OPTIONS:-}" ] && supp_file=$(sed -n 's/.*suppressions=\([^:]*\).*/\1/p' <<<"$LSAN_OPTIONS") &&
    [ -n "$supp_file" ] && cp "$supp_file" "$tmp/lsan.supp" && chmod 644 "$tmp/lsan.supp" && supp="suppressions=$tmp/lsan.supp"
set +e
runuser -u nobody -- env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$tmp/xdg" WLR_BACKENDS=headless WLR_RENDERER=pixman \
    WLR_LIBINPUT_NO_DEVICES=1 WLR_HEADLESS_OUTPUTS=2 ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" LSAN_OPTIONS="$supp" \
    timeout 240 cage -- env SDL_VIDEODRIVER=wayland LIBGL_ALWAYS_SOFTWARE=1 \
    "$tmp/madoguchi" --config "$tmp/assets/madoguchi.toml" --assets "$tmp/assets" --catalogue "$tmp/catalogue.sqlite" --window 1280x800 \
    --script "$tmp/scroll.txt" --screenshots "$tmp/shots" >"$tmp/log" 2>&1
rc=$?
set -e
cp "$tmp"/shots/*.png "$out"/ 2>/dev/null || true
if [ "$rc" != 0 ] || ! grep -q "^script .*: 17 steps passed" "$tmp/log"; then
    echo "cage_flow.sh: the scrolling script failed under cage (exit $rc):" >&2
    grep -v ' hardening: ' "$tmp/log" >&2
    exit 1
fi
if ! grep -q "partial redraw into llvmpipe's own buffer, kept across swaps (Wayland)" "$tmp/log"; then
    echo "cage_flow.sh: the kiosk did not redraw partially under cage:" >&2
    grep '^script ' "$tmp/log" >&2
    exit 1
fi
grep '^script ' "$tmp/log"
echo "cage_flow.sh: 5 screenshots under cage equal to whole redraws ($out)"
