// SPDX-License-Identifier: Apache-2.0
// setup_screens.cpp — see setup_screens.hpp.
//
// Screens (KioskUiProbe::screen_name; scripts: `expect screen NAME`):
//   setup-welcome  setup-place  setup-screen  setup-printer  setup-idle
//   setup-admin  setup-clock  setup-done
//
// Targets (stable names for scripts; every one is reachable by keys too):
//   every step     setup.back, setup.next (setup.save on the last step),
//                  quick_hide (とじる), setup.cancel (opened from the admin screen:
//                  leave without saving)
//   welcome        setup.lang.ja, setup.lang.en
//   place          setup.region.<slug> (hokkaido tohoku kanto chubu kinki chugoku
//                  shikoku kyushu), setup.pref.<code> (1..47; 0 = all of Japan),
//                  setup.region.back; setup.muni.open, then the pad
//                  setup.muni.<digit>, setup.muni.delete, setup.muni.ok,
//                  setup.muni.clear, setup.muni.cancel
//   screen         setup.layout.auto|top|bottom, setup.large.off|on,
//                  setup.langs.on.<code>, setup.langs.up.<code>, setup.langs.down.<code>
//   printer        setup.printer.none, setup.printer.usb.<i> (SetupView order),
//                  setup.printer.scan, setup.printer.network, then the pad
//                  setup.net.<digit>, setup.net.dot, setup.net.colon,
//                  setup.net.delete, setup.net.ok, setup.net.cancel;
//                  setup.paper.58, setup.paper.80, setup.printer.test
//   idle           setup.idle.minus|plus, setup.countdown.minus|plus
//   admin          setup.pin.keep, setup.pin.change, the pad setup.pin.<digit>,
//                  setup.pin.delete, setup.pin.ok; then (after 次へ) the key:
//                  setup.key.<i> (SetupView::keys order; not for a key with a
//                  problem), setup.key.keep, setup.key.scan
//   clock          (nothing to choose: the OS sets the clock)
//   done           setup.save (where 次へ is on the other steps)
#include "setup_screens.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

#include "kiosk.hpp"
#include "madoguchi/base/secure_clear.hpp"
#include "madoguchi/core/admin_pin.hpp"
#include "madoguchi/core/regions.hpp"
#include "theme.hpp"

namespace madoguchi::ui {
namespace {

std::string basename_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "A1B2C3D4E5F60718" → "A1B2 C3D4 E5F6 0718": read aloud four at a time.
std::string grouped(const std::string& hex) {
    std::string out;
    for (size_t i = 0; i < hex.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += hex[i];
    }
    return out;
}

// A network printer's address as staff type it: four numbers 0..255 and an
// optional port (1..65535; 9100 when left out). Numbers only: the kiosk never
// asks a name server. Returns "a.b.c.d:port", or "" when it is not one.
std::string parse_address(const std::string& s) {
    const auto colon = s.find(':');
    const std::string host = s.substr(0, colon);
    int port = 9100;
    if (colon != std::string::npos) {
        const std::string p = s.substr(colon + 1);
        if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return {};
        port = std::stoi(p);
        if (port < 1 || port > 65535) return {};
    }
    int parts = 0;
    size_t from = 0;
    while (true) {
        const auto dot = host.find('.', from);
        const std::string n = host.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
        if (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) > 255) return {};
        ++parts;
        if (dot == std::string::npos) break;
        from = dot + 1;
    }
    if (parts != 4) return {};
    return host + ":" + std::to_string(port);
}

// − / + steps that stay sensible across the range: finer for short times.
int idle_step(int v) { return v < 120 ? 10 : v < 600 ? 30 : 60; }
int countdown_step(int v) { return v < 60 ? 5 : 10; }

std::string two(int v) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

}  // namespace

// What one frame of drawing needs: the frame, and the helpers every step uses.
struct SetupScreens::Ctx {
    SetupScreens& s;
    const Frame& f;
    Ui& ui;
    double now;
    SetupRequest* out;
    float x = 0, w = 0, y = 0;  // the body: left edge, width, the next line (scrolled)
    bool next_ok = true;        // 次へ may go on (else it says why)
    std::string next_why;

