// SPDX-License-Identifier: Apache-2.0
// browse_screens.cpp — the way in by choices: the attract screen, what it is
// about, who for, the results list; the language picker, the neutral screen
// after とじる, and the calm screen when there is no catalogue.
#include <algorithm>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

// --- attract ------------------------------------------------------------------
void attract_screen(Kiosk& k) {
    top_bar(k, false);
    if (k.admin_gesture_possible()) k.admin.gesture_zones(k.ui, bottom_layout(k));
    const Rect c = content(k);
    TextOpts t;
    t.size_mm = theme::mm::title;
    t.align = text::Align::center;
    TextOpts sub;
    sub.align = text::Align::center;
    sub.color = k.P().text_muted;
    const auto& langs = k.deps.config.languages;
    const int cols = k.ui.portrait() ? 3 : 5;
    const float gap = k.ui.mm(theme::mm::gap), lw = (c.w - gap * (cols - 1)) / cols, lh = k.ui.mm(18);
    const float bw = std::min(c.w, k.ui.mm(150)), bh = k.ui.mm(34);
    // The whole screen's height, so that a long title in large text moves
    // everything up rather than pushing the languages off the bottom.
    const float rows = static_cast<float>((langs.size() + cols - 1) / cols);
    // 「いますぐ話したい」 under はじめる: the urgent route in one tap (issue 19).
    // Rehearsed before the catalogue is checked, the screen is laid out as it
    // will most likely be drawn: the check usually ends before the window opens.
    const bool urgent = k.deps.catalogue != nullptr || (k.ui.rehearsal() && k.deps.catalogue_pending);
    const float uh = k.ui.mm(18), urgent_h = urgent ? k.ui.mm(5) + uh : 0.f;
    const float base = k.ui.text_height(k.S("attract.title"), c.w, t) + k.ui.mm(6) + k.ui.text_height(k.S("attract.subtitle"), c.w, sub) +
                       k.ui.mm(14) + bh + urgent_h + rows * (lh + gap) - gap;
    // The space above the languages gives way first when a long title in
    // large text needs the room (Tagalog at 1920x1080).
    const float lang_gap = std::clamp(c.h - base, k.ui.mm(6), k.ui.mm(18));
    const float needed = base + lang_gap;
    // Bottom-weighted: the title stays high (seen from across the hall),
    // the start button and the languages go down within reach.
    const float wanted = c.h * (bottom_layout(k) ? 0.08f : k.ui.portrait() ? 0.22f : 0.12f);
    float y = c.y + std::clamp(c.h - needed, 0.f, wanted);
    y += k.ui.text(k.S("attract.title"), c.x, y, c.w, t) + k.ui.mm(6);
    y += k.ui.text(k.S("attract.subtitle"), c.x, y, c.w, sub) + k.ui.mm(14);
    const Ui::Mark controls = k.ui.mark();
    if (k.ui.button("attract.start", Rect{c.cx() - bw / 2, y, bw, bh}, k.S("attract.start"), Ui::Style::primary, 0, theme::mm::heading)) {
        // The catalogue still being checked: no screen of the directory
        // without it (empty lists); set_catalogue() goes on from here.
        if (k.deps.catalogue) k.navigate(Screen::concern);
        else k.visitor.start_when_ready = true;
    }
    y += bh;
    if (urgent) {
        y += k.ui.mm(5);
        if (k.ui.button("attract.urgent", Rect{c.cx() - bw / 2, y, bw, uh}, k.S("common.urgent"), Ui::Style::secondary, 0, theme::mm::body))
            open_urgent(k);
        y += uh;
    }
    y += lang_gap;
    // Language buttons, each in its own language.
    for (size_t i = 0; i < langs.size(); ++i) {
        const float lx = c.x + (i % cols) * (lw + gap), ly = y + (i / cols) * (lh + gap);
        const bool on = langs[i] == k.visitor.session.lang;
        if (lang_button(k, "attract.lang." + langs[i], Rect{lx, ly, lw, lh}, langs[i], on)) {
            k.visitor.session.lang = langs[i];
            k.want_frame = true;
        }
    }
    settle_bottom(k, controls, c);
}

