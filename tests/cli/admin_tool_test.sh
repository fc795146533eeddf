#!/usr/bin/env bash
# admin_tool_test.sh BIN SAMPLE_DIR — drives madoguchi-bundle as an admin would
# and checks exit codes, output and that failed builds write nothing.
set -uo pipefail
BIN=$1
SAMPLE=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
source "$(dirname "$0")/check_lib.sh"

# --- build + inspect the sample: the seed organizations are there -------------
"$BIN" build "$SAMPLE" -o "$WORK/sample.sqlite" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "build sample"
expect_grep "$WORK/out" "wrote $WORK/sample.sqlite" "build sample"
[ -s "$WORK/err" ] && fail "build sample wrote to stderr: $(cat "$WORK/err")" || pass

"$BIN" inspect "$WORK/sample.sqlite" >"$WORK/out" 2>&1
expect_rc 0 $? "inspect"
for name in "特定非営利活動法人ASK" "ワンネス財団" "ダルク" "アルコホーリクス・アノニマス" "ナルコティクス・アノニマス" \
            "SA-JAPAN" "SCA-JAPAN" "精神保健福祉センター" "依存症対策全国センター" "version: 1" "schema: 2" "synthetic: no"; do
    expect_grep "$WORK/out" "$name" "inspect lists"
done

# --- search, query, show -------------------------------------------------------
"$BIN" search "$WORK/sample.sqlite" "だるく" --region 27 >"$WORK/out" 2>&1
expect_rc 0 $? "search"
expect_grep "$WORK/out" "darc-facilities" "search だるく"
expect_no_grep "$WORK/out" "aa-meetings" "search だるく"

"$BIN" search "$WORK/sample.sqlite" "あるこほーりくす" --lang en >"$WORK/out" 2>&1
expect_grep "$WORK/out" "1. aa-" "search あるこほーりくす ranks AA first"
expect_no_grep "$WORK/out" "[ja]" "English names in --lang en"

"$BIN" query "$WORK/sample.sqlite" --concern drugs --audience family --region 27 >"$WORK/out" 2>&1
expect_rc 0 $? "query"
expect_grep "$WORK/out" "1. osaka-kokoro-consult" "query: Osaka's own centre first for an Osaka kiosk"

"$BIN" show "$WORK/sample.sqlite" oneness-consult --at 2026-11-24T11:00 >"$WORK/out" 2>&1
expect_rc 0 $? "show"
expect_grep "$WORK/out" "0120-111-351 (tel:0120111351)" "show phone"
expect_grep "$WORK/out" "one@oneness-g.com" "show e-mail"
expect_grep "$WORK/out" "open now: yes" "show open now on a Tuesday 11:00"
"$BIN" show "$WORK/sample.sqlite" oneness-consult --at 2026-11-23T11:00 >"$WORK/out" 2>&1
expect_grep "$WORK/out" "open now: no" "closed on the 2026-11-23 national holiday"

"$BIN" show "$WORK/sample.sqlite" no-such-service >"$WORK/out" 2>&1
expect_rc 1 $? "show unknown id"
expect_grep "$WORK/out" 'no service with id "no-such-service"' "show unknown id"

# --- a malformed source: every problem, precise, nothing written --------------
cp -r "$SAMPLE" "$WORK/broken"
sed -i 's/0120-111-351/0120-111-35/' "$WORK/broken/phones.csv"
printf 'key,value\r\ntitle,x\r\npublisher,x\r\nversion,0\r\nvalid_until,2027-02-30\r\n' >"$WORK/broken/bundle.csv"
"$BIN" build "$WORK/broken" -o "$WORK/broken.sqlite" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "build broken source"
expect_grep "$WORK/err" "$WORK/broken/bundle.csv:4:9: value: \"0\" is not a whole number of at least 1" "broken version"
expect_grep "$WORK/err" "$WORK/broken/bundle.csv:5:13: value: \"2027-02-30\" is not a date of the form YYYY-MM-DD" "broken date"
expect_grep "$WORK/err" "phones.csv:2:" "broken phone reported"
expect_grep "$WORK/err" "must have 10 digits" "broken phone message"
expect_grep "$WORK/err" "3 problems found; nothing was written." "summary line"
[ -e "$WORK/broken.sqlite" ] && fail "output written despite problems" || pass
ls "$WORK" | grep -q partial && fail "temporary file left behind" || pass

"$BIN" check "$SAMPLE" >"$WORK/out" 2>&1
expect_rc 0 $? "check sample"

# --- bad files and bad usage --------------------------------------------------
echo "not a database" >"$WORK/junk.sqlite"
"$BIN" inspect "$WORK/junk.sqlite" >"$WORK/out" 2>&1
expect_rc 1 $? "inspect junk"
expect_grep "$WORK/out" "not a valid catalogue" "inspect junk"

