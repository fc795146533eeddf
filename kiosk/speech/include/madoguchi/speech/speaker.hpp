// SPDX-License-Identifier: Apache-2.0
// speaker.hpp — the kiosk's speech: what the UI thread calls, privately, to headphones.
//
// The UI thread says what to speak (say), and the keypad's volume, repeat,
// slower and stop keys act on it. A worker thread turns the text into a
// reading (reading.hpp), synthesises it sentence by sentence with the voice of
// its language (voice.hpp) and hands the audio to an AudioSink: the SDL audio
// device in the kiosk (sdl_audio_sink.hpp), a recording sink in the tests. The
// UI thread never waits for a voice: say() and stop() only post and cancel.
//
// Only to headphones. Speech is heard only when the jack says headphones are
// plugged in (set_headphones, from headphones.hpp) or the config says the
// device is private ([speech] private_device: a handset, or a PC whose only
// output is the headphone socket). Otherwise say() is silent and status() says
// so for the staff. Unplugging stops speech at once: on most PCs the sound
// moves to the loudspeaker when the plug comes out.
//
// Speech mode (active()): on when headphones are plugged in, or when a keypad
// key is pressed while output is allowed; the lead's code speaks screens only
// while it is on. reset() (the session wipe, とじる) stops, forgets the last text
// and its audio, puts volume and rate back to the config's, and leaves speech
// mode on only while headphones are still plugged in.
//
// Memory: the last text (kept for repeat) and every audio buffer are freed
// when replaced and on reset(); in the kiosk every freed block is zeroed by
// platform's wipe_on_free, so no text or sample stays in freed memory. The
// Speaker also zeroes its own copies before freeing them (base::secure_clear),
// which the tests can see without the interposed allocator.
//
// Nothing here logs or prints what is said; status() and the voices' errors
// name engines and files only.
//
// Wiring it into the app (kiosk/app/madoguchi_main.cpp):
//   1. after apply_process_hardening (plan.hardening lists /usr/bin/open_jtalk
//      when speech is on), make an SdlAudioSink and Speaker(plan.speech, sink):
//      the worker thread and every open_jtalk are then bound by Landlock;
//   2. set_url_word(lang, strings.get(lang, kUrlWordKey)) for each language;
//   3. a HeadphoneMonitor (headphones.hpp) whose callback pushes an SDL user
//      event; on that event, set_headphones(state == JackState::plugged);
//   4. every keypad key: key_pressed(); then, while active(), say() the text of
//      the screen or the focused item (keys20), and the keypad's volume, repeat,
//      slower and stop keys call volume_step, repeat, slower, stop;
//   5. the session wipe (とじる, idle) calls reset(); status() goes on the admin
//      screen and, once at start, to stderr.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "madoguchi/speech/reading.hpp"
#include "madoguchi/speech/voice.hpp"

namespace madoguchi::speech {

// Where the audio goes. Called from the Speaker's worker (write) and from the
// UI thread (clear, set_volume): implementations lock as they need.
class AudioSink {
public:
    virtual ~AudioSink() = default;
    // The rate write() expects; the Speaker converts to it.
    virtual int sample_rate() const = 0;
    // Appends 16-bit mono samples to what is playing. Must not block for long.
    virtual void write(std::span<const int16_t> pcm) = 0;
    // Silence now: what is queued is dropped (and zeroed), nothing more plays
    // until the next write().
    virtual void clear() = 0;
    // 0..1, applied to what plays from now on, including what is queued.
    virtual void set_volume(float v) = 0;
    // Speech is over for now (the session ended, the headphones came out): the
    // device may be closed, so that an idle kiosk runs no audio thread. The
    // next write() opens it again. Called with clear() done.
    virtual void release() {}
};

struct SpeakerOptions {
    bool enabled = true;          // [speech] enabled: false → never a sound
    bool private_device = false;  // [speech] private_device: speak without headphone detection
    int volume = 6;               // [speech] volume, 0..10 (steps of volume_step)
    float rate = 1.0f;            // [speech] rate, 0.5..2 (1 = the voice's normal)
    float slower_factor = 0.75f;  // the rate while "slower" is on
    OpenJTalkPaths jtalk;         // [speech] jtalk_dictionary, jtalk_voice
    ReadingOptions reading;       // url_word per language is set through set_url_word
};

class Speaker {
public:
    Speaker(SpeakerOptions options, AudioSink& sink);
    ~Speaker();  // stops and joins the worker
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    // Speaks `text` (screen text with ruby markup) in `lang`, replacing
    // whatever is playing. Silent when output is not allowed (see above).
    void say(std::string_view text, std::string_view lang);
    // Silence within one frame: when it returns, no further sample reaches the sink.
    void stop();
    // The last text again (nothing when there is none or after reset()).
    void repeat();
    // +1 / -1 steps of volume, clamped to 0..10. Applies to what is playing.
    void volume_step(int steps);
    // Slower speech on or off (from the next sentence).
    void slower(bool on);
    // Session wipe / とじる: stop, forget text and audio, config defaults.
    void reset();
    // Speech mode.
    bool active() const;
    // From jack detection (headphones.hpp): plugged in turns speech mode on;
    // pulled out stops speech at once (unless the device is private).
    void set_headphones(bool plugged);
    // A keypad key: turns speech mode on when output is allowed.
    void key_pressed();
    // The word said instead of a URL in `lang` (from assets/strings, key kUrlWordKey).
    void set_url_word(std::string_view lang, std::string_view word);

    // For the staff (admin screen, stderr at start): e.g. "speech: on, headphones
    // plugged in", "speech: silent — no headphones detected". Never what is said.
    std::string status() const;
    int volume() const;     // 0..10
    bool is_slower() const;
    // True while the worker is synthesising or has audio to hand on.
    bool busy() const;
    // Whether sound may play now (headphones plugged in or private device, and enabled).
    bool output_allowed() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Linear resampling of 16-bit mono PCM (speech only needs this much). For the
// Speaker and its tests.
void resample_linear(std::span<const int16_t> in, int from_rate, int to_rate, std::vector<int16_t>& out);

// Splits text into the pieces spoken one after another: sentences (at 。！？!?
// and line ends; a "." only before a space or the end, so 0.5 and example.org
// stay whole) and, with at_commas, clauses of four characters or more at 、.
std::vector<std::string> split_sentences(std::string_view text, bool at_commas = false);

}  // namespace madoguchi::speech
