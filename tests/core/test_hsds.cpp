// SPDX-License-Identifier: Apache-2.0
// Open Referral HSDS 3.0 import and export (docs/hsds.md): the test package in
// tests/data/hsds imported and checked value by value, the report of what was
// left out (file:line:column), the imported source built into a catalogue the
// kiosk can search, the round trips, and broken packages.
#include <doctest/doctest.h>

#include <cstring>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/csv_reader.hpp"
#include "madoguchi/core/hsds.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

const std::string kHsdsDir = std::string(MADOGUCHI_SAMPLE_DIR) + "/../../tests/data/hsds";

HsdsImportOptions test_options() {
    HsdsImportOptions o;
    o.title = "みなと市 こころの相談先";
    o.publisher = "みなと市";
    o.version = "1";
    o.valid_until = "2027-12-31";
    o.region = "27";
    o.checked = "2026-11-21";
    return o;
}


// Messages with the folder taken off, so they read schedules.csv:4:33: …
std::vector<std::string> messages(const Diagnostics& d, const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& item : d.sorted()) {
        std::string m = format_diagnostic(item);
        if (m.rfind(dir + "/", 0) == 0) m = m.substr(dir.size() + 1);
        out.push_back(m);
    }
    return out;
}

std::string join_lines(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}

bool has_message(const std::vector<std::string>& all, const std::string& wanted) {
    return std::find(all.begin(), all.end(), wanted) != all.end();
}

bool has_message_starting(const std::vector<std::string>& all, const std::string& start) {
    return std::any_of(all.begin(), all.end(), [&](const std::string& m) { return m.rfind(start, 0) == 0; });
}

// One CSV line of `file` whose first cell is `id`.
std::string row_of(const std::string& dir, const std::string& file, const std::string& id) {
    std::istringstream in(slurp(dir + "/" + file));
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(id + ",", 0) == 0) return line;
    return {};
}

// A copy of the test package with one file replaced, for the broken cases.
void copy_package(const TempDir& to) {
    for (const auto& e : fs::directory_iterator(kHsdsDir)) fs::copy_file(e.path(), to.path() / e.path().filename());
}

void replace_in(const TempDir& dir, const std::string& file, const std::string& from, const std::string& to) {
    std::string text = slurp(dir.file(file));
    size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, file << " does not contain " << from);
    text.replace(at, from.size(), to);
    dir.write(file, text);
}

}  // namespace