    const std::string& S(std::string_view key) const { return f.strings.get(s.lang_, key); }
    const std::string& E(std::string_view key) const { return f.strings.get("en", key); }
    float gap() const { return ui.mm(theme::mm::gap); }
    float text(std::string_view t, const TextOpts& o = {}) {
        s.texts_.emplace_back(t);
        const float h = ui.text(t, x, y, w, o);
        y += h;
        return h;
    }
    float small(std::string_view t, ImU32 color = 0) {
        TextOpts o;
        o.size_mm = theme::mm::small;
        o.color = color ? color : theme::text_muted;
        o.phrases = true;
        return text(t, o) + ui.mm(1);
    }
    // A question in the chosen language, the other language in small type under it.
    void heading(std::string_view key) {
        TextOpts h;
        h.size_mm = theme::mm::heading * 0.85f;
        h.phrases = true;
        text(S(key), h);
        TextOpts o;
        o.size_mm = theme::mm::small * 0.8f;
        o.color = theme::text_muted;
        o.lang = s.lang_ == "ja" ? "en" : "ja";
        text(f.strings.get(o.lang, key), o);
        ui.fill(Rect{x, y + ui.mm(1), w, std::max(1.f, ui.mm(0.35f))}, theme::border);
        y += ui.mm(4);
    }
    void note(std::string_view t, ImU32 bg, ImU32 fg) {
        const float pad = ui.mm(3);
        TextOpts o;
        o.size_mm = theme::mm::small;
        o.color = fg;
        o.phrases = true;
        const float h = ui.text_height(t, w - 2 * pad, o) + 2 * pad;
        ui.fill(Rect{x, y, w, h}, bg, theme::mm::radius);
        s.texts_.emplace_back(t);
        ui.text(t, x + pad, y + pad, w - 2 * pad, o);
        y += h + ui.mm(2);
    }
    bool button(const std::string& name, const Rect& r, std::string_view label, Ui::Style style = Ui::Style::secondary,
                float label_mm = theme::mm::small) {
        s.texts_.emplace_back(label);
        const bool hit = ui.button(name, r, label, style, 0, label_mm);
        if (hit) {
            s.changed_ = true;
            s.last_touch_ = now;
        }
        return hit;
    }
    // A drawn control that does nothing (a pad key with nothing to delete).
    void inert(const Rect& r, std::string_view label, float label_mm = theme::mm::small) {
        ui.fill(r, theme::badge, theme::mm::radius);
        TextOpts o;
        o.align = text::Align::center;
        o.color = theme::text_muted;
        o.size_mm = label_mm;
        const float h = ui.text_height(label, r.w, o);
        ui.text(label, r.x, r.cy() - h / 2, r.w, o);
    }
    // Chips in rows of `cols`, each `h` tall; draw(i, rect). Advances y.
    void grid(int n, int cols, float h, const std::function<void(int, const Rect&)>& draw) {
        const float cw = (w - (cols - 1) * gap()) / cols;
        for (int i = 0; i < n; ++i) draw(i, Rect{x + (i % cols) * (cw + gap()), y + (i / cols) * (h + gap()), cw, h});
        const int rows = (n + cols - 1) / cols;
        y += rows * h + std::max(0, rows - 1) * gap() + ui.mm(5);
    }
    // A choice among several (one of them on).
    bool chip(const std::string& name, const Rect& r, std::string_view label, bool on) {
        return button(name, r, label, on ? Ui::Style::chip_on : Ui::Style::chip_off);
    }
    // A digit pad: keys in rows of 3 (each {name suffix, caption}); returns
    // the suffix tapped ("" none). `usable(i)` false: drawn, not a target.
    std::string pad(const std::string& prefix, const std::vector<std::pair<std::string, std::string>>& keys,
                    const std::function<bool(size_t)>& usable) {
        const float pw = std::min(w, ui.mm(150)), kh = ui.mm(16), kw = (pw - 2 * gap()) / 3;
        std::string hit;
        for (size_t i = 0; i < keys.size(); ++i) {
            const Rect r{x + static_cast<float>(i % 3) * (kw + gap()), y + static_cast<float>(i / 3) * (kh + gap()), kw, kh};
            const bool digit = keys[i].second.size() == 1;
            const float size = digit ? theme::mm::body * 1.2f : theme::mm::small;
            if (!usable(i)) {
                inert(r, keys[i].second, size);
                continue;
            }
            if (ui.button(prefix + keys[i].first, r, keys[i].second, keys[i].first == "ok" ? Ui::Style::primary : Ui::Style::secondary, 0, size)) {
                hit = keys[i].first;
                s.changed_ = true;
                s.last_touch_ = now;
            }
        }
        const size_t rows = (keys.size() + 2) / 3;
        y += static_cast<float>(rows) * (kh + gap()) + ui.mm(3);
        return hit;
    }
    // What was typed, large, in a box (the PIN only as dots).
    void display(const std::string& shown, const std::string& for_scripts) {
        const float pw = std::min(w, ui.mm(150)), h = ui.mm(18);
        ui.fill(Rect{x, y, pw, h}, theme::surface, theme::mm::radius);
        ui.stroke(Rect{x, y, pw, h}, theme::border, theme::mm::radius);
        TextOpts o;
        o.size_mm = theme::mm::heading;
        o.align = text::Align::center;
        o.max_lines = 1;
        o.lang = "en";
        const float th = ui.text_height(shown.empty() ? " " : shown, pw - ui.mm(4), o);
        if (!shown.empty()) ui.text(shown, x + ui.mm(2), y + (h - th) / 2, pw - ui.mm(4), o);
        s.texts_.push_back(for_scripts);
        y += h + ui.mm(3);
    }
};

SetupScreens::SetupScreens() {
    pin_.reserve(15);  // 12 digits at most: stays in place, so overwriting it reaches every copy
    pin_first_.reserve(15);
}

SetupScreens::~SetupScreens() { wipe_pin(); }

void SetupScreens::wipe_pin() {
    core::secure_clear(pin_);
    core::secure_clear(pin_first_);
    pin_.reserve(15);
    pin_first_.reserve(15);
}

void SetupScreens::open(const core::KioskConfig& in_force, bool from_admin, double now) {
    wipe_pin();
    open_ = true;
    from_admin_ = from_admin;
    hidden_ = false;
    changed_ = true;
    last_touch_ = now;
    step_ = Step::welcome;
    lang_ = "ja";
    in_force_ = in_force;
    draft_ = in_force;
    region_ = 0;
    muni_pad_ = net_pad_ = key_part_ = test_asked_ = save_asked_ = leave_ = false;
    muni_digits_.clear();
    muni_error_.clear();
    net_text_.clear();
    net_error_.clear();
    pin_msg_.clear();
    key_file_.clear();
    key_id_.clear();
    pin_state_ = from_admin && !in_force.admin_pin_hash.empty() ? PinState::keep : PinState::first;
    // Every kiosk language in order: those on first (as configured), then the rest; ja always on.
    lang_order_.clear();
    lang_on_.clear();
    for (const auto& l : draft_.languages)
        if (std::find(lang_order_.begin(), lang_order_.end(), l) == lang_order_.end()) lang_order_.push_back(l), lang_on_.push_back(l);
    for (const auto& l : core::default_kiosk_languages())
        if (std::find(lang_order_.begin(), lang_order_.end(), l) == lang_order_.end()) lang_order_.push_back(l);
    if (std::find(lang_on_.begin(), lang_on_.end(), "ja") == lang_on_.end()) lang_on_.push_back("ja");
    rebuild_languages();
    texts_.clear();
}

void SetupScreens::close() {
    wipe_pin();
    open_ = hidden_ = false;
    texts_.clear();
    draft_ = in_force_ = core::KioskConfig{};
}

void SetupScreens::hide() {
    wipe_pin();
    if (pin_state_ != PinState::keep && pin_state_ != PinState::set) pin_state_ = PinState::first;
    hidden_ = true;
    texts_.clear();
}

std::string SetupScreens::screen_name() const {
    static const char* const names[] = {"setup-welcome", "setup-place", "setup-screen", "setup-printer",
                                        "setup-idle",    "setup-admin", "setup-clock",  "setup-done"};
    return names[static_cast<int>(step_)];
}

void SetupScreens::rebuild_languages() {
    draft_.languages.clear();
    for (const auto& l : lang_order_)
        if (std::find(lang_on_.begin(), lang_on_.end(), l) != lang_on_.end()) draft_.languages.push_back(l);
    draft_.default_language = draft_.languages.empty() ? "ja" : draft_.languages.front();
}

void SetupScreens::go(Step s) {
    wipe_pin();  // digits half-typed never outlive their step
    if (pin_state_ != PinState::keep && pin_state_ != PinState::set) pin_state_ = PinState::first;
    pin_msg_.clear();
    muni_pad_ = net_pad_ = false;
    region_ = 0;
    key_part_ = false;
    step_ = s;
    changed_ = true;
}

bool SetupScreens::back() {
    changed_ = true;
    if (muni_pad_) return muni_pad_ = false, true;
    if (net_pad_) return net_pad_ = false, true;
    if (step_ == Step::place && region_ != 0) return region_ = 0, true;
    if (step_ == Step::admin && key_part_) {
        key_part_ = false;
        return true;
    }
    if (step_ == Step::welcome) {
        // Opened from the admin screen: back from the first step leaves it,
        // without saving (the next frame; first run: nowhere to go).
        leave_ = from_admin_;
        return from_admin_;
    }
    const Step to = static_cast<Step>(static_cast<int>(step_) - 1);
    go(to);
    if (to == Step::admin) key_part_ = true;  // from the clock: back to the key, the PIN is behind it
    return true;
}

