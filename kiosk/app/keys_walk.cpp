// SPDX-License-Identifier: Apache-2.0
// keys_walk.cpp — `keys-walk`: from the attract screen, with key events only,
// through every screen the touch walk (`walk-layout`) visits, in every
// language the attract screen offers (the first once more in large text with
// high contrast), at the window's current size. On each
// screen it compares two lists: every target touch can reach (the screen's
// targets, with each scrolled area wheeled from top to bottom) and every
// target the down key reaches going once round the screen (focus order,
// scrolled areas paged through). A target only touch reaches fails the walk
// with its name; so does a screen keys cannot get to, or leave.
//
// Why compare with touch rather than list what keys should reach: every
// screen already names what a finger can tap, so a new button that keys miss
// fails here without anyone writing its name down. Fast: frames are laid out,
// not rendered (as walk-layout), and no screenshot is taken.
#include "keys_walk.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace madoguchi::app::script {
namespace {

using core::KeyAction;

void press(Player& p, KeyAction a) {
    ui::InputEvent e{ui::InputEvent::Kind::action, 0, 0, 0, {}};
    e.action = a;
    p.input(e);
    p.now_ += 0.2;
}

// Targets touch cannot act on either: the hidden staff corners are held, not tapped.
bool counted(const std::string& name) { return name.rfind("admin.corner.", 0) != 0; }

class KeysWalk {
public:
    KeysWalk(Player& p, platform::Window& w, ui::KioskUi& u) : p_(p), window_(w), ui_(u) {}

    std::string run() {
        const LayoutOnly layout_only(p_);
        start_over();
        const std::vector<std::string> langs = attract_languages(probe_);
        if (langs.empty()) return "keys-walk: no language buttons on the attract screen";
        for (size_t i = 0; i < langs.size(); ++i) {
            mode_ = langs[i];
            // Every concern's lists in the first language; in the others the
            // first concern (the lists hold the same targets in every language).
            if (!walk(langs[i], i == 0, false)) problems_.push_back("[" + mode_ + "] the walk could not go on: " + stuck_);
        }
        // Large text with high contrast, switched on by keys, once (the first
        // language): the bar takes two rows and chips wrap, so rows differ.
        mode_ = langs.front() + ", large text, high contrast";
        if (!walk(langs.front(), false, true)) problems_.push_back("[" + mode_ + "] the walk could not go on: " + stuck_);
        summary_ = "keys-walk: " + std::to_string(window_.width()) + "x" + std::to_string(window_.height()) + ", " +
                   std::to_string(langs.size()) + " languages (and " + langs.front() + " in large text), " + std::to_string(screens_) + " screens, " + std::to_string(reached_) +
                   " targets reached by keys, " + std::to_string(presses_) + " key presses, " + std::to_string(problems_.size()) +
                   " problem(s)";
        if (problems_.empty()) return "";
        std::string out = summary_ + ":";
        for (size_t i = 0; i < problems_.size() && i < 60; ++i) out += "\n  " + problems_[i];
        if (problems_.size() > 60) out += "\n  … and " + std::to_string(problems_.size() - 60) + " more";
        return out;
    }
    const std::string& summary() const { return summary_; }

    // Down until `name` has the focus, once round the screen at most.
    bool focus(const std::string& name) {
        if (probe_.focused() == name) return true;
        if (!ui_.keys_mode()) {
            key(KeyAction::down);  // the first key only shows the focus
            if (probe_.focused() == name) return true;
        }
        std::set<std::string> seen;
        std::string prev = probe_.focused();
        for (int i = 0; i < 3000; ++i) {
            key(KeyAction::down);
            const std::string f = probe_.focused();
            if (f == name) return true;
            if (f != prev && !seen.insert(f).second) break;  // round once: not there
            prev = f;
        }
        stuck_ = "target " + name + " on the " + probe_.screen_name() + " screen cannot be reached by keys";
        return false;
    }

private:
    void key(KeyAction a) {
        press(p_, a);
        ++presses_;
    }
    bool select(const std::string& name) {
        if (!focus(name)) return false;
        key(KeyAction::select);
        return true;
    }
    bool expect(const std::string& screen) {
        if (probe_.screen_name() == screen) return true;
        stuck_ = "expected the " + screen + " screen, the " + probe_.screen_name() + " screen is shown";
        return false;
    }
    std::vector<std::string> names(const std::string& prefix, const std::string& except = "") const {
        std::vector<std::string> v;
        for (const auto& n : probe_.focus_order())
            if (n.rfind(prefix, 0) == 0 && (except.empty() || n.rfind(except, 0) != 0)) v.push_back(n);
        return v;
    }