TEST_CASE("hsds import: the test package maps to the expected rows") {
    TempDir out;
    const std::string src = out.file("src");
    HsdsImportReport r = import_hsds(kHsdsDir, src, test_options());
    INFO(join_lines(messages(r.errors, kHsdsDir)));
    REQUIRE(r.ok());
    REQUIRE(r.written);
    CHECK(r.organizations == 4);
    CHECK(r.services == 6);
    CHECK(r.phones == 4);  // the SMS line too (issue 19)
    CHECK(r.schedules == 7);

    // Japanese text and UUID ids come through as written.
    CHECK(row_of(src, "organizations.csv", "5f0c2b1e-8a4d-4c6b-9e2f-7a1d3c5b9e01").find(
              ",みなと市精神保健福祉センター,みなとし せいしんほけんふくしせんたー,こころの健康センター,") != std::string::npos);
    // Weekly byday/opens_at/closes_at, with phone_id and holidays from madoguchi-field attributes
    // (the public offices close on national holidays).
    CHECK(row_of(src, "schedules.csv", "sch-mhwc-phone") == "sch-mhwc-phone,mhwc-consult,ph-mhwc,mon-fri,09:00,17:00,closed,,,年末年始を除く,");
    CHECK(row_of(src, "schedules.csv", "sch-mhwc-visit") == "sch-mhwc-visit,mhwc-consult,,tue;thu,13:00,16:00,closed,,,面接は予約制,");
    // Seconds dropped; reached through service_at_location.
    CHECK(row_of(src, "schedules.csv", "sch-hokenjo") == "sch-hokenjo,hokenjo-kokoro,,mon;wed;fri,13:00,16:00,closed,,,,");
    // 00:00-00:00 every day is all day; without a holidays attribute an HSDS rule holds on
    // holidays too (HSDS has no notion of them): the hotline is not shown shut on a holiday.
    CHECK(row_of(src, "schedules.csv", "sch-hotline") == "sch-hotline,hotline-call,,daily,00:00,24:00,open,,,24時間,");
    // MONTHLY 2SA (毎月第2土曜日): the 2nd Saturday of each month.
    CHECK(row_of(src, "schedules.csv", "sch-family") == "sch-family,mhwc-family,,sat#2,14:00,16:00,open,,,毎月第2土曜日,");
    // Phone languages join the service's languages (madoguchi has none per phone).
    const std::string hotline = row_of(src, "services.csv", "hotline-call");
    CHECK(hotline.find(",consultation,phone,national,,ja;en;zh;vi;pt,https://example.net/hotline/,") != std::string::npos);
    CHECK(row_of(src, "services.csv", "hokenjo-kokoro").find(",ja;zh;ko,") != std::string::npos);
    // Terms of the madoguchi taxonomy, cost from cost_option, status mapping.
    const std::string hidamari = row_of(src, "services.csv", "hidamari-meeting");
    CHECK(hidamari.find(",alcohol;drugs,self,women,self_help,in_person;online,national,loc-hidamari,,") != std::string::npos);
    CHECK(hidamari.find(",free,任意の献金あり,yes,active,,,hsds,2026-08-20") != std::string::npos);
    // status_note and tier, sector: madoguchi-field attributes.
    CHECK(row_of(src, "services.csv", "hotline-old-chat").find(",inactive,2025年3月末で終了しました。電話相談は続いています。,,hsds,2025-03-31") !=
          std::string::npos);
    CHECK(hotline.find(",active,,national,hsds,2026-11-01") != std::string::npos);
    CHECK(row_of(src, "organizations.csv", "hidamari-kai").find(",nonprofit,hsds,") != std::string::npos);
    CHECK(row_of(src, "organizations.csv", "minato-kita-hokenjo").find(",https://example.jp/minato-kita/,,,hsds,") != std::string::npos);
    CHECK(row_of(src, "phones.csv", "ph-mhwc") == "ph-mhwc,mhwc-consult,06-0000-1234,voice,依存症相談ダイヤル,相談専用");
    // An HSDS `text` (SMS) line is a way to ask without a voice: imported (issue 19).
    CHECK(row_of(src, "phones.csv", "ph-hotline-sms") == "ph-hotline-sms,hotline-call,090-0000-4444,text,,SMS");
    CHECK(row_of(src, "locations.csv", "loc-mhwc") ==
          "loc-mhwc,5f0c2b1e-8a4d-4c6b-9e2f-7a1d3c5b9e01,みなと市精神保健福祉センター,540-0000,27,,"
          "みなと市中央区みなと町1-2-3 みなと合同庁舎3階,車いすで入れます（エレベーターあり）");
    CHECK(row_of(src, "locations.csv", "loc-hidamari").find(",550-0000,27,,") != std::string::npos);  // state_province "Osaka"
    CHECK(slurp(src + "/translations.csv").find("services,mhwc-consult,name,en,Addiction consultation (phone and in person)") !=
          std::string::npos);
    // The package is made up and says so (datapackage.json madoguchi.bundle.synthetic).
    CHECK(slurp(src + "/bundle.csv") ==
          "key,value\ntitle,みなと市 こころの相談先\npublisher,みなと市\nversion,1\nvalid_until,2027-12-31\nregion,27\nsynthetic,yes\n");
    // One source for the package: its title, homepage and license; no `published` (HSDS does not say), so no column.
    CHECK(slurp(src + "/sources.csv") ==
          "id,title,url,publisher,checked,licence,note\n"
          "hsds,みなと市 依存の相談先（テスト用の架空データ）,https://example.jp/minato-open-data/,,2026-11-21,CC-BY-4.0,"
          "Open Referral HSDS から取り込み\n");
    // Evidence attributes (label field or field@source, value the quote) in attribute order; no @source: the package's.
    CHECK(slurp(src + "/evidence.csv") ==
          "table,id,field,source,quote\n"
          "organizations,5f0c2b1e-8a4d-4c6b-9e2f-7a1d3c5b9e01,website,hsds,ホームページ：https://example.jp/minato-kokoro/\n"
          "locations,loc-mhwc,address,hsds,所在地：〒540-0000 大阪府みなと市中央区みなと町１－２－３　みなと合同庁舎３階\n"
          "phones,ph-mhwc,number,hsds,依存症相談ダイヤル　０６（００００）１２３４（平日　午前9時～午後5時）\n"
          "schedules,sch-mhwc-phone,hours,hsds,依存症相談ダイヤル　０６（００００）１２３４（平日　午前9時～午後5時）\n");
}