// --- the frame ------------------------------------------------------------------------

SetupScreens::Action SetupScreens::draw(const Frame& f, double now, SetupRequest* out) {
    Ui& ui = f.ui;
    texts_.clear();
    changed_ = false;
    Ctx c{*this, f, ui, now, out, 0, 0, 0, true, {}};
    Action act = Action::none;

    if (leave_) {
        leave_ = false;
        return Action::leave;
    }
    // The save was asked for and is done: leave (the app has put it in force).
    if (save_asked_ && f.view.saved && !f.view.saving) {
        save_asked_ = false;
        return Action::saved;
    }
    if (save_asked_ && !f.view.saving && !f.view.save_error.empty()) save_asked_ = false;  // it failed: say so, offer 保存 again
    // The PIN is hashed at the start of the frame after "please wait" showed
    // (argon2id takes a noticeable moment on purpose).
    if (pin_state_ == PinState::hash_shown) {
        try {
            draft_.admin_pin_hash = core::hash_admin_pin(pin_);
            pin_state_ = PinState::set;
        } catch (const std::exception&) {
            pin_msg_ = c.S("setup.admin.pin_failed");
            pin_state_ = PinState::first;
        }
        wipe_pin();
        changed_ = true;
    }

    // --- the bar: やめる (from the admin screen), the step, とじる ---------------------
    const float bar = ui.mm(theme::mm::bar), pad = ui.mm(3), margin = ui.mm(theme::mm::margin);
    TextOpts small;
    small.size_mm = theme::mm::small;
    auto width_for = [&](std::string_view s) { return std::max(ui.mm(24), ui.text_width(s, small) + ui.mm(10)); };
    float bx = margin;
    if (from_admin_) {
        const std::string& cancel = c.S("setup.cancel");
        const float cw = width_for(cancel);
        if (c.button("setup.cancel", Rect{bx, pad, cw, bar - 2 * pad}, cancel)) act = Action::leave;
        bx += cw + c.gap();
    }
    const std::string& close = c.S("common.close");
    const float qw = width_for(close);
    const float qx = ui.width() - margin - qw;
    if (ui.button("quick_hide", Rect{qx, pad, qw, bar - 2 * pad}, close, Ui::Style::quiet, 0, theme::mm::small)) act = Action::quick_hide;
    {
        std::string title = c.S("setup.title");
        if (step_ != Step::welcome)
            title += "   " + std::to_string(static_cast<int>(step_)) + " / " + std::to_string(kSteps);
        TextOpts t;
        t.size_mm = theme::mm::body;
        t.max_lines = 1;
        const float tw = qx - c.gap() - bx;
        const float th = ui.text_height(title, tw, t);
        texts_.push_back(title);
        ui.text(title, bx, (bar - th) / 2, tw, t);
    }

    // --- the body (scrolled) and the row of もどる / 次へ under it ---------------------
    const float cw = std::min(ui.width() - 2 * margin, ui.mm(ui.portrait() ? 300.f : 250.f));
    const float nav_h = ui.mm(18), nav_y = ui.height() - margin - nav_h;
    const float top = bar + ui.mm(3);
    const Rect body{(ui.width() - cw) / 2, top, cw, nav_y - ui.mm(4) - top};
    const float off = ui.scroll("setup", body, kMeasuredLastFrame);
    ui.push_clip(body);
    c.x = body.x;
    c.w = body.w - ui.mm(4);  // room for the scroll bar
    c.y = body.y - off;
    const Step shown = step_;
    const bool pads_before = muni_pad_ || net_pad_ || key_part_ || region_ != 0;
    Action a = Action::none;
    switch (step_) {
        case Step::welcome: a = draw_welcome(c); break;
        case Step::place: a = draw_place(c); break;
        case Step::screen: a = draw_screen(c); break;
        case Step::printer: a = draw_printer(c); break;
        case Step::idle: a = draw_idle(c); break;
        case Step::admin: a = draw_admin(c); break;
        case Step::clock: a = draw_clock(c); break;
        case Step::done: a = draw_done(c); break;
    }
    if (a != Action::none) act = a;
    if (!c.next_ok && !c.next_why.empty()) c.note(c.next_why, theme::accent_soft, theme::text);
    c.y += ui.mm(6);
    ui.pop_clip();
    ui.set_scroll_content("setup", c.y + off - body.y);

    // もどる on the left, 次へ (保存 on the last step) on the right, on every step.
    const float nw = std::min(ui.mm(80), (cw - c.gap()) / 2);
    const Rect back_r{body.x, nav_y, nw, nav_h}, next_r{body.x + cw - nw, nav_y, nw, nav_h};
    const std::string back_label = "← " + c.S("setup.back");
    if (step_ == Step::welcome && !from_admin_) {
        c.inert(back_r, back_label);
    } else if (c.button("setup.back", back_r, back_label)) {
        back();
    }
    if (step_ == Step::done) {
        if (f.view.saving || save_asked_) {
            c.inert(next_r, c.S("setup.done.saving"));
            texts_.push_back(c.S("setup.done.saving"));
        } else if (c.button("setup.save", next_r, c.S("setup.done.save"), Ui::Style::primary, theme::mm::body)) {
            SetupRequest r;
            r.kind = SetupRequest::Kind::save;
            r.settings = draft_;
            r.key_file = key_file_;
            r.key_id = key_id_;
            if (out) *out = std::move(r);
            save_asked_ = true;
            act = Action::request;
        }
    } else if (c.button("setup.next", next_r, c.S("setup.next") + " →", Ui::Style::primary, theme::mm::body)) {
        if (!c.next_ok) {
            // Says why on the step itself (next_why); the step stays.
        } else if (step_ == Step::admin && !key_part_) {
            go(Step::admin);
            key_part_ = true;
        } else {
            go(static_cast<Step>(static_cast<int>(step_) + 1));
        }
    }
    if (step_ != shown || pads_before != (muni_pad_ || net_pad_ || key_part_ || region_ != 0)) ui.reset_scroll("setup");
    if (pin_state_ == PinState::hash_requested) pin_state_ = PinState::hash_shown;  // "please wait" is on screen now
    return act;
}

// --- welcome -----------------------------------------------------------------------------

SetupScreens::Action SetupScreens::draw_welcome(Ctx& c) {
    c.heading("setup.welcome.title");
    TextOpts o;
    o.phrases = true;
    c.text(c.S("setup.welcome.body"), o);
    c.y += c.ui.mm(6);
    c.small(c.S("setup.welcome.language") + (lang_ == "ja" ? " / " + c.E("setup.welcome.language") : std::string()));
    const char* codes[2] = {"ja", "en"};
    const char* names[2] = {"日本語", "English"};
    c.grid(2, 2, c.ui.mm(18), [&](int i, const Rect& r) {
        if (c.chip(std::string("setup.lang.") + codes[i], r, names[i], lang_ == codes[i])) lang_ = codes[i];
    });
    return Action::none;
}

