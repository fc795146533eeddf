// SPDX-License-Identifier: Apache-2.0
// test_keywords.cpp — everyday words (keywords.csv, issue 19): the checks of the
// file, and what queries bring up in the real directories (docs/search.md,
// "Everyday words").
//
// The query tables live in tests/data/: everyday_queries.csv (what each query
// must bring up: every target, so anything more is a failure too) and
// everyday_nonmatches.csv (queries that must bring up nothing).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "madoguchi/core/csv_reader.hpp"
#include "test_support.hpp"

using namespace madoguchi::core;
using namespace madoguchi::test;

namespace {

const std::string kTables = std::string(MADOGUCHI_SAMPLE_DIR) + "/../../tests/data/";

// "concern:gambling", "audience:family", "route:urgent": what expand() found.
std::set<std::string> targets(const Expansion& e) {
    std::set<std::string> out;
    for (const auto& t : e.terms) out.insert(t.vocabulary + ":" + t.code);
    if (e.urgent) out.insert("route:urgent");
    return out;
}

std::vector<CsvRow> rows_of(const std::string& file) {
    CsvDocument doc;
    Diagnostics diags;
    REQUIRE_MESSAGE(read_csv_file(kTables + file, doc, diags), file);
    return doc.rows;
}

std::string joined(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += (out.empty() ? "" : " ") + x;
    return out;
}

// Every query of everyday_queries.csv brings up exactly its targets, with the
// screen in the query's language and with the screen in Japanese (a visitor
// who types romanized Nepali or English on the Japanese screen: keywords of
// every language apply, docs/search.md "Which languages"); every query of
// everyday_nonmatches.csv nothing.
void check_tables(const Catalogue& cat) {
    std::map<std::pair<std::string, std::string>, std::set<std::string>> expected;  // (lang, query) → targets
    for (const CsvRow& r : rows_of("everyday_queries.csv")) {
        REQUIRE(r.cells.size() == 4);
        expected[{r.cells[0].text, r.cells[1].text}].insert(r.cells[2].text + ":" + r.cells[3].text);
    }
    CHECK(expected.size() >= 150);
    std::set<std::string> langs;
    for (const auto& [key, want] : expected) {
        const auto& [lang, query] = key;
        langs.insert(lang);
        CAPTURE(lang);
        CAPTURE(query);
        CHECK(joined(targets(cat.expand(query, lang))) == joined(want));
        CHECK(joined(targets(cat.expand(query, "ja"))) == joined(want));
    }
    CHECK(langs.size() == std::size(kLanguages));  // every kiosk language has queries

    size_t guards = 0;
    for (const CsvRow& r : rows_of("everyday_nonmatches.csv")) {
        REQUIRE(r.cells.size() == 3);
        CAPTURE(r.cells[0].text);
        CAPTURE(r.cells[1].text);
        CHECK(joined(targets(cat.expand(r.cells[1].text, r.cells[0].text))) == "");
        ++guards;
    }
    CHECK(guards >= 25);
}

}  // namespace

TEST_CASE("everyday words: the query tables against the national directory") {
    Built b(std::string(MADOGUCHI_JAPAN_DIR));
    check_tables(*b.cat);
}

TEST_CASE("everyday words: the query tables against the sample directory") {
    Built b(std::string(MADOGUCHI_SAMPLE_DIR));
    check_tables(*b.cat);
}

namespace {

// Messages with the temp folder taken off the paths, so they read keywords.csv:2:7: …
std::vector<std::string> check_keywords(const std::string& csv) {
    TempDir dir;
    auto files = minimal_source();
    files["keywords.csv"] = csv;
    write_source(dir, files);
    std::vector<std::string> out;
    for (const auto& d : check_bundle_source(dir.str()).diagnostics.sorted()) {
        std::string m = format_diagnostic(d);
        const std::string prefix = dir.str() + "/";
        if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
        out.push_back(m);
    }
    return out;
}

const char* kHeader = "lang,word,vocabulary,code,note,origin,review\n";

}  // namespace

