// SPDX-License-Identifier: Apache-2.0
// key_map.hpp — SDL key presses → the kiosk's key actions (core/key_bindings.hpp).
//
// Why in the app: kiosk/ui is SDL-free (kiosk_ui.hpp), so the UI receives
// actions (up, select, close …), never key codes. The map is built once from
// the defaults and the config's [keys] lines; a key press is looked up with
// its Shift state (Shift+Tab is up, Tab is down).
#pragma once

#include <SDL.h>

#include <optional>
#include <string_view>
#include <vector>

#include "madoguchi/core/key_bindings.hpp"

namespace madoguchi::app {

// The SDL key of one of core::key_names(); nullopt for a name this table does
// not know (tests/app/test_key_map.cpp: there is none). `shift` is set for
// names that need Shift held ("Shift+Tab").
struct SdlKey {
    SDL_Keycode code = SDLK_UNKNOWN;
    bool shift = false;
};
std::optional<SdlKey> sdl_key(std::string_view name);

class KeyMap {
public:
    explicit KeyMap(const std::vector<core::KeyBinding>& overrides = {});
    // The action of a key pressed with modifiers `mod`; nullopt: not a kiosk key.
    std::optional<core::KeyAction> action(SDL_Keycode code, uint16_t mod) const;

private:
    struct Entry {
        SdlKey key;
        core::KeyAction action;
    };
    std::vector<Entry> entries_;
};

}  // namespace madoguchi::app
