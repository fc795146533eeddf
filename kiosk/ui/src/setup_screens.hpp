// SPDX-License-Identifier: Apache-2.0
// setup_screens.hpp — the setup screens (internal to kiosk/ui): the first-run
// setup and the same steps opened from the admin screen 「設定を変える」
// (issue 21; docs/deploy.md). setup_screens.cpp lists every target by name.
//
// Why it is shaped like this:
//   - One question per screen, the same two buttons (もどる / 次へ) in the same
//     place on every step, a step indicator ("3 / 7"): the person setting up
//     a kiosk at a pharmacy counter is not a technician, and may be reading a
//     manual beside it.
//   - Staff languages only (Japanese and English, docs/deploy.md): headings
//     in the chosen language with the other one in small type, as the admin
//     screen has them.
//   - It works on a draft (a copy of the config in force); nothing changes
//     until 保存 (save) asks the app to write it (SetupRequest::save). Leaving
//     without saving changes nothing.
//   - The PIN is typed on a digit pad, shown as dots only, never in a text a
//     script can read, hashed (argon2id) on the frame after "please wait" is
//     on screen, and its digits overwritten on every step change and exit.
//   - It knows no files, printers or threads: the app hands it a SetupView and
//     takes SetupRequests through KioskUi, as with the admin screen.
//
// Index
//   - SetupScreens::open/close/hide   entering, leaving, とじる
//   - SetupScreens::draw              one frame of the current step
//   - steps                           welcome, place, screen, printer, idle, admin, clock, done
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "ui_context.hpp"

namespace madoguchi::ui {

class SetupScreens {
public:
    SetupScreens();
    ~SetupScreens();
    SetupScreens(const SetupScreens&) = delete;
    SetupScreens& operator=(const SetupScreens&) = delete;

    enum class Step { welcome, place, screen, printer, idle, admin, clock, done };
    static constexpr int kSteps = 7;  // place … done: the indicator's "n / 7"

    // Opens on the welcome step with a draft copied from `in_force` (its
    // prefecture as configured, not the bundle's). from_admin: opened from the
    // admin screen (the current PIN and keys may be kept; it can be left
    // without saving; the admin idle timeout applies).
    void open(const core::KioskConfig& in_force, bool from_admin, double now);
    void close();  // the draft is dropped, the PIN digits overwritten
    bool is_open() const { return open_; }
    bool from_admin() const { return from_admin_; }
    // とじる during the first-run setup: the neutral screen shows (hidden), the
    // next touch or key returns to where it was, draft kept, PIN digits wiped.
    void hide();
    void unhide() { hidden_ = false; changed_ = true; }
    bool hidden() const { return hidden_; }

    Step step() const { return step_; }
    // "setup-place" …: the screen's name for scripts (expect screen).
    std::string screen_name() const;
    const std::string& lang() const { return lang_; }
    double last_touch() const { return last_touch_; }
    void touched(double now) { last_touch_ = now; }
    // Back (もどる, Escape, the back key): one sub-step or step back; on the
    // welcome step opened from the admin screen, leaves (without saving) in
    // the next frame. Returns false when there is nowhere to go back to.
    bool back();

    enum class Action { none, quick_hide, leave, request, saved };
    struct Frame {
        Ui& ui;
        const core::UiStrings& strings;
        const SetupView& view;
        core::LocalDateTime now_local;       // the PC's clock
        std::string zone;                    // its time zone's name (tm_zone)
        int utc_offset_minutes = 9 * 60;     // tm_gmtoff: Japan is +9 h (a warning otherwise)
        std::string bundle_created;          // the installed bundle's created (YYYY-MM-DD…), "" none
        std::string bundle_valid_until;      // …and valid_until, "" none
        bool has_bundle = false;
    };
    // Draws one frame; Action::request puts the request in *out; saved: the
    // settings the app was asked to save are in force (leave setup).
    Action draw(const Frame& f, double now, SetupRequest* out);
    // A frame must follow at once: something was tapped, or the PIN is to be
    // hashed now that "please wait" is on screen.
    bool wants_frame() const { return changed_ || leave_ || pin_state_ == PinState::hash_shown || pin_state_ == PinState::hash_requested; }

    // The texts drawn in the last frame (scripts: `expect setup-text`); never a PIN.
    const std::vector<std::string>& texts() const { return texts_; }
    const core::KioskConfig& draft() const { return draft_; }

private:
    using Act = Action;
    struct Ctx;
    Act draw_welcome(Ctx& c);
    Act draw_place(Ctx& c);
    Act draw_screen(Ctx& c);
    Act draw_printer(Ctx& c);
    Act draw_idle(Ctx& c);
    Act draw_admin(Ctx& c);
    Act draw_clock(Ctx& c);
    Act draw_done(Ctx& c);
    void go(Step s);
    void wipe_pin();
    void rebuild_languages();

    bool open_ = false, from_admin_ = false, hidden_ = false, changed_ = false;
    bool leave_ = false;  // back from the first step, opened from the admin screen
    double last_touch_ = 0;
    Step step_ = Step::welcome;
    std::string lang_ = "ja";
    core::KioskConfig draft_, in_force_;
    std::vector<std::string> texts_;

    // place: 0 = the regions, 1..8 = that region's prefectures; the municipality pad
    int region_ = 0;
    bool muni_pad_ = false;
    std::string muni_digits_, muni_error_;

    // screen: every kiosk language in the order shown, and which are on
    std::vector<std::string> lang_order_;
    std::vector<std::string> lang_on_;

    // printer: the network address pad
    bool net_pad_ = false;
    std::string net_text_, net_error_;
    bool test_asked_ = false;  // a test slip was asked for in this setup (its outcome is shown)

    // admin: the PIN, then the key
    enum class PinState { keep, first, second, hash_requested, hash_shown, set } pin_state_ = PinState::first;
    std::string pin_, pin_first_;  // digits typed; reserved, overwritten on every step change and exit
    std::string pin_msg_;
    bool key_part_ = false;
    std::string key_file_;  // the *.pub chosen ("" keep the trusted keys)
    std::string key_id_;    // its key id as shown (the app refuses another key found there at save time)

    // done
    bool save_asked_ = false;
};

}  // namespace madoguchi::ui
