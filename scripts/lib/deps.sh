# SPDX-License-Identifier: Apache-2.0
# scripts/lib/deps.sh — install missing Debian packages (sourced by the scripts).
#
# Idempotent and quick when everything is present: only packages that dpkg does
# not report as installed are passed to apt-get. Needs root, or sudo.

ensure_packages() {
    local missing=()
    local p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "error: these packages are missing and installing them needs root: ${missing[*]}" >&2
            echo "       run this script as root, or install sudo" >&2
            return 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    local m
    for m in "${missing[@]}"; do
        if [ "$m" = hts-voice-nitech-jp-atr503-m001 ]; then enable_contrib "${sudo[@]}" || return 1; fi
    done
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Open JTalk's voice (hts-voice-nitech-jp-atr503-m001) is in Debian's contrib
# component (its licence is free, but it was made with non-free tools), which a
# default Debian install does not enable. This adds contrib for the machine's
# release in a sources file of its own, once: /etc/apt/sources.list.d/
# madoguchi-contrib.sources. Nothing is done when apt already offers the voice.
enable_contrib() {  # [sudo]
    local file=/etc/apt/sources.list.d/madoguchi-contrib.sources
    [ -e "$file" ] && return 0
    if apt-cache policy hts-voice-nitech-jp-atr503-m001 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        return 0
    fi
    local codename
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    echo "Enabling Debian contrib ($codename) for hts-voice-nitech-jp-atr503-m001: $file"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s %s-updates\nComponents: contrib\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$codename" "$codename" | "$@" tee "$file" >/dev/null
}

# Debian packages whose programs a test runs but which must not be installed on
# a developer's machine, because installing them turns on a service: syncthing
# enables a Syncthing in every user's login session, mender-client enables and
# starts the Mender daemon. They are fetched with apt-get download and unpacked
# under DIR/root (never installed, nothing runs at boot); the tests put
# DIR/root/usr/bin first on their PATH. Their libraries are ordinary ones that
# the build packages bring (glib, liblzma, OpenSSL).
fetch_unpacked_packages() {  # DIR PACKAGE...
    local dir=$1
    shift
    mkdir -p "$dir/debs" "$dir/root"
    local p
    for p in "$@"; do
        [ -e "$dir/unpacked-$p" ] && continue
        rm -f "$dir/debs/${p}_"*.deb
        if ! (cd "$dir/debs" && apt-get download -qq "$p" 2>/dev/null); then
            local sudo=()
            [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo=(sudo)
            "${sudo[@]}" apt-get update -qq
            (cd "$dir/debs" && apt-get download -qq "$p") || { echo "error: cannot fetch the Debian package $p" >&2; return 1; }
        fi
        dpkg-deb -x "$dir/debs/${p}_"*.deb "$dir/root"
        touch "$dir/unpacked-$p"
    done
}

# What building the project needs (kept in one place for both scripts).
BUILD_PACKAGES=(cmake ninja-build g++ pkg-config libsqlite3-dev libicu-dev libcsv-dev libsodium-dev libtomlplusplus-dev nlohmann-json3-dev
                libqrencode-dev libseccomp-dev libsystemd-dev
                libharfbuzz-dev libfreetype-dev libfontconfig-dev libstb-dev
                libimgui-dev libsdl2-dev libgl-dev fonts-noto-cjk fonts-noto-core
                libespeak-ng-dev libasound2-dev)
# Speech (kiosk/speech, docs/accessibility.md): Open JTalk, its dictionary and
# its voice (contrib: enable_contrib above), espeak-ng's voices. The tests speak
# every language; the kiosk's package recommends them.
SPEECH_PACKAGES=(open-jtalk open-jtalk-mecab-naist-jdic hts-voice-nitech-jp-atr503-m001 espeak-ng-data)
# hb-shape checks our shaping; Xvfb + Mesa run the GL tests without a screen;
# zbarimg (zbar-tools) decodes our QR codes back in tests/core/test_qr.cpp.
TEST_PACKAGES=("${SPEECH_PACKAGES[@]}" doctest-dev libharfbuzz-bin minisign xvfb xauth libgl1-mesa-dri python3 zbar-tools clang-14 libclang-rt-14-dev strace dpkg-dev
               rsync openssh-client dropbear-bin mender-artifact rauc squashfs-tools openssl
               cage xwayland grim)  # clang-14 + libFuzzer runtime: tests/fuzz; rsync … openssl: tests/fleet; cage … grim: tests/deploy
# Unpacked, not installed (fetch_unpacked_packages, above): tests/fleet's Syncthing and Mender.
TEST_UNPACKED_PACKAGES=(syncthing mender-client)
