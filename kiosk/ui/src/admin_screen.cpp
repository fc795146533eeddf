// SPDX-License-Identifier: Apache-2.0
// admin_screen.cpp — see admin_screen.hpp.
#include "admin_screen.hpp"

#include <algorithm>
#include <cmath>

#include "madoguchi/core/session.hpp"
#include "theme.hpp"

namespace madoguchi::ui {
namespace {

std::string basename_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dirname_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string() : slash == 0 ? std::string("/") : path.substr(0, slash);
}

const char* state_key(AdminCandidate::State s) {
    using S = AdminCandidate::State;
    switch (s) {
        case S::checking: return "admin.state.checking";
        case S::queued: return "admin.state.queued";
        case S::installing: return "admin.state.installing";
        case S::installed: return "admin.state.installed";
        case S::already_installed: return "admin.state.already_installed";
        case S::superseded: return "admin.state.superseded";
        case S::refused: return "admin.state.refused";
        case S::failed: return "admin.state.failed";
    }
    return "admin.state.checking";
}

}  // namespace

AdminScreen::AdminScreen(const std::string& pin_hash) {
    if (!pin_hash.empty() && core::admin_pin_hash_valid(pin_hash)) gate_.emplace(pin_hash);
    pin_.reserve(15);  // 12 digits at most: stays in place, so overwriting it reaches every copy
}

AdminScreen::~AdminScreen() { wipe_pin(); }

void AdminScreen::set_pin_hash(const std::string& pin_hash) {
    gate_.reset();
    if (!pin_hash.empty() && core::admin_pin_hash_valid(pin_hash)) gate_.emplace(pin_hash);
}

void AdminScreen::wipe_pin() { core::secure_clear(pin_); }

void AdminScreen::close() {
    wipe_pin();
    mode_ = Mode::closed;
    check_ = Check::none;
    said_ = Said::nothing;
    confirm_rollback_ = false;
    texts_.clear();
    gesture_reset();
}

void AdminScreen::key(int code) {
    if (code == 27) close();
}

// --- the gesture ------------------------------------------------------------------

void AdminScreen::gesture_zones(Ui& ui, bool bar_at_bottom) {
    // A rehearsal (Ui::begin_rehearsal) shows nothing anyone could touch: the
    // zones come with the first frame.
    if (!enabled() || ui.rehearsal()) return;
    const float side = ui.mm(kAdminCornerMm);
    hold_zone_ = Rect{0, 0, side, side};
    tap_zone_ = Rect{ui.width() - side, bar_at_bottom ? 0.f : ui.height() - side, side, side};
    slop_px_ = ui.mm(4);
    ui.target("admin.corner.hold", hold_zone_);
    ui.target("admin.corner.tap", tap_zone_);
}

void AdminScreen::gesture_reset() {
    holding_ = tap_down_ = false;
    armed_until_ = -1;
}

void AdminScreen::gesture_input(const InputEvent& e, double now) {
    if (!enabled() || open()) return;
    switch (e.kind) {
        case InputEvent::Kind::pointer_down:
            holding_ = hold_zone_.contains(e.x, e.y);
            hold_x_ = e.x;
            hold_y_ = e.y;
            hold_start_ = now;
            tap_down_ = tap_zone_.contains(e.x, e.y) && now <= armed_until_;
            if (!tap_down_ && !holding_) armed_until_ = -1;  // anything else in between cancels
            break;
        case InputEvent::Kind::pointer_move:
            if (holding_ && std::hypot(e.x - hold_x_, e.y - hold_y_) > slop_px_) holding_ = false;
            if (tap_down_ && !tap_zone_.contains(e.x, e.y)) tap_down_ = false;
            break;
        case InputEvent::Kind::pointer_up:
            if (holding_ && now - hold_start_ >= kAdminHoldSeconds && hold_zone_.contains(e.x, e.y)) {
                armed_until_ = now + kAdminTapWithinSeconds;
            } else if (tap_down_ && tap_zone_.contains(e.x, e.y) && now <= armed_until_) {
                mode_ = Mode::pin;
                last_touch_ = now;
                said_ = Said::nothing;
                check_ = Check::none;
                wipe_pin();
                armed_until_ = -1;
            }
            holding_ = tap_down_ = false;
            break;
        default: break;
    }
}

