// SPDX-License-Identifier: Apache-2.0
// voice.hpp — a speech synthesiser for one language: text in, PCM out, no files.
//
// Two engines, both from Debian:
//   - OpenJTalkVoice (ja, ja-x-easy): /usr/bin/open_jtalk started per utterance
//     with posix_spawn. The text goes in on a pipe (its stdin), the WAV comes
//     back on a pipe (`-ow /dev/stdout`) and, when asked, the text-analysis
//     trace on a third one (`-ot /dev/fd/3`). Nothing is ever written to a file.
//     stop() kills the child at once (SIGKILL); the kernel frees its memory.
//     Why a process rather than the library: Debian ships Open JTalk as a
//     program only (no libopenjtalk-dev), and a child that only reads its
//     dictionary and writes to pipes is easy to confine (docs/privacy.md).
//   - EspeakVoice (en, zh-Hans, ko, vi, pt-BR, ne; tl by fallback): libespeak-ng
//     in-process, in retrieval mode (AUDIO_OUTPUT_SYNCHRONOUS): the synth
//     callback hands us the samples; espeak-ng never opens a sound device.
//     espeak-ng is one global engine: every EspeakVoice shares it, and only
//     one thread (the Speaker's worker) may synthesise.
//
// A Voice is used from one thread (synthesize) plus stop() from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi::platform {
class ChildConfinement;
}

namespace madoguchi::speech {

// Called with each piece of PCM (16-bit signed, mono, sample_rate()) as soon as
// it exists. Returning false stops the synthesis (nothing more is delivered).
using PcmCallback = std::function<bool(std::span<const int16_t>)>;

struct SynthParams {
    float rate = 1.0f;  // speaking speed, 1 = the voice's normal; 0.5..2
};

class Voice {
public:
    virtual ~Voice() = default;
    // Speaks `text` (already a reading: reading.hpp), delivering PCM as it goes.
    // Returns false when the engine failed or was stopped; `error` then says
    // why, in words for the staff (never the text).
    virtual bool synthesize(std::string_view text, const SynthParams& params, const PcmCallback& on_pcm,
                            std::string* error = nullptr) = 0;
    // From any thread: the synthesis under way ends as soon as possible and
    // delivers nothing more.
    virtual void stop() = 0;
    virtual int sample_rate() const = 0;
    // e.g. "open_jtalk (nitech_jp_atr503_m001)", "espeak-ng en" — for the staff.
    virtual std::string name() const = 0;
};

// --- Open JTalk -------------------------------------------------------------

struct OpenJTalkPaths {
    // The Debian locations (open-jtalk, open-jtalk-mecab-naist-jdic,
    // hts-voice-nitech-jp-atr503-m001 from contrib) when empty.
    std::string program;     // /usr/bin/open_jtalk
    std::string dictionary;  // /var/lib/mecab/dic/open-jtalk/naist-jdic
    std::string voice;       // /usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice
};
OpenJTalkPaths default_open_jtalk_paths();
OpenJTalkPaths with_defaults(OpenJTalkPaths p);  // empty members → the defaults

// "" when program, dictionary and voice are all there and readable; else what
// is missing, for the staff (e.g. "voice file … not found: install hts-voice-…").
std::string open_jtalk_problem(const OpenJTalkPaths& paths);

class OpenJTalkVoice final : public Voice {
public:
    explicit OpenJTalkVoice(OpenJTalkPaths paths = {});
    ~OpenJTalkVoice() override;
    bool synthesize(std::string_view text, const SynthParams& params, const PcmCallback& on_pcm,
                    std::string* error = nullptr) override;
    void stop() override;
    int sample_rate() const override { return rate_; }
    std::string name() const override;

    // For tests and tools: Open JTalk's text analysis of `text` — one line per
    // word as open_jtalk prints it ("相談,名詞,…,ソウダン,ソーダン,…"), with the
    // audio discarded. Empty on failure.
    std::string analyse(std::string_view text, std::string* error = nullptr);

    // How each open_jtalk is confined (platform/child_confinement.hpp), for the staff.
    std::string confinement() const;

    // Keep the next open_jtalk started and waiting (on by default): open_jtalk
    // loads its dictionary and voice (about 80 ms) before it reads its text, so
    // a waiting child starts speaking that much sooner. It uses no CPU while it
    // waits and has seen no text. Off: each utterance starts its own.
    void set_keep_warm(bool on) {
        keep_warm_ = on;
        if (!on) drop_warm();
    }

private:
    struct Spawned;
    std::unique_ptr<Spawned> spawn(const std::string& rate, bool trace, std::string* error);
    void drop_warm();
    bool run(std::string_view text, const SynthParams& params, const PcmCallback* on_pcm, std::string* trace,
             std::string* error);
    OpenJTalkPaths paths_;
    std::unique_ptr<platform::ChildConfinement> confinement_;
    int rate_ = 48000;
    struct Child;
    std::unique_ptr<Child> child_;
    bool keep_warm_ = true;
    std::unique_ptr<Spawned> warm_;  // used by the synthesising thread only
};

// The pieces of a WAV file we need (RIFF/WAVE, PCM 16-bit mono), read from
// bytes as they arrive on the pipe. Exposed for its own tests.
struct WavHeader {
    int sample_rate = 0;
    int channels = 0;
    int bits = 0;
    size_t data_offset = 0;  // where the samples start in the stream
};
// nullopt-like: returns false while `bytes` does not yet hold the whole header,
// or when it is not a WAV we can play (then *bad is set true).
bool parse_wav_header(std::span<const unsigned char> bytes, WavHeader& out, bool* bad);

// --- espeak-ng --------------------------------------------------------------

// The espeak-ng voice name for a kiosk language tag: "en" → "en",
// "zh-Hans" → "cmn", "ko" → "ko", "vi" → "vi", "pt-BR" → "pt-br", "ne" → "ne". "tl" has no espeak-ng voice: kTagalogFallback is used
// (docs/accessibility.md, "Voices"). "" for a language with neither.
std::string espeak_voice_for(std::string_view lang);

// espeak-ng 1.51 has no Tagalog (Filipino) voice. Tagalog is written as it is
// said, in Latin letters, with the five vowels and ng of the Austronesian
// languages; the Indonesian voice ("id") reads that spelling far more nearly
// than English does. Visitors reading the Tagalog screens hear Tagalog words
// with an Indonesian accent.
inline constexpr const char* kTagalogFallback = "id";

class EspeakVoice final : public Voice {
public:
    // `espeak_voice` as from espeak_voice_for. The engine is started on first use.
    explicit EspeakVoice(std::string espeak_voice);
    bool synthesize(std::string_view text, const SynthParams& params, const PcmCallback& on_pcm,
                    std::string* error = nullptr) override;
    void stop() override;
    int sample_rate() const override;
    std::string name() const override { return "espeak-ng " + voice_; }

private:
    std::string voice_;
};

// The voice for a kiosk language: Open JTalk for Japanese, espeak-ng for the
// rest; nullptr when there is none (then *why says why, for the staff).
std::unique_ptr<Voice> make_voice(std::string_view lang, const OpenJTalkPaths& jtalk, std::string* why = nullptr);

}  // namespace madoguchi::speech
