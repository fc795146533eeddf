// SPDX-License-Identifier: Apache-2.0
// Ruby (furigana): parsing, centring over the base, padding narrow bases,
// line height, never splitting a base, switching ruby off.
#include <doctest/doctest.h>

#include "text_test_support.hpp"

using namespace madoguchi::text;
using namespace madoguchi::test;

TEST_CASE("ruby: markup parsing") {
    RubyText r = parse_ruby("{漢字|かんじ}を{読|よ}む");
    CHECK(r.plain == "漢字を読む");
    REQUIRE(r.spans.size() == 2);
    CHECK(r.spans[0].base_begin == 0);
    CHECK(r.spans[0].base_end == 6);
    CHECK(r.spans[0].reading == "かんじ");
    CHECK(r.spans[1].base_begin == 9);
    CHECK(r.spans[1].reading == "よ");
    // Malformed markup is shown as written, never swallowed.
    CHECK(parse_ruby("{abc").plain == "{abc");
    CHECK(parse_ruby("{|x}").plain == "{|x}");
    CHECK(parse_ruby("a}b{c|").plain == "a}b{c|");
}

TEST_CASE("ruby: centred over its base, above it, half size") {
    GlyphAtlas atlas(fonts());
    for (const char* s : {"{相談|そうだん}", "{無料|むりょう}", "{依存症|いぞんしょう}", "{話|はなし}"}) {
        CAPTURE(std::string(s));
        auto l = lay(s, 0, 48);
        REQUIRE(l.lines.size() == 1);
        float base_bottom = 0, ruby_bottom = 0;
        for (const auto& g : l.glyphs) {
            if (g.ruby) {
                CHECK(g.size_px == doctest::Approx(24));
                ruby_bottom = g.y;
            } else {
                base_bottom = g.y;
            }
        }
        CHECK(ruby_bottom < base_bottom - 40);  // ruby baseline above the base's ideographs
        Bitmap8 b(400, 160);
        draw_layout(b, l, atlas, 20, 10);
        // Ruby ink is in the band above the base's top; compare centres.
        const int split = static_cast<int>(10 + base_bottom - 48 * 0.88f) - 1;
        InkBox ruby = ink_box(b, 0, 0, 400, split), base = ink_box(b, 0, split, 400, 160);
        REQUIRE_FALSE(ruby.empty());
        REQUIRE_FALSE(base.empty());
        CHECK(std::abs((ruby.x0 + ruby.x1) / 2.0 - (base.x0 + base.x1) / 2.0) <= 2.0);
    }
}

TEST_CASE("ruby: a base narrower than its ruby is padded on both sides") {
    auto plain = lay("話す", 0, 40);
    auto ruby = lay("{話|はなし}す", 0, 40);  // 3 kana at 20 px = 60 px over a 40 px base
    CHECK(ruby.width == doctest::Approx(plain.width + 20).epsilon(0.01));
    // The base moved right by half the difference.
    CHECK(ruby.glyphs[0].x == doctest::Approx(plain.glyphs[0].x + 10).epsilon(0.05));
}

TEST_CASE("ruby: the line grows to make room, and only when ruby is there") {
    auto plain = lay("相談できます", 0, 40);
    auto ruby = lay("{相談|そうだん}できます", 0, 40);
    CHECK(ruby.height > plain.height);
    CHECK(ruby.lines[0].has_ruby);
    CHECK_FALSE(plain.lines[0].has_ruby);
    // Ruby never rises above the top of the layout.
    for (const auto& g : ruby.glyphs)
        if (g.ruby) CHECK(g.y - 20 * 0.88f >= -0.5f);

    TextEngine engine(fonts());
    TextStyle off;
    off.size_px = 40;
    off.no_ruby = true;
    auto hidden = engine.layout_uncached("{相談|そうだん}できます", off, 0);
    CHECK(hidden.height == doctest::Approx(plain.height));
    CHECK(hidden.plain_text == "相談できます");
    for (const auto& g : hidden.glyphs) CHECK_FALSE(g.ruby);
    CHECK(hidden.glyphs.size() == plain.glyphs.size());
}

TEST_CASE("ruby: a base is never split across lines") {
    // 3 em wide lines: without ruby 「あい相」 fits, with ruby 相談 moves down whole.
    auto plain = lay("あい相談です", 60, 20);
    CHECK(join_lines(line_texts(plain)) == "[あい相][談です]");
    auto ruby = lay("あい{相談|そうだん}です", 60, 20);
    CHECK(join_lines(line_texts(ruby)) == "[あい][相談で][す]");
    CHECK(ruby.lines[1].has_ruby);
    CHECK_FALSE(ruby.lines[0].has_ruby);
    CHECK(ruby.lines[1].height > ruby.lines[0].height);
}
