// SPDX-License-Identifier: Apache-2.0
// test_speaker.cpp — the Speaker (speaker.hpp) with a recording sink: speech
// only where output is allowed (headphones, private device), stop() exact,
// repeat, volume, reset wiping what was said, the worker never blocking the
// caller; and the helpers (sentences, resampling).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "madoguchi/speech/speaker.hpp"
#include "speech_test_support.hpp"

using namespace madoguchi::speech;
using namespace std::chrono_literals;
using speech_test::RecordingSink;

namespace {
SpeakerOptions private_device() {
    SpeakerOptions o;
    o.private_device = true;
    return o;
}
const char* kJa = "相談は無料です。名前は言わなくても大丈夫です。";
const char* kEn = "Consultation is free. You do not have to give your name.";
}  // namespace

TEST_CASE("sentences: split where a voice would pause for breath") {
    CHECK(split_sentences("相談は無料です。名前は いりません。") ==
          std::vector<std::string>{"相談は無料です。", "名前は いりません。"});
    CHECK(split_sentences("Free. Open 9.30 to 17.00 at example.org!\nAnd more") ==
          std::vector<std::string>{"Free.", "Open 9.30 to 17.00 at example.org!", "And more"});
    CHECK(split_sentences("  ").empty());
    // Japanese clause by clause; a short clause stays with the next
    CHECK(split_sentences("大阪ダルク、3件目、13件中。次", true) ==
          std::vector<std::string>{"大阪ダルク、", "3件目、13件中。", "次"});
    CHECK(split_sentences("大阪ダルク、3件目", false) == std::vector<std::string>{"大阪ダルク、3件目"});
}

TEST_CASE("resampling keeps length in proportion and the signal's level") {
    std::vector<int16_t> in(22050), out;
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int16_t>(10000 * std::sin(i * 2 * M_PI * 440 / 22050));
    resample_linear(in, 22050, 48000, out);
    CHECK(out.size() == 48000);
    CHECK(speech_test::rms(out) == doctest::Approx(speech_test::rms(in)).epsilon(0.02));
    resample_linear(in, 22050, 22050, out);
    CHECK(out == in);
}

TEST_CASE("without headphones nothing is heard, and the staff are told why") {
    RecordingSink sink;
    Speaker sp({}, sink);
    sp.key_pressed();
    CHECK_FALSE(sp.active());
    sp.say(kEn, "en");
    std::this_thread::sleep_for(300ms);
    CHECK(sink.sample_count() == 0);
    CHECK(sp.status().find("no headphones") != std::string::npos);
}

TEST_CASE("headphones plugged in: speech mode on, speech heard; pulled out: silence at once") {
    RecordingSink sink;
    Speaker sp({}, sink);
    sp.set_headphones(true);
    CHECK(sp.active());
    sp.say(kEn, "en");
    CHECK(sink.wait_for_samples(48000 / 2, 5s));
    sp.set_headphones(false);
    const size_t at_unplug = sink.sample_count();
    std::this_thread::sleep_for(300ms);
    CHECK(sink.sample_count() == at_unplug);
    CHECK_FALSE(sp.active());
    CHECK(sp.status().find(kEn) == std::string::npos);
}

TEST_CASE("private device: a key turns speech mode on; every language reaches the sink") {
    RecordingSink sink;
    Speaker sp(private_device(), sink);
    CHECK_FALSE(sp.active());
    sp.key_pressed();
    CHECK(sp.active());
    for (const char* lang : {"ja", "en", "tl"}) {
        CAPTURE(lang);
        sink.forget();
        sp.say(lang[0] == 'j' ? kJa : kEn, lang);
        CHECK(sink.wait_for_samples(48000, 10s));
        while (sp.busy()) std::this_thread::sleep_for(10ms);
        CHECK(speech_test::rms(sink.samples()) > 300.0);
    }
}

