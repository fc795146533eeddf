// SPDX-License-Identifier: Apache-2.0
// text_layout.cpp — from a string to positioned glyphs.
//
// Index
//   - parse_ruby                    {base|reading} markup
//   - line_break_opportunities      ICU line breaking + protected tokens
//   - itemize / shape               font per code point, runs, HarfBuzz
//   - Paragraph::fill               greedy line filling with emergency breaks
//   - position                      line boxes, alignment, ruby placement
//   - TextEngine                    the layout cache and its wipe
#include "madoguchi/text/text_layout.hpp"
#include "madoguchi/text/glyph_atlas.hpp"

#include <hb.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>

#include "madoguchi/base/secure_clear.hpp"

namespace madoguchi::text {
namespace {

struct CodePoint {
    char32_t c;
    uint32_t byte;  // offset in the plain text
};

std::vector<CodePoint> decode(std::string_view s, uint32_t base = 0) {
    std::vector<CodePoint> out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        if (i + len > s.size()) len = 1;
        char32_t cp = len == 1 ? (c < 0x80 ? c : 0xFFFD) : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back({cp, static_cast<uint32_t>(i) + base});
        i += static_cast<size_t>(len);
    }
    return out;
}

bool is_space(char32_t c) { return c == 0x20 || c == 0x3000 || c == 0x09 || c == 0xA0 || u_isWhitespace(static_cast<UChar32>(c)); }

// Characters that belong to the glyph before them: combining marks, joiners,
// variation selectors, the kana voiced sound marks.
bool attaches_to_previous(char32_t c) {
    if (c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) return true;
    int8_t t = u_charType(static_cast<UChar32>(c));
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

// Script of a code point for run itemization. Japanese scripts are one group:
// the same font shapes them and splitting at every kana/kanji change buys nothing.
int script_group(char32_t c) {
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript(static_cast<UChar32>(c), &e);
    if (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_HAN || s == USCRIPT_KATAKANA_OR_HIRAGANA) return USCRIPT_HAN;
    return s;
}

hb_script_t hb_script_of(int script) {
    const char* name = uscript_getShortName(static_cast<UScriptCode>(script));
    return name ? hb_script_from_string(name, -1) : HB_SCRIPT_COMMON;
}

bool starts_with_lang(std::string_view lang, std::string_view p) {
    return lang.substr(0, p.size()) == p && (lang.size() == p.size() || lang[p.size()] == '-');
}

// One line BreakIterator per locale, created once (creation costs milliseconds).
icu::BreakIterator* break_iterator_for(std::string_view lang, bool phrases) {
    static std::mutex mu;
    static std::map<std::string, std::unique_ptr<icu::BreakIterator>> cache;
    const bool ja = starts_with_lang(lang, "ja") || lang.empty();
    std::string locale = ja ? (phrases ? "ja@lb=strict;lw=phrase" : "ja@lb=strict") : std::string(lang);
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(locale);
    if (it != cache.end()) return it->second.get();
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createLineInstance(icu::Locale::createCanonical(locale.c_str()), st));
    if (U_FAILURE(st) || !bi) {
        st = U_ZERO_ERROR;
        bi.reset(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), st));
    }
    return (cache[locale] = std::move(bi)).get();
}

bool url_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr(":/._~%#?&=+@-", c) != nullptr;
}

