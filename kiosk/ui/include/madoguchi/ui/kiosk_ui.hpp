// SPDX-License-Identifier: Apache-2.0
// kiosk_ui.hpp — the visitor-facing kiosk: screens, touch, quick-hide, idle.
//
// SDL-free on purpose: the app (kiosk/app) turns SDL mouse and finger events
// into InputEvents and gives the UI a draw list each frame; scripts and tests
// drive the same calls. The UI renders only when asked; it says when it next
// needs a frame (next_wakeup) so an untouched kiosk sleeps.
//
// The admin screen (hidden gesture + PIN, see docs/kiosk.md "Admin screen")
// lives here too, but knows nothing of files or threads: the app hands it an
// AdminView (what the bundle loader knows) and collects AdminRequests (what
// staff asked for). Nothing about visitors is ever in either.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/bundle_store.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/session.hpp"
#include "madoguchi/core/site_settings.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/ui/slip_printer.hpp"

struct ImDrawList;

namespace madoguchi::ui {

// `action`: a key of the keypad path, already mapped by the app (kiosk/app
// key_map.hpp: SDL keys and the config's [keys] → core::KeyAction).
struct InputEvent {
    enum class Kind { pointer_down, pointer_move, pointer_up, wheel, key, text, action };
    Kind kind = Kind::pointer_down;
    float x = 0, y = 0;  // pixels (for wheel: where the pointer is)
    int key = 0;         // for key: 27 escape, 8 backspace, 13 enter
    std::string text;    // for text
    float amount = 0;    // for wheel: notches, positive = up
    core::KeyAction action = core::KeyAction::select;  // for action
};

// What speech should say now (docs/accessibility.md "Spoken text"): the
// screen's heading and the focused item with its position, a service's
// detail field by field, the take-away list, the slip before printing, the
// idle countdown's warning. `serial` changes with every new text. The text
// keeps furigana markup ({漢字|かんじ}): the speech side reads the reading.
// It is about the visitor: never logged or written, wiped with the session.
struct Announcement {
    std::string text;
    std::string lang;
    uint64_t serial = 0;

    friend bool operator==(const Announcement&, const Announcement&) = default;
};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
    float cx() const { return x + w / 2; }
    float cy() const { return y + h / 2; }
};

struct KioskUiDeps {
    const core::Catalogue* catalogue = nullptr;  // may be null: a calm "not available" screen
    const text::FontSet* fonts = nullptr;
    const core::UiStrings* strings = nullptr;
    core::KioskConfig config;
    // The receipt printer (the app's, kiosk/app/slip_printer.hpp); null when
    // none is set up: the slip list says so and offers QR codes only. Outlives the UI.
    SlipPrinter* printer = nullptr;
    // Null catalogue still being checked (bundle_loader: the worker verifies it
    // after the first frame): the attract screen as usual instead of "not
    // available"; はじめる tapped meanwhile takes effect when set_catalogue()
    // brings it (usually within a few hundred ms), never onto empty lists.
    bool catalogue_pending = false;
    // No site settings and no admin PIN (core::needs_first_run_setup): the
    // kiosk starts on the setup screens instead of the attract screen.
    bool first_run = false;
};

// A bundle file the kiosk found in a watched folder, as the admin screen lists it.
struct AdminCandidate {
    enum class State { checking, queued, installing, installed, already_installed, superseded, refused, failed };
    std::string file;       // where it was found
    State state = State::checking;
    long long version = 0;  // 0 when unknown (refused before its signature was read)
    std::string publisher;
    std::string message;    // plain words: why it was refused, what the install said
};

// What the admin screen shows; filled by the app (kiosk/app/bundle_loader).
struct AdminView {
    std::optional<core::InstalledBundle> current, previous;  // in the store
    long long floor = 0;
    std::string store_dir;
    std::string development_catalogue;  // non-empty: shown unverified (--catalogue / [bundle] catalogue)
    std::vector<std::string> problems;  // keys, store, watcher: plain words for staff
    std::vector<std::string> watch_notes;
    std::vector<AdminCandidate> candidates;
    bool busy = false;                  // an install or a rollback is running
    int step = 0, steps = 0;            // its progress
    std::string step_what;
    bool swap_pending = false;          // installed, shown once the kiosk is between visitors
    std::string last_message;           // outcome of the last install or rollback
    std::vector<std::string> protections;  // what the kernel enforces on the kiosk (process_hardening.hpp), one line each
};

// What staff asked for on the admin screen (taken by the app).
struct AdminRequest {
    enum class Kind { install, rollback } kind = Kind::install;
    std::string file;  // install: the candidate's file
};

// --- first-run setup and settings (setup_screens.cpp; docs/deploy.md) ----------------
// The setup screens know nothing of files, printers or threads either: the app
// (kiosk/app/setup_link) hands them a SetupView (what it found) and collects
// SetupRequests (what staff asked for). Staff settings only; never a visitor.
struct SetupView {
    std::vector<std::string> usb_printers;        // receipt printers found (/dev/usb/lp*), sorted
    std::vector<core::PublisherKeyFile> keys;     // *.pub files on the USB sticks (find_publisher_keys)
    std::vector<std::string> key_folders;         // where keys were looked for (shown when none is found)
    bool test_printing = false;                   // the test slip is being sent
    std::optional<core::PrintResult> test_result; // …and what became of it
    bool saving = false;                          // the settings are being written
    bool saved = false;                           // written and in force
    std::string save_error;                       // plain words when writing failed: nothing changed
};

