// SPDX-License-Identifier: Apache-2.0
// escpos.cpp — encoding a slip as ESC/POS, and reading the paper status byte.
// The command layout and its references are in escpos.hpp.
#include "madoguchi/print/escpos.hpp"

#include <algorithm>

namespace madoguchi::print {

namespace {

int or_default(int v, int def, int max) { return v <= 0 ? def : std::min(v, max); }

}  // namespace

std::vector<uint8_t> encode_escpos(const Raster1& slip, const EscPosOptions& o) {
    const int stride = slip.stride();
    if (slip.width <= 0 || slip.height <= 0 || stride > 0xFFFF ||
        slip.bits.size() != static_cast<size_t>(stride) * static_cast<size_t>(slip.height))
        return {};
    const int band = or_default(o.band_rows, 256, 256);
    const int feed = or_default(o.feed_lines, 4, 255);
    const int cut = or_default(o.cut_feed, 3, 255);

    const size_t bands = (static_cast<size_t>(slip.height) + band - 1) / band;
    std::vector<uint8_t> out;
    out.reserve(2 + bands * 8 + slip.bits.size() + 3 + 4);
    out.insert(out.end(), {0x1B, 0x40});  // ESC @: initialize
    for (int y0 = 0; y0 < slip.height; y0 += band) {
        const int rows = std::min(band, slip.height - y0);
        // GS v 0 m xL xH yL yH: m = 0 (normal size), x in bytes, y in rows.
        out.insert(out.end(), {0x1D, 0x76, 0x30, 0x00,
                               static_cast<uint8_t>(stride & 0xFF), static_cast<uint8_t>(stride >> 8),
                               static_cast<uint8_t>(rows & 0xFF), static_cast<uint8_t>(rows >> 8)});
        const auto first = slip.bits.begin() + static_cast<std::ptrdiff_t>(y0) * stride;
        out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(rows) * stride);
    }
    out.insert(out.end(), {0x1B, 0x64, static_cast<uint8_t>(feed)});       // ESC d n: print, feed n lines
    out.insert(out.end(), {0x1D, 0x56, 0x42, static_cast<uint8_t>(cut)});  // GS V 66 n: feed, partial cut
    return out;
}

// Fixed bits (0 off, 1 on, 4 on, 7 off) identify a DLE EOT reply, whatever n.
bool is_dle_eot_reply(uint8_t b) { return (b & 0x93) == 0x12; }

PaperStatus parse_paper_status(uint8_t b) {
    if (!is_dle_eot_reply(b)) return PaperStatus::unknown;
    if (b & 0x60) return PaperStatus::out;       // bits 5-6: roll paper end sensor
    if (b & 0x0C) return PaperStatus::near_end;  // bits 2-3: roll paper near-end sensor
    return PaperStatus::ok;
}

bool reply_offline(uint8_t b) { return is_dle_eot_reply(b) && (b & 0x08); }

OfflineCause parse_offline_cause(uint8_t b) {
    if (!is_dle_eot_reply(b)) return {};
    return {.cover_open = (b & 0x04) != 0, .feed_button = (b & 0x08) != 0, .paper_end_stop = (b & 0x20) != 0,
            .error = (b & 0x40) != 0};
}

std::string_view to_string(PaperStatus s) {
    switch (s) {
        case PaperStatus::ok: return "ok";
        case PaperStatus::near_end: return "near_end";
        case PaperStatus::out: return "out";
        case PaperStatus::unknown: break;
    }
    return "unknown";
}

}  // namespace madoguchi::print