    // What touch reaches on this screen: its targets, and each scrolled area's
    // from top to bottom (wheel), then back at the top.
    std::set<std::string> touch_reach() {
        std::set<std::string> out;
        for (const auto& n : probe_.target_names())
            if (counted(n)) out.insert(n);
        for (const auto& [region, view] : probe_.scroll_regions()) {
            const float x = view.cx(), y = view.cy();
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
            for (int page = 0, quiet = 0; page < 400 && quiet < 2; ++page) {
                const size_t before = out.size();
                for (const auto& n : probe_.target_names())
                    if (counted(n)) out.insert(n);
                quiet = out.size() == before ? quiet + 1 : 0;
                p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -3});
            }
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
        }
        return out;
    }
    // What the down key reaches going once round the screen.
    std::set<std::string> keys_reach() {
        std::set<std::string> out;
        if (!ui_.keys_mode()) key(KeyAction::down);
        std::string prev = probe_.focused();
        out.insert(prev);
        for (int i = 0; i < 3000; ++i) {
            key(KeyAction::down);
            const std::string f = probe_.focused();
            if (f != prev && !out.insert(f).second) break;
            prev = f;
        }
        out.erase("");
        return out;
    }
    // The screen as it is now: everything touch reaches, keys reach too.
    void check(const std::string& where = "") {
        ++screens_;
        const std::string screen = probe_.screen_name();
        const std::set<std::string> touch = touch_reach();
        const std::set<std::string> keys = keys_reach();
        reached_ += static_cast<long>(keys.size());
        for (const auto& n : touch)
            if (!keys.count(n)) {
                std::string line = "[" + mode_ + "] " + screen + (where.empty() ? "" : " (" + where + ")") + ": " + n + " is reached by touch but not by keys";
                if (std::find(problems_.begin(), problems_.end(), line) == problems_.end()) problems_.push_back(std::move(line));
            }
        if (probe_.screen_name() != screen)
            problems_.push_back("[" + mode_ + "] " + screen + ": going round the screen by keys left it for " + probe_.screen_name());
    }
    // とじる by its key, the neutral screen checked, back to the attract screen by keys.
    void start_over() {
        key(KeyAction::close);
        if (probe_.screen_name() == "neutral") {
            check("after the close key");
            if (select("neutral.back")) return;
        }
        key(KeyAction::home);
    }

    bool walk(const std::string& lang, bool every_concern, bool large) {
        start_over();
        if (!expect("attract") || !select("attract.lang." + lang)) return false;
        if (large && (!select("nav.large_text") || !select("nav.high_contrast"))) return false;
        check();
        // The urgent route from the attract screen, one line's detail, back.
        if (!select("attract.urgent") || !expect("urgent")) return false;
        check();
        if (const auto lines = names("urgent.", "urgent.guide"); !lines.empty()) {
            if (!select(lines.front()) || !expect("detail")) return false;
            check("from the urgent screen");
            key(KeyAction::back);
        }
        key(KeyAction::back);
        if (!expect("attract") || !select("attract.start") || !expect("concern")) return false;
        check();
        // The language picker, and back where it was opened by choosing the language.
        if (!select("nav.language") || !expect("language")) return false;
        check();
        if (!select("language." + lang) || !expect("concern")) return false;
        // The idle countdown: keys reach its buttons; any key continues.
        for (int i = 0; i < 400 && !probe_.countdown_visible(); ++i) p_.wait(10);
        if (probe_.countdown_visible()) {
            ++screens_;
            const auto order = probe_.focus_order();
            for (const char* n : {"idle.continue", "quick_hide"})
                if (std::find(order.begin(), order.end(), n) == order.end())
                    problems_.push_back("[" + mode_ + "] idle countdown: " + n + " cannot be reached by keys");
            key(KeyAction::down);
            if (probe_.countdown_visible()) return stuck_ = "a key did not continue the session under the idle countdown", false;
        }
        // Search: the keyboard by keys (a letter, the ABC keys), then back.
        if (!select("nav.search") || !expect("search")) return false;
        check("empty");
        if (const auto letters = names("key.", "key.mode"); !letters.empty()) {
            if (!select(letters.front())) return false;
            check("a letter typed");
        }
        if (!select("key.mode")) return false;
        check("alphabet");
        key(KeyAction::back);
        // The bar's urgent route, back; the guides, one guide, back.
        if (!select("nav.urgent") || !expect("urgent")) return false;
        key(KeyAction::back);
        if (!select("nav.guides") || !expect("guides")) return false;
        check();
        if (const auto guides = names("guide."); !guides.empty()) {
            if (!select(guides.front()) || !expect("guide")) return false;
            check();
            key(KeyAction::back);
        }
        key(KeyAction::back);
        // Concerns: who (a situation chosen), the results, the first detail
        // (on the slip); the list and its QR codes.
        if (!expect("concern")) return false;
        std::vector<std::string> concerns = names("concern.");
        if (!every_concern && concerns.size() > 1) concerns.resize(1);
        bool on_slip = false;
        for (const auto& c : concerns) {
            if (!select(c) || !expect("who")) return false;
            check(c);
            if (const auto chips = names("who.situation."); !chips.empty() && !select(chips.front())) return false;
            const auto audiences = names("who.", "who.situation.");
            if (audiences.empty()) return stuck_ = "no audience buttons", false;
            if (!select(audiences.front()) || !expect("results")) return false;
            check(c);
            if (const auto cards = names("result."); !cards.empty()) {
                if (!select(cards.front()) || !expect("detail")) return false;
                check(cards.front().substr(7));
                if (!on_slip && !names("detail.slip").empty() && select("detail.slip")) on_slip = true;
                if (on_slip) {
                    if (!select("nav.basket") || !expect("basket")) return false;
                    check();
                    if (!names("basket.qr").empty()) {
                        if (!select("basket.qr") || !expect("qr")) return false;
                        check();
                        key(KeyAction::back);
                    }
                    key(KeyAction::back);
                }
                key(KeyAction::back);
            }
            key(KeyAction::back);
            key(KeyAction::back);
            if (!expect("concern")) return false;
        }
        start_over();
        return true;
    }

    Player& p_;
    platform::Window& window_;
    ui::KioskUi& ui_;
    ui::KioskUiProbe probe_{ui_};
    std::string mode_, stuck_, summary_;
    std::vector<std::string> problems_;
    long screens_ = 0, reached_ = 0, presses_ = 0;
};

}  // namespace

std::string keys_walk(Player& p, platform::Window& window, ui::KioskUi& ui, std::string* summary) {
    KeysWalk w(p, window, ui);
    std::string e = w.run();
    if (e.empty() && summary) *summary = w.summary();
    return e;
}

std::string focus_to(Player& p, ui::KioskUi& ui, const std::string& name) {
    const ui::KioskUiProbe probe(ui);
    if (probe.focused() == name) return "";
    if (!ui.keys_mode()) press(p, KeyAction::down);  // the first key only shows the focus
    std::set<std::string> seen;
    std::string prev = probe.focused();
    for (int i = 0; i < 3000 && prev != name; ++i) {
        press(p, KeyAction::down);
        const std::string f = probe.focused();
        if (f != prev && !seen.insert(f).second) break;
        prev = f;
    }
    if (probe.focused() == name) return "";
    return "target " + name + " on the " + probe.screen_name() + " screen cannot be reached by keys";
}

}  // namespace madoguchi::app::script