// Byte ranges of tokens that must not be split: URLs, e-mail addresses, phone
// numbers (digits with hyphens, #7119). Full-width forms (０１２０－１１１－３５１,
// as Japanese text often writes them) count as their ASCII twins.
std::vector<std::pair<uint32_t, uint32_t>> protected_tokens(std::string_view t) {
    std::vector<CodePoint> cps = decode(t);
    std::string ascii(cps.size(), '\x01');  // one char per code point; \x01 ends a token
    for (size_t k = 0; k < cps.size(); ++k) {
        char32_t c = cps[k].c;
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;      // full-width ASCII
        else if (c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2212) c = '-';  // hyphens, minus
        if (c < 0x80 && url_char(static_cast<char>(c))) ascii[k] = static_cast<char>(c);
    }
    auto byte_at = [&](size_t k) { return k < cps.size() ? cps[k].byte : static_cast<uint32_t>(t.size()); };
    std::vector<std::pair<uint32_t, uint32_t>> out;
    size_t i = 0;
    while (i < ascii.size()) {
        if (ascii[i] == '\x01') { ++i; continue; }
        size_t j = i;
        while (j < ascii.size() && ascii[j] != '\x01') ++j;
        size_t end = j;
        while (end > i && std::strchr(".,:;?-", ascii[end - 1])) --end;  // sentence punctuation after it
        std::string_view tok(ascii.data() + i, end - i);
        bool url = tok.find("://") != std::string_view::npos || tok.rfind("www.", 0) == 0 ||
                   tok.rfind("mailto:", 0) == 0 || tok.rfind("tel:", 0) == 0;
        size_t at = tok.find('@');
        bool email = at != std::string_view::npos && at > 0 && tok.find('.', at) != std::string_view::npos;
        size_t digits = static_cast<size_t>(std::count_if(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; }));
        bool phone = digits >= 3 && std::all_of(tok.begin(), tok.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '#'; }) &&
                     (tok.find('-') != std::string_view::npos || tok[0] == '#' || digits >= 7);
        if ((url || email || phone) && end > i) out.emplace_back(byte_at(i), byte_at(end));
        i = j;
    }
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------

RubyText parse_ruby(std::string_view s) {
    RubyText r;
    r.plain.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '{') {
            size_t bar = s.find('|', i + 1);
            size_t close = s.find('}', i + 1);
            size_t nested = s.find('{', i + 1);
            if (bar != std::string_view::npos && close != std::string_view::npos && bar < close &&
                (nested == std::string_view::npos || nested > close) && bar > i + 1 && close > bar + 1) {
                RubySpan span;
                span.base_begin = static_cast<uint32_t>(r.plain.size());
                r.plain.append(s.substr(i + 1, bar - i - 1));
                span.base_end = static_cast<uint32_t>(r.plain.size());
                span.reading = std::string(s.substr(bar + 1, close - bar - 1));
                r.spans.push_back(std::move(span));
                i = close + 1;
                continue;
            }
        }
        r.plain += s[i++];  // malformed markup is shown as written
    }
    return r;
}

