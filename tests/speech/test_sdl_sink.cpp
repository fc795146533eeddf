// SPDX-License-Identifier: Apache-2.0
// test_sdl_sink.cpp — the SDL audio output (sdl_audio_sink.hpp) on SDL's
// "dummy" audio driver, which pulls samples like a sound card but plays them
// nowhere: what is written is consumed, clear() drops what is queued at once,
// release() closes the device and a write opens it again.
#include <doctest/doctest.h>

#include <SDL.h>
#include <stdlib.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "madoguchi/speech/sdl_audio_sink.hpp"
#include "madoguchi/speech/speaker.hpp"
#include "speech_test_support.hpp"

using namespace madoguchi::speech;
using namespace std::chrono_literals;

namespace {
std::vector<int16_t> tone(double seconds) {
    std::vector<int16_t> s(static_cast<size_t>(48000 * seconds));
    for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<int16_t>(8000 * std::sin(i * 2 * M_PI * 440 / 48000));
    return s;
}
bool wait_until(const std::function<bool()>& f, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (f()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return f();
}
struct DummyAudio {
    DummyAudio() {
        setenv("SDL_AUDIODRIVER", "dummy", 1);
        REQUIRE(SDL_InitSubSystem(SDL_INIT_AUDIO) == 0);
    }
    ~DummyAudio() { SDL_QuitSubSystem(SDL_INIT_AUDIO); }
};
}  // namespace

TEST_CASE("SDL audio sink: plays what is written, drops it on clear, closes on release") {
    DummyAudio audio;
    SdlAudioSink sink;
    CHECK_FALSE(sink.device_open());  // nothing opened before there is something to say
    const auto t = tone(0.3);
    sink.write(t);
    CHECK(sink.problem() == "");
    CHECK(sink.device_open());
    CHECK(wait_until([&] { return sink.queued_samples() == 0; }, 5s));  // consumed by the device

    sink.write(tone(5.0));
    CHECK(sink.queued_samples() > 0);
    sink.clear();
    CHECK(sink.queued_samples() == 0);  // at once, not after playing
    std::this_thread::sleep_for(50ms);
    CHECK(sink.queued_samples() == 0);

    sink.release();
    CHECK_FALSE(sink.device_open());
    sink.write(t);
    CHECK(sink.device_open());
    sink.release();
}

TEST_CASE("the Speaker closes the device when the session ends") {
    DummyAudio audio;
    SdlAudioSink sink;
    SpeakerOptions o;
    o.private_device = true;
    Speaker sp(o, sink);
    sp.say("Consultation is free.", "en");
    CHECK(wait_until([&] { return sink.device_open(); }, 10s));
    sp.reset();
    CHECK_FALSE(sink.device_open());  // an idle kiosk runs no audio thread
}
