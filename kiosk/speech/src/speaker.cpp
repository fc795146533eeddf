// SPDX-License-Identifier: Apache-2.0
// speaker.cpp — the Speaker (speaker.hpp): state on the UI thread's side, a
// worker that synthesises, and the one lock that makes stop() exact.
//
// Index
//   - helpers        sentences, resampling, volume curve
//   - Impl           state, the request slot, the worker loop
//   - Speaker        the calls the UI thread makes
//
// Why stop() is exact: every write to the sink happens under out_mu after
// checking that the utterance's generation is still current, and stop()
// raises the generation and clears the sink under the same lock. So once stop()
// returns, a chunk of the old utterance can no longer reach the sink, however
// the worker is scheduled; at most one write (a few ms of audio copied into a
// queue) delays stop(). The voice is also told to stop, so that open_jtalk is
// killed rather than left to finish.
#include "madoguchi/speech/speaker.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "madoguchi/base/quiet_thread.hpp"
#include "madoguchi/base/secure_clear.hpp"

namespace madoguchi::speech {

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

void resample_linear(std::span<const int16_t> in, int from_rate, int to_rate, std::vector<int16_t>& out) {
    out.clear();
    if (in.empty() || from_rate <= 0 || to_rate <= 0) return;
    if (from_rate == to_rate) {
        out.assign(in.begin(), in.end());
        return;
    }
    const size_t n = static_cast<size_t>(static_cast<double>(in.size()) * to_rate / from_rate);
    out.resize(n);
    const double step = static_cast<double>(from_rate) / to_rate;
    for (size_t i = 0; i < n; ++i) {
        const double pos = static_cast<double>(i) * step;
        const size_t k = static_cast<size_t>(pos);
        const double f = pos - static_cast<double>(k);
        const double a = in[std::min(k, in.size() - 1)], b = in[std::min(k + 1, in.size() - 1)];
        out[i] = static_cast<int16_t>(std::lround(a + (b - a) * f));
    }
}

std::vector<std::string> split_sentences(std::string_view text, bool at_commas) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        size_t a = 0, b = cur.size();
        while (a < b && (cur[a] == ' ' || cur[a] == '\n')) ++a;
        while (b > a && (cur[b - 1] == ' ' || cur[b - 1] == '\n')) --b;
        if (b > a) out.emplace_back(cur.substr(a, b - a));
        base::secure_clear(cur);
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            flush();
            continue;
        }
        cur += c;
        const std::string_view rest = text.substr(i + 1);
        if (c == '!' || c == '?' || (c == '.' && (rest.empty() || rest[0] == ' ' || rest[0] == '\n'))) {
            flush();
        } else if (cur.ends_with("。") || cur.ends_with("！") || cur.ends_with("？")) {
            flush();
        } else if (at_commas && cur.ends_with("、") && cur.size() >= 4 * 3 + 3) {
            flush();  // a clause of four characters or more
        }
    }
    flush();
    return out;
}

namespace {

constexpr int kMaxVolume = 10;

// Loudness is heard roughly logarithmically: each step about 4 dB, 0 silent.
float gain_for(int volume) {
    if (volume <= 0) return 0.0f;
    return static_cast<float>(std::pow(10.0, -0.2 * (kMaxVolume - volume)));
}

// Which voice a language uses (ja and ja-x-easy share Open JTalk).
std::string voice_key(std::string_view lang) { return is_japanese(lang) ? "ja" : std::string(lang); }

// Said through espeak-ng after a session's last utterance, so that its internal
// buffers (it keeps the last clause's text and phonemes in static arrays that
// are never freed) hold this rather than what the visitor heard.
constexpr const char* kEspeakScrubText =
    "la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la "
    "la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la "
    "la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la "
    "la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la";

}  // namespace

// ---------------------------------------------------------------------------
// Impl
// ---------------------------------------------------------------------------

struct Speaker::Impl {
    SpeakerOptions options;
    AudioSink& sink;

    mutable std::mutex m;  // everything below up to out_mu
    std::condition_variable cv;
    bool quit = false;
    bool headphones = false;
    bool mode = false;        // speech mode (active())
    int volume = 6;
    bool slower = false;
    std::string last_text, last_lang;
    std::map<std::string, std::string, std::less<>> url_words;
    // The request slot: the newest say() wins.
    bool pending = false;
    std::string req_text, req_lang;
    uint64_t req_generation = 0;
    bool scrub_espeak = false;     // reset() asks the worker to overwrite espeak-ng's buffers
    bool espeak_used = false;      // since the last scrub
    Voice* speaking = nullptr;     // the voice synthesising now (worker-owned), for stop()
    bool working = false;
    std::string last_error;        // for status(); engines and files only