// --- concern --------------------------------------------------------------------
void concern_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    const Ui::Mark all = k.ui.mark();
    float y = c.y + heading(k, k.S("concern.question"), c, c.y);
    const auto& concerns = k.terms("concern");
    const int cols = k.ui.portrait() ? 2 : 4;
    const float gap = k.ui.mm(theme::mm::gap);
    const float tw = (c.w - gap * (cols - 1)) / cols;
    const float th = k.ui.portrait() ? k.ui.mm(38) : k.ui.mm(44);
    for (size_t i = 0; i < concerns.size(); ++i) {
        const Rect r{c.x + (i % cols) * (tw + gap), y + (i / cols) * (th + gap), tw, th};
        if (k.ui.button("concern." + concerns[i].code, r, concerns[i].label.text, Ui::Style::tile, theme::concern_tile(k.P(), concerns[i].code),
                      theme::mm::heading * 0.8f)) {
            k.visitor.session.concern = concerns[i].code;
            k.navigate(Screen::who);
        }
    }
    y += ((concerns.size() + cols - 1) / cols) * (th + gap) + k.ui.mm(8);
    const float bw = std::min((c.w - gap) / 2, k.ui.mm(140));
    if (k.ui.button("nav.guides", Rect{c.x, y, bw, k.ui.mm(18)}, k.S("guides.title") + " →", Ui::Style::quiet)) k.navigate(Screen::guides);
    if (k.ui.button("nav.search", Rect{c.x + c.w - bw, y, bw, k.ui.mm(18)}, k.S("search.title") + " →", Ui::Style::quiet)) {
        k.ui.reset_scroll("search");
        k.navigate(Screen::search);
    }
    settle_bottom(k, all, c);
}

// --- who ----------------------------------------------------------------------
void who_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    const Ui::Mark all = k.ui.mark();
    float y = c.y + heading(k, k.S("who.question"), c, c.y);
    TextOpts hint;
    hint.color = k.P().text_muted;
    hint.size_mm = theme::mm::small;
    y += k.ui.text(k.S("who.situations_hint"), c.x, y, c.w, hint) + k.ui.mm(3);
    // Situation chips wrap onto as many lines as they need.
    const auto& situations = k.terms("situation");
    float x = c.x;
    const float ch = k.ui.mm(16), gap = k.ui.mm(theme::mm::gap);
    TextOpts co;
    co.size_mm = theme::mm::small;
    for (const auto& t : situations) {
        const float w = std::min(c.w, k.ui.text_width(t.label.text, co) + k.ui.mm(12));
        if (x + w > c.x + c.w) {
            x = c.x;
            y += ch + gap;
        }
        const bool on = std::find(k.visitor.session.situations.begin(), k.visitor.session.situations.end(), t.code) != k.visitor.session.situations.end();
        if (k.ui.button("who.situation." + t.code, Rect{x, y, w, ch}, t.label.text, on ? Ui::Style::chip_on : Ui::Style::chip_off, 0,
                      theme::mm::small)) {
            if (on) k.visitor.session.situations.erase(std::find(k.visitor.session.situations.begin(), k.visitor.session.situations.end(), t.code));
            else k.visitor.session.situations.push_back(t.code);
            k.want_frame = true;
        }
        x += w + gap;
    }
    y += ch + k.ui.mm(12);
    const float bh = k.ui.mm(40);
    const bool side = !k.ui.portrait();
    const float bw = side ? (c.w - gap) / 2 : c.w;
    const auto& audience = k.terms("audience");
    for (size_t i = 0; i < audience.size(); ++i) {
        const Rect r = side ? Rect{c.x + i * (bw + gap), y, bw, bh} : Rect{c.x, y + i * (bh + gap), bw, bh};
        if (k.ui.button("who." + audience[i].code, r, audience[i].label.text, Ui::Style::primary, 0, theme::mm::heading)) {
            k.visitor.session.audience = audience[i].code;
            k.ui.reset_scroll("results");
            k.navigate(Screen::results);
        }
    }
    settle_bottom(k, all, c);
}

