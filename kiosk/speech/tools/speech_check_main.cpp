// SPDX-License-Identifier: Apache-2.0
// speech_check_main.cpp — madoguchi-speech-check: the staff's check of speech
// on a kiosk PC, and the privacy audit's speech session.
//
//   madoguchi-speech-check                  voices per language, open_jtalk's confinement, the jacks
//   madoguchi-speech-check --say [LANG…]    speak a fixed sample sentence per language
//                                           (all kiosk languages when none is given)
//     --private      play without headphone detection (as [speech] private_device)
//     --null         count the samples instead of playing them (no sound card needed)
//     --harden       apply the kiosk's process hardening first (as madoguchi does:
//                    nothing writable, only /usr/bin/open_jtalk executable)
//
// Why a program of its own: speech must be checked where it runs (is the
// voice installed, does the jack sense the plug, is it loud enough) without a
// visitor session, and the strace audit (tests/privacy) needs a speech session
// it can trace: `strace -f -e trace=%file,%network madoguchi-speech-check
// --say --null --harden --private` must show no file opened for writing but
// pipes and /dev/null, and no socket.
// It says only fixed sample sentences, never anything a visitor chose.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "madoguchi/platform/process_hardening.hpp"
#include "madoguchi/speech/headphones.hpp"
#include "madoguchi/speech/sdl_audio_sink.hpp"
#include "madoguchi/speech/speaker.hpp"

using namespace madoguchi;

namespace {

struct Sample {
    const char* lang;
    const char* text;
};
constexpr Sample kSamples[] = {
    {"ja", "相談は無料です。電話番号は0120-111-351です。"},
    {"ja-x-easy", "{相談|そうだん}は {無料|むりょう}です。"},
    {"en", "Consultation is free. The number is 0120-111-351."},
    {"zh-Hans", "咨询是免费的。"},
    {"ko", "상담은 무료입니다."},
    {"vi", "Tư vấn miễn phí."},
    {"pt-BR", "A consulta é gratuita."},
    {"ne", "परामर्श निःशुल्क छ।"},
    {"tl", "Libre ang konsultasyon."},
};

class CountingSink final : public speech::AudioSink {
public:
    int sample_rate() const override { return 48000; }
    void write(std::span<const int16_t> pcm) override { samples += pcm.size(); }
    void clear() override {}
    void set_volume(float) override {}
    size_t samples = 0;
};

}  // namespace

int main(int argc, char** argv) {
    platform::prepare_process_environment();
    bool say = false, private_device = false, null_sink = false, harden = false;
    std::vector<std::string> langs;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--say") say = true;
        else if (a == "--private") private_device = true;
        else if (a == "--null") null_sink = true;
        else if (a == "--harden") harden = true;
        else if (a == "--help" || a == "-h") {
            std::puts("usage: madoguchi-speech-check [--say [LANG...]] [--private] [--null] [--harden]");
            return 0;
        } else if (!a.empty() && a[0] != '-') langs.push_back(a);
        else {
            std::fprintf(stderr, "madoguchi-speech-check: unknown option %s (see --help)\n", a.c_str());
            return 2;
        }
    }
    if (harden) {
        platform::HardeningOptions h;
        h.executable = {"/usr/bin/open_jtalk"};
        std::fputs(platform::apply_process_hardening(h).text().c_str(), stdout);
    }

    // The jacks, read now.
    const auto jacks = speech::headphone_jacks();
    for (const auto& j : jacks)
        std::printf("jack: card %d (%s) \"%s\": %s\n", j.card, j.card_name.c_str(), j.element.c_str(),
                    j.plugged ? "plugged" : "unplugged");
    const speech::JackState state = speech::combine(jacks);
    std::printf("headphones: %s%s\n", std::string(speech::to_string(state)).c_str(),
                jacks.empty() ? " (no jack control on any card: set [speech] private_device = true only if the "
                                "output cannot be heard by others)"
                              : "");

    if (!say) {
        for (const Sample& s : kSamples) {
            std::string why;
            auto v = speech::make_voice(s.lang, {}, &why);
            std::printf("%-10s %s\n", s.lang, v ? v->name().c_str() : ("none: " + why).c_str());
        }
        speech::OpenJTalkVoice jtalk;
        std::printf("open_jtalk confinement: %s\n", jtalk.confinement().c_str());
        return 0;
    }

    CountingSink counting;
    std::unique_ptr<speech::SdlAudioSink> sdl;
    if (!null_sink) sdl = std::make_unique<speech::SdlAudioSink>();
    speech::AudioSink& sink = null_sink ? static_cast<speech::AudioSink&>(counting) : *sdl;
    speech::SpeakerOptions options;
    options.private_device = private_device;
    speech::Speaker speaker(options, sink);
    speaker.set_headphones(state == speech::JackState::plugged);
    speaker.key_pressed();
    int failures = 0;
    for (const Sample& s : kSamples) {
        if (!langs.empty() && std::find(langs.begin(), langs.end(), s.lang) == langs.end()) continue;
        const size_t before = counting.samples;
        speaker.say(s.text, s.lang);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        while (speaker.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (null_sink) {
            const double seconds = static_cast<double>(counting.samples - before) / 48000;
            std::printf("%-10s %.2f s of audio\n", s.lang, seconds);
            if (seconds < 0.3) ++failures;
        } else {
            std::printf("%-10s said\n", s.lang);
            std::this_thread::sleep_for(std::chrono::seconds(3));  // let it play out
        }
    }
    std::printf("%s\n", speaker.status().c_str());
    if (sdl && !sdl->problem().empty()) std::printf("%s\n", sdl->problem().c_str());
    speaker.reset();
    while (speaker.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return failures == 0 ? 0 : 1;
}
