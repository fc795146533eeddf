// SPDX-License-Identifier: Apache-2.0
// Catalogue: hardened open, every query path, open-now through the catalogue,
// and the search table on the sample directory.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/catalogue_html.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/core/synthetic.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {


std::vector<std::string> ids(const std::vector<ServiceSummary>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(s.id);
    return out;
}

std::vector<std::string> ids(const std::vector<SearchHit>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(s.id);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

LocalDateTime at(const char* s) {
    auto t = parse_local_datetime(s);
    REQUIRE(t);
    return *t;
}

Built& sample() {
    static Built b{std::string(MADOGUCHI_SAMPLE_DIR)};
    return b;
}

}  // namespace

TEST_CASE("catalogue: open refuses what is not a good catalogue, with a reason") {
    TempDir dir;
    std::string err;

    CHECK_FALSE(Catalogue::open(dir.file("missing.sqlite"), &err));
    CHECK(err.find("no such catalogue file") != std::string::npos);

    dir.write("text.sqlite", "this is not a database at all, just text that is long enough to look like a page..........");
    CHECK_FALSE(Catalogue::open(dir.file("text.sqlite"), &err));
    CHECK(err.find("not a valid catalogue") != std::string::npos);

    Built b(minimal_source());
    // Another SQLite file: right format, wrong application.
    {
        std::string bytes;
        {
            std::ifstream in(b.path(), std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        std::string other = bytes;
        other[68] = 0;  // application_id lives at offset 68 of the header
        other[69] = 0;
        other[70] = 0;
        other[71] = 1;
        dir.write("other-app.sqlite", other);
        CHECK_FALSE(Catalogue::open(dir.file("other-app.sqlite"), &err));
        CHECK(err.find("not a madoguchi catalogue") != std::string::npos);

        std::string future = bytes;
        future[63] = 99;  // user_version (schema) at offset 60..63
        dir.write("future.sqlite", future);
        CHECK_FALSE(Catalogue::open(dir.file("future.sqlite"), &err));
        CHECK(err.find("schema 99 is not supported") != std::string::npos);

        // Damage past the header: every page after the first overwritten.
        std::string damaged = bytes;
        for (size_t i = 4096; i < damaged.size(); ++i) damaged[i] = static_cast<char>(i * 7);
        dir.write("damaged.sqlite", damaged);
        CHECK_FALSE(Catalogue::open(dir.file("damaged.sqlite"), &err));
        CHECK_FALSE(err.empty());

        // One page at a time filled with garbage: a full open refuses every
        // one. With the caller vouching that the bytes passed a full open
        // before (an installed bundle whose signature was just verified
        // again), quick_check is not run: damage only it would find (pages
        // the probes at open do not read) then passes, the rest is still refused.
        long long page_size = 0;
        {
            sqlite3* db = nullptr;
            REQUIRE(sqlite3_open_v2(b.path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
            sqlite3_stmt* st = nullptr;
            REQUIRE(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, nullptr) == SQLITE_OK);
            REQUIRE(sqlite3_step(st) == SQLITE_ROW);
            page_size = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
            sqlite3_close(db);
        }
        REQUIRE(page_size >= 512);
        const size_t pages = bytes.size() / static_cast<size_t>(page_size);
        REQUIRE(pages > 2);
        CatalogueOpenOptions checked;
        checked.bytes_checked_at_install = true;
        size_t refused_in_full = 0, passed_unchecked = 0;
        for (size_t page = 1; page < pages; ++page) {  // page 0 holds the header and the schema
            std::string one = bytes;
            std::fill_n(one.begin() + static_cast<std::ptrdiff_t>(page * static_cast<size_t>(page_size)), page_size, '\x7f');
            dir.write("page-damaged.sqlite", one);
            if (!Catalogue::open(dir.file("page-damaged.sqlite"), &err)) ++refused_in_full;
            if (Catalogue::open(dir.file("page-damaged.sqlite"), &err, checked)) ++passed_unchecked;
        }
        CHECK(refused_in_full == pages - 1);
        CHECK(passed_unchecked > 0);
        CHECK(passed_unchecked < pages - 1);
        CHECK(Catalogue::open(dir.file("damaged.sqlite"), &err, checked) == nullptr);  // the other checks still run
    }
}

TEST_CASE("catalogue: metadata and counts") {
    Built b(minimal_source());
    BundleInfo info = b.cat->info();
    CHECK(info.schema_version == kCatalogueSchemaVersion);
    CHECK(info.meta_value("version") == "3");
    CHECK(info.meta_value("publisher") == "test");
    CHECK(info.meta_value("created") == "2026-11-21T00:00:00Z");
    CHECK(info.meta_value("schema") == std::to_string(kCatalogueSchemaVersion));
    CHECK(info.meta_value("synthetic") == "no");
    auto count = [&](const char* t) {
        for (const auto& [name, n] : info.counts)
            if (name == t) return n;
        return -1LL;
    };
    CHECK(count("service") == 2);
    CHECK(count("organization") == 1);
    CHECK(count("phone") == 1);
    CHECK(count("holiday") == 1);
}

TEST_CASE("catalogue: vocabulary labels per language, with fallback marked") {
    Built b(minimal_source());
    auto ja = b.cat->vocabulary("concern", "ja");
    REQUIRE(ja.size() == 7);
    CHECK(ja[0].code == "alcohol");
    CHECK(ja[0].label.text == "お酒");
    CHECK_FALSE(ja[0].label.fallback);
    auto en = b.cat->vocabulary("concern", "en");
    CHECK(en[0].label.text == "alcohol");
    auto ko = b.cat->vocabulary("audience", "ko");  // no Korean labels in the fixture
    REQUIRE(ko.size() == 2);
    CHECK(ko[0].label.text == "自分のこと");
    CHECK(ko[0].label.fallback);
}

TEST_CASE("catalogue: browse by concern, audience, kind, mode and region") {
    Built b(minimal_source());
    ServiceQuery q;
    q.concern = "alcohol";
    q.region.prefecture = 27;
    // svc-a serves Osaka (prefecture tier), svc-b is national.
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-a", "svc-b"});
    CHECK(b.cat->find_services(q)[0].tier == RegionTier::prefecture);
    CHECK(b.cat->find_services(q)[1].tier == RegionTier::national);

    q.concern = "drugs";
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-b"});
    q.concern = "gaming";
    CHECK(b.cat->find_services(q).empty());

    q.concern = "alcohol";
    // A family member sees family services first, then the person's own.
    q.audience = "family";
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-a", "svc-b"});
    CHECK(b.cat->find_services(q)[0].for_audience);
    CHECK_FALSE(b.cat->find_services(q)[1].for_audience);
    q.audience = "self";
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-a", "svc-b"});
    q.audience = "";

    q.modes = {"in_person"};
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-a"});
    q.modes = {"online", "phone"};
    CHECK(ids(b.cat->find_services(q)).size() == 2);
    q.modes = {};
    q.kinds = {"self_help"};
    CHECK(b.cat->find_services(q).empty());
    q.kinds = {};

    // A kiosk in Tokyo does not list Osaka's local service.
    q.region.prefecture = 13;
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-b"});
    // No region (admin view): everything.
    q.region.prefecture = 0;
    CHECK(ids(b.cat->find_services(q)).size() == 2);
}

TEST_CASE("catalogue: municipality tiers rank the kiosk's own town first") {
    auto files = minimal_source();
    files["services.csv"] +=
        "svc-town,org,町の相談,まちのそうだん,,町の窓口,alcohol,self,,consultation,in_person,27100,,,,,free,,yes,,src,2026-11-21\n"
        "svc-other,org,隣町の相談,となりまちのそうだん,,隣町,alcohol,self,,consultation,in_person,27203,,,,,free,,yes,,src,2026-11-21\n"
        "svc-web,org,ネット相談,ねっとそうだん,,オンライン,alcohol,self,,consultation,online,national,,,,,free,,yes,,src,2026-11-21\n";
    Built b(files);
    ServiceQuery q;
    q.concern = "alcohol";
    q.audience = "self";
    q.region = {27, "27100"};
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-town", "svc-a", "svc-b", "svc-web", "svc-other"});
    auto list = b.cat->find_services(q);
    CHECK(list[0].tier == RegionTier::municipality);
    CHECK(list[3].tier == RegionTier::online);
    CHECK(list[4].tier == RegionTier::nearby);
    // Without a municipality, every town of the prefecture counts as the prefecture.
    q.region = {27, ""};
    list = b.cat->find_services(q);
    CHECK(std::count_if(list.begin(), list.end(), [](const ServiceSummary& s) { return s.tier == RegionTier::prefecture; }) == 3);
}

TEST_CASE("catalogue: situations lift matching services to the top") {
    Built b(minimal_source());
    ServiceQuery q;
    q.concern = "alcohol";
    q.region.prefecture = 27;
    q.situations = {"youth"};
    auto list = b.cat->find_services(q);
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == "svc-b");
    CHECK(list[0].situation_matches == 1);
    CHECK(list[1].situation_matches == 0);
}

TEST_CASE("catalogue: open now through schedules and the holiday table") {
    Built b(minimal_source());
    // svc-b: phone line mon-fri 22:00-06:00, closed on holidays; 2026-11-23 (Mon) is a holiday.
    struct Case {
        const char* when;
        bool phone_open;
    };
    const Case cases[] = {
        {"2026-11-20T23:00", true},   // Friday night
        {"2026-11-21T05:59", true},   // Saturday morning, the Friday span
        {"2026-11-21T06:00", false},  // span over
        {"2026-11-21T23:00", false},  // Saturday starts no span
        {"2026-11-23T23:00", false},  // Monday, but a national holiday
        {"2026-11-24T03:00", false},  // so nothing runs into Tuesday morning
        {"2026-11-24T22:00", true},   // Tuesday night
    };
    for (const auto& c : cases) {
        const std::string when = c.when;
        CAPTURE(when);
        OpenState s = b.cat->open_state("svc-b", at(c.when));
        CHECK(s.has_hours);
        CHECK(s.phone_open_now == c.phone_open);
        CHECK_FALSE(s.open_now);
    }
    CHECK(b.cat->is_holiday({2026, 11, 23}));
    CHECK_FALSE(b.cat->is_holiday({2026, 11, 24}));
    CHECK_FALSE(b.cat->open_state("svc-a", at("2026-11-24T12:00")).has_hours);

    ServiceQuery q;
    q.concern = "alcohol";
    q.now = at("2026-11-20T23:30");
    q.open_now_only = true;
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-b"});
    q.now = at("2026-11-21T12:00");
    CHECK(b.cat->find_services(q).empty());
}

TEST_CASE("catalogue: service detail in Japanese and with translations") {
    Built b(minimal_source());
    auto d = b.cat->service("svc-b", "ja", at("2026-11-20T23:00"));
    REQUIRE(d);
    CHECK(d->name.text == "夜の電話");
    CHECK(d->organization.text == "テスト団体");
    REQUIRE(d->phones.size() == 1);
    CHECK(d->phones[0].number == "0120-111-351");
    CHECK(d->phones[0].tel_uri == "tel:0120111351");
    CHECK(d->phones[0].open_now);
    REQUIRE(d->phones[0].hours.size() == 1);
    CHECK(d->phones[0].hours[0] == "月〜金 22:00〜6:00（翌日）（祝日は休み）");
    CHECK(d->areas == std::vector<std::string>{"全国"});
    REQUIRE(d->situations.size() == 1);
    CHECK(d->situations[0].code == "youth");
    CHECK(d->source.title == "テスト資料");
    CHECK(d->assured_date == "2026-11-21");
    REQUIRE(d->open);
    CHECK(d->open->reachable_now());

    auto a = b.cat->service("svc-a", "en");
    REQUIRE(a);
    CHECK(a->name.text == "Alcohol consultation");
    CHECK_FALSE(a->name.fallback);
    CHECK(a->description.text == "お酒の相談です");  // no English description: Japanese, marked
    CHECK(a->description.fallback);
    CHECK(a->areas == std::vector<std::string>{"Osaka"});
    CHECK(a->languages == std::vector<std::string>{"ja", "en"});
    REQUIRE(a->locations.size() == 1);
    CHECK(a->locations[0].postal_code == "530-0001");
    CHECK(a->locations[0].prefecture == "Osaka");
    CHECK(a->guide_ids == std::vector<std::string>{"first_call"});
    CHECK_FALSE(a->open);

    CHECK_FALSE(b.cat->service("nope", "ja"));
}

TEST_CASE("catalogue: topic guides") {
    Built b(minimal_source());
    auto list = b.cat->guides("ja");
    REQUIRE(list.size() == 1);
    CHECK(list[0].title.text == "はじめての電話");
    auto g = b.cat->guide("first_call", "en");
    REQUIRE(g);
    CHECK(g->title.fallback);
    CHECK(g->service_ids == std::vector<std::string>{"svc-a"});
    CHECK_FALSE(b.cat->guide("nope", "ja"));
}

TEST_CASE("catalogue: sample directory search table") {
    Catalogue& cat = *sample().cat;
    SearchOptions opt;
    opt.region.prefecture = 27;
    opt.limit = 100;
    struct Case {
        const char* query;
        std::vector<std::string> must_find;
        std::vector<std::string> must_not_find;
    };
    const Case cases[] = {
        {"だるく", {"darc-facilities", "nihon-darc-list"}, {"aa-meetings", "na-meetings"}},
        {"ﾀﾞﾙｸ", {"darc-facilities", "nihon-darc-list"}, {"aa-meetings"}},
        {"ダルク", {"darc-facilities", "nihon-darc-list"}, {"aa-meetings"}},
        {"ＤＡＲＣ", {"darc-facilities", "nihon-darc-list"}, {"aa-meetings"}},
        {"darc", {"darc-facilities", "nihon-darc-list"}, {"sa-meetings"}},
        {"あるこほーりくす", {"aa-meetings", "aa-online"}, {"na-meetings", "darc-facilities"}},
        {"アルコホーリクス", {"aa-meetings", "aa-online"}, {"na-meetings"}},
        {"ぎゃんぶる", {"oneness-consult", "mhwc-consult"}, {"aa-meetings", "na-meetings", "sa-meetings"}},
        {"ギャンブル", {"oneness-consult"}, {"aa-meetings"}},
        {"AA", {"aa-meetings", "aa-online"}, {"oneness-residential"}},
        {"alcoholics anonymous", {"aa-meetings"}, {"na-meetings"}},
        {"なるこてぃくす", {"na-meetings", "na-online"}, {"aa-meetings"}},
        {"わんねす", {"oneness-consult", "oneness-residential"}, {"aa-meetings"}},
        {"0120-111-351", {"oneness-consult"}, {"aa-meetings"}},
        {"０１２０１１１３５１", {"oneness-consult"}, {}},
        {"酒", {"aa-meetings"}, {"na-online"}},             // one character: the exact fallback path
        {"ダル", {"darc-facilities"}, {"aa-meetings"}},       // two characters
        {"xyzzy", {}, {"aa-meetings", "darc-facilities"}},
    };
    for (const auto& c : cases) {
        const std::string query = c.query;
        CAPTURE(query);
        auto found = ids(cat.search(c.query, opt));
        for (const auto& id : c.must_find) {
            CAPTURE(id);
            CHECK(contains(found, id));
        }
        for (const auto& id : c.must_not_find) {
            CAPTURE(id);
            CHECK_FALSE(contains(found, id));
        }
        if (c.must_find.empty()) CHECK(found.empty());
    }
    CHECK(cat.search("", opt).empty());
    CHECK(cat.search("・・ ー", opt).empty());
}

TEST_CASE("catalogue: name matches rank before matches in descriptions") {
    Catalogue& cat = *sample().cat;
    SearchOptions opt;
    opt.region.prefecture = 27;
    auto hits = cat.search("だるく", opt);
    REQUIRE(hits.size() >= 2);
    CHECK(hits[0].matched == MatchField::name_prefix);
    for (size_t i = 1; i < hits.size(); ++i) CHECK(static_cast<int>(hits[i - 1].matched) <= static_cast<int>(hits[i].matched));
    auto en = cat.search("だるく", {.lang = "en", .region = {27, ""}, .limit = 50});
    REQUIRE_FALSE(en.empty());
    CHECK_FALSE(en[0].name.fallback);  // the sample carries English names
}

TEST_CASE("catalogue: every service is found by every piece of its name, short or long") {
    // Whatever the length (one and two characters are what a visitor has typed
    // at the first key presses), a substring of a name finds its service.
    Catalogue& cat = *sample().cat;
    ServiceQuery all;
    SearchOptions opt;
    opt.limit = 1000;
    for (const auto& s : cat.find_services(all)) {
        std::string folded = search_fold(s.name.text);
        // Cut at code point boundaries.
        std::vector<size_t> starts;
        for (size_t i = 0; i < folded.size(); ++i)
            if ((static_cast<unsigned char>(folded[i]) & 0xC0) != 0x80) starts.push_back(i);
        starts.push_back(folded.size());
        for (size_t len = 1; len <= 4 && len < starts.size(); ++len) {
            for (size_t k = 0; k + len < starts.size(); k += 3) {
                std::string piece = folded.substr(starts[k], starts[k + len] - starts[k]);
                if (piece.find(' ') != std::string::npos) continue;
                CAPTURE(s.id);
                CAPTURE(piece);
                CHECK(contains(ids(cat.search(piece, opt)), s.id));
            }
        }
    }
}

TEST_CASE("catalogue: synthetic bundles are marked and searchable") {
    TempDir dir;
    REQUIRE(generate_synthetic_source(dir.str(), {.services = 300, .seed = 7}).empty());
    Built b(dir.str());
    BundleInfo info = b.cat->info();
    CHECK(info.meta_value("synthetic") == "yes");
    for (const auto& [t, n] : info.counts)
        if (t == "service") CHECK(n == 300);
    ServiceQuery q;
    q.region.prefecture = 13;
    auto list = b.cat->find_services(q);
    CHECK_FALSE(list.empty());
    for (const auto& s : list) CHECK((s.tier == RegionTier::prefecture || s.tier == RegionTier::national || s.tier == RegionTier::online));
    CHECK(b.cat->search("syn-000123", {}).empty());       // ids are not searchable text
    CHECK(contains(ids(b.cat->search("000123", {})), "syn-000123"));  // the number in its name is

    // Same seed, same files.
    TempDir again;
    REQUIRE(generate_synthetic_source(again.str(), {.services = 300, .seed = 7}).empty());
    for (const char* f : {"services.csv", "phones.csv", "schedules.csv"}) {
        std::ifstream a(dir.file(f)), c(again.file(f));
        std::string sa((std::istreambuf_iterator<char>(a)), {}), sc((std::istreambuf_iterator<char>(c)), {});
        CHECK(sa == sc);
    }
}

TEST_CASE("catalogue: search reaches other regions, ranked last, and honours the limit") {
    auto files = minimal_source();
    files["services.csv"] +=
        "svc-tokyo,org,東京の酒の相談,とうきょうのさけのそうだん,,東京,alcohol,self,,consultation,in_person,13,,,,,free,,yes,,src,2026-11-21\n";
    Built b(files);
    SearchOptions osaka{.lang = "ja", .region = {27, ""}, .limit = 50};
    auto hits = b.cat->search("さけの", osaka);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].id == "svc-a");
    CHECK(hits[0].tier == RegionTier::prefecture);
    CHECK(hits[1].id == "svc-tokyo");
    CHECK(hits[1].tier == RegionTier::elsewhere);  // found, but after everything local

    SearchOptions tokyo{.lang = "ja", .region = {13, ""}, .limit = 50};
    hits = b.cat->search("さけの", tokyo);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].id == "svc-tokyo");

    // Prepared for one region (as the kiosk does between sessions), searched
    // for another: the order follows the search's own region.
    b.cat->prepare_search({13, ""});
    hits = b.cat->search("さけの", osaka);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].id == "svc-a");
    b.cat->prepare_search({27, ""});
    CHECK(b.cat->search("さけの", tokyo)[0].id == "svc-tokyo");

    SearchOptions one{.lang = "ja", .region = {27, ""}, .limit = 1};
    CHECK(b.cat->search("さけの", one).size() == 1);
    SearchOptions none{.lang = "ja", .region = {27, ""}, .limit = 0};
    CHECK(b.cat->search("さけの", none).empty());

    // Inactive services are never found. (An inactive service says why: the
    // status_note column is added to every row for it.)
    auto& svc = files["services.csv"];
    for (size_t at = svc.find(",src,2026-11-21\n"); at != std::string::npos; at = svc.find(",src,2026-11-21\n", at + 2))
        svc.insert(at, ",");
    svc.replace(svc.find(",status,source,"), 15, ",status,status_note,source,");
    svc += "svc-old,org,古い酒の相談,ふるいさけのそうだん,,古い,alcohol,self,,consultation,phone,national,,,,,free,,yes,inactive,"
           "番号が使われなくなったため,src,2026-11-21\n";
    Built c(files);
    auto all = ids(c.cat->search("さけの", osaka));
    CHECK_FALSE(contains(all, "svc-old"));
    ServiceQuery q;
    q.concern = "alcohol";
    CHECK_FALSE(contains(ids(c.cat->find_services(q)), "svc-old"));
    CHECK(c.cat->service("svc-old", "ja"));  // still readable by id (a guide may link it)
}