// --- frame ------------------------------------------------------------------------

void AdminScreen::idle_check(double now) {
    if (!open()) return;
    const double limit = mode_ == Mode::pin ? kAdminPinIdleSeconds : kAdminIdleSeconds;
    if (now - last_touch_ >= limit) close();
}

double AdminScreen::next_wakeup(double now) const {
    if (!open()) return kNever;
    const double limit = mode_ == Mode::pin ? kAdminPinIdleSeconds : kAdminIdleSeconds;
    double wake = last_touch_ + limit;
    if (mode_ == Mode::pin && gate_ && gate_->wait_seconds(now) > 0) wake = std::min(wake, now + 1.0);  // the countdown
    return wake;
}

float AdminScreen::label(const Frame& f, std::string_view s, float x, float y, float w, const TextOpts& o) {
    texts_.emplace_back(s);
    return f.ui.text(s, x, y, w, o);
}

// A section heading in the kiosk's language, with the English one in small
// type after it (staff who read only English can still find their way).
float AdminScreen::heading(const Frame& f, std::string_view key, float x, float y, float w) {
    Ui& ui = f.ui;
    TextOpts h;
    h.size_mm = theme::mm::body * 1.15f;
    h.phrases = true;
    const std::string& text = f.strings.get(f.lang, key);
    float used = label(f, text, x, y, w, h);
    if (f.lang != "en") {
        TextOpts en;
        en.size_mm = theme::mm::small * 0.8f;
        en.lang = "en";
        en.color = theme::text_muted;
        used += label(f, f.strings.get("en", key), x, y + used, w, en);
    }
    ui.fill(Rect{x, y + used + ui.mm(1), w, std::max(1.f, ui.mm(0.35f))}, theme::border);
    return used + ui.mm(3);
}

float AdminScreen::note_box(const Frame& f, std::string_view s, float x, float y, float w, ImU32 bg, ImU32 fg) {
    Ui& ui = f.ui;
    const float pad = ui.mm(3);
    TextOpts o;
    o.color = fg;
    o.size_mm = theme::mm::small;
    const float h = ui.text_height(s, w - 2 * pad, o) + 2 * pad;
    ui.fill(Rect{x, y, w, h}, bg, theme::mm::radius);
    label(f, s, x + pad, y + pad, w - 2 * pad, o);
    return h + ui.mm(2);
}

AdminScreen::Action AdminScreen::top_bar(const Frame& f, std::string_view title, bool exit_button) {
    Ui& ui = f.ui;
    Action act = Action::none;
    const float h = ui.mm(theme::mm::bar), pad = ui.mm(3), bh = h - 2 * pad, margin = ui.mm(theme::mm::margin);
    TextOpts small;
    small.size_mm = theme::mm::small;
    auto width_for = [&](std::string_view s) { return std::max(ui.mm(24), ui.text_width(s, small) + ui.mm(10)); };
    float x = margin;
    if (exit_button) {
        const std::string exit = "← " + f.strings.get(f.lang, "admin.exit");
        const float w = width_for(exit);
        texts_.push_back(exit);
        if (ui.button("admin.exit", Rect{x, pad, w, bh}, exit, Ui::Style::secondary, 0, theme::mm::small)) act = Action::exit;
        x += w + ui.mm(theme::mm::gap);
    }
    // とじる in the corner where it always is, doing what it always does.
    const std::string& close = f.strings.get(f.lang, "common.close");
    const float cw = width_for(close);
    const float cx = ui.width() - margin - cw;
    if (ui.button("quick_hide", Rect{cx, pad, cw, bh}, close, Ui::Style::quiet, 0, theme::mm::small)) act = Action::quick_hide;
    TextOpts t;
    t.size_mm = theme::mm::body;
    t.max_lines = 1;
    const float tw = cx - ui.mm(theme::mm::gap) - x;
    const float th = ui.text_height(title, tw, t);
    label(f, title, x, (h - th) / 2, tw, t);
    return act;
}

