// SPDX-License-Identifier: Apache-2.0
// spoken_text.cpp — what speech says for each screen (KioskUi::announcement;
// docs/accessibility.md "Spoken text").
//
// Why text, here: the speech engine (kiosk/speech) only turns text into
// sound; what to say is the screens' business, in the visitor's language and
// with the same words the screen shows. A new announcement is made when the
// screen, the focused target, the countdown, the help hint or the language
// changes: the screen's heading first (and, for a service, its detail field by
// field; for the take-away list, its entries), then the focused item with its
// position (「3件目、13件中」). Furigana markup is kept ({漢字|かんじ}) and a
// Japanese name with a reading becomes {name|reading}, so the speech side says
// names as the data says. Nothing here is logged or written.
#include <algorithm>
#include <cmath>

#include "kiosk.hpp"
#include "madoguchi/core/ui_strings.hpp"

namespace madoguchi::ui {

using core::Screen;

namespace {

bool cjk(const std::string& lang) { return lang.rfind("ja", 0) == 0 || lang.rfind("zh", 0) == 0; }

// Sentences joined as the language writes them.
void add(std::string& out, const std::string& lang, std::string_view s) {
    if (s.empty()) return;
    if (!out.empty()) {
        const char last = out.back();
        const bool ended = last == '.' || last == '?' || last == '!' || last == ':' ||
                           (out.size() >= 3 && (out.compare(out.size() - 3, 3, "。") == 0 || out.compare(out.size() - 3, 3, "？") == 0));
        out += cjk(lang) ? (ended ? "" : "。") : (ended ? " " : ". ");
    }
    out += s;
}

// A Japanese name with its reading, in the furigana markup the speech side reads.
std::string spoken_name(const Kiosk& k, const std::string& name, const std::string& kana) {
    if (kana.empty() || k.visitor.session.lang.rfind("ja", 0) != 0 || name.find('{') != std::string::npos) return name;
    return "{" + name + "|" + kana + "}";
}

std::string position(Kiosk& k, size_t n, size_t total) {
    std::string s = core::fill_placeholder(k.S("speech.position"), "n", std::to_string(n));
    return core::fill_placeholder(s, "total", std::to_string(total));
}

// A service field by field, as the detail screen shows it.
void service_fields(Kiosk& k, const core::ServiceDetail& d, std::string& out) {
    const std::string& lang = k.visitor.session.lang;
    add(out, lang, spoken_name(k, d.name.text, d.name_kana));
    add(out, lang, d.organization.text);
    if (d.open && d.open->has_hours) add(out, lang, d.open->reachable_now() ? k.S("detail.open_now") : k.S("detail.closed_now"));
    if (!d.description.text.empty()) add(out, lang, k.S("detail.what") + (cjk(lang) ? "：" : ": ") + d.description.text);
    for (const auto& p : d.phones) {
        if (p.number.empty()) continue;
        std::string line = k.S("detail.phone") + (cjk(lang) ? "：" : ": ") + (p.label.text.empty() ? "" : p.label.text + " ") + p.number;
        for (const auto& h : p.hours) line += (cjk(lang) ? "、" : ", ") + h;
        add(out, lang, line);
    }
    if (!d.opening_hours.empty()) {
        std::string line = k.S("detail.hours") + (cjk(lang) ? "：" : ": ");
        for (size_t i = 0; i < d.opening_hours.size(); ++i) line += (i ? (cjk(lang) ? "、" : ", ") : "") + d.opening_hours[i];
        add(out, lang, line);
    }
    const std::string& email = d.email.empty() ? d.organization_email : d.email;
    if (!email.empty()) add(out, lang, k.S("detail.email") + (cjk(lang) ? "：" : ": ") + email);
    const std::string& web = d.website.empty() ? d.organization_website : d.website;
    if (!web.empty()) add(out, lang, k.S("detail.website") + (cjk(lang) ? "：" : ": ") + web);
    for (const auto& l : d.locations)
        add(out, lang, k.S("detail.address") + (cjk(lang) ? "：" : ": ") + l.prefecture + l.municipality + l.address.text);
    add(out, lang, k.S("detail.cost") + (cjk(lang) ? "：" : ": ") + k.S("detail.cost." + (d.cost.empty() ? std::string("unknown") : d.cost)));
    add(out, lang, k.S("detail.last_checked") + " " + d.assured_date);
}

// The take-away list: each place with how to reach it (what the slip will carry).
void basket_entries(Kiosk& k, std::string& out) {
    const std::string& lang = k.visitor.session.lang;
    const auto& basket = k.visitor.session.basket;
    for (size_t i = 0; i < basket.size(); ++i) {
        const core::ServiceDetail* d = k.service_of(basket[i]);
        if (!d) continue;
        std::string line = spoken_name(k, d->name.text, d->name_kana) + (cjk(lang) ? "、" : ", ") + position(k, i + 1, basket.size());
        add(out, lang, line);
        for (const auto& p : d->phones)
            if (!p.number.empty()) add(out, lang, k.S("detail.phone") + (cjk(lang) ? "：" : ": ") + p.number);
        if (!d->website.empty()) add(out, lang, k.S("detail.website") + (cjk(lang) ? "：" : ": ") + d->website);
    }
}

// The screen's heading (and, where the screen is one thing to read, its content).
std::string screen_text(Kiosk& k) {
    const std::string& lang = k.visitor.session.lang;
    std::string out;
    switch (k.visitor.session.screen) {
        case Screen::attract:
            add(out, lang, k.S("attract.title"));
            add(out, lang, k.S("attract.subtitle"));
            break;
        case Screen::concern: add(out, lang, k.S("concern.question")); break;
        case Screen::who:
            add(out, lang, k.S("who.question"));
            add(out, lang, k.S("who.situations_hint"));
            break;
        case Screen::results:
            add(out, lang, k.S("results.title"));
            add(out, lang, k.visitor.views.results.empty() ? k.S("results.none") : replace_n(k.S("results.count"), static_cast<long long>(k.visitor.views.results.size())));
            break;
        case Screen::detail:
            if (k.visitor.views.detail) service_fields(k, *k.visitor.views.detail, out);
            break;
        case Screen::guides: add(out, lang, k.S("guides.title")); break;
        case Screen::guide:
            if (const core::Guide* g = k.guide_of(k.visitor.session.guide_id)) {
                add(out, lang, g->title.text);
                add(out, lang, g->body.text);
            }
            break;
        case Screen::basket:
            add(out, lang, k.S("basket.title"));
            if (k.visitor.session.basket.empty()) add(out, lang, k.S("basket.empty"));
            else basket_entries(k, out);
            break;
        case Screen::language: add(out, lang, k.S("language.title")); break;
        case Screen::neutral: add(out, lang, k.S("neutral.title")); break;
        case Screen::search: add(out, lang, k.S("search.title")); break;
        case Screen::qr: add(out, lang, k.S("qr.title")); break;
        case Screen::urgent:
            add(out, lang, k.S("urgent.title"));
            add(out, lang, k.S("urgent.hint"));
            break;
    }
    if (!k.deps.catalogue && !k.deps.catalogue_pending && k.visitor.session.screen != Screen::neutral &&
        k.visitor.session.screen != Screen::language)
        out = k.S("error.no_catalogue");
    return out;
}

// The focused item: what it says, and where it is among its own kind.
std::string focus_text(Kiosk& k) {
    const Ui::Target* t = k.ui.focused_target();
    if (!t) return {};
    std::string label = t->label;
    // Arrows drawn beside a label ("← もどる", "くわしく →") are not words.
    for (const std::string_view arrow : {"← ", " →"}) {
        if (label.rfind(arrow, 0) == 0) label.erase(0, arrow.size());
        if (label.size() >= arrow.size() && label.compare(label.size() - arrow.size(), arrow.size(), arrow) == 0) label.resize(label.size() - arrow.size());
    }
    if (label.empty()) return {};
    const std::string& name = t->name;
    const std::string& lang = k.visitor.session.lang;
    // A key of the on-screen keyboard says only its letter.
    if (name.rfind("key.", 0) == 0) return label;
    // The list a result card belongs to is longer than what is drawn.
    size_t n = 0, total = 0;
    auto in_list = [&](const std::vector<core::ServiceSummary>& list, std::string_view prefix) {
        if (name.rfind(prefix, 0) != 0) return false;
        for (size_t i = 0; i < list.size(); ++i)
            if (name.compare(prefix.size(), std::string::npos, list[i].id) == 0) {
                n = i + 1;
                total = list.size();
            }
        return n > 0;
    };
    if (!in_list(k.visitor.views.results, "result.") && !in_list(k.visitor.views.urgent, "urgent.")) {
        // Other lists of choices: among the targets of the same kind on screen
        // (the same name up to its last dot). Single buttons (はじめる, 印刷する)
        // have no position: "1 of 2" would say nothing useful.
        static const char* const kLists[] = {"concern.", "who.situation.", "who.", "guide.", "guide.service.", "language.", "attract.lang.",
                                             "search.result.", "search.named.", "basket.remove.", "detail.channel.", "detail.fact.",
                                             "results.kind.", "results.mode."};
        const auto dot = name.rfind('.');
        const std::string group = dot == std::string::npos ? std::string() : name.substr(0, dot + 1);
        if (std::find(std::begin(kLists), std::end(kLists), group) != std::end(kLists)) {
            for (const Ui::Target* o : k.ui.focus_order())
                if (o->name.rfind(group, 0) == 0 && o->name.find('.', dot + 1) == std::string::npos) {
                    ++total;
                    if (o->name == name) n = total;
                }
        }
    }
    if (total > 1 && n > 0) label += (cjk(lang) ? "、" : ", ") + position(k, n, total);
    // Before printing: the slip as it will come out.
    if (name == "basket.print") {
        std::string slip;
        basket_entries(k, slip);
        add(label, lang, k.S("speech.slip_intro"));
        add(label, lang, slip);
    }
    return label;
}

}  // namespace

std::string spoken_help(Kiosk& k) { return k.S("keys.help"); }

void update_announcement(Kiosk& k, double now) {
    VisitorState& v = k.visitor;
    // Keys mode with the focus still to be placed (a new screen, drawn once
    // before its first choice is known): wait for it, so that the heading and
    // the first item are said together rather than one cutting the other off.
    if (k.ui.keys_mode() && k.ui.focused().empty()) return;
    // The screen changed during this frame (a tap or select acted): the new
    // screen has not been drawn yet; it is said once it has.
    if (v.session.screen != k.focus_screen) return;
    // What the announcement depends on. Not the clock: the countdown is said
    // when it appears (with its seconds), not every second.
    // The first key of a session counts as a new screen: the heading is said
    // with the first focused item.
    const std::string screen_key = std::to_string(static_cast<int>(v.session.screen)) + "|" + v.session.lang + "|" + (k.ui.keys_mode() ? "k" : "t") + "|";
    std::string key = screen_key + std::to_string(k.ui.focus_serial()) + "|" +
                      k.ui.focused() + "|" + (v.countdown ? "c" : "") + (v.keys_help ? "h" : "") + "|" + v.views.detail_key + "|" +
                      std::to_string(v.session.basket.size()) + "|" + v.views.results_key;
    if (key == v.announced_key) {
        core::secure_clear(key);
        return;
    }
    // Only the focus moved: only the item is said again.
    const bool same_screen = v.announced_key.rfind(screen_key, 0) == 0 && !v.countdown && !v.keys_help;
    core::secure_clear(v.announced_key);
    v.announced_key = std::move(key);
    std::string text;
    const std::string& lang = v.session.lang;
    if (v.countdown) {
        add(text, lang, k.S("idle.question"));
        const double left = k.deps.config.countdown_seconds - (now - v.countdown_start);
        add(text, lang, replace_n(k.S("idle.seconds_left"), static_cast<long long>(std::ceil(std::max(0.0, left)))));
        add(text, lang, focus_text(k));
    } else if (v.keys_help) {
        add(text, lang, spoken_help(k));
    } else {
        if (!same_screen) add(text, lang, screen_text(k));
        add(text, lang, focus_text(k));
    }
    if (text.empty() || text == v.announcement.text) {
        core::secure_clear(text);
        return;
    }
    core::secure_clear(v.announcement.text);
    v.announcement.text = std::move(text);
    v.announcement.lang = lang;
    v.announcement.serial = ++k.announcement_serial;
}

}  // namespace madoguchi::ui
