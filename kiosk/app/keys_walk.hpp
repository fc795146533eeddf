// SPDX-License-Identifier: Apache-2.0
// keys_walk.hpp — the `keys-walk` and `focus-to` script commands: the kiosk
// driven by keys alone (keys_walk.cpp; docs/accessibility.md "Keys-only walk").
#pragma once

#include <string>

#include "player.hpp"

namespace madoguchi::app::script {

// "" when every screen the walk visits, in every language, was reached by keys
// alone and every target touch reaches on it was reached by keys (then
// *summary gets the "keys-walk: …" line); else the problems, one per line.
std::string keys_walk(Player& p, platform::Window& window, ui::KioskUi& ui, std::string* summary);

// Presses down until `name` has the focus; "" when it got there, else why not.
std::string focus_to(Player& p, ui::KioskUi& ui, const std::string& name);

}  // namespace madoguchi::app::script