AdminScreen::Action AdminScreen::draw(const Frame& f, double now, std::string* file) {
    texts_.clear();
    changed_ = false;
    if (mode_ == Mode::pin) {
        const Action a = draw_pin(f, now);
        if (mode_ != Mode::admin || a != Action::none) return a;
        texts_.clear();  // accepted: the admin screen in this same frame
    }
    return draw_admin(f, now, file);
}

// --- printer status ---------------------------------------------------------------------
// Two "label: value" rows: what the printer said about itself, in words staff
// act on (change the roll, close the cover), and how the last print attempt
// ended — never what was printed, nor when (that would tell when someone used it). Problems in the warning colour.
float AdminScreen::printer_rows(const Frame& f, float x, float y, float w, float label_w) {
    if (!f.printer_report) return y;
    Ui& ui = f.ui;
    auto S = [&](std::string_view key) -> const std::string& { return f.strings.get(f.lang, key); };
    const PrinterReport& r = *f.printer_report;
    using Reply = PrinterReport::Reply;
    std::vector<std::string> words;
    bool problem = false;
    switch (r.reply) {
        case Reply::not_asked:
        case Reply::asking: words.push_back(S("admin.printer_asking")); break;
        case Reply::answered:
            if (r.paper == PrinterReport::Paper::out) words.push_back(S("admin.paper_out"));
            if (r.paper == PrinterReport::Paper::near_end) words.push_back(S("admin.paper_near_end"));
            if (r.cover_open) words.push_back(S("admin.cover_open"));
            if (r.error) words.push_back(S("admin.printer_error"));
            if (r.offline && words.empty()) words.push_back(S("admin.printer_offline"));
            problem = !words.empty();
            if (words.empty()) words.push_back(S(r.paper == PrinterReport::Paper::ok ? "admin.paper_ok" : "admin.printer_ready"));
            break;
        case Reply::no_answer:
            words.push_back(S("admin.printer_no_answer"));
            problem = true;
            break;
        case Reply::not_reported: words.push_back(S("admin.printer_not_reported")); break;
        case Reply::not_configured:
            words.push_back(S("admin.printer_not_configured"));
            problem = true;
            break;
    }
    TextOpts small;
    small.size_mm = theme::mm::small;
    TextOpts muted = small;
    muted.color = theme::text_muted;
    TextOpts value = small;
    if (problem) value.color = theme::warning_text;
    auto row = [&](std::string_view key, const std::string& v, const TextOpts& o) {
        texts_.push_back(S(key) + ": " + v);  // one line for scripts: "最後の印刷: 印刷できました"
        const float h1 = ui.text(S(key), x, y, label_w - ui.mm(2), muted);
        const float h2 = ui.text(v, x + label_w, y, w - label_w, o);
        y += std::max(h1, h2) + ui.mm(1.5f);
    };
    std::string said;
    for (const auto& word : words) said += (said.empty() ? "" : "\n") + word;
    row("admin.printer_status", said, value);
    if (r.last_print) {
        TextOpts o = small;
        if (r.last_print->result != core::PrintResult::printed) o.color = theme::warning_text;
        row("admin.last_print", S("admin.print_result." + std::string(core::to_string(r.last_print->result))), o);
    } else {
        row("admin.last_print", S("admin.last_print_none"), muted);
    }
    return y + ui.mm(2);
}

// --- PIN pad ------------------------------------------------------------------------