// --- results --------------------------------------------------------------------
static void fetch_results(Kiosk& k) {
    std::string key = k.visitor.session.lang + "|" + k.visitor.session.concern + "|" + k.visitor.session.audience + "|" + (k.visitor.session.open_now_only ? "1" : "0");
    if (k.visitor.session.voice_free_only) key += "|voice_free";
    for (const auto& s : k.visitor.session.situations) key += "|s:" + s;
    for (const auto& s : k.visitor.session.kinds) key += "|k:" + s;
    for (const auto& s : k.visitor.session.modes) key += "|m:" + s;
    if (key == k.visitor.views.results_key) {
        core::secure_clear(key);
        return;
    }
    core::secure_clear(k.visitor.views.results_key);
    k.visitor.views.results_key = std::move(key);
    k.visitor.views.results.clear();
    if (!k.deps.catalogue) return;
    core::ServiceQuery q;
    q.concern = k.visitor.session.concern;
    q.audience = k.visitor.session.audience;
    q.situations = k.visitor.session.situations;
    q.kinds = k.visitor.session.kinds;
    q.modes = k.visitor.session.modes;
    q.region = {k.deps.config.prefecture, k.deps.config.municipality};
    q.lang = k.visitor.session.lang;
    q.now = local_now();
    q.open_now_only = k.visitor.session.open_now_only;
    q.voice_free_only = k.visitor.session.voice_free_only;
    k.visitor.views.results = k.deps.catalogue->find_services(q);
}

static void toggle(Kiosk& k, std::vector<std::string>& v, const std::string& code) {
    auto it = std::find(v.begin(), v.end(), code);
    if (it != v.end()) v.erase(it);
    else v.push_back(code);
    k.want_frame = true;
}

// A result card: the name (up to three lines) and organization (two) in
// full; the first contact and when it is open (issue 19: the list itself
// answers "who can I call now?"); badges wrapping onto as many rows as they
// need, and a marker when the name is shown in Japanese for want of a
// translation. draw = false: only measures (r.w), returns the height.
// draw = true: draws in r, returns whether it was tapped.
float result_card(Kiosk& k, const core::ServiceSummary& s, const Rect& r, bool draw, std::string_view prefix) {
    const std::string name = std::string(prefix) + s.id;
    bool hit = false;
    if (draw) {
        hit = k.ui.target(name, r);
        k.ui.set_label(s.name.text);  // focus reads the card by its name
        k.ui.fill(r, k.P().surface, theme::mm::radius);
        k.ui.stroke(r, k.P().border, theme::mm::radius, 0.35f);
        if (k.ui.pressed(name)) k.ui.fill(r, theme::pressed, theme::mm::radius);
        k.ui.push_box(r, name);
    }
    const float pad = k.ui.mm(4), w = r.w - 2 * pad;
    TextOpts n;
    n.size_mm = theme::mm::body;
    n.max_lines = 3;
    float y = r.y + pad;
    y += draw ? k.ui.text(s.name.text, r.x + pad, y, w, n) : k.ui.text_height(s.name.text, w, n);
    TextOpts o;
    o.size_mm = theme::mm::small;
    o.color = k.P().text_muted;
    o.max_lines = 2;
    if (!s.organization.text.empty())
        y += draw ? k.ui.text(s.organization.text, r.x + pad, y, w, o) : k.ui.text_height(s.organization.text, w, o);
    // How to reach it and when: on one row when both fit, else on two. The
    // open state was read with the list (Catalogue::find_services, once per
    // list); only the words "today" / a weekday are matched to the clock here.
    const std::string contact = contact_text(k, s.contact), when = opening_text(k, s.open, local_now());
    if (!contact.empty() || !when.empty()) {
        y += k.ui.mm(1);
        TextOpts c;
        c.size_mm = theme::mm::small;
        TextOpts st = c;
        st.color = s.open && s.open->reachable_now() ? k.P().good : k.P().text_muted;
        const float gap = k.ui.mm(4), cw = contact.empty() ? 0.f : k.ui.text_width(contact, c);
        const bool one_row = !contact.empty() && !when.empty() && cw + gap + k.ui.text_width(when, st) <= w;
        float row = 0;
        if (!contact.empty()) row = draw ? k.ui.text(contact, r.x + pad, y, w, c) : k.ui.text_height(contact, w, c);
        if (!when.empty()) {
            if (one_row) {
                if (draw) k.ui.text(when, r.x + pad + cw + gap, y, w - cw - gap, st);
            } else {
                y += row;
                row = draw ? k.ui.text(when, r.x + pad, y, w, st) : k.ui.text_height(when, w, st);
            }
        }
        y += row;
    }
    y += k.ui.mm(1.5f);
    // Badges, wrapping.
    const float badge_h = k.ui.mm(8) * k.ui.text_scale(), badge_gap = k.ui.mm(2);
    float bx = r.x + pad;
    bool any = false;
    auto badge = [&](const std::string& label, ImU32 color) {
        TextOpts b;
        b.size_mm = theme::mm::small * 0.85f;
        b.color = color;
        b.max_lines = 1;
        const float bw = std::min(w, k.ui.text_width(label, b) + k.ui.mm(5));
        if (bx > r.x + pad && bx + bw > r.x + pad + w) {
            bx = r.x + pad;
            y += badge_h + badge_gap;
        }
        any = true;
        if (draw) {
            k.ui.fill(Rect{bx, y, bw, badge_h}, k.P().badge, 1.5f);
            if (!k.P().concern_tiles) k.ui.stroke(Rect{bx, y, bw, badge_h}, k.P().border, 1.5f, 0.3f);
            k.ui.text(label, bx + k.ui.mm(2.5f), y + k.ui.mm(0.6f), bw - k.ui.mm(5), b);
        }
        bx += bw + badge_gap;
    };
    if (s.name.fallback) badge(k.S("results.badge.in_japanese"), k.P().text_muted);
    if (k.deps.catalogue) {
        const auto& kinds = k.terms("kind");
        for (const auto& code : s.kinds)
            for (const auto& t : kinds)
                if (t.code == code) badge(t.label.text, k.P().text);
    }
    if (s.cost == "free") badge(k.S("results.badge.free"), k.P().text);
    if (s.anonymous == "yes") badge(k.S("results.badge.anonymous"), k.P().text);
    if (any) y += badge_h;
    y += pad;
    if (!draw) return std::max(y - r.y, k.ui.mm(theme::mm::target_min));
    k.ui.pop_box();
    return hit ? 1.f : 0.f;
}

