// SPDX-License-Identifier: Apache-2.0
// Every string of the sample bundle, in every language it carries, lays out
// with no glyph missing from the fonts.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "text_test_support.hpp"

using namespace madoguchi::text;
using namespace madoguchi::test;

TEST_CASE("sample bundle: every string renders without a missing glyph") {
    namespace fs = std::filesystem;
    const fs::path out = fs::temp_directory_path() / ("madoguchi-text-sample-" + std::to_string(std::random_device{}()) + ".sqlite");
    auto r = madoguchi::core::build_bundle(MADOGUCHI_SAMPLE_DIR, out.string(), {.created = "2026-11-21T00:00:00Z"});
    REQUIRE(r.ok);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(out.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    const char* sql =
        "SELECT text, lang FROM translation "
        "UNION ALL SELECT name, 'ja' FROM organization UNION ALL SELECT description, 'ja' FROM organization "
        "UNION ALL SELECT name, 'ja' FROM service UNION ALL SELECT description, 'ja' FROM service "
        "UNION ALL SELECT ifnull(fees_description, ''), 'ja' FROM service UNION ALL SELECT name_kana, 'ja' FROM service "
        "UNION ALL SELECT ifnull(label, ''), 'ja' FROM phone UNION ALL SELECT ifnull(note, ''), 'ja' FROM phone "
        "UNION ALL SELECT ifnull(note, ''), 'ja' FROM schedule UNION ALL SELECT ifnull(name, ''), 'ja' FROM location "
        "UNION ALL SELECT title, 'ja' FROM guide UNION ALL SELECT summary, 'ja' FROM guide UNION ALL SELECT body, 'ja' FROM guide "
        "UNION ALL SELECT label_ja, 'ja' FROM vocabulary UNION ALL SELECT label_en, 'en' FROM vocabulary "
        "UNION ALL SELECT name, 'ja' FROM prefecture UNION ALL SELECT value, 'ja' FROM bundle_meta";
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    int strings = 0, with_ruby = 0;
    TextEngine engine(fonts());
    while (sqlite3_step(st) == SQLITE_ROW) {
        const std::string text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        const std::string lang = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        if (text.empty()) continue;
        TextStyle style;
        style.size_px = 32;
        style.lang = lang;
        auto l = engine.layout_uncached(text, style, 1000);
        CAPTURE(lang);
        CAPTURE(text);
        CHECK(l.missing_glyphs == 0);
        CHECK_FALSE(l.lines.empty());
        ++strings;
        for (const auto& line : l.lines) with_ruby += line.has_ruby ? 1 : 0;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    fs::remove(out);
    CHECK(strings > 300);
    CHECK(with_ruby > 10);  // the やさしい日本語 texts carry furigana
}

TEST_CASE("UI strings: every text of every language renders without a missing glyph, with its ruby") {
    // assets/strings sits beside data/ in the repository.
    const std::string dir = std::string(MADOGUCHI_SAMPLE_DIR) + "/../../assets/strings";
    std::vector<std::string> messages;
    const madoguchi::core::UiStrings strings = madoguchi::core::UiStrings::load_dir(dir, &messages);
    REQUIRE(messages.empty());
    TextEngine engine(fonts());
    int texts = 0, langs = 0, with_ruby = 0;
    for (const std::string& lang : strings.languages()) {
        ++langs;
        for (const std::string& key : strings.keys(lang)) {
            TextStyle style;
            style.size_px = 32;
            style.lang = lang;
            const std::string& text = strings.get(lang, key);
            auto l = engine.layout_uncached(text, style, 900);
            CAPTURE(lang);
            CAPTURE(key);
            CHECK(l.missing_glyphs == 0);
            ++texts;
            for (const auto& line : l.lines) with_ruby += line.has_ruby ? 1 : 0;
        }
    }
    CHECK(langs == 9);
    CHECK(texts > 9 * 80);
    CHECK(with_ruby >= 60);  // やさしい日本語 (and ja admin none): furigana on every kanji line
}
