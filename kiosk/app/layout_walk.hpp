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

}  // namespace madoguchi::app::script
