// SPDX-License-Identifier: Apache-2.0
// kiosk.hpp — the kiosk's state and the screens that draw it (internal to kiosk/ui).
//
// Index
//   - Kiosk                 what the kiosk holds: its deps, the drawing layer (Ui),
//                           the visitor (visitor_state.hpp), the catalogue's
//                           metadata and the admin screen's; the few helpers
//                           every screen uses (kiosk.cpp)
//   - layout (bar.cpp)      content area, bottom-weighted layout, the bar, the
//                           idle overlay
//   - widgets (widgets.cpp) headings, labels, text sections, language buttons, QR codes
//   - screens               one free function per screen, in files named for what
//                           they show: browse_screens.cpp (attract, concern, who,
//                           results, language, neutral, unavailable),
//                           urgent_screen.cpp (the urgent route 「いますぐ話したい」),
//                           detail_screens.cpp (detail, guides, guide),
//                           take_away_screens.cpp (basket, QR codes, printing),
//                           search_screen.cpp, admin_bridge.cpp,
//                           setup_screens.cpp (first run and 「設定を変える」)
//   - layout_check.cpp      the layout check of a drawn frame (targets' size and gaps)
//
// Everything here runs on the UI thread (the app's main thread).
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin_screen.hpp"
#include "setup_screens.hpp"
#include "madoguchi/base/invariant.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "madoguchi/ui/slip_printer.hpp"
#include "theme.hpp"
#include "ui_context.hpp"
#include "visitor_state.hpp"

namespace madoguchi::ui {

struct Kiosk {
    KioskUiDeps deps;
    Ui ui;
    VisitorState visitor;  // renewed by wipe(): nothing about a visitor lives anywhere else
    check::OwnerThread ui_thread;  // input, frames and bundles: one thread (the app's main thread)
    double last_input = 0;  // when the screen was last touched (the idle clock)
    bool want_frame = false;  // something changed: draw another frame at once
    bool two_row_bar = false;  // measured at the start of each frame (measure_bar)
    core::Screen focus_screen = core::Screen::attract;  // the screen the focus was placed on (keys mode)
    uint64_t sessions_ended = 0;  // Kiosk::wipe counts: the app resets speech when it moves
    uint64_t announcement_serial = 0;  // counts on across sessions: a new visitor's first text is new to speech

    // The admin screen (staff only; nothing in it is about visitors).
    AdminScreen admin;
    AdminView admin_view;
    std::deque<AdminRequest> admin_requests;
    // The admin screen's test slip: requested → shown ("printing…" on screen) →
    // sending (with the printer) → idle with test_print_status.
    enum class TestPrint { idle, requested, shown, sending } test_print = TestPrint::idle;
    std::string test_print_status;
    unsigned printer_status_asked = 0;  // the admin screen's opening (AdminScreen::openings) the printer was asked for

    // The setup screens (setup_screens.hpp): on first run instead of the
    // attract screen, and from the admin screen 「設定を変える」.
    SetupScreens setup;
    SetupView setup_view;
    std::deque<SetupRequest> setup_requests;
    std::string setup_focus_screen;  // the setup step the focus was placed on (keys mode)

    // The catalogue's metadata, read once per catalogue (set_catalogue).
    std::optional<core::BundleInfo> shown_info;  // shown on the admin screen
    // The publisher's correction form (bundle.csv correction_url; "" = none, no
    // button) and the bundle's version, for the detail screen's "report a
    // mistake" QR code (core::correction_link).
    std::string correction_url, bundle_version;
    // Records past their review date (Catalogue::past_review), for the admin
    // screen: counted when it loads its data, at most once per catalogue and day.
    std::optional<core::ReviewDue> review_due;
    std::string review_day;
    int configured_prefecture = 0;  // [kiosk] prefecture as configured (0: take the bundle's region)
    // The catalogue's search index is built between sessions, in the frame
    // after the one that shows a new catalogue (the screen is up first), so that
    // no visitor's first keystroke waits for it (Catalogue::prepare_search).
    enum class SearchWarm { after_next_frame, due, done } search_warm = SearchWarm::after_next_frame;

    explicit Kiosk(KioskUiDeps d);

    // A UI string in the visitor's language.
    const std::string& S(std::string_view key) const { return deps.strings->get(visitor.session.lang, key); }
    // The visitor's palette: standard, or high contrast after one tap on the bar.
    const theme::Palette& P() const;

    void navigate(core::Screen s);
    // Ends the session: the visitor's state renewed, the drawing layer's
    // layouts and glyphs wiped, a slip being sent forgotten.
    void wipe();
    // とじる: the session ends and the neutral screen shows, in this same frame.
    void quick_hide();
    // Nothing to forget: a clean attract screen needs no idle countdown.
    bool session_clean() const;
    // The hidden admin gesture is possible only on a clean attract screen.
    bool admin_gesture_possible() const;
    double idle_deadline() const { return last_input + deps.config.idle_seconds; }
    // Called when the catalogue changes: the bundle's region and correction form.
    void take_region();
    void take_correction();

