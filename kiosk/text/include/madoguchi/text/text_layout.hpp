// SPDX-License-Identifier: Apache-2.0
// text_layout.hpp — paragraphs shaped (HarfBuzz), broken into lines (ICU, with
// Japanese kinsoku rules), with ruby, positioned in pixels. One layout feeds both
// the screen (imgui_target.hpp) and paper (bitmap_target.hpp).
//
// Text may carry ruby markup: {漢字|かんじ} puts かんじ above 漢字. A line that
// holds ruby grows upward to make room for it; a base is never split across lines.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "madoguchi/text/font_set.hpp"

namespace madoguchi::text {

enum class Align : uint8_t { left, center, right };

// Plain options: the zero value of each field is its default.
struct TextStyle {
    float size_px = 0;         // em size in pixels; 0 → 16
    std::string lang;          // BCP 47 tag choosing fonts and break rules; "" → "ja"
    Align align = Align::left;
    int max_lines = 0;         // 0 → no limit; otherwise the last line ends in … when cut
    bool no_ruby = false;      // true → show only the bases of {base|reading}
    float line_spacing = 0;    // line height in em; 0 → 1.5
    float ruby_scale = 0;      // ruby size relative to size_px; 0 → 0.5
    bool phrases = false;      // Japanese: break between phrases (ICU lw=phrase), for short
                               // labels and headings (「わからない・|その他」, not 「そ|の他」)
};

struct PositionedGlyph {
    FontId font;
    uint32_t glyph = 0;   // glyph id in that font (0 = missing)
    float size_px = 0;
    float x = 0, y = 0;   // pen position on the baseline, from the layout's top-left, y down
    uint32_t cluster = 0; // byte offset of its text in TextLayout::plain_text
    bool ruby = false;    // part of a ruby annotation
};

struct LayoutLine {
    uint32_t first_glyph = 0, glyph_count = 0;  // range in TextLayout::glyphs (ruby included)
    uint32_t text_begin = 0, text_end = 0;      // byte range of plain_text shown on this line
    float top = 0, baseline = 0, height = 0;
    float x = 0, width = 0;                     // ink advance width, after alignment
    bool has_ruby = false;
};

struct TextLayout {
    std::string plain_text;  // the text with ruby markup removed
    std::vector<PositionedGlyph> glyphs;
    std::vector<LayoutLine> lines;
    float width = 0, height = 0;  // of the laid-out block (width = widest line)
    int missing_glyphs = 0;       // glyphs no font had (would be tofu)
    bool truncated = false;       // max_lines cut the text
    size_t bytes() const;         // approximate heap size, for the cache budget
};

// {base|reading} parsing.
struct RubySpan {
    uint32_t base_begin = 0, base_end = 0;  // byte range in the plain text
    std::string reading;
};
struct RubyText {
    std::string plain;
    std::vector<RubySpan> spans;
};
RubyText parse_ruby(std::string_view marked);

// Byte offsets in `text` where a line may break, for the language's rules
// (ja: ICU "ja@lb=strict"). URLs, e-mail addresses and phone numbers are kept
// whole. Always ends with text.size().
std::vector<uint32_t> line_break_opportunities(std::string_view text, std::string_view lang, bool phrases = false);

struct TextEngineOptions {
    size_t layout_cache_bytes = 0;  // 0 → 4 MiB
};

// Text longer than this many characters is cut before it is laid out (a
// bounded cost for any input; the longest guide page is about 3,000).
inline constexpr size_t kMaxLayoutChars = 20000;

// The first `max_chars` characters (code points) of UTF-8 text, cut at a
// character boundary; the text itself when it is shorter.
inline std::string_view first_chars(std::string_view s, size_t max_chars) {
    size_t chars = 0;
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > max_chars) return s.substr(0, i);
    return s;
}

class TextEngine {
public:
    explicit TextEngine(const FontSet& fonts, TextEngineOptions options = {});
    ~TextEngine();

    // Lays out `text` in `max_width` pixels (<= 0: no wrapping). Cached by
    // (text, style, width); the result stays valid while the caller holds it.
    std::shared_ptr<const TextLayout> layout(std::string_view text, const TextStyle& style, float max_width);
    TextLayout layout_uncached(std::string_view text, const TextStyle& style, float max_width) const;

    // Forgets every cached layout and overwrites the cached keys (the text) and
    // layouts before releasing them: what a visitor typed must not survive.
    void wipe();
    size_t cache_entries() const { return entries_.size(); }
    size_t cache_bytes() const { return cache_bytes_; }
    const FontSet& fonts() const { return fonts_; }

private:
    struct Entry {
        std::string key;
        std::shared_ptr<TextLayout> layout;
    };
    const FontSet& fonts_;
    size_t budget_;
    size_t cache_bytes_ = 0;
    std::list<Entry> entries_;  // most recently used first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
};

// Overwrites a string's whole capacity before it is released (not optimized
// away): base::secure_clear, named here for the text module's callers.
void wipe_string(std::string& s);

// Start-up (issue 22): lays out a line of each script the first screen shows
// (kana and kanji, Latin with accents, Hangul, Devanagari) and rasterizes its
// glyphs once, then forgets them. What stays is what the libraries load on
// first use and keep: ICU's line-break rules and Japanese dictionary, each
// face's HarfBuzz tables, FreeType's parsed font data, and the pages of the
// font files and of ICU's data read so far. The kiosk runs it on the thread
// that loads the fonts while the window opens, so that the first frame does
// not pay for them (docs/performance.md, "Start"). `fonts` must not be used by
// another thread meanwhile. Nothing a visitor did is involved: the text is fixed.
void warm_up(const FontSet& fonts);

}  // namespace madoguchi::text