TEST_CASE("stop(): once it returns, no further sample reaches the sink") {
    RecordingSink sink;
    Speaker sp(private_device(), sink);
    // Each about a minute of speech: far more than is made before stop() comes.
    std::string long_ja, long_en;
    for (int i = 0; i < 20; ++i) {
        long_ja += kJa;
        long_en += std::string(kEn) + " ";
    }
    for (const char* lang : {"ja", "en"}) {
        CAPTURE(lang);
        sink.forget();
        sp.say(lang[0] == 'j' ? long_ja : long_en, lang);
        REQUIRE(sink.wait_for_samples(1, 10s));
        sp.stop();
        const size_t at_stop = sink.sample_count();
        CHECK(at_stop < 48000 * 20);  // stop() cut the utterance short
        std::this_thread::sleep_for(500ms);  // the voice had much more to say
        CHECK(sink.sample_count() == at_stop);
        CHECK_FALSE(sp.busy());
    }
}

TEST_CASE("say() returns at once and replaces what is playing") {
    RecordingSink sink;
    Speaker sp(private_device(), sink);
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) sp.say(kJa, "ja");
    // Twenty calls, each cancelling the one before: no synthesis on this thread.
    CHECK(std::chrono::steady_clock::now() - t0 < 100ms);
    REQUIRE(sink.wait_for_samples(1, 10s));
    while (sp.busy()) std::this_thread::sleep_for(10ms);
    // One utterance's worth (two sentences), not twenty.
    const double seconds = static_cast<double>(sink.sample_count()) / 48000;
    CHECK(seconds > 1.0);
    CHECK(seconds < 10.0);
}

TEST_CASE("repeat, volume, slower, and reset back to the config") {
    RecordingSink sink;
    SpeakerOptions o = private_device();
    o.volume = 5;
    Speaker sp(o, sink);
    const float at5 = sink.volume();
    sp.volume_step(+1);
    CHECK(sp.volume() == 6);
    CHECK(sink.volume() > at5);
    sp.volume_step(+20);
    CHECK(sp.volume() == 10);
    CHECK(sink.volume() == doctest::Approx(1.0f));
    sp.volume_step(-30);
    CHECK(sp.volume() == 0);
    CHECK(sink.volume() == 0.0f);
    sp.volume_step(+5);

    sp.say(kEn, "en");
    REQUIRE(sink.wait_for_samples(1, 10s));
    while (sp.busy()) std::this_thread::sleep_for(10ms);
    const size_t once = sink.sample_count();
    sink.forget();
    sp.repeat();
    REQUIRE(sink.wait_for_samples(1, 10s));
    while (sp.busy()) std::this_thread::sleep_for(10ms);
    CHECK(sink.sample_count() == doctest::Approx(once).epsilon(0.05));

    sink.forget();
    sp.slower(true);
    sp.repeat();
    REQUIRE(sink.wait_for_samples(1, 10s));
    while (sp.busy()) std::this_thread::sleep_for(10ms);
    CHECK(sink.sample_count() > once * 1.15);  // slower is longer

    sp.volume_step(+2);
    sp.reset();
    CHECK(sp.volume() == 5);
    CHECK_FALSE(sp.is_slower());
    CHECK_FALSE(sp.active());  // no headphones: a private device waits for a key again
    sink.forget();
    sp.repeat();  // nothing left to repeat
    std::this_thread::sleep_for(300ms);
    CHECK(sink.sample_count() == 0);
}

TEST_CASE("enabled = false: never a sound, even with headphones") {
    RecordingSink sink;
    SpeakerOptions o;
    o.enabled = false;
    Speaker sp(o, sink);
    sp.set_headphones(true);
    sp.key_pressed();
    CHECK_FALSE(sp.active());
    sp.say(kEn, "en");
    std::this_thread::sleep_for(300ms);
    CHECK(sink.sample_count() == 0);
}

TEST_CASE("a language without a voice is silent and says so for the staff") {
    RecordingSink sink;
    Speaker sp(private_device(), sink);
    sp.say("hello", "xx");
    for (int i = 0; i < 100 && sp.busy(); ++i) std::this_thread::sleep_for(10ms);
    CHECK(sink.sample_count() == 0);
    CHECK(sp.status().find("no voice for language xx") != std::string::npos);
}
