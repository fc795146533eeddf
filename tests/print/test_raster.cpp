// SPDX-License-Identifier: Apache-2.0
// test_raster.cpp — Raster1 bit layout, threshold (text) and dither (images).
#include <doctest/doctest.h>

#include "madoguchi/print/raster.hpp"

using namespace madoguchi::print;
using madoguchi::text::Bitmap8;

namespace {

double black_fraction(const Raster1& r) {
    long black = 0;
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x) black += r.get(x, y);
    return static_cast<double>(black) / (static_cast<double>(r.width) * r.height);
}

Bitmap8 flat(int w, int h, uint8_t v) {
    Bitmap8 b(w, h);
    std::fill(b.pixels.begin(), b.pixels.end(), v);
    return b;
}

// A glyph-like picture: solid strokes (255) with anti-aliased edges.
Bitmap8 strokes() {
    Bitmap8 b(40, 20);
    for (int y = 2; y < 18; ++y) {
        b.pixels[static_cast<size_t>(y) * 40 + 5] = 255;
        b.pixels[static_cast<size_t>(y) * 40 + 6] = 255;
        b.pixels[static_cast<size_t>(y) * 40 + 4] = 90;   // faint edge
        b.pixels[static_cast<size_t>(y) * 40 + 7] = 200;  // strong edge
    }
    for (int x = 10; x < 30; ++x) b.pixels[10 * 40 + static_cast<size_t>(x)] = 255;
    return b;
}

}  // namespace

TEST_CASE("Raster1: MSB is the leftmost dot, rows are padded to whole bytes") {
    Raster1 r(10, 3);
    CHECK(r.stride() == 2);
    CHECK(r.bits.size() == 6);
    r.set(0, 0, true);
    r.set(9, 2, true);
    CHECK(r.bits[0] == 0x80);
    CHECK(r.bits[5] == 0x40);  // dot 9 = second bit of the row's second byte
    CHECK(r.get(0, 0));
    CHECK(r.get(9, 2));
    CHECK_FALSE(r.get(1, 0));
    r.set(0, 0, false);
    CHECK(r.bits[0] == 0x00);
    // Out of range: reads as paper, writes are ignored.
    r.set(10, 0, true);
    r.set(-1, 0, true);
    r.set(0, 3, true);
    CHECK_FALSE(r.get(10, 0));
    CHECK_FALSE(r.get(-1, 0));
    CHECK(r.bits == std::vector<uint8_t>{0, 0, 0, 0, 0, 0x40});
    CHECK(Raster1(-5, 4).bits.empty());
}

TEST_CASE("threshold: 0/255 coverage maps exactly to paper/ink") {
    const Bitmap8 b = strokes();
    const Raster1 r = threshold(b);
    REQUIRE(r.width == 40);
    REQUIRE(r.height == 20);
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 40; ++x) {
            CAPTURE(x);
            CAPTURE(y);
            CHECK(r.get(x, y) == (b.at(x, y) >= 128));
        }
    // The faint edge (90) is dropped, the strong one (200) kept: crisp strokes.
    CHECK_FALSE(r.get(4, 5));
    CHECK(r.get(7, 5));
}

TEST_CASE("threshold: the level") {
    Bitmap8 b(4, 1);
    b.pixels = {0, 127, 128, 255};
    CHECK(threshold(b).bits == std::vector<uint8_t>{0x30});      // default 128: 128 and 255
    CHECK(threshold(b, 1).bits == std::vector<uint8_t>{0x70});   // everything but paper
    CHECK(threshold(b, 255).bits == std::vector<uint8_t>{0x10}); // full ink only
}

TEST_CASE("dither: flat greys keep their darkness") {
    CHECK(black_fraction(dither(flat(200, 200, 0))) == 0.0);
    CHECK(black_fraction(dither(flat(200, 200, 255))) == 1.0);
    const double mid = black_fraction(dither(flat(200, 200, 128)));
    CHECK(mid > 0.48);
    CHECK(mid < 0.52);
    const double quarter = black_fraction(dither(flat(200, 200, 64)));
    CHECK(quarter > 0.23);
    CHECK(quarter < 0.27);
    // Unlike threshold, which turns a mid grey all black and a light one all white.
    CHECK(black_fraction(threshold(flat(200, 200, 128))) == 1.0);
    CHECK(black_fraction(threshold(flat(200, 200, 64))) == 0.0);
}

TEST_CASE("dither: a mid grey alternates instead of forming solid runs") {
    const Raster1 r = dither(flat(64, 64, 128));
    int longest = 0;
    for (int y = 0; y < r.height; ++y) {
        int run = 0;
        for (int x = 0; x < r.width; ++x) {
            run = r.get(x, y) ? run + 1 : 0;
            longest = std::max(longest, run);
        }
    }
    CHECK(longest <= 2);
}

TEST_CASE("dither: pure 0/255 pictures (text) come out as with threshold") {
    const Bitmap8 b = [] {
        Bitmap8 t = strokes();
        for (auto& p : t.pixels) p = p >= 128 ? 255 : 0;
        return t;
    }();
    CHECK(dither(b) == threshold(b));
}
