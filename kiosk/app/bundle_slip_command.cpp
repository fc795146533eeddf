// SPDX-License-Identifier: Apache-2.0
// bundle_slip_command.cpp — `madoguchi-bundle slip`: renders the take-away slip
// for chosen services to a PNG preview and to the ESC/POS bytes a printer gets.
#include <cstdio>
#include <ctime>
#include <optional>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/print/escpos.hpp"
#include "madoguchi/print/printer.hpp"
#include "madoguchi/print/slip_render.hpp"
#include "madoguchi/text/bitmap_target.hpp"
#include "madoguchi/text/font_set.hpp"

using namespace madoguchi;

int cmd_slip(const std::string& catalogue_path, const std::string& services, int dots, const std::string& lang,
             const std::string& header, const std::string& strings_dir, const std::string& date, const std::string& png,
             const std::string& escpos) {
    std::string err;
    // The slip's words are the kiosk's (assets/strings), as a visitor's slip.
    std::vector<std::string> messages;
    const core::UiStrings strings = core::UiStrings::load_dir(strings_dir, &messages);
    for (const auto& m : messages) std::cerr << "madoguchi-bundle: " << m << "\n";
    if (strings.languages().empty()) {
        std::cerr << "madoguchi-bundle: no strings in " << strings_dir << " (the kiosk's assets/strings; --strings DIR)\n";
        return 1;
    }
    std::optional<core::CivilDate> today;
    if (date.empty()) {
        const std::time_t t = std::time(nullptr);
        std::tm tm{};
        localtime_r(&t, &tm);
        today = core::CivilDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    } else if (!(today = core::parse_date(date))) {
        std::cerr << "madoguchi-bundle: --date \"" << date << "\" is not a date (YYYY-MM-DD)\n";
        return 2;
    }
    auto cat = core::Catalogue::open(catalogue_path, &err);
    if (!cat) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 1;
    }
    std::vector<std::string> ids;
    std::stringstream ss(services);
    for (std::string id; std::getline(ss, id, ',');)
        if (!id.empty()) ids.push_back(id);
    core::Slip slip = core::build_slip(*cat, ids,
                                       {.lang = lang,
                                        .header = header,
                                        .words = core::slip_words(strings, lang),
                                        .words_ja = core::slip_words(strings, "ja"),
                                        .today = today});
    if (slip.entries.size() != ids.size()) {
        for (const auto& id : ids) {
            bool found = false;
            for (const auto& e : slip.entries) found = found || e.service_id == id;
            if (!found) std::cerr << "madoguchi-bundle: no service with id \"" << id << "\" (left off the slip)\n";
        }
    }
    if (slip.entries.empty()) return 1;
    auto fonts = text::FontSet::load({}, &err);
    if (!fonts) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 3;
    }
    text::TextEngine engine(*fonts);
    text::GlyphAtlas atlas(*fonts);
    print::RenderedSlip r = print::render_slip(slip, engine, atlas, {.dots = dots, .module_dots = 0, .no_qr = false});
    if (!r.error.empty()) std::cerr << "madoguchi-bundle: " << r.error << "\n";
    if (!png.empty()) {
        // The preview shows exactly the dots the printer gets (the 1-bit raster).
        print::PrinterConfig preview;
        preview.kind = print::PrinterConfig::Kind::png;
        preview.target = png;
        preview.dots = r.raster.width;
        if (auto o = print::print_raster(preview, r.raster); o.result != print::PrintOutcome::Result::printed) {
            std::cerr << "madoguchi-bundle: cannot write " << png << ": " << o.message << "\n";
            return 3;
        }
    }
    if (!escpos.empty()) {
        const std::vector<uint8_t> bytes = print::encode_escpos(r.raster);
        std::ofstream out(escpos, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::cerr << "madoguchi-bundle: cannot write " << escpos << "\n";
            return 3;
        }
    }
    std::cout << "slip: " << slip.entries.size() << " services, " << r.qr_codes << " QR codes, " << r.raster.width << "x"
              << r.raster.height << " dots\n";
    return 0;
}
