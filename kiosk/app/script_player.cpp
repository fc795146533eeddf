// SPDX-License-Identifier: Apache-2.0
// script_player.cpp — play_script: reads a script and runs its commands (see
// script_player.hpp for the language).
//
// Where the rest is
//   - player.hpp       the Player: frames on a virtual clock, taps, drags, waits
//   - monkey.cpp       `monkey STEPS SEED [WARMUP]`: random actions, the memory
//                      and texture measurements, the bounds (docs/soak.md)
//   - layout_walk.cpp  `walk-layout`: every screen × language × text size
//                      through KioskUiProbe::layout_problems (docs/accessibility.md)
//   - frame_bench.cpp  `bench-scroll DRAGS`: each frame's cost (docs/performance.md)
#include "script_player.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#include "bundle_loader.hpp"
#include "frame_bench.hpp"
#include "keys_walk.hpp"
#include "layout_walk.hpp"
#include "madoguchi/platform/window.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "monkey.hpp"
#include "player.hpp"

namespace madoguchi::app {
namespace {

// "$NAME/x" → the value of environment variable NAME, then "/x". Unknown: "".
std::string expand_env(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] != '$') {
            out += s[i++];
            continue;
        }
        size_t j = i + 1;
        while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
        if (const char* v = std::getenv(s.substr(i + 1, j - i - 1).c_str())) out += v;
        i = j;
    }
    return out;
}

// The rest of a line, trimmed, without one pair of surrounding double quotes.
std::string rest_of(std::istringstream& ss) {
    std::string rest;
    std::getline(ss, rest);
    const auto b = rest.find_first_not_of(" \t"), e = rest.find_last_not_of(" \t");
    rest = b == std::string::npos ? std::string() : rest.substr(b, e - b + 1);
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
    return rest;
}

const char* state_name(ui::AdminCandidate::State s) {
    using S = ui::AdminCandidate::State;
    switch (s) {
        case S::checking: return "checking";
        case S::queued: return "queued";
        case S::installing: return "installing";
        case S::installed: return "installed";
        case S::already_installed: return "already installed";
        case S::superseded: return "superseded";
        case S::refused: return "refused";
        case S::failed: return "failed";
    }
    return "?";
}

std::string shown_version(const ui::KioskUi& ui) {
    return ui.catalogue() ? ui.catalogue()->info().meta_value("version") : std::string("none");
}

}  // namespace