void results_screen(Kiosk& k) {
    top_bar(k, true);
    fetch_results(k);
    const Rect c = content(k);
    float y = c.y;
    TextOpts h;
    h.size_mm = theme::mm::heading;
    const float title_h = k.ui.text(k.S("results.title"), c.x, y, c.w * 0.6f, h);
    TextOpts cnt;
    cnt.align = text::Align::right;
    cnt.color = k.P().text_muted;
    k.ui.text(replace_n(k.S("results.count"), static_cast<long long>(k.visitor.views.results.size())), c.x + c.w * 0.6f, y + k.ui.mm(2), c.w * 0.4f, cnt);
    y += title_h + k.ui.mm(3);
    // Filters: contact mode and "open now", then kinds.
    const float ch = k.ui.mm(15), gap = k.ui.mm(theme::mm::gap);
    float x = c.x;
    TextOpts co;
    co.size_mm = theme::mm::small;
    auto chip = [&](const std::string& name, const std::string& label, bool on) {
        const float w = k.ui.text_width(label, co) + k.ui.mm(10);
        if (x + w > c.x + c.w) {
            x = c.x;
            y += ch + gap;
        }
        const bool hit = k.ui.button(name, Rect{x, y, w, ch}, label, on ? Ui::Style::chip_on : Ui::Style::chip_off, 0, theme::mm::small);
        x += w + gap;
        return hit;
    };
    if (k.deps.catalogue) {
        for (const auto& t : k.terms("mode"))
            if (chip("results.mode." + t.code, t.label.text, std::count(k.visitor.session.modes.begin(), k.visitor.session.modes.end(), t.code) > 0))
                toggle(k, k.visitor.session.modes, t.code);
        if (chip("results.open_now", k.S("results.filter.open_now"), k.visitor.session.open_now_only)) {
            k.visitor.session.open_now_only = !k.visitor.session.open_now_only;
            k.want_frame = true;
        }
        if (chip("results.voice_free", k.S("results.filter.voice_free"), k.visitor.session.voice_free_only)) {
            k.visitor.session.voice_free_only = !k.visitor.session.voice_free_only;
            k.want_frame = true;
        }
        x = c.x;
        y += ch + gap;
        for (const auto& t : k.terms("kind"))
            if (chip("results.kind." + t.code, t.label.text, std::count(k.visitor.session.kinds.begin(), k.visitor.session.kinds.end(), t.code) > 0))
                toggle(k, k.visitor.session.kinds, t.code);
    }
    y += ch + k.ui.mm(6);
    // The list: cards as tall as their text, only the visible ones drawn
    // (virtualized), so thousands of services scroll as smoothly as ten.
    // Heights are measured once per list, language, width, text size and minute
    // (about 4 µs a card: a few ms for a few thousand).
    const Rect view{c.x, y, c.w, c.y + c.h - y};
    const float card_gap = k.ui.mm(3), card_w = view.w - k.ui.mm(4);
    if (k.visitor.views.results.empty()) {
        TextOpts o;
        o.color = k.P().text_muted;
        k.ui.text(k.S("results.none"), view.x, view.y + k.ui.mm(6), view.w, o);
        return;
    }
    // The minute too: a card's "本日 16:00から" becomes "今つながる" at 16:00, and may change its height.
    const core::LocalDateTime now = local_now();
    const std::string tops_key = k.visitor.views.results_key + "|" + std::to_string(card_w) + "|" + std::to_string(k.ui.text_scale()) +
                                 "|" + std::to_string(now.date.day) + "|" + std::to_string(now.minute);
    if (tops_key != k.visitor.views.card_tops_key) {
        core::secure_clear(k.visitor.views.card_tops_key);
        k.visitor.views.card_tops_key = tops_key;
        k.visitor.views.card_tops.assign(1, 0.f);
        for (const auto& r : k.visitor.views.results) k.visitor.views.card_tops.push_back(k.visitor.views.card_tops.back() + result_card(k, r, Rect{0, 0, card_w, 0}, false) + card_gap);
    }
    const float off = k.ui.scroll("results", view, k.visitor.views.card_tops.back());
    k.ui.push_clip(view);
    // The first card whose bottom is below the top of the view.
    size_t i = static_cast<size_t>(std::upper_bound(k.visitor.views.card_tops.begin(), k.visitor.views.card_tops.end(), off) - k.visitor.views.card_tops.begin());
    i = i > 0 ? i - 1 : 0;
    for (; i < k.visitor.views.results.size() && k.visitor.views.card_tops[i] < off + view.h; ++i) {
        const Rect r{view.x, view.y + k.visitor.views.card_tops[i] - off, card_w, k.visitor.views.card_tops[i + 1] - k.visitor.views.card_tops[i] - card_gap};
        if (result_card(k, k.visitor.views.results[i], r, true)) {
            k.visitor.session.service_id = k.visitor.views.results[i].id;
            k.navigate(Screen::detail);
        }
    }
    k.ui.pop_clip();
}