std::vector<uint32_t> line_break_opportunities(std::string_view text, std::string_view lang, bool phrases) {
    std::vector<uint32_t> out;
    if (text.empty()) return {0};
    // UTF-16 index → byte offset.
    std::vector<CodePoint> cps = decode(text);
    std::vector<uint32_t> u16_to_byte;
    u16_to_byte.reserve(text.size() + 1);
    for (const auto& cp : cps) {
        u16_to_byte.push_back(cp.byte);
        if (cp.c >= 0x10000) u16_to_byte.push_back(cp.byte);
    }
    u16_to_byte.push_back(static_cast<uint32_t>(text.size()));

    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::BreakIterator* bi = break_iterator_for(lang, phrases);
    {
        static std::mutex use;  // a BreakIterator holds the text it iterates
        std::lock_guard<std::mutex> lock(use);
        bi->setText(u);
        for (int32_t p = bi->next(); p != icu::BreakIterator::DONE; p = bi->next())
            if (p > 0 && static_cast<size_t>(p) < u16_to_byte.size()) out.push_back(u16_to_byte[static_cast<size_t>(p)]);
        bi->setText(icu::UnicodeString());  // do not keep the visitor's text around
    }
    if (lang == "ja-x-easy") {
        // やさしい日本語 is written with spaces between phrases (分かち書き) so that
        // a reader can see where words end; a line must not break inside one
        // (さがし|ます, くだ|さい). Breaks stay only after a space or after
        // punctuation ending a clause. A phrase wider than the line still gets
        // the layout's emergency break.
        std::vector<char32_t> before_byte(text.size() + 1, 0);
        for (size_t k = 0; k < cps.size(); ++k) before_byte[k + 1 < cps.size() ? cps[k + 1].byte : text.size()] = cps[k].c;
        auto ok_before = [](char32_t c) {
            return c == ' ' || c == 0x3000 || c == '\n' || c == 0x3002 /*。*/ || c == 0x3001 /*、*/ || c == 0xFF01 /*！*/ ||
                   c == 0xFF1F /*？*/ || c == 0x300D /*」*/ || c == 0xFF09 /*）*/ || c == 0xFF1A /*：*/;
        };
        out.erase(std::remove_if(out.begin(), out.end(), [&](uint32_t o) { return o < text.size() && !ok_before(before_byte[o]); }),
                  out.end());
    }
    if (starts_with_lang(lang, "ko")) {
        // Korean is written with spaces between words; breaking between the
        // syllables of a word (ICU's default) makes it hard to read, so keep
        // words whole (CSS word-break: keep-all), as Korean public sites do.
        auto hangul = [](char32_t c) { return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F); };
        std::vector<char32_t> at_byte(text.size() + 1, 0), before_byte(text.size() + 1, 0);
        for (size_t k = 0; k < cps.size(); ++k) {
            at_byte[cps[k].byte] = cps[k].c;
            before_byte[k + 1 < cps.size() ? cps[k + 1].byte : text.size()] = cps[k].c;
        }
        // A word is everything between spaces: 30초, 10대, (무료)상담 stay whole too
        // (a number or bracket next to Hangul is part of the word).
        auto space = [](char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == 0x3000 || c == 0; };
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](uint32_t o) {
                                     const char32_t b = before_byte[o], a = at_byte[o];
                                     return !space(b) && !space(a) && (hangul(b) || hangul(a));
                                 }),
                  out.end());
    }
    auto tokens = protected_tokens(text);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](uint32_t o) {
                                 for (auto [a, b] : tokens)
                                     if (o > a && o < b) return true;
                                 return false;
                             }),
              out.end());
    if (out.empty() || out.back() != text.size()) out.push_back(static_cast<uint32_t>(text.size()));
    return out;
}

size_t TextLayout::bytes() const {
    return sizeof(TextLayout) + plain_text.capacity() + glyphs.capacity() * sizeof(PositionedGlyph) +
           lines.capacity() * sizeof(LayoutLine);
}

void wipe_string(std::string& s) { base::secure_clear(s); }

// ---------------------------------------------------------------------------
// Layout