TEST_CASE("catalogue: family-only services are left out for self, and first for family") {
    auto files = minimal_source();
    files["services.csv"] +=
        "svc-class,org,家族教室,かぞくきょうしつ,,家族のための教室,alcohol,family,,family_class,in_person,27,,,,,free,,yes,,src,2026-11-21\n";
    Built b(files);
    ServiceQuery q;
    q.concern = "alcohol";
    q.region.prefecture = 27;
    q.audience = "self";
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-a", "svc-b"});
    q.audience = "family";
    // svc-a takes families and svc-class is for them: both first; svc-b (the person's) after.
    CHECK(ids(b.cat->find_services(q)) == std::vector<std::string>{"svc-class", "svc-a", "svc-b"});
}

TEST_CASE("slip: contact details of chosen services, neutral header, data date") {
    Catalogue& cat = *sample().cat;
    const UiStrings strings = UiStrings::load_dir(std::string(MADOGUCHI_ASSETS_DIR) + "/strings", nullptr);
    auto slip = build_slip(cat, {"oneness-consult", "no-such-id", "aa-meetings"}, {.lang = "ja", .header = "", .words = slip_words(strings, "ja")});
    CHECK(slip.header == "お問い合わせ先のメモ");
    CHECK(slip.header.find("依存") == std::string::npos);
    CHECK(slip.data_date == "2026-11-21");
    REQUIRE(slip.entries.size() == 2);  // unknown ids skipped
    CHECK(slip.entries[0].name == "ワンネス財団の相談ダイヤル・メール相談");
    REQUIRE(slip.entries[0].phones.size() == 1);
    CHECK(slip.entries[0].phones[0].number == "0120-111-351");
    CHECK(slip.entries[0].phones[0].tel == "tel:0120111351");
    CHECK_FALSE(slip.entries[0].phones[0].hours.empty());
    CHECK(slip.entries[0].email == "one@oneness-g.com");
    CHECK(slip.entries[1].website == "https://aajapan.org/new_offices/");
    auto en = build_slip(cat, {"aa-meetings"}, {.lang = "en", .header = "", .words = slip_words(strings, "en")});
    CHECK(en.header == "Contact details");
    CHECK(en.entries[0].name.find("AA") != std::string::npos);
    CHECK(build_slip(cat, {"x"}, {.lang = "ja", .header = "メモ"}).header == "メモ");
}

