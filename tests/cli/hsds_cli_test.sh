#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hsds_cli_test.sh BIN HSDS_DIR SAMPLE_DIR — drives `madoguchi-bundle import-hsds`
# and `export-hsds` as an admin would (docs/hsds.md): import the test package,
# build it, find an imported service, export and import again, and check that
# broken packages fail with file:line:column messages and the right exit codes.
set -uo pipefail
BIN=$1
HSDS=$2
SAMPLE=$3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
source "$(dirname "$0")/check_lib.sh"

META=(--title "みなと市 こころの相談先" --publisher "みなと市" --version 1 --valid-until 2027-12-31 --region 27 --checked 2026-11-21)

# --- import the test package, build it, find what came in ----------------------
"$BIN" import-hsds "$HSDS" -o "$WORK/src" "${META[@]}" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "import-hsds"
expect_grep "$WORK/out" "import-hsds: wrote $WORK/src: 4 organizations, 6 services, 3 locations, 4 phones, 7 schedules" "import summary"
expect_grep "$WORK/err" "import-hsds: 0 errors, 40 items not imported or approximated." "report summary"
expect_grep "$WORK/src/schedules.csv" "sch-family,mhwc-family,,sat#2,14:00,16:00,open,,,毎月第2土曜日" "monthly 2nd Saturday imported as sat#2"
expect_grep "$WORK/err" "$HSDS/languages.csv:4:10: warning: phone language \"en\" of 06-0000-1234 added to the languages of service" "phone language reported"
expect_grep "$WORK/err" "$HSDS/contacts.csv:2:1: warning: contact row not imported" "contact reported"

expect_grep "$WORK/src/bundle.csv" "synthetic,yes" "the made-up package is marked synthetic (datapackage.json madoguchi.bundle)"
expect_grep "$WORK/src/evidence.csv" "phones,ph-mhwc,number,hsds,依存症相談ダイヤル" "evidence attribute imported"

"$BIN" build "$WORK/src" -o "$WORK/cat.sqlite" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "build the imported source"
expect_grep "$WORK/out" "4 organizations, 6 services, 4 phones" "build counts"
"$BIN" inspect "$WORK/cat.sqlite" >"$WORK/out" 2>&1
expect_grep "$WORK/out" "みなと市精神保健福祉センター" "inspect lists an imported organization"
expect_grep "$WORK/out" "title: みなと市 こころの相談先" "inspect shows the title given"
"$BIN" search "$WORK/cat.sqlite" "ほっとらいん" >"$WORK/out" 2>&1
expect_rc 0 $? "search"
expect_grep "$WORK/out" "1. hotline-call  依存症ほっとライン" "search finds the imported hotline"
"$BIN" show "$WORK/cat.sqlite" mhwc-consult --at 2026-11-24T11:00 >"$WORK/out" 2>&1
expect_grep "$WORK/out" "phone: 06-0000-1234 (tel:0600001234)" "show the imported phone"
expect_grep "$WORK/out" "languages: ja, en" "show languages (from the phone's languages)"
expect_grep "$WORK/out" "open now: yes" "open on a Tuesday at 11:00"

# --- export and import again: the same source ------------------------------
"$BIN" export-hsds "$WORK/src" -o "$WORK/pkg" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "export-hsds"
expect_grep "$WORK/out" "export-hsds: wrote $WORK/pkg: 4 organizations, 6 services" "export summary"
for f in datapackage.json organizations.csv services.csv schedules.csv phones.csv taxonomy_terms.csv attributes.csv; do
    [ -s "$WORK/pkg/$f" ] && pass || fail "export did not write $f"
done
expect_grep "$WORK/pkg/schedules.csv" "sch-mhwc-phone,mhwc-consult,WEEKLY,\"MO,TU,WE,TH,FR\",09:00+09:00,17:00+09:00,9" "exported schedule"
expect_grep "$WORK/pkg/attributes.csv" ",ph-mhwc,madoguchi-field-evidence,phone,依存症相談ダイヤル　０６（００００）１２３４（平日　午前9時～午後5時）,number@hsds" "exported evidence attribute"
"$BIN" import-hsds "$WORK/pkg" -o "$WORK/src2" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "import our own export"
expect_grep "$WORK/err" "import-hsds: 0 errors, 0 items not imported or approximated." "nothing lost"
diff -r "$WORK/src" "$WORK/src2" >"$WORK/diff" && pass || { fail "round trip changed the source"; head -20 "$WORK/diff"; }

