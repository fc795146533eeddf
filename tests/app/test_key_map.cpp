// SPDX-License-Identifier: Apache-2.0
// The keypad path's keys (kiosk/app/key_map.hpp, core/key_bindings.hpp): every
// key name [keys] accepts has an SDL key; the default layout serves an EZ
// Access style keypad, a numeric keypad and a keyboard at once; an override
// replaces an action's keys and takes them from other actions; Shift+Tab is up.
#include <doctest/doctest.h>

#include <set>

#include "key_map.hpp"
#include "madoguchi/core/kiosk_config.hpp"

using namespace madoguchi;
using core::KeyAction;

TEST_CASE("keys: every key name the config accepts is an SDL key, and no two are the same key") {
    std::set<std::pair<SDL_Keycode, bool>> seen;
    for (std::string_view n : core::key_names()) {
        CAPTURE(std::string(n));
        const auto k = app::sdl_key(n);
        REQUIRE(k.has_value());
        CHECK(k->code != SDLK_UNKNOWN);
        CHECK(seen.insert({k->code, k->shift}).second);
    }
}

TEST_CASE("keys: the default layout (docs/kiosk.md)") {
    const app::KeyMap m;
    auto is = [&](SDL_Keycode c, uint16_t mod, KeyAction a) {
        const auto got = m.action(c, mod);
        REQUIRE(got.has_value());
        CHECK(*got == a);
    };
    // Keyboard and EZ Access style keypad (it sends keyboard keys).
    is(SDLK_UP, 0, KeyAction::up);
    is(SDLK_DOWN, 0, KeyAction::down);
    is(SDLK_TAB, 0, KeyAction::down);
    is(SDLK_TAB, KMOD_LSHIFT, KeyAction::up);
    is(SDLK_RETURN, 0, KeyAction::select);
    is(SDLK_SPACE, 0, KeyAction::select);
    is(SDLK_BACKSPACE, 0, KeyAction::back);
    is(SDLK_ESCAPE, 0, KeyAction::back);
    is(SDLK_F1, 0, KeyAction::help);
    is(SDLK_HOME, 0, KeyAction::home);
    is(SDLK_F12, 0, KeyAction::close);
    is(SDLK_VOLUMEUP, 0, KeyAction::volume_up);
    // Numeric keypad: 8 2 4 6 move, 5 and Enter select, 0 back, . help, + − volume.
    is(SDLK_KP_8, 0, KeyAction::up);
    is(SDLK_KP_2, 0, KeyAction::down);
    is(SDLK_KP_4, 0, KeyAction::left);
    is(SDLK_KP_6, 0, KeyAction::right);
    is(SDLK_KP_5, 0, KeyAction::select);
    is(SDLK_KP_ENTER, 0, KeyAction::select);
    is(SDLK_KP_0, 0, KeyAction::back);
    is(SDLK_KP_PERIOD, 0, KeyAction::help);
    is(SDLK_KP_PLUS, 0, KeyAction::volume_up);
    is(SDLK_KP_MINUS, 0, KeyAction::volume_down);
    is(SDLK_KP_DIVIDE, 0, KeyAction::close);
    // A key that is not a kiosk key does nothing.
    CHECK_FALSE(m.action(SDLK_q, 0).has_value());
}

TEST_CASE("keys: [keys] replaces an action's keys and takes them from the others") {
    const auto load = core::parse_kiosk_config("[keys]\nselect = [\"Return\", \"KP_Enter\", \"F12\"]\n", "k.toml");
    CHECK(load.messages.empty());
    const app::KeyMap m(load.config.keys);
    CHECK(m.action(SDLK_F12, 0) == KeyAction::select);   // was とじる's
    CHECK_FALSE(m.action(SDLK_KP_5, 0).has_value());     // select's old key, not listed any more
    CHECK_FALSE(m.action(SDLK_SPACE, 0).has_value());
    CHECK(m.action(SDLK_PAUSE, 0) == KeyAction::close);  // とじる keeps its other keys
}

TEST_CASE("keys: bad [keys] lines are refused with where they are, and the rest is kept") {
    const auto load = core::parse_kiosk_config("[keys]\nselect = [\"Retrun\", \"KP_Enter\"]\nback = \"Escape\"\nhome = [\"kp_enter\"]\nbogus = [\"F1\"]\n",
                                               "k.toml");
    REQUIRE(load.messages.size() == 4);
    CHECK(load.messages[0].find("k.toml:2:11") == 0);
    CHECK(load.messages[0].find("\"Retrun\" is not a key name") != std::string::npos);
    CHECK(load.messages[1].find("k.toml:3:") == 0);
    CHECK(load.messages[1].find("should be a list") != std::string::npos);
    CHECK(load.messages[2].find("k.toml:4:") == 0);
    CHECK(load.messages[2].find("given to another action") != std::string::npos);
    CHECK(load.messages[3].find("k.toml:5:") == 0);
    CHECK(load.messages[3].find("unknown key keys.bogus") != std::string::npos);
    REQUIRE(load.config.keys.size() == 2);
    CHECK(load.config.keys[0].action == KeyAction::select);
    CHECK(load.config.keys[0].keys == std::vector<std::string>{"KP_Enter"});
    CHECK(load.config.keys[1].action == KeyAction::home);
    CHECK(load.config.keys[1].keys.empty());
}
