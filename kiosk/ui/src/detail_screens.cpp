// SPDX-License-Identifier: Apache-2.0
// detail_screens.cpp — one place in full (how to reach it, what to expect,
// the "report a mistake" code) and the guides: their list and one guide.
#include <algorithm>

#include "kiosk.hpp"

namespace madoguchi::ui {

using core::Screen;

// "Before you call": what the data says about this service (it takes
// family members; in person, an appointment is often needed), and the way
// to the first-call guide's block on what to expect. Only what the data
// holds: nothing here is said of a service whose data does not say it.
static void expect_section(Kiosk& k, const core::ServiceDetail& d, float x, float& y, float w) {
    std::vector<std::string> lines;
    const auto has = [](const std::vector<core::Term>& v, std::string_view code) {
        return std::any_of(v.begin(), v.end(), [&](const core::Term& t) { return t.code == code; });
    };
    if (has(d.audiences, "family")) lines.push_back(k.S("detail.expect.family"));
    if (has(d.modes, "in_person")) lines.push_back(k.S("detail.expect.appointment"));
    const bool guide = k.deps.catalogue && k.guide_of("first_call");
    if (lines.empty() && !guide) return;
    y += label(k, k.S("detail.expect"), x, y, w);
    for (const auto& l : lines) y += k.ui.text("・" + l, x, y, w) + k.ui.mm(1);
    if (guide) {
        TextOpts b;
        b.size_mm = theme::mm::small;
        const std::string& t = k.S("detail.expect.more");
        const float bw = std::min(w, k.ui.text_width(t, b) + k.ui.mm(16)), bh = k.ui.mm(14);
        if (k.ui.button("detail.expect.first_call", Rect{x, y + k.ui.mm(1), bw, bh}, t, Ui::Style::secondary, 0, theme::mm::small)) {
            k.visitor.session.guide_id = "first_call";
            k.ui.reset_scroll("guide");
            k.navigate(Screen::guide);
        }
        y += bh + k.ui.mm(2);
    }
    y += k.ui.mm(4);
}

// "Report a mistake in this entry" (docs/kiosk.md): only when the bundle
// names its publisher's correction form. A tap shows a QR code, drawn as on
// the QR screen, that carries that URL with the service id and the bundle
// version (core::correction_link) and nothing else. Advances y; returns the
// code's top and bottom when it is shown.
static std::optional<std::pair<float, float>> correction_section(Kiosk& k, const core::ServiceDetail& d, float x, float& y, float w) {
    if (k.correction_url.empty()) return std::nullopt;
    std::string err;
    const auto payload = core::qr_url(core::correction_link(k.correction_url, d.id, k.bundle_version), &err);
    if (!payload) return std::nullopt;  // cannot happen for a built bundle (k.correction_url is checked)
    TextOpts b;
    b.size_mm = theme::mm::small;
    const float bw = std::min(w, k.ui.text_width(k.S("detail.correction"), b) + k.ui.mm(16)), bh = k.ui.mm(16);
    if (k.ui.button("detail.correction", Rect{x, y, bw, bh}, k.S("detail.correction"),
                  k.visitor.views.correction_qr ? Ui::Style::chip_on : Ui::Style::secondary, 0, theme::mm::small)) {
        k.visitor.views.correction_qr = !k.visitor.views.correction_qr;
        k.visitor.views.correction_scroll = k.visitor.views.correction_qr;
        k.want_frame = true;
    }
    y += bh + k.ui.mm(4);
    if (!k.visitor.views.correction_qr) return std::nullopt;
    const float top = y;
    const float side = draw_qr(k, *payload, x, y, std::min(k.ui.mm(70), w));
    if (side <= 0) return std::nullopt;
    k.ui.target("qr.correction." + d.id, Rect{x, y, side, side});  // named for scripts; a tap does nothing
    k.ui.set_label(k.S("detail.correction_note"));
    // The note beside the code when there is room, else under it.
    TextOpts o;
    o.size_mm = theme::mm::small;
    o.color = k.P().text_muted;
    const float gap = k.ui.mm(6);
    if (w - side - gap >= k.ui.mm(70)) {
        const float nh = k.ui.text(k.S("detail.correction_note"), x + side + gap, y, std::min(w - side - gap, k.ui.mm(120)), o);
        y += std::max(side, nh);
    } else {
        y += side + k.ui.mm(1);
        y += k.ui.text(k.S("detail.correction_note"), x, y, w, o);
    }
    const float bottom = y;
    y += k.ui.mm(6);
    return std::make_pair(top, bottom);
}

// --- contact without voice, and what happens when you call (issue 19) --------
// The channels that need no voice (fax, text, LINE, chat, mail, web form, …)
// with their hours. A service reached only by voice gets the one sentence about
// 電話リレーサービス instead (its wording is sourced: docs/content-style.md).
static void voice_free_section(Kiosk& k, const core::ServiceDetail& d, bool voice, bool voice_free, float x, float& y, float w) {
    TextOpts muted;
    muted.color = k.P().text_muted;
    if (!voice_free) {
        // Only for a service reached by voice alone: a mail address is a way in too.
        if (!voice || !d.email.empty()) return;
        const float h = k.ui.text(k.S("detail.relay"), x, y, w, muted);
        k.ui.target("detail.relay", Rect{x, y, w, h});  // named for scripts; a tap does nothing
        k.ui.set_label(k.S("detail.relay"));
        y += h + k.ui.mm(4);
        return;
    }
    y += label(k, k.S("detail.voice_free"), x, y, w);
    for (const auto& p : d.phones) {
        if (p.type == "voice") continue;
        std::string line = k.S("detail.channel." + p.type);
        if (!p.label.text.empty()) line += "  " + p.label.text;
        const float top = y;
        y += k.ui.text(line, x, y, w);
        y += k.ui.text(p.number.empty() ? p.link : p.number, x, y, w);
        if (!p.note.text.empty()) y += k.ui.text(p.note.text, x, y, w, muted);
        for (const auto& h : p.hours) y += k.ui.text(h, x, y, w, muted);
        k.ui.target("detail.channel." + p.id, Rect{x, top, w, y - top});  // named for scripts; a tap does nothing
        k.ui.set_label(line + " " + (p.number.empty() ? p.link : p.number));  // focus reads it
        y += k.ui.mm(3);
    }
}

// Each fact the service's own (or a public body's) page states, with that page.
// A fact no page states is not shown at all: never "no" for "not known".
static void facts_section(Kiosk& k, const core::ServiceDetail& d, float x, float& y, float w) {
    if (d.facts.empty()) return;
    y += label(k, k.S("detail.facts"), x, y, w);
    TextOpts small;
    small.size_mm = theme::mm::small;
    small.color = k.P().text_muted;
    for (const auto& f : d.facts) {
        std::string line = k.S("detail.fact." + f.fact + "." + f.value);
        if (!f.note.text.empty()) line += " " + f.note.text;
        const float top = y;
        y += k.ui.text(line, x, y, w);
        for (const auto& s : f.sources) y += k.ui.text(k.S("detail.source") + " " + s.title, x, y, w, small);
        k.ui.target("detail.fact." + f.id, Rect{x, top, w, y - top});  // named for scripts; a tap does nothing
        k.ui.set_label(line);
        y += k.ui.mm(2);
    }
    y += k.ui.mm(2);
}

// --- detail -------------------------------------------------------------------
void detail_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    const std::string key = k.visitor.session.lang + "|" + k.visitor.session.service_id;
    if (key != k.visitor.views.detail_key && k.deps.catalogue) {
        k.visitor.views.detail = k.deps.catalogue->service(k.visitor.session.service_id, k.visitor.session.lang, local_now());
        k.visitor.views.detail_key = key;
    }
    if (!k.visitor.views.detail) {
        k.ui.text(k.S("results.none"), c.x, c.y, c.w);
        return;
    }
    const core::ServiceDetail& d = *k.visitor.views.detail;
    const Rect view{c.x, c.y, c.w, c.h - k.ui.mm(24)};
    const float off = k.ui.scroll("detail", view, kMeasuredLastFrame);
    k.ui.push_clip(view);
    const float x = view.x, w = view.w - k.ui.mm(6);
    float y = view.y - off;
    TextOpts title;
    title.size_mm = theme::mm::heading;
    y += k.ui.text(d.name.text, x, y, w, title) + k.ui.mm(2);
    TextOpts muted;
    muted.color = k.P().text_muted;
    y += k.ui.text(d.organization.text, x, y, w, muted) + k.ui.mm(4);
    if (d.open && d.open->has_hours) {
        TextOpts o;
        o.color = d.open->reachable_now() ? k.P().good : k.P().text_muted;
        y += k.ui.text(d.open->reachable_now() ? k.S("detail.open_now") : k.S("detail.closed_now"), x, y, w, o) + k.ui.mm(3);
    }
    section(k, k.S("detail.what"), d.description, x, y, w);
    bool voice_free = false, voice = false;
    for (const auto& p : d.phones) (p.type == "voice" ? voice : voice_free) = true;
    if (voice) {
        y += label(k, k.S("detail.phone"), x, y, w);
        for (const auto& p : d.phones) {
            if (p.type != "voice") continue;
            TextOpts big;
            big.size_mm = theme::mm::heading;
            std::string line = p.number;
            if (!p.label.text.empty()) line = p.label.text + "  " + line;
            y += k.ui.text(line, x, y, w, big);
            for (const auto& h : p.hours) y += k.ui.text(h, x, y, w, muted);
            // What to say when someone answers (phones.csv `say`), as on the slip.
            if (!p.say.text.empty()) y += k.ui.text(k.S("slip.say") + " 「" + p.say.text + "」", x, y, w, muted);
            y += k.ui.mm(3);
        }
    }
    voice_free_section(k, d, voice, voice_free, x, y, w);
    if (!d.opening_hours.empty()) {
        y += label(k, k.S("detail.hours"), x, y, w);
        for (const auto& h : d.opening_hours) y += k.ui.text(h, x, y, w) + k.ui.mm(1);
        y += k.ui.mm(3);
    }
    plain_section(k, k.S("detail.email"), d.email.empty() ? d.organization_email : d.email, x, y, w);
    plain_section(k, k.S("detail.website"), d.website.empty() ? d.organization_website : d.website, x, y, w);
    for (const auto& l : d.locations) {
        std::string addr = l.postal_code.empty() ? "" : "〒" + l.postal_code + " ";
        addr += l.prefecture + l.municipality + l.address.text;
        if (!l.name.text.empty()) addr = l.name.text + "\n" + addr;
        plain_section(k, k.S("detail.address"), addr, x, y, w);
    }
    // Japanese and Chinese take full-width brackets and 、; the others their own.
    const std::string& lang = k.visitor.session.lang;
    const bool cjk_punct = lang.rfind("ja", 0) == 0 || lang.rfind("zh", 0) == 0;
    const char* open_paren = cjk_punct ? "（" : " (";
    const char* close_paren = cjk_punct ? "）" : ")";
    const char* list_sep = cjk_punct ? "、" : ", ";
    // After the ways to reach them: the numbers come first.
    expect_section(k, d, x, y, w);
    facts_section(k, d, x, y, w);
    if (!d.sector.empty()) plain_section(k, k.S("detail.sector"), k.S("detail.sector." + d.sector), x, y, w);
    plain_section(k, k.S("detail.cost"), k.S("detail.cost." + (d.cost.empty() ? std::string("unknown") : d.cost)) +
                                        (d.fees_description.text.empty() ? "" : open_paren + d.fees_description.text + close_paren),
                  x, y, w);
    // A sourced anonymity fact (facts_section) says it better than the bare column.
    const bool anonymity_fact = std::any_of(d.facts.begin(), d.facts.end(), [](const core::ServiceFact& f) { return f.fact == "anonymous"; });
    if (!anonymity_fact)
        plain_section(k, k.S("detail.anonymous"), k.S("detail.anonymous." + (d.anonymous.empty() ? std::string("unknown") : d.anonymous)), x, y, w);
    if (!d.languages.empty()) {
        std::string langs;
        for (const auto& l : d.languages) langs += (langs.empty() ? "" : list_sep) + language_name(l);
        plain_section(k, k.S("detail.languages"), langs, x, y, w);
    }
    TextOpts small;
    small.size_mm = theme::mm::small;
    small.color = k.P().text_muted;
    y += k.ui.text(k.S("detail.last_checked") + " " + d.assured_date + (cjk_punct ? "　" : "  ") + k.S("detail.source") + " " + d.source.title, x, y, w, small);
    y += k.ui.mm(6);
    const auto correction = correction_section(k, d, x, y, w);
    k.ui.set_scroll_content("detail", y + off - view.y);
    if (correction && k.visitor.views.correction_scroll) {
        k.ui.scroll_into_view("detail", correction->first + off - view.y, correction->second + off - view.y);
        k.visitor.views.correction_scroll = false;
        k.want_frame = true;
    }
    k.ui.pop_clip();
    // Fixed action row under the scrolled details.
    const bool in = k.visitor.session.in_basket(d.id);
    const float bw = std::min(c.w, k.ui.mm(120));
    if (k.ui.button("detail.slip", Rect{c.x + c.w - bw, c.y + c.h - k.ui.mm(20), bw, k.ui.mm(18)},
                  in ? k.S("detail.in_slip") : k.S("detail.add_to_slip"), in ? Ui::Style::chip_on : Ui::Style::primary)) {
        k.visitor.session.toggle_basket(d.id);
        k.want_frame = true;
    }
    if (!k.visitor.session.basket.empty() &&
        k.ui.button("nav.basket", Rect{c.x, c.y + c.h - k.ui.mm(20), std::min(c.w - bw - k.ui.mm(4), k.ui.mm(100)), k.ui.mm(18)},
                  k.S("basket.title") + " (" + std::to_string(k.visitor.session.basket.size()) + ")", Ui::Style::secondary))
        k.navigate(Screen::basket);
}