"$BIN" export-hsds "$SAMPLE" -o "$WORK/sample-pkg" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "export the sample"
expect_grep "$WORK/err" "guides.csv: not exported: 13 topic guides not exported (HSDS has no topic guides)" "guides reported"
expect_grep "$WORK/err" "evidence.csv: not exported: 83 evidence rows of topic guides not exported" "guides' evidence reported"
expect_grep "$WORK/err" "keywords.csv: not exported: 1531 everyday words not exported (HSDS has no search keywords)" "keywords reported"
"$BIN" import-hsds "$WORK/sample-pkg" -o "$WORK/sample-src" >/dev/null 2>"$WORK/err"
expect_rc 0 $? "import the exported sample"
for f in services.csv organizations.csv sources.csv; do
    cmp -s "$SAMPLE/$f" "$WORK/sample-src/$f" && pass || fail "the sample's $f did not come back byte for byte"
done
# evidence.csv comes back but for the proofs of the guides (rows of table "guides", some over several lines)
# and of the facts of services (service_facts.csv: HSDS has no place for them).
python3 - "$SAMPLE/evidence.csv" "$WORK/sample-src/evidence.csv" <<'PY' && pass || fail "the sample's evidence.csv (without the guides' and facts' rows) did not come back row for row"
import csv, io, sys
rows = lambda p: [r for r in csv.reader(open(p, newline='', encoding='utf-8')) if r[0] not in ('guides', 'service_facts')]
sys.exit(0 if rows(sys.argv[1]) == rows(sys.argv[2]) else 1)
PY
"$BIN" build "$WORK/sample-src" -o "$WORK/sample.sqlite" >"$WORK/out" 2>&1
expect_rc 0 $? "build the re-imported sample"
expect_grep "$WORK/out" "15 organizations, 21 services, 2 phones, 0 guides" "same services as the sample"

# --- a real (not synthetic) package: evidence is for the admin to add before build ---
cp -r "$HSDS" "$WORK/real"
sed -i 's/"synthetic": "yes"/"synthetic": "no"/' "$WORK/real/datapackage.json"
"$BIN" import-hsds "$WORK/real" -o "$WORK/real-src" "${META[@]}" >"$WORK/out" 2>"$WORK/err"
expect_rc 0 $? "import a package that proves only some values"
expect_grep "$WORK/err" "import-hsds: 0 errors, 40 items not imported or approximated." "missing evidence is not an import problem"
"$BIN" build "$WORK/real-src" -o "$WORK/real.sqlite" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "build lists the missing evidence"
expect_grep "$WORK/err" "$WORK/real-src/phones.csv:3:27: number: \"06-0000-5678\" has no evidence: add a row to evidence.csv (phones,ph-hokenjo,number," "unproven phone listed"
expect_no_grep "$WORK/err" "\"06-0000-1234\" has no evidence" "the phone the package proves is not listed"
[ -e "$WORK/real.sqlite" ] && fail "build wrote a catalogue with unproven values" || pass

# --- broken input and usage ---------------------------------------------------
mkdir "$WORK/empty"
"$BIN" import-hsds "$WORK/empty" -o "$WORK/x1" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "no datapackage.json"
expect_grep "$WORK/err" "$WORK/empty/datapackage.json: error: missing: an HSDS data package lists its CSV files in datapackage.json" "missing datapackage message"
expect_grep "$WORK/err" "nothing was written" "missing datapackage writes nothing"
[ -e "$WORK/x1" ] && fail "output written for a package without datapackage.json" || pass

cp -r "$HSDS" "$WORK/bad"
sed -i 's/WEEKLY,,TH,/WEEKLY,,TX,/' "$WORK/bad/schedules.csv"
printf 'not,listed\n' >"$WORK/bad/extra.csv"
"$BIN" import-hsds "$WORK/bad" -o "$WORK/x2" "${META[@]}" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "unknown byday"
expect_grep "$WORK/err" "$WORK/bad/schedules.csv:6:62: error: byday: \"TX\" is not a weekday code (MO, TU, WE, TH, FR, SA, SU)" "byday message"
expect_grep "$WORK/err" "$WORK/bad/extra.csv: warning: not listed in datapackage.json; not read" "unlisted file"

"$BIN" import-hsds "$HSDS" -o "$WORK/x3" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "import without bundle metadata"
expect_grep "$WORK/err" "datapackage.json: error: bundle.csv publisher: the package does not say; give --publisher" "missing publisher"
expect_grep "$WORK/err" "the source was written but will not build until the errors are fixed" "written but not buildable"

"$BIN" import-hsds "$HSDS" -o "$WORK/src" "${META[@]}" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "import into a folder that is not empty"
expect_grep "$WORK/err" "is not empty; give a new or empty folder for the output" "non-empty output message"
"$BIN" import-hsds "$HSDS" >"$WORK/out" 2>&1
expect_rc 2 $? "import-hsds without -o"
"$BIN" import-hsds "$HSDS" -o "$WORK/x4" --checked 2026-13-01 >"$WORK/out" 2>&1
expect_rc 2 $? "bad --checked"
"$BIN" export-hsds "$WORK/empty" -o "$WORK/x5" >"$WORK/out" 2>"$WORK/err"
expect_rc 1 $? "export of a folder that is not a source"

finish hsds_cli
