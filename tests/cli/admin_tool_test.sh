#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
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
            "SA-JAPAN" "SCA-JAPAN" "精神保健福祉センター" "依存症対策全国センター" "version: 1" "schema: 6" "synthetic: no"; do
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
expect_grep "$WORK/out" "catalogue schema 6" "--version"

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
expect_grep "$WORK/out" "product=madoguchi schema=6 version=1" "sign trusted comment"
"$BIN" verify "$WORK/b.bundle" --pubkey "$WORK/k.pub" >"$WORK/out" 2>&1
expect_rc 0 $? "verify"
mkdir -p "$WORK/x" && (cd "$WORK/x" && tar xf ../b.bundle && minisign -Vm catalog.sqlite -p ../k.pub) >"$WORK/out" 2>&1
expect_rc 0 $? "stock tar + minisign verify our bundle"
cmp -s "$WORK/x/catalog.sqlite" "$WORK/sample.sqlite" && pass || fail "the bundle's catalogue differs from the signed one"
# Signed by the stock tool, tarred by stock tar: accepted.
minisign -G -W -f -p "$WORK/s.pub" -s "$WORK/s.sec" >/dev/null 2>&1
cp "$WORK/sample.sqlite" "$WORK/x/catalog.sqlite" && rm -f "$WORK/x/catalog.sqlite.minisig"
minisign -S -s "$WORK/s.sec" -m "$WORK/x/catalog.sqlite" -t "product=madoguchi schema=6 version=2 created=2026-11-21T09:00:00Z publisher=Stock%20Tool" >/dev/null 2>&1
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
minisign -S -s "$WORK/s.sec" -m "$WORK/x/catalog.sqlite" -t "product=other schema=5 version=2 created=2026-11-21T09:00:00Z publisher=x" >/dev/null 2>&1
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
minisign -S -s "$WORK/s.sec" -m "$WORK/x3/catalog.sqlite" -t "product=madoguchi schema=6 version=3 created=2026-11-21T10:00:00Z publisher=Stock%20Tool" >/dev/null 2>&1
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