// --- export-html ---------------------------------------------------------------

TEST_CASE("export-html: escaping and furigana") {
    using madoguchi::core::html_escape;
    using madoguchi::core::html_with_ruby;
    CHECK(html_escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    CHECK(html_with_ruby("{漢字|かんじ}を {読|よ}む") == "<ruby>漢字<rt>かんじ</rt></ruby>を <ruby>読<rt>よ</rt></ruby>む");
    // Inside ruby too, and markup that is not {base|reading} stays text.
    CHECK(html_with_ruby("{<b>|x}") == "<ruby>&lt;b&gt;<rt>x</rt></ruby>");
    CHECK(html_with_ruby("{a} {|b} {c|} {d|e") == "{a} {|b} {c|} {d|e");
    CHECK(html_with_ruby("a<{x|y}>") == "a&lt;<ruby>x<rt>y</rt></ruby>&gt;");
}

TEST_CASE("export-html: the sample catalogue, every service and guide, in Japanese and English") {
    const Catalogue& cat = *sample().cat;
    for (const char* lang : {"ja", "en"}) {
        CAPTURE(std::string(lang));
        const std::string html = madoguchi::core::export_html(cat, {.lang = lang, .strings = nullptr});
        CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK(html.find(std::string("<html lang=\"") + lang + "\">") != std::string::npos);
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("src=") == std::string::npos);  // nothing fetched
        madoguchi::core::ServiceQuery all;
        all.lang = lang;
        const auto services = cat.find_services(all);
        REQUIRE(services.size() >= 15);
        for (const auto& s : services) {
            CAPTURE(s.id);
            const auto d = cat.service(s.id, lang);
            REQUIRE(d);
            CHECK(html.find("<article id=\"s-" + s.id + "\">") != std::string::npos);
            CHECK(html.find("<h3>" + madoguchi::core::html_with_ruby(d->name.text) + "</h3>") != std::string::npos);
            for (const auto& p : d->phones) CHECK(html.find("<a href=\"" + p.tel_uri + "\">" + p.number + "</a>") != std::string::npos);
            const std::string web = d->website.empty() ? d->organization_website : d->website;
            if (web.rfind("https://", 0) == 0) CHECK(html.find("<a href=\"" + madoguchi::core::html_escape(web) + "\">") != std::string::npos);
        }
        for (const auto& g : cat.guides(lang)) CHECK(html.find("<article id=\"g-" + g.id + "\">") != std::string::npos);
        // The index by concern links every service of each concern.
        for (const auto& c : cat.vocabulary("concern", lang)) {
            madoguchi::core::ServiceQuery q;
            q.concern = c.code;
            q.lang = lang;
            for (const auto& s : cat.find_services(q)) CHECK(html.find("<li><a href=\"#s-" + s.id + "\">") != std::string::npos);
        }
    }
    // Labels in Japanese without strings; English texts from the bundle for "en".
    const std::string en = madoguchi::core::export_html(cat, {.lang = "en", .strings = nullptr});
    CHECK(en.find("電話") != std::string::npos);
}

