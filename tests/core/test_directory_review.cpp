// SPDX-License-Identifier: Apache-2.0
// `review` and `diff` (directory_review.hpp, directory_diff.hpp) on crafted
// sources made from test_support's minimal_source(): exact findings, the
// --older-than arithmetic, a folder against its own catalogue and bundle, and
// every kind of change a second reader must see.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/bundle_file.hpp"
#include "madoguchi/core/directory_diff.hpp"
#include "madoguchi/core/directory_review.hpp"
#include "madoguchi/core/regions.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

using Files = std::map<std::string, std::string>;

void replace(Files& f, const std::string& file, const std::string& from, const std::string& to) {
    auto& text = f.at(file);
    size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, file << " does not contain " << from);
    text.replace(at, from.size(), to);
}

CivilDate date(const char* s) { return *parse_date(s); }

DirectoryReview review(const Files& files, ReviewOptions opt = {}) {
    TempDir dir;
    write_source(dir, files);
    if (!opt.today) opt.today = date("2026-12-05");
    DirectoryReview r;
    Diagnostics diags;
    const bool ok = review_bundle_source(dir.str(), opt, r, diags);
    for (const auto& d : diags.sorted()) CAPTURE(format_diagnostic(d));
    REQUIRE(ok);
    return r;
}

const char* kServicesHeader =
    "id,organization_id,name,name_kana,alternate_name,description,concerns,audiences,situations,kinds,modes,areas,"
    "locations,languages,website,email,cost,fees_description,anonymous,status,status_note,tier,source,assured_date\n";

// A services.csv row; `contact` is "website,email".
std::string service_row(const std::string& id, const std::string& org, const std::string& areas, const std::string& contact,
                        const std::string& status, const std::string& note, const std::string& assured,
                        const std::string& source = "src") {
    return id + "," + org + ",相談" + id + ",そうだん,,説明,alcohol,self,,consultation,phone," + areas + ",,ja," + contact +
           ",free,,yes," + status + "," + note + ",centre," + source + "," + assured + "\n";
}

std::string text_of(const PrefectureReason& r) {
    std::string s = r.service_id;
    if (r.inactive) s += " inactive: " + r.status_note;
    if (r.no_voice_phone) s += " no-voice";
    if (r.sector_not_public) s += " sector=" + (r.sector.empty() ? std::string("?") : r.sector);
    return s;
}

std::string text_of(const EvidenceGap& g) {
    std::string s = g.source_id + " " + g.table + " " + g.id + " " + g.field;
    if (g.no_url) s += " no-url";
    if (g.no_publisher) s += " no-publisher";
    if (g.no_published) s += " no-published";
    return s;
}

std::string text_of(const ValueChange& c) { return c.what + ": " + c.old_value + " | " + c.new_value; }
std::string text_of(const RecordRef& r) { return r.id + " " + r.name; }
std::string text_of(const StatusChange& s) { return s.id + " " + s.old_status + "->" + s.new_status + " " + s.note; }

template <class T>
std::vector<std::string> texts(const std::vector<T>& v) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(text_of(x));
    return out;
}

const PrefectureGap* gap_of(const DirectoryReview& r, int code) {
    for (const auto& g : r.prefecture_gaps)
        if (g.code == code) return &g;
    return nullptr;
}

}  // namespace

TEST_CASE("review: --older-than ages and the cutoff date") {
    struct Age { const char* text; bool ok; int count; AgeUnit unit; };
    const Age ages[] = {
        {"6m", true, 6, AgeUnit::months}, {"90d", true, 90, AgeUnit::days}, {"1y", true, 1, AgeUnit::years},
        {"9999d", true, 9999, AgeUnit::days}, {"", false, 0, {}}, {"6", false, 0, {}}, {"m", false, 0, {}},
        {"0m", false, 0, {}}, {"6w", false, 0, {}}, {"-1d", false, 0, {}}, {" 6m", false, 0, {}}, {"10000d", false, 0, {}},
        {"6M", false, 0, {}},
    };
    for (const Age& a : ages) {
        CAPTURE(a.text);
        auto got = parse_review_age(a.text);
        REQUIRE(got.has_value() == a.ok);
        if (!a.ok) continue;
        CHECK(got->count == a.count);
        CHECK(got->unit == a.unit);
    }
    struct Cut { const char* today; ReviewAge age; const char* cutoff; };
    const Cut cuts[] = {
        {"2026-12-05", {}, "2026-06-05"},                     // zero value: 6 months
        {"2026-12-05", {6, AgeUnit::months}, "2026-06-05"},
        {"2026-08-31", {6, AgeUnit::months}, "2026-02-28"},   // clamped to the month's end
        {"2028-08-31", {6, AgeUnit::months}, "2028-02-29"},   // leap year
        {"2026-01-15", {1, AgeUnit::months}, "2025-12-15"},   // across the year
        {"2026-03-01", {1, AgeUnit::days}, "2026-02-28"},
        {"2026-12-05", {90, AgeUnit::days}, "2026-09-06"},
        {"2028-02-29", {1, AgeUnit::years}, "2027-02-28"},
        {"2026-12-05", {2, AgeUnit::years}, "2024-12-05"},
    };
    for (const Cut& c : cuts) {
        CAPTURE(c.today);
        CAPTURE(c.age.count);
        CHECK(format_date(older_than_cutoff(date(c.today), c.age)) == c.cutoff);
    }
}

