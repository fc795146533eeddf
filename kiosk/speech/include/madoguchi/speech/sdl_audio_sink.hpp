// SPDX-License-Identifier: Apache-2.0
// sdl_audio_sink.hpp — the Speaker's audio to the SDL2 audio device.
//
// SDL pulls samples in its audio thread (the callback); we keep our own queue
// rather than SDL_QueueAudio so that volume applies to what is already
// queued and clear() is immediate: the device is paused (SDL returns once the
// callback is not running) and the queue dropped; what the device already
// holds is small (512 frames, about 11 ms at 48 kHz), inside one 16.7 ms frame.
// The device is opened on the first write() and closed by release() (the
// Speaker's reset() and unplugging): SDL2 keeps a paused device's thread
// waking every buffer, so an idle kiosk must not keep a device open.
// Samples dropped or played are zeroed in the queue (no speech stays in memory).
#pragma once

#include <memory>

#include "madoguchi/speech/speaker.hpp"

namespace madoguchi::speech {

class SdlAudioSink final : public AudioSink {
public:
    // Needs SDL_INIT_AUDIO (it initialises the audio subsystem itself when not).
    explicit SdlAudioSink(int sample_rate = 48000);
    ~SdlAudioSink() override;
    int sample_rate() const override;
    void write(std::span<const int16_t> pcm) override;
    void clear() override;
    void set_volume(float v) override;
    void release() override;  // closes the device (SDL joins its thread)
    bool device_open() const;
    size_t queued_samples() const;  // not played yet
    // "" when the device opened; else SDL's reason, for the staff.
    std::string problem() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::speech
