// SPDX-License-Identifier: Apache-2.0
// test_speech_rules.cpp — when the kiosk speaks (kiosk/app/speech_rules.hpp),
// with the real Speaker and voices and a recording sink: nothing before speech
// mode, a new announcement once, the session's end quiet at once and the next
// screen not read out, the speech keys, headphones in and out.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "../speech/speech_test_support.hpp"
#include "speech_rules.hpp"

using namespace madoguchi;
using namespace std::chrono_literals;
using speech_test::RecordingSink;

namespace {
const char* kHeading = "Where to get help. 1 of 7.";
const char* kNext = "Oneness Foundation. 2 of 7.";
}  // namespace

TEST_CASE("speech rules: a screen is heard only in speech mode, each announcement once") {
    RecordingSink sink;
    speech::SpeakerOptions o;
    o.private_device = true;  // no jack here: a private device speaks after a key
    speech::Speaker speaker(o, sink);
    app::SpeechRules rules(speaker);
    // A touch visitor: no key, no headphones — the announcement is not spoken.
    CHECK_FALSE(rules.announce(kHeading, "en", 1));
    std::this_thread::sleep_for(200ms);
    CHECK(sink.sample_count() == 0);
    // The first key turns speech mode on; the same announcement is now heard.
    rules.key_pressed();
    CHECK(rules.announce(kHeading, "en", 1));
    CHECK(sink.wait_for_samples(4800, 5s));
    // Drawn again, unchanged: not said twice.
    CHECK_FALSE(rules.announce(kHeading, "en", 1));
    // A new focus: said.
    CHECK(rules.announce(kNext, "en", 2));
    CHECK_FALSE(rules.announce("", "en", 3));  // nothing to say
}

TEST_CASE("speech rules: the session's end is quiet at once, and the screen after it is not read out") {
    RecordingSink sink;
    speech::SpeakerOptions o;
    o.private_device = true;
    o.volume = 6;
    speech::Speaker speaker(o, sink);
    app::SpeechRules rules(speaker);
    rules.sessions(0, 0);
    rules.key_pressed();
    rules.commands({core::KeyAction::volume_up, core::KeyAction::volume_up, core::KeyAction::slower});
    CHECK(speaker.volume() == 8);
    CHECK(speaker.is_slower());
    std::string text;
    for (int i = 0; i < 20; ++i) text += "This sentence is read slowly to the visitor. ";
    CHECK(rules.announce(text, "en", 5));
    CHECK(sink.wait_for_samples(1, 5s));
    // とじる: the UI counts a session ended and shows the neutral screen (serial 6).
    rules.sessions(1, 6);
    const size_t at_wipe = sink.sample_count();
    std::this_thread::sleep_for(300ms);
    CHECK(sink.sample_count() == at_wipe);  // nothing more after reset() returned
    CHECK(speaker.volume() == 6);           // the config's volume again
    CHECK_FALSE(speaker.is_slower());
    CHECK_FALSE(rules.announce("This screen hides what was here.", "en", 6));  // the neutral screen is not read
    // The same count again changes nothing; a new announcement after a key is heard.
    rules.sessions(1, 6);
    rules.key_pressed();
    CHECK(rules.announce(kHeading, "en", 7));
    CHECK(sink.wait_for_samples(at_wipe + 4800, 5s));
}

TEST_CASE("speech rules: headphones in turn speech on, out turn it off at once; unknown changes nothing") {
    RecordingSink sink;
    speech::Speaker speaker({}, sink);  // not a private device: the jack decides
    app::SpeechRules rules(speaker);
    rules.key_pressed();
    CHECK_FALSE(speaker.active());  // no headphones: a key is not enough
    rules.jack(speech::JackState::unknown);
    CHECK_FALSE(speaker.active());
    rules.jack(speech::JackState::plugged);
    CHECK(speaker.active());
    CHECK(rules.announce(kHeading, "en", 1));
    CHECK(sink.wait_for_samples(1, 5s));
    rules.jack(speech::JackState::unplugged);
    const size_t at_unplug = sink.sample_count();
    std::this_thread::sleep_for(300ms);
    CHECK(sink.sample_count() == at_unplug);
    CHECK_FALSE(rules.announce(kNext, "en", 2));
}