"$BIN" query "$WORK/sample.sqlite" --open-now >"$WORK/out" 2>&1
expect_rc 2 $? "--open-now without --at"
"$BIN" frobnicate >"$WORK/out" 2>&1
expect_rc 2 $? "unknown command"
"$BIN" --version >"$WORK/out" 2>&1
expect_grep "$WORK/out" "catalogue schema 2" "--version"

# --- slip preview: PNG of the dots and the ESC/POS bytes -----------------------
"$BIN" slip "$WORK/sample.sqlite" --services oneness-consult,aa-meetings,no-such --width 384 \
    --png "$WORK/slip.png" --escpos "$WORK/slip.bin" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "slip"
expect_grep "$WORK/out" "slip: 2 services, 3 QR codes, 384x" "slip summary"
expect_grep "$WORK/err" 'no service with id "no-such" (left off the slip)' "slip unknown id"
[ -s "$WORK/slip.png" ] && pass || fail "slip PNG not written"
# ESC @ first, GS V 66 n (feed and cut) last.
[ "$(head -c 2 "$WORK/slip.bin" | od -An -tx1 | tr -d ' ')" = "1b40" ] && pass || fail "ESC/POS does not start with ESC @"
[ "$(tail -c 4 "$WORK/slip.bin" | head -c 3 | od -An -tx1 | tr -d ' ')" = "1d5642" ] && pass || fail "ESC/POS does not end with GS V"
"$BIN" slip "$WORK/sample.sqlite" --services oneness-consult >"$WORK/out" 2>&1
expect_rc 2 $? "slip without an output"

# --- signed bundles: keygen, sign, verify; stock tar + minisign agree ---------
"$BIN" keygen -p "$WORK/k.pub" -s "$WORK/k.sec" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "keygen"
expect_grep "$WORK/err" "not protected by a password" "keygen warns about an unprotected key"
[ "$(stat -c %a "$WORK/k.sec")" = 600 ] && pass || fail "secret key is not mode 600"
"$BIN" keygen -p "$WORK/k.pub" -s "$WORK/k.sec" >"$WORK/out" 2>&1
expect_rc 1 $? "keygen refuses to overwrite"
"$BIN" sign "$WORK/sample.sqlite" --key "$WORK/k.sec" -o "$WORK/b.bundle" >"$WORK/out" 2>&1
expect_rc 0 $? "sign"
expect_grep "$WORK/out" "product=madoguchi schema=2 version=1" "sign trusted comment"
"$BIN" verify "$WORK/b.bundle" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "verify"
mkdir -p "$WORK/x" && (cd "$WORK/x" && tar xf ../b.bundle && minisign -Vm catalog.sqlite -p ../k.pub) >"$WORK/out" 2>&1
expect_rc 0 $? "stock tar + minisign verify our bundle"
cmp -s "$WORK/x/catalog.sqlite" "$WORK/sample.sqlite" && pass || fail "the bundle's catalogue differs from the signed one"
# Signed by the stock tool, tarred by stock tar: accepted.
minisign -G -W -f -p "$WORK/s.pub" -s "$WORK/s.sec" >/dev/null 2>&1
cp "$WORK/sample.sqlite" "$WORK/x/catalog.sqlite" && rm -f "$WORK/x/catalog.sqlite.minisig"
minisign -S -s "$WORK/s.sec" -m "$WORK/x/catalog.sqlite" -t "product=madoguchi schema=2 version=2 created=2026-11-21T09:00:00Z publisher=Stock%20Tool" >/dev/null 2>&1
(cd "$WORK/x" && tar cf ../stock.bundle catalog.sqlite catalog.sqlite.minisig)
"$BIN" verify "$WORK/stock.bundle" --pubkey "$WORK/s.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "verify a stock-signed, stock-tarred bundle"
# Refusals say why.
"$BIN" verify "$WORK/stock.bundle" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 1 $? "verify with the wrong key"
expect_grep "$WORK/out" "which this kiosk does not trust" "wrong key message"
cp "$WORK/b.bundle" "$WORK/bad.bundle" && printf 'x' >>"$WORK/bad.bundle"
"$BIN" verify "$WORK/bad.bundle" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 1 $? "verify a bundle with a byte appended"
expect_grep "$WORK/out" "refused: the bundle file has data after the end of the archive" "appended byte message"
minisign -S -s "$WORK/s.sec" -m "$WORK/x/catalog.sqlite" -t "product=other schema=2 version=2 created=2026-11-21T09:00:00Z publisher=x" >/dev/null 2>&1
(cd "$WORK/x" && tar cf ../other.bundle catalog.sqlite catalog.sqlite.minisig)
"$BIN" verify "$WORK/other.bundle" --pubkey "$WORK/s.pub" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "refused: not a madoguchi bundle (product=other)" "wrong product message"

