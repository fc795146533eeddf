// SPDX-License-Identifier: Apache-2.0
// speech_bench.cpp — "speech start": from Speaker::say() to the first audio
// samples at the sink, per voice (issue 20: within 300 ms of a focus change).
//
// What a focus change says is short: the focused item and its position
// (「大阪ダルク、3件目、13件中」). Each language says such a phrase `--runs`
// times (default 20), each say() replacing the one before as a visitor moving
// through a list would cause; the sink records when its first write arrives.
// Also measured: stop() (say → stop → no more samples), and reset()'s
// overwrite of espeak-ng's buffers (the worker's time, not the UI thread's).
//
//   madoguchi-speech-bench [--runs N] [--out FILE.md]
//
// Timings on a shared machine vary: docs/performance.md gives the machine
// and date beside the figures.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_report.hpp"
#include "madoguchi/speech/speaker.hpp"

using namespace madoguchi;
using madoguchi::bench::Clock;

namespace {

class FirstSampleSink final : public speech::AudioSink {
public:
    int sample_rate() const override { return 48000; }
    void write(std::span<const int16_t> pcm) override {
        std::lock_guard lock(m_);
        if (pcm.empty()) return;
        if (!got_) {
            got_ = true;
            at_ = Clock::now();
        }
        // Audible: a sample above -36 dBFS (voices start a phrase with a little silence).
        if (!audible_)
            for (int16_t v : pcm)
                if (v > 512 || v < -512) {
                    audible_ = true;
                    audible_at_ = Clock::now();
                    cv_.notify_all();
                    break;
                }
    }
    void clear() override {}
    void set_volume(float) override {}
    void arm() {
        std::lock_guard lock(m_);
        got_ = audible_ = false;
    }
    // Waits for the first audible sample; `first` is when the first sample of any level came.
    bool wait(Clock::time_point& first, Clock::time_point& audible, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_);
        if (!cv_.wait_for(lock, timeout, [&] { return audible_; })) return false;
        first = at_;
        audible = audible_at_;
        return true;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool got_ = false, audible_ = false;
    Clock::time_point at_{}, audible_at_{};
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 20;
    std::string out_path;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--out") && i + 1 < argc) out_path = argv[++i];
        else {
            std::fprintf(stderr, "usage: madoguchi-speech-bench [--runs N] [--out FILE.md]\n");
            return 2;
        }
    }
    const struct {
        const char* lang;
        const char* voice;
        const char* phrase;
    } phrases[] = {
        {"ja", "Open JTalk", "{大阪|おおさか}ダルク、3{件目|けんめ}、13{件中|けんちゅう}。"},
        {"ja-x-easy", "Open JTalk", "{大阪|おおさか}ダルク、3ばんめ、ぜんぶで 13。"},
        {"en", "espeak-ng en", "Osaka DARC, 3 of 13."},
        {"zh-Hans", "espeak-ng cmn", "大阪达尔克，第3个，共13个。"},
        {"ko", "espeak-ng ko", "오사카 다르크, 13개 중 3번째."},
        {"vi", "espeak-ng vi", "Osaka DARC, mục 3 trên 13."},
        {"pt-BR", "espeak-ng pt-br", "Osaka DARC, 3 de 13."},
        {"ne", "espeak-ng ne", "ओसाका डार्क, १३ मध्ये ३।"},
        {"tl", "espeak-ng id (fallback)", "Osaka DARC, ika-3 sa 13."},
    };

    FirstSampleSink sink;
    speech::SpeakerOptions options;
    options.private_device = true;
    speech::Speaker speaker(options, sink);

    std::ostringstream md;
    md << "## Speech start (madoguchi-speech-bench)\n\n"
       << "Machine: " << bench::cpu_model() << ", " << bench::nproc() << " cores; " << bench::utc_now() << "; "
       << runs << " runs per language.\n\n"
       << "| language | voice | say() returns (median) | first samples (median) | first audible sample: median | p90 | max | target (p90) |\n"
       << "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const auto& p : phrases) {
        std::vector<double> first, audible, call;
        // One warm-up: the first use of a voice starts its engine (espeak-ng
        // loads its data once per process; open_jtalk's files come into the page cache).
        for (int r = 0; r < runs + 1; ++r) {
            while (speaker.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
            sink.arm();
            const auto t0 = Clock::now();
            speaker.say(p.phrase, p.lang);
            const double c = bench::ms_since(t0);
            Clock::time_point at, heard;
            if (!sink.wait(at, heard, std::chrono::seconds(10))) {
                std::fprintf(stderr, "%s: no audio within 10 s (%s)\n", p.lang, speaker.status().c_str());
                return 1;
            }
            speaker.stop();
            if (r == 0) continue;
            call.push_back(c);
            first.push_back(std::chrono::duration<double, std::milli>(at - t0).count());
            audible.push_back(std::chrono::duration<double, std::milli>(heard - t0).count());
        }
        const double p90 = percentile(audible, 0.9);
        md << "| " << p.lang << " | " << p.voice << " | " << bench::ms(percentile(call, 0.5)) << " | "
           << bench::ms(percentile(first, 0.5)) << " | " << bench::ms(percentile(audible, 0.5)) << " | "
           << bench::ms(p90) << " | " << bench::ms(*std::max_element(audible.begin(), audible.end())) << " | "
           << (p90 <= 300 ? "met (300 ms)" : "NOT met (300 ms)") << " |\n";
    }
    // stop(): the UI thread's cost while a long Japanese utterance plays.
    {
        std::vector<double> stops;
        for (int r = 0; r < runs; ++r) {
            while (speaker.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
            sink.arm();
            speaker.say("相談は無料です。名前は言わなくても大丈夫です。相談は無料です。", "ja");
            Clock::time_point at, heard;
            sink.wait(at, heard, std::chrono::seconds(10));
            const auto t0 = Clock::now();
            speaker.stop();
            stops.push_back(bench::ms_since(t0));
        }
        md << "\nstop() while speaking, on the calling thread: median " << bench::ms(percentile(stops, 0.5))
           << ", max " << bench::ms(*std::max_element(stops.begin(), stops.end())) << " (a frame is 16.7 ms).\n";
    }
    // reset(): the worker overwrites espeak-ng's buffers after an espeak-ng session.
    {
        while (speaker.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        sink.arm();
        speaker.say("Osaka DARC, 3 of 13.", "en");
        Clock::time_point at, heard;
        sink.wait(at, heard, std::chrono::seconds(10));
        while (speaker.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        const auto t0 = Clock::now();
        speaker.reset();
        const double call = bench::ms_since(t0);
        while (speaker.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        md << "reset() on the calling thread: " << bench::ms(call) << "; the worker's overwrite of espeak-ng's buffers "
           << "after it: " << bench::ms(bench::ms_since(t0)) << " (off the UI thread).\n";
    }
    std::fputs(md.str().c_str(), stdout);
    if (!out_path.empty()) std::ofstream(out_path) << md.str();
    return 0;
}
