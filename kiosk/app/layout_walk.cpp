// SPDX-License-Identifier: Apache-2.0
// layout_walk.cpp — `walk-layout`: every screen a visitor can reach × every
// language × both text sizes, through KioskUiProbe::layout_problems
// (script_player.hpp describes the command, docs/accessibility.md the checks).
#include "layout_walk.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace madoguchi::app::script {
namespace {

// --- layout walk -------------------------------------------------------------------
//
// `walk-layout` (script_player.hpp; docs/accessibility.md): every screen a
// visitor can reach, in every language the attract screen offers, in normal
// text (standard colours) and in large text (high contrast), at the window's
// current size (the urgent route too: from the attract screen and from the
// bar, with the detail of every line it lists). On each screen it reads
// KioskUiProbe::layout_problems(): text cut
// short or past its box, a missing glyph, a target under 12 mm or closer than
// 2 mm to the next. Lists, the detail of every service listed and every guide
// are scrolled through, since only what is drawn is checked.
class LayoutWalk {
public:
    LayoutWalk(Player& p, platform::Window& w, ui::KioskUi& u) : p_(p), window_(w), ui_(u) {}

    // "" when every screen was sound; else the problems, one per line.
    std::string run() {
        const LayoutOnly layout_only(p_);  // only the layout matters here
        start_over();
        const std::vector<std::string> langs = attract_languages(probe_);
        if (langs.empty()) return "walk-layout: no language buttons on the attract screen";
        for (const auto& lang : langs)
            for (const bool large : {false, true}) {
                mode_ = lang + (large ? ", large text, high contrast" : "");
                if (!walk(lang, large)) problems_.push_back("[" + mode_ + "] the walk could not go on: " + stuck_);
            }
        summary_ = "walk-layout: " + std::to_string(window_.width()) + "x" + std::to_string(window_.height()) + ", " +
                   std::to_string(langs.size()) + " languages x 2 text sizes, " + std::to_string(checks_) + " screens checked, " +
                   std::to_string(problems_.size()) + " problem(s)";
        if (problems_.empty()) return "";
        std::string out = summary_ + ":";
        for (size_t i = 0; i < problems_.size() && i < 60; ++i) out += "\n  " + problems_[i];
        if (problems_.size() > 60) out += "\n  … and " + std::to_string(problems_.size() - 60) + " more";
        return out;
    }
    const std::string& summary() const { return summary_; }

private:
    bool tap(const std::string& name) {
        auto t = probe_.target(name);
        if (!t || probe_.target_clipped(name)) {
            stuck_ = "no target " + name + " on the " + probe_.screen_name() + " screen";
            return false;
        }
        p_.tap(t->cx(), t->cy());
        return true;
    }
    std::vector<std::string> names(const std::string& prefix, const std::string& except = "") const {
        std::vector<std::string> v;
        for (const auto& n : probe_.target_names())
            if (n.rfind(prefix, 0) == 0 && (except.empty() || n.rfind(except, 0) != 0)) v.push_back(n);
        return v;
    }
    void check(const std::string& where = "") {
        ++checks_;
        for (const auto& pr : probe_.layout_problems()) {
            std::string line = "[" + mode_ + "] " + probe_.screen_name() + (where.empty() ? "" : " (" + where + ")") + ": " + pr;
            if (std::find(problems_.begin(), problems_.end(), line) == problems_.end()) problems_.push_back(std::move(line));
        }
    }
    // The session ends (とじる), the neutral screen is checked, then back to a
    // clean attract screen.
    void start_over() {
        if (auto t = probe_.target("quick_hide")) p_.tap(t->cx(), t->cy());
        if (probe_.screen_name() == "neutral") {
            check();
            if (auto t = probe_.target("neutral.back")) p_.tap(t->cx(), t->cy());
        }
    }
    // Wheel over a scrolled list, a page at a time, checking each page, until
    // nothing new comes into view; returns every target name seen with prefix.
    std::vector<std::string> scroll_through(const std::string& prefix, float x, float y) {
        std::vector<std::string> seen;
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});  // to the top
        for (int page = 0, quiet = 0; page < 200 && quiet < 2; ++page) {
            check("page " + std::to_string(page + 1));
            size_t before = seen.size();
            for (const auto& n : names(prefix))
                if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(n);
            quiet = seen.size() == before ? quiet + 1 : 0;
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -4});
        }
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
        return seen;
    }
    // Brings a list entry wholly into view (wheel from the top) and taps it.
    bool tap_in_list(const std::string& name, float x, float y) {
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
        for (int i = 0; i < 400; ++i) {
            if (probe_.target(name) && !probe_.target_clipped(name)) return tap(name);
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -1});
        }
        stuck_ = name + " never came into view";
        return false;
    }
    float mid_x() const { return window_.width() / 2.0f; }

    bool walk(const std::string& lang, bool large) {
        start_over();
        if (probe_.screen_name() != "attract") return stuck_ = "not back on the attract screen", false;
        if (!tap("attract.lang." + lang)) return false;
        if (large && (!tap("nav.large_text") || !tap("nav.high_contrast"))) return false;
        check();
        // The urgent route from the attract screen (issue 19): its page, then back.
        if (!tap("attract.urgent")) return false;
        scroll_page("urgent, from the attract screen");
        if (!tap("nav.back")) return false;
        // Language picker and the idle countdown, from the concern screen.
        if (!tap("attract.start")) return false;
        check();
        if (!tap("nav.language")) return false;
        check();
        if (!tap("language." + lang)) return false;  // back where it was opened
        for (int i = 0; i < 400 && !probe_.countdown_visible(); ++i) p_.wait(10);  // idle_seconds is at most 3600
        if (probe_.countdown_visible()) {
            check("idle countdown");
            if (!tap("idle.continue")) return false;
        }
        // Search: the kana keyboard with hits, then the alphabet.
        if (!tap("nav.search")) return false;
        check("empty");
        p_.input({ui::InputEvent::Kind::text, 0, 0, 0, "だ"});
        check("typed");
        if (!tap("key.mode")) return false;
        check("alphabet");
        if (!tap("nav.back")) return false;
        // The urgent route from the bar: its page and the detail of every line.
        if (!tap("nav.urgent") || !walk_urgent()) return false;
        if (!tap("nav.back")) return false;
        // Guides: the list, every guide.
        if (!tap("nav.guides")) return false;
        const auto first = probe_.target(names("guide.").empty() ? "" : names("guide.").front());
        const float gx = mid_x(), gy = first ? first->cy() : window_.height() / 2.0f;
        for (const auto& g : scroll_through("guide.", gx, gy)) {
            if (!tap_in_list(g, gx, gy)) return false;
            scroll_page("guide.service.");
            if (!tap("nav.back")) return false;
        }
        if (!tap("nav.back")) return false;
        // Every concern: who (with a situation chosen), the results list, and
        // the detail of every service not seen yet; three on the slip.
        const auto concerns = names("concern.");
        std::vector<std::string> details;
        int on_slip = 0;
        for (const auto& c : concerns) {
            if (probe_.screen_name() != "concern") return stuck_ = "not on the concern screen", false;
            if (!tap(c)) return false;
            check(c);
            const auto chips = names("who.situation.");
            if (!chips.empty() && !tap(chips.front())) return false;
            const auto audiences = names("who.", "who.situation.");
            if (audiences.empty()) return stuck_ = "no audience buttons", false;
            check(c + ", a situation chosen");
            if (!tap(audiences.front())) return false;
            if (probe_.screen_name() != "results") return stuck_ = "no results screen after " + audiences.front(), false;
            const auto cards = names("result.");
            if (!cards.empty()) {
                const auto r = probe_.target(cards.front());
                const float lx = r->cx(), ly = r->cy();
                for (const auto& card : scroll_through("result.", lx, ly)) {
                    if (std::find(details.begin(), details.end(), card) != details.end()) continue;
                    details.push_back(card);
                    if (!tap_in_list(card, lx, ly)) return false;
                    scroll_page("detail " + card.substr(7));
                    if (on_slip < 3 && probe_.target("detail.slip") && tap("detail.slip")) ++on_slip;
                    if (!tap("nav.back")) return false;
                }
            } else {
                check(c + ", nothing found");
            }
            if (!tap("nav.back") || !tap("nav.back")) return false;  // results → who → concern
        }
        // The slip and its QR codes, from the first service of the first concern.
        if (on_slip > 0 && !concerns.empty()) {
            if (!tap(concerns.front()) || !tap(names("who.", "who.situation.").front())) return false;
            const auto cards = names("result.");
            if (cards.empty() || !tap(cards.front()) || !tap("nav.basket")) return false;
            check(std::to_string(on_slip) + " on the slip");
            if (probe_.target("basket.print")) {  // with a printer: print, and the outcome's message
                if (!tap("basket.print")) return false;
                p_.wait(0.5);
                check("printed");
            }
            if (!tap("basket.qr")) return false;
            scroll_page("QR codes");
        }
        start_over();
        return true;
    }
    // The urgent screen (issue 19): checked from top to bottom, then every
    // line listed opened and its detail checked.
    bool walk_urgent() {
        if (probe_.screen_name() != "urgent") return stuck_ = "no urgent screen", false;
        scroll_page("urgent");
        const float x = mid_x(), y = window_.height() / 2.0f;
        std::vector<std::string> lines;
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
        for (int page = 0, quiet = 0; page < 60 && quiet < 2; ++page) {
            const size_t before = lines.size();
            for (const auto& n : names("urgent.", "urgent.guide"))
                if (std::find(lines.begin(), lines.end(), n) == lines.end()) lines.push_back(n);
            quiet = lines.size() == before ? quiet + 1 : 0;
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -4});
        }
        for (const auto& line : lines) {
            if (!tap_in_list(line, x, y)) return false;
            scroll_page("detail " + line.substr(7) + ", from the urgent screen");
            if (!tap("nav.back")) return false;
        }
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
        return true;
    }
    // A scrolled page (detail, guide, QR codes): checked from top to bottom.
    void scroll_page(const std::string& where) {
        const float x = mid_x(), y = window_.height() / 2.0f;
        for (int page = 0; page < 60; ++page) {
            check(where);
            const auto before = probe_.target_names();
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -4});
            if (probe_.target_names() == before && page > 0) break;
        }
    }

    Player& p_;
    platform::Window& window_;
    ui::KioskUi& ui_;
    ui::KioskUiProbe probe_{ui_};  // what the last frame showed
    std::string mode_, stuck_, summary_;
    std::vector<std::string> problems_;
    long checks_ = 0;
};

}  // namespace

std::string walk_layout(Player& p, platform::Window& window, ui::KioskUi& ui, std::string* summary) {
    LayoutWalk w(p, window, ui);
    std::string e = w.run();
    if (e.empty() && summary) *summary = w.summary();
    return e;
}

}  // namespace madoguchi::app::script
