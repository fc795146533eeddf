// SPDX-License-Identifier: Apache-2.0
// The kiosk's colours meet WCAG 2.2 AAA contrast: every text colour ≥ 7:1
// against what it sits on (1.4.6), every control boundary ≥ 3:1 against its
// surroundings (1.4.11) — in the standard palette and the high-contrast one.
// Ratios are computed from the palette values (theme.hpp), so a colour changed
// without thought fails here.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "theme.hpp"

using namespace madoguchi::ui;

namespace {

// WCAG 2.x relative luminance of an sRGB colour (ImU32 is ABGR: R in the low byte).
double luminance(ImU32 c) {
    auto channel = [](unsigned v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    const unsigned r = c & 0xFF, g = (c >> 8) & 0xFF, b = (c >> 16) & 0xFF;
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

double contrast(ImU32 a, ImU32 b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

void check_palette(const theme::Palette& p, const char* name) {
    CAPTURE(name);
    struct Pair {
        const char* what;
        ImU32 fg, bg;
        double min;
    };
    const Pair pairs[] = {
        {"text on background", p.text, p.background, 7},
        {"text on surface (cards)", p.text, p.surface, 7},
        {"muted text on background", p.text_muted, p.background, 7},
        {"muted text on surface", p.text_muted, p.surface, 7},
        {"text on badge", p.text, p.badge, 7},
        {"open-now text on badge", p.good, p.badge, 7},
        {"accent text on accent (primary buttons)", p.accent_text, p.accent, 7},
        {"accent text on a chip that is on", p.accent_text, p.chip_on, 7},
        {"text on a chip that is off", p.text, p.chip_off, 7},
        {"text on accent_soft (quiet buttons)", p.text, p.accent_soft, 7},
        {"accent (section labels) on background", p.accent, p.background, 7},
        {"warning text", p.warning_text, p.warning_bg, 7},
        {"danger text", p.danger_text, p.danger_bg, 7},
        {"borders against background", p.border, p.background, 3},
        {"borders against surface", p.border, p.surface, 3},
        {"a chip that is on against background", p.chip_on, p.background, 3},
    };
    for (const auto& pr : pairs) {
        CAPTURE(std::string(pr.what));
        const double c = contrast(pr.fg, pr.bg);
        CAPTURE(c);
        CHECK(c >= pr.min);
    }
    // Every button style as the screens paint it (theme::button_colors): the
    // label on its fill, and its boundary — the edge, or the fill where there
    // is none — against the background and the cards buttons sit on.
    using S = theme::ButtonStyle;
    for (const S style : {S::primary, S::secondary, S::tile, S::chip_on, S::chip_off, S::quiet}) {
        CAPTURE(static_cast<int>(style));
        const theme::ButtonColors b = theme::button_colors(p, style);
        CHECK(contrast(b.label, b.fill) >= 7);
        const ImU32 boundary = b.edge ? b.edge : b.fill;
        CHECK(contrast(boundary, p.background) >= 3);
        CHECK(contrast(boundary, p.surface) >= 3);
    }
    if (p.concern_tiles) {
        for (const char* code : {"alcohol", "drugs", "medicines", "gambling", "gaming", "sex", "other"}) {
            CAPTURE(std::string(code));
            CHECK(contrast(p.text, theme::concern_tile(code)) >= 7);
            // A tile is a control: its border must stand out from the background.
            CHECK(contrast(p.border, theme::concern_tile(code)) >= 3);
        }
    }
}

}  // namespace

TEST_CASE("theme: the contrast computation matches WCAG's examples") {
    CHECK(contrast(theme::rgb(0, 0, 0), theme::rgb(255, 255, 255)) == doctest::Approx(21.0));
    CHECK(contrast(theme::rgb(255, 255, 255), theme::rgb(255, 255, 255)) == doctest::Approx(1.0));
    // #767676 on white is the classic 4.54:1.
    CHECK(contrast(theme::rgb(0x76, 0x76, 0x76), theme::rgb(255, 255, 255)) == doctest::Approx(4.54).epsilon(0.01));
}

TEST_CASE("theme: the standard palette meets AAA contrast") { check_palette(theme::standard_palette, "standard"); }

TEST_CASE("theme: the high-contrast palette meets AAA contrast, and more") {
    check_palette(theme::high_contrast_palette, "high contrast");
    CHECK(contrast(theme::high_contrast_palette.text, theme::high_contrast_palette.background) >= 20);
}

// The focus ring of the keypad path (focus.cpp): two rings, white next to the
// target and black outside it, the same in every palette. Whatever surrounds a
// focused target — the page, a card, the idle countdown's dark cover, a
// filled button, a concern's tile — one of the two rings is ≥ 3:1 against it
// (WCAG 2.4.13 / 1.4.11, technique C40), and the two against each other too.
TEST_CASE("theme: the focus ring stands out on everything it can sit on, in every palette") {
    CHECK(contrast(theme::focus::outer, theme::focus::inner) >= 3);
    for (const theme::Palette* p : {&theme::standard_palette, &theme::high_contrast_palette}) {
        std::vector<ImU32> around = {p->background, p->surface, p->accent, p->accent_soft, p->chip_on, p->chip_off, p->badge,
                                     theme::overlay_standard, theme::overlay_high_contrast};
        using S = theme::ButtonStyle;
        for (const S style : {S::primary, S::secondary, S::tile, S::chip_on, S::chip_off, S::quiet})
            around.push_back(theme::button_colors(*p, style).fill);
        for (const char* code : {"alcohol", "drugs", "medicines", "gambling", "gaming", "sex", "other"})
            around.push_back(theme::concern_tile(*p, code));
        for (const ImU32 c : around) {
            CAPTURE(c);
            CHECK(std::max(contrast(theme::focus::outer, c), contrast(theme::focus::inner, c)) >= 3);
        }
    }
    // Thick enough to see: the outer ring alone is at least 3 px on any screen
    // (focus.cpp never draws it thinner), and ~1 mm on the configured one.
    CHECK(theme::focus::outer_mm >= 1.0f);
}