TEST_CASE("keywords.csv: each wrong row is refused at its cell, every problem at once") {
    struct Case {
        const char* what;
        std::string rows;
        std::vector<std::string> expected;
    };
    const Case cases[] = {
        {"a language the kiosk does not have", "jp,パチンコ,concern,gambling,,,\n",
         {"keywords.csv:2:1: lang: \"jp\" is not a kiosk language (ja, ja-x-easy, en, zh-Hans, ko, vi, pt-BR, ne, tl)"}},
        {"a code that is not in vocabulary.csv", "ja,パチンコ,concern,gamble,,,\n",
         {"keywords.csv:2:17: code: \"gamble\" is not a concern code in vocabulary.csv"}},
        {"a code of another vocabulary", "ja,息子,concern,family,,,\n",
         {"keywords.csv:2:15: code: \"family\" is not a concern code in vocabulary.csv"}},
        {"an unknown vocabulary", "ja,パチンコ,topic,gambling,,,\n",
         {"keywords.csv:2:9: vocabulary: \"topic\" is not one of: concern, audience, situation, kind, mode, route, stop"}},
        {"a route other than urgent", "ja,死にたい,route,emergency,,,\n",
         {"keywords.csv:2:15: code: the only route is \"urgent\" (the 「いますぐ話したい」 route)"}},
        {"a stop word with a code", "ja,大丈夫,stop,family,,,\n",
         {"keywords.csv:2:13: code: a stop word maps to nothing: leave code empty"}},
        {"a concern without a code", "ja,パチンコ,concern,,,,\n", {"keywords.csv:2:17: code: required field is empty"}},
        {"the same row twice", "ja,パチンコ,concern,gambling,,,\nja,パチンコ,concern,gambling,,,\n",
         {"keywords.csv:3:4: word: keyword repeated (same lang, word, vocabulary and code as line 2)"}},
        {"a word that folds to nothing", "ja,ー・ー,concern,gambling,,,\n",
         {"keywords.csv:2:4: word: \"ー・ー\" has no letter or digit left once folded for search: it could never match"}},
        {"a word too long", "en," + std::string(41, 'a') + ",concern,gambling,,,\n",
         {"keywords.csv:2:4: word: longer than 40 characters (a keyword is a word or a short phrase)"}},
        {"a word both stop and keyword", "ja,大丈夫,stop,,,,\nja,だいじょうぶ,audience,family,,,\nja,大丈夫,audience,family,,,\n",
         {"keywords.csv:4:8: vocabulary: \"大丈夫\" is a stop word on one line and a keyword on the other (lines 2 and 4); keep one"}},
        {"an unknown review state", "ja,パチンコ,concern,gambling,,,checked\n",
         {"keywords.csv:2:28: review: \"checked\" is not one of: unreviewed, reviewed"}},
        {"a word with spaces around it", "en, booze,concern,alcohol,,,\n",
         {"keywords.csv:2:4: word: \" booze\" has spaces before or after it"}},
    };
    auto lines = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += x + "\n";
        return s;
    };
    for (const auto& c : cases) {
        const std::string what = c.what;
        CAPTURE(what);
        CHECK(lines(check_keywords(kHeader + c.rows)) == lines(c.expected));
    }
    // Folded alike is not repeated: パチンコ and ぱちんこ are both how people type it.
    CHECK(check_keywords(std::string(kHeader) + "ja,パチンコ,concern,gambling,,,\nja,ぱちんこ,concern,gambling,,,\n").empty());
    // Without the file there are no everyday words, and nothing else changes.
    CHECK(check_keywords("").size() == 1);  // an empty file has no header: the CSV reader says so
}

TEST_CASE("keywords.csv: the built catalogue holds each folded word once; a catalogue without keywords expands nothing") {
    auto files = minimal_source();
    files["keywords.csv"] = std::string(kHeader) + "ja,パチンコ,concern,gambling,,,\nja,ぱちんこ,concern,gambling,,,\nen,OD,route,urgent,,,\n";
    Built b(files);
    CHECK(b.cat->info().meta_value("schema") == std::to_string(kCatalogueSchemaVersion));
    const auto counts = b.cat->info().counts;
    const auto kw = std::find_if(counts.begin(), counts.end(), [](const auto& c) { return c.first == "keyword"; });
    REQUIRE(kw != counts.end());
    CHECK(kw->second == 2);
    const Expansion e = b.cat->expand("ﾊﾟﾁﾝｺ やめたい", "ja");
    REQUIRE(e.terms.size() == 1);
    CHECK(e.terms[0].code == "gambling");
    CHECK(e.terms[0].label.text == "ギャンブル");
    CHECK_FALSE(e.urgent);
    CHECK(b.cat->expand("i took an od", "en").urgent);
    CHECK_FALSE(b.cat->expand("good food", "en").urgent);  // od inside words is not OD
    CHECK(b.cat->content_problems().empty());

    Built none(minimal_source());
    CHECK(none.cat->expand("パチンコ", "ja").empty());
}