TEST_CASE("review: the minimal source") {
    const DirectoryReview r = review(minimal_source());
    CHECK(r.today == "2026-12-05");
    CHECK(r.cutoff == "2026-06-05");
    CHECK(r.stale.empty());
    CHECK(r.unreachable.empty());  // svc-a has a website, svc-b a voice phone
    CHECK(r.inactive.empty());
    // src has a url but no publisher (each quote from it) and no published date.
    CHECK(texts(r.evidence_gaps) == std::vector<std::string>{
              "src    no-published",
              "src locations loc address no-publisher",
              "src organizations org email no-publisher",
              "src organizations org website no-publisher",
              "src phones tel-b number no-publisher",
              "src schedules h-b hours no-publisher",
              "src services svc-a website no-publisher",
          });
    // svc-b is national (does not count); svc-a covers 27 without a phone, its
    // organization has no sector.
    REQUIRE(r.prefecture_gaps.size() == 47);
    CHECK(r.prefecture_gaps.front().code == 1);
    CHECK(r.prefecture_gaps.front().name == "北海道");
    CHECK(r.prefecture_gaps.front().reasons.empty());
    REQUIRE(gap_of(r, 27));
    CHECK(texts(gap_of(r, 27)->reasons) == std::vector<std::string>{"svc-a no-voice sector=?"});
    CHECK(r.findings() == 7 + 47);
}

