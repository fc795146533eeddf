// SPDX-License-Identifier: Apache-2.0
// test_headphones.cpp — which ALSA controls count as headphone jacks, how
// several jacks add up, and that reading this machine's cards (often none in a
// test container) answers without failing.
#include <doctest/doctest.h>

#include <poll.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "madoguchi/speech/headphones.hpp"

using namespace madoguchi::speech;

TEST_CASE("headphone jack control names (as Linux HDA, USB and SoC drivers name them)") {
    CHECK(is_headphone_jack_name("Headphone Jack"));
    CHECK(is_headphone_jack_name("Front Headphone Jack"));
    CHECK(is_headphone_jack_name("Headphone Front Jack"));
    CHECK(is_headphone_jack_name("Headset Jack"));
    CHECK_FALSE(is_headphone_jack_name("Headset Mic Jack"));
    CHECK_FALSE(is_headphone_jack_name("Mic Jack"));
    CHECK_FALSE(is_headphone_jack_name("Line Out Jack"));
    CHECK_FALSE(is_headphone_jack_name("Speaker Phantom Jack"));
    CHECK_FALSE(is_headphone_jack_name("HDMI/DP,pcm=3 Jack"));
    CHECK_FALSE(is_headphone_jack_name("Headphone Playback Switch"));  // a mixer switch, not the sensor
}

TEST_CASE("several jacks: any plugged is plugged; none known is unknown") {
    CHECK(combine({}) == JackState::unknown);
    CHECK(combine({{0, "HDA Intel PCH", "Headphone Jack", false}}) == JackState::unplugged);
    CHECK(combine({{0, "HDA Intel PCH", "Headphone Jack", false}, {0, "HDA Intel PCH", "Front Headphone Jack", true}}) ==
          JackState::plugged);
    CHECK(to_string(JackState::plugged) == "plugged");
}

TEST_CASE("this machine's cards: the watch opens, gives descriptors, and pump() never blocks") {
    HeadphoneWatch w;
    const JackState now = w.open();
    CHECK(now == combine(headphone_jacks()));
    const auto fds = w.fds();
    // At least the /dev/snd watch where /dev/snd exists; each one valid.
    for (int fd : fds) CHECK(fd >= 0);
    CHECK(w.pump() == now);  // nothing changed
}

TEST_CASE("the monitor thread reports the state at start and stops when destroyed") {
    std::atomic<int> calls{0};
    std::atomic<int> state{-1};
    {
        HeadphoneMonitor m([&](JackState s) {
            state = static_cast<int>(s);
            ++calls;
        });
        for (int i = 0; i < 500 && calls == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }  // joins: a monitor that did not stop would hang here
    CHECK(calls == 1);  // the first state, and nothing changed since
    CHECK(state == static_cast<int>(headphone_state()));
}
