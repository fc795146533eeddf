// bundle_slip_command.cpp — `madoguchi-bundle slip`: renders the take-away slip
// for chosen services to a PNG preview and to the ESC/POS bytes a printer gets.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/slip.hpp"
#include "madoguchi/print/escpos.hpp"
#include "madoguchi/print/slip_render.hpp"
#include "madoguchi/text/bitmap_target.hpp"
#include "madoguchi/text/font_set.hpp"

using namespace madoguchi;

int cmd_slip(const std::string& catalogue_path, const std::string& services, int dots, const std::string& lang,
             const std::string& header, const std::string& png, const std::string& escpos) {
    std::string err;
    auto cat = core::Catalogue::open(catalogue_path, &err);
    if (!cat) {
        std::cerr << "madoguchi-bundle: " << err << "\n";
        return 1;
    }
    std::vector<std::string> ids;
    std::stringstream ss(services);
    for (std::string id; std::getline(ss, id, ',');)
        if (!id.empty()) ids.push_back(id);
    core::Slip slip = core::build_slip(*cat, ids, {.lang = lang, .header = header});
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
        text::Bitmap8 dots_img(r.raster.width, r.raster.height);
        for (int y = 0; y < r.raster.height; ++y)
            for (int x = 0; x < r.raster.width; ++x) dots_img.pixels[static_cast<size_t>(y) * dots_img.width + x] = r.raster.get(x, y) ? 255 : 0;
        if (std::string e = text::write_png(dots_img, png); !e.empty()) {
            std::cerr << "madoguchi-bundle: " << e << "\n";
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