// --- issue 16: the correction link and records due for another check -------------

TEST_CASE("correction link: the publisher's URL with the service and the bundle version, nothing else") {
    struct Case {
        const char *url, *service, *version, *expected;
    };
    const Case cases[] = {
        // No query yet: '?'.
        {"https://example.org/form", "darc-facilities", "7", "https://example.org/form?service=darc-facilities&bundle=7"},
        // A query already: '&'.
        {"https://example.org/form?lang=ja", "darc-facilities", "7",
         "https://example.org/form?lang=ja&service=darc-facilities&bundle=7"},
        {"https://example.org/form?a=1&b=2", "aa-meetings", "12", "https://example.org/form?a=1&b=2&service=aa-meetings&bundle=12"},
        // Ending in '?' or '&': nothing doubled.
        {"https://example.org/form?", "x", "1", "https://example.org/form?service=x&bundle=1"},
        {"https://example.org/form?a=1&", "x", "1", "https://example.org/form?a=1&service=x&bundle=1"},
        // A fragment stays last; a '?' after '#' is part of the fragment, not a query.
        {"https://example.org/form#top", "x", "1", "https://example.org/form?service=x&bundle=1#top"},
        {"https://example.org/f?k=v#a?b", "x", "1", "https://example.org/f?k=v&service=x&bundle=1#a?b"},
        // Unreserved characters need no encoding.
        {"http://example.org/", "Svc_01-a.b~c", "3", "http://example.org/?service=Svc_01-a.b~c&bundle=3"},
        // Everything else is percent-encoded, UTF-8 byte by byte, in upper-case hex.
        {"https://example.org/form", "a b&c=d/e?f#g+h%", "2", "https://example.org/form?service=a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25&bundle=2"},
        {"https://example.org/form", "相談", "2", "https://example.org/form?service=%E7%9B%B8%E8%AB%87&bundle=2"},
        // No correction_url: no link.
        {"", "darc-facilities", "7", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.url);
        CAPTURE(c.service);
        CHECK(correction_link(c.url, c.service, c.version) == c.expected);
    }
}