namespace {

struct ShapedGlyph {
    FontId font;
    uint32_t glyph = 0;
    uint32_t cluster = 0;
    float advance = 0, x_offset = 0, y_offset = 0;
    float pad_before = 0, pad_after = 0;  // ruby wider than its base
    bool space = false;
};

struct Style {
    float size;
    std::string lang;
    Align align;
    int max_lines;
    bool ruby;
    float line_spacing;
    float ruby_size;
    bool phrases;
};

Style effective(const TextStyle& s) {
    Style e;
    e.size = s.size_px > 0 ? s.size_px : 16.f;
    e.lang = s.lang.empty() ? "ja" : s.lang;
    e.align = s.align;
    e.max_lines = s.max_lines;
    e.ruby = !s.no_ruby;
    e.line_spacing = s.line_spacing > 0 ? s.line_spacing : 1.5f;
    e.ruby_size = e.size * (s.ruby_scale > 0 ? s.ruby_scale : 0.5f);
    e.phrases = s.phrases;
    return e;
}

// Shapes [begin, end) of `text` (offsets are absolute, clusters too).
void shape(const FontSet& fonts, std::string_view text, uint32_t begin, uint32_t end, std::span<const FontId> chain,
           std::string_view lang, float size, std::vector<ShapedGlyph>& out) {
    std::vector<CodePoint> cps = decode(text.substr(begin, end - begin), begin);
    if (cps.empty()) return;
    // Font and script per code point.
    std::vector<FontId> font(cps.size());
    std::vector<int> script(cps.size());
    for (size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i].c;
        if (i > 0 && (attaches_to_previous(c) || is_space(c)) && fonts.has_glyph(font[i - 1], c)) font[i] = font[i - 1];
        else {
            FontId f = fonts.font_for(c, chain);
            font[i] = f.valid() ? f : chain[0];
        }
        script[i] = script_group(c);
    }
    // Common / inherited characters take the script around them.
    int last = USCRIPT_INVALID_CODE;
    for (size_t i = 0; i < cps.size(); ++i) {
        if (script[i] == USCRIPT_COMMON || script[i] == USCRIPT_INHERITED) {
            if (last != USCRIPT_INVALID_CODE) script[i] = last;
        } else {
            last = script[i];
        }
    }
    last = USCRIPT_INVALID_CODE;
    for (size_t i = cps.size(); i-- > 0;) {
        if (script[i] == USCRIPT_COMMON || script[i] == USCRIPT_INHERITED) {
            if (last != USCRIPT_INVALID_CODE) script[i] = last;
        } else {
            last = script[i];
        }
    }

    // One buffer per thread, kept between calls, and given back when the
    // thread ends: the start's preparing thread shapes too (text::warm_up),
    // and a buffer it left behind was a leak.
    struct ThreadBuffer {
        hb_buffer_t* buf = hb_buffer_create();
        ~ThreadBuffer() { hb_buffer_destroy(buf); }
    };
    thread_local ThreadBuffer per_thread;
    hb_buffer_t* const buf = per_thread.buf;
    const std::string hb_lang_tag = starts_with_lang(lang, "ja") ? "ja" : std::string(lang);
    hb_language_t hl = hb_language_from_string(hb_lang_tag.c_str(), -1);
    size_t i = 0;
    while (i < cps.size()) {
        size_t j = i + 1;
        while (j < cps.size() && font[j] == font[i] && script[j] == script[i]) ++j;
        const uint32_t rb = cps[i].byte;
        const uint32_t re = j < cps.size() ? cps[j].byte : end;
        hb_buffer_clear_contents(buf);
        hb_buffer_add_utf8(buf, text.data(), static_cast<int>(text.size()), rb, static_cast<int>(re - rb));
        hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
        hb_buffer_set_script(buf, hb_script_of(script[i]));
        hb_buffer_set_language(buf, hl);
        hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
        hb_shape(fonts.hb_font(font[i]), buf, nullptr, 0);
        unsigned n = 0;
        hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
        hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, nullptr);
        const float scale = size / static_cast<float>(fonts.units_per_em(font[i]));
        for (unsigned k = 0; k < n; ++k) {
            ShapedGlyph g;
            g.font = font[i];
            g.glyph = info[k].codepoint;
            g.cluster = info[k].cluster;
            g.advance = static_cast<float>(pos[k].x_advance) * scale;
            g.x_offset = static_cast<float>(pos[k].x_offset) * scale;
            g.y_offset = static_cast<float>(pos[k].y_offset) * scale;
            // The code point at the start of this cluster decides "space".
            auto cp = std::lower_bound(cps.begin(), cps.end(), g.cluster, [](const CodePoint& a, uint32_t b) { return a.byte < b; });
            g.space = cp != cps.end() && cp->byte == g.cluster && is_space(cp->c);
            out.push_back(g);
        }
        i = j;
    }
    hb_buffer_clear_contents(buf);
}

float advance_of(const std::vector<ShapedGlyph>& g, size_t a, size_t b) {
    float w = 0;
    for (size_t i = a; i < b; ++i) w += g[i].pad_before + g[i].advance + g[i].pad_after;
    return w;
}