# --- review and diff (docs/review-and-diff.md) ---------------------------------
expect_line() {  # expect_line FILE LINE WHAT — LINE is one whole line of the output
    if grep -qxF -- "$2" "$1"; then pass; else fail "$3: line '$2' not in output"; show "$1"; fi
}
# A crafted source: Osaka covered by a public phone service; an old nonprofit
# service with no contact in Tokyo; an inactive one in Sapporo; a national public
# phone service (which covers no prefecture); quotes from a source with no url,
# publisher or published date.
make_review_source() {  # make_review_source DIR
    mkdir -p "$1"
    cp "$SAMPLE/vocabulary.csv" "$SAMPLE/holidays.csv" "$1/"
    printf 'key,value\ntitle,レビュー試験\npublisher,test\nversion,1\nvalid_until,2027-12-31\n' >"$1/bundle.csv"
    printf '%s\n' 'id,title,url,publisher,published,checked,licence,note' \
        'src,テスト資料,https://example.org/,テスト出版,2026年11月1日,2026-11-21,,' \
        'src2,転載資料,,,,2026-11-21,,' >"$1/sources.csv"
    printf '%s\n' 'id,name,name_kana,alternate_name,description,website,email,sector,source,assured_date' \
        'org,テスト団体,てすとだんたい,,説明,https://example.org/,,public,src,2026-11-21' \
        'org2,古い団体,ふるいだんたい,,説明,,,nonprofit,src,2026-01-10' >"$1/organizations.csv"
    echo 'id,organization_id,name,postal_code,prefecture_code,municipality_code,address,accessibility' >"$1/locations.csv"
    printf '%s\n' 'id,organization_id,name,name_kana,alternate_name,description,concerns,audiences,situations,kinds,modes,areas,locations,languages,website,email,cost,fees_description,anonymous,status,status_note,tier,source,assured_date' \
        's-osaka,org,大阪の相談,おおさかのそうだん,,説明,alcohol,self,,consultation,phone,27,,ja,,,free,,yes,,,centre,src,2026-11-21' \
        's-old,org2,古い相談,ふるいそうだん,,説明,alcohol,self,,consultation,phone,13,,ja,,,free,,yes,,,,src,2026-01-10' \
        's-closed,org,閉じた相談,とじたそうだん,,説明,alcohol,self,,consultation,phone,01100,,ja,,,free,,yes,inactive,番号を確認できなかったため,centre,src,2026-11-21' \
        's-nat,org,全国の電話,ぜんこくのでんわ,,説明,alcohol,self,,consultation,phone,national,,ja,,,free,,yes,,,national,src,2026-11-21' \
        >"$1/services.csv"
    printf '%s\n' 'id,service_id,number,type,label,note' 'tel-osaka,s-osaka,06-6000-0001,voice,相談電話,' \
        'tel-nat,s-nat,0120-000-999,voice,,' >"$1/phones.csv"
    printf '%s\n' 'id,service_id,phone_id,days,opens,closes,holidays,valid_from,valid_to,note' \
        'h-osaka,s-osaka,tel-osaka,mon-fri,09:00,17:00,closed,,,' >"$1/schedules.csv"
    echo 'id,title,summary,body,concerns,situations,services,sort,source,assured_date' >"$1/guides.csv"
    echo 'table,id,field,lang,text' >"$1/translations.csv"
    printf '%s\n' 'table,id,field,source,quote' \
        'organizations,org,website,src,テスト資料' \
        'phones,tel-nat,number,src,全国 0120-000-999' \
        'phones,tel-osaka,number,src2,相談電話 06-6000-0001（平日9時～17時）' \
        'schedules,h-osaka,hours,src2,相談電話 06-6000-0001（平日9時～17時）' >"$1/evidence.csv"
}
make_review_source "$WORK/rv"
"$BIN" review "$WORK/rv" --today 2026-12-05 >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "review finds what needs attention"
expect_empty "$WORK/err" "review writes nothing to stderr"
while IFS= read -r line; do expect_line "$WORK/out" "$line" "review"; done <<EOF
review of $WORK/rv on 2026-12-05 (older than 6m: last checked before 2026-06-05)
Old records (2): organizations and services last checked before 2026-06-05
  2026-01-10  organization org2  古い団体
  2026-01-10  service s-old  古い相談
Active services a visitor cannot contact (1): no phone or channel (a fax does not count), no website and no e-mail, neither their own nor their organization's
  s-old  古い相談
Inactive services (1): in the source but not shown on the kiosk, and why
  s-closed  閉じた相談: 番号を確認できなかったため
Evidence gaps (3): quotes from a source without url or publisher, sources without a published date
  source src2 (転載資料): no published date
  phones tel-osaka number: its source src2 has no url and no publisher
  schedules h-osaka hours: its source src2 has no url and no publisher
Prefectures with no public service to call (46): no active service of a public organization with a voice phone covers them (national ones do not count)
  01 北海道:
    s-closed  閉じた相談: inactive: 番号を確認できなかったため
  13 東京都:
    s-old  古い相談: active, but no voice phone, and its organization's sector is nonprofit, not public
  47 沖縄県: no service listed
