// SPDX-License-Identifier: Apache-2.0
// raster.cpp — coverage (8-bit) to dots (1-bit): threshold for text, dither for images.
#include "madoguchi/print/raster.hpp"

#include <algorithm>

namespace madoguchi::print {

Raster1::Raster1(int w, int h)
    : width(std::max(w, 0)), height(std::max(h, 0)),
      bits(static_cast<size_t>(stride()) * static_cast<size_t>(height), 0) {}

bool Raster1::get(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) return false;
    const size_t i = static_cast<size_t>(y) * stride() + static_cast<size_t>(x >> 3);
    return i < bits.size() && (bits[i] & (0x80u >> (x & 7))) != 0;
}

void Raster1::set(int x, int y, bool black) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const size_t i = static_cast<size_t>(y) * stride() + static_cast<size_t>(x >> 3);
    if (i >= bits.size()) return;
    const auto mask = static_cast<uint8_t>(0x80u >> (x & 7));
    bits[i] = black ? static_cast<uint8_t>(bits[i] | mask) : static_cast<uint8_t>(bits[i] & ~mask);
}

Raster1 threshold(const text::Bitmap8& coverage, uint8_t level) {
    const unsigned cut = level == 0 ? 128u : level;
    Raster1 r(coverage.width, coverage.height);
    if (coverage.pixels.size() < static_cast<size_t>(r.width) * r.height) return r;
    for (int y = 0; y < r.height; ++y) {
        const uint8_t* src = &coverage.pixels[static_cast<size_t>(y) * r.width];
        uint8_t* row = &r.bits[static_cast<size_t>(y) * r.stride()];
        for (int x = 0; x < r.width; ++x)
            if (src[x] >= cut) row[x >> 3] = static_cast<uint8_t>(row[x >> 3] | (0x80u >> (x & 7)));
    }
    return r;
}

Raster1 dither(const text::Bitmap8& coverage) {
    Raster1 r(coverage.width, coverage.height);
    const int w = r.width;
    if (w == 0 || coverage.pixels.size() < static_cast<size_t>(w) * r.height) return r;
    // Two rows of diffused error (coverage units; float so that nothing is lost
    // to integer division), with a guard cell on each side so the x-1 / x+1
    // neighbours need no bounds checks.
    std::vector<float> cur(static_cast<size_t>(w) + 2, 0.f), next(static_cast<size_t>(w) + 2, 0.f);
    for (int y = 0; y < r.height; ++y) {
        std::fill(next.begin(), next.end(), 0.f);
        const uint8_t* src = &coverage.pixels[static_cast<size_t>(y) * w];
        uint8_t* row = &r.bits[static_cast<size_t>(y) * r.stride()];
        for (int x = 0; x < w; ++x) {
            const size_t i = static_cast<size_t>(x) + 1;  // x in the guarded rows
            const float v = static_cast<float>(src[x]) + cur[i];
            const bool black = v >= 128.f;
            if (black) row[x >> 3] = static_cast<uint8_t>(row[x >> 3] | (0x80u >> (x & 7)));
            const float err = v - (black ? 255.f : 0.f);
            cur[i + 1] += err * (7.f / 16.f);
            next[i - 1] += err * (3.f / 16.f);
            next[i] += err * (5.f / 16.f);
            next[i + 1] += err * (1.f / 16.f);
        }
        std::swap(cur, next);
    }
    return r;
}

}  // namespace madoguchi::print
