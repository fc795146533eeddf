// SPDX-License-Identifier: Apache-2.0
// slip_render.hpp — a Slip (kiosk/core) laid out with the text engine and its
// QR codes into a 1-bit raster at the printer's dot width.
//
// The same TextEngine and GlyphAtlas draw the screen and the slip, so a name
// breaks the same way on both. Text is thresholded (crisp on thermal paper);
// QR modules are whole dots (≥ 4 dots per module, 4-module quiet zone).
#pragma once

#include <string>

#include "madoguchi/core/slip.hpp"
#include "madoguchi/print/raster.hpp"
#include "madoguchi/text/bitmap_target.hpp"
#include "madoguchi/text/text_layout.hpp"

namespace madoguchi::print {

struct SlipStyle {
    int dots = 0;          // printer width: 384 (58 mm), 576 (80 mm), 512 fallback; 0 → 576
    int module_dots = 0;   // dots per QR module; 0 → 4 (at least 4)
    bool no_qr = false;    // text only
};

struct RenderedSlip {
    text::Bitmap8 coverage;  // 0 = paper, 255 = ink
    Raster1 raster;          // what the printer gets
    int qr_codes = 0;
    int missing_glyphs = 0;  // characters no font had (tofu boxes): 0 on a good slip
    std::string error;       // e.g. a payload that could not be encoded (the slip is still made)
};

RenderedSlip render_slip(const core::Slip& slip, text::TextEngine& engine, text::GlyphAtlas& atlas, const SlipStyle& style = {});

}  // namespace madoguchi::print