// Width without trailing spaces (they hang past the line end).
float ink_advance_of(const std::vector<ShapedGlyph>& g, size_t a, size_t b) {
    while (b > a && g[b - 1].space) --b;
    return advance_of(g, a, b);
}

struct LineRange {
    size_t g0, g1;  // glyphs [g0, g1)
};

}  // namespace

TextLayout TextEngine::layout_uncached(std::string_view text, const TextStyle& style_in, float max_width) const {
    const Style st = effective(style_in);
    const auto chain = fonts_.chain(st.lang);
    const auto ruby_chain = fonts_.chain("ja");
    RubyText rt = parse_ruby(text);
    TextLayout out;
    out.plain_text = std::move(rt.plain);
    const std::string_view plain = out.plain_text;
    const bool wrap = max_width > 0;

    const FontMetrics primary = fonts_.metrics(chain[0]);
    float y = 0;
    int lines_done = 0;
    bool stop = false;

    uint32_t para_begin = 0;
    while (!stop && para_begin <= plain.size()) {
        uint32_t para_end = static_cast<uint32_t>(plain.find('\n', para_begin));
        if (para_end == std::string_view::npos || para_end > plain.size()) para_end = static_cast<uint32_t>(plain.size());
        uint32_t content_end = para_end;
        if (content_end > para_begin && plain[content_end - 1] == '\r') --content_end;

        std::vector<ShapedGlyph> g;
        shape(fonts_, plain, para_begin, content_end, chain, st.lang, st.size, g);

        // Ruby of this paragraph: shape readings, pad bases that are narrower.
        struct Ruby {
            const RubySpan* span;
            std::vector<ShapedGlyph> glyphs;
            float width;
            size_t g0, g1;
        };
        std::vector<Ruby> rubies;
        if (st.ruby) {
            for (const auto& sp : rt.spans) {
                if (sp.base_begin < para_begin || sp.base_end > content_end) continue;
                Ruby r{&sp, {}, 0, 0, 0};
                shape(fonts_, sp.reading, 0, static_cast<uint32_t>(sp.reading.size()), ruby_chain, "ja", st.ruby_size, r.glyphs);
                for (auto& rg : r.glyphs) r.width += rg.advance;
                auto lo = std::find_if(g.begin(), g.end(), [&](const ShapedGlyph& x) { return x.cluster >= sp.base_begin; });
                auto hi = std::find_if(lo, g.end(), [&](const ShapedGlyph& x) { return x.cluster >= sp.base_end; });
                r.g0 = static_cast<size_t>(lo - g.begin());
                r.g1 = static_cast<size_t>(hi - g.begin());
                if (r.g1 <= r.g0) continue;
                const float base_w = advance_of(g, r.g0, r.g1);
                if (r.width > base_w) {
                    g[r.g0].pad_before += (r.width - base_w) / 2;
                    g[r.g1 - 1].pad_after += (r.width - base_w) / 2;
                }
                rubies.push_back(std::move(r));
            }
        }

        // Prefix sums of advances (padding included): segment widths in O(1), so
        // filling a long paragraph stays linear.
        std::vector<float> prefix(g.size() + 1, 0.f);
        for (size_t i = 0; i < g.size(); ++i) prefix[i + 1] = prefix[i] + g[i].pad_before + g[i].advance + g[i].pad_after;
        auto ink_width = [&](size_t a, size_t b) {
            while (b > a && g[b - 1].space) --b;  // trailing spaces hang
            return prefix[b] - prefix[a];
        };

        // Break opportunities as glyph indices (only at cluster starts, never
        // inside a ruby base).
        std::vector<size_t> breaks;
        {
            auto opps = line_break_opportunities(plain.substr(para_begin, content_end - para_begin), st.lang, st.phrases);
            size_t gi = 0;
            for (uint32_t o : opps) {
                const uint32_t abs = para_begin + o;
                bool in_ruby = false;
                for (const auto& r : rubies)
                    in_ruby = in_ruby || (abs > r.span->base_begin && abs < r.span->base_end);
                if (in_ruby) continue;
                while (gi < g.size() && g[gi].cluster < abs) ++gi;
                if (gi < g.size() && g[gi].cluster != abs) continue;  // inside a cluster
                if (breaks.empty() || breaks.back() != gi) breaks.push_back(gi);
            }
            if (breaks.empty() || breaks.back() != g.size()) breaks.push_back(g.size());
        }

        // Greedy filling. A segment that cannot fit on an empty line is cut at
        // cluster boundaries (the emergency break of "unless they cannot fit").
        std::vector<LineRange> ranges;
        size_t line_start = 0, line_end = 0;  // committed glyphs of the current line
        auto emit = [&]() {
            ranges.push_back({line_start, line_end});
            line_start = line_end;
        };
        size_t prev = 0;
        for (size_t b : breaks) {
            if (b <= prev && !(b == 0 && g.empty())) { continue; }
            const float with = ink_width(line_start, b);
            if (!wrap || with <= max_width + 0.01f) {
                line_end = b;
            } else {
                if (line_end > line_start) emit();
                // Now the segment [line_start, b) starts a line.
                while (ink_width(line_start, b) > max_width + 0.01f) {
                    size_t k = line_start + 1;
                    // advance whole clusters while they fit
                    while (k < b) {
                        size_t next = k;
                        while (next < b && g[next].cluster == g[k].cluster) ++next;
                        if (ink_width(line_start, next) > max_width + 0.01f) break;
                        k = next;
                    }
                    while (k < b && g[k].cluster == g[k - 1].cluster) ++k;  // never split a cluster
                    line_end = k;
                    if (line_end >= b) break;
                    emit();
                }
                line_end = b;
            }
            prev = b;
        }
        if (line_end > line_start || ranges.empty() || line_start < g.size()) {
            line_end = std::max(line_end, line_start);
            ranges.push_back({line_start, g.size()});
        }

        // Position lines.
        for (size_t li = 0; li < ranges.size(); ++li) {
            LineRange lr = ranges[li];
            bool last_allowed = st.max_lines > 0 && lines_done + 1 == st.max_lines;
            bool more_after = li + 1 < ranges.size() || para_end < plain.size();
            std::vector<ShapedGlyph> ellipsis;
            if (last_allowed && more_after) {
                out.truncated = true;
                stop = true;
                shape(fonts_, "\u2026", 0, 3, chain, st.lang, st.size, ellipsis);
                float ell_w = 0;
                for (auto& e : ellipsis) e.cluster = 0, ell_w += e.advance;
                size_t g1 = lr.g1;
                while (g1 > lr.g0 && (g[g1 - 1].space || (wrap && advance_of(g, lr.g0, g1) + ell_w > max_width + 0.01f))) {
                    size_t c = g[g1 - 1].cluster;
                    while (g1 > lr.g0 && g[g1 - 1].cluster == c) --g1;
                }
                lr.g1 = g1;
            }

            bool line_has_ruby = false;
            for (const auto& r : rubies) line_has_ruby = line_has_ruby || (r.g0 >= lr.g0 && r.g1 <= lr.g1);

            float ascent = primary.ascender * st.size, descent = primary.descender * st.size;
            for (size_t i = lr.g0; i < lr.g1; ++i) {
                FontMetrics m = fonts_.metrics(g[i].font);
                ascent = std::max(ascent, m.ascender * st.size);
                descent = std::max(descent, m.descender * st.size);
            }
            float height = std::max(st.size * st.line_spacing, ascent + descent);
            float baseline = y + (height - (ascent + descent)) / 2 + ascent;
            if (line_has_ruby) {
                // Ruby sits just above the ideographs' top (~0.88 em in Noto CJK);
                // the line grows by whatever of it would stick out of the line box.
                const float ruby_top = baseline - st.size * 0.88f - st.ruby_size * 0.12f - st.ruby_size * 0.88f;
                const float room = std::max(0.f, y - ruby_top);
                baseline += room;
                height += room;
            }

            LayoutLine line;
            line.top = y;
            line.baseline = baseline;
            line.height = height;
            line.has_ruby = line_has_ruby;
            line.text_begin = lr.g0 < g.size() ? g[lr.g0].cluster : content_end;
            line.text_end = lr.g1 < g.size() ? g[lr.g1].cluster : content_end;
            if (lr.g1 > lr.g0 && li + 1 == ranges.size()) line.text_end = content_end;
            float w = ink_advance_of(g, lr.g0, lr.g1);
            float ell_w = 0;
            for (auto& e : ellipsis) ell_w += e.advance;
            line.width = w + ell_w;
            line.first_glyph = static_cast<uint32_t>(out.glyphs.size());

            float pen = 0;
            std::vector<float> group_start(lr.g1 > lr.g0 ? lr.g1 - lr.g0 : 0);
            for (size_t i = lr.g0; i < lr.g1; ++i) {
                group_start[i - lr.g0] = pen;
                pen += g[i].pad_before;
                PositionedGlyph pg{g[i].font, g[i].glyph, st.size, pen + g[i].x_offset, baseline - g[i].y_offset, g[i].cluster, false};
                out.glyphs.push_back(pg);
                pen += g[i].advance + g[i].pad_after;
            }
            if (!ellipsis.empty()) {
                pen = w;
                for (auto& e : ellipsis) {
                    out.glyphs.push_back({e.font, e.glyph, st.size, pen + e.x_offset, baseline - e.y_offset, line.text_end, false});
                    pen += e.advance;
                }
            }
            if (line_has_ruby) {
                for (const auto& r : rubies) {
                    if (!(r.g0 >= lr.g0 && r.g1 <= lr.g1)) continue;
                    const float x0 = group_start[r.g0 - lr.g0];
                    const float group_w = advance_of(g, r.g0, r.g1);
                    float rx = x0 + (group_w - r.width) / 2;
                    const float ruby_baseline = baseline - st.size * 0.88f - st.ruby_size * 0.12f;
                    for (const auto& rg : r.glyphs) {
                        out.glyphs.push_back({rg.font, rg.glyph, st.ruby_size, rx + rg.x_offset, ruby_baseline - rg.y_offset,
                                              r.span->base_begin, true});
                        rx += rg.advance;
                    }
                }
            }
            line.glyph_count = static_cast<uint32_t>(out.glyphs.size()) - line.first_glyph;
            out.lines.push_back(line);
            y += height;
            ++lines_done;
            if (stop) break;
        }
        if (para_end >= plain.size()) break;
        para_begin = para_end + 1;
    }

    // Alignment: within max_width when wrapping, else within the widest line.
    float block_w = 0;
    for (const auto& l : out.lines) block_w = std::max(block_w, l.width);
    const float box = wrap ? max_width : block_w;
    for (auto& l : out.lines) {
        float dx = st.align == Align::center ? (box - l.width) / 2 : st.align == Align::right ? box - l.width : 0;
        dx = std::round(dx);
        l.x = dx;
        for (uint32_t i = l.first_glyph; i < l.first_glyph + l.glyph_count; ++i) out.glyphs[i].x += dx;
    }
    out.width = block_w;
    out.height = y;
    for (const auto& pg : out.glyphs)
        if (pg.glyph == 0) {
            // A missing glyph at a space or control character is not tofu.
            size_t c = pg.cluster;
            bool blank = c < plain.size() && (plain[c] == ' ' || plain[c] == '\t' || plain[c] == '\r');
            if (!blank) ++out.missing_glyphs;
        }
    return out;
}

