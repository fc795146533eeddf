// SPDX-License-Identifier: Apache-2.0
// speech_link.cpp — see speech_link.hpp.
#include "speech_link.hpp"

#include "speech_rules.hpp"

#include "madoguchi/speech/headphones.hpp"
#include "madoguchi/speech/reading.hpp"
#include "madoguchi/speech/sdl_audio_sink.hpp"

namespace madoguchi::app {

namespace {
constexpr int kJackUnknown = 0, kJackUnplugged = 1, kJackPlugged = 2;
}

struct SpeechLink::Impl {
    // Declared in this order so that they go in the reverse one: the monitor's
    // thread first (it calls wake), then the Speaker's worker (it writes to the
    // sink), then the sink.
    speech::SdlAudioSink sink;
    speech::Speaker speaker;
    SpeechRules rules{speaker};
    std::atomic<int> jack{kJackUnknown};  // written by the monitor's thread
    int jack_applied = kJackUnknown;
    std::unique_ptr<speech::HeadphoneMonitor> monitor;

    explicit Impl(const speech::SpeakerOptions& o) : speaker(o, sink) {}
};

SpeechLink::SpeechLink(const speech::SpeakerOptions& options, const core::UiStrings& strings, std::function<void()> wake)
    : impl_(std::make_unique<Impl>(options)) {
    for (const std::string& lang : strings.languages()) impl_->speaker.set_url_word(lang, strings.get(lang, speech::kUrlWordKey));
    // Jack detection only matters when speech may be heard at all, and not on
    // a private device (which speaks without it).
    if (options.enabled && !options.private_device) {
        Impl* m = impl_.get();
        m->monitor = std::make_unique<speech::HeadphoneMonitor>([m, wake = std::move(wake)](speech::JackState s) {
            m->jack.store(s == speech::JackState::plugged ? kJackPlugged : s == speech::JackState::unplugged ? kJackUnplugged : kJackUnknown);
            if (wake) wake();
        });
    }
}

SpeechLink::~SpeechLink() = default;

void SpeechLink::key_pressed() { impl_->rules.key_pressed(); }

void SpeechLink::after_input(ui::KioskUi& kiosk) {
    Impl& m = *impl_;
    const int jack = m.jack.load();
    if (jack != m.jack_applied) {
        m.jack_applied = jack;
        m.rules.jack(jack == kJackPlugged ? speech::JackState::plugged : jack == kJackUnplugged ? speech::JackState::unplugged
                                                                                                 : speech::JackState::unknown);
    }
    m.rules.sessions(kiosk.sessions_ended(), kiosk.announcement().serial);
    m.rules.commands(kiosk.take_speech_commands());
}

void SpeechLink::after_frame(ui::KioskUi& kiosk) {
    after_input(kiosk);  // a wipe made by the frame itself (とじる is acted on there, the idle wipe too)
    const ui::Announcement& a = kiosk.announcement();
    impl_->rules.announce(a.text, a.lang, a.serial);
}

std::string SpeechLink::status() const { return impl_->speaker.status(); }

}  // namespace madoguchi::app
