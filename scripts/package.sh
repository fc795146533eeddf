#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# package.sh — builds the Debian package (CPack) and checks it:
#   1. its metadata and contents (dpkg-deb), and lintian finds nothing;
#   2. it installs into a throw-away root (dpkg --root, maintainer scripts run
#      "chrootless" with DPKG_ROOT): the user madoguchi and the store are made
#      there, the conffiles are registered, the binaries run from there
#      (`madoguchi --version`, a pharmacy's first step `madoguchi-bundle install`
#      of the packaged directory (data/japan), then `madoguchi-bundle inspect` and `status`);
#   3. both systemd units pass `systemd-analyze verify` in that root, and a
#      broken copy does not (so the check can fail);
#   4. purge removes the store and the conffiles, then it is installed again.
# The installed root stays in build/package/root for tests/deploy/boot_test.py,
# which boots it under cage. docs/deploy.md says how to install on a kiosk.
#
#   ./scripts/package.sh            → build/package/madoguchi_<version>_<arch>.deb, checked
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" dpkg-dev lintian help2man

BUILD_DIR=build/package
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMADOGUCHI_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr -DMADOGUCHI_ASSETS_DIR=/usr/share/madoguchi >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target madoguchi madoguchi-bundle japan_bundle package_extras
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
deb=$(ls -t "$BUILD_DIR"/madoguchi_*.deb | head -1)
echo "package: $deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\|Suggests\):/  \1:/p'

# What must be in it.
contents=$(dpkg-deb --contents "$deb" | awk '{ print $6 }')
missing=0
for f in ./usr/bin/madoguchi ./usr/bin/madoguchi-bundle ./usr/share/madoguchi/strings/ja.toml ./usr/share/madoguchi/strings/en.toml \
         ./usr/share/madoguchi/japan.bundle ./usr/share/madoguchi/demo.pub ./etc/madoguchi/madoguchi.toml ./etc/pam.d/madoguchi-cage \
         ./usr/lib/systemd/system/madoguchi.service ./usr/lib/systemd/system/madoguchi-cage.service \
         ./usr/lib/sysusers.d/madoguchi.conf ./usr/lib/tmpfiles.d/madoguchi.conf ./usr/share/doc/madoguchi/kiosk.md \
         ./usr/share/doc/madoguchi/copyright ./usr/share/doc/madoguchi/changelog.gz \
         ./usr/share/man/man1/madoguchi.1.gz ./usr/share/man/man1/madoguchi-bundle.1.gz; do
    grep -qxF "$f" <<<"$contents" || { echo "package.sh: $f is not in the package" >&2; missing=1; }
done
dpkg-deb --field "$deb" Depends | grep -q 'fonts-noto-cjk' || { echo "package.sh: Depends lacks the fonts" >&2; missing=1; }
dpkg-deb --field "$deb" Depends | grep -q 'libsqlite3' || { echo "package.sh: Depends lacks the libraries (dpkg-shlibdeps)" >&2; missing=1; }

for f in /etc/madoguchi/madoguchi.toml /etc/pam.d/madoguchi-cage; do
    dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qxF "$f" || { echo "package.sh: $f is not a conffile" >&2; missing=1; }
done
[ $missing -eq 0 ] || exit 1

# 1. lintian: no errors, no warnings (each one fixed, none overridden).
lintian --fail-on error,warning --tag-display-limit 0 "$deb" 2>&1 | grep -v '^running with root privileges' || true
lintian --fail-on error,warning "$deb" >/dev/null 2>&1 || { echo "package.sh: lintian found problems (above)" >&2; exit 1; }
echo "lintian: clean"

# 2. Install into a throw-away root, as dpkg would on a kiosk: the root has the
#    machine's users (so the new one is added beside them) and an empty dpkg
#    database; dependencies are the machine's own (--force-depends).
root="$PWD/$BUILD_DIR/root"
rm -rf "$root"
mkdir -p "$root/etc" "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/usr/bin"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
cp -p /etc/passwd /etc/group /etc/shadow /etc/gshadow "$root/etc/" 2>/dev/null || cp -p /etc/passwd /etc/group "$root/etc/"
# (Its complaints about dependencies missing from the empty database are expected; shown only on failure.)
dpkg_root() {
    dpkg --root="$root" --force-script-chrootless --force-depends "$@" >"$BUILD_DIR/dpkg.log" 2>&1 ||
        { cat "$BUILD_DIR/dpkg.log" >&2; echo "package.sh: dpkg $* failed in $root" >&2; return 1; }
}
dpkg_root -i "$deb"
status=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' madoguchi)
[ "$status" = "install ok installed" ] || { echo "package.sh: not installed in $root: $status" >&2; exit 1; }
dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}\n' madoguchi | grep -q '/etc/madoguchi/madoguchi.toml' ||
    { echo "package.sh: the config is not registered as a conffile" >&2; exit 1; }
