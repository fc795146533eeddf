#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make-rauc-bundle.sh — wraps a signed madoguchi bundle in a RAUC bundle whose
# slot hook (rauc-hook.sh) drops it into the kiosk's inbox (docs/fleet.md "RAUC").
#
#   scripts/fleet/make-rauc-bundle.sh MADOGUCHI.bundle OUT.raucb CERT.pem KEY.pem [VERSION] [COMPATIBLE]
#
# VERSION defaults to the bundle's signed version; COMPATIBLE (RAUC's
# `compatible`, must equal the kiosk's system.conf) defaults to
# "madoguchi-kiosk". CERT/KEY are your RAUC signing pair (openssl); the kiosks
# trust them through system.conf's keyring. The madoguchi bundle keeps its own
# minisign signature: the kiosk checks that, not RAUC's.
#
# The kiosk's /etc/rauc/system.conf needs a slot of class `madoguchi-inbox`,
# e.g. (a raw slot whose device is never written: the hook replaces the copy)
#     [slot.madoguchi-inbox.0]
#     device=/var/lib/madoguchi/rauc-slot
#     type=raw
set -euo pipefail
if [ $# -lt 4 ]; then
    sed -n '2,18p' "$0" >&2
    exit 2
fi
bundle=$1 out=$2 cert=$3 key=$4
compatible=${6:-madoguchi-kiosk}
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$bundle")
case "$name" in *.bundle) ;; *) echo "make-rauc-bundle: $bundle must be named *.bundle" >&2; exit 2 ;; esac
version=${5:-}
if [ -z "$version" ]; then
    # The signed version, from the trusted comment of the signature member.
    version=$(tar -xOf "$bundle" catalog.sqlite.minisig | sed -n 's/^trusted comment: .*version=\([0-9]*\).*/\1/p')
fi
[ -n "$version" ] || { echo "make-rauc-bundle: cannot read the version of $bundle; give it" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/content"
cp "$bundle" "$work/content/$name"
cp "$here/rauc-hook.sh" "$work/content/hook.sh"
chmod 0755 "$work/content/hook.sh"
cat >"$work/content/manifest.raucm" <<MANIFEST
[update]
compatible=$compatible
version=$version
description=madoguchi directory bundle $name

[bundle]
format=verity

[hooks]
filename=hook.sh

[image.madoguchi-inbox]
filename=$name
hooks=install
MANIFEST
rm -f "$out"
rauc bundle --cert="$cert" --key="$key" "$work/content" "$out"
