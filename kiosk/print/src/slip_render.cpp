// SPDX-License-Identifier: Apache-2.0
// slip_render.cpp — see slip_render.hpp.
#include "madoguchi/print/slip_render.hpp"

#include <algorithm>
#include <cmath>

#include "madoguchi/core/qr.hpp"
#include "madoguchi/core/ui_strings.hpp"

namespace madoguchi::print {
namespace {

struct Pen {
    text::TextEngine& engine;
    text::GlyphAtlas& atlas;
    text::Bitmap8& page;
    std::string lang;
    int margin;
    int y = 0;
    int missing_glyphs = 0;

    int width() const { return page.width - 2 * margin; }

    // The page grows with the slip, doubling, up to kMaxRows. A page for the
    // longest possible slip (576 × 30,000 dots, 17 MB) zero-filled for every
    // slip cost every print its memset and wipe-on-free, and the second slip
    // of a process its page faults: it took 17–56 ms where the others take
    // about 5 (docs/performance.md).
    static constexpr int kMaxRows = 30000;
    void room(int rows) {
        const int need = std::min(kMaxRows, y + std::max(0, rows));
        if (need <= page.height) return;
        int h = std::max(page.height, 1);
        while (h < need) h = std::min(kMaxRows, h * 2);
        page.pixels.resize(static_cast<size_t>(page.width) * h, 0);
        page.height = h;
    }

    // A slip is paper: each text is cut at kMaxChars (a name is at most 300
    // in a catalogue that installs) and nothing is drawn below the page.
    static constexpr size_t kMaxChars = 1000;

    void text(const std::string& s_in, float px, text::Align align = text::Align::left, int gap_after = 0, bool phrases = false,
              const std::string& in_lang = {}) {
        if (s_in.empty() || y >= kMaxRows - 2 * margin) return;
        const std::string_view s = text::first_chars(s_in, kMaxChars);
        text::TextStyle st;
        st.size_px = px;
        st.lang = in_lang.empty() ? lang : in_lang;
        st.align = align;
        st.phrases = phrases;  // names and headings break between phrases
        st.line_spacing = 1.35f;
        auto layout = engine.layout(s, st, static_cast<float>(width()));
        room(static_cast<int>(std::ceil(layout->height)) + gap_after);
        text::draw_layout(page, *layout, atlas, static_cast<float>(margin), static_cast<float>(y));
        missing_glyphs += layout->missing_glyphs;
        y = std::min(page.height, y + static_cast<int>(std::ceil(layout->height)) + gap_after);
    }

    void rule(int thickness) {
        room(thickness);
        if (y + thickness > page.height) return;
        for (int r = 0; r < thickness; ++r)
            for (int x = margin; x < page.width - margin; ++x) page.pixels[static_cast<size_t>(y + r) * page.width + x] = 255;
        y += thickness;
    }