# --- install, status, rollback into a kiosk's store ----------------------------
"$BIN" build "$SAMPLE" -o "$WORK/v1.bundle" --sign "$WORK/k.sec" >"$WORK/out" 2>&1
expect_rc 0 $? "build --sign"
expect_grep "$WORK/out" "signed $WORK/v1.bundle" "build --sign signs"
[ ! -e "$WORK/v1.bundle.catalogue.partial" ] && pass || fail "build --sign left its catalogue behind"
"$BIN" verify "$WORK/v1.bundle" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "verify build --sign output"
"$BIN" status --store "$WORK/store" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "current: none" "status of an empty store"
cp "$WORK/v1.bundle" "$WORK/v1.copy"
"$BIN" install "$WORK/v1.bundle" --store "$WORK/store" --pubkey "$WORK/k.pub" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "install v1"
expect_grep "$WORK/out" "installed version 1 from madoguchi sample data" "install says what it installed"
expect_grep "$WORK/err" "[6/6]" "install shows progress"
cmp -s "$WORK/v1.bundle" "$WORK/v1.copy" && pass || fail "install changed its source file"
"$BIN" inspect "$WORK/store/current/catalog.sqlite" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "version: 1" "the kiosk's path shows the installed catalogue"
cp -r "$SAMPLE" "$WORK/src2" && sed -i 's/^version,1$/version,2/' "$WORK/src2/bundle.csv"
"$BIN" build "$WORK/src2" -o "$WORK/v2.bundle" --sign "$WORK/k.sec" >/dev/null 2>&1
"$BIN" install "$WORK/v2.bundle" --store "$WORK/store" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "install v2"
expect_grep "$WORK/out" "v1 kept for rollback" "install keeps the previous"
"$BIN" install "$WORK/v1.bundle" --store "$WORK/store" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 1 $? "install an older bundle"
expect_grep "$WORK/out" "refused: version 1 is not newer than version 2" "downgrade message"
"$BIN" install "$WORK/bad.bundle" --store "$WORK/store" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 1 $? "install a damaged bundle"
"$BIN" status --store "$WORK/store" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "status"
expect_grep "$WORK/out" "current: version 2" "status current"
expect_grep "$WORK/out" "previous: version 1" "status previous"
expect_grep "$WORK/out" "version floor: 2" "status floor"
expect_grep "$WORK/out" "valid until: 2027-11-30" "status valid until"
expect_grep "$WORK/store/admin.log" "refused $WORK/v1.bundle: version 1 is not newer" "admin log has the refusal"
# A stock-signed (minisign -S), stock-tarred version 3 installs when its key is trusted too.
cp -r "$SAMPLE" "$WORK/src3" && sed -i 's/^version,1$/version,3/' "$WORK/src3/bundle.csv"
mkdir -p "$WORK/x3" && "$BIN" build "$WORK/src3" -o "$WORK/x3/catalog.sqlite" >/dev/null 2>&1
minisign -S -s "$WORK/s.sec" -m "$WORK/x3/catalog.sqlite" -t "product=madoguchi schema=2 version=3 created=2026-11-21T10:00:00Z publisher=Stock%20Tool" >/dev/null 2>&1
(cd "$WORK/x3" && tar cf ../v3.bundle catalog.sqlite catalog.sqlite.minisig)
"$BIN" install "$WORK/v3.bundle" --store "$WORK/store" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 1 $? "install with an untrusted key"
"$BIN" install "$WORK/v3.bundle" --store "$WORK/store" --pubkey "$WORK/k.pub" --pubkey "$WORK/s.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "install a stock-signed bundle"
expect_grep "$WORK/out" "installed version 3 from Stock Tool" "stock-signed install"
"$BIN" rollback --store "$WORK/store" --pubkey "$WORK/k.pub" --pubkey "$WORK/s.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "rollback"
expect_grep "$WORK/out" "rolled back to v2; v3 kept as previous" "rollback message"
"$BIN" status --store "$WORK/store" --pubkey "$WORK/k.pub" --pubkey "$WORK/s.pub" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "current: version 2" "status after rollback"
expect_grep "$WORK/out" "version floor: 3" "rollback keeps the floor"
# --status FILE: the fleet status file (docs/fleet.md), read back by Python's json.
# Forward to v3 and back to v2, so the store ends as it was.
fleet_json() {  # what the status file says, one line
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1],encoding="utf-8")); a=d["last_attempt"]
print(d["software"].split()[0], d["installed"]["version"], d["previous"]["version"], d["rollback_available"], d["version_floor"], a["outcome"], a["file"] or "-", sorted(d))' "$1"
}
"$BIN" rollback --store "$WORK/store" --pubkey "$WORK/k.pub" --pubkey "$WORK/s.pub" --status "$WORK/fleet/status.json" >"$WORK/out" 2>&1
expect_rc 0 $? "rollback --status"
fleet_json "$WORK/fleet/status.json" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "madoguchi-bundle 3 2 True 3 rolled back - ['format', 'hostname', 'installed', 'kiosk_id', 'last_attempt', 'previous', 'problems', 'rollback_available', 'software', 'store', 'version_floor', 'written_at']" "status file after rollback"
[ "$(stat -c %a "$WORK/fleet/status.json")" = 644 ] && pass || fail "status file mode is not 644"
"$BIN" install "$WORK/v1.bundle" --store "$WORK/store" --pubkey "$WORK/k.pub" --pubkey "$WORK/s.pub" --status "$WORK/fleet/status.json" >"$WORK/out" 2>&1
expect_rc 1 $? "install --status of an older bundle"
fleet_json "$WORK/fleet/status.json" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "madoguchi-bundle 3 2 True 3 refused $WORK/v1.bundle" "status file after a refusal"
"$BIN" rollback --store "$WORK/store" --pubkey "$WORK/k.pub" --pubkey "$WORK/s.pub" --status "$WORK/no/such/status.json" >"$WORK/out" 2>&1
expect_rc 0 $? "rollback --status into a folder that cannot be made (the rollback still counts)"
expect_grep "$WORK/out" "cannot make the folder of the status file $WORK/no/such/status.json: the folder does not exist" "status file error"
"$BIN" status --store "$WORK/store" --pubkey "$WORK/k.pub" --status "$WORK/x.json" >"$WORK/out" 2>&1
expect_rc 2 $? "status --status is a usage error"
"$BIN" status --store "$WORK/store" --pubkey "$WORK/s.pub" >"$WORK/out" 2>&1
expect_rc 1 $? "status when the current bundle's key is no longer trusted"
expect_grep "$WORK/out" "problem: current: the installed bundle" "status names the problem"
"$BIN" install "$WORK/v3.bundle" --store "$WORK/store" >"$WORK/out" 2>&1
expect_rc 2 $? "install without --pubkey"
# The demo key marks itself.
"$BIN" build "$SAMPLE" -o "$WORK/demo.bundle" --sign "$(dirname "$SAMPLE")/demo-key/demo.key" >/dev/null 2>&1
"$BIN" install "$WORK/demo.bundle" --store "$WORK/demostore" --pubkey "$(dirname "$SAMPLE")/demo-key/demo.pub" >/dev/null 2>&1
"$BIN" status --store "$WORK/demostore" --pubkey "$(dirname "$SAMPLE")/demo-key/demo.pub" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "(DEMO key: sample data only, never for visitors)" "status flags the demo key"

