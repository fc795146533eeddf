// SPDX-License-Identifier: Apache-2.0
// bar.cpp — the content area, the bottom-weighted layout, the bar along the
// top (or bottom) edge with とじる always in its corner, and the idle overlay.
#include <algorithm>
#include <cmath>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

// --- layout helpers -------------------------------------------------------
float margin(const Kiosk& k) { return k.ui.mm(theme::mm::margin); }

// The bottom-weighted layout ([screen] layout, docs/accessibility.md
// "Reach"): the bar along the bottom edge, each screen's choices just above it.
bool bottom_layout(const Kiosk& k) {
    using core::Layout;
    return k.deps.config.layout == Layout::bottom || (k.deps.config.layout == Layout::automatic && k.ui.portrait());
}

static float bar_button_h(const Kiosk& k) { return k.ui.mm(theme::mm::bar) - 2 * k.ui.mm(3); }

static float bar_h(Kiosk& k) { return k.ui.mm(theme::mm::bar) + (k.two_row_bar ? bar_button_h(k) + k.ui.mm(theme::mm::gap) : 0.f); }

static float bar_y(Kiosk& k) { return bottom_layout(k) ? k.ui.height() - bar_h(k) : 0.f; }

// The screen's area below (or above) the bar. Everything a screen draws
// must fit in it: it is the layout check's box for the screen (ui_context.hpp).
Rect content(Kiosk& k) {
    const float bar = bar_h(k) + k.ui.mm(4);
    const float top = bottom_layout(k) ? margin(k) : bar;
    const float bottom = bottom_layout(k) ? k.ui.height() - bar : k.ui.height() - margin(k);
    const float max_w = k.ui.mm(k.ui.portrait() ? 300.f : 280.f);
    const float w = std::min(k.ui.width() - 2 * margin(k), max_w);
    const Rect c{(k.ui.width() - w) / 2, top, w, bottom - top};
    k.ui.reset_boxes();
    k.ui.push_box(c, "the content area");
    return c;
}

// Bottom-weighted: moves what was drawn since `m` down to end at the
// content area's bottom edge (never up: what does not fit stays where the
// layout check sees it).
void settle_bottom(Kiosk& k, const Ui::Mark& m, const Rect& c) {
    if (!bottom_layout(k)) return;
    const float dy = c.y + c.h - k.ui.drawn_bottom();
    if (dy > 0) k.ui.shift_since(m, dy);
}

// --- top bar ----------------------------------------------------------------
// The bar: back, start page and 「いますぐ話したい」 (the urgent route, one tap
// from every screen) on the left, とじる in the right corner, then larger
// text, contrast and the language inwards. Buttons are as wide
// as their words (never below 24 mm); when they do not fit in one row
// (a narrow screen, long words, large text) the bar takes two: とじる's row
// along the screen's edge, the others next to it.
static float bar_item_w(Kiosk& k, std::string_view label, std::string_view lang = {}) {
    TextOpts o;
    o.size_mm = theme::mm::small;
    o.lang = lang;
    return std::max(k.ui.mm(24), k.ui.text_width(label, o) + k.ui.mm(10));
}

void measure_bar(Kiosk& k) {
    const float gap = k.ui.mm(theme::mm::gap);
    const float all = bar_item_w(k, "← " + k.S("common.back")) + bar_item_w(k, k.S("common.home")) + bar_item_w(k, k.S("common.urgent")) +
                      bar_item_w(k, k.S("common.close")) + bar_item_w(k, k.S("common.large_text")) +
                      bar_item_w(k, k.S("common.high_contrast")) + bar_item_w(k, language_name(k.visitor.session.lang), k.visitor.session.lang) +
                      6 * gap + k.ui.mm(6);
    k.two_row_bar = all > k.ui.width() - 2 * margin(k);
}

// y of a row of bar buttons: row 0 holds とじる and lies along the screen's edge.
static float bar_row_y(Kiosk& k, int row) {
    const float pad = k.ui.mm(3), step = bar_button_h(k) + k.ui.mm(theme::mm::gap);
    if (!k.two_row_bar) return bar_y(k) + pad;
    return bottom_layout(k) ? k.ui.height() - pad - bar_button_h(k) - row * step : pad + row * step;
}

Rect close_rect(Kiosk& k) {
    const float w = bar_item_w(k, k.S("common.close"));
    return Rect{k.ui.width() - margin(k) - w, bar_row_y(k, 0), w, bar_button_h(k)};
}