    // A QR symbol with its quiet zone at (x, y); returns its side in dots.
    int qr(const core::QrCode& code, int x, int module) {
        const int side = (code.size + 8) * module;
        room(side);
        if (y < 0 || y + side > page.height || x < 0 || x + side > page.width) return side;  // off the page: not drawn
        for (int my = 0; my < code.size; ++my)
            for (int mx = 0; mx < code.size; ++mx) {
                if (!code.dark(mx, my)) continue;
                for (int dy = 0; dy < module; ++dy)
                    for (int dx = 0; dx < module; ++dx)
                        page.pixels[static_cast<size_t>(y + (my + 4) * module + dy) * page.width + x + (mx + 4) * module + dx] = 255;
            }
        return side;
    }
};

}  // namespace

RenderedSlip render_slip(const core::Slip& slip, text::TextEngine& engine, text::GlyphAtlas& atlas, const SlipStyle& style) {
    RenderedSlip out;
    const int dots = style.dots > 0 ? style.dots : 576;
    const int module = std::max(4, style.module_dots);
    // Lines of the Japanese half of a bilingual slip are laid out as Japanese
    // (JP glyph forms, Japanese line breaking); the weekly rules are Japanese
    // there too, except on an English slip (slip.hpp, build_slip).
    const std::string ja = "ja";
    const std::string& hours_lang = slip.bilingual && slip.lang != "en" ? ja : slip.lang;
    const core::SlipWords& w = slip.words;
    const core::SlipWords& wj = slip.words_ja;  // empty unless bilingual
    auto labelled = [](const std::string& label, const std::string& value) { return label.empty() ? value : label + "  " + value; };
    // Sizes in dots, from the paper width: ~3.3 mm body text on 80 mm paper.
    const float body = std::round(dots * 0.042f), small = std::round(dots * 0.034f), heading = std::round(dots * 0.052f);
    text::Bitmap8 page(dots, 2048);  // grows as it is written (Pen::room), cropped at the end
    Pen pen{engine, atlas, page, slip.lang, std::max(8, dots / 48)};
    pen.y = static_cast<int>(body);

    pen.text(slip.header, heading, text::Align::center, slip.header_ja.empty() ? static_cast<int>(body * 0.6f) : 0, true);
    pen.text(slip.header_ja, body, text::Align::center, static_cast<int>(body * 0.6f), true, ja);
    for (const auto& e : slip.entries) {
        if (pen.y > Pen::kMaxRows - 4000) break;  // absurdly long slip: stop rather than overrun
        pen.rule(2);
        pen.y += static_cast<int>(body * 0.5f);
        // A name with no translation is Japanese: laid out as Japanese.
        pen.text(e.name, heading, text::Align::left, 0, true, e.name_in_japanese ? ja : slip.lang);
        pen.text(e.name_ja, body, text::Align::left, 0, true, ja);
        if (!e.organization.empty() && e.organization != e.name)
            pen.text(e.organization, small, text::Align::left, 4, false, e.organization_in_japanese ? ja : slip.lang);
        if (!e.organization_ja.empty() && e.organization_ja != e.name_ja) pen.text(e.organization_ja, small, text::Align::left, 4, false, ja);
        pen.text(core::both_languages(e.operator_note, e.operator_note_ja), small, text::Align::left, 4);
        for (const auto& p : e.phones) {
            pen.text(labelled(core::both_languages(p.label.empty() ? w.phone : p.label, p.label_ja), p.number), body);
            // Today and tomorrow first: what a visitor holding the slip asks
            // ("can I call now?"); the week's rules below stay true later.
            pen.text(p.today, small);
            pen.text(p.tomorrow, small);
            for (const auto& h : p.hours) pen.text(h, small, text::Align::left, 0, false, hours_lang);
            if (!p.say.empty()) {
                // 相手が出たら「…」: the Japanese words to read out, then what
                // they mean in the visitor's language.
                pen.text(core::both_languages(w.say, wj.say), small);
                pen.text("「" + p.say + "」", body, text::Align::left, 0, true, ja);  // phrases: never a lone 「す」」
                if (!p.say_meaning.empty()) pen.text("(" + p.say_meaning + ")", small);
            }
        }
        for (const auto& n : e.notes) {
            pen.text(n.text, small);
            pen.text(n.ja == n.text ? std::string() : n.ja, small, text::Align::left, 0, false, ja);
        }
        if (!e.website.empty()) pen.text(labelled(core::both_languages(w.website, wj.website), e.website), small);
        if (!e.email.empty()) pen.text(labelled(core::both_languages(w.email, wj.email), e.email), small);
        pen.y += static_cast<int>(body * 0.4f);

        if (style.no_qr) continue;
        // QR codes side by side: the first phone, then the website.
        struct Item {
            std::string payload, caption, caption_ja;  // caption_ja: its own line, laid out as Japanese
        };
        std::vector<Item> items;
        std::string err;
        // The first line that can be dialled (a LINE or web-form channel has no tel:).
        const auto dialable = std::find_if(e.phones.begin(), e.phones.end(), [](const core::SlipPhone& p) { return !p.tel.empty(); });
        if (dialable != e.phones.end())
            if (auto t = core::qr_tel(dialable->tel, &err)) items.push_back({*t, w.call, wj.call == w.call ? std::string() : wj.call});
        if (!e.website.empty())
            if (auto u = core::qr_url(e.website, &err)) items.push_back({*u, w.web, wj.web == w.web ? std::string() : wj.web});
        if (!err.empty() && out.error.empty()) out.error = err;
        int x = pen.margin, row_h = 0;
        const int top = pen.y;
        for (const auto& it : items) {
            auto code = core::encode_qr(it.payload, &err);
            if (!code) {
                if (out.error.empty()) out.error = err;
                continue;
            }
            const int side = (code->size + 8) * module;
            if (x + side > dots - pen.margin) {  // next row
                x = pen.margin;
                pen.y = top + row_h;
            }
            const int y0 = pen.y;
            pen.qr(*code, x, module);
            pen.y = y0 + side;
            const int cap_x = pen.margin;
            pen.margin = x;  // caption under its code
            float cap_h = 0;
            for (const std::string* caption : {&it.caption, &it.caption_ja}) {
                if (caption->empty()) continue;
                text::TextStyle st;
                st.size_px = small;
                st.lang = caption == &it.caption_ja ? ja : slip.lang;
                st.phrases = true;
                auto cap = engine.layout(*caption, st, static_cast<float>(side));
                pen.room(static_cast<int>(std::ceil(cap_h + cap->height)));
                text::draw_layout(page, *cap, atlas, static_cast<float>(x), static_cast<float>(pen.y) + cap_h);
                pen.missing_glyphs += cap->missing_glyphs;
                cap_h += cap->height;
            }
            pen.margin = cap_x;
            row_h = std::max(row_h, pen.y - top + static_cast<int>(std::ceil(cap_h)));
            pen.y = y0;
            x += side + module * 2;
            ++out.qr_codes;
        }
        pen.y = top + row_h + static_cast<int>(body * 0.5f);
    }
    pen.rule(2);
    pen.y += static_cast<int>(small * 0.5f);
    if (!slip.data_date.empty()) {
        pen.text(core::fill_placeholder(w.as_of, "date", slip.data_date), small);
        if (slip.bilingual && wj.as_of != w.as_of) pen.text(core::fill_placeholder(wj.as_of, "date", slip.data_date), small, text::Align::left, 0, false, ja);
    }
    pen.y += static_cast<int>(body);

    pen.room(0);  // the blank bottom margin is part of the slip
    page.height = std::min(page.height, pen.y);
    page.pixels.resize(static_cast<size_t>(page.width) * page.height);
    out.missing_glyphs = pen.missing_glyphs;
    out.raster = threshold(page);
    out.coverage = std::move(page);
    return out;
}

}  // namespace madoguchi::print
