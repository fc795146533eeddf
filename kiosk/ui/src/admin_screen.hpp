// SPDX-License-Identifier: Apache-2.0
// admin_screen.hpp — the staff's admin screen (internal to kiosk/ui): the
// hidden gesture that opens it, the PIN pad with its lockout, and the screen
// itself (installed and previous bundle, rollback, bundles found and refused,
// install progress, printer status and test, exit). docs/kiosk.md "Admin screen".
//
// Why it is shaped like this:
//   - Reachable only from a clean attract screen (no visitor session), by a
//     gesture nobody makes by accident: hold the top-left corner still for 5 s,
//     lift, then tap the bottom-right corner within 3 s (the top-right one when
//     the bar is along the bottom: [screen] layout). Both corners are empty
//     on the attract screen. Without a PIN hash in the config the corners are
//     not even recorded: the gesture does nothing.
//   - The PIN is typed on its own digit pad, shown only as dots, never logged,
//     checked by libsodium (argon2id) through PinGate, and overwritten right
//     after the check. Wrong PINs lock the pad for growing delays (in memory).
//   - It draws nothing about visitors; it has no access to the session.
//   - It knows no files or threads: the app fills an AdminView and takes the
//     requests (install, rollback) through KioskUi.
//
// Index
//   - AdminScreen::gesture_*     the hidden gesture
//   - AdminScreen::draw          PIN pad or admin screen, one frame
//   - pin pad                    digits, dots, lockout
//   - admin body                 warnings, bundles, candidates, printer
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "madoguchi/core/admin_pin.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "madoguchi/ui/slip_printer.hpp"
#include "ui_context.hpp"

namespace madoguchi::ui {

inline constexpr double kAdminHoldSeconds = 5.0;     // press and hold the top-left corner …
inline constexpr double kAdminTapWithinSeconds = 3.0;  // … then tap the bottom-right corner within this
inline constexpr float kAdminCornerMm = 25.0f;        // side of each corner square
inline constexpr double kAdminPinIdleSeconds = 60.0;  // the PIN pad closes untouched after this
inline constexpr double kAdminIdleSeconds = 120.0;    // the admin screen closes untouched after this

class AdminScreen {
public:
    explicit AdminScreen(const std::string& pin_hash);
    ~AdminScreen();

    enum class Mode { closed, pin, admin };
    Mode mode() const { return mode_; }
    bool open() const { return mode_ != Mode::closed; }
    // A usable PIN hash is configured (otherwise the gesture does nothing).
    bool enabled() const { return gate_.has_value(); }
    // New settings in force (KioskUi::apply_config): the gate is made anew
    // from this hash (its wrong-PIN count starts again).
    void set_pin_hash(const std::string& pin_hash);

    // --- the gesture (clean attract screen only) ----------------------------------
    // Records the two corner zones as named targets (admin.corner.hold,
    // admin.corner.tap) so scripts can reach them; draws nothing.
    // bar_at_bottom: the visitor bar (とじる in its right corner) is along the
    // bottom edge, so the tap corner is the top-right one.
    void gesture_zones(Ui& ui, bool bar_at_bottom);
    // Raw pointer input while the gesture is possible. Opens the PIN pad when
    // the gesture completes.
    void gesture_input(const InputEvent& e, double now);
    // Forgets a half-made gesture (a visitor session started, quick-hide).
    void gesture_reset();

    // --- while open ------------------------------------------------------------------
    void touched(double now) { last_touch_ = now; }
    // Closes the pad or the screen; overwrites the PIN being typed.
    void close();
    // Escape from a staff keyboard: closes.
    void key(int code);

    // settings: 「設定を変える」, the setup screens on the settings in force (setup_screens.hpp).
    enum class Action { none, quick_hide, exit, print_test, rollback, install, settings };
    struct Frame {
        Ui& ui;
        const core::UiStrings& strings;
        std::string lang;                    // the kiosk's default language
        const AdminView& view;
        const core::BundleInfo* shown;       // metadata of the catalogue on screen (nullptr: none)
        std::string today;                   // YYYY-MM-DD, local
        bool printer_configured = false;
        std::string print_status;            // outcome of the last test print ("" none)
        bool printing = false;               // a test print is about to run
        const core::ReviewDue* past_review = nullptr;  // records past their review date (nullptr: no catalogue)
        // What the printer said about itself and how its last print attempt
        // ended (nullptr: this printer cannot tell). Never when: that would
        // tell when someone used the kiosk.
        const PrinterReport* printer_report = nullptr;
    };
    // Draws one frame of the pad or the screen (call only when open()); returns
    // what staff asked for. For Action::install, *file is the candidate's file.
    Action draw(const Frame& f, double now, std::string* file);
    // Closes itself after kAdmin*IdleSeconds; the next frame needed for that or
    // for the lockout countdown (once a second), kNever otherwise.
    double next_wakeup(double now) const;
    // Closes by itself when left alone; call at the start of every frame.
    void idle_check(double now);
    // True while a frame must follow at once: something was tapped (the frame
    // drawn shows the state before it), or the PIN is to be checked now that
    // "checking…" is on screen.
    bool wants_frame() const { return changed_ || check_ == Check::shown; }

    // The texts drawn in the last frame (scripts: `expect admin-text`).
    const std::vector<std::string>& texts() const { return texts_; }
    // Counts the times the admin screen opened (PIN accepted): the kiosk asks
    // the printer for its status once per opening.
    unsigned openings() const { return openings_; }

private:
    Action draw_pin(const Frame& f, double now);
    Action draw_admin(const Frame& f, double now, std::string* file);
    float label(const Frame& f, std::string_view s, float x, float y, float w, const TextOpts& o = {});
    float heading(const Frame& f, std::string_view key, float x, float y, float w);
    float note_box(const Frame& f, std::string_view s, float x, float y, float w, ImU32 bg, ImU32 fg);
    Action top_bar(const Frame& f, std::string_view title, bool exit_button);
    float printer_rows(const Frame& f, float x, float y, float w, float label_w);
    void wipe_pin();

    std::optional<core::PinGate> gate_;
    Mode mode_ = Mode::closed;
    double last_touch_ = 0;

    // gesture
    Rect hold_zone_, tap_zone_;
    float slop_px_ = 14;
    bool holding_ = false, tap_down_ = false;
    float hold_x_ = 0, hold_y_ = 0;
    double hold_start_ = 0, armed_until_ = -1;

    // PIN pad
    std::string pin_;  // the digits typed; overwritten after every check and on close
    enum class Check { none, requested, shown } check_ = Check::none;
    enum class Said { nothing, wrong, locked, no_pin } said_ = Said::nothing;

    // admin screen
    bool confirm_rollback_ = false;
    unsigned openings_ = 0;

    bool changed_ = false;
    std::vector<std::string> texts_;
};

}  // namespace madoguchi::ui
