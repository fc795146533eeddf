// SPDX-License-Identifier: Apache-2.0
// layout_walk.hpp — the `walk-layout` script command: every screen a visitor
// can reach, checked for layout problems (layout_walk.cpp, docs/accessibility.md).
#pragma once

#include <string>

#include "player.hpp"

namespace madoguchi::app::script {

// "" when every screen in every language and text size was sound (then
// *summary gets the "walk-layout: …" line); else the problems, one per line.
std::string walk_layout(Player& p, platform::Window& window, ui::KioskUi& ui, std::string* summary);

// `walk-setup`: every setup step and its sub-states (a region chosen, the
// municipality pad, the network printer pad, a test slip's outcomes, the PIN
// pad, the key list), in Japanese and English, normal text. The setup screens
// must be open (first run, or admin.settings). It gives them a SetupView of
// its own (two USB printers, three keys: one good, one demo, one with a
// problem) and saves nothing; it ends on the welcome step in Japanese.
std::string walk_setup(Player& p, platform::Window& window, ui::KioskUi& ui, std::string* summary);

}  // namespace madoguchi::app::script
