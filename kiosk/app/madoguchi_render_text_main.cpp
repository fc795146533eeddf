// SPDX-License-Identifier: Apache-2.0
// madoguchi-render-text — renders a string or a file with the kiosk's text
// engine to a PNG, so anyone can look at how text comes out.
//
//   madoguchi-render-text --text "{漢字|かんじ}を読む" --lang ja --size 48 --width 800 -o out.png
//   madoguchi-render-text --file guide.txt --lang ne -o out.png
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "madoguchi/text/bitmap_target.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/text_layout.hpp"

using namespace madoguchi::text;

namespace {

constexpr const char* kUsage = R"(usage: madoguchi-render-text (--text STRING | --file FILE) -o OUT.png [options]

Options:
  --lang TAG        language (fonts, line breaking): ja (default), ja-x-easy, en,
                    zh-Hans, ko, vi, pt-BR, ne, tl
  --size PX         em size in pixels (default 32)
  --width PX        wrap width in pixels (default 800; 0 = no wrapping)
  --align A         left (default), center or right
  --max-lines N     cut after N lines with an ellipsis
  --no-ruby         show only the bases of {base|reading}
  --margin PX       white margin around the text (default 16)
Prints the number of lines, the size, and any glyph no font has.
)";

}  // namespace

int main(int argc, char** argv) {
    std::string text, out, lang = "ja";
    float size = 32, width = 800, margin = 16;
    TextStyle style;
    bool have_text = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "madoguchi-render-text: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--text") { text = value(); have_text = true; }
        else if (a == "--file") {
            std::string path = value();
            std::ifstream in(path, std::ios::binary);
            if (!in) {
                std::cerr << "madoguchi-render-text: cannot read " << path << "\n";
                return 3;
            }
            std::ostringstream ss;
            ss << in.rdbuf();
            text = ss.str();
            have_text = true;
        }
        else if (a == "-o") out = value();
        else if (a == "--lang") lang = value();
        else if (a == "--size") size = std::strtof(value().c_str(), nullptr);
        else if (a == "--width") width = std::strtof(value().c_str(), nullptr);
        else if (a == "--margin") margin = std::strtof(value().c_str(), nullptr);
        else if (a == "--max-lines") style.max_lines = std::atoi(value().c_str());
        else if (a == "--no-ruby") style.no_ruby = true;
        else if (a == "--align") {
            std::string v = value();
            style.align = v == "center" ? Align::center : v == "right" ? Align::right : Align::left;
        } else if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else {
            std::cerr << "madoguchi-render-text: unknown argument " << a << "\n\n" << kUsage;
            return 2;
        }
    }
    if (!have_text || out.empty() || size <= 0) {
        std::cerr << kUsage;
        return 2;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();

    std::string err;
    auto fonts = FontSet::load({}, &err);
    if (!fonts) {
        std::cerr << "madoguchi-render-text: " << err << "\n";
        return 3;
    }
    style.size_px = size;
    style.lang = lang;
    TextEngine engine(*fonts);
    GlyphAtlas atlas(*fonts);
    TextLayout layout = engine.layout_uncached(text, style, width);
    const float box_w = width > 0 ? width : layout.width;
    Bitmap8 bitmap(static_cast<int>(std::ceil(box_w + 2 * margin)), static_cast<int>(std::ceil(layout.height + 2 * margin)));
    draw_layout(bitmap, layout, atlas, margin, margin);
    if (std::string e = write_png(bitmap, out); !e.empty()) {
        std::cerr << "madoguchi-render-text: " << e << "\n";
        return 3;
    }
    std::cout << "wrote " << out << ": " << layout.lines.size() << " lines, " << bitmap.width << "x" << bitmap.height << " px";
    if (layout.truncated) std::cout << ", cut with …";
    std::cout << "\n";
    if (layout.missing_glyphs) {
        std::cerr << layout.missing_glyphs << " glyphs missing from every font (shown as boxes)\n";
        return 1;
    }
    return 0;
}
