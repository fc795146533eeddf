// SPDX-License-Identifier: Apache-2.0
// text_test_support.hpp — one FontSet for all text tests, and small helpers.
#pragma once

#include <doctest/doctest.h>

#include <hb.h>

#include <string>
#include <vector>

#include "madoguchi/text/bitmap_target.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/text_layout.hpp"

namespace madoguchi::test {

inline const text::FontSet& fonts() {
    static std::unique_ptr<text::FontSet> set = [] {
        std::string err;
        auto s = text::FontSet::load({}, &err);
        if (!s) FAIL("fonts: " << err);
        return s;
    }();
    return *set;
}

inline text::TextLayout lay(std::string_view s, float width, float size = 20, std::string lang = "ja") {
    text::TextEngine engine(fonts());
    text::TextStyle st;
    st.size_px = size;
    st.lang = std::move(lang);
    return engine.layout_uncached(s, st, width);
}

// The text shown on each line.
inline std::vector<std::string> line_texts(const text::TextLayout& l) {
    std::vector<std::string> out;
    for (const auto& line : l.lines) out.push_back(l.plain_text.substr(line.text_begin, line.text_end - line.text_begin));
    return out;
}

inline std::u32string to_u32(std::string_view s) {
    std::u32string out;
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}

inline std::string join_lines(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += "[" + x + "]";
    return s;
}

}  // namespace madoguchi::test