AdminScreen::Action AdminScreen::draw_pin(const Frame& f, double now) {
    Ui& ui = f.ui;
    auto S = [&](std::string_view key) -> const std::string& { return f.strings.get(f.lang, key); };
    // The check runs at the start of the frame after "checking…" was shown
    // (argon2id takes a noticeable moment on purpose).
    if (check_ == Check::shown) {
        check_ = Check::none;
        const auto result = gate_ ? gate_->try_pin(pin_, now) : core::PinGate::Result::no_pin_configured;
        wipe_pin();
        switch (result) {
            case core::PinGate::Result::accepted:
                mode_ = Mode::admin;
                ++openings_;
                said_ = Said::nothing;
                confirm_rollback_ = false;
                last_touch_ = now;
                ui.reset_scroll("admin");
                return Action::none;
            case core::PinGate::Result::wrong: said_ = Said::wrong; break;
            case core::PinGate::Result::locked: said_ = Said::locked; break;
            case core::PinGate::Result::no_pin_configured: said_ = Said::no_pin; break;
        }
    }
    const double wait = gate_ ? gate_->wait_seconds(now) : 0;
    const bool locked = wait > 0;

    Action act = top_bar(f, S("admin.title"), false);
    const float margin = ui.mm(theme::mm::margin), top = ui.mm(theme::mm::bar) + ui.mm(4);
    const float w = std::min(ui.width() - 2 * margin, ui.mm(130));
    const float x = (ui.width() - w) / 2;
    const float gap = ui.mm(theme::mm::gap), key_h = ui.mm(20);
    float y = top + ui.mm(2);
    TextOpts t;
    t.size_mm = theme::mm::body;
    t.align = text::Align::center;
    t.phrases = true;
    y += label(f, S("admin.pin.title"), x, y, w, t);
    if (f.lang != "en") {
        TextOpts en = t;
        en.size_mm = theme::mm::small * 0.8f;
        en.lang = "en";
        en.color = theme::text_muted;
        y += label(f, f.strings.get("en", "admin.pin.title"), x, y, w, en);
    }
    y += ui.mm(4);
    // One dot per digit typed; never the digits.
    const int shown = std::max<int>(6, static_cast<int>(pin_.size()));
    const float r = ui.mm(2.2f), step = ui.mm(8);
    float dx = x + (w - (shown - 1) * step) / 2;
    for (int i = 0; i < shown; ++i, dx += step) {
        const ImVec2 c(dx, y + ui.mm(4));
        if (i < static_cast<int>(pin_.size())) ui.dl()->AddCircleFilled(c, r, theme::text, 24);
        else ui.dl()->AddCircle(c, r, theme::border, 24, std::max(1.f, ui.mm(0.4f)));
    }
    texts_.push_back("pin digits: " + std::to_string(pin_.size()));
    y += ui.mm(10);
    // What happened: checking, wrong, or locked with the time left.
    std::string msg;
    ImU32 color = theme::text;
    if (check_ != Check::none) msg = S("admin.pin.checking");
    else if (locked) {
        msg = core::fill_placeholder(S("admin.pin.locked"), "n", std::to_string(static_cast<long long>(std::ceil(wait))));
        color = theme::warning_text;
    } else if (said_ == Said::wrong) {
        msg = S("admin.pin.wrong");
        color = theme::warning_text;
    } else if (said_ == Said::no_pin) {
        msg = S("admin.pin.none");
    }
    TextOpts m;
    m.size_mm = theme::mm::small;
    m.align = text::Align::center;
    m.color = color;
    m.phrases = true;
    const float msg_h = ui.text_height(S("admin.pin.locked"), w, m) + ui.mm(2);  // room for the longest message
    if (!msg.empty()) {
        if (color == theme::warning_text) {
            const float h = ui.text_height(msg, w - ui.mm(4), m) + ui.mm(2);
            ui.fill(Rect{x, y - ui.mm(1), w, h}, theme::warning_bg, theme::mm::radius);
        }
        label(f, msg, x + ui.mm(2), y, w - ui.mm(4), m);
    }
    y += msg_h + ui.mm(3);
    // The pad: 1 2 3 / 4 5 6 / 7 8 9 / delete 0 OK, as on a phone.
    const float kw = (w - 2 * gap) / 3;
    const bool busy = check_ != Check::none;
    const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "delete", "0", "ok"};
    for (int i = 0; i < 12; ++i) {
        const Rect k{x + (i % 3) * (kw + gap), y + (i / 3) * (key_h + gap), kw, key_h};
        const std::string name = std::string("admin.pin.") + keys[i];
        const bool digit = keys[i][1] == '\0';
        std::string caption = digit ? std::string(keys[i]) : S(std::string("admin.pin.") + keys[i]);
        const bool usable = !busy && !locked && (digit ? pin_.size() < 12 : !pin_.empty());
        if (!usable) {  // drawn, not a target: nothing happens on it
            ui.fill(k, theme::badge, theme::mm::radius);
            TextOpts o;
            o.align = text::Align::center;
            o.color = theme::text_muted;
            o.size_mm = digit ? theme::mm::heading : theme::mm::small;
            const float h = ui.text_height(caption, k.w, o);
            ui.text(caption, k.x, k.cy() - h / 2, k.w, o);
            continue;
        }
        if (ui.button(name, k, caption, keys[i][0] == 'o' ? Ui::Style::primary : Ui::Style::secondary, 0,
                      digit ? theme::mm::heading : theme::mm::small)) {
            last_touch_ = now;
            changed_ = true;
            if (digit) {
                pin_.push_back(keys[i][0]);
                said_ = Said::nothing;
            } else if (keys[i][0] == 'd') {
                pin_.back() = '\0';
                pin_.pop_back();
            } else {
                check_ = Check::requested;
            }
        }
    }
    y += 4 * (key_h + gap) + ui.mm(2);
    const std::string& cancel = S("admin.pin.cancel");
    if (ui.button("admin.pin.cancel", Rect{x, y, w, ui.mm(16)}, cancel, Ui::Style::quiet, 0, theme::mm::small)) act = Action::exit;
    texts_.push_back(cancel);
    if (check_ == Check::requested) check_ = Check::shown;  // "checking…" is on screen now
    return act;
}