// ---------------------------------------------------------------------------
// TextEngine: layout cache.

TextEngine::TextEngine(const FontSet& fonts, TextEngineOptions options)
    : fonts_(fonts), budget_(options.layout_cache_bytes ? options.layout_cache_bytes : 4u << 20) {}

TextEngine::~TextEngine() { wipe(); }

std::shared_ptr<const TextLayout> TextEngine::layout(std::string_view text_in, const TextStyle& style, float max_width) {
    // A bounded cost for any input: text beyond kMaxLayoutChars (several times
    // the longest guide page) is cut, at a character boundary, before shaping
    // and line breaking — a 300,000-character name took minutes to lay out.
    const std::string_view text = first_chars(text_in, kMaxLayoutChars);
    std::string key;
    key.reserve(text.size() + style.lang.size() + 48);
    key.append(text);
    key += '\x1f';
    key += style.lang.empty() ? "ja" : style.lang;
    char buf[96];
    std::snprintf(buf, sizeof buf, "\x1f%g/%d/%d/%d/%g/%g/%g/%d", static_cast<double>(style.size_px), static_cast<int>(style.align),
                  style.max_lines, style.no_ruby ? 1 : 0, static_cast<double>(style.line_spacing), static_cast<double>(style.ruby_scale),
                  static_cast<double>(max_width), style.phrases ? 1 : 0);
    key += buf;
    auto it = index_.find(key);
    if (it != index_.end()) {
        entries_.splice(entries_.begin(), entries_, it->second);
        wipe_string(key);
        return entries_.front().layout;
    }
    auto layout = std::make_shared<TextLayout>(layout_uncached(text, style, max_width));
    entries_.push_front(Entry{std::move(key), layout});
    index_[entries_.front().key] = entries_.begin();
    cache_bytes_ += layout->bytes() + entries_.front().key.capacity();
    while (cache_bytes_ > budget_ && entries_.size() > 1) {
        Entry& old = entries_.back();
        cache_bytes_ -= old.layout->bytes() + old.key.capacity();
        index_.erase(old.key);
        wipe_string(old.key);
        // A caller may still hold this layout (valid while held); it is wiped by
        // wipe() at session end, or freed when the caller lets go.
        if (old.layout.use_count() == 1) wipe_string(old.layout->plain_text);
        entries_.pop_back();
    }
    return layout;
}

