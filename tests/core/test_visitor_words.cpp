// SPDX-License-Identifier: Apache-2.0
// Words a visitor must never read (issue 17; docs/content-style.md holds the
// full list with the words to use instead). Every text a visitor can see is
// scanned: the UI strings of every language and the directories' CSV files —
// except sources.csv and evidence.csv, which hold other people's page titles and
// quotes, not our words.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

// Japanese terms are matched as text; English ones as whole words, so that
// "addiction" (a condition) passes and "addict" (a label for a person) does not.
struct Banned {
    const char* text;
    bool whole_word;
};
constexpr Banned kBanned[] = {
    {"中毒者", false}, {"ジャンキー", false}, {"意志が弱い", false}, {"意志の弱い", false},
    {"ヤク中", false}, {"アル中", false},     {"薬中", false},       {"addict", true},
    {"addicts", true}, {"junkie", true},     {"junkies", true},     {"weak-willed", true},
    // The same labels in the other kiosk languages (a person is never named by
    // a substance or a habit; docs/content-style.md gives the words to use).
    {"瘾君子", false}, {"吸毒者", false}, {"酒鬼", false}, {"赌鬼", false},                  // zh-Hans
    {"중독자", false}, {"약쟁이", false}, {"노름꾼", false},                                  // ko
    {"con nghiện", false}, {"kẻ nghiện", false}, {"dân nghiện", false},                     // vi
    {"viciado", true}, {"viciados", true}, {"drogado", true}, {"drogados", true},           // pt-BR
    {"alcoólatra", false}, {"alcoólatras", false},
    {"adik", true}, {"lasenggo", true}, {"sugarol", true},                                  // tl
    {"नशेडी", false}, {"जँड्याहा", false},                                                  // ne
};

std::vector<std::string> banned_in(const std::string& text) {
    std::vector<std::string> found;
    for (const Banned& b : kBanned) {
        if (!b.whole_word) {
            if (text.find(b.text) != std::string::npos) found.push_back(b.text);
            continue;
        }
        const std::regex word(std::string("\\b") + b.text + "\\b", std::regex::icase);
        if (std::regex_search(text, word)) found.push_back(b.text);
    }
    return found;
}

std::vector<std::string> visitor_text_files() {
    std::vector<std::string> files;
    for (const char* dir : {MADOGUCHI_JAPAN_DIR, MADOGUCHI_SAMPLE_DIR})
        for (const auto& e : fs::directory_iterator(dir)) {
            const std::string name = e.path().filename().string();
            if (e.path().extension() == ".csv" && name != "sources.csv" && name != "evidence.csv") files.push_back(e.path().string());
        }
    for (const auto& e : fs::directory_iterator(std::string(MADOGUCHI_ASSETS_DIR) + "/strings"))
        if (e.path().extension() == ".toml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("visitor words: the check finds a planted word, in Japanese and as an English word") {
    CHECK(banned_in("あの人は意志が弱いから").size() == 1);
    CHECK(banned_in("For an addict and their family") == std::vector<std::string>{"addict"});
    CHECK(banned_in("Help with ADDICTS").size() == 1);
    CHECK(banned_in("Support for addiction and for families").empty());
    CHECK(banned_in("依存症の相談です").empty());
    CHECK(banned_in("Para sa mga adik").size() == 1);
    CHECK(banned_in("Para sa taong may adiksyon").empty());  // a word, not a label, and "adik" only as a whole word
    CHECK(banned_in("家属也可以帮助瘾君子").size() == 1);
    CHECK(banned_in("Apoio para viciados e famílias").size() == 1);
}

TEST_CASE("visitor words: no banned word in any string or directory text") {
    const auto files = visitor_text_files();
    REQUIRE(files.size() > 20);  // both directories and every language were found
    for (const auto& path : files) {
        const std::string text = madoguchi::test::slurp(path);
        INFO(path);
        CHECK(banned_in(text).empty());
    }
}
