// SPDX-License-Identifier: Apache-2.0
// The take-away slip end to end: sample services → layout → 1-bit raster →
// ESC/POS, read back by the test's own decoder, and every QR code scanned by
// zbarimg to exactly its payload; the slip in each of the kiosk's nine
// languages (bilingual where the language is not Japanese) likewise.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>

#include "escpos_decoder.hpp"
#include "madoguchi/core/bundle_build.hpp"
#include "madoguchi/core/qr.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/print/escpos.hpp"
#include "madoguchi/print/slip_render.hpp"
#include "madoguchi/text/font_set.hpp"

using namespace madoguchi;

namespace {

std::set<std::string> scan(const std::string& png) {
    FILE* p = popen(("zbarimg --nodbus --quiet --raw -Sdisable -Sqrcode.enable '" + png + "' 2>/dev/null").c_str(), "r");
    REQUIRE(p);
    std::set<std::string> found;
    char line[4096];
    while (fgets(line, sizeof line, p)) {
        std::string s = line;
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        found.insert(s);
    }
    pclose(p);
    return found;
}

}  // namespace

TEST_CASE("slip: three sample services print, decode and scan") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("madoguchi-slip-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    REQUIRE(core::build_bundle(MADOGUCHI_SAMPLE_DIR, (dir / "c.sqlite").string(), {.created = "2026-11-21T00:00:00Z"}).ok);
    std::string err;
    auto cat = core::Catalogue::open((dir / "c.sqlite").string(), &err);
    REQUIRE_MESSAGE(cat, err);
    auto fonts = text::FontSet::load({}, &err);
    REQUIRE_MESSAGE(fonts, err);
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);

    const core::Slip slip = core::build_slip(*cat, {"oneness-consult", "aa-meetings", "darc-facilities"});
    REQUIRE(slip.entries.size() == 3);
    const std::set<std::string> expected = {"tel:0120111351", "https://oneness-g.com/", "https://aajapan.org/new_offices/",
                                            "http://jcca-catholic.jp/index.html"};
    for (int dots : {384, 512, 576}) {
        CAPTURE(dots);
        print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = dots, .module_dots = 0, .no_qr = false});
        CHECK(r.error.empty());
        CHECK(r.raster.width == dots);
        CHECK(r.qr_codes == 4);
        CHECK(r.raster.height > 400);

        // The printer's bytes, read back by the test's own decoder, are the raster.
        const auto job = print::encode_escpos(r.raster);
        const auto decoded = print::test::decode_escpos_job(job);
        REQUIRE_MESSAGE(decoded.error.empty(), decoded.error);
        CHECK(decoded.rows == r.raster.height);
        CHECK(decoded.bytes_per_row == r.raster.stride());
        CHECK(decoded.bits == r.raster.bits);
        for (int rows : decoded.band_rows) CHECK(rows <= 256);

        // What the paper shows scans to exactly the payloads, and nothing else.
        text::Bitmap8 img(r.raster.width, r.raster.height);
        for (int y = 0; y < img.height; ++y)
            for (int x = 0; x < img.width; ++x) img.pixels[static_cast<size_t>(y) * img.width + x] = r.raster.get(x, y) ? 255 : 0;
        const std::string png = (dir / ("slip-" + std::to_string(dots) + ".png")).string();
        REQUIRE(text::write_png(img, png).empty());
        CHECK(scan(png) == expected);
    }
    // A slip without QR codes has none to scan.
    print::RenderedSlip plain = print::render_slip(slip, engine, atlas, {.dots = 576, .module_dots = 0, .no_qr = true});
    CHECK(plain.qr_codes == 0);
    text::Bitmap8 img(plain.raster.width, plain.raster.height);
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) img.pixels[static_cast<size_t>(y) * img.width + x] = plain.raster.get(x, y) ? 255 : 0;
    REQUIRE(text::write_png(img, (dir / "plain.png").string()).empty());
    CHECK(scan((dir / "plain.png").string()).empty());
    // Text is thresholded: the 1-bit raster has only what coverage ≥ 50 % gave.
    CHECK(std::count(plain.coverage.pixels.begin(), plain.coverage.pixels.end(), 0) > 0);
    fs::remove_all(dir);
}