TEST_CASE("review: each section on a crafted source") {
    Files f = minimal_source();
    f["sources.csv"] =
        "id,title,url,publisher,published,checked,licence,note\n"
        "src,テスト資料,https://example.org/,テスト出版,2026年11月1日,2026-11-21,,\n"
        "src2,転載資料,,,,2026-11-21,,\n";
    f["organizations.csv"] =
        "id,name,name_kana,alternate_name,description,website,email,sector,source,assured_date\n"
        "org,テスト団体,てすとだんたい,TEST,説明,https://example.org/,info@example.org,public,src,2026-11-21\n"
        "old-org,古い団体,ふるいだんたい,,説明,,,nonprofit,src,2026-01-10\n";
    f["services.csv"] = std::string(kServicesHeader) +
        "svc-a,org,酒の相談,さけのそうだん,,お酒の相談です,alcohol,self;family,,consultation,phone;in_person,27,loc,ja;en,"
        "https://example.org/a,,free,,yes,,,,src,2026-11-21\n"
        "svc-b,org,夜の電話,よるのでんわ,,夜も話せます,alcohol;drugs,self,youth,consultation,phone,national,,ja,,,unknown,,unknown,,,,src,2026-11-21\n" +
        service_row("svc-c", "old-org", "13", ",", "active", "", "2026-06-04") +          // old, no contact at all
        service_row("svc-d", "org", "01101", ",", "inactive", "番号を確認できなかったため", "2026-06-05") +
        service_row("svc-e", "org", "28", ",", "active", "", "2026-11-21") +               // covers 28 by phone
        service_row("svc-g", "org", "national", ",", "active", "", "2026-11-21") +         // the organization's contacts count
        service_row("svc-h", "old-org", "national", ",", "active", "", "2026-11-21");      // LINE only: reachable without voice
    f["phones.csv"] =
        "id,service_id,number,type,label,note,link\n"
        "tel-b,svc-b,0120-111-351,voice,夜の電話,,\n"
        "tel-e,svc-e,06-6000-0001,voice,,,\n"
        "fax-c,svc-c,03-3000-0001,fax,,,\n"
        "line-h,svc-h,,line,LINE相談,,@soudan-h\n";
    f["evidence.csv"] +=
        "phones,tel-e,number,src2,電話 06-6000-0001\n"
        "phones,fax-c,number,src,FAX 03-3000-0001\n"
        "phones,line-h,link,src,LINE ID：@soudan-h\n";

    const DirectoryReview r = review(f);
    REQUIRE(r.stale.size() == 2);  // 2026-06-05 itself is not older than 6 months
    CHECK(r.stale[0].kind == "organization");
    CHECK(r.stale[0].id == "old-org");
    CHECK(r.stale[0].name == "古い団体");
    CHECK(r.stale[0].assured_date == "2026-01-10");
    CHECK(r.stale[1].kind == "service");
    CHECK(r.stale[1].id == "svc-c");
    CHECK(r.stale[1].assured_date == "2026-06-04");

    // A fax is not a contact a visitor can use; a LINE account is (svc-h).
    REQUIRE(r.unreachable.size() == 1);
    CHECK(r.unreachable[0].id == "svc-c");
    CHECK(r.unreachable[0].name == "相談svc-c");

    REQUIRE(r.inactive.size() == 1);
    CHECK(r.inactive[0].id == "svc-d");
    CHECK(r.inactive[0].status_note == "番号を確認できなかったため");

    CHECK(texts(r.evidence_gaps) == std::vector<std::string>{
              "src2    no-published",
              "src2 phones tel-e number no-url no-publisher",
          });

    CHECK(r.prefecture_gaps.size() == 46);
    CHECK_FALSE(gap_of(r, 28));  // svc-e: active, voice phone, public
    REQUIRE(gap_of(r, 1));       // svc-d covers 01 through a municipality, but is inactive
    CHECK(texts(gap_of(r, 1)->reasons) == std::vector<std::string>{"svc-d inactive: 番号を確認できなかったため"});
    CHECK(texts(gap_of(r, 13)->reasons) == std::vector<std::string>{"svc-c no-voice sector=nonprofit"});
    CHECK(texts(gap_of(r, 27)->reasons) == std::vector<std::string>{"svc-a no-voice"});
    CHECK(gap_of(r, 47)->reasons.empty());

    SUBCASE("a longer --older-than finds only the older one") {
        ReviewOptions opt;
        opt.older_than = *parse_review_age("1y");
        const DirectoryReview y = review(f, opt);
        CHECK(y.cutoff == "2025-12-05");
        CHECK(y.stale.empty());
        opt.older_than = *parse_review_age("300d");
        const DirectoryReview d = review(f, opt);
        CHECK(d.cutoff == "2026-02-08");
        REQUIRE(d.stale.size() == 1);
        CHECK(d.stale[0].id == "old-org");
    }
}

TEST_CASE("review: a directory with every prefecture covered needs nothing") {
    Files f = minimal_source();
    replace(f, "sources.csv", "id,title,url,publisher,checked,note\nsrc,テスト資料,https://example.org/,,2026-11-21,",
            "id,title,url,publisher,published,checked,note\nsrc,テスト資料,https://example.org/,テスト出版,2026年11月1日,2026-11-21,");
    replace(f, "organizations.csv", "email,source,assured_date\n", "email,sector,source,assured_date\n");
    replace(f, "organizations.csv", "info@example.org,src,", "info@example.org,public,src,");
    f["services.csv"] = std::string(kServicesHeader) +
        "svc-a,org,酒の相談,さけのそうだん,,お酒の相談です,alcohol,self;family,,consultation,phone;in_person,27,loc,ja;en,"
        "https://example.org/a,,free,,yes,,,,src,2026-11-21\n";
    f["phones.csv"] = "id,service_id,number,type,label,note\n";
    f["schedules.csv"] = "id,service_id,phone_id,days,opens,closes,holidays,valid_from,valid_to,note\n";
    replace(f, "evidence.csv", "phones,tel-b,number,src,夜の電話　０１２０（１１１）３５１（平日　午後10時～午前6時）\n", "");
    replace(f, "evidence.csv", "schedules,h-b,hours,src,夜の電話　０１２０（１１１）３５１（平日　午後10時～午前6時）\n", "");
    for (const Prefecture& p : prefectures()) {
        char code[16];
        std::snprintf(code, sizeof code, "%02d", p.code);
        const std::string id = std::string("p") + code;
        // Hokkaido through a municipality (Sapporo, 01100), the others prefecture-wide.
        f["services.csv"] += service_row(id, "org", p.code == 1 ? "01100" : code, ",", "active", "", "2026-11-21");
        const std::string number = std::string("0120-000-0") + code;
        f["phones.csv"] += "tel-" + id + "," + id + "," + number + ",voice,,\n";
        f["evidence.csv"] += "phones,tel-" + id + ",number,src,電話 " + number + "\n";
    }
    const DirectoryReview r = review(f);
    CHECK(texts(r.evidence_gaps).empty());
    CHECK(r.prefecture_gaps.empty());
    CHECK(r.findings() == 0);

    SUBCASE("one prefecture's only service turned inactive is named with its note") {
        replace(f, "services.csv", "p47,org,相談p47,そうだん,,説明,alcohol,self,,consultation,phone,47,,ja,,,free,,yes,active,,",
                "p47,org,相談p47,そうだん,,説明,alcohol,self,,consultation,phone,47,,ja,,,free,,yes,inactive,移転のため,");
        const DirectoryReview x = review(f);
        REQUIRE(x.prefecture_gaps.size() == 1);
        CHECK(x.prefecture_gaps[0].code == 47);
        CHECK(x.prefecture_gaps[0].name == "沖縄県");
        CHECK(texts(x.prefecture_gaps[0].reasons) == std::vector<std::string>{"p47 inactive: 移転のため"});
        CHECK(x.inactive.size() == 1);
        CHECK(x.findings() == 2);
    }
}

