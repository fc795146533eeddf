// script_player.cpp — see script_player.hpp.
#include "script_player.hpp"

#include <SDL.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "madoguchi/platform/window.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"

namespace madoguchi::app {
namespace {

constexpr double kFrame = 1.0 / 60.0;

class Player {
public:
    Player(platform::Window& w, ui::KioskUi& u) : window_(w), ui_(u) {}

    // Draws one frame at the current virtual time, and more while the UI asks.
    void frames() {
        for (int i = 0; i < 600; ++i) {
            window_.begin_frame(static_cast<float>(kFrame));
            const bool more = ui_.frame(window_.draw_list(), window_.width(), window_.height(), now_);
            window_.set_clear_color(ui_.background_rgb());
            window_.end_frame([&] { ui_.upload_textures(); });
            window_.present();  // as the real loop does; without it Mesa queues frames without end
            ++drawn_;
            if (!more) break;
            now_ += kFrame;
        }
    }
    void input(const ui::InputEvent& e) {
        ui_.input(e, now_);
        frames();
    }
    // The real loop sleeps until next_wakeup; here time jumps there.
    int wait(double seconds) {
        const double until = now_ + seconds;
        const uint64_t before = drawn_;
        while (true) {
            const double wake = ui_.next_wakeup(now_);
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
    double now_ = 1.0;
    uint64_t drawn_ = 0;

private:
    platform::Window& window_;
    ui::KioskUi& ui_;
};

}  // namespace

ScriptResult play_script(const std::string& path, platform::Window& window, ui::KioskUi& ui, const std::string& screenshot_dir) {
    ScriptResult r;
    std::ifstream in(path);
    if (!in) return {false, path + ": cannot read the script", 0};
    Player p(window, ui);
    p.frames();
    int last_wait_frames = -1;
    std::string line;
    int line_no = 0;
    auto fail = [&](const std::string& why) {
        r.ok = false;
        r.message = path + ":" + std::to_string(line_no) + ": " + why;
        return r;
    };
    while (std::getline(in, line)) {
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream ss(line);
        std::string cmd;
        if (!(ss >> cmd)) continue;
        ++r.steps;
        if (cmd == "tap") {
            std::string a;
            ss >> a;
            float x, y;
            if (!a.empty() && (std::isdigit(static_cast<unsigned char>(a[0])) || a[0] == '-')) {
                x = std::stof(a);
                if (!(ss >> y)) return fail("tap X Y needs two numbers");
            } else {
                auto t = ui.target(a);
                if (!t) return fail("no target \"" + a + "\" on the " + ui.screen_name() + " screen");
                x = t->cx();
                y = t->cy();
            }
            p.tap(x, y);
        } else if (cmd == "drag") {
            float x1, y1, x2, y2;
            double secs = 0.3;
            if (!(ss >> x1 >> y1 >> x2 >> y2)) return fail("drag X1 Y1 X2 Y2 [SECONDS]");
            ss >> secs;
            p.drag(x1, y1, x2, y2, secs);
        } else if (cmd == "scroll-to") {
            // Drags the screen's scrolled area upward, as a visitor would, until
            // the target is wholly on screen.
            std::string name;
            if (!(ss >> name)) return fail("scroll-to NAME");
            const float w = static_cast<float>(window.width()), h = static_cast<float>(window.height());
            int drags = 0;
            for (;; ++drags) {
                auto t = ui.target(name);
                if (t && !ui.target_clipped(name) && t->y >= 0 && t->y + t->h <= h) break;
                if (drags == 40) return fail("\"" + name + "\" did not come on screen after 40 drags");
                // Small drags with the finger resting before it lifts (no glide),
                // so a tall target is not skipped over; upward unless the target
                // is already cut off at the top.
                const bool above = t && t->y < h * 0.35f;
                const float from = above ? h * 0.45f : h * 0.70f, to = above ? h * 0.65f : h * 0.50f;
                p.drag(w / 2, from, w / 2, to, 0.4, 0.2);
                p.wait(0.5);
            }
        } else if (cmd == "fling") {
            std::string name;
            float dy;
            if (!(ss >> name >> dy)) return fail("fling NAME DY");
            auto t = ui.target(name);
            if (!t) return fail("no target \"" + name + "\" on the " + ui.screen_name() + " screen");
            p.drag(t->cx(), t->cy(), t->cx(), t->cy() + dy, 0.12);
        } else if (cmd == "type") {
            std::string rest;
            std::getline(ss, rest);
            if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
            p.input({ui::InputEvent::Kind::text, 0, 0, 0, rest});
        } else if (cmd == "key") {
            std::string k;
            ss >> k;
            const int code = k == "escape" ? 27 : k == "backspace" ? 8 : k == "enter" ? 13 : -1;
            if (code < 0) return fail("key wants escape, backspace or enter");
            p.input({ui::InputEvent::Kind::key, 0, 0, code, {}});
        } else if (cmd == "wait") {
            double s;
            if (!(ss >> s) || s < 0) return fail("wait SECONDS");
            last_wait_frames = p.wait(s);
        } else if (cmd == "size") {
            int w, h;
            if (!(ss >> w >> h)) return fail("size W H");
            SDL_SetWindowSize(window.sdl_window(), w, h);
            SDL_Event e;
            while (window.poll_event(e)) {
            }
            p.frames();
            if (window.width() != w || window.height() != h)
                return fail("window is " + std::to_string(window.width()) + "x" + std::to_string(window.height()) + ", not " +
                            std::to_string(w) + "x" + std::to_string(h) + " (is the X screen large enough?)");
        } else if (cmd == "screenshot") {
            std::string file;
            ss >> file;
            if (file.empty()) return fail("screenshot FILE.png");
            // Draw a fresh frame so the picture is exactly what is on screen now.
            window.begin_frame(1.0f / 60.0f);
            ui.frame(window.draw_list(), window.width(), window.height(), p.now_);
            window.set_clear_color(ui.background_rgb());
            window.end_frame([&] { ui.upload_textures(); });
            std::vector<uint8_t> rgb;
            window.read_pixels(rgb);
            const std::string out = (std::filesystem::path(screenshot_dir) / file).string();
            if (std::string e = platform::write_rgb_png(out, window.width(), window.height(), rgb); !e.empty()) return fail(e);
            std::printf("screenshot %s\n", out.c_str());
        } else if (cmd == "expect") {
            std::string what, arg;
            ss >> what >> arg;
            if (what == "screen") {
                if (ui.screen_name() != arg) return fail("expected the " + arg + " screen, but the " + ui.screen_name() + " screen is shown");
            } else if (what == "target") {
                if (!ui.target(arg)) return fail("expected target \"" + arg + "\" on the " + ui.screen_name() + " screen");
            } else if (what == "no-target") {
                if (ui.target(arg)) return fail("target \"" + arg + "\" should not be on the " + ui.screen_name() + " screen");
            } else if (what == "service") {
                if (ui.session().service_id != arg)
                    return fail("expected service " + arg + ", but it is \"" + ui.session().service_id + "\"");
            } else if (what == "basket") {
                if (std::to_string(ui.session().basket.size()) != arg)
                    return fail("expected " + arg + " services on the slip, found " + std::to_string(ui.session().basket.size()));
            } else if (what == "countdown") {
                if ((arg == "on") != ui.countdown_visible()) return fail(std::string("the idle countdown is ") + (ui.countdown_visible() ? "on" : "off"));
            } else if (what == "print") {
                if (ui.print_result() != arg) return fail("expected print result " + arg + ", got \"" + ui.print_result() + "\"");
            } else if (what == "frames-during-wait") {
                if (std::to_string(last_wait_frames) != arg)
                    return fail("expected " + arg + " frames during the last wait, drew " + std::to_string(last_wait_frames));
            } else {
                return fail("unknown expectation \"" + what + "\"");
            }
        } else {
            return fail("unknown command \"" + cmd + "\"");
        }
    }
    r.frames = static_cast<long long>(p.drawn_);
    return r;
}

}  // namespace madoguchi::app
