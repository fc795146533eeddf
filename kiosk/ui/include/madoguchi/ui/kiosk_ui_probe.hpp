// SPDX-License-Identifier: Apache-2.0
// kiosk_ui_probe.hpp — what scripts and tests may ask of a KioskUi.
//
// The script player (kiosk/app/script_player.hpp: GUI flows, the monkey soak,
// the layout walk) reads the screen's name, where a named target was drawn,
// the layout check and the like, to tap what a visitor would tap and check
// what they would see. A kiosk needs none of it to run, so it is kept out of
// KioskUi's own header: that holds only what the app uses. Reads the last
// frame; holds a reference to the KioskUi, which must outlive it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "madoguchi/core/session.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"

namespace madoguchi::ui {

class KioskUiProbe {
public:
    explicit KioskUiProbe(const KioskUi& ui) : ui_(ui) {}

    // The session's screen, or admin / admin-pin, or the setup step
    // (setup-welcome, setup-place, setup-screen, setup-printer, setup-idle,
    // setup-admin, setup-clock, setup-done; neutral while とじる hides it).
    std::string screen_name() const;
    std::optional<Rect> target(std::string_view name) const;  // as drawn in the last frame (visible part)
    bool target_clipped(std::string_view name) const;          // partly scrolled out of view
    std::vector<std::string> target_names() const;
    const core::Session& session() const;
    // The layout check of the last frame, one line per problem; empty when it
    // is sound: text cut short, a missing glyph, text or a control past its
    // box (button, card, content area, screen), a target under kMinTargetMm
    // or closer than kMinTargetGapMm to another. Nothing is logged or shown.
    std::vector<std::string> layout_problems() const;
    bool countdown_visible() const;
    // The keypad path: the focused target ("" = none), every target a key can
    // reach in the last frame in reading order, and the scrolled areas drawn
    // (name and viewport) — the keys-only walk compares these with touch.
    std::string focused() const;
    std::vector<std::string> focus_order() const;
    std::vector<std::pair<std::string, Rect>> scroll_regions() const;
    // "" before any print in this session, else printed | paper_out | no_printer | timeout | io_error | not_configured.
    std::string print_result() const;
    // Every text the admin screen (or its PIN pad) drew in the last frame, one
    // per line; "" when it is closed. Never holds the PIN.
    std::string admin_text() const;
    // The same for the setup screens: "" when they are not shown. Never a PIN
    // (its pad adds "pin digits: N").
    std::string setup_text() const;
    // The screen text's glyph atlas, for the soak (bench/soak.sh): it must stay
    // within its budget, and the GL textures are one per page.
    struct TextStats {
        size_t atlas_pages = 0;      // pages in use now
        size_t atlas_max_pages = 0;  // what the atlas byte budget allows
        uint64_t evictions = 0;      // pages emptied to stay in the budget, so far
        size_t glyphs = 0;           // glyphs rasterized into it now
        size_t layouts = 0;          // text layouts cached (text::TextEngine)
    };
    TextStats text_stats() const;

private:
    const KioskUi& ui_;
};

}  // namespace madoguchi::ui