ScriptResult play_script(const std::string& path, platform::Window& window, ui::KioskUi& ui, const std::string& screenshot_dir,
                         BundleLoader* loader, SpeechLink* speech, SetupLink* setup) {
    ScriptResult r;
    const ui::KioskUiProbe probe(ui);  // what the last frame showed
    std::ifstream in(path);
    if (!in) return {false, path + ": cannot read the script", 0};
    script::Player p(window, ui, loader);
    p.set_speech(speech);
    p.set_setup(setup);
    // `bundle-check hold` as the first command: the loader keeps the checked
    // bundle back from the first frame on (see script_player.hpp).
    bool hold_first = false;
    {
        std::ifstream peek(path);
        std::string l, first;
        while (first.empty() && std::getline(peek, l)) {
            if (auto hash = l.find('#'); hash != std::string::npos) l.erase(hash);
            std::istringstream ls(l);
            std::string a, b;
            if (ls >> a) first = a + (ls >> b ? " " + b : std::string());
        }
        hold_first = first == "bundle-check hold";
    }
    if (hold_first && loader) loader->hold_initial(true);
    p.frames();
    int last_wait_frames = -1;
    std::string line;
    int line_no = 0;
    auto fail = [&](const std::string& why) {
        r.ok = false;
        r.message = path + ":" + std::to_string(line_no) + ": " + why;
        return r;
    };
    // What a script expects must not depend on how fast the bundle was checked.
    if (!hold_first && loader && !p.wait_until([&] { return !loader->initial_pending(); }, 60))
        return fail("the installed bundle was still being checked after 60 s");
    while (std::getline(in, line)) {
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        // ${NAME}: the runner's environment (a port chosen at run time).
        for (size_t at = line.find("${"); at != std::string::npos; at = line.find("${", at)) {
            const size_t end = line.find('}', at);
            if (end == std::string::npos) return fail("${ without }");
            const std::string name = line.substr(at + 2, end - at - 2);
            const char* value = std::getenv(name.c_str());
            if (!value) return fail("${" + name + "} is not set in the environment");
            line.replace(at, end - at + 1, value);
            at += std::strlen(value);
        }
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
                auto t = probe.target(a);
                if (!t) return fail("no target \"" + a + "\" on the " + probe.screen_name() + " screen");
                x = t->cx();
                y = t->cy();
            }
            p.tap(x, y);
        } else if (cmd == "hold") {
            std::string a;
            ss >> a;
            float x, y;
            double secs;
            if (!a.empty() && (std::isdigit(static_cast<unsigned char>(a[0])) || a[0] == '-')) {
                x = std::stof(a);
                if (!(ss >> y >> secs)) return fail("hold X Y SECONDS");
            } else {
                if (!(ss >> secs)) return fail("hold NAME SECONDS");
                auto t = probe.target(a);
                if (!t) return fail("no target \"" + a + "\" on the " + probe.screen_name() + " screen");
                x = t->cx();
                y = t->cy();
            }
            if (secs < 0) return fail("hold: SECONDS must not be negative");
            p.input({ui::InputEvent::Kind::pointer_down, x, y, 0, {}});
            p.wait(secs);
            p.input({ui::InputEvent::Kind::pointer_up, x, y, 0, {}});
            p.now_ += 0.2;
        } else if (cmd == "wait-until") {
            std::string what;
            long long n = 0;
            double secs = 0;
            if (!(ss >> what)) return fail("wait-until bundle-version|queued|refused N SECONDS");
            std::string arg;
            ss >> arg >> secs;
            if (secs <= 0) return fail("wait-until " + what + " N SECONDS: SECONDS must be positive");
            try {
                n = std::stoll(arg);
            } catch (...) {
                return fail("wait-until " + what + ": \"" + arg + "\" is not a number");
            }
            if (what != "bundle-version" && !loader) return fail("wait-until " + what + ": the kiosk has no bundle loader");
            auto count = [&](ui::AdminCandidate::State st, long long version) {
                int k = 0;
                for (const auto& c : loader->view().candidates)
                    if (c.state == st && (version == 0 || c.version == version)) ++k;
                return k;
            };
            std::function<bool()> done;
            std::string now_is;
            if (what == "bundle-version") {
                done = [&] { return shown_version(ui) == arg; };
            } else if (what == "queued") {
                done = [&] { return count(ui::AdminCandidate::State::queued, n) > 0; };
            } else if (what == "refused") {
                done = [&] { return count(ui::AdminCandidate::State::refused, 0) >= n; };
            } else {
                return fail("wait-until wants bundle-version, queued or refused");
            }
            if (!p.wait_until(done, secs)) {
                std::string state = "the catalogue on screen says version " + shown_version(ui);
                if (loader) {
                    const ui::AdminView v = loader->view();
                    state += "; " + std::to_string(v.candidates.size()) + " bundle(s) found";
                    for (const auto& c : v.candidates) state += "; " + c.file + " (" + state_name(c.state) + ") " + c.message;
                    if (!v.last_message.empty()) state += "; last: " + v.last_message;
                }
                return fail("waited " + std::to_string(static_cast<int>(secs)) + " s for " + what + " " + arg + ": " + state);
            }
        } else if (cmd == "wait-for-setup-text") {
            // A test slip is sent by a worker thread in real time: frames (and
            // the setup link) run until the setup screen shows TEXT.
            double secs = 0;
            if (!(ss >> secs) || secs <= 0) return fail("wait-for-setup-text SECONDS TEXT");
            const std::string want = rest_of(ss);
            if (want.empty()) return fail("wait-for-setup-text SECONDS TEXT");
            if (!p.wait_until([&] { return probe.setup_text().find(want) != std::string::npos; }, secs))
                return fail("waited " + std::to_string(static_cast<int>(secs)) + " s for the setup screen to show \"" + want +
                            "\"; it shows:\n" + probe.setup_text());
        } else if (cmd == "bundle-check") {
            std::string what;
            ss >> what;
            if (!loader) return fail("bundle-check: the kiosk has no bundle loader");
            if (what == "hold") {
                if (r.steps != 1) return fail("bundle-check hold must be the script's first command");
                if (!loader->initial_pending()) return fail("bundle-check hold: the kiosk shows no store bundle (--catalogue?)");
            } else if (what == "done") {
                double secs = 0;
                if (!(ss >> secs) || secs <= 0) return fail("bundle-check done SECONDS");
                loader->hold_initial(false);
                if (!p.wait_until([&] { return !loader->initial_pending(); }, secs))
                    return fail("bundle-check done: still checking after " + std::to_string(static_cast<int>(secs)) + " s");
            } else {
                return fail("bundle-check hold | done SECONDS");
            }
        } else if (cmd == "copy") {
            std::string src, dir;
            if (!(ss >> src >> dir)) return fail("copy SRC DIR");
            src = expand_env(src);
            dir = expand_env(dir);
            namespace fs = std::filesystem;
            const fs::path to = fs::path(dir) / fs::path(src).filename();
            const fs::path part = to.string() + ".part";
            std::error_code ec;
            fs::copy_file(src, part, fs::copy_options::overwrite_existing, ec);
            if (!ec) fs::rename(part, to, ec);
            if (ec) return fail("copy " + src + " to " + dir + ": " + ec.message());
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
                auto t = probe.target(name);
                if (t && !probe.target_clipped(name) && t->y >= 0 && t->y + t->h <= h) break;
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
            auto t = probe.target(name);
            if (!t) return fail("no target \"" + name + "\" on the " + probe.screen_name() + " screen");
            p.drag(t->cx(), t->cy(), t->cx(), t->cy() + dy, 0.12);
        } else if (cmd == "type") {
            std::string rest;
            std::getline(ss, rest);
            if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
            p.input({ui::InputEvent::Kind::text, 0, 0, 0, rest});
        } else if (cmd == "key") {
            // escape / backspace / enter: raw keys (staff keyboards); an action
            // name (up, down, select, back, close, volume_up …): a key of the
            // keypad path, as the app's key map sends it. `key down 5`: five times.
            std::string k;
            int times = 1;
            ss >> k;
            ss >> times;
            const int code = k == "escape" ? 27 : k == "backspace" ? 8 : k == "enter" ? 13 : -1;
            const auto action = core::parse_key_action(k);
            if (code < 0 && !action) return fail("key wants escape, backspace, enter or an action (up, down, left, right, select, back, help, home, close, volume_up, volume_down, repeat, stop, slower)");
            for (int i = 0; i < std::max(1, times); ++i) {
                if (code >= 0) {
                    p.input({ui::InputEvent::Kind::key, 0, 0, code, {}});
                } else {
                    ui::InputEvent e{ui::InputEvent::Kind::action, 0, 0, 0, {}};
                    e.action = *action;
                    p.input(e);
                }
                p.now_ += 0.2;
            }
        } else if (cmd == "tap-each" || cmd == "keys-each") {
            // One key of a pad per character: tap-each setup.net. 127.0.0.1
            // taps setup.net.1, setup.net.2, setup.net.7, setup.net.. …;
            // keys-each reaches each with the down key and presses select.
            std::string prefix, text;
            if (!(ss >> prefix >> text)) return fail(cmd + " PREFIX TEXT");
            for (const char c : text) {
                // Pads name their keys by what they are: setup.net.dot, setup.net.colon.
                const std::string name = prefix + (c == '.' ? std::string("dot") : c == ':' ? std::string("colon") : std::string(1, c));
                if (cmd == "keys-each") {
                    if (std::string e = script::focus_to(p, ui, name); !e.empty()) return fail(e);
                    ui::InputEvent e{ui::InputEvent::Kind::action, 0, 0, 0, {}};
                    e.action = core::KeyAction::select;
                    p.input(e);
                } else {
                    auto t = probe.target(name);
                    if (!t) return fail("no target \"" + name + "\" on the " + probe.screen_name() + " screen");
                    p.tap(t->cx(), t->cy());
                }
                p.now_ += 0.2;
            }
        } else if (cmd == "focus-to") {
            // Presses down (the keypad's one way through a screen) until NAME
            // has the focus; fails, naming it, when keys never get there.
            std::string name;
            if (!(ss >> name)) return fail("focus-to NAME");
            if (std::string e = script::focus_to(p, ui, name); !e.empty()) return fail(e);
        } else if (cmd == "keys-walk") {
            std::string summary;
            const std::string e = script::keys_walk(p, window, ui, &summary);
            if (!e.empty()) return fail(e);
            std::printf("%s\n", summary.c_str());
            std::fflush(stdout);
        } else if (cmd == "wait") {
            double s;
            if (!(ss >> s) || s < 0) return fail("wait SECONDS");
            last_wait_frames = p.wait(s);
        } else if (cmd == "pause-for-audit") {
            // The privacy audit (tests/privacy) reads this process's memory from
            // outside while it is stopped here: say so on stdout, wait for a line
            // on stdin. Nothing else happens meanwhile (no frames, no input).
            std::printf("paused for audit %d\n", static_cast<int>(::getpid()));
            std::fflush(stdout);
            char line[64];
            if (!std::fgets(line, sizeof line, stdin)) return fail("pause-for-audit: stdin closed");
        } else if (cmd == "monkey") {
            long long steps = 0, warmup = -1;
            unsigned long long seed = 0;
            if (!(ss >> steps >> seed) || steps <= 0) return fail("monkey STEPS SEED [WARMUP]");
            if (!(ss >> warmup)) warmup = steps / 10;
            if (warmup < 0 || warmup >= steps) return fail("monkey: WARMUP must be at least 0 and less than STEPS");
            std::string summary;
            const std::string e = script::run_monkey(p, window, ui, seed, static_cast<long>(steps), static_cast<long>(warmup), &summary);
            if (!e.empty()) return fail(e);
            std::printf("%s\n", summary.c_str());
            std::fflush(stdout);
        } else if (cmd == "bench-scroll") {
            int drags = 0;
            if (!(ss >> drags) || drags <= 0) return fail("bench-scroll DRAGS");
            if (std::string e = script::bench_scroll(p, window, ui, drags); !e.empty()) return fail(e);
        } else if (cmd == "walk-layout") {
            std::string summary;
            const std::string e = script::walk_layout(p, window, ui, &summary);
            if (!e.empty()) return fail(e);
            std::printf("%s\n", summary.c_str());
            std::fflush(stdout);
        } else if (cmd == "walk-setup") {
            std::string summary;
            const std::string e = script::walk_setup(p, window, ui, &summary);
            if (!e.empty()) return fail(e);
            std::printf("%s\n", summary.c_str());
            std::fflush(stdout);
        } else if (cmd == "size") {
            int w, h;
            if (!(ss >> w >> h)) return fail("size W H");
            if (!p.resize(w, h))
                return fail("window is " + std::to_string(window.width()) + "x" + std::to_string(window.height()) + ", not " +
                            std::to_string(w) + "x" + std::to_string(h) + " (is the X screen large enough?)");
        } else if (cmd == "screenshot") {
            std::string file;
            ss >> file;
            if (file.empty()) return fail("screenshot FILE.png");
            // Draw a fresh frame so the picture is exactly what is on screen now.
            // As the real loop would before resting (a 1080×1920 list settles in 8 frames).
            for (int k = 0; !window.settled(); ++k) {
                if (k == 64) return fail(file + ": the scrolled pixels did not settle in 64 frames");
                p.draw_one(true);
            }
            p.draw_one(false);
            // Partial redraw must be pixel-identical to drawing the frame
            // whole: every screenshot of every flow checks it (window.hpp).
            if (window.present_path() != platform::PresentPath::swap_whole)
                if (std::string d = window.check_against_full_redraw(); !d.empty()) return fail(file + ": " + d);
            std::vector<uint8_t> rgb;
            window.read_pixels(rgb);
            const std::string out = (std::filesystem::path(screenshot_dir) / file).string();
            if (std::string e = platform::write_rgb_png(out, window.width(), window.height(), rgb); !e.empty()) return fail(e);
            std::printf("screenshot %s\n", out.c_str());
        } else if (cmd == "expect") {
            std::string what, arg;
            ss >> what >> arg;
            if (what == "screen") {
                if (probe.screen_name() != arg) return fail("expected the " + arg + " screen, but the " + probe.screen_name() + " screen is shown");
            } else if (what == "target") {
                if (!probe.target(arg)) return fail("expected target \"" + arg + "\" on the " + probe.screen_name() + " screen");
            } else if (what == "no-target") {
                if (probe.target(arg)) return fail("target \"" + arg + "\" should not be on the " + probe.screen_name() + " screen");
            } else if (what == "order") {
                // Reading order: ARG above the second (or level with it and to its left).
                std::string second;
                ss >> second;
                const auto a = probe.target(arg), b = probe.target(second);
                if (!a || !b) return fail("expect order: \"" + (a ? second : arg) + "\" is not on the " + probe.screen_name() + " screen");
                if (!(a->y < b->y || (a->y == b->y && a->x < b->x))) return fail("\"" + arg + "\" does not come before \"" + second + "\"");
            } else if (what == "service") {
                if (probe.session().service_id != arg)
                    return fail("expected service " + arg + ", but it is \"" + probe.session().service_id + "\"");
            } else if (what == "basket") {
                if (std::to_string(probe.session().basket.size()) != arg)
                    return fail("expected " + arg + " services on the slip, found " + std::to_string(probe.session().basket.size()));
            } else if (what == "focus") {
                if (probe.focused() != arg) return fail("expected the focus on \"" + arg + "\", it is on \"" + probe.focused() + "\"");
            } else if (what == "keys-mode") {
                if ((arg == "on") != ui.keys_mode()) return fail(std::string("keys mode is ") + (ui.keys_mode() ? "on" : "off"));
            } else if (what == "announcement-is") {
                std::istringstream again(line);
                std::string skip;
                again >> skip >> skip;
                const std::string want = rest_of(again);
                if (ui.announcement().text != want) return fail("the announcement is not \"" + want + "\"; it is: " + ui.announcement().text);
            } else if (what == "announcement" || what == "no-announcement") {
                // The whole rest of the line; the text itself is never printed
                // on success (it is about the visitor), only when it fails a test.
                std::istringstream again(line);
                std::string skip;
                again >> skip >> skip;
                const std::string want = rest_of(again);
                const bool found = ui.announcement().text.find(want) != std::string::npos;
                if (what == "announcement" && !found) return fail("the announcement does not contain \"" + want + "\"; it is: " + ui.announcement().text);
                if (what == "no-announcement" && found) return fail("the announcement contains \"" + want + "\"");
            } else if (what == "countdown") {
                if ((arg == "on") != probe.countdown_visible()) return fail(std::string("the idle countdown is ") + (probe.countdown_visible() ? "on" : "off"));
            } else if (what == "print") {
                // `none`: no outcome is shown now. Otherwise the outcome to come: the
                // print worker sends on its own thread, so frames are drawn until it
                // has one (at most 30 s, beyond any printer timeout of a flow).
                if (arg == "none") {
                    if (!probe.print_result().empty()) return fail("expected no print outcome, got \"" + probe.print_result() + "\"");
                } else {
                    p.wait_until([&] { return !probe.print_result().empty(); }, 30);
                    if (probe.print_result() != arg) return fail("expected print result " + arg + ", got \"" + probe.print_result() + "\"");
                }
            } else if (what == "bundle-version") {
                if (shown_version(ui) != arg) return fail("expected bundle version " + arg + ", the catalogue on screen says " + shown_version(ui));
            } else if (what == "admin-text" || what == "no-admin-text") {
                // `arg` holds only the first word: take the whole rest of the line.
                std::istringstream again(line);
                std::string skip;
                again >> skip >> skip;
                const std::string want = rest_of(again);
                const std::string text = probe.admin_text();
                if (text.empty() && what == "admin-text") return fail("the admin screen is not open (the " + probe.screen_name() + " screen is shown)");
                const bool found = text.find(want) != std::string::npos;
                if (what == "admin-text" && !found) return fail("the admin screen shows no text containing \"" + want + "\"; it shows:\n" + text);
                if (what == "no-admin-text" && found) return fail("the admin screen shows \"" + want + "\"");
            } else if (what == "setup-text" || what == "no-setup-text") {
                std::istringstream again(line);
                std::string skip;
                again >> skip >> skip;
                const std::string want = rest_of(again);
                const std::string text = probe.setup_text();
                if (text.empty() && what == "setup-text") return fail("the setup screens are not shown (the " + probe.screen_name() + " screen is)");
                const bool found = text.find(want) != std::string::npos;
                if (what == "setup-text" && !found) return fail("the setup screen shows no text containing \"" + want + "\"; it shows:\n" + text);
                if (what == "no-setup-text" && found) return fail("the setup screen shows \"" + want + "\"");
            } else if (what == "layout-problem") {
                std::istringstream again(line);
                std::string skip;
                again >> skip >> skip;
                const std::string want = rest_of(again);
                std::string all;
                bool found = false;
                for (const auto& pr : probe.layout_problems()) {
                    all += "\n  " + pr;
                    found = found || pr.find(want) != std::string::npos;
                }
                if (!found) return fail("no layout problem containing \"" + want + "\" on the " + probe.screen_name() + " screen; found:" + (all.empty() ? " none" : all));
            } else if (what == "layout-ok") {
                std::string all;
                for (const auto& pr : probe.layout_problems()) all += "\n  " + pr;
                if (!all.empty()) return fail("the " + probe.screen_name() + " screen has layout problems:" + all);
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
