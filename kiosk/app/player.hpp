// SPDX-License-Identifier: Apache-2.0
// player.hpp — the kiosk driven as a finger would, on a virtual clock: the
// frames, taps, drags and waits every script command is made of.
//
// Why a header of its own: play_script (script_player.cpp), the monkey
// (monkey.cpp), the layout walk (layout_walk.cpp) and the frame benchmark
// (frame_bench.cpp) all act through one Player, so a frame is drawn the same
// way whichever of them asks.
#pragma once

#include <SDL.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bundle_loader.hpp"
#include "scroll_hint.hpp"
#include "setup_link.hpp"
#include "speech_link.hpp"
#include "madoguchi/platform/window.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "madoguchi/ui/kiosk_ui_probe.hpp"

namespace madoguchi::app::script {

inline constexpr double kFrame = 1.0 / 60.0;

// What one frame cost (bench-scroll): CPU time of the main thread in the UI
// (laying out the screen), CPU time of the whole process for the whole frame
// (UI, ImGui, and Mesa's llvmpipe threads rasterizing and presenting), and
// wall time.
struct FrameClock {
    double thread_cpu = 0, process_cpu = 0, wall = 0;
    static double clock(clockid_t id) {
        timespec ts{};
        clock_gettime(id, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    }
    static FrameClock now() {
        return {clock(CLOCK_THREAD_CPUTIME_ID), clock(CLOCK_PROCESS_CPUTIME_ID), clock(CLOCK_MONOTONIC)};
    }
};
struct FrameTiming {
    double ui_cpu_ms = 0, frame_cpu_ms = 0, wall_ms = 0;
    double redrawn = 0;  // share of the frame's pixels redrawn (partial redraw)
    static FrameTiming between(const FrameClock& a, const FrameClock& laid_out, const FrameClock& b) {
        return {(laid_out.thread_cpu - a.thread_cpu) * 1e3, (b.process_cpu - a.process_cpu) * 1e3, (b.wall - a.wall) * 1e3, 0};
    }
};

class Player {
public:
    Player(platform::Window& w, ui::KioskUi& u, BundleLoader* loader) : window_(w), ui_(u), loader_(loader) {}
    // Speech as the real loop has it (speech_link.hpp): keys turn it on, each
    // frame's new announcement is said. Null: none.
    void set_speech(SpeechLink* speech) { speech_ = speech; }
    // The setup screens' side (setup_link.hpp), pumped before the loader as in
    // the real loop. Null: none.
    void set_setup(SetupLink* setup) { setup_ = setup; }
    SetupLink* setup() const { return setup_; }

