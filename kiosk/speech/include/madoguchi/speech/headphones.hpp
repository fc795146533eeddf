// SPDX-License-Identifier: Apache-2.0
// headphones.hpp — are headphones plugged in? ALSA's jack controls.
//
// Speech must reach the visitor's ears only (speaker.hpp), so the kiosk needs
// to know when headphones are in. Sound cards whose codec senses the socket
// expose it to user space as an ALSA control element: interface CARD, type
// BOOLEAN, named like "Headphone Jack" or "Front Headphone Jack" (Intel HDA
// codecs from Realtek, Conexant, IDT... all do; `amixer -c0 controls | grep
// Jack` lists them). On when something is plugged in. No root is needed: the
// kiosk's user must be in the group `audio` (or have the seat's ACL) to open
// /dev/snd/controlC*. docs/accessibility.md ("Headphones") covers common
// hardware, USB headsets (a new card, no jack control) and PCs without
// detection ([speech] private_device).
//
// Event-driven, no polling: open() subscribes to each card's control events;
// fds() are descriptors the app's loop can wait on (with SDL, a thread that
// polls them and pushes an SDL user event; or poll them when the loop wakes);
// pump() reads what arrived and returns the new state. A card that appears
// later (a USB sound card) is seen through an inotify watch on /dev/snd, also
// among fds().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::speech {

enum class JackState { unknown, unplugged, plugged };
std::string_view to_string(JackState s);  // "unknown", "unplugged", "plugged"

// True for a jack control that senses headphones: contains "Headphone" (or
// "Headset", but not "Mic") and ends with "Jack". "Line Out Jack", "Mic Jack",
// "HDMI/DP,pcm=3 Jack" are not headphones.
bool is_headphone_jack_name(std::string_view element_name);

struct JackControl {
    int card = -1;
    std::string card_name;  // e.g. "HDA Intel PCH"
    std::string element;    // e.g. "Front Headphone Jack"
    bool plugged = false;
};

// Every headphone jack control on every card, read now.
std::vector<JackControl> headphone_jacks();

// Plugged when any headphone jack says so; unplugged when there are jack
// controls and none does; unknown when no card has one (then only
// [speech] private_device lets speech play).
JackState headphone_state();
JackState combine(const std::vector<JackControl>& jacks);

class HeadphoneWatch {
public:
    HeadphoneWatch();
    ~HeadphoneWatch();
    HeadphoneWatch(const HeadphoneWatch&) = delete;
    HeadphoneWatch& operator=(const HeadphoneWatch&) = delete;
    // Opens every card's control device and the /dev/snd watch; returns the state now.
    JackState open();
    // Descriptors to wait on (readable when something changed).
    std::vector<int> fds() const;
    // Reads pending events (never blocks); re-reads the jacks when a jack
    // changed or a card came or went. Returns the state now.
    JackState pump();
    JackState state() const { return state_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    JackState state_ = JackState::unknown;
};

// HeadphoneWatch on a thread of its own, for an app whose loop waits in SDL
// (SDL_WaitEvent cannot wait on other descriptors): the thread sleeps in
// poll() on the watch's descriptors (no CPU while nothing happens) and calls
// `on_change` with each new state — from that thread: push an SDL user event
// from it, and call Speaker::set_headphones on the UI thread. The first state
// is reported at start.
class HeadphoneMonitor {
public:
    explicit HeadphoneMonitor(std::function<void(JackState)> on_change);
    ~HeadphoneMonitor();  // stops and joins the thread
    HeadphoneMonitor(const HeadphoneMonitor&) = delete;
    HeadphoneMonitor& operator=(const HeadphoneMonitor&) = delete;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi::speech