// --- 1 place ------------------------------------------------------------------------------

SetupScreens::Action SetupScreens::draw_place(Ctx& c) {
    Ui& ui = c.ui;
    c.heading("setup.place.title");
    const core::Prefecture* chosen = core::find_prefecture(draft_.prefecture);
    const std::string where = chosen ? (lang_ == "ja" ? std::string(chosen->name) : std::string(chosen->name_en)) : c.S("setup.place.all_japan");
    c.small(core::fill_placeholder(c.S("setup.place.current"), "place", where), theme::text);

    if (muni_pad_) {
        c.small(c.S("setup.place.muni_help"), theme::text);
        c.display(muni_digits_, "municipality: " + muni_digits_);
        if (!muni_error_.empty()) c.note(muni_error_, theme::warning_bg, theme::warning_text);
        const std::vector<std::pair<std::string, std::string>> keys = {
            {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}, {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"},
            {"delete", c.S("setup.pad.delete")}, {"0", "0"}, {"ok", c.S("setup.pad.ok")}};
        const std::string k = c.pad("setup.muni.", keys, [&](size_t i) {
            const std::string& n = keys[i].first;
            return n == "delete" ? !muni_digits_.empty() : n == "ok" ? muni_digits_.size() >= 5 : muni_digits_.size() < 6;
        });
        if (k == "delete") {
            muni_digits_.pop_back();
        } else if (k == "ok") {
            std::string err;
            const auto code = core::parse_municipality_code(muni_digits_, &err);
            if (!code) {
                muni_error_ = c.S("setup.place.muni_bad");
            } else if (draft_.prefecture == 0 || std::stoi(code->substr(0, 2)) != draft_.prefecture) {
                muni_error_ = c.S("setup.place.muni_other_pref");
            } else {
                draft_.municipality = *code;
                muni_pad_ = false;
                muni_error_.clear();
            }
        } else if (!k.empty()) {
            muni_digits_ += k;
            muni_error_.clear();
        }
        const float bw = std::min(c.w, c.ui.mm(150)), bh = ui.mm(16);
        const float half = (bw - c.gap()) / 2;
        if (c.button("setup.muni.clear", Rect{c.x, c.y, half, bh}, c.S("setup.place.muni_none"))) {
            draft_.municipality.clear();
            muni_digits_.clear();
            muni_pad_ = false;
        }
        if (c.button("setup.muni.cancel", Rect{c.x + half + c.gap(), c.y, half, bh}, c.S("setup.pad.cancel"))) muni_pad_ = false;
        c.y += bh + ui.mm(3);
        return Action::none;
    }

    const int cols = ui.portrait() ? 2 : 4;
    if (region_ == 0) {
        const auto regions = core::regions();
        const int mine = core::prefecture_region(draft_.prefecture);
        c.grid(static_cast<int>(regions.size()), cols, ui.mm(18), [&](int i, const Rect& r) {
            const auto& g = regions[static_cast<size_t>(i)];
            const std::string label = lang_ == "ja" ? g.name : g.name_en;
            if (c.chip(std::string("setup.region.") + g.slug, r, label, mine == g.code)) region_ = g.code;
        });
        const Rect all{c.x, c.y, c.w, ui.mm(18)};
        if (c.chip("setup.pref.0", all, c.S("setup.place.all_japan"), draft_.prefecture == 0)) {
            draft_.prefecture = 0;
            draft_.municipality.clear();
        }
        c.y += all.h + ui.mm(8);
        // The municipality: optional, after the prefecture.
        c.heading("setup.place.muni_title");
        c.small(draft_.municipality.empty() ? c.S("setup.place.muni_unset")
                                            : core::fill_placeholder(c.S("setup.place.muni_set"), "code", draft_.municipality),
                theme::text);
        const Rect open{c.x, c.y, std::min(c.w, ui.mm(130)), ui.mm(18)};
        if (draft_.prefecture == 0) {
            c.small(c.S("setup.place.muni_needs_pref"));
        } else if (c.button("setup.muni.open", open, c.S("setup.place.muni_enter"))) {
            muni_pad_ = true;
            muni_digits_ = draft_.municipality;
            muni_error_.clear();
        } else {
            c.y += open.h + ui.mm(3);
        }
        return Action::none;
    }
    // The prefectures of one region: name, and its reading in small type.
    const auto& g = core::regions()[static_cast<size_t>(region_ - 1)];
    c.small(lang_ == "ja" ? std::string(g.name) : std::string(g.name_en), theme::text);
    std::vector<const core::Prefecture*> prefs;
    for (const auto& p : core::prefectures())
        if (core::prefecture_region(p.code) == region_) prefs.push_back(&p);
    c.grid(static_cast<int>(prefs.size()), ui.portrait() ? 2 : 3, ui.mm(24), [&](int i, const Rect& r) {
        const core::Prefecture& p = *prefs[static_cast<size_t>(i)];
        const std::string name = "setup.pref." + std::to_string(p.code);
        const bool on = draft_.prefecture == p.code;
        const bool hit = ui.target(name, r);
        const std::string main = lang_ == "ja" ? p.name : p.name_en;
        const std::string sub = lang_ == "ja" ? p.name_kana : p.name;
        ui.set_label(main);
        ui.fill(r, on ? theme::chip_on : theme::chip_off, theme::mm::radius);
        if (!on) ui.stroke(r, theme::border, theme::mm::radius);
        if (ui.pressed(name)) ui.fill(r, theme::pressed, theme::mm::radius);
        TextOpts a, b;
        a.align = b.align = text::Align::center;
        a.color = b.color = on ? theme::accent_text : theme::text;
        a.max_lines = b.max_lines = 1;
        b.size_mm = theme::mm::small * 0.8f;
        b.lang = "ja";  // the reading (ja) or the Japanese name (en): Japanese either way
        const float h1 = ui.text_height(main, r.w - ui.mm(4), a), h2 = ui.text_height(sub, r.w - ui.mm(4), b);
        const float ty = r.cy() - (h1 + h2) / 2;
        ui.text(main, r.x + ui.mm(2), ty, r.w - ui.mm(4), a);
        ui.text(sub, r.x + ui.mm(2), ty + h1, r.w - ui.mm(4), b);
        texts_.push_back(main + " " + sub);
        if (hit) {
            changed_ = true;
            last_touch_ = c.now;
            draft_.prefecture = p.code;
            if (draft_.municipality.size() < 2 || std::stoi(draft_.municipality.substr(0, 2)) != p.code) draft_.municipality.clear();
            region_ = 0;
        }
    });
    if (c.button("setup.region.back", Rect{c.x, c.y, std::min(c.w, ui.mm(110)), ui.mm(18)}, c.S("setup.place.other_region")))
        region_ = 0;
    c.y += ui.mm(21);
    return Action::none;
}

// --- 2 screen -------------------------------------------------------------------------------

SetupScreens::Action SetupScreens::draw_screen(Ctx& c) {
    Ui& ui = c.ui;
    c.heading("setup.screen.layout");
    const core::Layout layouts[3] = {core::Layout::automatic, core::Layout::top, core::Layout::bottom};
    const char* lkeys[3] = {"setup.screen.layout_auto", "setup.screen.layout_top", "setup.screen.layout_bottom"};
    c.grid(3, 3, ui.mm(18), [&](int i, const Rect& r) {
        if (c.chip("setup.layout." + std::string(core::to_string(layouts[i])), r, c.S(lkeys[i]), draft_.layout == layouts[i]))
            draft_.layout = layouts[i];
    });
    c.y -= ui.mm(3);
    c.small(c.S("setup.screen.layout_note"));
    c.y += ui.mm(4);

    c.heading("setup.screen.large");
    c.grid(2, 2, ui.mm(18), [&](int i, const Rect& r) {
        if (c.chip(i == 0 ? "setup.large.off" : "setup.large.on", r, c.S(i == 0 ? "setup.screen.large_off" : "setup.screen.large_on"),
                   draft_.large_text == (i == 1)))
            draft_.large_text = i == 1;
    });

    c.heading("setup.screen.languages");
    c.small(c.S("setup.screen.languages_note"));
    c.y += ui.mm(2);
    const float rh = ui.mm(16), tw = std::min(ui.mm(48), c.w * 0.3f), aw = ui.mm(18);
    std::string move;
    int dir = 0;
    for (size_t i = 0; i < lang_order_.size(); ++i) {
        const std::string& code = lang_order_[i];
        const bool on = std::find(lang_on_.begin(), lang_on_.end(), code) != lang_on_.end();
        const Rect toggle{c.x, c.y, tw, rh};
        if (code == "ja") {
            c.inert(toggle, c.S("setup.screen.lang_always"));
        } else if (c.chip("setup.langs.on." + code, toggle, c.S(on ? "setup.screen.lang_on" : "setup.screen.lang_off"), on)) {
            if (on) lang_on_.erase(std::find(lang_on_.begin(), lang_on_.end(), code));
            else lang_on_.push_back(code);
            rebuild_languages();
        }
        TextOpts o;
        o.lang = code;
        o.max_lines = 1;
        o.color = on ? theme::text : theme::text_muted;
        const std::string name = language_name(code);
        const float nx = c.x + tw + c.gap(), nw = c.w - tw - 2 * aw - 3 * c.gap();
        const float nh = ui.text_height(name, nw, o);
        texts_.push_back(name);
        ui.text(name, nx, c.y + (rh - nh) / 2, nw, o);
        const Rect up{c.x + c.w - 2 * aw - c.gap(), c.y, aw, rh}, down{c.x + c.w - aw, c.y, aw, rh};
        if (i > 0) {
            if (c.button("setup.langs.up." + code, up, "↑", Ui::Style::secondary, theme::mm::body)) move = code, dir = -1;
        } else {
            c.inert(up, "↑", theme::mm::body);
        }
        if (i + 1 < lang_order_.size()) {
            if (c.button("setup.langs.down." + code, down, "↓", Ui::Style::secondary, theme::mm::body)) move = code, dir = 1;
        } else {
            c.inert(down, "↓", theme::mm::body);
        }
        c.y += rh + c.gap();
    }
    if (!move.empty()) {
        const auto it = std::find(lang_order_.begin(), lang_order_.end(), move);
        std::iter_swap(it, it + dir);
        rebuild_languages();
    }
    c.y += ui.mm(2);
    c.small(core::fill_placeholder(c.S("setup.screen.starts_in"), "lang", language_name(draft_.default_language)), theme::text);
    return Action::none;
}

// --- 3 printer ------------------------------------------------------------------------------

SetupScreens::Action SetupScreens::draw_printer(Ctx& c) {
    Ui& ui = c.ui;
    const SetupView& v = c.f.view;
    Action act = Action::none;
    c.heading("setup.printer.title");
    if (net_pad_) {
        c.small(c.S("setup.printer.net_help"), theme::text);
        c.display(net_text_, "address: " + net_text_);
        if (!net_error_.empty()) c.note(net_error_, theme::warning_bg, theme::warning_text);
        const std::vector<std::pair<std::string, std::string>> keys = {
            {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"},   {"5", "5"},         {"6", "6"},
            {"7", "7"}, {"8", "8"}, {"9", "9"}, {"dot", "."}, {"0", "0"},         {"colon", ":"},
            {"delete", c.S("setup.pad.delete")}, {"cancel", c.S("setup.pad.cancel")}, {"ok", c.S("setup.pad.ok")}};
        const std::string k = c.pad("setup.net.", keys, [&](size_t i) {
            const std::string& n = keys[i].first;
            if (n == "delete") return !net_text_.empty();
            if (n == "ok") return !net_text_.empty();
            if (n == "cancel") return true;
            return net_text_.size() < 21;
        });
        if (k == "delete") {
            net_text_.pop_back();
        } else if (k == "cancel") {
            net_pad_ = false;
        } else if (k == "ok") {
            const std::string addr = parse_address(net_text_);
            if (addr.empty()) {
                net_error_ = c.S("setup.printer.net_bad");
            } else {
                draft_.printer_kind = core::PrinterKind::tcp;
                draft_.printer_target = addr;
                net_pad_ = false;
                net_error_.clear();
            }
        } else if (!k.empty()) {
            net_text_ += k == "dot" ? "." : k == "colon" ? ":" : k;
            net_error_.clear();
        }
        return act;
    }
    // Where slips go: none, a USB printer found, or one on the network.
    const float bh = ui.mm(18);
    auto row = [&](const std::string& name, const std::string& label, bool on) {
        const bool hit = c.chip(name, Rect{c.x, c.y, c.w, bh}, label, on);
        c.y += bh + c.gap();
        return hit;
    };
    if (row("setup.printer.none", c.S("setup.printer.none"), draft_.printer_kind == core::PrinterKind::none)) {
        draft_.printer_kind = core::PrinterKind::none;
        draft_.printer_target.clear();
    }
    for (size_t i = 0; i < v.usb_printers.size(); ++i) {
        const std::string& dev = v.usb_printers[i];
        const bool on = draft_.printer_kind == core::PrinterKind::device && draft_.printer_target == dev;
        // "lp0": the name the printer has among the USB printers; the folder
        // (/dev/usb) says nothing more to staff.
        if (row("setup.printer.usb." + std::to_string(i), core::fill_placeholder(c.S("setup.printer.usb"), "device", basename_of(dev)), on)) {
            draft_.printer_kind = core::PrinterKind::device;
            draft_.printer_target = dev;
        }
    }
    if (v.usb_printers.empty()) c.small(c.S("setup.printer.usb_none"));
    const bool tcp = draft_.printer_kind == core::PrinterKind::tcp;
    const std::string net_label = tcp ? core::fill_placeholder(c.S("setup.printer.network_set"), "address", draft_.printer_target)
                                      : c.S("setup.printer.network");
    if (row("setup.printer.network", net_label, tcp)) {
        net_pad_ = true;
        net_text_ = tcp ? draft_.printer_target : std::string();
        net_error_.clear();
    }
    {
        const Rect scan{c.x, c.y, std::min(c.w, ui.mm(110)), ui.mm(16)};
        if (c.button("setup.printer.scan", scan, c.S("setup.printer.scan"))) {
            if (c.out) *c.out = SetupRequest{SetupRequest::Kind::scan_printers, {}, {}, {}};
            act = Action::request;
        }
        c.y += scan.h + ui.mm(6);
    }
    if (draft_.printer_kind == core::PrinterKind::none) return act;

    c.heading("setup.printer.paper");
    c.grid(2, 2, bh, [&](int i, const Rect& r) {
        const int dots = i == 0 ? 384 : 576;
        if (c.chip(i == 0 ? "setup.paper.58" : "setup.paper.80", r, i == 0 ? "58 mm" : "80 mm", draft_.printer_dots == dots)) draft_.printer_dots = dots;
    });
    // The test slip, with the draft's printer (not saved yet), and what came of it.
    if (v.test_printing) {
        c.note(c.S("setup.printer.printing"), theme::accent_soft, theme::text);
    } else {
        const Rect test{c.x, c.y, std::min(c.w, ui.mm(110)), bh};
        if (c.button("setup.printer.test", test, c.S("setup.printer.test"))) {
            SetupRequest r;
            r.kind = SetupRequest::Kind::test_print;
            r.settings = draft_;
            if (c.out) *c.out = std::move(r);
            test_asked_ = true;
            act = Action::request;
        }
        c.y += test.h + ui.mm(3);
        if (test_asked_ && v.test_result) {
            using R = core::PrintResult;
            const R res = *v.test_result;
            const char* key = res == R::printed ? "setup.printer.result_printed"
                              : res == R::paper_out ? "setup.printer.result_paper_out"
                              : res == R::timeout || res == R::no_printer ? "setup.printer.result_no_answer"
                                                                          : "setup.printer.result_failed";
            c.note(c.S(key), res == R::printed ? theme::accent_soft : theme::warning_bg, res == R::printed ? theme::text : theme::warning_text);
        }
    }
    return act;
}

// --- 4 idle -----------------------------------------------------------------------------------

SetupScreens::Action SetupScreens::draw_idle(Ctx& c) {
    Ui& ui = c.ui;
    auto stepper = [&](const std::string& name, std::string_view key, int& value, int lo, int hi, int (*step)(int)) {
        c.heading(key);
        const float bw = ui.mm(24), h = ui.mm(18);
        const std::string shown = core::fill_placeholder(c.S("setup.idle.seconds"), "n", std::to_string(value));
        const Rect minus{c.x, c.y, bw, h}, plus{c.x + c.w - bw, c.y, bw, h};
        if (value > lo) {
            if (c.button(name + ".minus", minus, "−", Ui::Style::secondary, theme::mm::heading)) value = std::max(lo, value - step(value - 1));
        } else {
            c.inert(minus, "−", theme::mm::heading);
        }
        if (value < hi) {
            if (c.button(name + ".plus", plus, "+", Ui::Style::secondary, theme::mm::heading)) value = std::min(hi, value + step(value));
        } else {
            c.inert(plus, "+", theme::mm::heading);
        }
        TextOpts o;
        o.size_mm = theme::mm::heading;
        o.align = text::Align::center;
        const float th = ui.text_height(shown, c.w - 2 * bw - 2 * c.gap(), o);
        texts_.push_back(shown);
        ui.text(shown, c.x + bw + c.gap(), c.y + (h - th) / 2, c.w - 2 * bw - 2 * c.gap(), o);
        c.y += h + ui.mm(3);
    };
    stepper("setup.idle", "setup.idle.quiet", draft_.idle_seconds, 30, 3600, idle_step);
    c.small(c.S("setup.idle.quiet_note"));
    c.y += ui.mm(6);
    stepper("setup.countdown", "setup.idle.countdown", draft_.countdown_seconds, 20, 300, countdown_step);
    c.small(c.S("setup.idle.countdown_why"));
    return Action::none;
}

// --- 5 admin: the PIN, then the publisher's key -----------------------------------------------

SetupScreens::Action SetupScreens::draw_admin(Ctx& c) {
    Ui& ui = c.ui;
    const SetupView& v = c.f.view;
    Action act = Action::none;
    if (!key_part_) {
        c.heading("setup.admin.pin_title");
        const bool can_keep = from_admin_ && !in_force_.admin_pin_hash.empty();
        if (can_keep) {
            c.grid(2, 2, ui.mm(18), [&](int i, const Rect& r) {
                const bool keep = pin_state_ == PinState::keep;
                if (c.chip(i == 0 ? "setup.pin.keep" : "setup.pin.change", r, c.S(i == 0 ? "setup.admin.pin_keep" : "setup.admin.pin_change"),
                           i == 0 ? keep : !keep)) {
                    wipe_pin();
                    pin_msg_.clear();
                    pin_state_ = i == 0 ? PinState::keep : PinState::first;
                    if (i == 0) draft_.admin_pin_hash = in_force_.admin_pin_hash;
                }
            });
        }
        switch (pin_state_) {
            case PinState::keep: c.small(c.S("setup.admin.pin_kept"), theme::text); break;
            case PinState::set: {
                c.note(c.S("setup.admin.pin_set"), theme::accent_soft, theme::text);
                const Rect again{c.x, c.y, std::min(c.w, ui.mm(110)), ui.mm(18)};
                if (!can_keep && c.button("setup.pin.change", again, c.S("setup.admin.pin_again"))) {
                    pin_state_ = PinState::first;
                    draft_.admin_pin_hash = in_force_.admin_pin_hash;
                }
                if (!can_keep) c.y += again.h + ui.mm(3);
                break;
            }
            case PinState::hash_requested:
            case PinState::hash_shown: c.note(c.S("setup.admin.pin_wait"), theme::accent_soft, theme::text); break;
            case PinState::first:
            case PinState::second: {
                TextOpts o;
                o.phrases = true;
                c.text(c.S(pin_state_ == PinState::first ? "setup.admin.pin_first" : "setup.admin.pin_second"), o);
                c.y += ui.mm(2);
                std::string dots;  // the PIN is never drawn: a dot per digit
                for (size_t i = 0; i < pin_.size(); ++i) dots += "●";
                c.display(dots, "pin digits: " + std::to_string(pin_.size()));
                if (!pin_msg_.empty()) c.note(pin_msg_, theme::warning_bg, theme::warning_text);
                const std::vector<std::pair<std::string, std::string>> keys = {
                    {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}, {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"},
                    {"delete", c.S("setup.pad.delete")}, {"0", "0"}, {"ok", c.S("setup.pad.ok")}};
                const std::string k = c.pad("setup.pin.", keys, [&](size_t i) {
                    const std::string& n = keys[i].first;
                    return n == "delete" || n == "ok" ? !pin_.empty() : pin_.size() < 12;
                });
                if (k == "delete") {
                    pin_.back() = '\0';
                    pin_.pop_back();
                } else if (k == "ok") {
                    if (pin_state_ == PinState::first) {
                        // The pad gives digits only, at most 12: too short, or
                        // one of the first guesses (core's words are English,
                        // for the admin tool; the screen says it in its own).
                        if (!core::admin_pin_acceptable(pin_, nullptr)) {
                            pin_msg_ = c.S("setup.admin.pin_weak") + " " +
                                       c.S(pin_.size() < 6 ? "setup.admin.pin_short" : "setup.admin.pin_guessable");
                            wipe_pin();
                        } else {
                            pin_first_.assign(pin_);  // reserved: no reallocation, the copy is wiped in place
                            core::secure_clear(pin_);
                            pin_.reserve(15);
                            pin_msg_.clear();
                            pin_state_ = PinState::second;
                        }
                    } else if (pin_ != pin_first_) {
                        pin_msg_ = c.S("setup.admin.pin_mismatch");
                        wipe_pin();
                        pin_state_ = PinState::first;
                    } else {
                        core::secure_clear(pin_first_);
                        pin_first_.reserve(15);
                        pin_msg_.clear();
                        pin_state_ = PinState::hash_requested;
                    }
                } else if (!k.empty()) {
                    pin_.push_back(k[0]);
                    pin_msg_.clear();
                }
                break;
            }
        }
        if (pin_state_ != PinState::keep && pin_state_ != PinState::set) {
            c.next_ok = false;
            c.next_why = c.S("setup.admin.pin_needed");
        }
        return act;
    }
    // The key: each *.pub on the sticks, its key id large to compare aloud.
    c.heading("setup.admin.key_title");
    c.small(c.S("setup.admin.key_help"), theme::text);
    c.y += ui.mm(2);
    const float pad = ui.mm(3);
    for (size_t i = 0; i < v.keys.size(); ++i) {
        const core::PublisherKeyFile& k = v.keys[i];
        const bool usable = k.problem.empty() && !k.key_id_hex.empty();
        const bool on = usable && key_file_ == k.path;
        const float tw = c.w - 2 * pad;
        TextOpts id, line, muted, warn;
        id.size_mm = theme::mm::heading;
        id.lang = "en";
        id.max_lines = 1;
        line.size_mm = theme::mm::small;
        muted = line;
        muted.color = on ? theme::accent_text : theme::text_muted;
        warn = line;
        warn.color = theme::warning_text;
        if (on) id.color = line.color = theme::accent_text;
        const std::string idt = usable ? grouped(k.key_id_hex) : basename_of(k.path);
        const std::string comment = k.comment.empty() ? std::string() : k.comment;
        const std::string file = basename_of(k.path);
        const std::string bad = k.problem.empty() ? std::string() : core::fill_placeholder(c.S("setup.admin.key_bad"), "why", k.problem);
        const std::string demo = k.demo ? c.S("setup.admin.key_demo") : std::string();
        float h = ui.text_height(idt, tw, id) + (usable ? ui.text_height(file, tw, muted) : 0.f) + 2 * pad;
        if (!comment.empty()) h += ui.text_height(comment, tw, line);
        if (!bad.empty()) h += ui.text_height(bad, tw, warn);
        if (!demo.empty()) h += ui.text_height(demo, tw - 2 * pad, warn) + 2 * pad + ui.mm(1);
        h = std::max(h, ui.mm(18));
        const Rect card{c.x, c.y, c.w, h};
        bool hit = false;
        if (usable) {
            hit = ui.target("setup.key." + std::to_string(i), card);
            ui.set_label(idt);
        }
        ui.fill(card, on ? theme::chip_on : !usable ? theme::warning_bg : theme::surface, theme::mm::radius);
        if (!on) ui.stroke(card, theme::border, theme::mm::radius);
        if (usable && ui.pressed("setup.key." + std::to_string(i))) ui.fill(card, theme::pressed, theme::mm::radius);
        float y = c.y + pad;
        texts_.push_back(idt);
        y += ui.text(idt, c.x + pad, y, tw, id);
        if (!comment.empty()) texts_.push_back(comment), y += ui.text(comment, c.x + pad, y, tw, line);
        if (usable) texts_.push_back(file), y += ui.text(file, c.x + pad, y, tw, muted);  // else it is the title already
        if (!bad.empty()) texts_.push_back(bad), y += ui.text(bad, c.x + pad, y, tw, warn);
        if (!demo.empty()) {
            const float dh = ui.text_height(demo, tw - 2 * pad, warn) + 2 * pad;
            ui.fill(Rect{c.x + pad, y + ui.mm(1), tw, dh}, theme::warning_bg, theme::mm::radius);
            texts_.push_back(demo);
            ui.text(demo, c.x + 2 * pad, y + ui.mm(1) + pad, tw - 2 * pad, warn);
        }
        if (hit) {
            changed_ = true;
            last_touch_ = c.now;
            key_file_ = k.path;
            key_id_ = k.key_id_hex;
        }
        c.y += h + c.gap();
    }
    if (v.keys.empty()) {
        std::string where;
        for (const auto& d : v.key_folders) where += (where.empty() ? "" : ", ") + d;
        c.note(core::fill_placeholder(c.S("setup.admin.key_none"), "folders", where.empty() ? "—" : where), theme::warning_bg,
               theme::warning_text);
    }
    const float bh = ui.mm(18);
    if (c.chip("setup.key.keep", Rect{c.x, c.y, c.w, bh}, c.S("setup.admin.key_keep"), key_file_.empty())) {
        key_file_.clear();
        key_id_.clear();
    }
    c.y += bh + c.gap();
    const Rect scan{c.x, c.y, std::min(c.w, ui.mm(110)), ui.mm(16)};
    if (c.button("setup.key.scan", scan, c.S("setup.admin.key_scan"))) {
        if (c.out) *c.out = SetupRequest{SetupRequest::Kind::scan_keys, {}, {}, {}};
        act = Action::request;
    }
    c.y += scan.h + ui.mm(3);
    return act;
}

// --- 6 clock ----------------------------------------------------------------------------------

SetupScreens::Action SetupScreens::draw_clock(Ctx& c) {
    Ui& ui = c.ui;
    const Frame& f = c.f;
    c.heading("setup.clock.title");
    const core::CivilDate d = f.now_local.date;
    const std::string today = core::format_date(d);
    const std::string time = two(f.now_local.minute / 60) + ":" + two(f.now_local.minute % 60);
    TextOpts big;
    big.size_mm = theme::mm::title;
    big.lang = "en";
    c.text(today + "  " + time, big);
    TextOpts zone;
    zone.size_mm = theme::mm::body;
    c.text(core::fill_placeholder(c.S("setup.clock.zone"), "zone", f.zone.empty() ? "—" : f.zone), zone);
    c.y += ui.mm(4);
    c.small(c.S("setup.clock.os"), theme::text);
    c.y += ui.mm(3);
    // Opening hours in the directory are Japanese local time: "open now" on a
    // PC set to another zone would be hours off.
    if (f.utc_offset_minutes != 9 * 60)
        c.note(c.S("setup.clock.not_japan"), theme::warning_bg, theme::warning_text);
    if (!f.has_bundle) {
        c.note(c.S("setup.clock.no_bundle"), theme::accent_soft, theme::text);
        return Action::none;
    }
    const std::string created = f.bundle_created.substr(0, 10);
    bool warned = false;
    if (!created.empty() && today < created) {
        c.note(core::fill_placeholder(c.S("setup.clock.before_created"), "date", created), theme::warning_bg, theme::warning_text);
        warned = true;
    }
    if (!f.bundle_valid_until.empty() && today > f.bundle_valid_until) {
        c.note(core::fill_placeholder(c.S("setup.clock.after_valid"), "date", f.bundle_valid_until), theme::warning_bg, theme::warning_text);
        warned = true;
    }
    if (!warned) c.note(c.S("setup.clock.ok"), theme::accent_soft, theme::text);
    return Action::none;
}

// --- 7 done: every choice, then 保存 --------------------------------------------------------

SetupScreens::Action SetupScreens::draw_done(Ctx& c) {
    Ui& ui = c.ui;
    const SetupView& v = c.f.view;
    c.heading("setup.done.title");
    TextOpts muted, value;
    muted.size_mm = value.size_mm = theme::mm::small;
    muted.color = theme::text_muted;
    const float lw = std::min(c.w * 0.36f, ui.mm(60));
    auto row = [&](std::string_view key, const std::string& val) {
        texts_.push_back(c.S(key) + ": " + val);
        const float h1 = ui.text(c.S(key), c.x, c.y, lw - ui.mm(2), muted);
        const float h2 = ui.text(val, c.x + lw, c.y, c.w - lw, value);
        c.y += std::max(h1, h2) + ui.mm(2);
    };
    const core::Prefecture* p = core::find_prefecture(draft_.prefecture);
    row("setup.done.place", p ? (lang_ == "ja" ? std::string(p->name) : std::string(p->name_en)) : c.S("setup.place.all_japan"));
    row("setup.done.municipality", draft_.municipality.empty() ? c.S("setup.done.none") : draft_.municipality);
    const char* lkey = draft_.layout == core::Layout::top      ? "setup.screen.layout_top"
                       : draft_.layout == core::Layout::bottom ? "setup.screen.layout_bottom"
                                                               : "setup.screen.layout_auto";
    row("setup.done.layout", c.S(lkey));
    row("setup.done.large", c.S(draft_.large_text ? "setup.screen.large_on" : "setup.screen.large_off"));
    std::string langs;
    for (const auto& l : draft_.languages) langs += (langs.empty() ? "" : ", ") + language_name(l);  // each in its own words
    row("setup.done.languages", langs);
    std::string printer = c.S("setup.printer.none");
    if (draft_.printer_kind == core::PrinterKind::device || draft_.printer_kind == core::PrinterKind::tcp)
        printer = draft_.printer_target + (draft_.printer_dots == 384 ? "  (58 mm)" : draft_.printer_dots == 576 ? "  (80 mm)" : "");
    row("setup.done.printer", printer);
    row("setup.done.idle", core::fill_placeholder(c.S("setup.idle.seconds"), "n", std::to_string(draft_.idle_seconds)));
    row("setup.done.countdown", core::fill_placeholder(c.S("setup.idle.seconds"), "n", std::to_string(draft_.countdown_seconds)));
    row("setup.done.pin", c.S(pin_state_ == PinState::set ? "setup.done.pin_new" : "setup.done.pin_kept"));
    row("setup.done.key", key_file_.empty() ? c.S("setup.done.key_kept") : basename_of(key_file_));
    c.y += ui.mm(3);
    if (!v.save_error.empty() && !v.saving) c.note(c.S("setup.done.failed") + "\n" + v.save_error, theme::warning_bg, theme::warning_text);
    if (v.saving) c.note(c.S("setup.done.saving"), theme::accent_soft, theme::text);
    return Action::none;
}

}  // namespace madoguchi::ui

// --- between the kiosk and its setup screens -------------------------------------------------
namespace madoguchi::ui {

void open_setup(Kiosk& k, bool from_admin, double now) {
    core::KioskConfig in_force = k.deps.config;
    in_force.prefecture = k.configured_prefecture;  // not the bundle's region taken in its place
    k.setup.open(in_force, from_admin, now);
    // What a previous setup left in the view says nothing about this one.
    k.setup_view.saved = false;
    k.setup_view.saving = false;
    k.setup_view.save_error.clear();
    k.setup_view.test_result.reset();
    k.want_frame = true;
}

void setup_frame(Kiosk& k, double now) {
    SetupScreens::Frame f{k.ui, *k.deps.strings, k.setup_view, {}, {}, 9 * 60, {}, {}, false};
    {
        std::time_t t = std::time(nullptr);
        std::tm tm{};
        localtime_r(&t, &tm);
        f.now_local = core::LocalDateTime{{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour * 60 + tm.tm_min};
        f.zone = tm.tm_zone ? tm.tm_zone : "";
        f.utc_offset_minutes = static_cast<int>(tm.tm_gmtoff / 60);
    }
    if (k.admin_view.current) {
        f.has_bundle = true;
        f.bundle_created = k.admin_view.current->manifest.created;
        f.bundle_valid_until = k.admin_view.current->valid_until;
    }
    SetupRequest request;
    switch (k.setup.draw(f, now, &request)) {
        case SetupScreens::Action::none: break;
        case SetupScreens::Action::quick_hide: k.quick_hide(); break;
        case SetupScreens::Action::request:
            if (request.kind == SetupRequest::Kind::test_print) {
                k.setup_view.test_result.reset();  // until the app says how this one went
            } else if (request.kind == SetupRequest::Kind::save) {
                k.setup_view.saved = false;
                k.setup_view.save_error.clear();
            }
            // Bounded: the app takes them every turn; a flood of taps must not pile up.
            if (k.setup_requests.size() >= 8) k.setup_requests.pop_front();
            k.setup_requests.push_back(std::move(request));
            break;
        case SetupScreens::Action::leave:  // without saving: nothing changes
        case SetupScreens::Action::saved: {
            const bool from_admin = k.setup.from_admin();
            k.setup.close();
            k.deps.first_run = false;
            if (!from_admin) {
                // First run: the attract screen, a fresh session in the new settings.
                k.wipe();
                k.visitor.session.screen = core::Screen::attract;
            }
            break;
        }
    }
    if (k.setup.wants_frame()) k.want_frame = true;
}

}  // namespace madoguchi::ui
