// SPDX-License-Identifier: Apache-2.0
// Shaping and font choice: Nepali matches HarfBuzz's own hb-shape, Vietnamese
// stacks its marks, each language gets its own CJK glyph forms, mixed text
// falls back per code point.
#include <doctest/doctest.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "text_test_support.hpp"

using namespace madoguchi::text;
using namespace madoguchi::test;

namespace {

std::vector<uint32_t> glyph_ids(const TextLayout& l) {
    std::vector<uint32_t> v;
    for (const auto& g : l.glyphs)
        if (!g.ruby) v.push_back(g.glyph);
    return v;
}

// Glyph ids as HarfBuzz's command-line shaper gives them for the same font.
std::vector<uint32_t> hb_shape_ids(const std::string& font_path, const std::string& text, const std::string& lang) {
    const std::string cmd = "hb-shape --no-glyph-names --no-positions --no-clusters --language=" + lang + " '" + font_path +
                            "' '" + text + "' 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    REQUIRE(pclose(p) == 0);
    // "[123|45|67]"
    std::vector<uint32_t> ids;
    std::string body = out.substr(out.find('[') + 1, out.rfind(']') - out.find('[') - 1);
    std::stringstream ss(body);
    std::string item;
    while (std::getline(ss, item, '|')) ids.push_back(static_cast<uint32_t>(std::stoul(item)));
    return ids;
}

}  // namespace

TEST_CASE("shaping: Nepali glyphs are exactly what hb-shape gives") {
    const FontId deva = fonts().face(FontFace::devanagari);
    const char* sentences[] = {
        "मद्यपान, लागूपदार्थ वा जुवाको समस्याबारे तपाईं निःशुल्क परामर्श लिन सक्नुहुन्छ।",
        "परिवारका सदस्यहरूले पनि सोध्न सक्छन्।",
        "क्षमा, त्रास, ज्ञान, श्री, द्व, र्‍य",
    };
    for (const char* s : sentences) {
        CAPTURE(std::string(s));
        auto l = lay(s, 0, 32, "ne");
        for (const auto& g : l.glyphs) CHECK(g.font == deva);
        CHECK(l.missing_glyphs == 0);
        CHECK(glyph_ids(l) == hb_shape_ids(fonts().path(deva), s, "ne"));
        // Conjuncts: fewer glyphs than code points.
        CHECK(glyph_ids(l).size() < to_u32(s).size());
    }
}

TEST_CASE("shaping: Vietnamese stacked diacritics are present and drawn above and below") {
    auto l = lay("Tiếng Việt: Bạn có thể được tư vấn miễn phí.", 0, 32, "vi");
    CHECK(l.missing_glyphs == 0);
    for (const auto& g : l.glyphs) CHECK(g.font == fonts().face(FontFace::latin));

    GlyphAtlas atlas(fonts());
    auto ink = [&](const char* s) {
        auto t = lay(s, 0, 64, "vi");
        Bitmap8 b(200, 200);
        draw_layout(b, t, atlas, 10, 40);
        return ink_box(b, 0, 0, 200, 200);
    };
    InkBox plain = ink("E"), stacked = ink("Ệ"), circumflex_acute = ink("Ế");
    CHECK(stacked.y0 < plain.y0);            // circumflex above
    CHECK(stacked.y1 > plain.y1);            // dot below
    CHECK(circumflex_acute.y0 < stacked.y0); // two marks stacked above go higher than one
}

TEST_CASE("fonts: each language gets its own CJK glyph forms") {
    auto font_of = [](const char* s, const char* lang) { return lay(s, 0, 32, lang).glyphs.at(0).font; };
    CHECK(font_of("直", "ja") == fonts().face(FontFace::cjk_jp));
    CHECK(font_of("直", "zh-Hans") == fonts().face(FontFace::cjk_sc));
    CHECK(font_of("상담", "ko") == fonts().face(FontFace::cjk_kr));
    CHECK(font_of("直", "ko") == fonts().face(FontFace::cjk_kr));

    // And the forms really differ: 直 is drawn differently in Japan and China.
    GlyphAtlas atlas(fonts());
    Bitmap8 ja(80, 80), zh(80, 80);
    draw_layout(ja, lay("直", 0, 64, "ja"), atlas, 8, 0);
    draw_layout(zh, lay("直", 0, 64, "zh-Hans"), atlas, 8, 0);
    CHECK(ja.pixels != zh.pixels);
}