TEST_CASE("review: a source with problems is not reviewed") {
    Files f = minimal_source();
    replace(f, "phones.csv", "0120-111-351", "0120-111-35");
    TempDir dir;
    write_source(dir, f);
    ReviewOptions opt;
    opt.today = date("2026-12-05");
    DirectoryReview r;
    Diagnostics diags;
    CHECK_FALSE(review_bundle_source(dir.str(), opt, r, diags));
    CHECK_FALSE(diags.empty());
    CHECK(r.findings() == 0);
}

// ---------------------------------------------------------------------------
// diff

namespace {

DirectorySnapshot snapshot_of(const std::string& path) {
    std::string error;
    Diagnostics diags;
    auto s = load_snapshot(path, &error, &diags);
    for (const auto& d : diags.sorted()) CAPTURE(format_diagnostic(d));
    CAPTURE(error);
    REQUIRE(s.has_value());
    return *s;
}

DirectorySnapshot snapshot_of(const Files& files) {
    TempDir dir;
    write_source(dir, files);
    return snapshot_of(dir.str());
}


}  // namespace

TEST_CASE("diff: a folder, its catalogue and its bundle are the same directory") {
    TempDir dir;
    write_source(dir, minimal_source());
    TempDir out;
    BuildOptions opt;
    opt.created = "2026-11-21T09:00:00Z";
    REQUIRE(build_bundle(dir.str(), out.file("c.sqlite"), opt).ok);
    std::ifstream in(out.file("c.sqlite"), std::ios::binary);
    BundleFile b;
    b.catalogue.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    b.signature = "not checked by diff\n";
    const auto tar = write_bundle_file(b);
    out.write("c.bundle", std::string(tar.begin(), tar.end()));

    const DirectorySnapshot folder = snapshot_of(dir.str());
    const DirectorySnapshot catalogue = snapshot_of(out.file("c.sqlite"));
    const DirectorySnapshot bundle = snapshot_of(out.file("c.bundle"));
    CHECK(folder.kind == "bundle source folder");
    CHECK(catalogue.kind == "catalogue");
    CHECK(bundle.kind == "signed bundle (signature not checked)");
    CHECK(diff_directories(folder, catalogue).empty());
    CHECK(diff_directories(catalogue, folder).empty());
    CHECK(diff_directories(folder, bundle).empty());
    // The same text for hours and addresses from either reader.
    REQUIRE(catalogue.services.size() == 2);
    const SnapshotService& b_svc = catalogue.services[1];
    CHECK(b_svc.id == "svc-b");
    REQUIRE(b_svc.schedules.size() == 1);
    CHECK(b_svc.schedules[0].hours == "phone tel-b: mon-fri 22:00-06:00, holidays closed");
    REQUIRE(catalogue.services[0].locations.size() == 1);
    CHECK(catalogue.services[0].locations[0].address == "〒530-0001 大阪府 北区1-1");
    CHECK(folder.services[1].schedules[0].hours == b_svc.schedules[0].hours);
}