    std::mutex out_mu;                    // sink writes vs. stop()
    std::atomic<uint64_t> generation{0};  // raised by stop(); written under out_mu

    std::map<std::string, std::unique_ptr<Voice>> voices;  // worker only
    std::thread worker;

    Impl(SpeakerOptions o, AudioSink& s) : options(std::move(o)), sink(s) {
        options.volume = std::clamp(options.volume, 0, kMaxVolume);
        options.rate = std::clamp(options.rate, 0.5f, 2.0f);
        volume = options.volume;
        sink.set_volume(gain_for(volume));
    }

    bool allowed_locked() const { return options.enabled && (headphones || options.private_device); }

    // Under m. Raises the generation and silences the sink: see the file comment.
    void silence_locked() {
        pending = false;
        base::secure_clear(req_text);
        if (speaking) speaking->stop();
        std::lock_guard out(out_mu);
        generation.fetch_add(1);
        sink.clear();
    }

    Voice* voice_for(const std::string& lang, std::string* why) {
        const std::string key = voice_key(lang);
        auto it = voices.find(key);
        if (it == voices.end()) it = voices.emplace(key, make_voice(lang, options.jtalk, why)).first;
        return it->second.get();
    }

    void speak(std::string text, const std::string& lang, uint64_t gen, bool slow) {
        ReadingOptions ro;
        {
            std::lock_guard lock(m);
            if (auto w = url_words.find(lang); w != url_words.end()) ro.url_word = w->second;
        }
        std::string reading = reading_for_voice(text, lang, ro);
        base::secure_clear(text);
        // Open JTalk synthesises a whole utterance before the first sample, so
        // Japanese goes clause by clause: the first clause is heard sooner.
        std::vector<std::string> sentences = split_sentences(reading, is_japanese(lang));
        base::secure_clear(reading);
        std::string why;
        Voice* voice = voice_for(lang, &why);
        if (!voice) {
            std::lock_guard lock(m);
            last_error = why;
        }
        const int to_rate = sink.sample_rate();
        SynthParams params;
        params.rate = options.rate * (slow ? options.slower_factor : 1.0f);
        std::vector<int16_t> converted;
        for (auto& sentence : sentences) {
            if (!voice || generation.load() != gen) break;
            {
                std::lock_guard lock(m);
                if (generation.load() != gen) break;
                speaking = voice;
                if (!is_japanese(lang)) espeak_used = true;
            }
            const int from_rate = voice->sample_rate();
            PcmCallback deliver = [&](std::span<const int16_t> pcm) {
                // (not voice->sample_rate() here: espeak-ng calls this under its engine lock)
                resample_linear(pcm, from_rate, to_rate, converted);
                std::lock_guard out(out_mu);
                if (generation.load() != gen) return false;
                sink.write(converted);
                return true;
            };
            std::string error;
            const bool ok = voice->synthesize(sentence, params, deliver, &error);
            {
                std::lock_guard lock(m);
                speaking = nullptr;
                if (!ok && error != "stopped") last_error = error;
            }
        }
        base::secure_clear(converted);
        for (auto& s : sentences) base::secure_clear(s);
    }

    void scrub() {
        for (auto& [key, voice] : voices) {
            if (key == "ja" || !voice) continue;
            PcmCallback discard = [](std::span<const int16_t>) { return true; };
            voice->synthesize(kEspeakScrubText, {}, discard);
            break;  // one engine for every espeak-ng voice
        }
    }

    void run() {
        std::unique_lock lock(m);
        while (true) {
            cv.wait(lock, [&] { return quit || pending || scrub_espeak; });
            if (quit) return;
            if (pending) {
                pending = false;
                std::string text = std::move(req_text);
                req_text = std::string();
                const std::string lang = req_lang;
                const uint64_t gen = req_generation;
                const bool slow = slower;
                working = true;
                lock.unlock();
                speak(std::move(text), lang, gen, slow);
                lock.lock();
                working = false;
                continue;
            }
            if (scrub_espeak) {
                scrub_espeak = false;
                const bool used = espeak_used;
                espeak_used = false;
                if (!used) continue;
                working = true;
                lock.unlock();
                scrub();
                lock.lock();
                working = false;
            }
        }
    }
};

