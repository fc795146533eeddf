// SPDX-License-Identifier: Apache-2.0
// speech_rules.cpp — see speech_rules.hpp.
#include "speech_rules.hpp"

namespace madoguchi::app {

void SpeechRules::jack(speech::JackState s) {
    if (s != speech::JackState::unknown) speaker_.set_headphones(s == speech::JackState::plugged);
}

void SpeechRules::sessions(uint64_t sessions_ended, uint64_t serial_now) {
    if (sessions_ended == sessions_seen_) return;
    sessions_seen_ = sessions_ended;
    speaker_.reset();
    spoken_serial_ = serial_now;
}

void SpeechRules::commands(const std::vector<core::KeyAction>& actions) {
    using A = core::KeyAction;
    for (const A a : actions) {
        switch (a) {
            case A::volume_up: speaker_.volume_step(+1); break;
            case A::volume_down: speaker_.volume_step(-1); break;
            case A::repeat: speaker_.repeat(); break;
            case A::stop: speaker_.stop(); break;
            case A::slower: speaker_.slower(!speaker_.is_slower()); break;
            default: break;  // the UI's own keys never come here
        }
    }
}

bool SpeechRules::announce(std::string_view text, std::string_view lang, uint64_t serial) {
    if (!speaker_.active() || serial == spoken_serial_ || text.empty()) return false;
    spoken_serial_ = serial;
    speaker_.say(text, lang);
    return true;
}

}  // namespace madoguchi::app