TEST_CASE("fonts: mixed Japanese, English and digits fall back per code point") {
    auto ja = lay("AAの会場は0120-111-351", 0, 32, "ja");
    CHECK(ja.missing_glyphs == 0);
    for (const auto& g : ja.glyphs) CHECK(g.font == fonts().face(FontFace::cjk_jp));  // one face for a Japanese line

    auto en = lay("AA meetings (会場) नेपाली", 0, 32, "en");
    CHECK(en.missing_glyphs == 0);
    CHECK(en.glyphs.front().font == fonts().face(FontFace::latin));
    bool saw_cjk = false, saw_deva = false;
    for (const auto& g : en.glyphs) {
        saw_cjk = saw_cjk || g.font == fonts().face(FontFace::cjk_jp);
        saw_deva = saw_deva || g.font == fonts().face(FontFace::devanagari);
    }
    CHECK(saw_cjk);
    CHECK(saw_deva);
}

TEST_CASE("fonts: a character no font has is counted, not hidden") {
    CHECK(lay("相談😀", 0).missing_glyphs == 1);
    CHECK(lay("相談", 0).missing_glyphs == 0);
}

TEST_CASE("fonts: the CJK collection is mapped once for three faces") {
    const auto& f = fonts();
    CHECK(f.path(f.face(FontFace::cjk_jp)) == f.path(f.face(FontFace::cjk_sc)));
    CHECK(f.path(f.face(FontFace::cjk_jp)) == f.path(f.face(FontFace::cjk_kr)));
    size_t sizes = 0;
    for (FontFace ff : {FontFace::cjk_jp, FontFace::latin, FontFace::devanagari}) {
        FILE* fp = fopen(f.path(f.face(ff)).c_str(), "rb");
        REQUIRE(fp);
        fseek(fp, 0, SEEK_END);
        sizes += static_cast<size_t>(ftell(fp));
        fclose(fp);
    }
    CHECK(f.mapped_bytes() == sizes);  // three files, not five faces
}

// FontSet keeps one FreeType face for the CJK collection's faces, which share
// their outlines. This draws each face's own glyphs (the SC and KR forms that
// HarfBuzz picks through those faces' cmaps) with the shared face and with a
// FreeType face opened at that face's own index, and wants the same bitmaps.
TEST_CASE("fonts: the CJK faces share one FreeType face, which draws each face's glyphs as its own face does") {
    const auto& f = fonts();
    const FontId jp = f.face(FontFace::cjk_jp), sc = f.face(FontFace::cjk_sc), kr = f.face(FontFace::cjk_kr);
    CHECK(f.ft_face(jp) == f.ft_face(sc));
    CHECK(f.ft_face(jp) == f.ft_face(kr));
    CHECK(f.ft_face(jp) != f.ft_face(f.face(FontFace::latin)));
    CHECK(f.ft_face(f.face(FontFace::latin)) != f.ft_face(f.face(FontFace::devanagari)));

    FT_Library lib = nullptr;
    REQUIRE(FT_Init_FreeType(&lib) == 0);
    auto bitmap_of = [](FT_Face face, uint32_t gid, int px) {
        REQUIRE(FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px)) == 0);
        REQUIRE(FT_Load_Glyph(face, gid, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT) == 0);
        REQUIRE(FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) == 0);
        const FT_Bitmap& b = face->glyph->bitmap;
        std::string out = std::to_string(b.width) + "x" + std::to_string(b.rows) + "@" + std::to_string(face->glyph->bitmap_left) +
                          "," + std::to_string(face->glyph->bitmap_top) + ":";
        for (unsigned y = 0; y < b.rows; ++y)
            out.append(reinterpret_cast<const char*>(b.buffer + static_cast<long>(y) * b.pitch), b.width);
        return out;
    };
    int checked = 0;
    for (FontId id : {sc, kr, jp}) {
        // The collection's index of this family, found independently of FontSet.
        FT_Face own = nullptr;
        FT_Face probe = nullptr;
        REQUIRE(FT_New_Face(lib, f.path(id).c_str(), -1, &probe) == 0);
        const long n = probe->num_faces;
        FT_Done_Face(probe);
        for (long k = 0; k < n && !own; ++k) {
            FT_Face c = nullptr;
            REQUIRE(FT_New_Face(lib, f.path(id).c_str(), k, &c) == 0);
            if (f.name(id) == c->family_name) own = c;
            else FT_Done_Face(c);
        }
        REQUIRE(own);
        const char* text = id == kr ? "상담 直 “”" : "直 骨 说 “”";
        const std::string lang = id == kr ? "ko" : id == sc ? "zh-Hans" : "ja";
        for (const auto& g : lay(text, 0, 32, lang).glyphs) {
            if (g.font != id) continue;
            for (int px : {17, 32}) {
                CHECK(bitmap_of(f.ft_face(id), g.glyph, px) == bitmap_of(own, g.glyph, px));
                ++checked;
            }
        }
        FT_Done_Face(own);
    }
    CHECK(checked >= 20);
    FT_Done_FreeType(lib);
}