TEST_CASE("catalogue: a bundle's correction_url is in its metadata, and absent without it") {
    auto files = minimal_source();
    {
        Built without(files);
        CHECK(without.cat->info().meta_value("correction_url").empty());
        CHECK(without.cat->meta_value("correction_url").empty());
    }
    files["bundle.csv"] += "correction_url,https://example.org/madoguchi/correction?form=kiosk\n";
    Built b(files);
    const BundleInfo info = b.cat->info();
    CHECK(info.meta_value("correction_url") == "https://example.org/madoguchi/correction?form=kiosk");
    CHECK(b.cat->meta_value("correction_url") == "https://example.org/madoguchi/correction?form=kiosk");
    CHECK(b.cat->meta_value("version") == "3");
    CHECK(b.cat->meta_value("no_such_key").empty());
    CHECK(correction_link(info.meta_value("correction_url"), "svc-a", info.meta_value("version")) ==
          "https://example.org/madoguchi/correction?form=kiosk&service=svc-a&bundle=3");
}

TEST_CASE("review cutoff: six months back, the day clamped to a shorter month") {
    struct Case {
        CivilDate today, cutoff;
    };
    const Case cases[] = {
        {{2026, 11, 21}, {2026, 5, 21}},
        {{2027, 3, 15}, {2026, 9, 15}},   // across the year
        {{2027, 1, 10}, {2026, 7, 10}},
        {{2027, 6, 1}, {2026, 12, 1}},    // month 0 → December of the year before
        {{2027, 8, 31}, {2027, 2, 28}},   // no 31 February
        {{2028, 8, 31}, {2028, 2, 29}},   // leap year
        {{2100, 8, 30}, {2100, 2, 28}},   // 2100 is not a leap year
        {{2027, 12, 31}, {2027, 6, 30}},
    };
    for (const Case& c : cases) {
        CAPTURE(format_date(c.today));
        CHECK(format_date(review_cutoff(c.today)) == format_date(c.cutoff));
    }
}