TEST_CASE("hsds import: what does not fit is reported with file:line:column") {
    TempDir out;
    HsdsImportReport r = import_hsds(kHsdsDir, out.file("src"), test_options());
    auto m = messages(r.unmapped, kHsdsDir);
    INFO(join_lines(m));
    CHECK(has_message(m, "schedules.csv:9:54: opens_at: \"01:00Z\": time zone Z is not Japan's (+09:00); schedule not imported"));
    CHECK(has_message(m, "languages.csv:4:10: phone language \"en\" of 06-0000-1234 added to the languages of service "
                         "\"mhwc-consult\" (madoguchi has no language per phone)"));
    CHECK_FALSE(has_message_starting(m, "phones.csv:5:48: type:"));  // a text line is imported now
    CHECK(has_message(m, "phones.csv:3:35: extension: \"201\" not imported (madoguchi dials the number as written; put the "
                         "extension in the description)"));
    CHECK(has_message_starting(m, "phones.csv:7:32: number: \"06-000-12\""));
    CHECK(has_message_starting(m, "phones.csv:6:1: phone \"03-0000-9999\" belongs to no imported service"));
    CHECK(has_message(m, "contacts.csv:2:1: contact row not imported (the kiosk shows no named contact persons)"));
    CHECK(has_message(m, "services.csv:1:123: column \"internal_note\" is not an HSDS 3.0 field of service; not imported"));
    CHECK(has_message_starting(m, "service_areas.csv:4:24: service area \"みなと市北区\""));
    CHECK(has_message_starting(m, "attributes.csv:34:21: term \"mental-health Mental Health Care\" of taxonomy \"Open Eligibility\""));
    CHECK(has_message(m, "locations.csv:5:21: location_type: virtual location not imported (madoguchi lists physical places; give "
                         "online services a url)"));
    CHECK(has_message_starting(m, "locations.csv:2:85: latitude: \"34.6851\" not imported"));
    CHECK(has_message(m, "services.csv:7:65: status: \"defunct\" imported as inactive (madoguchi has active and inactive)"));
    CHECK(has_message_starting(m, "schedules.csv:10:1: schedule of no imported service"));
    CHECK(r.unmapped.size() == 40);  // every one is listed; a new silent drop would change the count
}

TEST_CASE("hsds import: the imported source builds into a catalogue the kiosk shows") {
    TempDir out;
    const std::string src = out.file("src");
    REQUIRE(import_hsds(kHsdsDir, src, test_options()).ok());
    BuildResult b = build_bundle(src, out.file("catalog.sqlite"));
    REQUIRE(b.ok);
    CHECK(b.services == 6);
    CHECK(b.organizations == 4);
    std::string err;
    auto cat = Catalogue::open(out.file("catalog.sqlite"), &err);
    REQUIRE_MESSAGE(cat, err);
    auto hits = cat->search("ほっとらいん", SearchOptions{});
    REQUIRE(!hits.empty());
    CHECK(hits.front().id == "hotline-call");
    auto d = cat->service("mhwc-consult", "ja", parse_local_datetime("2026-11-24T11:00"));
    REQUIRE(d);
    REQUIRE(d->phones.size() == 1);
    CHECK(d->phones[0].number == "06-0000-1234");
    CHECK(d->phones[0].open_now);
    CHECK(d->languages == std::vector<std::string>{"ja", "en"});
    CHECK(cat->service("hotline-old-chat", "ja"));  // kept, but inactive: not searchable
    CHECK(cat->search("ちゃっと", SearchOptions{}).empty());
}

// The evidence attributes of the test package (attributes.csv a-100 … a-103).
const char* const kEvidenceRows =
    "a-100,5f0c2b1e-8a4d-4c6b-9e2f-7a1d3c5b9e01,f-evidence,,organization,ホームページ：https://example.jp/minato-kokoro/,website\n"
    "a-101,loc-mhwc,f-evidence,,location,所在地：〒540-0000 大阪府みなと市中央区みなと町１－２－３　みなと合同庁舎３階,address\n"
    "a-102,ph-mhwc,f-evidence,,phone,依存症相談ダイヤル　０６（００００）１２３４（平日　午前9時～午後5時）,number@hsds\n"
    "a-103,sch-mhwc-phone,f-evidence,,schedule,依存症相談ダイヤル　０６（００００）１２３４（平日　午前9時～午後5時）,hours\n";

