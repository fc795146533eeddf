// SPDX-License-Identifier: Apache-2.0
// evidence.cpp — value-in-quote checks (see evidence.hpp for what is allowed to differ).
#include "madoguchi/core/evidence.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <set>

namespace madoguchi::core {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string s) {
    for (char& c : s) c = lower(c);
    return s;
}

std::string digits_of(std::string_view s) {
    std::string d;
    for (char c : s)
        if (is_digit(c)) d += c;
    return d;
}

bool hyphen_like(UChar32 c) {
    switch (c) {
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
        case 0x2043: case 0x2212: case 0x30FC: case 0xFE58: case 0xFE63: case 0xFF0D: case 0xFF70:
            return true;
        default:
            return false;
    }
}

// Every time of day a quote writes, in minutes since midnight; `all_day` when it
// says 24時間.
struct QuotedTimes {
    std::set<int> minutes;
    bool all_day = false;
};

QuotedTimes times_in(const std::string& q) {
    QuotedTimes out;
    auto before_is = [&](size_t pos, std::string_view word) {
        return pos >= word.size() && q.compare(pos - word.size(), word.size(), word) == 0;
    };
    auto at_is = [&](size_t pos, std::string_view word) { return q.compare(pos, word.size(), word) == 0; };
    if (q.find("正午") != std::string::npos) out.minutes.insert(12 * 60);
    size_t i = 0;
    while (i < q.size()) {
        if (!is_digit(q[i]) || (i > 0 && is_digit(q[i - 1]))) { ++i; continue; }
        size_t j = i;
        while (j < q.size() && is_digit(q[j])) ++j;
        if (j - i > 2) { i = j; continue; }
        int hour = std::stoi(q.substr(i, j - i));
        const bool pm = before_is(i, "午後") || before_is(i, "PM") || before_is(i, "pm");
        int minute = -1;
        size_t end = j;
        if (j + 2 < q.size() && q[j] == ':' && is_digit(q[j + 1]) && is_digit(q[j + 2]) &&
            (j + 3 == q.size() || !is_digit(q[j + 3]))) {
            minute = std::stoi(q.substr(j + 1, 2));
            end = j + 3;
        } else if (at_is(j, "時間")) {
            if (hour == 24) out.all_day = true;
            i = j;
            continue;
        } else if (at_is(j, "時")) {
            end = j + 3;  // 時 is three bytes in UTF-8
            minute = 0;
            if (at_is(end, "半")) {
                minute = 30;
            } else {
                size_t k = end;
                while (k < q.size() && is_digit(q[k])) ++k;
                if (k > end && k - end <= 2 && at_is(k, "分")) minute = std::stoi(q.substr(end, k - end));
            }
        }
        if (minute >= 0 && minute < 60 && hour <= 24) {
            if (pm && hour < 12) hour += 12;
            out.minutes.insert(hour * 60 + minute);
        }
        i = end > i ? end : i + 1;
    }
    return out;
}

std::string url_core(std::string_view url) {
    std::string s = ascii_lower(evidence_normalize(url));
    for (std::string_view scheme : {"https://", "http://"})
        if (s.compare(0, scheme.size(), scheme) == 0) {
            s.erase(0, scheme.size());
            break;
        }
    if (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

// NFKC and hyphens; white space dropped (`keep_spaces` false) or turned into one
// ' ' each (true: mail addresses and URLs need the space as a boundary —
// "E-mail kokoro@…" must not read as "E-mailkokoro@…").
std::string normalize(std::string_view utf8, bool keep_spaces) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) return std::string(utf8);
    icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString n = nfkc->normalize(src, status);
    if (U_FAILURE(status)) return std::string(utf8);
    icu::UnicodeString out;
    for (int32_t i = 0; i < n.length(); i = n.moveIndex32(i, 1)) {
        UChar32 c = n.char32At(i);
        if (u_isUWhiteSpace(c)) {
            if (keep_spaces) out.append(UChar32(' '));
            continue;
        }
        if (c == 0x266F) c = '#';  // ♯ (music sharp): how the 消防庁 writes ♯7119
        out.append(hyphen_like(c) ? UChar32('-') : c);
    }
    std::string s;
    out.toUTF8String(s);
    return s;
}
}  // namespace

std::string evidence_normalize(std::string_view utf8) { return normalize(utf8, false); }

