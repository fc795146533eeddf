// SPDX-License-Identifier: Apache-2.0
// keyword_index.cpp — see keyword_index.hpp.
#include "keyword_index.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/search_fold.hpp"
#include "sqlite_handle.hpp"
#include "utf8_util.hpp"

namespace madoguchi::core {
namespace {

// How a character takes part in word boundaries.
enum class Script : uint8_t { space, unspaced, latin, hangul, devanagari, other_spaced };

Script script_of(char32_t c) {
    if (c == U' ') return Script::space;
    if (c >= U'0' && c <= U'9') return Script::latin;  // digits go with Latin: "119", "fx1"
    UErrorCode e = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(c), &e)) {
        case USCRIPT_LATIN: return Script::latin;
        case USCRIPT_HANGUL: return Script::hangul;
        case USCRIPT_DEVANAGARI: return Script::devanagari;
        case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_KATAKANA_OR_HIRAGANA:
        case USCRIPT_THAI: case USCRIPT_COMMON: case USCRIPT_INHERITED:
            return Script::unspaced;
        default: return Script::other_spaced;
    }
}

bool is_mark(char32_t c) {
    const int8_t t = u_charType(static_cast<UChar32>(c));
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

int lang_index(std::string_view lang) {
    for (size_t i = 0; i < std::size(kLanguages); ++i)
        if (kLanguages[i] == lang) return static_cast<int>(i);
    return -1;
}

// Where a query piece ends: whitespace and the punctuation people put between words.
bool separates(char32_t c) {
    if (c < 0x80) return !((c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'));
    return c == 0x3000 || c == 0x3001 || c == 0x3002 || c == 0x30FB || c == 0xFF0C || c == 0xFF01 || c == 0xFF1F ||
           u_isUWhiteSpace(static_cast<UChar32>(c));
}

// The folded query, character by character, with where words begin.
struct FoldedQuery {
    std::string text;
    std::vector<size_t> at;          // byte offset of each character, then text.size()
    std::vector<Script> script;      // of each character (a mark takes its base's)
    std::vector<bool> piece_start;   // a piece of the typed query begins here

    bool word_start(size_t i) const {
        return i == 0 || piece_start[i] || script[i - 1] == Script::space || script[i - 1] != script[i];
    }
    bool word_end(size_t j) const {  // j: index of the character after the word
        return j == script.size() || piece_start[j] || script[j] == Script::space || script[j] != script[j - 1];
    }
};

FoldedQuery fold_query(std::string_view query) {
    FoldedQuery q;
    std::vector<size_t> starts;  // byte offsets in q.text where a piece begins
    auto add_piece = [&](std::string_view piece) {
        if (piece.empty()) return;
        const std::string f = search_fold(piece);
        if (f.empty()) return;
        // As search_fold does between two Latin letters: keep a space.
        if (!q.text.empty()) {
            size_t k = 0;
            const char32_t first = utf8::next(f, k);
            size_t back = q.text.size() - 1;
            while (back > 0 && (static_cast<unsigned char>(q.text[back]) & 0xC0) == 0x80) --back;
            size_t b = back;
            const char32_t last = utf8::next(q.text, b);
            if (script_of(first) == Script::latin && script_of(last) == Script::latin && u_isalpha(static_cast<UChar32>(first)) &&
                u_isalpha(static_cast<UChar32>(last)))
                q.text += ' ';
        }
        starts.push_back(q.text.size());
        q.text += f;
    };
    size_t piece = 0;
    for (size_t i = 0; i < query.size();) {
        const size_t at = i;
        if (separates(utf8::next(query, i))) {
            add_piece(query.substr(piece, at - piece));
            piece = i;
        }
    }
    add_piece(query.substr(piece));

    size_t s = 0;
    for (size_t i = 0; i < q.text.size();) {
        q.at.push_back(i);
        while (s < starts.size() && starts[s] < i) ++s;
        q.piece_start.push_back(s < starts.size() && starts[s] == i);
        const char32_t c = utf8::next(q.text, i);
        q.script.push_back(is_mark(c) && !q.script.empty() ? q.script.back() : script_of(c));
    }
    q.at.push_back(q.text.size());
    return q;
}

}  // namespace

bool KeywordIndex::applies_to(std::string_view keyword_lang, std::string_view screen_lang) {
    // Every language: a visitor may read the screen in Japanese and type
    // romanized Nepali, or the other way round (measured with the everyday-query
    // tables: docs/search.md, "Which languages").
    (void)keyword_lang;
    (void)screen_lang;
    return true;
}

KeywordIndex::KeywordIndex(sqlite3* db) {
    sql::Stmt st(db, "SELECT lang, word, vocabulary, code FROM keyword");
    while (st.step()) {
        const int lang = lang_index(st.text(0));
        const std::string word = st.text(1);
        if (lang < 0 || word.empty()) continue;  // content_problems() names such a row; the kiosk ignores it
        Word& w = words_[word];
        size_t k = 0;
        const char32_t first = utf8::next(word, k);
        const Script s = script_of(first);
        w.at_word_start = s != Script::unspaced;
        w.whole = s == Script::latin && utf8::length(word) <= 3;
        const std::string vocabulary = st.text(2);
        w.meanings.push_back({static_cast<uint8_t>(lang), vocabulary == "stop", {vocabulary, st.text(3)}});
        longest_ = std::max(longest_, word.size());
    }
}

std::vector<KeywordIndex::Target> KeywordIndex::match(std::string_view query, std::string_view lang) const {
    if (words_.empty()) return {};
    const FoldedQuery q = fold_query(query);
    struct Found {
        size_t begin, end;  // bytes in q.text
        const Word* word;
    };
    std::vector<Found> found;
    const size_t n = q.script.size();
    for (size_t i = 0; i < n; ++i) {
        if (q.script[i] == Script::space) continue;
        for (size_t j = i + 1; j <= n && q.at[j] - q.at[i] <= longest_; ++j) {
            auto it = words_.find(std::string_view(q.text).substr(q.at[i], q.at[j] - q.at[i]));
            if (it == words_.end()) continue;
            const Word& w = it->second;
            if (w.at_word_start && !q.word_start(i)) continue;
            if (w.whole && !q.word_end(j)) continue;
            const bool applies = std::any_of(w.meanings.begin(), w.meanings.end(),
                                             [&](const Meaning& m) { return applies_to(kLanguages[m.lang], lang); });
            if (applies) found.push_back({q.at[i], q.at[j], &w});
        }
    }
    // Longest first. Within one language a match inside a longer one is
    // dropped (安眠药 is medicines, not also drugs through 药; minha mulher is
    // family, not women); a stop word drops every match inside it. Across
    // languages both stand: tl "online casino" does not hide en "online".
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.end - a.begin > b.end - b.begin; });
    struct Kept {
        size_t begin, end;
        uint16_t langs;  // language groups whose meanings of this span stand
        bool stop;
    };
    std::vector<Kept> kept;
    std::vector<std::pair<size_t, const Meaning*>> meanings;  // begin, meaning
    auto group = [](uint8_t lang) { return lang <= 1 ? 0 : lang; };  // ja and ja-x-easy are one language here
    for (const Found& f : found) {
        Kept k{f.begin, f.end, 0, false};
        for (const Meaning& m : f.word->meanings) {
            if (!applies_to(kLanguages[m.lang], lang)) continue;
            const bool hidden = std::any_of(kept.begin(), kept.end(), [&](const Kept& o) {
                return o.begin <= f.begin && f.end <= o.end && (o.stop || (o.langs >> group(m.lang) & 1));
            });
            if (hidden) continue;
            k.langs = static_cast<uint16_t>(k.langs | 1u << group(m.lang));
            k.stop = k.stop || m.stop;
            if (!m.stop) meanings.emplace_back(f.begin, &m);
        }
        if (k.langs) kept.push_back(k);
    }
    std::stable_sort(meanings.begin(), meanings.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Target> out;
    for (const auto& [at, m] : meanings)
        if (std::find(out.begin(), out.end(), m->target) == out.end()) out.push_back(m->target);
    return out;
}

}  // namespace madoguchi::core
