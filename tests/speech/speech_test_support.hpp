// SPDX-License-Identifier: Apache-2.0
// speech_test_support.hpp — a recording AudioSink and audio measures for the speech tests.
#pragma once

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "madoguchi/speech/speaker.hpp"

namespace speech_test {

// Keeps every sample written, and counts writes that came after the last clear().
class RecordingSink final : public madoguchi::speech::AudioSink {
public:
    explicit RecordingSink(int rate = 48000) : rate_(rate) {}
    int sample_rate() const override { return rate_; }
    void write(std::span<const int16_t> pcm) override {
        std::lock_guard lock(m_);
        samples_.insert(samples_.end(), pcm.begin(), pcm.end());
        ++writes_;
        if (first_write_ == std::chrono::steady_clock::time_point{}) first_write_ = std::chrono::steady_clock::now();
        cv_.notify_all();
    }
    void clear() override {
        std::lock_guard lock(m_);
        ++clears_;
        writes_since_clear_at_ = writes_;
    }
    void set_volume(float v) override {
        std::lock_guard lock(m_);
        volume_ = v;
    }

    std::vector<int16_t> samples() const {
        std::lock_guard lock(m_);
        return samples_;
    }
    size_t sample_count() const {
        std::lock_guard lock(m_);
        return samples_.size();
    }
    int writes() const {
        std::lock_guard lock(m_);
        return writes_;
    }
    float volume() const {
        std::lock_guard lock(m_);
        return volume_;
    }
    void forget() {
        std::lock_guard lock(m_);
        samples_.clear();
        first_write_ = {};
    }
    std::chrono::steady_clock::time_point first_write() const {
        std::lock_guard lock(m_);
        return first_write_;
    }
    // Waits until at least `n` samples arrived (or the timeout passed).
    bool wait_for_samples(size_t n, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_);
        return cv_.wait_for(lock, timeout, [&] { return samples_.size() >= n; });
    }

private:
    int rate_;
    mutable std::mutex m_;
    std::condition_variable cv_;
    std::vector<int16_t> samples_;
    int writes_ = 0, clears_ = 0, writes_since_clear_at_ = 0;
    float volume_ = -1;
    std::chrono::steady_clock::time_point first_write_{};
};

inline double rms(const std::vector<int16_t>& s) {
    if (s.empty()) return 0;
    double sum = 0;
    for (int16_t v : s) sum += static_cast<double>(v) * v;
    return std::sqrt(sum / static_cast<double>(s.size()));
}

}  // namespace speech_test