void top_bar(Kiosk& k, bool show_nav) {
    const float bh = bar_button_h(k), gap = k.ui.mm(theme::mm::gap);
    // No fill: the bar's background is the window's (cleared to it), and
    // scrolled content is clipped to its own area.
    if (bottom_layout(k)) k.ui.fill(Rect{0, bar_y(k), k.ui.width(), std::max(1.f, k.ui.mm(0.4f))}, k.P().border);  // where the bar begins
    const bool two = k.two_row_bar;
    const float y0 = bar_row_y(k, 0), y1 = bar_row_y(k, two ? 1 : 0);
    float x = margin(k);
    if (show_nav) {
        const std::string back = "← " + k.S("common.back");
        const float bw = bar_item_w(k, back);
        if (k.ui.button("nav.back", Rect{x, y0, bw, bh}, back, Ui::Style::secondary, 0, theme::mm::small)) {
            if (!k.visitor.session.back()) k.visitor.session.home();
            k.want_frame = true;
        }
        x += bw + gap;
        const float hw = bar_item_w(k, k.S("common.home"));
        if (k.ui.button("nav.home", Rect{x, y0, hw, bh}, k.S("common.home"), Ui::Style::secondary, 0, theme::mm::small)) {
            k.visitor.session.home();
            k.want_frame = true;
        }
        x += hw + gap;
    }
    // Right side, from the corner inwards: とじる is always in the same corner.
    const Rect close = close_rect(k);
    if (k.ui.button("quick_hide", close, k.S("common.close"), Ui::Style::quiet, 0, theme::mm::small)) k.quick_hide();
    float rx = two ? k.ui.width() - margin(k) + gap : close.x;
    // On/off switches: shown "on" (filled) while in effect.
    auto switch_button = [&](const char* name, const char* label_key, bool& on) {
        const float w = bar_item_w(k, k.S(label_key));
        rx -= gap + w;
        if (k.ui.button(name, Rect{rx, y1, w, bh}, k.S(label_key), on ? Ui::Style::chip_on : Ui::Style::secondary, 0, theme::mm::small)) {
            on = !on;
            k.want_frame = true;
        }
    };
    switch_button("nav.large_text", "common.large_text", k.visitor.session.large_text);
    switch_button("nav.high_contrast", "common.high_contrast", k.visitor.session.high_contrast);
    if (k.visitor.session.screen != Screen::language) {
        const std::string name = language_name(k.visitor.session.lang);
        const float lang_w = bar_item_w(k, name, k.visitor.session.lang);
        rx -= gap + lang_w;
        if (lang_button(k, "nav.language", Rect{rx, y1, lang_w, bh}, k.visitor.session.lang, false)) k.navigate(Screen::language);
    }
    // The urgent route, after back and home. On two rows: beside them when
    // there is room before とじる, else at the left of the second row. Not in
    // the attract screen's bar: that screen has its own button, away from
    // the admin corner.
    if (show_nav && k.deps.catalogue) {
        const float uw = bar_item_w(k, k.S("common.urgent"));
        const bool here = k.visitor.session.screen == Screen::urgent;
        const Rect r = !two || x + uw + gap <= close.x ? Rect{x, y0, uw, bh} : Rect{margin(k), y1, uw, bh};
        if (k.ui.button("nav.urgent", r, k.S("common.urgent"), here ? Ui::Style::chip_on : Ui::Style::primary, 0, theme::mm::small) && !here)
            open_urgent(k);
    }
}

// The help key's hint: which keys do what, in a card at the top of the
// content area until the next key. Drawn over the screen, not instead of it:
// the focus stays where it was.
void keys_help_overlay(Kiosk& k) {
    k.ui.reset_boxes();
    const float w = std::min(k.ui.width() - 2 * margin(k), k.ui.mm(220)), pad = k.ui.mm(6);
    TextOpts o;
    o.phrases = true;
    const std::string& s = k.S("keys.help");
    const float h = k.ui.text_height(s, w - 2 * pad, o) + 2 * pad;
    const float y = bottom_layout(k) ? margin(k) : k.ui.mm(theme::mm::bar) + k.ui.mm(4);
    const Rect card{(k.ui.width() - w) / 2, y, w, h};
    k.ui.fill(card, k.P().surface, theme::mm::radius);
    k.ui.stroke(card, k.P().text, theme::mm::radius, 0.8f);
    k.ui.text(s, card.x + pad, card.y + pad, card.w - 2 * pad, o);
}

void idle_overlay(Kiosk& k, double now) {
    const double left = k.deps.config.countdown_seconds - (now - k.visitor.countdown_start);
    // Opaque: whoever walks up next must not read what was on screen. The
    // visitor who comes back taps once and finds their screen as they left it.
    k.ui.reset_boxes();
    k.ui.cover();
    k.ui.fill(Rect{0, 0, k.ui.width(), k.ui.height()}, k.visitor.session.high_contrast ? theme::overlay_high_contrast : theme::overlay_standard);
    const float w = std::min(k.ui.width() - 2 * margin(k), k.ui.mm(200));
    TextOpts q;
    q.size_mm = theme::mm::heading;
    q.align = text::Align::center;
    q.phrases = true;
    TextOpts n;
    n.align = text::Align::center;
    n.color = k.P().text_muted;
    const std::string secs = replace_n(k.S("idle.seconds_left"), static_cast<long long>(std::ceil(std::max(0.0, left))));
    const float qh = k.ui.text_height(k.S("idle.question"), w - k.ui.mm(12), q), nh = k.ui.text_height(secs, w, n);
    const float h = k.ui.mm(10) + qh + k.ui.mm(4) + nh + k.ui.mm(8) + k.ui.mm(30) + k.ui.mm(10);
    const Rect card{(k.ui.width() - w) / 2, (k.ui.height() - h) / 2, w, h};
    k.ui.fill(card, k.P().surface, theme::mm::radius * 2);
    float y = card.y + k.ui.mm(10);
    y += k.ui.text(k.S("idle.question"), card.x + k.ui.mm(6), y, card.w - k.ui.mm(12), q) + k.ui.mm(4);
    y += k.ui.text(secs, card.x, y, card.w, n) + k.ui.mm(8);
    k.ui.button("idle.continue", Rect{card.x + k.ui.mm(10), y, card.w - k.ui.mm(20), k.ui.mm(30)}, k.S("idle.continue"), Ui::Style::primary, 0,
              theme::mm::heading);
    // とじる stays where it always is, and works.
    k.ui.button("quick_hide", close_rect(k), k.S("common.close"), Ui::Style::quiet, 0, theme::mm::small);
}

}  // namespace madoguchi::ui
