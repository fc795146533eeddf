// SPDX-License-Identifier: Apache-2.0
// reading.cpp — screen text → the text a voice receives (see reading.hpp).
//
// Index
//   - UTF-8              decoding to code points and back
//   - romaji             kana → Hepburn, for voices without Japanese
//   - pieces             ruby markup, URLs, phone numbers, times, symbols
//   - reading_for_voice  one pass over the text, choosing a piece at each point
//
// One pass left to right: at each code point the first piece that matches
// (ruby, URL, time, phone number, a symbol to drop) is replaced; anything else
// is copied. Every rule looks only ahead of the cursor, so the result does not
// depend on the order of earlier replacements.
#include "madoguchi/speech/reading.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <vector>

#include "madoguchi/base/utf8.hpp"

namespace madoguchi::speech {
namespace {

// ---------------------------------------------------------------------------
// UTF-8
// ---------------------------------------------------------------------------

// Invalid bytes become U+FFFD, which is dropped later like any symbol.
std::u32string decode(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) out += base::utf8::next(s, i);
    return out;
}

std::string encode(std::u32string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char32_t c : s) base::utf8::append(out, c);
    return out;
}

// ---------------------------------------------------------------------------
// Romaji
// ---------------------------------------------------------------------------

// Hiragana U+3041..U+3096 in code point order; "" for the small kana handled apart.
constexpr std::array<const char*, 0x56> kHiragana = {
    "a",  "a",  "i",  "i",  "u",  "u",  "e",  "e",  "o",  "o",             // ぁあぃいぅうぇえぉお
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",            // かが…ごご
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",           // さ…ぞ
    "ta", "da", "chi", "ji", "",  "tsu", "zu", "te", "de", "to", "do",     // た…ど (っ is "")
    "na", "ni", "nu", "ne", "no",                                          // な…の
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po",
    "ma", "mi", "mu", "me", "mo",
    "ya", "ya", "yu", "yu", "yo", "yo",                                    // ゃやゅゆょよ
    "ra", "ri", "ru", "re", "ro",
    "wa", "wa", "i",  "e",  "o",  "n",  "vu", "ka", "ke",                  // ゎわゐゑをんゔゕゖ
};

bool is_small_y(char32_t h) { return h == U'ゃ' || h == U'ゅ' || h == U'ょ'; }
bool is_small_vowel(char32_t h) { return h == U'ぁ' || h == U'ぃ' || h == U'ぅ' || h == U'ぇ' || h == U'ぉ'; }