// --- guides -------------------------------------------------------------------
void guides_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    float y = c.y + heading(k, k.S("guides.title"), c, c.y);
    if (!k.deps.catalogue) return;
    const auto list = k.deps.catalogue->guides(k.visitor.session.lang);
    const Rect view{c.x, y, c.w, c.y + c.h - y};
    // Each card as tall as its title (up to two lines) and summary (up to
    // three) need in this language and text size: English and Portuguese
    // titles run to twice the Japanese length, and a fixed height cut them.
    const float gap = k.ui.mm(3), pad = k.ui.mm(4), tw = view.w - k.ui.mm(4) - 2 * pad;
    TextOpts t;
    t.max_lines = 2;
    TextOpts s;
    s.size_mm = theme::mm::small;
    s.color = k.P().text_muted;
    s.max_lines = 3;
    std::vector<float> heights(list.size());
    float total = 0;
    for (size_t i = 0; i < list.size(); ++i) {
        heights[i] = 2 * pad + k.ui.text_height(list[i].title.text, tw, t) + k.ui.text_height(list[i].summary.text, tw, s);
        total += heights[i] + gap;
    }
    const float off = k.ui.scroll("guides", view, total);
    k.ui.push_clip(view);
    float top = view.y - off;
    for (size_t i = 0; i < list.size(); ++i) {
        const Rect r{view.x, top, view.w - k.ui.mm(4), heights[i]};
        top += heights[i] + gap;
        const std::string name = "guide." + list[i].id;
        const bool hit = k.ui.target(name, r);
        k.ui.set_label(list[i].title.text);
        k.ui.fill(r, k.P().surface, theme::mm::radius);
        k.ui.stroke(r, k.P().border, theme::mm::radius, 0.35f);
        if (k.ui.pressed(name)) k.ui.fill(r, theme::pressed, theme::mm::radius);
        const float ty = r.y + pad;
        const float th = k.ui.text(list[i].title.text, r.x + pad, ty, tw, t);
        k.ui.text(list[i].summary.text, r.x + pad, ty + th, tw, s);
        if (hit) {
            k.visitor.session.guide_id = list[i].id;
            k.ui.reset_scroll("guide");
            k.navigate(Screen::guide);
        }
    }
    k.ui.pop_clip();
}