TEST_CASE("fonts: a missing font is reported with its Debian package") {
    std::string err;
    CHECK_FALSE(FontSet::load({.cjk_path = "/nonexistent/NotoSansCJK.ttc"}, &err));
    CHECK(err.find("/nonexistent/NotoSansCJK.ttc") != std::string::npos);
    CHECK_FALSE(FontSet::load({.latin_path = "/etc/hostname"}, &err));
    CHECK(err.find("not a font file") != std::string::npos);
}

// A collection cut short is refused at load with its path and the table that
// runs past the end (check_table_directory in font_set.cpp), not found out
// glyph by glyph (FreeType reads the outlines with pread from the open file).
TEST_CASE("fonts: a font file cut short is refused at load, naming the file") {
    const std::string whole = fonts().path(fonts().face(FontFace::cjk_jp));
    char dir[] = "/tmp/madoguchi-font-XXXXXX";
    REQUIRE(mkdtemp(dir));
    const std::string cut = std::string(dir) + "/NotoSansCJK-Regular.ttc";
    {
        FILE* in = fopen(whole.c_str(), "rb");
        FILE* out = fopen(cut.c_str(), "wb");
        REQUIRE(in);
        REQUIRE(out);
        std::vector<char> buf(1 << 20);
        const size_t n = fread(buf.data(), 1, buf.size(), in);  // the headers and the start of the CFF table
        REQUIRE(n == buf.size());
        REQUIRE(fwrite(buf.data(), 1, n, out) == n);
        fclose(in);
        fclose(out);
    }
    std::string err;
    CHECK_FALSE(FontSet::load({.cjk_path = cut}, &err));
    CHECK(err.find(cut) != std::string::npos);
    CHECK(err.find("damaged or cut short") != std::string::npos);
    CHECK(err.find("past the end of the file (1048576 bytes)") != std::string::npos);
    // Cut inside the table directory itself: still named.
    REQUIRE(::truncate(cut.c_str(), 40) == 0);
    CHECK_FALSE(FontSet::load({.cjk_path = cut}, &err));
    CHECK(err.find("damaged or cut short: " + cut) != std::string::npos);
    std::remove(cut.c_str());
    ::rmdir(dir);
}

TEST_CASE("warm_up: what the libraries load early changes no layout and no glyph") {
    // Two FontSets of their own, used by no other test: one warmed up before
    // anything else shapes or rasterizes with it (as in the kiosk's start),
    // one not; both lay out and rasterize the same text the same way.
    std::string err;
    const auto cold = FontSet::load({}, &err);
    REQUIRE_MESSAGE(cold, err);
    const auto warmed = FontSet::load({}, &err);
    REQUIRE_MESSAGE(warmed, err);
    warm_up(*warmed);
    const std::string text = "お酒の相談は、こちらへ。Call 0120-123-456 한국어 नेपाली";
    TextStyle style;
    style.size_px = 24;
    style.lang = "ja";
    auto snapshot = [&](const FontSet& f) {
        TextEngine engine(f);
        GlyphAtlas atlas(f);
        const TextLayout l = engine.layout_uncached(text, style, 300);
        std::vector<float> out;
        for (const auto& g : l.glyphs) {
            const AtlasGlyph* a = atlas.get(g.font, g.glyph, g.size_px);
            out.insert(out.end(), {static_cast<float>(g.glyph), g.x, g.y, a ? static_cast<float>(a->w * 1000 + a->h) : -1.f});
        }
        out.push_back(static_cast<float>(l.lines.size()));
        return out;
    };
    const std::vector<float> want = snapshot(*cold);
    REQUIRE(want.size() > 40);  // glyphs of several scripts, each with its bitmap's size
    CHECK(snapshot(*warmed) == want);
}