53 findings need attention.
EOF
expect_no_grep "$WORK/out" "27 大阪府" "review: Osaka is covered"
[ "$(grep -c '^  [0-9][0-9] ' "$WORK/out")" = 46 ] && pass || fail "review: not 46 prefecture lines"
"$BIN" review "$WORK/rv" --today 2026-12-05 --older-than 1y >"$WORK/out" 2>&1
expect_line "$WORK/out" "Old records (0): organizations and services last checked before 2025-12-05" "review --older-than 1y"
"$BIN" review "$WORK/rv" --today 2026-12-05 --older-than 320d >"$WORK/out" 2>&1
expect_line "$WORK/out" "Old records (2): organizations and services last checked before 2026-01-19" "review --older-than 320d"
"$BIN" review "$WORK/rv" --older-than 6w >"$WORK/out" 2>&1
expect_rc 2 $? "review --older-than 6w"
expect_grep "$WORK/out" "--older-than wants a number and d, m or y (90d, 6m, 1y)" "review --older-than message"
"$BIN" review "$WORK/rv" --today 2026-02-30 >"$WORK/out" 2>&1
expect_rc 2 $? "review --today with a date that does not exist"
"$BIN" review >"$WORK/out" 2>&1
expect_rc 2 $? "review without SRC_DIR"
"$BIN" review "$WORK/broken" --today 2026-12-05 >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "review of a source with problems"
expect_grep "$WORK/err" "must have 10 digits" "review lists the source's problems"
expect_grep "$WORK/err" "3 problems found; fix what \`madoguchi-bundle check\` says before reviewing." "review problem summary"
expect_empty "$WORK/out" "review of a broken source prints no findings"

# Every prefecture covered by a public phone service, every source traceable: nothing.
cp -r "$WORK/rv" "$WORK/clean"
sed -i '/^src2,/d' "$WORK/clean/sources.csv"
sed -i '/^org2,/d' "$WORK/clean/organizations.csv"
head -1 "$WORK/rv/services.csv" >"$WORK/clean/services.csv"
head -1 "$WORK/rv/phones.csv" >"$WORK/clean/phones.csv"
head -1 "$WORK/rv/schedules.csv" >"$WORK/clean/schedules.csv"
head -2 "$WORK/rv/evidence.csv" >"$WORK/clean/evidence.csv"  # the header and org's website
for p in $(seq -w 1 47); do
    echo "p$p,org,相談$p,そうだん,,説明,alcohol,self,,consultation,phone,$p,,ja,,,free,,yes,,,centre,src,2026-11-21" >>"$WORK/clean/services.csv"
    echo "tel-$p,p$p,0120-000-0$p,voice,," >>"$WORK/clean/phones.csv"
    echo "phones,tel-$p,number,src,電話 0120-000-0$p" >>"$WORK/clean/evidence.csv"
done
"$BIN" review "$WORK/clean" --today 2026-12-05 >"$WORK/out" 2>&1
expect_rc 0 $? "review of a directory that needs nothing"
expect_line "$WORK/out" "Prefectures with no public service to call (0): no active service of a public organization with a voice phone covers them (national ones do not count)" "review: every prefecture covered"
expect_line "$WORK/out" "Nothing needs attention." "review: nothing"

# diff: a folder against its own catalogue and its signed bundle, both ways.
"$BIN" build "$WORK/rv" -o "$WORK/rv.sqlite" >/dev/null 2>&1
"$BIN" diff "$WORK/rv" "$WORK/rv.sqlite" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "diff a folder and its catalogue"
expect_line "$WORK/out" "old: $WORK/rv (bundle source folder, version 1)" "diff names the old side"
expect_line "$WORK/out" "new: $WORK/rv.sqlite (catalogue, version 1)" "diff names the new side"
expect_line "$WORK/out" "No differences." "diff: none"
"$BIN" sign "$WORK/rv.sqlite" --key "$WORK/k.sec" -o "$WORK/rv.bundle" >/dev/null 2>&1
"$BIN" diff "$WORK/rv.bundle" "$WORK/rv" >"$WORK/out" 2>&1
expect_rc 0 $? "diff a signed bundle and its folder"
expect_line "$WORK/out" "old: $WORK/rv.bundle (signed bundle (signature not checked), version 1)" "diff reads a bundle"
"$BIN" diff "$SAMPLE" "$WORK/sample.sqlite" >"$WORK/out" 2>&1
expect_rc 0 $? "diff the sample folder and its catalogue"