static size_t count_containing(const std::vector<std::string>& all, const std::string& part) {
    return static_cast<size_t>(std::count_if(all.begin(), all.end(), [&](const std::string& m) { return m.find(part) != std::string::npos; }));
}

TEST_CASE("hsds import: evidence — a real package without it imports, and build lists what to prove") {
    TempDir in, out;
    copy_package(in);
    replace_in(in, "datapackage.json", "\"synthetic\": \"yes\"", "\"synthetic\": \"no\"");
    const std::string src = out.file("src");

    SUBCASE("no evidence at all: the import reports nothing more; build lists every contact value") {
        replace_in(in, "attributes.csv", kEvidenceRows, "");
        HsdsImportReport r = import_hsds(in.str(), src, test_options());
        INFO(join_lines(messages(r.errors, src)));
        REQUIRE(r.ok());
        CHECK(r.unmapped.size() == 40);
        CHECK(slurp(src + "/evidence.csv") == "table,id,field,source,quote\n");  // the header, for the admin to fill
        BuildResult b = build_bundle(src, out.file("catalog.sqlite"));
        CHECK(!b.ok);
        auto e = messages(b.diagnostics, src);
        INFO(join_lines(e));
        CHECK(count_containing(e, " no evidence: add a row to evidence.csv (") == 23);  // the SMS line's number too
        CHECK(e.size() == 23);
        CHECK(has_message(e, "phones.csv:2:22: number: \"06-0000-1234\" has no evidence: add a row to evidence.csv "
                             "(phones,ph-mhwc,number,<source id>,<the sentence of the source that holds it>)"));
    }
    SUBCASE("the package's four quotes prove their values; the rest are listed") {
        HsdsImportReport r = import_hsds(in.str(), src, test_options());
        REQUIRE(r.ok());
        CHECK(r.unmapped.size() == 40);
        BuildResult b = build_bundle(src, out.file("catalog.sqlite"));
        auto e = messages(b.diagnostics, src);
        INFO(join_lines(e));
        CHECK(e.size() == 19);
        CHECK(count_containing(e, " no evidence: add a row to evidence.csv (") == 19);
        for (const char* proven : {"\"06-0000-1234\"", "\"https://example.jp/minato-kokoro/\"", "みなと合同庁舎3階", "(schedules,sch-mhwc-phone,"})
            CHECK(count_containing(e, proven) == 0);
    }
    SUBCASE("a quote that does not hold its value is an import error") {
        replace_in(in, "attributes.csv", "０６（００００）１２３４（平日　午前9時～午後5時）,number@hsds",
                   "０６（００００）１２３５（平日　午前9時～午後5時）,number@hsds");
        HsdsImportReport r = import_hsds(in.str(), src, test_options());
        CHECK(r.written);
        CHECK(!r.ok());
        CHECK(messages(r.errors, src) ==
              std::vector<std::string>{"phones.csv:2:22: number: \"06-0000-1234\" is not in its evidence quote (evidence.csv line 4); "
                                       "copy the value from the quote, or the quote from the source, exactly"});
    }
    SUBCASE("evidence that cannot be imported says why") {
        replace_in(in, "attributes.csv", kEvidenceRows,
                   "a-100,5f0c2b1e-8a4d-4c6b-9e2f-7a1d3c5b9e01,f-evidence,,organization,ホームページ,fax\n"
                   "a-101,minato-kita-hokenjo,f-evidence,,organization,メール：kita@example.jp,email\n"
                   "a-102,ph-hotline-sms,f-evidence,,phone,SMS 090-0000-4444,number\n"
                   "a-103,ph-mhwc,f-evidence,,phone,０６（００００）１２３４,number@minato-web\n");
        HsdsImportReport r = import_hsds(in.str(), src, test_options());
        auto w = messages(r.unmapped, in.str());
        INFO(join_lines(w));
        CHECK(has_message(w, "attributes.csv:67:76: label: \"fax\" is not field or field@source with a contact value of organization "
                             "(email, website); evidence not imported"));
        CHECK(has_message(w, "attributes.csv:68:72: evidence for the email of organization \"minato-kita-hokenjo\", which has no email; "
                             "not imported"));
        // The SMS line is imported (issue 19), so its quote is too.
        CHECK_FALSE(has_message_starting(w, "attributes.csv:69:"));
        CHECK(r.unmapped.size() == 42);
        CHECK(messages(r.errors, in.str()) ==
              std::vector<std::string>{"attributes.csv:70:46: label: source \"minato-web\" is not in sources.csv (the package's sources: hsds)"});
        CHECK(slurp(src + "/evidence.csv") ==
              "table,id,field,source,quote\nphones,ph-hotline-sms,number,hsds,SMS 090-0000-4444\n"
              "phones,ph-mhwc,number,minato-web,０６（００００）１２３４\n");
    }
}

