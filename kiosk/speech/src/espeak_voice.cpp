// SPDX-License-Identifier: Apache-2.0
// espeak_voice.cpp — espeak-ng in-process for the kiosk's languages other
// than Japanese (see voice.hpp), and make_voice(): which engine speaks what.
//
// espeak-ng keeps one engine per process with global state (voice, rate,
// callback), so every call here holds g_engine; the Speaker's worker is the
// only thread that synthesises. Retrieval mode (AUDIO_OUTPUT_SYNCHRONOUS):
// espeak_Synth returns when the text is spoken, having handed each piece of
// audio to on_synth() — espeak-ng opens no sound device and writes no file.
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include "madoguchi/speech/voice.hpp"

// espeak-ng 1.51 (Debian 12) opens the default sound output at start-up in
// every mode, through pcaudiolib's create_audio_device_object: with PulseAudio
// or PipeWire that connects to the sound server and makes ~/.config/pulse/
// (a write in the kiosk user's home, which Landlock refuses and the privacy
// audit counts). espeak-ng 1.52 opens it only for ENOUTPUT_MODE_SPEAK_AUDIO;
// the kiosk never lets espeak-ng play (retrieval mode). So the executable
// answers that call itself, "no device", as wipe_on_free.cpp answers free():
// the dynamic linker finds a symbol in the executable before the library's
// (the linker exports it because libespeak-ng refers to it). espeak-ng checks
// for a missing device before every use of it.
extern "C" struct audio_object* create_audio_device_object(const char*, const char*, const char*) { return nullptr; }

namespace madoguchi::speech {
namespace {

std::mutex g_engine;          // held for every call into espeak-ng
std::atomic<int> g_rate{0};   // sample rate once started; -1 when it failed to start
const PcmCallback* g_sink = nullptr;  // where on_synth() delivers, during espeak_Synth
std::atomic<bool> g_stop{false};

int on_synth(short* wav, int n, espeak_EVENT*) {
    if (g_stop.load(std::memory_order_relaxed)) return 1;  // abort
    if (wav && n > 0 && g_sink && *g_sink) {
        if (!(*g_sink)(std::span<const int16_t>(wav, static_cast<size_t>(n)))) {
            g_stop = true;
            return 1;
        }
    }
    return 0;
}

// Under g_engine.
bool start_engine() {
    if (g_rate == 0) {
        // 100 ms pieces: the first audio reaches the Speaker soon after the start.
        const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 100, nullptr, espeakINITIALIZE_DONT_EXIT);
        g_rate = rate > 0 ? rate : -1;
        if (g_rate > 0) espeak_SetSynthCallback(on_synth);
    }
    return g_rate > 0;
}

}  // namespace

std::string espeak_voice_for(std::string_view lang) {
    if (lang == "en" || lang.starts_with("en-")) return "en";
    if (lang == "zh-Hans" || lang == "zh" || lang == "zh-CN") return "cmn";
    if (lang == "ko") return "ko";
    if (lang == "vi") return "vi";
    if (lang == "pt-BR") return "pt-br";
    if (lang == "pt") return "pt";
    if (lang == "ne") return "ne";
    if (lang == "tl" || lang == "fil") return kTagalogFallback;
    return "";
}

EspeakVoice::EspeakVoice(std::string espeak_voice) : voice_(std::move(espeak_voice)) {}

int EspeakVoice::sample_rate() const {
    if (const int r = g_rate.load(); r > 0) return r;  // no lock: on_synth's caller may hold it
    std::lock_guard lock(g_engine);
    return start_engine() ? g_rate.load() : 22050;
}

void EspeakVoice::stop() { g_stop = true; }

bool EspeakVoice::synthesize(std::string_view text, const SynthParams& params, const PcmCallback& on_pcm,
                             std::string* error) {
    std::lock_guard lock(g_engine);
    auto fail = [&](std::string why) {
        if (error) *error = std::move(why);
        return false;
    };
    if (!start_engine()) return fail("espeak-ng: could not start (is espeak-ng-data installed?)");
    if (espeak_SetVoiceByName(voice_.c_str()) != EE_OK) return fail("espeak-ng: no voice " + voice_);
    const int wpm = static_cast<int>(std::lround(espeakRATE_NORMAL * std::clamp(params.rate, 0.5f, 2.0f)));
    espeak_SetParameter(espeakRATE, std::clamp(wpm, espeakRATE_MINIMUM, espeakRATE_MAXIMUM), 0);
    const std::string s(text);  // espeak wants the terminating NUL
    g_stop = false;
    g_sink = &on_pcm;
    const espeak_ERROR rc = espeak_Synth(s.c_str(), s.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    g_sink = nullptr;
    const bool stopped = g_stop.exchange(false);
    if (stopped) return fail("stopped");
    if (rc != EE_OK) return fail("espeak-ng: synthesis failed");
    return true;
}

std::unique_ptr<Voice> make_voice(std::string_view lang, const OpenJTalkPaths& jtalk, std::string* why) {
    if (lang == "ja" || lang.starts_with("ja-")) {
        if (std::string problem = open_jtalk_problem(jtalk); !problem.empty()) {
            if (why) *why = std::move(problem);
            return nullptr;
        }
        return std::make_unique<OpenJTalkVoice>(jtalk);
    }
    const std::string v = espeak_voice_for(lang);
    if (v.empty()) {
        if (why) *why = "no voice for language " + std::string(lang);
        return nullptr;
    }
    return std::make_unique<EspeakVoice>(v);
}

}  // namespace madoguchi::speech
