// SPDX-License-Identifier: Apache-2.0
// keyword_index.hpp — the catalogue's everyday words (table `keyword`, from
// keywords.csv) in memory, and how a query is matched against them
// (docs/search.md, "Everyday words"), for Catalogue::expand and search.
//
// Why not plain substring search: short words hide inside other words
// (大丈夫 → 夫, 기술 → 술, person → son, "food bank" → od). So:
//   - Scripts written without spaces (kanji, kana) match anywhere; a `stop`
//     word (大丈夫, 工夫) is matched like any other and, being longer, hides
//     the words inside it, then brings up nothing itself.
//   - Scripts written with spaces (Latin, Hangul, Devanagari, digits) match
//     only at the start of a word, so suffixes still match (drinking, 술을,
//     रक्सीको); a Latin or digit keyword of three characters or fewer only as
//     a whole word (OD, AA, son, bet, 119).
//   - Longest match wins: a match lying inside a longer one is dropped
//     (安眠药 is medicines, not also drugs through 药).
// Word starts are taken from the query as typed (search_fold drops the spaces
// between Hangul or Devanagari words): each whitespace-separated piece is
// folded on its own, and where one begins is a word start.
//
// It holds only catalogue data; a query and its matches live on the caller's stack.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace madoguchi::core {

class KeywordIndex {
public:
    struct Target {
        std::string vocabulary, code;  // "route"/"urgent" for the urgent route
        friend bool operator==(const Target&, const Target&) = default;
    };

    // Reads table `keyword`. Throws sql::Error like the rest of Catalogue.
    explicit KeywordIndex(sqlite3* db);

    // What `query` (as typed) names, for a visitor reading the screen in
    // `lang`: keywords of every language apply today (applies_to() is the one
    // place that decides, and says why). Each target once, in the order first matched.
    std::vector<Target> match(std::string_view query, std::string_view lang) const;

    // Whether keywords of language `keyword_lang` apply to a query typed on a
    // screen in `screen_lang` (docs/search.md, "Which languages").
    static bool applies_to(std::string_view keyword_lang, std::string_view screen_lang);

    size_t size() const { return words_.size(); }

private:
    struct Meaning {
        uint8_t lang;  // index into kLanguages
        bool stop;
        Target target;
    };
    struct Word {
        bool at_word_start = false;  // spaced script: only where a word begins
        bool whole = false;          // short Latin or digits: only a whole word
        std::vector<Meaning> meanings;
    };
    struct Hash {
        using is_transparent = void;  // look up a std::string_view without a copy
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, Word, Hash, std::equal_to<>> words_;  // folded word → what it means
    size_t longest_ = 0;                          // bytes of the longest folded word
};

}  // namespace madoguchi::core