struct SetupRequest {
    enum class Kind {
        scan_printers,  // look for USB printers again
        scan_keys,      // look for *.pub on the sticks again
        test_print,     // a test slip to settings.printer_* (not yet saved)
        save,           // write the settings and put them in force
    } kind = Kind::scan_printers;
    // test_print: its [printer] fields; save: every setting the screens set
    // (admin_pin_hash already hashed: the PIN itself never leaves the screen).
    core::KioskConfig settings;
    std::string key_file;  // save: the *.pub chosen to import ("" → keep the trusted keys as they are)
    std::string key_id;    // …and the key id the screen showed: another key found there at save time is refused
};

constexpr double kNever = std::numeric_limits<double>::infinity();

// Touch targets (WCAG 2.5.5, ADA §707; docs/accessibility.md): every target a
// visitor taps is at least this large on the configured screen, and this far
// from the next one. The screens keep a margin (theme.hpp: 14 mm, 4 mm gaps).
inline constexpr float kMinTargetMm = 12.0f;
inline constexpr float kMinTargetGapMm = 2.0f;

class KioskUi {
public:
    explicit KioskUi(KioskUiDeps deps);
    ~KioskUi();

    void input(const InputEvent& event, double now);
    // Draws one frame. Returns true if another frame is wanted right away
    // (navigation happened, an animation runs).
    bool frame(ImDrawList* draw_list, int width, int height, double now);
    // Start (docs/performance.md, "Start"): lays out the screen the first
    // frame() will draw at this size, the attract screen, without drawing it,
    // so that its text is shaped and its glyphs rasterized before the window
    // is open. Needs no GL context: the kiosk runs it on the thread that loads
    // the fonts while the main thread opens the window, then hand_over(). The
    // first frame then finds its text in the caches. Changes nothing a frame
    // shows: a frame at another size, or on another screen, lays out its own.
    // Does nothing unless a clean attract screen is due (first-run setup).
    void rehearse_first_frame(int width, int height);
    // The thread that made (and rehearsed) the UI lets it go, and the strings
    // it read there (KioskUiDeps::strings): the next thread to use them owns
    // them. Only after something orders the two (a join).
    void hand_over();
    // Absolute time of the next frame needed without input (idle countdown,
    // inertia); kNever when the kiosk can sleep until touched.
    double next_wakeup(double now) const;
    // Uploads new glyph pages; call after the last frame() draw, before
    // rendering. True when texels already drawn from were replaced (a page
    // evicted, a wipe): Window::note_textures_rewritten() then.
    bool upload_textures();
    uint32_t background_rgb() const;
    // The largest scrolled area of the last frame (its clip rectangle in
    // pixels; x1 <= x0: none) and the whole-pixel offset it was drawn at:
    // Window::set_scroll_hint, so that scrolling moves pixels instead of
    // drawing them again (platform/frame_damage.hpp).
    struct ScrolledArea {
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0, offset = 0;
    };
    ScrolledArea scrolled_area() const;

    // Ends the session now (quick-hide does this itself).
    void wipe_session();

    // --- the keypad path and speech (docs/accessibility.md "Keys") ---------------
    // True from the first key of a session (the focus ring shows) until the
    // session ends.
    bool keys_mode() const;
    const Announcement& announcement() const;
    // Speech keys pressed since the last call (volume_up, volume_down, repeat,
    // stop, slower), oldest first; the app hands them to the speech engine.
    std::vector<core::KeyAction> take_speech_commands();
    // How many sessions have ended (とじる, the idle wipe, wipe_session): the
    // app stops and resets speech when it moves, in the same loop turn.
    uint64_t sessions_ended() const;

    // --- bundles and the admin screen (kiosk/app/bundle_loader) ------------------
    // True on a clean attract screen (no visitor session, no countdown, no finger
    // down) and on the admin screen: the only moments a new catalogue may be shown.
    bool between_sessions() const;
    // Shows another catalogue (or none) from the next frame on. Drops every list,
    // cache and layout made from the old one; the caller destroys the old one
    // after this returns. Call only between sessions — or, to end
    // catalogue_pending, at any time (there is no old one).
    void set_catalogue(const core::Catalogue* catalogue);
    const core::Catalogue* catalogue() const;
    void set_admin_view(AdminView view);
    std::optional<AdminRequest> take_admin_request();

    // --- setup (first run, and from the admin screen) ------------------------------------
    bool in_setup() const;
    void set_setup_view(SetupView view);
    std::optional<SetupRequest> take_setup_request();
    // The saved settings are in force from the next frame: where the kiosk
    // stands (ranking), languages, layout, large text, idle times, the PIN,
    // and the printer (null: none). The printer outlives the UI, as in deps.
    void apply_config(const core::KioskConfig& config, SlipPrinter* printer);

    // Pages, targets and problems of the last frame, for scripts and tests:
    // kiosk_ui_probe.hpp (nothing a kiosk needs to run).
    friend class KioskUiProbe;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::ui