TEST_CASE("hsds import: an inactive service needs its status_note") {
    TempDir in, out;
    copy_package(in);
    replace_in(in, "attributes.csv", "a-85,hotline-old-chat,f-status-note,,service,2025年3月末で終了しました。電話相談は続いています。,\n", "");
    HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
    CHECK(r.written);
    CHECK(messages(r.errors, in.str()) ==
          std::vector<std::string>{"services.csv:7:65: status: service \"hotline-old-chat\" is inactive and no status_note says why: "
                                   "give an attribute of taxonomy madoguchi-field, code status_note, or fill status_note in services.csv"});
}

TEST_CASE("hsds round trip: import, export, import again gives the same source") {
    TempDir out;
    const std::string first = out.file("first"), package = out.file("package"), second = out.file("second");
    REQUIRE(import_hsds(kHsdsDir, first, test_options()).ok());
    HsdsExportReport e = export_hsds(first, package);
    REQUIRE(e.ok());
    CHECK(e.unmapped.empty());
    CHECK(fs::exists(package + "/datapackage.json"));
    HsdsImportReport again = import_hsds(package, second, {});  // bundle metadata travels in datapackage.json
    INFO(join_lines(messages(again.errors, package)));
    INFO(join_lines(messages(again.unmapped, package)));
    REQUIRE(again.ok());
    CHECK(again.unmapped.empty());  // our own export fits without loss
    for (const auto& f : fs::directory_iterator(first)) {
        const std::string name = f.path().filename().string();
        INFO(name);
        CHECK(slurp(first + "/" + name) == slurp(second + "/" + name));
    }
}

TEST_CASE("hsds round trip: the sample exports, imports and builds with every service") {
    TempDir out;
    const std::string package = out.file("package"), src = out.file("src");
    HsdsExportReport e = export_hsds(MADOGUCHI_SAMPLE_DIR, package);
    REQUIRE(e.ok());
    auto left_out = messages(e.unmapped, MADOGUCHI_SAMPLE_DIR);
    CHECK(has_message(left_out, "guides.csv: 13 topic guides not exported (HSDS has no topic guides)"));
    HsdsImportReport r = import_hsds(package, src, {});
    INFO(join_lines(messages(r.errors, package)));
    REQUIRE(r.ok());
    BuildResult sample = check_bundle_source(MADOGUCHI_SAMPLE_DIR);
    BuildResult imported = build_bundle(src, out.file("catalog.sqlite"));
    REQUIRE(imported.ok);
    CHECK(imported.services == sample.services);
    CHECK(imported.organizations == sample.organizations);
    CHECK(imported.phones == sample.phones);
    // Everything but the guides comes back as it was.
    for (const char* f : {"organizations.csv", "services.csv", "locations.csv", "phones.csv", "schedules.csv", "vocabulary.csv",
                          "sources.csv", "holidays.csv"}) {
        INFO(f);
        CHECK(slurp(src + "/" + f) == slurp(std::string(MADOGUCHI_SAMPLE_DIR) + "/" + f));
    }
    // evidence.csv too, row for row, but for the proofs of the guides, which stay behind with them.
    auto evidence_rows = [](const std::string& path, bool without_guides) {
        CsvDocument doc;
        Diagnostics diags;
        REQUIRE(read_csv_file(path, doc, diags));
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : doc.rows) {
            // Guides and the facts of services have no place in HSDS (not exported).
            if (without_guides && !r.cells.empty() && (r.cells[0].text == "guides" || r.cells[0].text == "service_facts")) continue;
            std::vector<std::string> cells;
            for (const auto& c : r.cells) cells.push_back(c.text);
            rows.push_back(std::move(cells));
        }
        return rows;
    };
    CHECK(evidence_rows(src + "/evidence.csv", false) == evidence_rows(std::string(MADOGUCHI_SAMPLE_DIR) + "/evidence.csv", true));
    CHECK(has_message(left_out, "evidence.csv: 83 evidence rows of topic guides not exported"));
    CHECK(has_message(left_out, "service_facts.csv: 5 facts about services not exported, with their evidence (HSDS has no place for them)"));
}

