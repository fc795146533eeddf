// SPDX-License-Identifier: Apache-2.0
// bitmap_target.hpp — draws a layout into an 8-bit coverage bitmap: the printed
// slip (thresholded later by kiosk/print) and the tests' eyes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "madoguchi/text/glyph_atlas.hpp"
#include "madoguchi/text/text_layout.hpp"

namespace madoguchi::text {

struct Bitmap8 {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels;  // row-major, 0 = paper, 255 = full ink
    Bitmap8() = default;
    Bitmap8(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * h, 0) {}
    uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

// Draws at (x, y) = the layout's top-left, compositing ink over what is there.
void draw_layout(Bitmap8& target, const TextLayout& layout, GlyphAtlas& atlas, float x, float y);

struct InkBox {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // x1, y1 exclusive; empty when x1 <= x0
    bool empty() const { return x1 <= x0 || y1 <= y0; }
};
// Bounding box of pixels with coverage >= threshold within a rectangle.
InkBox ink_box(const Bitmap8& b, int x0, int y0, int x1, int y1, uint8_t threshold = 64);

// Writes black ink on white as an 8-bit grayscale PNG. Returns "" or an error.
std::string write_png(const Bitmap8& b, const std::string& path);

}  // namespace madoguchi::text