// Katakana → hiragana; other code points unchanged.
char32_t to_hiragana(char32_t c) { return (c >= 0x30A1 && c <= 0x30F6) ? c - 0x60 : c; }
bool is_vowel(char c) { return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o'; }

std::string romaji(std::u32string_view s) {
    std::string out;
    bool double_next = false;  // after っ
    for (size_t i = 0; i < s.size(); ++i) {
        const char32_t h = to_hiragana(s[i]);
        if (s[i] == U'ー') {  // long vowel: the last vowel again
            for (auto it = out.rbegin(); it != out.rend(); ++it)
                if (is_vowel(*it)) {
                    out += *it;
                    break;
                }
            continue;
        }
        if (h < 0x3041 || h > 0x3096) {
            if (s[i] == U'・') out += ' ';
            else base::utf8::append(out, s[i]);
            continue;
        }
        if (h == U'っ') {
            double_next = true;
            continue;
        }
        std::string syl = kHiragana[h - 0x3041];
        if ((is_small_y(h) || is_small_vowel(h)) && !out.empty() && is_vowel(out.back())) {
            // きゃ → kya, しゃ → sha, ちゃ → cha, じゃ → ja; ティ → ti, ファ → fa, ウィ → wi
            const std::string v = is_small_y(h) ? syl : syl.substr(0, 1);
            const bool single = out.size() == 1 || !std::isalpha(static_cast<unsigned char>(out[out.size() - 2])) ||
                                is_vowel(out[out.size() - 2]);
            out.pop_back();
            if (is_small_y(h)) {
                const bool sh = out.size() >= 2 && (out.ends_with("sh") || out.ends_with("ch"));
                const bool j = !out.empty() && out.back() == 'j';
                out += (sh || j) ? v.substr(1) : v;
            } else {
                if (single) out += 'w';
                out += v;
            }
            continue;
        }
        if (double_next && !syl.empty() && !is_vowel(syl[0])) out += syl[0] == 'c' ? 't' : syl[0];
        double_next = false;
        out += syl;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Pieces
// ---------------------------------------------------------------------------

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }
int digit_value(char32_t c) { return c <= U'9' ? static_cast<int>(c - U'0') : static_cast<int>(c - U'０'); }
bool is_hyphen(char32_t c) {
    return c == U'-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2212 || c == 0xFF0D;
}
bool is_hash(char32_t c) { return c == U'#' || c == U'＃'; }
bool is_colon(char32_t c) { return c == U':' || c == U'：'; }
bool is_wave(char32_t c) { return c == U'〜' || c == U'～'; }
bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'　'; }

// Drawn on screen, never said: arrows, stars, bullets, box and geometric
// shapes, the reference mark, ruby braces left over from broken markup, and
// characters a voice would spell out (* _ ` | ~ ^ < > = \).
bool is_dropped_symbol(char32_t c) {
    if (c >= 0x2190 && c <= 0x21FF) return true;  // arrows
    if (c >= 0x2500 && c <= 0x27BF) return true;  // box drawing, shapes, dingbats
    if (c >= 0x2B00 && c <= 0x2BFF) return true;  // more arrows and shapes
    if (c >= 0x1F000 && c <= 0x1FAFF) return true;  // pictographs
    switch (c) {
    case U'※': case U'•': case U'*': case U'_': case U'`': case U'|': case U'{': case U'}': case U'~':
    case U'^': case U'<': case U'>': case U'=': case U'\\': case 0xFFFD: case 0xFE0F:
        return true;
    default:
        return false;
    }
}

constexpr std::array<const char32_t*, 10> kJaDigits = {U"ゼロ", U"イチ", U"ニー", U"サン", U"ヨン",
                                                       U"ゴー", U"ロク", U"ナナ", U"ハチ", U"キュウ"};

// Short numbers that are lines to call, read digit by digit when they stand
// alone (110 police, 118 coast guard, 119 fire and ambulance, 171 disaster
// message dial, 188 consumer hotline, 189 child guidance).
bool is_short_line(std::u32string_view digits) {
    static constexpr std::array<std::u32string_view, 6> kLines = {U"110", U"118", U"119", U"171", U"188", U"189"};
    for (auto l : kLines)
        if (digits == l) return true;
    return false;
}

struct Reader {
    std::u32string_view in;
    bool ja;
    const ReadingOptions& options;
    std::u32string out;

    char32_t at(size_t i) const { return i < in.size() ? in[i] : 0; }

    void put(std::u32string_view s) { out += s; }
    void put_ascii(std::string_view s) {
        for (char c : s) out += static_cast<char32_t>(static_cast<unsigned char>(c));
    }
    // A gap between words for espeak (Open JTalk needs none).
    void gap() {
        if (!ja && !out.empty() && !is_space(out.back())) out += U' ';
    }

    // {base|reading} → reading (romaji outside Japanese). Returns the length consumed, 0 when not markup.
    size_t ruby(size_t i) {
        if (in[i] != U'{') return 0;
        size_t bar = 0;
        for (size_t k = i + 1; k < in.size(); ++k) {
            if (in[k] == U'{') return 0;
            if (in[k] == U'|' && bar == 0) bar = k;
            else if (in[k] == U'}') {
                if (bar == 0 || bar == i + 1 || k == bar + 1) return 0;
                const auto reading = in.substr(bar + 1, k - bar - 1);
                if (ja) {
                    put(reading);
                } else {
                    gap();
                    const std::string r = romaji(reading);
                    for (char c : r) out += static_cast<char32_t>(static_cast<unsigned char>(c));
                    out += U' ';
                }
                return k + 1 - i;
            }
        }
        return 0;
    }

    size_t url(size_t i) {
        auto starts = [&](std::u32string_view p) {
            if (in.size() - i < p.size()) return false;
            for (size_t k = 0; k < p.size(); ++k)
                if (in[i + k] >= 0x80 || std::tolower(static_cast<int>(in[i + k])) != static_cast<int>(p[k])) return false;
            return true;
        };
        if (!(starts(U"http://") || starts(U"https://") || starts(U"www."))) return 0;
        if (i > 0 && in[i - 1] < 0x80 && std::isalnum(static_cast<int>(in[i - 1]))) return 0;
        size_t k = i;
        while (k < in.size() && in[k] > U' ' && in[k] < 0x7F && in[k] != U')' && in[k] != U'"') ++k;
        // A full stop or comma at the very end belongs to the sentence.
        while (k > i && (in[k - 1] == U'.' || in[k - 1] == U',')) --k;
        gap();
        out += decode(options.url_word);
        if (!options.url_word.empty()) gap();
        return k - i;
    }

    // 9:00 → 9時, 17:30 → 17時30分 (Japanese only; espeak reads clock times itself).
    size_t time(size_t i) {
        if (!ja || !is_digit(in[i]) || (i > 0 && is_digit(in[i - 1]))) return 0;
        size_t k = i;
        while (k < in.size() && is_digit(in[k]) && k - i < 3) ++k;
        const size_t hour_digits = k - i;
        if (hour_digits == 0 || hour_digits > 2 || !is_colon(at(k)) || !is_digit(at(k + 1)) || !is_digit(at(k + 2)) ||
            is_digit(at(k + 3)))
            return 0;
        int hour = 0;
        for (size_t d = i; d < k; ++d) hour = hour * 10 + digit_value(in[d]);
        const int minute = digit_value(in[k + 1]) * 10 + digit_value(in[k + 2]);
        put_ascii(std::to_string(hour));
        put(U"時");
        if (minute != 0) {
            put_ascii(std::to_string(minute));
            put(U"分");
        }
        return k + 3 - i;
    }

    // Phone numbers, digit by digit with a pause at each hyphen: 0120-111-351,
    // 06-6123-4567, #7119, 0570064556, 119 standing alone. Other numbers (years,
    // prices, counts) are left to the voice.
    size_t phone(size_t i) {
        const bool hash = is_hash(in[i]);
        size_t k = hash ? i + 1 : i;
        if (!is_digit(at(k)) || (i > 0 && (is_digit(in[i - 1]) || is_hyphen(in[i - 1])))) return 0;
        std::vector<std::u32string> groups(1);
        for (; k < in.size(); ++k) {
            if (is_digit(in[k])) {
                groups.back() += static_cast<char32_t>(U'0' + digit_value(in[k]));
            } else if (is_hyphen(in[k]) && is_digit(at(k + 1)) && !groups.back().empty()) {
                groups.emplace_back();
            } else {
                break;
            }
        }
        // A decimal or a clock time continues the number: not a phone number.
        if ((in.size() > k + 1) && (in[k] == U'.' || is_colon(in[k])) && is_digit(in[k + 1])) return 0;
        size_t total = 0;
        for (auto& g : groups) total += g.size();
        const bool starts_with_zero = groups.front()[0] == U'0';
        const bool is_phone = hash || (starts_with_zero && total >= 4) ||
                              (groups.size() == 1 && is_short_line(groups.front()));
        if (!is_phone) return 0;
        gap();
        if (ja && starts_with_zero && !hash) {
            // Open JTalk reads a number that starts with 0 digit by digit by
            // itself, pausing at each hyphen and nowhere else: the number is
            // handed on as written (ASCII), which sounds like a person reading it.
            for (size_t g = 0; g < groups.size(); ++g) {
                if (g > 0) out += U'-';
                out += groups[g];
            }
            return k - i;
        }
        if (hash) {
            if (ja) put(U"シャープ ");
            else put(U"# ");
        }
        for (size_t g = 0; g < groups.size(); ++g) {
            if (g > 0) put(ja ? U"、" : U", ");
            for (size_t d = 0; d < groups[g].size(); ++d) {
                if (d > 0) out += U' ';
                const int v = static_cast<int>(groups[g][d] - U'0');
                if (ja) put(kJaDigits[v]);
                else out += groups[g][d];
            }
        }
        gap();
        return k - i;
    }

    void run() {
        for (size_t i = 0; i < in.size();) {
            size_t n = ruby(i);
            if (!n) n = url(i);
            if (!n) n = time(i);
            if (!n && (is_digit(in[i]) || is_hash(in[i]))) n = phone(i);
            if (n) {
                i += n;
                continue;
            }
            const char32_t c = in[i++];
            if (is_dropped_symbol(c)) {
                gap();
            } else if (ja && is_wave(c)) {
                put(U"から");
            } else if (is_space(c)) {
                if (!out.empty() && !is_space(out.back())) out += U' ';
            } else {
                // No gap before a sentence's punctuation (left where a URL was dropped).
                if ((c == U'.' || c == U',' || c == U'。' || c == U'、') && !out.empty() && out.back() == U' ')
                    out.pop_back();
                out += c;
            }
        }
        // No space at either end, none doubled (doubled ones were never added).
        while (!out.empty() && is_space(out.back())) out.pop_back();
        size_t lead = 0;
        while (lead < out.size() && is_space(out[lead])) ++lead;
        out.erase(0, lead);
    }
};

}  // namespace

bool is_japanese(std::string_view lang) { return lang == "ja" || lang.starts_with("ja-"); }

std::string reading_for_voice(std::string_view text, std::string_view lang, const ReadingOptions& options) {
    const std::u32string in = decode(text);
    Reader r{in, is_japanese(lang), options, {}};
    r.out.reserve(in.size() * 2);
    r.run();
    return encode(r.out);
}

std::string spoken_name(std::string_view name, std::string_view name_kana) {
    auto clean = [](std::string_view s) {
        std::string out;
        for (char c : s)
            if (c != '{' && c != '}' && c != '|') out += c;
        return out;
    };
    const std::string n = clean(name), k = clean(name_kana);
    if (k.empty() || n.empty()) return n.empty() ? k : n;
    return "{" + n + "|" + k + "}";
}

std::string kana_to_romaji(std::string_view kana) { return romaji(decode(kana)); }

}  // namespace madoguchi::speech