bool quote_holds_phone(std::string_view number, std::string_view quote) {
    const std::string want = digits_of(number);
    const bool hash = !number.empty() && number.front() == '#';
    if (want.empty()) return false;
    // Newsletters group numbers with the middle dot too: 093・522・8744.
    std::string q = evidence_normalize(quote);
    for (size_t p = q.find("・"); p != std::string::npos; p = q.find("・", p)) q.replace(p, 3, "-");
    auto sep = [](char c) { return c == '-' || c == '(' || c == ')'; };
    size_t i = 0;
    while (i < q.size()) {
        const bool starts = is_digit(q[i]) || (q[i] == '(' && i + 1 < q.size() && is_digit(q[i + 1]));
        if (!starts) { ++i; continue; }
        const size_t start = i;
        std::string got;
        size_t j = i;
        while (j < q.size()) {
            if (is_digit(q[j])) { got += q[j++]; continue; }
            if (!sep(q[j])) break;
            size_t k = j;
            while (k < q.size() && sep(q[k])) ++k;
            if (k < q.size() && is_digit(q[k])) { j = k; continue; }
            break;
        }
        if (got == want && (!hash || (start > 0 && q[start - 1] == '#'))) return true;
        i = j > i ? j : i + 1;
    }
    return false;
}

bool quote_holds_email(std::string_view email, std::string_view quote) {
    const std::string want = ascii_lower(evidence_normalize(email));
    std::string q = ascii_lower(normalize(quote, true));
    for (std::string_view at : {"[at]", "(at)"})
        for (size_t p = q.find(at); p != std::string::npos; p = q.find(at, p)) q.replace(p, at.size(), "@");
    auto addr_char = [](const std::string& s, size_t i) {
        char c = s[i];
        return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    };
    auto continues_after = [&](const std::string& s, size_t i) {
        // A sentence may end right after the address with a full stop.
        if (s[i] == '.') return i + 1 < s.size() && is_alnum(s[i + 1]);
        return addr_char(s, i);
    };
    for (size_t p = q.find(want); !want.empty() && p != std::string::npos; p = q.find(want, p + 1)) {
        const size_t e = p + want.size();
        if (p > 0 && addr_char(q, p - 1)) continue;
        if (e < q.size() && continues_after(q, e)) continue;
        return true;
    }
    return false;
}

bool quote_holds_url(std::string_view url, std::string_view quote) {
    const std::string want = url_core(url);
    if (want.empty()) return false;
    const std::string q = ascii_lower(normalize(quote, true));
    auto url_char = [](char c) {
        return is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == '%' || c == '?' || c == '=' || c == '&' ||
               c == '#' || c == '+';
    };
    for (size_t p = q.find(want); p != std::string::npos; p = q.find(want, p + 1)) {
        size_t e = p + want.size();
        if (p > 0 && (url_char(q[p - 1]) && q[p - 1] != '/')) continue;
        if (p > 0 && q[p - 1] == '/' && !(p >= 2 && q[p - 2] == '/')) continue;  // a longer path
        if (e < q.size() && q[e] == '/') ++e;                                  // one trailing slash
        if (e < q.size() && (url_char(q[e]) || q[e] == '/')) continue;
        return true;
    }
    return false;
}

bool same_url(std::string_view a, std::string_view b) {
    auto norm = [](std::string_view u) {
        std::string s = evidence_normalize(u);
        size_t scheme_end = s.find("://");
        size_t host_end = scheme_end == std::string::npos ? 0 : s.find('/', scheme_end + 3);
        if (host_end == std::string::npos) host_end = s.size();
        for (size_t i = 0; i < host_end; ++i) s[i] = lower(s[i]);
        if (!s.empty() && s.back() == '/') s.pop_back();
        return s;
    };
    return !a.empty() && norm(a) == norm(b);
}

bool quote_holds_text(std::string_view text, std::string_view quote) {
    const std::string want = evidence_normalize(text);
    return !want.empty() && evidence_normalize(quote).find(want) != std::string::npos;
}

bool quote_holds_hours(int opens, int closes, std::string_view quote) {
    const QuotedTimes t = times_in(evidence_normalize(quote));
    if (t.all_day && opens == 0 && closes == 24 * 60) return true;
    return t.minutes.count(opens) && t.minutes.count(closes);
}

bool quote_holds_year_end(std::string_view quote) {
    const std::string q = evidence_normalize(quote);
    auto has = [&](std::string_view s) { return q.find(evidence_normalize(s)) != std::string::npos; };
    if (has("年末年始") || has("年末・年始")) return true;
    return (has("12月29日") && has("1月3日")) || (has("12/29") && has("1/3"));
}

}  // namespace madoguchi::core
