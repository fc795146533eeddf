// SPDX-License-Identifier: Apache-2.0
// scroll_hint.hpp — the UI's scrolled area, handed to the window each frame
// (the real loop and the script player alike), so that scrolling moves pixels
// instead of drawing them again (platform/frame_damage.hpp, "Scrolling").
#pragma once

#include "madoguchi/platform/frame_damage.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"

namespace madoguchi::app {

inline platform::ScrollHint scroll_hint(const ui::KioskUi& kiosk) {
    const ui::KioskUi::ScrolledArea a = kiosk.scrolled_area();
    return platform::ScrollHint{a.x0, a.y0, a.x1, a.y1, a.offset};
}

}  // namespace madoguchi::app