namespace {

struct Example {
    const char* query;
    const char* vocabulary;  // what the services it brings up must be for
    const char* code;
};

// Every example of issue 19: the query must bring up services, and every one
// it brings up for the word (MatchField::concern) must be for that concern (or,
// for a family word, for families). A name match may come first (借金 finds
// 法テラス by name, which is right too).
const Example kIssueExamples[] = {
    {"パチンコ", "concern", "gambling"}, {"パチスロ", "concern", "gambling"}, {"スロット", "concern", "gambling"},
    {"競馬", "concern", "gambling"}, {"競艇", "concern", "gambling"}, {"競輪", "concern", "gambling"},
    {"宝くじ", "concern", "gambling"}, {"FX", "concern", "gambling"}, {"オンラインカジノ", "concern", "gambling"},
    {"借金", "concern", "gambling"},
    {"スマホ", "concern", "gaming"}, {"ネット", "concern", "gaming"}, {"ソシャゲ", "concern", "gaming"}, {"課金", "concern", "gaming"},
    {"OD", "concern", "medicines"}, {"オーバードーズ", "concern", "medicines"}, {"市販薬", "concern", "medicines"},
    {"咳止め", "concern", "medicines"}, {"睡眠薬", "concern", "medicines"}, {"風邪薬", "concern", "medicines"},
    {"飲みすぎ", "concern", "alcohol"}, {"酒", "concern", "alcohol"}, {"晩酌", "concern", "alcohol"}, {"飲酒", "concern", "alcohol"},
    {"覚醒剤", "concern", "drugs"}, {"覚せい剤", "concern", "drugs"}, {"シャブ", "concern", "drugs"}, {"大麻", "concern", "drugs"},
    {"危険ドラッグ", "concern", "drugs"},
    {"セックス", "concern", "sex"}, {"盗撮", "concern", "sex"}, {"痴漢", "concern", "sex"}, {"買春", "concern", "sex"},
    {"ポルノ", "concern", "sex"},
    {"息子", "audience", "family"}, {"娘", "audience", "family"}, {"夫", "audience", "family"}, {"妻", "audience", "family"},
    {"親", "audience", "family"},
    // As typed on the kiosk's かな keyboard.
    {"ぱちんこ", "concern", "gambling"}, {"けいば", "concern", "gambling"}, {"すまほ", "concern", "gaming"},
    {"おーばーどーず", "concern", "medicines"}, {"いんしゅ", "concern", "alcohol"}, {"とうさつ", "concern", "sex"},
    {"むすこ", "audience", "family"},
};

bool has_term(const ServiceDetail& d, const std::string& vocabulary, const std::string& code) {
    const auto& list = vocabulary == "concern" ? d.concerns : d.audiences;
    return std::any_of(list.begin(), list.end(), [&](const Term& t) { return t.code == code; });
}

void check_examples(const Catalogue& cat) {
    const SearchOptions in_osaka{.lang = "ja", .region = {27, ""}, .limit = 50};
    for (const auto& ex : kIssueExamples) {
        const std::string query = ex.query;
        CAPTURE(query);
        const auto hits = cat.search(ex.query, in_osaka);
        REQUIRE_FALSE(hits.empty());
        size_t by_word = 0;
        for (size_t i = 0; i < hits.size(); ++i) {
            if (hits[i].matched != MatchField::concern) continue;
            CAPTURE(hits[i].id);
            const auto d = cat.service(hits[i].id, "ja");
            REQUIRE(d);
            CHECK(has_term(*d, ex.vocabulary, ex.code));
            by_word += hits[i].matched == MatchField::concern;
        }
        CHECK(by_word > 0);
    }
    for (const std::string q : {"死にたい", "消えたい", "自殺", "OD", "倒れた", "しにたい", "きえたい"}) {
        CAPTURE(q);
        CHECK(cat.expand(q, "ja").urgent);
    }
}

}  // namespace

TEST_CASE("everyday words: every example of issue 19 finds the right services in the national directory") {
    Built b(std::string(MADOGUCHI_JAPAN_DIR));
    check_examples(*b.cat);
}

TEST_CASE("everyday words: every example of issue 19 finds the right services in the sample directory") {
    Built b(std::string(MADOGUCHI_SAMPLE_DIR));
    check_examples(*b.cat);
}

TEST_CASE("everyday words: ranking — name matches first, then the named concern's services by region tier, then the rest") {
    Built b(std::string(MADOGUCHI_JAPAN_DIR));
    const SearchOptions in_osaka{.lang = "ja", .region = {27, ""}, .limit = 200};
    // ギャンブル is in names (name matches) and is the gambling concern's own word.
    const auto hits = b.cat->search("ギャンブル", in_osaka);
    REQUIRE(hits.size() > 3);
    int phase = 0;  // 0 name matches, 1 concern, 2 organization/text
    RegionTier last = RegionTier::municipality;
    bool saw_name = false, saw_concern = false;
    for (const auto& h : hits) {
        CAPTURE(h.id);
        const int p = h.matched <= MatchField::name ? 0 : h.matched == MatchField::concern ? 1 : 2;
        if (h.tier == RegionTier::elsewhere) break;  // services for other regions come last, whatever matched
        CHECK(p >= phase);
        if (p == 1) {
            if (phase == 1) CHECK(static_cast<int>(h.tier) >= static_cast<int>(last));
            last = h.tier;
        }
        phase = p;
        saw_name = saw_name || p == 0;
        saw_concern = saw_concern || p == 1;
    }
    CHECK(saw_name);
    CHECK(saw_concern);
    // 息子 + a concern: the concern's services for families first.
    const auto fam = b.cat->search("息子 ゲーム", in_osaka);
    REQUIRE_FALSE(fam.empty());
    const auto first = b.cat->service(fam.front().id, "ja");
    REQUIRE(first);
    CHECK(has_term(*first, "concern", "gaming"));
    CHECK(has_term(*first, "audience", "family"));
    // A query that names nothing is searched as before.
    REQUIRE(b.cat->expand("大阪", "ja").empty());
    const auto plain = b.cat->search("大阪", in_osaka);
    CHECK_FALSE(plain.empty());
    for (const auto& h : plain) CHECK(h.matched != MatchField::concern);
}
