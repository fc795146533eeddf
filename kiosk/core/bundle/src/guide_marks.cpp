// SPDX-License-Identifier: Apache-2.0
// guide_marks.cpp — source marks in guide text (see guide_marks.hpp).
#include "madoguchi/core/guide_marks.hpp"

#include <algorithm>

namespace madoguchi::core {
namespace {

// The sentence enders and the closing brackets that may follow one, as UTF-8.
constexpr std::string_view kEnders[] = {"。", "！", "？", "!", "?"};
constexpr std::string_view kClosers[] = {"」", "』", "）", ")", "”", "’", "\""};

bool starts_with_any(std::string_view s, size_t i, const std::string_view* list, size_t n, size_t* len) {
    for (size_t k = 0; k < n; ++k)
        if (s.substr(i, list[k].size()) == list[k]) {
            *len = list[k].size();
            return true;
        }
    return false;
}

std::string trim_spaces(std::string s) {
    auto is_space = [&](size_t i, size_t* len) {
        if (s.compare(i, 3, "　") == 0) { *len = 3; return true; }
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') { *len = 1; return true; }
        return false;
    };
    size_t len = 0;
    while (!s.empty() && is_space(0, &len)) s.erase(0, len);
    while (!s.empty()) {
        if (s.back() == ' ' || s.back() == '\t' || s.back() == '\r') s.pop_back();
        else if (s.size() >= 3 && s.compare(s.size() - 3, 3, "　") == 0) s.erase(s.size() - 3);
        else break;
    }
    return s;
}

bool blank(std::string_view s) { return trim_spaces(std::string(s)).empty(); }

bool key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

}  // namespace

MarkedText parse_source_marks(std::string_view s) {
    MarkedText out;
    MarkedSentence cur;
    bool cur_started = false;
    // The last closed sentence still takes marks and closing brackets until
    // other text or a line break comes.
    bool last_open = false;
    auto close = [&] {
        cur.text = trim_spaces(cur.text);
        if (!cur.text.empty()) out.sentences.push_back(std::move(cur));
        cur = MarkedSentence{};
        cur_started = false;
    };
    size_t i = 0;
    while (i < s.size()) {
        if (s.compare(i, 2, "[[") == 0) {
            const size_t end = s.find("]]", i + 2);
            if (end == std::string_view::npos) {
                out.problems.push_back({i, "source mark \"[[\" is not closed with \"]]\""});
                out.plain += s.substr(i);
                break;
            }
            std::string_view inner = s.substr(i + 2, end - i - 2);
            std::vector<std::string> keys;
            size_t a = 0;
            bool ok = !inner.empty();
            while (ok && a <= inner.size()) {
                size_t b = inner.find(';', a);
                if (b == std::string_view::npos) b = inner.size();
                std::string_view k = inner.substr(a, b - a);
                const bool nofact = k == kNoFactMark;
                if (k.empty() || (!nofact && !std::all_of(k.begin(), k.end(), key_char))) ok = false;
                else keys.emplace_back(k);
                a = b + 1;
            }
            if (ok && keys.size() > 1 && std::find(keys.begin(), keys.end(), kNoFactMark) != keys.end()) {
                out.problems.push_back({i, "source mark \"[[" + std::string(inner) + "]]\": [[-]] (no fact) cannot stand with evidence keys"});
            } else if (!ok) {
                out.problems.push_back({i, "source mark \"[[" + std::string(inner) +
                                               "]]\" must be [[key]] or [[key;key]] with keys of a-z 0-9 - _, or [[-]]"});
            } else if (cur_started && !blank(cur.text)) {
                cur.marks.insert(cur.marks.end(), keys.begin(), keys.end());
            } else if (last_open && !out.sentences.empty()) {
                auto& m = out.sentences.back().marks;
                m.insert(m.end(), keys.begin(), keys.end());
            } else {
                out.problems.push_back({i, "source mark \"[[" + std::string(inner) + "]]\" follows no sentence"});
            }
            i = end + 2;
            continue;
        }
        size_t len = 0;
        if (s[i] == '\n') {
            close();
            last_open = false;
            out.plain += '\n';
            ++i;
            continue;
        }
        if (!cur_started && last_open && !out.sentences.empty() &&
            starts_with_any(s, i, kClosers, std::size(kClosers), &len)) {
            out.sentences.back().text += s.substr(i, len);
            out.plain += s.substr(i, len);
            i += len;
            continue;
        }
        if (starts_with_any(s, i, kEnders, std::size(kEnders), &len)) {
            if (!cur_started) { cur.offset = i; cur_started = true; }
            cur.text += s.substr(i, len);
            out.plain += s.substr(i, len);
            i += len;
            close();
            last_open = true;
            continue;
        }
        // Any other character (a whole UTF-8 sequence).
        len = 1;
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0xF0) len = 4;
        else if (c >= 0xE0) len = 3;
        else if (c >= 0xC0) len = 2;
        len = std::min(len, s.size() - i);
        std::string_view ch = s.substr(i, len);
        if (!cur_started && blank(ch)) {
            out.plain += ch;  // spaces between sentences keep last_open
        } else {
            if (!cur_started) { cur.offset = i; cur_started = true; }
            cur.text += ch;
            out.plain += ch;
            last_open = false;
        }
        i += len;
    }
    close();
    for (const auto& st : out.sentences)
        if (st.marks.empty())
            out.problems.push_back({st.offset, "sentence \"" + st.text + "\" has no source mark: add [[key]] for the evidence.csv row "
                                                   "(table guides) whose quote holds its fact, or [[-]] if it states no fact"});
    // Trailing spaces left where a mark was taken out at a line's end.
    std::string tidy;
    size_t p = 0;
    while (p <= out.plain.size()) {
        size_t nl = out.plain.find('\n', p);
        std::string line = out.plain.substr(p, nl == std::string::npos ? std::string::npos : nl - p);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        tidy += line;
        if (nl == std::string::npos) break;
        tidy += '\n';
        p = nl + 1;
    }
    out.plain = std::move(tidy);
    return out;
}

std::string strip_source_marks(std::string_view s) {
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t open = s.find("[[", i);
        if (open == std::string_view::npos) { out += s.substr(i); break; }
        size_t close = s.find("]]", open + 2);
        if (close == std::string_view::npos) { out += s.substr(i); break; }
        out += s.substr(i, open - i);
        i = close + 2;
    }
    return out;
}

bool has_source_marks(std::string_view text) { return text.find("[[") != std::string_view::npos; }

}  // namespace madoguchi::core