TEST_CASE("slip: in each of the nine languages, with Japanese beside the others, no tofu, and every QR code scans") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("madoguchi-slip-langs-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    REQUIRE(core::build_bundle(MADOGUCHI_SAMPLE_DIR, (dir / "c.sqlite").string(), {.created = "2026-11-21T00:00:00Z"}).ok);
    std::string err;
    auto cat = core::Catalogue::open((dir / "c.sqlite").string(), &err);
    REQUIRE_MESSAGE(cat, err);
    auto fonts = text::FontSet::load({}, &err);
    REQUIRE_MESSAGE(fonts, err);
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    std::vector<std::string> messages;
    const core::UiStrings strings = core::UiStrings::load_dir(std::string(MADOGUCHI_ASSETS_DIR) + "/strings", &messages);
    REQUIRE(messages.empty());
    const std::set<std::string> expected = {"tel:0120111351", "https://oneness-g.com/", "https://aajapan.org/new_offices/",
                                            "http://jcca-catholic.jp/index.html"};
    int ja_height[2] = {0, 0};
    for (const std::string_view lang_view : core::kLanguages) {
        const std::string lang(lang_view);
        CAPTURE(lang);
        const core::Slip slip = core::build_slip(*cat, {"oneness-consult", "aa-meetings", "darc-facilities"},
                                                 {.lang = lang,
                                                  .header = "",
                                                  .words = core::slip_words(strings, lang),
                                                  .words_ja = core::slip_words(strings, "ja"),
                                                  .today = core::parse_date("2026-11-20")});
        CHECK(slip.bilingual == (lang != "ja" && lang != "ja-x-easy"));
        for (int i = 0; i < 2; ++i) {
            const int dots = i == 0 ? 576 : 384;
            CAPTURE(dots);
            print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = dots, .module_dots = 0, .no_qr = false});
            CHECK(r.error.empty());
            CHECK(r.missing_glyphs == 0);  // every word drawn, in Devanagari, Hangul, Vietnamese and Japanese alike
            CHECK(r.qr_codes == 4);
            // Receipt paper is narrow: the Japanese half may lengthen a slip,
            // not double it.
            if (lang == "ja") ja_height[i] = r.raster.height;
            else CHECK(r.raster.height < ja_height[i] * 17 / 10);
            text::Bitmap8 img(r.raster.width, r.raster.height);
            for (int y = 0; y < img.height; ++y)
                for (int x = 0; x < img.width; ++x) img.pixels[static_cast<size_t>(y) * img.width + x] = r.raster.get(x, y) ? 255 : 0;
            const std::string png = (dir / ("slip-" + lang + "-" + std::to_string(dots) + ".png")).string();
            REQUIRE(text::write_png(img, png).empty());
            CHECK(scan(png) == expected);
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("slip: notes of an entry (a fact, a contact without voice) print in both languages, within the page") {
    std::string err;
    auto fonts = text::FontSet::load({}, &err);
    REQUIRE_MESSAGE(fonts, err);
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    core::Slip slip;
    slip.lang = "ne";
    slip.bilingual = true;
    slip.header = "सम्पर्क विवरण";
    slip.header_ja = "お問い合わせ先のメモ";
    core::SlipEntry e;
    e.name = "ワンネス財団";
    e.phones.push_back({"0120-111-351", "फोन", {"月〜金 10:00〜17:00"}, "tel:0120111351", "相談ダイヤル", "आज / 今日  10:00–17:00", "भोलि / 明日  बन्द / お休み"});
    slip.entries.push_back(e);
    const int without = print::render_slip(slip, engine, atlas, {.dots = 384, .module_dots = 0, .no_qr = true}).raster.height;
    slip.entries[0].notes.push_back({"नाम नभनी सल्लाह लिन सकिन्छ", "匿名で相談できます"});
    print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = 384, .module_dots = 0, .no_qr = true});
    CHECK(r.missing_glyphs == 0);
    CHECK(r.raster.height > without);  // the note's two lines are on the paper
}

