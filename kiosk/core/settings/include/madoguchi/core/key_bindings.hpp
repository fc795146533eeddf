// SPDX-License-Identifier: Apache-2.0
// key_bindings.hpp — the kiosk's key actions and the key names [keys] may use.
//
// Why here, SDL-free: the config (kiosk_config.cpp) must refuse a misspelt key
// name with its file:line:column, as it does every other bad value, and the
// config knows nothing of SDL. So the names are ours (X11 keysym style, as
// staff find them printed in keypad manuals: "Return", "KP_Enter", "KP_8"),
// listed once here; the app turns each into an SDL key (kiosk/app/key_map.cpp,
// and tests/app/test_key_map.cpp checks that every name here has one).
// docs/kiosk.md "Keys" has the default layout; docs/config.md [keys].
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::core {

// What a key asks for. The first ten move and act on screen (kiosk/ui); the
// last five are for the speech engine, which the app drains from the UI.
enum class KeyAction {
    up, down, left, right, select, back, help, home, close,
    volume_up, volume_down, repeat, stop, slower,
};
inline constexpr int kKeyActionCount = 14;

std::string_view to_string(KeyAction a);  // "up", "volume_up", …: as in [keys]
std::optional<KeyAction> parse_key_action(std::string_view s);

// Every key name [keys] accepts, in a stable order (docs/config.md lists them).
const std::vector<std::string_view>& key_names();
// The name as listed (case as in key_names()), or nullopt when it is not a key
// name; case does not matter ("return" = "Return").
std::optional<std::string_view> canonical_key_name(std::string_view s);

// A [keys] line: the keys that do `action`, replacing the default ones.
struct KeyBinding {
    KeyAction action = KeyAction::select;
    std::vector<std::string> keys;  // canonical names

    friend bool operator==(const KeyBinding&, const KeyBinding&) = default;
};

// The default keys of each action: an EZ Access style keypad (a USB keyboard
// device), a numeric keypad and an ordinary keyboard at once
// (docs/kiosk.md "Keys"). `overrides` ([keys]) replace an action's list; a key
// an override takes is removed from every other action.
std::vector<KeyBinding> key_bindings(const std::vector<KeyBinding>& overrides);

}  // namespace madoguchi::core