TEST_CASE("diff: the data/japan folder and its catalogue are the same") {
    TempDir out;
    BuildResult built = build_bundle(MADOGUCHI_SAMPLE_DIR "/../japan", out.file("japan.sqlite"));
    for (const auto& d : built.diagnostics.sorted()) CAPTURE(format_diagnostic(d));
    REQUIRE(built.ok);
    const DirectoryDiff d = diff_directories(snapshot_of(MADOGUCHI_SAMPLE_DIR "/../japan"), snapshot_of(out.file("japan.sqlite")));
    CHECK(d.empty());
}

TEST_CASE("diff: every kind of change") {
    Files old_files = minimal_source();
    // Only in OLD: svc-x (removed in NEW).
    replace(old_files, "services.csv", "svc-b,org,", "svc-x,org,消える相談,きえるそうだん,,説明,alcohol,self,,consultation,phone,27,,ja,,,free,,yes,,src,2026-11-21\nsvc-b,org,");
    Files new_files = minimal_source();
    replace(new_files, "bundle.csv", "version,3", "version,4");
    replace(new_files, "bundle.csv", "title,テスト", "title,テスト改");
    replace(new_files, "organizations.csv", "info@example.org,src", "soudan@example.org,src");
    // svc-a: website changed, now inactive, location address moved.
    replace(new_files, "services.csv", "https://example.org/a,,free,,yes,,src",
            "https://example.org/b,,free,,yes,inactive,src");
    replace(new_files, "services.csv", "anonymous,status,source", "anonymous,status,status_note,source");
    replace(new_files, "services.csv", "inactive,src", "inactive,移転中のため,src");
    replace(new_files, "services.csv", "unknown,,src", "unknown,,,src");
    replace(new_files, "locations.csv", "北区1-1", "北区2-2");
    // svc-b: number and label changed, hours from Monday to Saturday, a second phone.
    replace(new_files, "phones.csv", "tel-b,svc-b,0120-111-351,voice,夜の電話,",
            "tel-b,svc-b,0120-111-352,voice,夜間電話,\ntel-b2,svc-b,06-6000-0001,voice,,");
    replace(new_files, "schedules.csv", "mon-fri", "mon-sat");
    // Only in NEW: svc-c.
    new_files["services.csv"] += "svc-c,org,新しい相談,あたらしいそうだん,,説明,alcohol,self,,consultation,phone,27,,ja,,,free,,yes,,,src,2026-11-21\n";
    new_files["evidence.csv"] =
        "table,id,field,source,quote\n"
        "organizations,org,website,src,テスト資料\n"
        "organizations,org,email,src,メール：soudan＠example.org\n"
        "locations,loc,address,src,〒530-0001 大阪府大阪市北区２－２\n"
        "services,svc-a,website,src,くわしくは https://example.org/b をごらんください。\n"
        "phones,tel-b,number,src,夜間電話　０１２０（１１１）３５２（月～土　午後10時～午前6時）\n"
        "phones,tel-b2,number,src,昼 06-6000-0001\n"
        "schedules,h-b,hours,src,夜間電話　０１２０（１１１）３５２（月～土　午後10時～午前6時）\n";

    const DirectoryDiff d = diff_directories(snapshot_of(old_files), snapshot_of(new_files));
    CHECK(texts(d.meta) == std::vector<std::string>{"title: テスト | テスト改", "version: 3 | 4"});
    CHECK(texts(d.services_added) == std::vector<std::string>{"svc-c 新しい相談"});
    CHECK(texts(d.services_removed) == std::vector<std::string>{"svc-x 消える相談"});
    CHECK(texts(d.status_changed) == std::vector<std::string>{"svc-a active->inactive 移転中のため"});
    REQUIRE(d.services_changed.size() == 2);
    CHECK(d.services_changed[0].id == "svc-a");
    CHECK(texts(d.services_changed[0].changes) == std::vector<std::string>{
              "website: https://example.org/a | https://example.org/b",
              "location loc address: 〒530-0001 大阪府 北区1-1 | 〒530-0001 大阪府 北区2-2",
          });
    CHECK(d.services_changed[1].id == "svc-b");
    CHECK(texts(d.services_changed[1].changes) == std::vector<std::string>{
              "phone tel-b number: 0120-111-351 | 0120-111-352",
              "phone tel-b label: 夜の電話 | 夜間電話",
              "phone tel-b2:  | 06-6000-0001 (voice)",
              "hours h-b: phone tel-b: mon-fri 22:00-06:00, holidays closed | phone tel-b: mon-sat 22:00-06:00, holidays closed",
          });
    CHECK(d.organizations_added.empty());
    CHECK(d.organizations_removed.empty());
    REQUIRE(d.organizations_changed.size() == 1);
    CHECK(texts(d.organizations_changed[0].changes) == std::vector<std::string>{"e-mail: info@example.org | soudan@example.org"});

    // Backwards, the same changes with old and new swapped.
    const DirectoryDiff back = diff_directories(snapshot_of(new_files), snapshot_of(old_files));
    CHECK(texts(back.services_added) == std::vector<std::string>{"svc-x 消える相談"});
    CHECK(texts(back.status_changed) == std::vector<std::string>{"svc-a inactive->active 移転中のため"});
    REQUIRE(back.services_changed.size() == 2);
    CHECK(texts(back.services_changed[1].changes)[2] == "phone tel-b2: 06-6000-0001 (voice) | ");
}