TEST_CASE("hsds import: another taxonomy mapped with --taxonomy-map") {
    TempDir out;
    out.write("map.csv", "taxonomy,code,term\nOpen Eligibility,mental-health,concern:other\n");
    HsdsImportOptions o = test_options();
    o.taxonomy_map = out.file("map.csv");
    HsdsImportReport r = import_hsds(kHsdsDir, out.file("src"), o);
    REQUIRE(r.ok());
    CHECK(!has_message_starting(messages(r.unmapped, kHsdsDir), "attributes.csv:34:"));
    CHECK(r.unmapped.size() == 39);
    out.write("bad-map.csv", "taxonomy,code,term\nOpen Eligibility,mental-health,illness\n");
    o.taxonomy_map = out.file("bad-map.csv");
    HsdsImportReport bad = import_hsds(kHsdsDir, out.file("src2"), o);
    CHECK(!bad.written);
    CHECK(has_message(messages(bad.errors, out.str()), "bad-map.csv:2:32: term: \"illness\" is not vocabulary:code (e.g. concern:alcohol, kind:self_help)"));
}

TEST_CASE("hsds import: broken packages say where") {
    SUBCASE("no datapackage.json") {
        TempDir in, out;
        in.write("organizations.csv", "id,name,description\n");
        HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
        CHECK(!r.written);
        CHECK(has_message_starting(messages(r.errors, in.str()), "datapackage.json: missing: an HSDS data package lists its CSV files"));
        CHECK(!fs::exists(out.file("src")));
    }
    SUBCASE("datapackage.json is not JSON") {
        TempDir in, out;
        copy_package(in);
        replace_in(in, "datapackage.json", "\"name\": \"minato-addiction-support\",", "\"name\": \"minato-addiction-support\"");
        HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
        CHECK(!r.written);
        // nlohmann/json stops at the last character it read: the end of "title", which should have followed a ','.
        CHECK(has_message(messages(r.errors, in.str()),
                          "datapackage.json:3:9: not valid JSON: syntax error while parsing object - unexpected string literal; expected '}'"));
    }
    SUBCASE("datapackage.json is not JSON: the column counts characters, not bytes") {
        TempDir in, out;
        copy_package(in);
        replace_in(in, "datapackage.json", "架空データ）\",", "架空データ）\" x,");
        HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
        CHECK(!r.written);
        CHECK(has_message(messages(r.errors, in.str()),
                          "datapackage.json:3:38: not valid JSON: syntax error while parsing object - invalid literal; expected '}'"));
    }
    SUBCASE("a listed file is missing, a file is not listed") {
        TempDir in, out;
        copy_package(in);
        fs::remove(in.file("phones.csv"));
        in.write("notes.csv", "a,b\n");
        HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
        CHECK(!r.written);
        auto e = messages(r.errors, in.str());
        INFO(join_lines(e));
        // At the resource's '{' (the parser callback notes where each resource begins).
        CHECK(has_message(e, "datapackage.json:294:5: resource \"phone\" lists phones.csv, which does not exist"));
        CHECK(has_message(messages(r.unmapped, in.str()), "notes.csv: not listed in datapackage.json; not read"));
    }
    SUBCASE("a CSV row with a field too many") {
        TempDir in, out;
        copy_package(in);
        replace_in(in, "contacts.csv", ",依存症相談員,相談課,\n", ",依存症相談員,相談課,,extra\n");
        HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
        CHECK(r.written);  // the rest of the package is fine
        CHECK(!r.ok());
        CHECK(has_message_starting(messages(r.errors, in.str()), "contacts.csv:2:1: row has 10 fields, the header has 9"));
    }
    SUBCASE("an unknown byday value") {
        TempDir in, out;
        copy_package(in);
        replace_in(in, "schedules.csv", "WEEKLY,,TH,", "WEEKLY,,TX,");
        HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
        CHECK(!r.ok());
        CHECK(has_message(messages(r.errors, in.str()),
                          "schedules.csv:6:62: byday: \"TX\" is not a weekday code (MO, TU, WE, TH, FR, SA, SU); schedule not imported"));
    }
    SUBCASE("weeks of the month madoguchi cannot show are reported, not guessed") {
        struct Case {
            const char* byday;
            const char* freq;
            const char* says;
        };
        const Case cases[] = {
            {"-1SA", "MONTHLY", "byday: \"-1SA\" (counted from the end of the month, or past the 5th) cannot be shown"},
            {"2SA,SU", "MONTHLY", "either every day carries #n or none does"},
            {"1SA,3SU", "MONTHLY", "each day must have the same weeks"},
            {"2SA", "WEEKLY", "freq: byday names weeks of the month (1WE), so freq must be MONTHLY"},
            {"SA", "MONTHLY", "freq: MONTHLY needs weeks of the month in byday"},
        };
        for (const Case& c : cases) {
            CAPTURE(std::string(c.byday));
            TempDir in, out;
            copy_package(in);
            replace_in(in, "schedules.csv", "MONTHLY,,2SA,", std::string(c.freq) + ",," + (std::strchr(c.byday, ',') ? "\"" + std::string(c.byday) + "\"" : std::string(c.byday)) + ",");
            HsdsImportReport r = import_hsds(in.str(), out.file("src"), test_options());
            auto m = messages(r.unmapped, in.str());
            INFO(join_lines(m));
            bool found = false;
            for (const auto& line : m) found = found || (line.rfind("schedules.csv:4:", 0) == 0 && line.find(c.says) != std::string::npos);
            CHECK(found);
            CHECK(row_of(out.file("src"), "schedules.csv", "sch-family").empty());
        }
    }
    SUBCASE("no reading and no bundle metadata: written, with what to fill in") {
        TempDir in, out;
        copy_package(in);
        replace_in(in, "attributes.csv", "a-2,minato-kita-hokenjo,f-name-kana,,organization,みなとし きたほけんじょ,\n", "");
        HsdsImportReport r = import_hsds(in.str(), out.file("src"), {});
        CHECK(r.written);
        auto e = messages(r.errors, in.str());
        INFO(join_lines(e));
        CHECK(has_message_starting(e, "organizations.csv:3:1: no reading (よみ) for 「みなと市北保健所」"));
        CHECK(has_message(e, "datapackage.json: bundle.csv publisher: the package does not say; give --publisher"));
        CHECK(has_message(e, "datapackage.json: bundle.csv valid_until: the package does not say; give --valid-until"));
        CHECK(has_message(e, "datapackage.json: sources.csv checked: the day this package was read is not known; give --checked YYYY-MM-DD"));
    }
    SUBCASE("the output folder is not empty") {
        TempDir out;
        out.write("bundle.csv", "key,value\n");
        HsdsImportReport r = import_hsds(kHsdsDir, out.str(), test_options());
        CHECK(!r.written);
        CHECK(slurp(out.file("bundle.csv")) == "key,value\n");
    }
}

TEST_CASE("hsds round trip: a rule closed over the New Year comes back closed") {
    auto f = madoguchi::test::minimal_source();
    f["schedules.csv"] =
        "id,service_id,phone_id,days,opens,closes,holidays,valid_from,valid_to,note,year_end\n"
        "h-b,svc-b,tel-b,mon-fri,22:00,06:00,closed,,,,closed\n";
    f["evidence.csv"] += "schedules,h-b,year_end,src,夜の電話（年末年始を除く）\n";
    TempDir out;
    write_source(out, f);
    const std::string package = out.file("package"), src = out.file("src");
    REQUIRE(export_hsds(out.str(), package).ok());
    HsdsImportReport r = import_hsds(package, src, {});
    INFO(join_lines(messages(r.errors, package)));
    REQUIRE(r.ok());
    CHECK(row_of(src, "schedules.csv", "h-b") == "h-b,svc-b,tel-b,mon-fri,22:00,06:00,closed,,,,closed");
    const BuildResult b = build_bundle(src, out.file("catalog.sqlite"));  // its evidence came along
    std::string why;
    for (const auto& d : b.diagnostics.items()) why += format_diagnostic(d) + "\n";
    CHECK_MESSAGE(b.ok, why);
}