# diff: a second version with every kind of change.
cp -r "$WORK/rv" "$WORK/rv2"
sed -i 's/^version,1$/version,2/' "$WORK/rv2/bundle.csv"
sed -i 's/06-6000-0001/06-6000-0002/; s/相談電話,$/相談ダイヤル,/' "$WORK/rv2/phones.csv"
sed -i 's/06-6000-0001/06-6000-0002/' "$WORK/rv2/evidence.csv"
sed -i 's/mon-fri,09:00,17:00/mon-sat,09:00,18:00/' "$WORK/rv2/schedules.csv"
sed -i 's/9時～17時/9時～18時/' "$WORK/rv2/evidence.csv"
sed -i '/^s-old,/d; s/,inactive,番号を確認できなかったため,/,,,/' "$WORK/rv2/services.csv"
echo 's-new,org,新しい相談,あたらしいそうだん,,説明,alcohol,self,,consultation,phone,28,,ja,,,free,,yes,,,,src,2026-11-21' >>"$WORK/rv2/services.csv"
"$BIN" diff "$WORK/rv.sqlite" "$WORK/rv2" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "diff two versions"
diff -u - "$WORK/out" >"$WORK/diffout" <<EOF && pass || { fail "diff output"; show "$WORK/diffout"; }
old: $WORK/rv.sqlite (catalogue, version 1)
new: $WORK/rv2 (bundle source folder, version 2)

Bundle metadata changed (1):
  version
    - 1
    + 2

Services added (1):
  s-new  新しい相談

Services removed (1):
  s-old  古い相談

Status changed (1):
  s-closed  閉じた相談: inactive -> active (was: 番号を確認できなかったため)

Services changed (1):
  s-osaka  大阪の相談
    phone tel-osaka number
      - 06-6000-0001
      + 06-6000-0002
    phone tel-osaka label
      - 相談電話
      + 相談ダイヤル
    hours h-osaka
      - phone tel-osaka: mon-fri 09:00-17:00, holidays closed
      + phone tel-osaka: mon-sat 09:00-18:00, holidays closed

7 differences; check each line before signing.
EOF
"$BIN" diff "$WORK/rv" "$WORK/junk.sqlite" >"$WORK/out" 2>&1
expect_rc 3 $? "diff with a file that is neither catalogue nor bundle"
expect_grep "$WORK/out" "$WORK/junk.sqlite: neither a catalogue nor a bundle" "diff says which side"
"$BIN" diff "$WORK/broken" "$WORK/rv" >"$WORK/out" 2>&1
expect_rc 3 $? "diff with a broken source folder"
expect_grep "$WORK/out" "$WORK/broken: the bundle source has 3 problems (see \`madoguchi-bundle check\`)" "diff names the broken folder"
"$BIN" diff "$WORK/rv" >"$WORK/out" 2>&1
expect_rc 2 $? "diff with one side"

# inspect: services per directory tier, and callable ones.
"$BIN" inspect "$WORK/rv.sqlite" >"$WORK/out" 2>&1
expect_rc 0 $? "inspect with tiers"
expect_line "$WORK/out" "  centre: 2 services, 1 active" "inspect tier centre"
expect_line "$WORK/out" "  national: 1 service, 1 active" "inspect tier national"
expect_line "$WORK/out" "  (none): 1 service, 1 active" "inspect tier (none)"
expect_line "$WORK/out" "active services with a voice phone: 2 of 3" "inspect callable"

# --- synthetic generator ------------------------------------------------------
"$BIN" generate --services 500 --seed 3 -o "$WORK/syn" >"$WORK/out" 2>&1
expect_rc 0 $? "generate"
"$BIN" build "$WORK/syn" -o "$WORK/syn.sqlite" >"$WORK/out" 2>&1
expect_rc 0 $? "build synthetic"
"$BIN" inspect "$WORK/syn.sqlite" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "SYNTHETIC DATA" "synthetic marked in inspect"
expect_grep "$WORK/out" "service: 500" "synthetic count"

finish admin_tool_cli
