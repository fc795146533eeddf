// SPDX-License-Identifier: Apache-2.0
// sdl_audio_sink.hpp — the Speaker's audio to the SDL2 audio device.
//
// SDL pulls samples in its audio thread (the callback); we keep our own queue
// rather than SDL_QueueAudio so that volume applies to what is already
// queued and clear() is immediate: the callback plays silence from its next
// call, and the device's buffer is small (256 frames, about 5 ms at 48 kHz),
// well inside one 16.7 ms frame. The device is opened on first use and paused
// while there is nothing to play, so an idle kiosk wakes no audio thread work.
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
    // "" when the device opened; else SDL's reason, for the staff.
    std::string problem() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::speech
