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

// --- the setup walk ------------------------------------------------------------------

namespace {

class SetupWalk {
public:
    SetupWalk(Player& p, platform::Window& w, ui::KioskUi& u) : p_(p), window_(w), ui_(u) {}

    std::string run() {
        if (probe_.screen_name().rfind("setup-", 0) != 0)
            return "walk-setup: the setup screens are not open (the " + probe_.screen_name() + " screen is shown)";
        const LayoutOnly layout_only(p_);
        ui::SetupView v;
        v.usb_printers = {"/dev/usb/lp0", "/dev/usb/lp1"};
        v.key_folders = {"/media/usb0", "/var/lib/madoguchi/inbox"};
        core::PublisherKeyFile good;
        good.path = "/media/usb0/minato-city.pub";
        good.key_id_hex = "4A1B2C3D5E6F7081";
        good.comment = "みなと市 健康福祉局 (2026)";
        core::PublisherKeyFile demo;
        demo.path = "/media/usb0/demo.pub";
        demo.key_id_hex = "0123456789ABCDEF";
        demo.comment = "madoguchi DEMO key — do not use in production";
        demo.demo = true;
        core::PublisherKeyFile bad;
        bad.path = "/media/usb0/notes.pub";
        bad.problem = "not a minisign public key: the second line is not base64";
        v.keys = {good, demo, bad};
        view_ = v;
        keys_ = v.keys;
        ui_.set_setup_view(view_);
        p_.frames();
        for (const char* lang : {"ja", "en"}) {
            mode_ = lang;
            if (!walk(lang)) problems_.push_back(std::string("[") + lang + "] the walk could not go on: " + stuck_);
        }
        to_welcome();
        tap("setup.lang.ja");
        summary_ = "walk-setup: " + std::to_string(window_.width()) + "x" + std::to_string(window_.height()) + ", 2 languages, " +
                   std::to_string(checks_) + " screens checked, " + std::to_string(problems_.size()) + " problem(s)";
        if (problems_.empty()) return "";
        std::string out = summary_ + ":";
        for (size_t i = 0; i < problems_.size() && i < 60; ++i) out += "\n  " + problems_[i];
        return out;
    }
    const std::string& summary() const { return summary_; }

private:
    bool tap(const std::string& name) {
        auto t = probe_.target(name);
        if (!t) {
            stuck_ = "no target " + name + " on the " + probe_.screen_name() + " screen";
            return false;
        }
        if (probe_.target_clipped(name) || t->y + t->h > window_.height()) {  // wheel it into view first
            const float x = window_.width() / 2.0f, y = window_.height() / 2.0f;
            for (int i = 0; i < 60 && (probe_.target_clipped(name) || !probe_.target(name)); ++i)
                p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -1});
            t = probe_.target(name);
            if (!t || probe_.target_clipped(name)) {
                stuck_ = name + " never came into view on the " + probe_.screen_name() + " screen";
                return false;
            }
        }
        p_.tap(t->cx(), t->cy());
        return true;
    }
    bool taps(const std::string& prefix, const std::string& keys) {
        for (char ch : keys) {
            const std::string k = ch == '.' ? "dot" : ch == ':' ? "colon" : std::string(1, ch);
            if (!tap(prefix + k)) return false;
        }
        return true;
    }
    // Checks the step from top to bottom (its body scrolls), then back to the top.
    void check(const std::string& where = "") {
        const float x = window_.width() / 2.0f, y = window_.height() / 2.0f;
        for (int page = 0; page < 30; ++page) {
            ++checks_;
            for (const auto& pr : probe_.layout_problems()) {
                std::string line = "[" + mode_ + "] " + probe_.screen_name() + (where.empty() ? "" : " (" + where + ")") + ": " + pr;
                if (std::find(problems_.begin(), problems_.end(), line) == problems_.end()) problems_.push_back(std::move(line));
            }
            const auto before = probe_.target_names();
            const std::string text = probe_.setup_text();
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -4});
            if (probe_.target_names() == before && probe_.setup_text() == text) break;
        }
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
    }
    void to_welcome() {
        for (int i = 0; i < 20 && probe_.screen_name() != "setup-welcome"; ++i)
            if (!tap("setup.back")) break;
    }
    bool next(const std::string& want) {
        if (!tap("setup.next")) return false;
        if (probe_.screen_name() != want) return stuck_ = "setup.next led to " + probe_.screen_name() + ", not " + want, false;
        return true;
    }

    bool walk(const std::string& lang) {
        to_welcome();
        if (probe_.screen_name() != "setup-welcome") return stuck_ = "not back on the welcome step", false;
        if (!tap("setup.lang." + lang)) return false;
        check();
        if (!next("setup-place")) return false;
        check();
        if (!tap("setup.region.kanto")) return false;
        check("Kanto's prefectures");
        if (!tap("setup.region.back") || !tap("setup.region.kyushu")) return false;
        check("Kyushu's prefectures");
        if (!tap("setup.pref.13") && !(tap("setup.region.back") && tap("setup.region.kanto") && tap("setup.pref.13"))) return false;
        if (!tap("setup.muni.open")) return false;
        check("municipality pad");
        if (!taps("setup.muni.", "27100") || !tap("setup.muni.ok")) return false;  // Osaka's code under Tokyo: the message
        check("municipality refused");
        if (!tap("setup.muni.cancel")) return false;
        if (!next("setup-screen")) return false;
        check();
        if (!next("setup-printer")) return false;
        check("no printer");
        if (!tap("setup.printer.usb.0")) return false;
        check("USB printer");
        if (!tap("setup.printer.network")) return false;
        check("network pad");
        if (!taps("setup.net.", "300.1") || !tap("setup.net.ok")) return false;
        check("network address refused");
        for (int i = 0; i < 5; ++i)  // "300.1"
            if (!tap("setup.net.delete")) return false;
        if (!taps("setup.net.", "192.168.1.50:9100") || !tap("setup.net.ok")) return false;
        check("network printer");
        for (const auto r : {core::PrintResult::printed, core::PrintResult::paper_out, core::PrintResult::timeout, core::PrintResult::io_error}) {
            if (!tap("setup.printer.test")) return false;
            ui::SetupRequest req;
            while (auto q = ui_.take_setup_request()) req = *q;  // the test slip asked for (not sent: this is a walk)
            view_.test_printing = true;
            ui_.set_setup_view(view_);
            p_.frames();
            check("printing");
            view_.test_printing = false;
            view_.test_result = r;
            ui_.set_setup_view(view_);
            p_.frames();
            check(std::string("test slip: ") + std::string(core::to_string(r)));
        }
        view_.test_result.reset();
        ui_.set_setup_view(view_);
        if (!next("setup-idle")) return false;
        check();
        if (!next("setup-admin")) return false;
        check("PIN");
        if (probe_.target("setup.pin.change") && !probe_.target("setup.pin.1") && !tap("setup.pin.change")) return false;
        if (probe_.target("setup.pin.1")) {
            if (!taps("setup.pin.", "123456") || !tap("setup.pin.ok")) return false;
            check("PIN refused");
            if (!taps("setup.pin.", "2580147") || !tap("setup.pin.ok")) return false;
            check("PIN again");
            if (!taps("setup.pin.", "2580147") || !tap("setup.pin.ok")) return false;
            p_.frames();
            check("PIN set");
        }
        if (!next("setup-admin")) return false;
        check("keys");
        if (!tap("setup.key.0")) return false;
        check("a key chosen");
        view_.keys.clear();
        ui_.set_setup_view(view_);
        p_.frames();
        check("no keys");
        if (!tap("setup.key.keep")) return false;
        view_.keys = keys_;
        ui_.set_setup_view(view_);
        p_.frames();
        if (!next("setup-clock")) return false;
        check();
        if (!next("setup-done")) return false;
        check();
        view_.saving = true;
        ui_.set_setup_view(view_);
        p_.frames();
        check("saving");
        view_.saving = false;
        view_.save_error = "the disk is full (/var/lib/madoguchi/site.toml.tmp)";
        ui_.set_setup_view(view_);
        p_.frames();
        check("save failed");
        view_.save_error.clear();
        ui_.set_setup_view(view_);
        p_.frames();
        return true;
    }
    Player& p_;
    platform::Window& window_;
    ui::KioskUi& ui_;
    ui::KioskUiProbe probe_{ui_};
    ui::SetupView view_;
    std::vector<core::PublisherKeyFile> keys_;
    std::string mode_, stuck_, summary_;
    std::vector<std::string> problems_;
    long checks_ = 0;
};

}  // namespace

std::string walk_setup(Player& p, platform::Window& window, ui::KioskUi& ui, std::string* summary) {
    // The walk sets every view itself (printers, keys, a test slip's outcome).
    // The app's setup link is held off meanwhile: a real test slip's outcome
    // arriving from its printer thread would replace the walk's view with its
    // own (seen in CI under load: no target setup.key.0), and what the walk
    // asked of it (a scan, a test slip) is dropped, never acted on.
    SetupLink* link = p.setup();
    p.set_setup(nullptr);
    SetupWalk w(p, window, ui);
    std::string e = w.run();
    while (ui.take_setup_request()) {
    }
    p.set_setup(link);
    if (e.empty() && summary) *summary = w.summary();
    return e;
}

}  // namespace madoguchi::app::script
