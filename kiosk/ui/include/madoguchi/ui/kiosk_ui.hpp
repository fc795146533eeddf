// kiosk_ui.hpp — the visitor-facing kiosk: screens, touch, quick-hide, idle.
//
// SDL-free on purpose: the app (kiosk/app) turns SDL mouse and finger events
// into InputEvents and gives the UI a draw list each frame; scripts and tests
// drive the same calls. The UI renders only when asked; it says when it next
// needs a frame (next_wakeup) so an untouched kiosk sleeps.
#pragma once

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/session.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/text/font_set.hpp"

struct ImDrawList;

namespace madoguchi::ui {

struct InputEvent {
    enum class Kind { pointer_down, pointer_move, pointer_up, wheel, key, text };
    Kind kind = Kind::pointer_down;
    float x = 0, y = 0;  // pixels (for wheel: where the pointer is)
    int key = 0;         // for key: 27 escape, 8 backspace, 13 enter
    std::string text;    // for text
    float amount = 0;    // for wheel: notches, positive = up
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
};

constexpr double kNever = std::numeric_limits<double>::infinity();

class KioskUi {
public:
    explicit KioskUi(KioskUiDeps deps);
    ~KioskUi();

    void input(const InputEvent& event, double now);
    // Draws one frame. Returns true if another frame is wanted right away
    // (navigation happened, an animation runs).
    bool frame(ImDrawList* draw_list, int width, int height, double now);
    // Absolute time of the next frame needed without input (idle countdown,
    // inertia); kNever when the kiosk can sleep until touched.
    double next_wakeup(double now) const;
    // Uploads new glyph pages; call after the last frame() draw, before rendering.
    void upload_textures();
    uint32_t background_rgb() const;

    // Ends the session now (quick-hide does this itself).
    void wipe_session();

    // Introspection for scripts and tests.
    std::string screen_name() const;
    std::optional<Rect> target(std::string_view name) const;  // as drawn in the last frame (visible part)
    bool target_clipped(std::string_view name) const;          // partly scrolled out of view
    std::vector<std::string> target_names() const;
    const core::Session& session() const;
    bool countdown_visible() const;
    // "" before any print in this session, else printed | paper_out | no_printer | timeout | io_error | not_configured.
    std::string print_result() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::ui
