// SPDX-License-Identifier: Apache-2.0
// escpos_decoder.hpp — a strict ESC/POS reader for the tests, written from the
// command reference and sharing no code with kiosk/print's encoder: if the
// encoder misreads the spec, the two disagree and a test fails.
//
// It accepts exactly the job the kiosk promises (docs/printing.md):
//
//   ESC @                          1B 40
//   GS v 0 m xL xH yL yH d1…dk     1D 76 30 m …   one or more; m must be 0;
//                                  x = xL + 256·xH bytes per row (the same in
//                                  every band), y = yL + 256·yH rows (1…256),
//                                  k = x·y data bytes, MSB = leftmost dot
//   ESC d n                        1B 64 n        once
//   GS V 66 n                      1D 56 42 n     once, last
//
// Anything else — another command, a printer font, Kanji mode (FS &), a byte
// after the cut, a short band — is rejected with the offset where it starts.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace madoguchi::print::test {

struct DecodedJob {
    std::string error;             // "" when the stream was accepted
    int bytes_per_row = 0;         // x of every band
    int rows = 0;                  // sum of the bands' y
    std::vector<uint8_t> bits;     // rows · bytes_per_row, row-major, as sent
    std::vector<int> band_rows;    // y of each band, in order
    std::vector<int> band_xbytes;  // x of each band, in order
    int feed_lines = -1;           // n of ESC d n
    int cut_feed = -1;             // n of GS V 66 n
};

inline DecodedJob decode_escpos_job(const std::vector<uint8_t>& s) {
    DecodedJob d;
    auto fail = [&](size_t at, const std::string& what) {
        DecodedJob bad;
        bad.error = "offset " + std::to_string(at) + ": " + what;
        return bad;
    };
    auto hex = [&](size_t at, size_t n) {
        std::string out;
        for (size_t j = at; j < s.size() && j < at + n; ++j) {
            char b[4];
            std::snprintf(b, sizeof b, "%s%02X", out.empty() ? "" : " ", s[j]);
            out += b;
        }
        return out;
    };
    size_t i = 0;
    auto left = [&] { return s.size() - i; };
    if (s.size() < 2 || s[0] != 0x1B || s[1] != 0x40) return fail(0, "the job must start with ESC @");
    i = 2;
    enum class Stage { images, fed, cut } stage = Stage::images;
    while (i < s.size()) {
        const size_t at = i;
        if (stage == Stage::cut) return fail(at, "bytes after the cut: " + hex(at, 3));
        if (left() >= 3 && s[i] == 0x1D && s[i + 1] == 0x76 && s[i + 2] == 0x30) {  // GS v 0
            if (stage != Stage::images) return fail(at, "GS v 0 after ESC d");
            if (left() < 8) return fail(at, "GS v 0 header is cut short");
            const int m = s[i + 3];
            const int x = s[i + 4] + 256 * s[i + 5];
            const int y = s[i + 6] + 256 * s[i + 7];
            if (m != 0) return fail(at, "GS v 0 mode " + std::to_string(m) + " (only 0, normal size)");
            if (x == 0 || y == 0) return fail(at, "GS v 0 with no data (k = 0)");
            if (y > 256) return fail(at, "GS v 0 band of " + std::to_string(y) + " rows (at most 256)");
            if (d.bytes_per_row != 0 && x != d.bytes_per_row)
                return fail(at, "GS v 0 row width changes from " + std::to_string(d.bytes_per_row) + " to " +
                                    std::to_string(x) + " bytes");
            const size_t k = static_cast<size_t>(x) * static_cast<size_t>(y);
            i += 8;
            if (left() < k)
                return fail(at, "GS v 0 announces " + std::to_string(k) + " data bytes, " + std::to_string(left()) +
                                    " follow");
            d.bits.insert(d.bits.end(), s.begin() + static_cast<std::ptrdiff_t>(i),
                          s.begin() + static_cast<std::ptrdiff_t>(i + k));
            i += k;
            d.bytes_per_row = x;
            d.rows += y;
            d.band_rows.push_back(y);
            d.band_xbytes.push_back(x);
        } else if (left() >= 2 && s[i] == 0x1B && s[i + 1] == 0x64) {  // ESC d n
            if (stage != Stage::images) return fail(at, "a second ESC d");
            if (d.band_rows.empty()) return fail(at, "ESC d before any GS v 0");
            if (left() < 3) return fail(at, "ESC d is cut short");
            d.feed_lines = s[i + 2];
            i += 3;
            stage = Stage::fed;
        } else if (left() >= 3 && s[i] == 0x1D && s[i + 1] == 0x56 && s[i + 2] == 0x42) {  // GS V 66 n
            if (stage != Stage::fed) return fail(at, "GS V 66 before ESC d");
            if (left() < 4) return fail(at, "GS V 66 is cut short");
            d.cut_feed = s[i + 3];
            i += 4;
            stage = Stage::cut;
        } else {
            return fail(at, "unknown command " + hex(at, 3));
        }
    }
    if (stage != Stage::cut) return fail(s.size(), "the job ends without GS V 66 n");
    return d;
}

}  // namespace madoguchi::print::test
