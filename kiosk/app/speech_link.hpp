// SPDX-License-Identifier: Apache-2.0
// speech_link.hpp — the kiosk's speech wired to its screens (issue 20).
//
// The UI says what should be heard (KioskUi::announcement: the heading, the
// focused item and its position …) and which speech keys were pressed; the
// Speaker (kiosk/speech) says it, privately, to headphones. This is the glue,
// kept out of madoguchi_main.cpp so that the loop reads as four calls:
//
//   after the turn's input events   link.after_input(kiosk)
//   after each frame                link.after_frame(kiosk)
//   a jack changed (SDL user event) link.after_input(kiosk) picks it up too
//
// When it speaks and what stops it: speech_rules.hpp.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/speech/speaker.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"

namespace madoguchi::app {

class SpeechLink {
public:
    // `wake` is called from the headphone thread (push an SDL user event):
    // the loop then runs a turn and after_input() applies the new state.
    SpeechLink(const speech::SpeakerOptions& options, const core::UiStrings& strings, std::function<void()> wake);
    ~SpeechLink();

    // A keypad key reached the UI this turn.
    void key_pressed();
    // After the turn's events: speech keys, a session that ended, the jack.
    void after_input(ui::KioskUi& kiosk);
    // After a frame: a new announcement is spoken (in speech mode).
    void after_frame(ui::KioskUi& kiosk);
    // For staff (stderr at start): whether speech can be heard, never what.
    std::string status() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::app
