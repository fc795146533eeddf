#!/usr/bin/env bash
# package.sh — builds the Debian package (CPack) and checks it: its metadata
# and contents (dpkg-deb), then the binaries run from the unpacked tree
# (`madoguchi --version`, `madoguchi-bundle inspect` on the packaged sample).
# docs/deploy.md says how to install it on a kiosk.
#
#   ./scripts/package.sh            → build/package/madoguchi_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" dpkg-dev

BUILD_DIR=build/package
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr -DMADOGUCHI_ASSETS_DIR=/usr/share/madoguchi >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target madoguchi madoguchi-bundle sample_bundle
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
deb=$(ls -t "$BUILD_DIR"/madoguchi_*.deb | head -1)
echo "package: $deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\|Suggests\):/  \1:/p'

# What must be in it.
contents=$(dpkg-deb --contents "$deb" | awk '{ print $6 }')
missing=0
for f in ./usr/bin/madoguchi ./usr/bin/madoguchi-bundle ./usr/share/madoguchi/strings/ja.toml ./usr/share/madoguchi/strings/en.toml \
         ./usr/share/madoguchi/sample.bundle ./usr/share/madoguchi/demo.pub ./etc/madoguchi/madoguchi.toml \
         ./usr/lib/systemd/system/madoguchi.service ./usr/lib/sysusers.d/madoguchi.conf ./usr/share/doc/madoguchi/kiosk.md; do
    grep -qxF "$f" <<<"$contents" || { echo "package.sh: $f is not in the package" >&2; missing=1; }
done
dpkg-deb --field "$deb" Depends | grep -q 'fonts-noto-cjk' || { echo "package.sh: Depends lacks the fonts" >&2; missing=1; }
dpkg-deb --field "$deb" Depends | grep -q 'libsqlite3' || { echo "package.sh: Depends lacks the libraries (dpkg-shlibdeps)" >&2; missing=1; }
dpkg-deb --field "$deb" Conffiles 2>/dev/null | grep -q '/etc/madoguchi/madoguchi.toml' ||
    dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles 2>/dev/null | grep -q '/etc/madoguchi/madoguchi.toml' ||
    { echo "package.sh: /etc/madoguchi/madoguchi.toml is not a conffile" >&2; missing=1; }
[ $missing -eq 0 ] || exit 1

# Run it from the unpacked tree (no install needed to check the binaries).
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb --extract "$deb" "$root"
"$root/usr/bin/madoguchi" --version
"$root/usr/bin/madoguchi-bundle" verify "$root/usr/share/madoguchi/sample.bundle" --pubkey "$root/usr/share/madoguchi/demo.pub" | tail -1
echo "package.sh: $deb checked"