TEST_CASE("slip: absurd content renders, cut, on a bounded page (a 300,000-character name, a long list)") {
    std::string err;
    auto fonts = text::FontSet::load({}, &err);
    REQUIRE_MESSAGE(fonts, err);
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    core::Slip slip;
    slip.lang = "ja";
    slip.header = "お問い合わせ先のメモ";
    slip.data_date = "2026-12-05";
    std::string huge;
    for (int i = 0; i < 300000; ++i) huge += "長";
    for (int k = 0; k < 3; ++k) {
        core::SlipEntry e;
        e.service_id = "s" + std::to_string(k);
        e.name = huge;
        e.organization = huge;
        e.website = "https://example.org/";
        e.phones.push_back({"0120-111-351", "電話", {}, "tel:0120111351"});
        slip.entries.push_back(e);
    }
    print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = 576, .module_dots = 0, .no_qr = false});
    // Nothing was drawn outside the page (the sanitizer build would stop on an
    // overrun, as it did before the cut); the page stays within its maximum.
    CHECK(r.raster.width == 576);
    CHECK(r.raster.height > 0);
    CHECK(r.raster.height <= 30000);
    // Each text is cut at 1,000 characters: all three entries fit, with their
    // QR codes (uncut, the first name alone filled the whole page).
    CHECK(r.qr_codes == 6);
}

TEST_CASE("slip: a slip longer than the first page grows to hold all of it, its last line included") {
    std::string err;
    auto fonts = text::FontSet::load({}, &err);
    REQUIRE_MESSAGE(fonts, err);
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    core::Slip slip;
    slip.lang = "ja";
    slip.header = "お問い合わせ先のメモ";
    slip.data_date = "2026-12-05";
    slip.words.as_of = "この情報は {date} 時点のものです。";
    for (int k = 0; k < 20; ++k) {
        core::SlipEntry e;
        e.service_id = "s" + std::to_string(k);
        e.name = "相談窓口 " + std::to_string(k);
        e.website = "https://example.org/" + std::to_string(k);
        e.phones.push_back({"0120-111-351", "電話", {"月〜金 10:00〜17:00"}, "tel:0120111351"});
        slip.entries.push_back(e);
    }
    print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = 576, .module_dots = 0, .no_qr = false});
    // The page starts at 2,048 rows (Pen::room); twenty entries with two QR
    // codes each need it doubled twice, and every code is on the paper.
    CHECK(r.qr_codes == 40);
    CHECK(r.raster.height > 2 * 2048);
    CHECK(r.coverage.height == r.raster.height);
    // The date line is the last thing printed: ink in the slip's last rows,
    // above a blank margin.
    auto ink_in_rows = [&](int from, int to) {
        for (int y = std::max(0, from); y < to; ++y)
            for (int x = 0; x < r.coverage.width; ++x)
                if (r.coverage.at(x, y) > 128) return true;
        return false;
    };
    CHECK(ink_in_rows(r.coverage.height - 120, r.coverage.height - 10));
    CHECK_FALSE(ink_in_rows(r.coverage.height - 8, r.coverage.height));
}

TEST_CASE("slip: what to say when someone answers adds its lines, in Japanese, with its meaning on a bilingual slip") {
    std::string err;
    auto fonts = text::FontSet::load({}, &err);
    REQUIRE_MESSAGE(fonts, err);
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    core::Slip slip;
    slip.lang = "en";
    slip.bilingual = true;
    slip.words.say = "When someone answers, you can say";
    slip.words_ja.say = "相手が出たら、こう言えば伝わります";
    core::SlipEntry e;
    e.name = "Gambling addiction treatment unit";
    e.phones.push_back({"046-848-1550", "Main number", {}, "tel:0468481550"});
    slip.entries.push_back(e);
    const int without = print::render_slip(slip, engine, atlas, {.dots = 384, .module_dots = 0, .no_qr = true}).raster.height;
    slip.entries[0].phones[0].say = "ギャンブル依存治療部門の受診の予約をしたいです";
    const int japanese_only = print::render_slip(slip, engine, atlas, {.dots = 384, .module_dots = 0, .no_qr = true}).raster.height;
    slip.entries[0].phones[0].say_meaning = "I would like to book a first visit to the gambling addiction unit";
    print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = 384, .module_dots = 0, .no_qr = true});
    CHECK(r.missing_glyphs == 0);
    CHECK(japanese_only > without);       // the label and the words
    CHECK(r.raster.height > japanese_only);  // and their meaning
}