# --- export-html: the catalogue as one static page ---------------------------
STRINGS="$(dirname "$(dirname "$SAMPLE")")/assets/strings"
"$BIN" export-html "$WORK/sample.sqlite" -o "$WORK/cat.html" --lang en --strings "$STRINGS" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "export-html"
expect_grep "$WORK/out" "export-html: $WORK/cat.html" "export-html summary"
expect_grep "$WORK/cat.html" '<html lang="en">' "export-html language"
expect_grep "$WORK/cat.html" 'What they do' "export-html English labels from --strings"
[ ! -e "$WORK/cat.html.partial" ] && pass || fail "export-html left its .partial file"
"$BIN" export-html "$WORK/sample.sqlite" -o "$WORK/no-such-dir/cat.html" >"$WORK/out" 2>&1
expect_rc 3 $? "export-html into a missing folder"
expect_grep "$WORK/out" "cannot write $WORK/no-such-dir/cat.html" "export-html says where it cannot write"
"$BIN" export-html "$WORK/sample.sqlite" >"$WORK/out" 2>&1
expect_rc 2 $? "export-html without -o"
"$BIN" export-html "$WORK/sample.sqlite" -o "$WORK/x.html" --strings "$WORK/no-strings" >"$WORK/out" 2>&1
expect_rc 1 $? "export-html with a strings folder that has none"

# --- synthetic generator ------------------------------------------------------
"$BIN" generate --services 500 --seed 3 -o "$WORK/syn" >"$WORK/out" 2>&1
expect_rc 0 $? "generate"
"$BIN" build "$WORK/syn" -o "$WORK/syn.sqlite" >"$WORK/out" 2>&1
expect_rc 0 $? "build synthetic"
"$BIN" inspect "$WORK/syn.sqlite" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "SYNTHETIC DATA" "synthetic marked in inspect"
expect_grep "$WORK/out" "service: 500" "synthetic count"

finish admin_tool_cli
