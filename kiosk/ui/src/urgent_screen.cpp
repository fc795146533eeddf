// SPDX-License-Identifier: Apache-2.0
// urgent_screen.cpp — the urgent route (「いますぐ話したい」, issue 19; docs/kiosk.md
// "The urgent route"), one tap from the attract screen and from every bar:
// first what to do when a life may be at stake (call 119), in the sourced words
// of the `emergency` guide; then the lines that listen, those answering now
// first (Catalogue::urgent_services). Also the words of a result card's line:
// the first contact, and whether it is open or when it opens.
#include <array>
#include <cstdio>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

// --- a card's contact and opening words -----------------------------------------
namespace {

std::string fill(std::string s, std::string_view key, const std::string& value) {
    const auto at = s.find(key);
    if (at != std::string::npos) s.replace(at, key.size(), value);
    return s;
}

std::string clock_text(int minute) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d:%02d", minute / 60, minute % 60);
    return buf;
}

// The weekday names, Monday first (core::weekday's order).
constexpr std::array<const char*, 7> kDayKeys = {"card.day.mon", "card.day.tue", "card.day.wed", "card.day.thu",
                                                 "card.day.fri", "card.day.sat", "card.day.sun"};

}  // namespace

std::string contact_text(Kiosk& k, const core::FirstContact& c) {
    using Kind = core::FirstContact::Kind;
    switch (c.kind) {
        case Kind::phone: return fill(k.S("card.phone"), "{value}", c.value);
        case Kind::website: return k.S("card.website");
        case Kind::email: return k.S("card.email");
        case Kind::none: break;
    }
    return {};
}

std::string opening_text(Kiosk& k, const std::optional<core::OpenState>& open, const core::LocalDateTime& now) {
    if (!open || !open->has_hours) return {};
    if (open->round_the_clock) return k.S("card.open_24h");
    if (open->reachable_now()) return k.S("results.badge.open_now");
    if (!open->next_opening) return {};
    const core::LocalDateTime& t = *open->next_opening;
    // Read a little earlier than drawn: an opening already passed reads as "open".
    if (t.date < now.date || (t.date == now.date && t.minute <= now.minute)) return k.S("results.badge.open_now");
    if (t.date == now.date) return fill(k.S("card.opens_today"), "{time}", clock_text(t.minute));
    return fill(fill(k.S("card.opens_on"), "{day}", k.S(kDayKeys[static_cast<size_t>(core::weekday(t.date))])), "{time}",
                clock_text(t.minute));
}

// --- the urgent screen ------------------------------------------------------------
void open_urgent(Kiosk& k) {
    k.ui.reset_scroll("urgent");
    core::secure_clear(k.visitor.views.urgent_key);  // read the lines again: the clock has moved
    k.navigate(Screen::urgent);
}

// The lines, read once per language and minute (open states follow the clock).
static void fetch_urgent(Kiosk& k, const core::LocalDateTime& now) {
    char minute[64];
    std::snprintf(minute, sizeof minute, "%04d-%02d-%02dT%02d:%02d", now.date.year, now.date.month, now.date.day, now.minute / 60,
                  now.minute % 60);
    std::string key = k.visitor.session.lang + "|" + minute;
    if (key == k.visitor.views.urgent_key) {
        core::secure_clear(key);
        return;
    }
    core::secure_clear(k.visitor.views.urgent_key);
    k.visitor.views.urgent_key = std::move(key);
    k.visitor.views.urgent.clear();
    if (k.deps.catalogue)
        k.visitor.views.urgent =
            k.deps.catalogue->urgent_services({k.deps.config.prefecture, k.deps.config.municipality}, now, k.visitor.session.lang);
}

