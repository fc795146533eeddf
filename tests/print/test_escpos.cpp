// SPDX-License-Identifier: Apache-2.0
// test_escpos.cpp — the ESC/POS job, read back by the spec decoder; the
// decoder's own strictness; the DLE EOT 4 status byte.
#include <doctest/doctest.h>

#include "escpos_decoder.hpp"
#include "madoguchi/print/escpos.hpp"
#include "print_test_support.hpp"

using namespace madoguchi::print;
using namespace madoguchi::print::test;

namespace {

std::vector<int> expected_bands(int height, int band) {
    std::vector<int> out;
    for (int y = 0; y < height; y += band) out.push_back(std::min(band, height - y));
    return out;
}

}  // namespace

TEST_CASE("encode_escpos: the decoder rebuilds every raster exactly") {
    for (int width : {384, 512, 576, 100}) {
        for (int height : {1, 255, 256, 257, 1000}) {
            CAPTURE(width);
            CAPTURE(height);
            const Raster1 slip = random_raster(width, height, static_cast<uint32_t>(width * 7919 + height));
            const DecodedJob d = decode_escpos_job(encode_escpos(slip));
            REQUIRE(d.error == "");
            for (int x : d.band_xbytes) CHECK(x == slip.stride());  // xL + 256·xH = bytes per row
            for (int y : d.band_rows) CHECK(y <= 256);                // yL + 256·yH ≤ 256
            CHECK(d.band_rows == expected_bands(height, 256));
            CHECK(d.feed_lines == 4);
            CHECK(d.cut_feed == 3);
            Raster1 rebuilt(width, d.rows);
            REQUIRE(rebuilt.bits.size() == d.bits.size());
            rebuilt.bits = d.bits;
            CHECK(rebuilt == slip);
        }
    }
}

TEST_CASE("encode_escpos: exact bytes of a tiny job") {
    Raster1 r(10, 2);  // 2 bytes per row; dots 0 and 9 of row 0, dot 1 of row 1
    r.set(0, 0, true);
    r.set(9, 0, true);
    r.set(1, 1, true);
    const std::vector<uint8_t> expected = {
        0x1B, 0x40,                                            // ESC @
        0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00,        // GS v 0, m 0, x = 2, y = 2
        0x80, 0x40, 0x40, 0x00,                                // rows, MSB = leftmost
        0x1B, 0x64, 0x04,                                      // ESC d 4
        0x1D, 0x56, 0x42, 0x03,                                // GS V 66 3
    };
    CHECK(encode_escpos(r) == expected);
}

TEST_CASE("encode_escpos: options") {
    const Raster1 slip = random_raster(384, 600);
    SUBCASE("band_rows, feed_lines and cut_feed are used") {
        const DecodedJob d = decode_escpos_job(encode_escpos(slip, {.band_rows = 100, .feed_lines = 7, .cut_feed = 20}));
        REQUIRE(d.error == "");
        CHECK(d.band_rows == expected_bands(600, 100));
        CHECK(d.feed_lines == 7);
        CHECK(d.cut_feed == 20);
    }
    SUBCASE("larger values are cut to what the commands allow") {
        const DecodedJob d = decode_escpos_job(encode_escpos(slip, {.band_rows = 5000, .feed_lines = 999, .cut_feed = 300}));
        REQUIRE(d.error == "");
        CHECK(d.band_rows == expected_bands(600, 256));
        CHECK(d.feed_lines == 255);
        CHECK(d.cut_feed == 255);
    }
    SUBCASE("a band height above 255 rows uses yH") {
        const auto job = encode_escpos(random_raster(8, 256));
        REQUIRE(job.size() > 10);
        CHECK(job[8] == 0x00);  // yL
        CHECK(job[9] == 0x01);  // yH: 256 rows
    }
}

TEST_CASE("encode_escpos: a malformed raster gives no job") {
    Raster1 wrong_size(16, 4);
    wrong_size.bits.pop_back();
    Raster1 negative;
    negative.width = -8;
    negative.height = 2;
    CHECK(encode_escpos(Raster1{}).empty());
    CHECK(encode_escpos(Raster1(16, 0)).empty());
    CHECK(encode_escpos(wrong_size).empty());
    CHECK(encode_escpos(negative).empty());
}