void guide_screen(Kiosk& k) {
    top_bar(k, true);
    const Rect c = content(k);
    if (!k.deps.catalogue) return;
    const core::Guide* g = k.guide_of(k.visitor.session.guide_id);
    if (!g) return;
    const float off = k.ui.scroll("guide", c, kMeasuredLastFrame);
    k.ui.push_clip(c);
    const float x = c.x, w = c.w - k.ui.mm(6);
    float y = c.y - off;
    TextOpts title;
    title.size_mm = theme::mm::heading;
    y += k.ui.text(g->title.text, x, y, w, title) + k.ui.mm(4);
    y += k.ui.text(g->body.text, x, y, w) + k.ui.mm(2);
    if (g->body.fallback) y += fallback_marker(k, x, y, w);
    original_block(k, "guide", g->body, x, y, w);
    y += k.ui.mm(6);
    for (const auto& id : g->service_ids) {
        const core::ServiceDetail* s = k.service_of(id);
        if (!s) continue;
        const Rect r{x, y, w, k.ui.mm(20) * k.ui.text_scale()};
        if (k.ui.button("guide.service." + id, r, s->name.text, Ui::Style::secondary)) {
            k.visitor.session.service_id = id;
            k.navigate(Screen::detail);
        }
        y += r.h + k.ui.mm(3);
    }
    // Where the guide's facts come from (its sentences' source marks).
    if (!g->fact_sources.empty()) {
        y += k.ui.mm(4);
        y += label(k, k.S("guide.sources"), x, y, w);
        TextOpts small;
        small.size_mm = theme::mm::small * 0.85f;
        small.color = k.P().text_muted;
        small.lang = "ja";  // titles and publishers are as the pages print them
        for (const auto& src : g->fact_sources) {
            std::string line = "・" + src.title;
            if (!src.publisher.empty() && src.publisher != src.title) line += "（" + src.publisher + "）";
            if (!src.checked.empty()) line += " " + src.checked;
            y += k.ui.text(line, x, y, w, small) + k.ui.mm(1);
        }
    }
    k.ui.set_scroll_content("guide", y + off - c.y);
    k.ui.pop_clip();
}

}  // namespace madoguchi::ui
