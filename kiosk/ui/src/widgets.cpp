// SPDX-License-Identifier: Apache-2.0
// widgets.cpp — what several screens draw: headings, labels, text sections
// with their translation notes, language buttons and QR codes.
#include <algorithm>
#include <ctime>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

// Each language's name in its own language (the picker must be readable by
// someone who reads only that language). The kiosk's own languages by the
// names it chose; any other tag of the data (an imported "zh", "es") by ICU's
// name of it in that language.
std::string language_name(std::string_view code) {
    if (code == "ja") return "日本語";
    if (code == "ja-x-easy") return "やさしい にほんご";
    if (code == "en") return "English";
    if (code == "zh-Hans") return "简体中文";
    if (code == "ko") return "한국어";
    if (code == "vi") return "Tiếng Việt";
    if (code == "pt-BR") return "Português";
    if (code == "ne") return "नेपाली";
    if (code == "tl") return "Tagalog";
    return core::language_endonym(code);
}

std::string replace_n(std::string s, long long n) {
    const auto at = s.find("{n}");
    if (at != std::string::npos) s.replace(at, 3, std::to_string(n));
    return s;
}

core::LocalDateTime local_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return core::LocalDateTime{{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour * 60 + tm.tm_min};
}

float heading(Kiosk& k, std::string_view s, const Rect& c, float y) {
    TextOpts o;
    o.size_mm = theme::mm::heading;
    o.phrases = true;
    return k.ui.text(s, c.x, y, c.w, o) + k.ui.mm(6);
}

bool lang_button(Kiosk& k, const std::string& name, const Rect& r, const std::string& code, bool on) {
    const bool hit = k.ui.target(name, r);
    k.ui.set_label(language_name(code));
    k.ui.fill(r, on ? k.P().chip_on : k.P().surface, theme::mm::radius);
    if (!on) k.ui.stroke(r, k.P().border, theme::mm::radius);
    if (k.ui.pressed(name)) k.ui.fill(r, theme::pressed, theme::mm::radius);
    TextOpts o;
    o.size_mm = theme::mm::small;
    o.lang = code;
    o.align = text::Align::center;
    o.color = on ? k.P().accent_text : k.P().text;
    o.max_lines = 2;
    const float h = k.ui.text_height(language_name(code), r.w - k.ui.mm(4), o);
    k.ui.text(language_name(code), r.x + k.ui.mm(2), r.cy() - h / 2, r.w - k.ui.mm(4), o);
    return hit;
}

float label(Kiosk& k, std::string_view s, float x, float y, float w) {
    TextOpts o;
    o.size_mm = theme::mm::small;
    o.color = k.P().accent;
    return k.ui.text(s, x, y, w, o) + k.ui.mm(1);
}

void section(Kiosk& k, std::string_view title, const core::LocalizedText& body, float x, float& y, float w) {
    if (body.text.empty()) return;
    y += label(k, title, x, y, w);
    y += k.ui.text(body.text, x, y, w) + k.ui.mm(1);
    if (body.fallback) y += fallback_marker(k, x, y, w);
    original_block(k, std::string(title), body, x, y, w);
    y += k.ui.mm(4);
}

// Under a translation no speaker has reviewed yet: says so, and a tap shows
// the Japanese original it was made from (the text a reviewer or a
// Japanese-reading companion can trust). Advances y.
void original_block(Kiosk& k, const std::string& name, const core::LocalizedText& t, float x, float& y, float w) {
    if (!t.unreviewed || t.original.empty()) return;
    TextOpts note;
    note.size_mm = theme::mm::small * 0.85f;
    note.color = k.P().text_muted;
    y += k.ui.text(k.S("detail.unreviewed"), x, y, w, note) + k.ui.mm(1);
    const std::string& label_text = k.visitor.views.show_original ? k.S("detail.hide_original") : k.S("detail.show_original");
    TextOpts b;
    b.size_mm = theme::mm::small;
    const float bw = std::min(w, k.ui.text_width(label_text, b) + k.ui.mm(16)), bh = k.ui.mm(14);
    if (k.ui.button("original." + name, Rect{x, y, bw, bh}, label_text,
                  k.visitor.views.show_original ? Ui::Style::chip_on : Ui::Style::secondary, 0, theme::mm::small)) {
        k.visitor.views.show_original = !k.visitor.views.show_original;
        k.want_frame = true;
    }
    y += bh + k.ui.mm(2);
    if (!k.visitor.views.show_original) return;
    // The original is Japanese whatever the visitor's language: drawn as ja.
    TextOpts o;
    o.lang = "ja";
    o.color = k.P().text_muted;
    y += label(k, k.S("detail.original"), x, y, w);
    y += k.ui.text(t.original, x, y, w, o) + k.ui.mm(2);
}

void plain_section(Kiosk& k, std::string_view title, const std::string& body, float x, float& y, float w) {
    if (body.empty()) return;
    y += label(k, title, x, y, w);
    y += k.ui.text(body, x, y, w) + k.ui.mm(5);
}

float fallback_marker(Kiosk& k, float x, float y, float w) {
    TextOpts o;
    o.size_mm = theme::mm::small * 0.85f;
    o.color = k.P().text_muted;
    return k.ui.text(k.S("detail.translation_missing"), x, y, w, o);
}

// --- QR codes -------------------------------------------------------------
// Large enough to scan from a phone at arm's length: whole pixels per module
// (at least 8), white with a 4-module quiet zone.
// Side in pixels a payload's code will take (0 if it cannot be encoded).
float qr_side(const core::QrCode& code, float max_side) {
    const int modules = code.size + 8;
    return static_cast<float>(std::max(8, static_cast<int>(max_side) / modules) * modules);
}

float draw_qr(Kiosk& k, const std::string& payload, float x, float y, float max_side) {
    const core::QrCode* code = k.qr_of(payload);
    if (!code) return 0;
    const int modules = code->size + 8;
    const float side = qr_side(*code, max_side);
    const int px = static_cast<int>(side) / modules;
    k.ui.fill(Rect{x, y, side, side}, IM_COL32(255, 255, 255, 255));
    for (int my = 0; my < code->size; ++my)
        for (int mx = 0; mx < code->size; ++mx)
            if (code->dark(mx, my))
                k.ui.fill(Rect{x + static_cast<float>((mx + 4) * px), y + static_cast<float>((my + 4) * px), static_cast<float>(px),
                             static_cast<float>(px)},
                        IM_COL32(0, 0, 0, 255));
    return side;
}

}  // namespace madoguchi::ui