    // The catalogue, read through the visitor's cache (visitor_state.hpp).
    const std::vector<core::Term>& terms(const char* vocabulary);
    const core::ServiceDetail* service_of(const std::string& id);
    // The same service in Japanese (the second half of a bilingual QR screen).
    const core::ServiceDetail* service_ja_of(const std::string& id);
    const core::Guide* guide_of(const std::string& id);
    const core::QrCode* qr_of(const std::string& payload);
};

// KioskUi's state is the kiosk's (kiosk_ui.cpp; kiosk_ui_probe.cpp reads it).
struct KioskUi::Impl : Kiosk {
    using Kiosk::Kiosk;
};

// --- layout (bar.cpp) -------------------------------------------------------------
float margin(const Kiosk& k);
// The bottom-weighted layout ([screen] layout, docs/accessibility.md "Reach"):
// the bar along the bottom edge, each screen's choices just above it.
bool bottom_layout(const Kiosk& k);
// The screen's area below (or above) the bar; opens the layout check's box for it.
Rect content(Kiosk& k);
// Bottom-weighted: moves what was drawn since `m` down to end at the content
// area's bottom edge (never up: what does not fit stays where the check sees it).
void settle_bottom(Kiosk& k, const Ui::Mark& m, const Rect& c);
void measure_bar(Kiosk& k);
Rect close_rect(Kiosk& k);
void top_bar(Kiosk& k, bool show_nav);
void idle_overlay(Kiosk& k, double now);

// --- widgets (widgets.cpp) ----------------------------------------------------------
// Each language's name in its own language.
std::string language_name(std::string_view code);
std::string replace_n(std::string s, long long n);
// Local wall-clock time for "open now" (the kiosk's clock is local time).
core::LocalDateTime local_now();
float heading(Kiosk& k, std::string_view s, const Rect& c, float y);
float label(Kiosk& k, std::string_view s, float x, float y, float w);
bool lang_button(Kiosk& k, const std::string& name, const Rect& r, const std::string& code, bool on);
// Sections of the detail and guide pages; each advances y.
void section(Kiosk& k, std::string_view title, const core::LocalizedText& body, float x, float& y, float w);
void plain_section(Kiosk& k, std::string_view title, const std::string& body, float x, float& y, float w);
void original_block(Kiosk& k, const std::string& name, const core::LocalizedText& t, float x, float& y, float w);
float fallback_marker(Kiosk& k, float x, float y, float w);
// QR codes: whole pixels per module (at least 8), a 4-module quiet zone.
float qr_side(const core::QrCode& code, float max_side);
float draw_qr(Kiosk& k, const std::string& payload, float x, float y, float max_side);

// A result card (browse_screens.cpp), on the results and the urgent screens:
// name, organization, first contact and when it is open, badges. Its target
// is named prefix + id. draw = false: only measures (r.w), returns the
// height; draw = true: draws in r, returns 1 when tapped, else 0.
float result_card(Kiosk& k, const core::ServiceSummary& s, const Rect& r, bool draw, std::string_view prefix = "result.");
// The card's line "電話 0120-… · 本日 16:00から" (urgent_screen.cpp): the first
// contact, and whether the service is open now, round the clock, or when it
// next opens ("" when the data has no hours or it never opens).
std::string contact_text(Kiosk& k, const core::FirstContact& c);
std::string opening_text(Kiosk& k, const std::optional<core::OpenState>& open, const core::LocalDateTime& now);

// --- screens ----------------------------------------------------------------------
// The urgent route, from anywhere: one tap on 「いますぐ話したい」 (the attract
// screen, the bar) and, later, search queries that ask for it (issue 19).
void open_urgent(Kiosk& k);
void urgent_screen(Kiosk& k);       // urgent_screen.cpp
void attract_screen(Kiosk& k);      // browse_screens.cpp
void concern_screen(Kiosk& k);
void who_screen(Kiosk& k);
void results_screen(Kiosk& k);
void language_screen(Kiosk& k);
void neutral_screen(Kiosk& k);
void unavailable_screen(Kiosk& k);
void detail_screen(Kiosk& k);       // detail_screens.cpp
void guides_screen(Kiosk& k);
void guide_screen(Kiosk& k);
void basket_screen(Kiosk& k);       // take_away_screens.cpp
void qr_screen(Kiosk& k);
void send_print(Kiosk& k);          // the slip, to the printer (the frame after "printing…" showed)
void poll_print(Kiosk& k);          // once per frame: the printer's outcome
void search_screen(Kiosk& k);       // search_screen.cpp
void admin_frame(Kiosk& k, double now);  // admin_bridge.cpp
// setup_screens.cpp: opens the setup screens on the config in force (its
// prefecture as configured); one frame of them.
void open_setup(Kiosk& k, bool from_admin, double now);
void setup_frame(Kiosk& k, double now);

// --- the keypad path and speech ------------------------------------------------------
void key_action(Kiosk& k, core::KeyAction a);  // kiosk_ui.cpp
void keys_help_overlay(Kiosk& k);              // bar.cpp: the help key's hint
// spoken_text.cpp: what speech says (KioskUi::announcement), made anew when the
// screen, the focus, the countdown or the language changes.
void update_announcement(Kiosk& k, double now);
std::string spoken_help(Kiosk& k);

// --- the layout check (layout_check.cpp) -------------------------------------------
std::vector<std::string> layout_problems(const Ui& ui);

}  // namespace madoguchi::ui