TEST_CASE("catalogue: services and organizations past their review date, around the boundary") {
    auto files = minimal_source();
    auto set_date = [&](const std::string& file, const std::string& id, const std::string& date) {
        std::string& f = files[file];
        const size_t row = f.find("\n" + id + ",");
        REQUIRE(row != std::string::npos);
        const size_t end = f.find('\n', row + 1);
        const size_t at = f.rfind(",2026-11-21", end);
        REQUIRE((at != std::string::npos && at > row));
        f.replace(at + 1, 10, date);
    };
    // Today 2026-11-21 → cutoff 2026-05-21: a day before is due, the day itself not.
    set_date("services.csv", "svc-a", "2026-05-20");
    set_date("services.csv", "svc-b", "2026-05-21");
    set_date("organizations.csv", "org", "2026-05-20");
    files["organizations.csv"] += "org2,第二団体,だいにだんたい,,説明,,,src,2026-11-21\n";
    Built b(files);

    ReviewDue due = b.cat->past_review({2026, 11, 21});
    CHECK(due.services == 1);
    CHECK(due.organizations == 1);
    CHECK(due.total() == 2);
    // One day later svc-b is due too; one day earlier nothing is.
    due = b.cat->past_review({2026, 11, 22});
    CHECK(due.services == 2);
    CHECK(due.organizations == 1);
    due = b.cat->past_review({2026, 11, 20});
    CHECK(due.total() == 0);
    // Half a year on, everything is (org2 was checked on 2026-11-21).
    due = b.cat->past_review({2027, 5, 22});
    CHECK(due.services == 2);
    CHECK(due.organizations == 2);
    due = b.cat->past_review({2027, 5, 21});
    CHECK(due.organizations == 1);
}
