// SPDX-License-Identifier: Apache-2.0
// key_map.cpp — our key names → SDL keys, and the lookup (key_map.hpp).
#include "key_map.hpp"

#include <utility>

namespace madoguchi::app {

std::optional<SdlKey> sdl_key(std::string_view name) {
    static const std::pair<std::string_view, SDL_Keycode> table[] = {
        {"Up", SDLK_UP}, {"Down", SDLK_DOWN}, {"Left", SDLK_LEFT}, {"Right", SDLK_RIGHT},
        {"Return", SDLK_RETURN}, {"space", SDLK_SPACE}, {"Tab", SDLK_TAB}, {"BackSpace", SDLK_BACKSPACE},
        {"Escape", SDLK_ESCAPE}, {"Home", SDLK_HOME}, {"End", SDLK_END}, {"Prior", SDLK_PAGEUP}, {"Next", SDLK_PAGEDOWN},
        {"Insert", SDLK_INSERT}, {"Delete", SDLK_DELETE},
        {"F1", SDLK_F1}, {"F2", SDLK_F2}, {"F3", SDLK_F3}, {"F4", SDLK_F4}, {"F5", SDLK_F5}, {"F6", SDLK_F6},
        {"F7", SDLK_F7}, {"F8", SDLK_F8}, {"F9", SDLK_F9}, {"F10", SDLK_F10}, {"F11", SDLK_F11}, {"F12", SDLK_F12},
        {"plus", SDLK_PLUS}, {"minus", SDLK_MINUS}, {"equal", SDLK_EQUALS}, {"comma", SDLK_COMMA}, {"period", SDLK_PERIOD},
        {"slash", SDLK_SLASH}, {"question", SDLK_QUESTION},
        {"KP_0", SDLK_KP_0}, {"KP_1", SDLK_KP_1}, {"KP_2", SDLK_KP_2}, {"KP_3", SDLK_KP_3}, {"KP_4", SDLK_KP_4},
        {"KP_5", SDLK_KP_5}, {"KP_6", SDLK_KP_6}, {"KP_7", SDLK_KP_7}, {"KP_8", SDLK_KP_8}, {"KP_9", SDLK_KP_9},
        {"KP_Enter", SDLK_KP_ENTER}, {"KP_Decimal", SDLK_KP_PERIOD}, {"KP_Add", SDLK_KP_PLUS},
        {"KP_Subtract", SDLK_KP_MINUS}, {"KP_Multiply", SDLK_KP_MULTIPLY}, {"KP_Divide", SDLK_KP_DIVIDE},
        {"VolumeUp", SDLK_VOLUMEUP}, {"VolumeDown", SDLK_VOLUMEDOWN}, {"Mute", SDLK_MUTE}, {"Pause", SDLK_PAUSE},
        {"Menu", SDLK_MENU}, {"Help", SDLK_HELP},
    };
    if (name == "Shift+Tab") return SdlKey{SDLK_TAB, true};
    for (const auto& [n, code] : table)
        if (n == name) return SdlKey{code, false};
    // Letters and digits: SDL's keycode is the character itself.
    if (name.size() == 1 && ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= '0' && name[0] <= '9')))
        return SdlKey{static_cast<SDL_Keycode>(name[0]), false};
    return std::nullopt;
}

KeyMap::KeyMap(const std::vector<core::KeyBinding>& overrides) {
    for (const core::KeyBinding& b : core::key_bindings(overrides))
        for (const std::string& name : b.keys)
            if (auto k = sdl_key(name)) entries_.push_back({*k, b.action});
}

std::optional<core::KeyAction> KeyMap::action(SDL_Keycode code, uint16_t mod) const {
    const bool shift = (mod & KMOD_SHIFT) != 0;
    // A key bound with Shift wins when Shift is held (Shift+Tab); otherwise
    // Shift does not matter (a keypad may send it with its keys).
    for (const Entry& e : entries_)
        if (e.key.code == code && e.key.shift && shift) return e.action;
    for (const Entry& e : entries_)
        if (e.key.code == code && !e.key.shift) return e.action;
    return std::nullopt;
}

}  // namespace madoguchi::app
