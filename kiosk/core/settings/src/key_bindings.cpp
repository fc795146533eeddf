// SPDX-License-Identifier: Apache-2.0
// key_bindings.cpp — action names, key names and the default key layout
// (key_bindings.hpp; the layout is explained in docs/kiosk.md "Keys").
#include "madoguchi/core/key_bindings.hpp"

#include <algorithm>
#include <array>

namespace madoguchi::core {
namespace {

constexpr std::array<std::string_view, kKeyActionCount> kActionNames = {
    "up", "down", "left", "right", "select", "back", "help", "home", "close",
    "volume_up", "volume_down", "repeat", "stop", "slower",
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

}  // namespace

std::string_view to_string(KeyAction a) { return kActionNames[static_cast<size_t>(a)]; }

std::optional<KeyAction> parse_key_action(std::string_view s) {
    for (size_t i = 0; i < kActionNames.size(); ++i)
        if (kActionNames[i] == s) return static_cast<KeyAction>(i);
    return std::nullopt;
}

const std::vector<std::string_view>& key_names() {
    static const std::vector<std::string_view> names = {
        // keyboard
        "Up", "Down", "Left", "Right", "Return", "space", "Tab", "Shift+Tab", "BackSpace", "Escape", "Home", "End",
        "Prior", "Next", "Insert", "Delete",
        "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12",
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
        "plus", "minus", "equal", "comma", "period", "slash", "question",
        // numeric keypad
        "KP_0", "KP_1", "KP_2", "KP_3", "KP_4", "KP_5", "KP_6", "KP_7", "KP_8", "KP_9",
        "KP_Enter", "KP_Decimal", "KP_Add", "KP_Subtract", "KP_Multiply", "KP_Divide",
        // media keys (keypads with an audio jack send these for their volume buttons)
        "VolumeUp", "VolumeDown", "Mute", "Pause", "Menu", "Help",
    };
    return names;
}

std::optional<std::string_view> canonical_key_name(std::string_view s) {
    for (std::string_view n : key_names())
        if (same_ignoring_case(n, s)) return n;
    return std::nullopt;
}

std::vector<KeyBinding> key_bindings(const std::vector<KeyBinding>& overrides) {
    using A = KeyAction;
    // Columns: EZ Access style keypad · numeric keypad · keyboard. The same key
    // serves the first and the last where they agree (arrows, Return).
    std::vector<KeyBinding> b = {
        {A::up, {"Up", "KP_8", "Shift+Tab"}},
        {A::down, {"Down", "KP_2", "Tab"}},
        {A::left, {"Left", "KP_4"}},
        {A::right, {"Right", "KP_6"}},
        {A::select, {"Return", "KP_5", "KP_Enter", "space"}},
        {A::back, {"BackSpace", "KP_0", "Escape"}},
        {A::help, {"F1", "Help", "KP_Decimal"}},
        {A::home, {"Home", "KP_7"}},
        {A::close, {"F12", "Pause", "KP_Divide"}},
        {A::volume_up, {"VolumeUp", "KP_Add", "F6"}},
        {A::volume_down, {"VolumeDown", "KP_Subtract", "F5"}},
        {A::repeat, {"F2", "KP_9"}},
        {A::stop, {"F4", "KP_3", "Mute"}},
        {A::slower, {"F3", "KP_1"}},
    };
    for (const KeyBinding& o : overrides) {
        for (KeyBinding& other : b)
            other.keys.erase(std::remove_if(other.keys.begin(), other.keys.end(),
                                            [&](const std::string& k) { return std::find(o.keys.begin(), o.keys.end(), k) != o.keys.end(); }),
                             other.keys.end());
        for (KeyBinding& mine : b)
            if (mine.action == o.action) mine.keys = o.keys;
    }
    return b;
}

}  // namespace madoguchi::core