TEST_CASE("diff: what cannot be read is said, with the path") {
    TempDir dir;
    dir.write("junk.sqlite", "not a database at all, and not a tar either");
    dir.write("empty", "");
    std::string sqlite_header("SQLite format 3\0", 16);
    dir.write("fake.sqlite", sqlite_header + std::string(200, 'x'));
    struct Case { std::string path, error; };
    const Case cases[] = {
        {dir.file("missing"), dir.file("missing") + ": no such file or folder"},
        {dir.file("junk.sqlite"), dir.file("junk.sqlite") + ": neither a catalogue nor a bundle ("},
        {dir.file("empty"), dir.file("empty") + ": neither a catalogue nor a bundle ("},
        {dir.file("fake.sqlite"), dir.file("fake.sqlite") + ": not a valid catalogue ("},
    };
    for (const Case& c : cases) {
        CAPTURE(c.path);
        std::string error;
        CHECK_FALSE(load_snapshot(c.path, &error, nullptr));
        CHECK(error.rfind(c.error, 0) == 0);
        CAPTURE(error);
    }
    // A folder with problems: its problems, and a sentence naming it.
    Files f = minimal_source();
    replace(f, "phones.csv", "0120-111-351", "0120-111-35");
    TempDir src;
    write_source(src, f);
    std::string error;
    Diagnostics diags;
    CHECK_FALSE(load_snapshot(src.str(), &error, &diags));
    CHECK(diags.size() == 1);
    CHECK(error == src.str() + ": the bundle source has 1 problem (see `madoguchi-bundle check`)");
}

TEST_CASE("diff: tier counts for inspect") {
    Files f = minimal_source();
    f["services.csv"] = std::string(kServicesHeader) +
        "svc-a,org,酒の相談,さけのそうだん,,お酒の相談です,alcohol,self;family,,consultation,phone;in_person,27,loc,ja;en,"
        "https://example.org/a,,free,,yes,,,,src,2026-11-21\n"
        "svc-b,org,夜の電話,よるのでんわ,,夜も話せます,alcohol;drugs,self,youth,consultation,phone,national,,ja,,,unknown,,unknown,,,national,src,2026-11-21\n" +
        service_row("svc-c", "org", "13", ",", "inactive", "確認中", "2026-11-21") +
        service_row("svc-d", "org", "14", ",", "active", "", "2026-11-21");
    replace(f, "phones.csv", "夜の電話,\n", "夜の電話,\nfax-d,svc-d,045-000-0001,fax,,\n");
    f["evidence.csv"] += "phones,fax-d,number,src,FAX 045-000-0001\n";
    const TierSummary t = summarize_tiers(snapshot_of(f));
    REQUIRE(t.tiers.size() == 3);
    CHECK(t.tiers[0].tier == "centre");
    CHECK(t.tiers[0].services == 2);
    CHECK(t.tiers[0].active == 1);
    CHECK(t.tiers[1].tier == "national");
    CHECK(t.tiers[1].services == 1);
    CHECK(t.tiers[1].active == 1);
    CHECK(t.tiers[2].tier == "");  // no tier: last
    CHECK(t.tiers[2].services == 1);
    CHECK(t.active == 3);
    CHECK(t.active_with_voice_phone == 1);  // svc-b; svc-d has a fax only
}
