// SPDX-License-Identifier: Apache-2.0
// bitmap_target.cpp — layouts into 8-bit coverage bitmaps, and PNG output.
#include "madoguchi/text/bitmap_target.hpp"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>

namespace madoguchi::text {

void draw_layout(Bitmap8& target, const TextLayout& layout, GlyphAtlas& atlas, float x, float y) {
    for (const auto& pg : layout.glyphs) {
        const AtlasGlyph* g = atlas.get(pg.font, pg.glyph, pg.size_px);
        if (!g || g->w == 0) continue;
        const AtlasPage& page = atlas.pages()[g->page];
        const int ox = static_cast<int>(std::lround(x + pg.x)) + g->left;
        const int oy = static_cast<int>(std::lround(y + pg.y)) - g->top;
        for (int r = 0; r < g->h; ++r) {
            const int ty = oy + r;
            if (ty < 0 || ty >= target.height) continue;
            const uint8_t* src = &page.pixels[static_cast<size_t>(g->y + r) * atlas.page_size() + g->x];
            uint8_t* dst = &target.pixels[static_cast<size_t>(ty) * target.width];
            for (int c = 0; c < g->w; ++c) {
                const int tx = ox + c;
                if (tx < 0 || tx >= target.width) continue;
                // Ink over ink: overlapping marks darken, never lighten.
                const unsigned a = src[c], d = dst[tx];
                dst[tx] = static_cast<uint8_t>(d + (a * (255 - d) + 127) / 255);
            }
        }
    }
}

InkBox ink_box(const Bitmap8& b, int x0, int y0, int x1, int y1, uint8_t threshold) {
    InkBox box{x1, y1, x0, y0};
    for (int y = std::max(0, y0); y < std::min(b.height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(b.width, x1); ++x)
            if (b.at(x, y) >= threshold) {
                box.x0 = std::min(box.x0, x);
                box.y0 = std::min(box.y0, y);
                box.x1 = std::max(box.x1, x + 1);
                box.y1 = std::max(box.y1, y + 1);
            }
    return box;
}

std::string write_png(const Bitmap8& b, const std::string& path) {
    if (b.width <= 0 || b.height <= 0) return "empty bitmap";
    std::vector<uint8_t> gray(b.pixels.size());
    std::transform(b.pixels.begin(), b.pixels.end(), gray.begin(), [](uint8_t v) { return static_cast<uint8_t>(255 - v); });
    if (!stbi_write_png(path.c_str(), b.width, b.height, 1, gray.data(), b.width)) return "cannot write " + path;
    return {};
}

}  // namespace madoguchi::text