// ---------------------------------------------------------------------------
// Speaker
// ---------------------------------------------------------------------------

Speaker::Speaker(SpeakerOptions options, AudioSink& sink) : impl_(new Impl(std::move(options), sink)) {
    impl_->worker = base::start_quiet_thread([this] { impl_->run(); });
}

Speaker::~Speaker() {
    {
        std::lock_guard lock(impl_->m);
        impl_->silence_locked();
        impl_->quit = true;
    }
    impl_->cv.notify_all();
    impl_->worker.join();
    base::secure_clear(impl_->last_text);
}

void Speaker::say(std::string_view text, std::string_view lang) {
    Impl& s = *impl_;
    std::lock_guard lock(s.m);
    s.silence_locked();
    if (!s.allowed_locked()) return;  // status() says why
    base::secure_clear(s.last_text);
    s.last_text.assign(text);
    s.last_lang.assign(lang);
    s.req_text.assign(text);
    s.req_lang.assign(lang);
    s.req_generation = s.generation.load();
    s.pending = true;
    s.cv.notify_all();
}

void Speaker::stop() {
    std::lock_guard lock(impl_->m);
    impl_->silence_locked();
}

void Speaker::repeat() {
    std::string text, lang;
    {
        std::lock_guard lock(impl_->m);
        if (impl_->last_text.empty()) return;
        text = impl_->last_text;
        lang = impl_->last_lang;
    }
    say(text, lang);
    base::secure_clear(text);
}

void Speaker::volume_step(int steps) {
    std::lock_guard lock(impl_->m);
    impl_->volume = std::clamp(impl_->volume + steps, 0, kMaxVolume);
    impl_->sink.set_volume(gain_for(impl_->volume));
}

void Speaker::slower(bool on) {
    std::lock_guard lock(impl_->m);
    impl_->slower = on;
}

void Speaker::reset() {
    Impl& s = *impl_;
    std::lock_guard lock(s.m);
    s.silence_locked();
    base::secure_clear(s.last_text);
    base::secure_clear(s.last_lang);
    s.volume = s.options.volume;
    s.sink.set_volume(gain_for(s.volume));
    s.slower = false;
    s.mode = s.options.enabled && s.headphones;
    {
        std::lock_guard out(s.out_mu);
        s.sink.release();
    }
    s.scrub_espeak = true;
    s.cv.notify_all();
}

bool Speaker::active() const {
    std::lock_guard lock(impl_->m);
    return impl_->mode;
}

void Speaker::set_headphones(bool plugged) {
    Impl& s = *impl_;
    std::lock_guard lock(s.m);
    if (plugged == s.headphones) return;
    s.headphones = plugged;
    if (plugged) {
        s.mode = s.options.enabled;
    } else if (!s.options.private_device) {
        // The sound would move to the loudspeaker: silence first, then mode off.
        s.silence_locked();
        s.mode = false;
        std::lock_guard out(s.out_mu);
        s.sink.release();
    }
}

void Speaker::key_pressed() {
    std::lock_guard lock(impl_->m);
    if (impl_->allowed_locked()) impl_->mode = true;
}

void Speaker::set_url_word(std::string_view lang, std::string_view word) {
    std::lock_guard lock(impl_->m);
    impl_->url_words[std::string(lang)] = std::string(word);
}

std::string Speaker::status() const {
    const Impl& s = *impl_;
    std::lock_guard lock(s.m);
    std::string out;
    if (!s.options.enabled) out = "speech: off in the config ([speech] enabled = false)";
    else if (s.options.private_device) out = std::string("speech: private device (config), ") + (s.mode ? "on" : "waiting for a key");
    else if (s.headphones) out = std::string("speech: headphones plugged in, ") + (s.mode ? "on" : "off");
    else out = "speech: silent, no headphones detected (set [speech] private_device = true for a handset)";
    if (!s.last_error.empty()) out += "; last problem: " + s.last_error;
    return out;
}

int Speaker::volume() const {
    std::lock_guard lock(impl_->m);
    return impl_->volume;
}

bool Speaker::is_slower() const {
    std::lock_guard lock(impl_->m);
    return impl_->slower;
}

bool Speaker::busy() const {
    std::lock_guard lock(impl_->m);
    return impl_->pending || impl_->working || impl_->scrub_espeak;
}

bool Speaker::output_allowed() const {
    std::lock_guard lock(impl_->m);
    return impl_->allowed_locked();
}

}  // namespace madoguchi::speech