TEST_CASE("the decoder is strict") {
    const std::vector<uint8_t> good = encode_escpos(random_raster(16, 3));  // 2 + 8 + 6 + 3 + 4 = 23 bytes
    REQUIRE(good.size() == 23);
    REQUIRE(decode_escpos_job(good).error == "");

    auto with = [&](size_t at, std::vector<uint8_t> insert) {
        auto s = good;
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), insert.begin(), insert.end());
        return s;
    };
    auto replaced = [&](size_t at, uint8_t v) {
        auto s = good;
        s[at] = v;
        return s;
    };
    auto cut_at = [&](size_t n) { return std::vector<uint8_t>(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)); };
    auto band = [](int x, int y) {  // a GS v 0 with x·y zero bytes
        std::vector<uint8_t> b = {0x1D, 0x76, 0x30, 0x00, static_cast<uint8_t>(x & 0xFF), static_cast<uint8_t>(x >> 8),
                                  static_cast<uint8_t>(y & 0xFF), static_cast<uint8_t>(y >> 8)};
        b.resize(b.size() + static_cast<size_t>(x) * y, 0);
        return b;
    };

    struct Case {
        const char* what;
        std::vector<uint8_t> stream;
        std::string error;
    };
    const Case cases[] = {
        {"ESC ! (printer font mode)", with(2, {0x1B, 0x21, 0x00}), "offset 2: unknown command 1B 21 00"},
        {"FS & (Kanji mode)", with(2, {0x1C, 0x26}), "offset 2: unknown command 1C 26 1D"},
        {"plain text", with(16, {'A'}), "offset 16: unknown command 41 1B 64"},
        {"a second ESC @", with(16, {0x1B, 0x40}), "offset 16: unknown command 1B 40 1B"},
        {"GS v 0 in mode 1", replaced(5, 0x01), "offset 2: GS v 0 mode 1 (only 0, normal size)"},
        {"GS v 0 in mode 48", replaced(5, 0x30), "offset 2: GS v 0 mode 48 (only 0, normal size)"},
        {"a band of 257 rows", with(16, band(2, 257)), "offset 16: GS v 0 band of 257 rows (at most 256)"},
        {"a band of another width", with(16, band(3, 1)), "offset 16: GS v 0 row width changes from 2 to 3 bytes"},
        {"an empty band", with(16, band(0, 1)), "offset 16: GS v 0 with no data (k = 0)"},
        {"band data cut short", cut_at(14), "offset 2: GS v 0 announces 6 data bytes, 4 follow"},
        {"header cut short", cut_at(7), "offset 2: GS v 0 header is cut short"},
        {"no ESC @", std::vector<uint8_t>(good.begin() + 2, good.end()), "offset 0: the job must start with ESC @"},
        {"no cut", cut_at(19), "offset 19: the job ends without GS V 66 n"},
        {"a byte after the cut", with(23, {0x0A}), "offset 23: bytes after the cut: 0A"},
        {"feed before any image", std::vector<uint8_t>{0x1B, 0x40, 0x1B, 0x64, 0x04, 0x1D, 0x56, 0x42, 0x03},
         "offset 2: ESC d before any GS v 0"},
        {"image after the feed", with(19, band(2, 1)), "offset 19: GS v 0 after ESC d"},
        {"cut before the feed", with(16, {0x1D, 0x56, 0x42, 0x03}), "offset 16: GS V 66 before ESC d"},
        {"GS V 0 (another cut mode)", replaced(21, 0x30), "offset 19: unknown command 1D 56 30"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CHECK(decode_escpos_job(c.stream).error == c.error);
    }
}

TEST_CASE("parse_paper_status: DLE EOT 4 reply bits") {
    struct Row {
        uint8_t reply;
        PaperStatus expected;
    };
    const Row rows[] = {
        {0x12, PaperStatus::ok},        // fixed bits only: paper adequate, present
        {0x1E, PaperStatus::near_end},  // bits 2-3: near-end sensor
        {0x16, PaperStatus::near_end},  // only bit 2
        {0x1A, PaperStatus::near_end},  // only bit 3
        {0x72, PaperStatus::out},       // bits 5-6: paper end sensor
        {0x7E, PaperStatus::out},       // end and near end
        {0x32, PaperStatus::out},       // only bit 5
        {0x52, PaperStatus::out},       // only bit 6
        {0x00, PaperStatus::unknown},   // bits 1 and 4 must be on
        {0x02, PaperStatus::unknown},   // bit 4 off
        {0x10, PaperStatus::unknown},   // bit 1 off
        {0x13, PaperStatus::unknown},   // bit 0 on
        {0x92, PaperStatus::unknown},   // bit 7 on
        {0xFF, PaperStatus::unknown},
    };
    for (const Row& r : rows) {
        CAPTURE(static_cast<int>(r.reply));
        CHECK(to_string(parse_paper_status(r.reply)) == to_string(r.expected));
    }
}