// --- language -----------------------------------------------------------------
void language_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    const Ui::Mark all = k.ui.mark();
    float y = c.y + heading(k, k.S("language.title"), c, c.y);
    const auto& langs = k.deps.config.languages;
    const int cols = k.ui.portrait() ? 2 : 3;
    const float gap = k.ui.mm(theme::mm::gap), w = (c.w - gap * (cols - 1)) / cols, h = k.ui.mm(26);
    for (size_t i = 0; i < langs.size(); ++i) {
        const Rect r{c.x + (i % cols) * (w + gap), y + (i / cols) * (h + gap), w, h};
        if (lang_button(k, "language." + langs[i], r, langs[i], langs[i] == k.visitor.session.lang)) {
            k.visitor.session.lang = langs[i];
            k.visitor.views.results_key.clear();
            if (!k.visitor.session.back()) k.visitor.session.home();
            k.want_frame = true;
        }
    }
    settle_bottom(k, all, c);
}

// --- neutral ------------------------------------------------------------------
// What someone nearby sees after とじる: plain health information, no bar,
// nothing that says what was on the screen before.
void neutral_screen(Kiosk& k) {
    const Rect c{(k.ui.width() - std::min(k.ui.width() - 2 * margin(k), k.ui.mm(260))) / 2, k.ui.mm(16),
                 std::min(k.ui.width() - 2 * margin(k), k.ui.mm(260)), k.ui.height() - k.ui.mm(32)};
    k.ui.push_box(c, "the content area");
    const Ui::Mark all = k.ui.mark();
    float y = c.y + heading(k, k.S("neutral.title"), c, c.y);
    y += k.ui.text(k.S("neutral.body"), c.x, y, c.w) + k.ui.mm(10);
    const float bw = std::min(c.w, k.ui.mm(90));
    if (k.ui.button("neutral.back", Rect{c.x + c.w - bw, y, bw, k.ui.mm(18)}, k.S("neutral.back"), Ui::Style::quiet))
        k.visitor.session.home(), k.want_frame = true;
    settle_bottom(k, all, c);
}

void unavailable_screen(Kiosk& k) {
    top_bar(k, false);
    if (k.admin_gesture_possible()) k.admin.gesture_zones(k.ui, bottom_layout(k));  // staff need it most when nothing can be shown
    const Rect c = content(k);
    TextOpts o;
    o.size_mm = theme::mm::heading;
    o.align = text::Align::center;
    k.ui.text(k.S("error.no_catalogue"), c.x, c.y + c.h * 0.3f, c.w, o);
}

}  // namespace madoguchi::ui
