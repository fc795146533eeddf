// SPDX-License-Identifier: Apache-2.0
// session.hpp — where one visitor is in the kiosk and what they chose.
//
// A session ends on quick-hide, on idle and on "done"; the kiosk then renews
// the whole visitor state this is part of (kiosk/ui/src/visitor_state.hpp:
// freed blocks and the struct's own bytes overwritten), so that nothing a
// visitor chose or typed survives in this process's memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "madoguchi/base/secure_clear.hpp"

namespace madoguchi::core {

enum class Screen : uint8_t { attract, concern, who, results, detail, guides, guide, basket, language, neutral, search, qr, urgent };
const char* screen_name(Screen s);

struct Session {
    std::string lang = "ja";
    Screen screen = Screen::attract;
    std::vector<Screen> back_stack;
    std::string concern, audience;
    std::vector<std::string> situations;
    std::vector<std::string> kinds, modes;  // result filters
    bool open_now_only = false;
    bool voice_free_only = false;     // 「声を使わずに相談」: a channel that needs no voice
    std::string service_id;  // on the detail screen
    std::string guide_id;
    std::vector<std::string> basket;  // service ids for the slip
    std::string query;                // typed on the on-screen keyboard
    bool large_text = false;
    bool high_contrast = false;       // black on white, strong borders (theme.hpp)

    void go(Screen next);  // push the current screen, show next
    bool back();           // false when there is nothing to go back to
    void home();           // attract screen, choices kept until wipe
    bool in_basket(const std::string& id) const;
    void toggle_basket(const std::string& id);
    friend bool operator==(const Session&, const Session&) = default;
};

// Overwrites a string's (or a list's) whole capacity, then empties it: the one
// implementation is madoguchi_base's (secure_clear.hpp), named here too so the
// code that wipes a visitor's session keeps saying core::secure_clear.
using base::secure_clear;

}  // namespace madoguchi::core
