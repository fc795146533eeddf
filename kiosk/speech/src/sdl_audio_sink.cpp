// SPDX-License-Identifier: Apache-2.0
// sdl_audio_sink.cpp — see sdl_audio_sink.hpp.
#include "madoguchi/speech/sdl_audio_sink.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#include "madoguchi/base/secure_clear.hpp"

namespace madoguchi::speech {

struct SdlAudioSink::Impl {
    int rate;
    SDL_AudioDeviceID device = 0;
    std::string problem;
    mutable std::mutex m;          // queue, read_pos, gain
    std::vector<int16_t> queue;    // samples still to play, from read_pos
    size_t read_pos = 0;
    float gain = 0.5f;
    bool paused = true;

    static void callback(void* self, Uint8* stream, int len) {
        auto* s = static_cast<Impl*>(self);
        auto* out = reinterpret_cast<int16_t*>(stream);
        const size_t want = static_cast<size_t>(len) / 2;
        std::lock_guard lock(s->m);
        const size_t have = s->queue.size() - s->read_pos;
        const size_t n = std::min(want, have);
        for (size_t i = 0; i < n; ++i) {
            int16_t& v = s->queue[s->read_pos + i];
            out[i] = static_cast<int16_t>(std::clamp(static_cast<int>(static_cast<float>(v) * s->gain), -32768, 32767));
            v = 0;  // played: not kept
        }
        std::memset(out + n, 0, (want - n) * 2);
        s->read_pos += n;
        if (s->read_pos == s->queue.size()) {
            s->queue.clear();
            s->read_pos = 0;
        }
    }

    void open_device() {
        if (device != 0 || !problem.empty()) return;
        // The sound card itself (ALSA), not a sound server: PulseAudio's client
        // shares every sample with its daemon through shared memory and makes
        // ~/.config/pulse, which the privacy audit caught (and Landlock
        // refused). A kiosk image has no desktop sound server; headphone
        // detection is ALSA's too. SDL_AUDIODRIVER in the environment wins
        // (a default-priority hint), for a PC that must go through one.
        SDL_SetHintWithPriority("SDL_AUDIODRIVER", "alsa", SDL_HINT_DEFAULT);
        if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            problem = std::string("SDL audio: ") + SDL_GetError();
            return;
        }
        SDL_AudioSpec want{}, have{};
        want.freq = rate;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = 512;
        want.callback = &Impl::callback;
        want.userdata = this;
        device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
        if (device == 0) problem = std::string("SDL audio: ") + SDL_GetError();
    }
};

SdlAudioSink::SdlAudioSink(int sample_rate) : impl_(new Impl) { impl_->rate = sample_rate; }

SdlAudioSink::~SdlAudioSink() {
    if (impl_->device) SDL_CloseAudioDevice(impl_->device);
    base::secure_clear(impl_->queue);
}

int SdlAudioSink::sample_rate() const { return impl_->rate; }

void SdlAudioSink::write(std::span<const int16_t> pcm) {
    impl_->open_device();
    if (!impl_->device) return;
    {
        std::lock_guard lock(impl_->m);
        impl_->queue.insert(impl_->queue.end(), pcm.begin(), pcm.end());
    }
    if (impl_->paused) {
        SDL_PauseAudioDevice(impl_->device, 0);
        impl_->paused = false;
    }
}

void SdlAudioSink::clear() {
    if (impl_->device && !impl_->paused) {
        SDL_PauseAudioDevice(impl_->device, 1);  // returns once the callback is not running
        impl_->paused = true;
    }
    std::lock_guard lock(impl_->m);
    base::secure_clear(impl_->queue);
    impl_->read_pos = 0;
}

void SdlAudioSink::set_volume(float v) {
    std::lock_guard lock(impl_->m);
    impl_->gain = std::clamp(v, 0.0f, 1.0f);
}

void SdlAudioSink::release() {
    if (impl_->device) {
        SDL_CloseAudioDevice(impl_->device);
        impl_->device = 0;
        impl_->paused = true;
    }
    std::lock_guard lock(impl_->m);
    base::secure_clear(impl_->queue);
    impl_->read_pos = 0;
}

bool SdlAudioSink::device_open() const { return impl_->device != 0; }

size_t SdlAudioSink::queued_samples() const {
    std::lock_guard lock(impl_->m);
    return impl_->queue.size() - impl_->read_pos;
}

std::string SdlAudioSink::problem() const { return impl_->problem; }

}  // namespace madoguchi::speech