// --- admin screen ----------------------------------------------------------------------

AdminScreen::Action AdminScreen::draw_admin(const Frame& f, double now, std::string* file) {
    Ui& ui = f.ui;
    auto S = [&](std::string_view key) -> const std::string& { return f.strings.get(f.lang, key); };
    Action act = top_bar(f, S("admin.title") + (f.lang != "en" ? "  " + f.strings.get("en", "admin.title") : std::string()), true);
    const AdminView& v = f.view;

    const float margin = ui.mm(theme::mm::margin), top = ui.mm(theme::mm::bar) + ui.mm(3);
    const float cw = std::min(ui.width() - 2 * margin, ui.mm(ui.portrait() ? 300.f : 250.f));
    const Rect view{(ui.width() - cw) / 2, top, cw, ui.height() - top - ui.mm(3)};
    const float off = ui.scroll("admin", view, kMeasuredLastFrame);
    ui.push_clip(view);
    const float x = view.x, w = view.w - ui.mm(4);  // room for the scroll bar
    float y = view.y - off;
    const float gap = ui.mm(theme::mm::gap);

    TextOpts small;
    small.size_mm = theme::mm::small;
    TextOpts muted = small;
    muted.color = theme::text_muted;
    // A "label: value" row; the label column is narrower in portrait.
    const float label_w = std::min(w * 0.34f, ui.mm(52));
    auto row = [&](std::string_view key, const std::string& value, ImU32 color = 0) {
        TextOpts v_o = small;
        if (color) v_o.color = color;
        texts_.push_back(S(key) + ": " + value);  // one line for scripts: "版: 2"
        const float h1 = ui.text(S(key), x, y, label_w - ui.mm(2), muted);
        const float h2 = ui.text(value, x + label_w, y, w - label_w, v_o);
        y += std::max(h1, h2) + ui.mm(1.5f);
    };

    // --- warnings first: what must not be missed ---------------------------------
    const bool demo = v.current && v.current->demo_key && v.development_catalogue.empty();
    if (demo) y += note_box(f, S("admin.demo_key"), x, y, w, theme::danger_bg, theme::danger_text);
    if (!v.development_catalogue.empty())
        y += note_box(f, S("admin.development") + "\n" + v.development_catalogue, x, y, w, theme::warning_bg, theme::warning_text);
    std::string valid_until = v.development_catalogue.empty() ? (v.current ? v.current->valid_until : std::string())
                                                              : (f.shown ? f.shown->meta_value("valid_until") : std::string());
    const bool expired = !valid_until.empty() && !f.today.empty() && valid_until < f.today;
    if (expired) y += note_box(f, core::fill_placeholder(S("admin.expired"), "date", valid_until), x, y, w, theme::warning_bg, theme::warning_text);
    for (const auto& p : v.problems) y += note_box(f, p, x, y, w, theme::warning_bg, theme::warning_text);
    if (v.swap_pending) y += note_box(f, S("admin.swap_pending"), x, y, w, theme::accent_soft, theme::text);
    y += ui.mm(2);

    // --- this kiosk's settings: the setup screens again (issue 21) -------------------
    {
        const float bw = std::min(w, ui.mm(110)), bh = ui.mm(18);
        texts_.push_back(S("admin.settings"));
        if (ui.button("admin.settings", Rect{x, y, bw, bh}, S("admin.settings"), Ui::Style::secondary, 0, theme::mm::small)) {
            last_touch_ = now;
            act = Action::settings;
        }
        y += bh + ui.mm(6);
    }

    // --- what is shown ------------------------------------------------------------
    y += heading(f, "admin.installed", x, y, w);
    if (!v.development_catalogue.empty()) {
        if (f.shown) {
            row("admin.version", f.shown->meta_value("version"));
            row("admin.publisher", f.shown->meta_value("publisher"));
            if (!valid_until.empty()) row("admin.valid_until", valid_until, expired ? theme::warning_text : 0);
            row("admin.key", S("admin.unverified"), theme::warning_text);
        } else {
            y += label(f, S("admin.no_bundle"), x, y, w, small) + ui.mm(2);
        }
    } else if (v.current) {
        const auto& c = *v.current;
        row("admin.version", std::to_string(c.manifest.version));
        row("admin.publisher", c.manifest.publisher);
        row("admin.created", c.manifest.created);
        if (!c.valid_until.empty())
            row("admin.valid_until", c.valid_until + (expired ? "  (" + S("admin.expired_short") + ")" : std::string()),
                expired ? theme::warning_text : 0);
        row("admin.key", c.manifest.key_id_hex + (c.demo_key ? "  (DEMO)" : ""), c.demo_key ? theme::danger_bg : 0);
        std::string counts;
        for (const auto& [table, n] : c.counts) {
            if (!counts.empty()) counts += " · ";
            counts += table + " " + std::to_string(n);
        }
        if (!counts.empty()) row("admin.counts", counts);
    } else {
        y += label(f, S("admin.no_bundle"), x, y, w, small) + ui.mm(2);
    }
    // Services and organizations whose facts were last checked more than
    // kReviewMonths ago (Catalogue::past_review): the publisher's to recheck.
    if (f.past_review) {
        const core::ReviewDue& due = *f.past_review;
        std::string value = core::fill_placeholder(S("admin.past_review_count"), "n", std::to_string(due.total()));
        value = core::fill_placeholder(value, "services", std::to_string(due.services));
        value = core::fill_placeholder(value, "organizations", std::to_string(due.organizations));
        const std::string label = core::fill_placeholder(S("admin.past_review"), "months", std::to_string(core::kReviewMonths));
        texts_.push_back(label + ": " + value);
        TextOpts phrases = muted;
        phrases.phrases = true;  // 「確認から6か月を / 過ぎた情報」, not mid-word
        const float h1 = ui.text(label, x, y, label_w - ui.mm(2), phrases);
        const float h2 = ui.text(value, x + label_w, y, w - label_w, small);
        y += std::max(h1, h2) + ui.mm(1.5f);
    }
    if (!v.store_dir.empty()) row("admin.store", v.store_dir);
    y += ui.mm(4);

    // --- progress and the last outcome ---------------------------------------------------
    if (v.busy) {
        const std::string what = std::to_string(v.step) + "/" + std::to_string(std::max(v.steps, v.step)) +
                                 (v.step_what.empty() ? std::string() : "  " + v.step_what);
        y += label(f, core::fill_placeholder(S("admin.progress"), "n", what), x, y, w, small) + ui.mm(1.5f);
        const Rect bar{x, y, w, ui.mm(4)};
        ui.fill(bar, theme::badge, 2);
        if (v.steps > 0) ui.fill(Rect{bar.x, bar.y, bar.w * std::clamp(static_cast<float>(v.step) / v.steps, 0.f, 1.f), bar.h}, theme::accent, 2);
        y += bar.h + ui.mm(4);
    }
    if (!v.last_message.empty()) {
        y += label(f, S("admin.last_result"), x, y, w, muted);
        y += label(f, v.last_message, x, y, w, small) + ui.mm(4);
    }

    // --- bundles found ------------------------------------------------------------------
    y += heading(f, "admin.candidates", x, y, w);
    if (v.candidates.empty()) y += label(f, S("admin.no_candidates"), x, y, w, muted) + ui.mm(2);
    for (const auto& c : v.candidates) {
        const float pad = ui.mm(3);
        const float top_y = y;
        float cy = y + pad;
        TextOpts name;
        name.size_mm = theme::mm::small;
        const bool bad = c.state == AdminCandidate::State::refused || c.state == AdminCandidate::State::failed;
        const bool can_install = !v.busy && (c.state == AdminCandidate::State::queued || c.state == AdminCandidate::State::failed);
        const float bw = can_install ? std::min(ui.mm(60), w * 0.4f) : 0;
        const float tw = w - 2 * pad - (bw > 0 ? bw + gap : 0);
        // Measure first (the card is drawn under its text).
        std::string line2 = S(state_key(c.state));
        if (c.version > 0) line2 += "  ·  v" + std::to_string(c.version) + (c.publisher.empty() ? "" : "  ·  " + c.publisher);
        TextOpts st = small;
        st.color = bad ? theme::warning_text : theme::text;
        const std::string folder = dirname_of(c.file);
        float h = ui.text_height(basename_of(c.file), tw, name) + ui.text_height(folder, tw, muted) + ui.text_height(line2, tw, st);
        if (!c.message.empty()) h += ui.text_height(c.message, tw, small);
        h = std::max(h + 2 * pad, can_install ? ui.mm(24) : 0.f);
        ui.fill(Rect{x, top_y, w, h}, bad ? theme::warning_bg : theme::surface, theme::mm::radius);
        ui.stroke(Rect{x, top_y, w, h}, theme::border, theme::mm::radius, 0.35f);
        cy += label(f, basename_of(c.file), x + pad, cy, tw, name);
        cy += label(f, folder, x + pad, cy, tw, muted);
        cy += label(f, line2, x + pad, cy, tw, st);
        if (!c.message.empty()) label(f, c.message, x + pad, cy, tw, small);
        if (can_install) {
            texts_.push_back(S("admin.install_now"));
            if (ui.button("admin.install." + basename_of(c.file), Rect{x + w - pad - bw, top_y + pad, bw, ui.mm(18)}, S("admin.install_now"),
                          Ui::Style::primary, 0, theme::mm::small)) {
                last_touch_ = now;
                act = Action::install;
                if (file) *file = c.file;
            }
        }
        y = top_y + h + ui.mm(2);
    }
    if (!v.watch_notes.empty()) {
        y += ui.mm(1);
        y += label(f, S("admin.watch"), x, y, w, muted);
        for (const auto& n : v.watch_notes) y += label(f, n, x, y, w, muted);
    }
    y += ui.mm(6);

    // --- rollback -------------------------------------------------------------------
    y += heading(f, "admin.previous", x, y, w);
    if (v.previous) {
        const auto& p = *v.previous;
        row("admin.version", std::to_string(p.manifest.version));
        row("admin.publisher", p.manifest.publisher);
        row("admin.created", p.manifest.created);
        y += ui.mm(2);
        const float bh = ui.mm(18);
        if (v.busy) {
            y += label(f, S("admin.wait_busy"), x, y, w, muted) + ui.mm(2);
        } else if (!confirm_rollback_) {
            const float bw = std::min(w, ui.mm(110));
            texts_.push_back(S("admin.rollback"));
            if (ui.button("admin.rollback", Rect{x, y, bw, bh}, S("admin.rollback"), Ui::Style::secondary, 0, theme::mm::small)) {
                confirm_rollback_ = true;
                last_touch_ = now;
                changed_ = true;
            }
            y += bh + ui.mm(2);
        } else {
            TextOpts q;
            q.phrases = true;
            y += label(f, core::fill_placeholder(S("admin.rollback_confirm"), "n", std::to_string(p.manifest.version)), x, y, w, q) + ui.mm(2);
            const float bw = std::min((w - gap) / 2, ui.mm(90));
            texts_.push_back(S("admin.rollback_yes"));
            if (ui.button("admin.rollback.confirm", Rect{x, y, bw, bh}, S("admin.rollback_yes"), Ui::Style::primary, 0, theme::mm::small)) {
                confirm_rollback_ = false;
                last_touch_ = now;
                act = Action::rollback;
            }
            if (ui.button("admin.rollback.cancel", Rect{x + bw + gap, y, bw, bh}, S("admin.cancel"), Ui::Style::secondary, 0,
                          theme::mm::small)) {
                confirm_rollback_ = false;
                last_touch_ = now;
                changed_ = true;
            }
            y += bh + ui.mm(2);
        }
    } else {
        y += label(f, S("admin.no_previous"), x, y, w, muted) + ui.mm(2);
    }
    y += ui.mm(4);

    // --- printer ---------------------------------------------------------------------------
    y += heading(f, "admin.printer", x, y, w);
    if (!f.printer_configured) {
        y += label(f, S("admin.print_no_printer"), x, y, w, muted) + ui.mm(2);
    } else {
        y = printer_rows(f, x, y, w, label_w);
        const float bw = std::min(w, ui.mm(110)), bh = ui.mm(18);
        if (f.printing) {
            y += label(f, S("admin.printing"), x, y, w, small) + ui.mm(2);
        } else {
            texts_.push_back(S("admin.print_test"));
            if (ui.button("admin.print_test", Rect{x, y, bw, bh}, S("admin.print_test"), Ui::Style::secondary, 0, theme::mm::small)) {
                last_touch_ = now;
                act = Action::print_test;
            }
            y += bh + ui.mm(2);
        }
        if (!f.print_status.empty()) y += label(f, f.print_status, x, y, w, small) + ui.mm(2);
    }
    y += ui.mm(4);

    // --- what the kernel enforces (docs/privacy.md "Process hardening") -----------------------
    if (!v.protections.empty()) {
        y += heading(f, "admin.protections", x, y, w);
        TextOpts line;
        line.size_mm = theme::mm::small * 0.8f;
        line.lang = "en";
        line.color = theme::text_muted;
        for (const auto& p : v.protections) y += label(f, p, x, y, w, line) + ui.mm(1);
    }
    y += ui.mm(8);

    ui.pop_clip();
    ui.set_scroll_content("admin", y + off - view.y);
    return act;
}

}  // namespace madoguchi::ui
