#!/usr/bin/env bash
# Builds madoguchi and starts it on the bundled sample data.
#
# Until the kiosk screens land (issue: Kiosk UI), "starting it" means building
# the sample catalogue from data/sample/ with the admin tool and showing what
# `madoguchi-bundle inspect` says of it. Installs the Debian packages it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}"

BUILD_DIR=build/release
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"

TOOL="$BUILD_DIR/kiosk/app/madoguchi-bundle"
CATALOGUE="$BUILD_DIR/sample.sqlite"
"$TOOL" build data/sample -o "$CATALOGUE"
"$TOOL" inspect "$CATALOGUE"
echo
echo "Sample catalogue: $CATALOGUE"
echo "Try:  $TOOL search $CATALOGUE だるく --region 27"
echo "      $TOOL query $CATALOGUE --concern alcohol --audience family --region 27"
echo "(The kiosk screens are not built yet; this shows the data they will show.)"
