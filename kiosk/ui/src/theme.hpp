// SPDX-License-Identifier: Apache-2.0
// theme.hpp — colours and sizes of the kiosk (internal to kiosk/ui).
//
// Calm and trustworthy, like a good public-service counter: a warm off-white
// background, near-black text, one calm accent, soft tile colours per concern.
// Every text colour is ≥ 7:1 against what it sits on (WCAG AAA); control
// boundaries ≥ 3:1. Sizes are in millimetres of the physical screen (the
// config says how large it is) and turned into pixels by Ui::mm().
#pragma once

#include <imgui.h>

#include <string_view>

namespace madoguchi::ui::theme {

constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) { return IM_COL32(r, g, b, 255); }

constexpr ImU32 background = rgb(247, 244, 238);  // warm off-white
constexpr ImU32 surface = rgb(255, 255, 255);     // cards
constexpr ImU32 text = rgb(28, 28, 30);           // near-black: 16:1 on background
constexpr ImU32 text_muted = rgb(70, 70, 74);     // ≥ 9:1 on background
constexpr ImU32 accent = rgb(26, 84, 110);        // calm deep teal: ≥ 8:1 with white text
constexpr ImU32 accent_text = rgb(255, 255, 255);
constexpr ImU32 accent_soft = rgb(222, 236, 241);
constexpr ImU32 border = rgb(128, 122, 112);       // ≥ 3:1 against background and surface
constexpr ImU32 pressed = IM_COL32(0, 0, 0, 40);  // darkens whatever is pressed
constexpr ImU32 chip_on = rgb(26, 84, 110);
constexpr ImU32 chip_off = rgb(255, 255, 255);
constexpr ImU32 badge = rgb(233, 229, 220);
constexpr ImU32 good = rgb(12, 78, 40);           // "open now" text: 7.8:1 on badge (tests/ui/test_theme_contrast.cpp)
// Admin screen only (staff, not visitors): notes that must be seen.
constexpr ImU32 warning_bg = rgb(252, 234, 196);  // soft amber
constexpr ImU32 warning_text = rgb(92, 48, 0);    // ≥ 8:1 on warning_bg
constexpr ImU32 danger_bg = rgb(150, 28, 20);     // deep red: the demo key
constexpr ImU32 danger_text = rgb(255, 255, 255); // ≥ 8:1 on danger_bg

// Soft tile colours per concern (text on them stays near-black).
inline ImU32 concern_tile(std::string_view code) {
    if (code == "alcohol") return rgb(246, 231, 200);
    if (code == "drugs") return rgb(230, 224, 243);
    if (code == "medicines") return rgb(220, 239, 230);
    if (code == "gambling") return rgb(248, 221, 211);
    if (code == "gaming") return rgb(220, 234, 247);
    if (code == "sex") return rgb(243, 221, 230);
    return rgb(236, 232, 223);
}

// --- palettes -------------------------------------------------------------
// The colours above as one value, and a high-contrast palette (black on white,
// strong borders) for visitors who see poorly. tests/ui/test_theme_contrast.cpp
// computes WCAG contrast ratios from these: every text pair ≥ 7:1 (1.4.6 AAA),
// every control boundary ≥ 3:1 (1.4.11).
struct Palette {
    ImU32 background, surface, text, text_muted, accent, accent_text, accent_soft, border, chip_on, chip_off, badge, good;
    ImU32 warning_bg, warning_text, danger_bg, danger_text;
    bool concern_tiles;  // soft per-concern tile colours (standard) or surface (high contrast)
};

constexpr Palette standard_palette{background, surface,   text,       text_muted,   accent,       accent_text,
                                   accent_soft, border,   chip_on,    chip_off,     badge,        good,
                                   warning_bg,  warning_text, danger_bg, danger_text, true};

constexpr Palette high_contrast_palette{
    rgb(255, 255, 255), rgb(255, 255, 255), rgb(0, 0, 0),       rgb(0, 0, 0),     rgb(0, 0, 0),   rgb(255, 255, 255),
    rgb(255, 255, 255), rgb(0, 0, 0),       rgb(0, 0, 0),       rgb(255, 255, 255), rgb(255, 255, 255), rgb(0, 70, 20),
    rgb(255, 255, 255), rgb(0, 0, 0),       rgb(0, 0, 0),       rgb(255, 255, 255), false};

// --- controls ---------------------------------------------------------------
// What a button of each style is painted with, from a palette. In one place so
// that tests/ui/test_theme_contrast.cpp checks the colours the screens really
// use: the label against the fill (≥ 7:1) and the control's boundary (its
// edge, or its fill where it has no edge) against the background and the
// cards it may sit on (≥ 3:1, WCAG 1.4.11).
enum class ButtonStyle { primary, secondary, tile, chip_on, chip_off, quiet };

struct ButtonColors {
    ImU32 fill, label, edge;  // edge 0: none (the fill itself is the boundary)
};

constexpr ButtonColors button_colors(const Palette& p, ButtonStyle s) {
    switch (s) {
        case ButtonStyle::primary: return {p.accent, p.accent_text, 0};
        case ButtonStyle::secondary: return {p.surface, p.text, p.border};
        case ButtonStyle::tile: return {p.surface, p.text, p.border};  // the screen may give a concern's tile colour
        case ButtonStyle::chip_on: return {p.chip_on, p.accent_text, 0};
        case ButtonStyle::chip_off: return {p.chip_off, p.text, p.border};
        // A soft fill alone is below 3:1 against the warm background: quiet
        // buttons get the same edge as the others.
        case ButtonStyle::quiet: return {p.accent_soft, p.text, p.border};
    }
    return {p.surface, p.text, p.border};
}

// A concern's tile colour in this palette (high contrast: plain cards).
inline ImU32 concern_tile(const Palette& p, std::string_view code) { return p.concern_tiles ? concern_tile(code) : p.surface; }

// The focus ring of the keypad path (focus.cpp): two rings outside the
// focused target, the same in every palette — white next to the target, black
// outside it — so that one of them is ≥ 3:1 against whatever surrounds it
// (WCAG 2.4.13, technique C40; tests/ui/test_theme_contrast.cpp). Never under 3 px.
namespace focus {
constexpr ImU32 outer = rgb(0, 0, 0);
constexpr ImU32 inner = rgb(255, 255, 255);
constexpr float gap_mm = 0.6f;    // between the target's edge and the ring
constexpr float inner_mm = 0.6f;
constexpr float outer_mm = 1.0f;
}  // namespace focus
// What the idle countdown covers the screen with (bar.cpp).
constexpr ImU32 overlay_standard = rgb(58, 62, 66);
constexpr ImU32 overlay_high_contrast = rgb(0, 0, 0);

// Millimetres on the physical screen.
namespace mm {
constexpr float body = 7.0f;      // body text em (brief: about 7 mm)
constexpr float small = 5.5f;
constexpr float heading = 10.0f;
constexpr float title = 13.0f;
constexpr float target_min = 14.0f;  // brief: at least 12 mm; we keep a margin
constexpr float gap = 4.0f;          // between targets (≥ 2 mm)
constexpr float margin = 8.0f;
constexpr float radius = 4.0f;
constexpr float bar = 22.0f;         // top bar height
}  // namespace mm

}  // namespace madoguchi::ui::theme