void TextEngine::wipe() {
    index_.clear();
    for (auto& e : entries_) {
        wipe_string(e.key);
        wipe_string(e.layout->plain_text);
        base::secure_clear(e.layout->glyphs);
        e.layout->lines.clear();
    }
    entries_.clear();
    cache_bytes_ = 0;
}

void warm_up(const FontSet& fonts) {
    // Every character laid out (ICU's breaking, HarfBuzz's shaping), but only
    // a few glyphs of each face rasterized, at one size, on a small page: the
    // face's set-up in FreeType is what is paid for here, and the scratch
    // atlas's memory stays small (a page of 1024² left 1 MiB more heap).
    static constexpr const char* kSample = "相談できるところを、いっしょにさがしましょう。はじめる いますぐ話したい "
                                           "English Español Tiếng Việt Português 中文 한국어 नेपाली Tagalog 1234";
    TextEngine engine(fonts);
    GlyphAtlasOptions small;
    small.page_size = 128;
    GlyphAtlas atlas(fonts, small);
    TextStyle style;
    style.size_px = 28;
    style.lang = "ja";
    const TextLayout layout = engine.layout_uncached(kSample, style, 1200.f);
    // Per FreeType face, not per FontId: the three CJK faces share one
    // (font_set.cpp), and warming it once is enough.
    std::map<FT_Face, int> rasterized;
    for (const PositionedGlyph& g : layout.glyphs)
        if (rasterized[fonts.ft_face(g.font)]++ < 4) (void)atlas.get(g.font, g.glyph, g.size_px);
}

}  // namespace madoguchi::text