// The paragraphs of the emergency guide for this screen: the first (someone
// does not wake or breathe: call 119) and the one that names the poison line's
// number (medicine taken in a large amount) — found by its digits, the same in
// every translation. The guide's own words; nothing written here.
static std::vector<std::string> emergency_paragraphs(const std::string& body) {
    std::vector<std::string> paras;
    size_t start = 0;
    while (start < body.size()) {
        size_t end = body.find("\n\n", start);
        if (end == std::string::npos) end = body.size();
        paras.push_back(body.substr(start, end - start));
        start = end + 2;
    }
    std::vector<std::string> out;
    if (!paras.empty()) out.push_back(paras.front());
    for (size_t i = 1; i < paras.size(); ++i)
        if (paras[i].find("072-727-2499") != std::string::npos) {
            out.push_back(paras[i]);
            break;
        }
    return out;
}

void urgent_screen(Kiosk& k) {
    top_bar(k, true);
    const core::LocalDateTime now = local_now();
    fetch_urgent(k, now);
    const Rect c = content(k);
    const float off = k.ui.scroll("urgent", c, kMeasuredLastFrame);
    k.ui.push_clip(c);
    const float x = c.x, w = c.w - k.ui.mm(6);
    float y = c.y - off;
    TextOpts title;
    title.size_mm = theme::mm::heading;
    title.phrases = true;
    y += k.ui.text(k.S("urgent.title"), x, y, w, title) + k.ui.mm(4);

    // What to do when a life may be at stake, in a box of its own.
    if (const core::Guide* g = k.deps.catalogue ? k.guide_of("emergency") : nullptr) {
        const float pad = k.ui.mm(5), tw = w - 2 * pad;
        TextOpts head;
        head.size_mm = theme::mm::body;
        const auto paras = emergency_paragraphs(g->body.text);
        float h = pad + k.ui.text_height(g->title.text, tw, head) + k.ui.mm(2);
        for (const auto& p : paras) h += k.ui.text_height(p, tw) + k.ui.mm(2);
        const float bh = k.ui.mm(16);
        h += bh + pad;
        const Rect box{x, y, w, h};
        k.ui.fill(box, k.P().surface, theme::mm::radius);
        k.ui.stroke(box, k.P().accent, theme::mm::radius, 0.6f);
        float by = y + pad;
        by += k.ui.text(g->title.text, x + pad, by, tw, head) + k.ui.mm(2);
        for (const auto& p : paras) by += k.ui.text(p, x + pad, by, tw) + k.ui.mm(2);
        TextOpts b;
        b.size_mm = theme::mm::small;
        const std::string& more = k.S("urgent.guide_more");
        const float bw = std::min(tw, k.ui.text_width(more, b) + k.ui.mm(16));
        if (k.ui.button("urgent.guide", Rect{x + pad, by, bw, bh}, more, Ui::Style::secondary, 0, theme::mm::small)) {
            k.visitor.session.guide_id = "emergency";
            k.ui.reset_scroll("guide");
            k.navigate(Screen::guide);
        }
        y += h + k.ui.mm(6);
    }

    // The lines: round the clock, open now, later today, the others.
    y += label(k, k.S("urgent.lines"), x, y, w);
    TextOpts hint;
    hint.size_mm = theme::mm::small;
    hint.color = k.P().text_muted;
    if (k.visitor.views.urgent.empty()) {
        y += k.ui.text(k.S("urgent.none"), x, y, w, hint) + k.ui.mm(4);
    } else {
        y += k.ui.text(k.S("urgent.hint"), x, y, w, hint) + k.ui.mm(3);
        const float gap = k.ui.mm(3);
        for (const auto& s : k.visitor.views.urgent) {
            const float h = result_card(k, s, Rect{x, 0, w, 0}, false, "urgent.");
            if (result_card(k, s, Rect{x, y, w, h}, true, "urgent.")) {
                k.visitor.session.service_id = s.id;
                k.navigate(Screen::detail);
            }
            y += h + gap;
        }
    }
    k.ui.set_scroll_content("urgent", y + off - c.y);
    k.ui.pop_clip();
}

}  // namespace madoguchi::ui
