// SPDX-License-Identifier: Apache-2.0
// raster.hpp — the slip as the printer sees it: one bit per dot.
//
// kiosk/text draws the slip into an 8-bit coverage bitmap (text::Bitmap8,
// 0 = paper, 255 = full ink). A thermal head has no grey, so every dot is
// decided here: `threshold` for text and QR codes (crisp edges, no noise around
// glyphs), `dither` for the rare photo or logo (Floyd–Steinberg keeps the
// average darkness).
#pragma once

#include <cstdint>
#include <vector>

#include "madoguchi/text/bitmap_target.hpp"

namespace madoguchi::print {

// 1-bit raster, row-major, MSB = leftmost pixel, 1 = black; width in dots.
// This is exactly the byte layout of ESC/POS `GS v 0` and of PBM P4, so both
// are written straight from `bits`. Bits past `width` in a row's last byte
// (the padding) are always 0, i.e. paper.
struct Raster1 {
    int width = 0, height = 0;
    std::vector<uint8_t> bits;  // stride() * height bytes
    Raster1() = default;
    Raster1(int w, int h);      // all paper; negative sizes become 0

    int stride() const { return (width + 7) / 8; }  // bytes per row
    // Out-of-range coordinates read as paper and are ignored when set.
    bool get(int x, int y) const;
    void set(int x, int y, bool black);
    friend bool operator==(const Raster1&, const Raster1&) = default;
};

// Dot is black where coverage >= level; level 0 means 128. For text: crisp,
// no dithering (a 0/255 bitmap maps exactly to white/black).
Raster1 threshold(const text::Bitmap8& coverage, uint8_t level = 0);

// Floyd–Steinberg error diffusion (left to right, threshold 128), for images.
// A 0/255 bitmap gives the same raster as `threshold`; a flat grey g gives
// about g/255 black dots.
Raster1 dither(const text::Bitmap8& coverage);

}  // namespace madoguchi::print
