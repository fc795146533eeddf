// SPDX-License-Identifier: Apache-2.0
// speech_rules.hpp — when the kiosk speaks, and what stops it (issue 20).
//
// The decisions between the UI's announcements and the Speaker, apart from
// SDL and the UI so that tests/app can check them with a recording sink:
//   - a screen is spoken only in speech mode (Speaker::active: headphones in,
//     or a keypad key pressed where output is allowed): a touch visitor
//     without headphones hears nothing and costs nothing;
//   - a new announcement replaces what is playing (a new focus interrupts);
//   - a session that ends (とじる, the idle wipe) stops speech at once and
//     puts volume and rate back; the screen shown after it (neutral, attract)
//     is not read out — whoever pressed とじる wanted the kiosk to fall quiet;
//     the next announcement after it is spoken again;
//   - the speech keys: volume up/down, repeat, stop, slower (on/off).
// The glue to SDL and KioskUi is speech_link.hpp.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "madoguchi/core/key_bindings.hpp"
#include "madoguchi/speech/headphones.hpp"
#include "madoguchi/speech/speaker.hpp"

namespace madoguchi::app {

class SpeechRules {
public:
    explicit SpeechRules(speech::Speaker& speaker) : speaker_(speaker) {}

    // A keypad key reached the UI.
    void key_pressed() { speaker_.key_pressed(); }
    // The jack's state, on the UI thread; unknown changes nothing.
    void jack(speech::JackState s);
    // The UI's count of ended sessions and its current announcement's serial;
    // when the count moved: quiet, defaults back, that announcement muted.
    void sessions(uint64_t sessions_ended, uint64_t serial_now);
    // Speech keys pressed since the last call, oldest first.
    void commands(const std::vector<core::KeyAction>& actions);
    // The UI's announcement after a frame: spoken when it is new and speech
    // mode is on. Returns true when it was handed to the Speaker.
    bool announce(std::string_view text, std::string_view lang, uint64_t serial);

private:
    speech::Speaker& speaker_;
    uint64_t sessions_seen_ = 0;
    uint64_t spoken_serial_ = 0;
};

}  // namespace madoguchi::app
