#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# rauc-hook.sh — RAUC slot hook that drops a madoguchi bundle into the kiosk's
# inbox (docs/fleet.md "RAUC"). Packed into the RAUC bundle by
# make-rauc-bundle.sh; RAUC runs it as root on the kiosk as
#     rauc-hook.sh slot-install
# with RAUC_IMAGE_NAME = the bundle file inside the mounted RAUC bundle.
#
# It only copies: the kiosk itself checks the signature and the version, and
# refuses an older or foreign bundle whatever RAUC says. The copy is written
# under a hidden temporary name the kiosk ignores, synced, then renamed, so the
# kiosk never sees half a file. MADOGUCHI_INBOX overrides the inbox (tests).
set -eu
inbox=${MADOGUCHI_INBOX:-/var/lib/madoguchi/inbox}
case "${1:-}" in
    slot-install)
        : "${RAUC_IMAGE_NAME:?RAUC_IMAGE_NAME is not set: run by RAUC as a slot-install hook}"
        name=$(basename "$RAUC_IMAGE_NAME")
        case "$name" in
            *.bundle) ;;
            *) echo "rauc-hook: $name is not a *.bundle file" >&2; exit 1 ;;
        esac
        mkdir -p "$inbox"
        tmp="$inbox/.$name.partial"
        cp "$RAUC_IMAGE_NAME" "$tmp"
        chmod 0644 "$tmp"
        sync "$tmp"
        mv -f "$tmp" "$inbox/$name"
        sync "$inbox"
        ;;
    *)
        # Other hooks (install-check, post-install) have nothing to do.
        ;;
esac