    // Draws one frame at the current virtual time, and more while the UI asks.
    // The loader acts between frames, as in the real loop.
    void frames() {
        for (int i = 0; i < 600; ++i) {
            if (setup_) setup_->pump(ui_);
            if (loader_) loader_->pump(ui_);
            const FrameClock start = timings_ ? FrameClock::now() : FrameClock{};
            FrameClock laid_out;
            const bool more = draw_one(true, timings_ ? &laid_out : nullptr);
            if (timings_) {
                timings_->push_back(FrameTiming::between(start, laid_out, FrameClock::now()));
                const platform::RedrawStats& r = window_.last_redraw();
                timings_->back().redrawn = r.frame_pixels ? static_cast<double>(r.pixels) / static_cast<double>(r.frame_pixels) : 0;
            }
            ++drawn_;
            if (window_.last_redraw().moved_rows != 0) settle_at_ = now_ + platform::Window::kSettleDelay;
            // As the real loop: scrolled pixels are drawn exactly once the list rests.
            if (!more && (!draw_ || window_.settled() || now_ < settle_at_)) break;
            now_ += kFrame;
        }
    }
    // One frame at the current virtual time: laid out, then rendered (unless
    // draw_ is off) and presented if `present` (a screenshot reads the back
    // buffer before). Returns whether the UI wants another frame.
    bool draw_one(bool present, FrameClock* laid_out = nullptr) {
        window_.begin_frame(static_cast<float>(kFrame));
        const bool more = ui_.frame(window_.draw_list(), window_.width(), window_.height(), now_);
        if (ui_.sessions_ended() != sessions_seen_) {  // as the real loop: a session's end wipes the frame hashes
            sessions_seen_ = ui_.sessions_ended();
            window_.invalidate();
        }
        if (laid_out) *laid_out = FrameClock::now();
        if (speech_) speech_->after_frame(ui_);
        window_.set_clear_color(ui_.background_rgb());
        window_.set_scroll_hint(app::scroll_hint(ui_));
        if (draw_) {
            window_.end_frame([&] {
                if (ui_.upload_textures()) window_.note_textures_rewritten();
            });
            if (present) window_.present();  // as the real loop does; without it Mesa queues frames without end
        } else {
            window_.end_frame_without_drawing();  // glyph pages wait for the next drawn frame
        }
        return more;
    }
    void input(const ui::InputEvent& e) {
        ui_.input(e, now_);
        if (speech_ && e.kind == ui::InputEvent::Kind::action) speech_->key_pressed();
        frames();
    }
    // Wall-clock wait for the loader's worker: frames and pump() between
    // sleeps in SDL_WaitEventTimeout (the worker's SDL_USEREVENT wakes it).
    bool wait_until(const std::function<bool()>& done, double seconds) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        for (;;) {
            frames();
            if (done()) return true;
            if (std::chrono::steady_clock::now() >= deadline) return false;
            SDL_Event e;
            if (window_.wait_event(e, 50))
                while (window_.poll_event(e)) {
                }
        }
    }
    // The real loop sleeps until next_wakeup; here time jumps there.
    int wait(double seconds) {
        const double until = now_ + seconds;
        const uint64_t before = drawn_;
        while (true) {
            double wake = ui_.next_wakeup(now_);
            if (draw_ && !window_.settled()) wake = std::min(wake, settle_at_);
            if (wake > until) break;
            now_ = std::max(wake, now_ + kFrame);
            frames();
        }
        now_ = until;
        return static_cast<int>(drawn_ - before);
    }
    void tap(float x, float y) {
        input({ui::InputEvent::Kind::pointer_down, x, y, 0, {}});
        now_ += 0.08;
        input({ui::InputEvent::Kind::pointer_up, x, y, 0, {}});
        now_ += 0.2;
    }
    // rest: seconds the finger stays still before lifting (0 = a flick that glides).
    void drag(float x1, float y1, float x2, float y2, double seconds, double rest = 0) {
        input({ui::InputEvent::Kind::pointer_down, x1, y1, 0, {}});
        const int steps = std::max(2, static_cast<int>(seconds / kFrame));
        for (int i = 1; i <= steps; ++i) {
            now_ += seconds / steps;
            const float t = static_cast<float>(i) / steps;
            input({ui::InputEvent::Kind::pointer_move, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, 0, {}});
        }
        now_ += rest;
        input({ui::InputEvent::Kind::pointer_up, x2, y2, 0, {}});
    }
    // Sets the window size and draws; false if the window did not take it
    // (an X screen too small).
    bool resize(int w, int h) {
        SDL_SetWindowSize(window_.sdl_window(), w, h);
        SDL_Event e;
        while (window_.poll_event(e)) {
        }
        frames();
        return window_.width() == w && window_.height() == h;
    }
    double now_ = 1.0;
    uint64_t drawn_ = 0;
    double settle_at_ = 0;  // when pixels moved by scrolling are drawn exactly (Window::kSettleDelay)
    uint64_t sessions_seen_ = 0;
    std::vector<FrameTiming>* timings_ = nullptr;  // set: every frame's cost is recorded (bench-scroll)
    bool draw_ = true;  // false: lay out frames without rendering them (walk-layout)

private:
    platform::Window& window_;
    ui::KioskUi& ui_;
    ui::KioskUiProbe probe_{ui_};  // what the last frame showed
    BundleLoader* loader_;
    SpeechLink* speech_ = nullptr;
    SetupLink* setup_ = nullptr;
};

// While it lives, frames are laid out, not rendered: the walks check layouts
// and targets, and llvmpipe would spend most of their time filling pixels
// nobody sees. One drawn frame when it ends, so a screenshot after the walk
// shows where it stopped.
struct LayoutOnly {
    Player& p;
    explicit LayoutOnly(Player& player) : p(player) { p.draw_ = false; }
    ~LayoutOnly() {
        p.draw_ = true;
        p.frames();
    }
    LayoutOnly(const LayoutOnly&) = delete;
    LayoutOnly& operator=(const LayoutOnly&) = delete;
};

// The languages the attract screen offers, in its buttons' order.
inline std::vector<std::string> attract_languages(const ui::KioskUiProbe& probe) {
    std::vector<std::string> langs;
    for (const auto& n : probe.target_names())
        if (n.rfind("attract.lang.", 0) == 0) langs.push_back(n.substr(13));
    return langs;
}

}  // namespace madoguchi::app::script
