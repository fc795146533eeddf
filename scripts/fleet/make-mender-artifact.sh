#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make-mender-artifact.sh — wraps a signed madoguchi bundle in a Mender artifact
# for the single-file update module, which copies it into the kiosk's inbox
# (docs/fleet.md "Mender").
#
#   scripts/fleet/make-mender-artifact.sh MADOGUCHI.bundle OUT.mender [DEVICE_TYPE] [INBOX] [-- mender-artifact options]
#
# DEVICE_TYPE defaults to "madoguchi-kiosk" (the kiosks' /var/lib/mender/device_type),
# INBOX to /var/lib/madoguchi/inbox. Options after `--` go to mender-artifact
# (e.g. `-- -k signing-key.pem` to sign the artifact). The artifact name is
# madoguchi-data-v<signed version>. The kiosk checks the bundle's own minisign
# signature and version whatever Mender did: a Mender rollback puts the older
# file back in the inbox, and the kiosk refuses it (the version floor).
#
# Without mender-artifact (Debian: mender-artifact) the same artifact is made by
#   mender-artifact write module-image -T single-file -t DEVICE_TYPE \
#       -n madoguchi-data-vN -o OUT.mender -f dest_dir -f filename -f permissions -f B.bundle
# with dest_dir holding the inbox path, filename the bundle's name, permissions 644.
set -euo pipefail
if [ $# -lt 2 ]; then
    sed -n '2,20p' "$0" >&2
    exit 2
fi
bundle=$1 out=$2
shift 2
device_type=madoguchi-kiosk inbox=/var/lib/madoguchi/inbox
if [ $# -gt 0 ] && [ "$1" != -- ]; then device_type=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" != -- ]; then inbox=$1; shift; fi
[ "${1:-}" = -- ] && shift
name=$(basename "$bundle")
case "$name" in *.bundle) ;; *) echo "make-mender-artifact: $bundle must be named *.bundle" >&2; exit 2 ;; esac
version=$(tar -xOf "$bundle" catalog.sqlite.minisig | sed -n 's/^trusted comment: .*version=\([0-9]*\).*/\1/p')
[ -n "$version" ] || { echo "make-mender-artifact: cannot read the version of $bundle" >&2; exit 2; }
command -v mender-artifact >/dev/null || { echo "make-mender-artifact: mender-artifact is not installed (Debian: apt install mender-artifact)" >&2; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$bundle" "$work/$name"
printf '%s' "$inbox" >"$work/dest_dir"
printf '%s' "$name" >"$work/filename"
printf '644' >"$work/permissions"
(cd "$work" && mender-artifact write module-image -T single-file -t "$device_type" -n "madoguchi-data-v$version" \
    -o artifact.mender -f dest_dir -f filename -f permissions -f "$name" "$@") >/dev/null
mv "$work/artifact.mender" "$out"
echo "wrote $out (madoguchi-data-v$version for $device_type, into $inbox)"