grep -q '^madoguchi:' "$root/etc/passwd" || { echo "package.sh: postinst did not make the user madoguchi" >&2; exit 1; }
grep -q '^madoguchi:.*:/usr/sbin/nologin$' "$root/etc/passwd" || { echo "package.sh: the user madoguchi can log in" >&2; exit 1; }
uid=$(awk -F: '$1 == "madoguchi" { print $3 }' "$root/etc/passwd")
[ "$(stat -c '%u %a' "$root/var/lib/madoguchi")" = "$uid 711" ] ||
    { echo "package.sh: /var/lib/madoguchi is not the user madoguchi's (0711): $(stat -c '%u %a' "$root/var/lib/madoguchi")" >&2; exit 1; }
[ -d "$root/var/lib/madoguchi/inbox" ] || { echo "package.sh: no inbox was made" >&2; exit 1; }
echo "installed into $root: user madoguchi ($uid), store and inbox made"

# The binaries, run from the installed root; a pharmacy's first step.
"$root/usr/bin/madoguchi" --version
"$root/usr/bin/madoguchi-bundle" install "$root/usr/share/madoguchi/japan.bundle" --store "$root/var/lib/madoguchi" \
    --pubkey "$root/usr/share/madoguchi/demo.pub" | tail -1
"$root/usr/bin/madoguchi-bundle" inspect "$root/var/lib/madoguchi/current/catalog.sqlite" | sed -n 1,3p   # sed reads it all: head would close the pipe under a long listing (SIGPIPE)
"$root/usr/bin/madoguchi-bundle" status --store "$root/var/lib/madoguchi" --pubkey "$root/usr/share/madoguchi/demo.pub" | head -3
chown -R "$uid:$uid" "$root/var/lib/madoguchi"   # as the kiosk's own first start would leave it
chown root:root "$root/var/lib/madoguchi/inbox"

# 3. The units, checked by systemd in that root. systemd-analyze looks up the
#    targets they name and the programs they start there, so the root gets the
#    machine's own unit files and cage (a Recommends: of the package).
cp -an /usr/lib/systemd/system/. "$root/usr/lib/systemd/system/"
[ -x /usr/bin/cage ] && cp -p /usr/bin/cage "$root/usr/bin/cage"
for unit in madoguchi.service madoguchi-cage.service; do
    out=$(systemd-analyze verify --man=no --root="$root" "$unit" 2>&1) || { echo "$out" >&2; echo "package.sh: $unit fails systemd-analyze verify" >&2; exit 1; }
    [ -z "$out" ] || { echo "$out" >&2; echo "package.sh: systemd-analyze verify warns about $unit" >&2; exit 1; }
done
# A broken copy must fail, or the check above proves nothing.
broken="$root/usr/lib/systemd/system/madoguchi-broken.service"
sed 's|^ExecStart=/usr/bin/cage|ExecStart=/usr/bin/no-such-cage|' "$root/usr/lib/systemd/system/madoguchi-cage.service" > "$broken"
if systemd-analyze verify --man=no --root="$root" madoguchi-broken.service >/dev/null 2>&1; then
    echo "package.sh: systemd-analyze verify passed a unit whose program does not exist" >&2; exit 1
fi
rm -f "$broken"
echo "systemd-analyze verify: madoguchi.service and madoguchi-cage.service clean"

# 4. Purge: the store and the conffiles go, the package is gone; then install again.
dpkg_root --purge madoguchi
[ ! -e "$root/var/lib/madoguchi" ] || { echo "package.sh: purge left /var/lib/madoguchi" >&2; exit 1; }
[ ! -e "$root/etc/madoguchi/madoguchi.toml" ] || { echo "package.sh: purge left the config" >&2; exit 1; }
[ ! -e "$root/usr/bin/madoguchi" ] || { echo "package.sh: purge left the binary" >&2; exit 1; }
dpkg_root -i "$deb"
echo "purge and reinstall: clean"
echo "package.sh: $deb checked"
