// SPDX-License-Identifier: Apache-2.0
// What a visitor reads, and what stands behind it (issue 17): every sentence of
// a guide carries its source mark, a translation says whether a speaker has
// reviewed it (and keeps the Japanese original one tap away), a service says
// who runs it, and public services rank before private ones when all else is equal.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/guide_marks.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/core/synthetic.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;
namespace fs = std::filesystem;

namespace {


std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "fixture does not contain " << from);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("guide marks: sentences, their marks, and the text a visitor reads") {
    struct Case {
        const char* what;
        const char* marked;
        const char* plain;
        std::vector<std::vector<std::string>> marks;  // per sentence
        size_t problems;
    };
    const Case cases[] = {
        {"one sentence", "相談できます。[[a]]", "相談できます。", {{"a"}}, 0},
        {"two keys", "相談できます。[[a;b-2]]", "相談できます。", {{"a", "b-2"}}, 0},
        {"mark before the full stop", "相談できます[[a]]。", "相談できます。", {{"a"}}, 0},
        {"closing bracket stays with its sentence", "「相談できます。」[[a]]次です。[[-]]", "「相談できます。」次です。", {{"a"}, {"-"}}, 0},
        {"line break ends a sentence", "見出し[[-]]\n本文です。[[b]]", "見出し\n本文です。", {{"-"}, {"b"}}, 0},
        {"mark after a space", "Calls are free. [[a]]", "Calls are free.", {{"a"}}, 0},
        {"a sentence without a mark", "相談できます。[[a]]無料です。", "相談できます。無料です。", {{"a"}, {}}, 1},
        {"no fact and a key together", "相談できます。[[-;a]]", "相談できます。", {{}}, 2},
        {"upper-case key", "相談できます。[[A]]", "相談できます。", {{}}, 2},
        {"unclosed mark", "相談できます。[[a", "相談できます。[[a", {{}}, 2},
        {"mark before any sentence", "[[a]]相談できます。[[b]]", "相談できます。", {{"b"}}, 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const MarkedText m = parse_source_marks(c.marked);
        CHECK(m.plain == c.plain);
        CHECK(m.problems.size() == c.problems);
        REQUIRE(m.sentences.size() == c.marks.size());
        for (size_t i = 0; i < c.marks.size(); ++i) CHECK(m.sentences[i].marks == c.marks[i]);
    }
    CHECK(strip_source_marks("a。[[x]]b。[[-]]") == "a。b。");
    CHECK(has_source_marks("x[[y]]"));
    CHECK_FALSE(has_source_marks("x[y]"));
}

TEST_CASE("catalogue: a guide's text has no marks, and lists the pages its marks cite") {
    auto f = minimal_source();
    f["sources.csv"] += "page,相談の案内,https://example.org/guide,テスト市,2026-11-21,\n";
    f["guides.csv"] = replaced(f["guides.csv"], "本文[[-]]", "相談は無料です。[[free]]名前は言わなくてかまいません。[[-]]");
    f["evidence.csv"] += "guides,first_call,free,page,相談は無料です。\n";
    Built b(f);
    auto g = b.cat->guide("first_call", "ja");
    REQUIRE(g);
    CHECK(g->body.text == "相談は無料です。名前は言わなくてかまいません。");
    CHECK(g->summary.text == "要約");
    REQUIRE(g->fact_sources.size() == 1);
    CHECK(g->fact_sources[0].title == "相談の案内");
    CHECK(g->fact_sources[0].url == "https://example.org/guide");
}

TEST_CASE("catalogue: an unreviewed translation carries its Japanese original; a reviewed one does not") {
    auto f = minimal_source();
    f["translations.csv"] =
        "table,id,field,lang,text,origin,review\n"
        "services,svc-a,name,en,Alcohol consultation,AI draft,unreviewed\n"
        "services,svc-a,description,en,About alcohol.,Reviewed by A. Speaker 2026-12-01,reviewed\n"
        "services,svc-b,description,ko,,,untranslated\n"
        "guides,first_call,body,ko,본문,AI draft,\n";
    Built b(f);
    auto a = b.cat->service("svc-a", "en");
    REQUIRE(a);
    CHECK(a->name.text == "Alcohol consultation");
    CHECK(a->name.unreviewed);
    CHECK(a->name.original == "酒の相談");
    CHECK(a->description.text == "About alcohol.");
    CHECK_FALSE(a->description.unreviewed);
    CHECK(a->description.original.empty());
    auto bk = b.cat->service("svc-b", "ko");  // untranslated: Japanese, marked as such, no row stored
    REQUIRE(bk);
    CHECK(bk->description.text == "夜も話せます");
    CHECK(bk->description.fallback);
    CHECK_FALSE(bk->description.unreviewed);
    auto g = b.cat->guide("first_call", "ko");  // no review column value: unreviewed
    REQUIRE(g);
    CHECK(g->body.text == "본문");
    CHECK(g->body.unreviewed);
    CHECK(g->body.original == "本文");
    auto ja = b.cat->service("svc-a", "ja");
    CHECK_FALSE(ja->name.unreviewed);
}

TEST_CASE("browse: when all else is equal, public before non-profit before private, free before paid") {
    auto f = minimal_source();
    f["organizations.csv"] =
        "id,name,name_kana,alternate_name,description,website,email,sector,source,assured_date\n"
        "org,テスト団体,てすとだんたい,TEST,説明,https://example.org/,info@example.org,public,src,2026-11-21\n"
        "npo,非営利団体,ひえいりだんたい,,説明,,,nonprofit,src,2026-11-21\n"
        "biz,民間会社,みんかんがいしゃ,,説明,,,private,src,2026-11-21\n";
    // Same concern, audience, modes and area; the private one's reading sorts first.
    const std::string head = f["services.csv"].substr(0, f["services.csv"].find('\n') + 1);
    f["services.csv"] = head +
        "p-paid,org,公的有料,んん,,説明,gambling,self,,consultation,phone,national,,ja,,,paid,,unknown,,src,2026-11-21\n"
        "p-free,org,公的無料,ん,,説明,gambling,self,,consultation,phone,national,,ja,,,free,,unknown,,src,2026-11-21\n"
        "n-free,npo,非営利,い,,説明,gambling,self,,consultation,phone,national,,ja,,,free,,unknown,,src,2026-11-21\n"
        "b-free,biz,民間,あ,,説明,gambling,self,,consultation,phone,national,,ja,,,free,,unknown,,src,2026-11-21\n"
        "svc-a,org,酒の相談,さけのそうだん,,お酒の相談です,alcohol,self;family,,consultation,phone;in_person,27,loc,ja;en,"
        "https://example.org/a,,free,,yes,,src,2026-11-21\n";
    f["phones.csv"] = "id,service_id,number,type,label,note\n";
    f["schedules.csv"] = "id,service_id,phone_id,days,opens,closes,holidays,valid_from,valid_to,note\n";
    f["evidence.csv"] =
        "table,id,field,source,quote\n"
        "organizations,org,website,src,テスト資料\n"
        "organizations,org,email,src,メール：info＠example.org\n"
        "locations,loc,address,src,〒530-0001 大阪府大阪市北区１－１\n"
        "services,svc-a,website,src,くわしくは https://example.org/a をごらんください。\n";
    Built b(f);
    ServiceQuery q;
    q.concern = "gambling";
    std::vector<std::string> got;
    for (const auto& s : b.cat->find_services(q)) got.push_back(s.id);
    CHECK(got == std::vector<std::string>{"p-free", "p-paid", "n-free", "b-free"});
    auto d = b.cat->service("b-free", "ja");
    REQUIRE(d);
    CHECK(d->sector == "private");
}

TEST_CASE("slip: a non-public operator is named on the slip, in the slip's language") {
    Built b(std::string(MADOGUCHI_SAMPLE_DIR));
    const UiStrings strings = UiStrings::load_dir(std::string(MADOGUCHI_ASSETS_DIR) + "/strings", nullptr);
    auto slip = build_slip(*b.cat, {"oneness-consult", "aa-meetings", "mhwc-consult"}, {.lang = "ja", .header = "", .words = slip_words(strings, "ja")});
    REQUIRE(slip.entries.size() == 3);
    CHECK(slip.entries[0].operator_note == "民間の事業者（費用がかかることがあります）");
    CHECK(slip.entries[1].operator_note == "民間の非営利団体");
    CHECK(slip.entries[2].operator_note.empty());  // a public body needs no note
    auto en = build_slip(*b.cat, {"oneness-consult"}, {.lang = "en", .header = "", .words = slip_words(strings, "en")});
    CHECK(en.entries[0].operator_note == "A private provider (fees may apply)");
}

TEST_CASE("the national directory: guides come first with the emergency one, every fact cites a page") {
    Built b(std::string(MADOGUCHI_JAPAN_DIR));
    auto list = b.cat->guides("ja");
    REQUIRE(list.size() >= 13);
    CHECK(list.front().id == "emergency");
    for (const auto& s : list) {
        CAPTURE(s.id);
        auto g = b.cat->guide(s.id, "ja");
        REQUIRE(g);
        CHECK_FALSE(has_source_marks(g->body.text));
        CHECK_FALSE(has_source_marks(g->summary.text));
        CHECK_FALSE(g->fact_sources.empty());
        for (const auto& src : g->fact_sources) CHECK(src.url.rfind("http", 0) == 0);
    }
    auto e = b.cat->guide("emergency", "ja");
    CHECK(e->body.text.find("119番") != std::string::npos);
    CHECK(e->body.text.find("072-727-2499") != std::string::npos);
}

TEST_CASE("the national directory: every visitor text in every kiosk language; a missing one is refused at its cell") {
    TempDir dir;
    for (const auto& e : fs::directory_iterator(MADOGUCHI_JAPAN_DIR)) fs::copy_file(e.path(), fs::path(dir.str()) / e.path().filename());
    REQUIRE(check_bundle_source(dir.str()).ok);  // bundle.csv requires all eight translation languages
    const std::string tr_path = dir.file("translations.csv");
    const std::string all = slurp(tr_path);
    const size_t row = all.find("\nguides,emergency,body,ne,");
    REQUIRE(row != std::string::npos);
    const size_t end = all.find(",unreviewed\n", row);
    REQUIRE(end != std::string::npos);
    const std::string without = all.substr(0, row + 1) + all.substr(end + std::string(",unreviewed\n").size());
    {
        std::ofstream(tr_path, std::ios::binary) << without;
    }
    BuildResult r = check_bundle_source(dir.str());
    CHECK_FALSE(r.ok);
    bool found = false;
    for (const auto& d : r.diagnostics.items()) {
        const std::string m = format_diagnostic(d);
        CAPTURE(m);
        found = found || (m.find("guides.csv:") != std::string::npos && m.find("body: no translation in ne") != std::string::npos);
    }
    CHECK(found);
    // Marked as knowingly untranslated, it builds again (the kiosk shows Japanese, marked).
    {
        std::ofstream(tr_path, std::ios::binary) << without << "guides,emergency,body,ne,,,untranslated\n";
    }
    CHECK(check_bundle_source(dir.str()).ok);
}

TEST_CASE("content checks at install: the directories the project ships pass them") {
    for (const char* dir : {MADOGUCHI_JAPAN_DIR, MADOGUCHI_SAMPLE_DIR}) {
        CAPTURE(dir);
        Built b{std::string(dir)};
        CHECK(b.cat->content_problems(10) == std::vector<std::string>{});
    }
    TempDir syn;
    REQUIRE(generate_synthetic_source(syn.str(), {.services = 500, .seed = 4}).empty());
    Built b{syn.str()};
    CHECK(b.cat->content_problems(10) == std::vector<std::string>{});
}
