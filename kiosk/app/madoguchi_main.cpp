// SPDX-License-Identifier: Apache-2.0
// madoguchi — the kiosk.
//
//   madoguchi [--config FILE] [--store DIR] [--pubkey FILE]... [--watch DIR]...
//             [--status FILE] [--catalogue FILE] [--fonts-dir DIR] [--window WxH] [--full-redraw]
//             [--script FILE --screenshots DIR]
//
// Staff-facing messages (config problems, a missing catalogue, bundle store
// problems) go to stderr; nothing about what a visitor does is ever printed,
// logged or written. Bundles: bundle_loader.hpp (installs only between sessions).
//
// It comes up whatever is broken (docs/kiosk.md "Running as a service"): a bad
// config costs its values, a store it cannot read or no verified bundle gives
// the calm "not available" screen, a missing printer only stops slips, and
// missing fonts give a calm blank screen (there is nothing to draw text with).
// Each says why on stderr and in systemd's STATUS=. It exits on its own only
// when it cannot open a window at all; systemd then starts it again.
//
// Options and settings → what to run: launch_plan.hpp (pure, unit-tested).
//
// Index
//   - translate()              SDL events → the UI's input events
//   - printer_problem()        a device printer checked once at start
//   - service_status()         the STATUS= line for staff (never about visitors)
//   - run_loop()               the event loop: sleeps until input, the UI's next
//                              deadline or the next watchdog ping
//   - main()                   parse → plan → run it: store, hardening, fonts, window
#include <SDL.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "madoguchi/base/quiet_thread.hpp"
#include "madoguchi/base/start_trace.hpp"
#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/platform/process_hardening.hpp"
#include "madoguchi/platform/service_notify.hpp"
#include "madoguchi/platform/window.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/text/text_layout.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "bundle_loader.hpp"
#include "key_map.hpp"
#include "launch_plan.hpp"
#include "script_player.hpp"
#include "scroll_hint.hpp"
#include "setup_link.hpp"
#include "slip_printer.hpp"
#include "speech_link.hpp"

#ifndef MADOGUCHI_ASSETS_DIR
#define MADOGUCHI_ASSETS_DIR "/usr/share/madoguchi"
#endif

using namespace madoguchi;

namespace {

// The size the first frame will be drawn at, from the main thread (as soon as
// SDL knows it: WindowOptions::size_known) to the preparing thread, which lays
// that frame's text out meanwhile. Said once; {0, 0} when SDL could not start.
class FirstFrameSize {
public:
    void set(int width, int height) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (known_) return;
            known_ = true;
            size_ = {width, height};
        }
        said_.notify_all();
    }
    std::pair<int, int> wait() {
        std::unique_lock<std::mutex> lock(mutex_);
        said_.wait(lock, [&] { return known_; });
        return size_;
    }

private:
    std::mutex mutex_;
    std::condition_variable said_;
    bool known_ = false;
    std::pair<int, int> size_{0, 0};
};

double seconds_now() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// SDL mouse and finger events → the UI's own events. Touch coordinates come
// normalized (0..1) and are scaled to the drawable size. Keys → the keypad
// path's actions (key_map.hpp: the defaults and [keys]).
bool translate(const SDL_Event& e, platform::Window& w, const app::KeyMap& keys, ui::InputEvent& out) {
    using K = ui::InputEvent::Kind;
    switch (e.type) {
        case SDL_MOUSEBUTTONDOWN:
            if (e.button.button != SDL_BUTTON_LEFT) return false;
            out = {K::pointer_down, static_cast<float>(e.button.x), static_cast<float>(e.button.y), 0, {}};
            return true;
        case SDL_MOUSEBUTTONUP:
            if (e.button.button != SDL_BUTTON_LEFT) return false;
            out = {K::pointer_up, static_cast<float>(e.button.x), static_cast<float>(e.button.y), 0, {}};
            return true;
        case SDL_MOUSEMOTION:
            if (!(e.motion.state & SDL_BUTTON_LMASK)) return false;  // hover means nothing on a kiosk
            out = {K::pointer_move, static_cast<float>(e.motion.x), static_cast<float>(e.motion.y), 0, {}};
            return true;
        case SDL_FINGERDOWN:
        case SDL_FINGERMOTION:
        case SDL_FINGERUP: {
            // One finger drives the kiosk: the first one down, until it lifts.
            // A second finger (a palm, a child's hand) is ignored, not a new press.
            static SDL_FingerID active = -1;
            if (e.type == SDL_FINGERDOWN) {
                if (active != -1) return false;
                active = e.tfinger.fingerId;
            } else if (e.tfinger.fingerId != active) {
                return false;
            } else if (e.type == SDL_FINGERUP) {
                active = -1;
            }
            const K k = e.type == SDL_FINGERDOWN ? K::pointer_down : e.type == SDL_FINGERUP ? K::pointer_up : K::pointer_move;
            out = {k, e.tfinger.x * static_cast<float>(w.width()), e.tfinger.y * static_cast<float>(w.height()), 0, {}};
            return true;
        }
        case SDL_MOUSEWHEEL: {
            int mx = 0, my = 0;
            SDL_GetMouseState(&mx, &my);
            out = {K::wheel, static_cast<float>(mx), static_cast<float>(my), 0, {}};
            out.amount = static_cast<float>(e.wheel.y);
            return true;
        }
        case SDL_KEYDOWN: {
            const auto a = keys.action(e.key.keysym.sym, e.key.keysym.mod);
            if (!a) return false;
            // A key held down repeats only the moves (through a long list);
            // select, back or とじる held must not act twice.
            using A = core::KeyAction;
            if (e.key.repeat && *a != A::up && *a != A::down && *a != A::left && *a != A::right) return false;
            out = {K::action, 0, 0, 0, {}};
            out.action = *a;
            return true;
        }
        default: return false;
    }
}

// The theme's background (kiosk/ui theme::background, warm off-white): the
// colour of the blank screen shown when there are no fonts, so that a kiosk
// without text still looks calm rather than broken (black, or a desktop).
constexpr uint32_t kCalmBackground = 0xF7F4EE;

// A device printer (USB, serial) checked once at start, so that staff hear
// about it in the journal at once rather than when a visitor's slip fails.
// It never stops the kiosk: slips then fail with the visitor-facing "no
// printer" note and QR codes still work; a printer plugged in later is used
// (the device is opened for each slip). A network printer is not contacted
// at start: the admin screen's test print does that when staff ask.
std::string printer_problem(const core::KioskConfig& c) {
    if (c.printer_kind != core::PrinterKind::device) return {};
    const std::string& t = c.printer_target;
    struct stat st;
    if (::stat(t.c_str(), &st) != 0)
        return "printer " + t + " is not there (" + std::strerror(errno) +
               "): unplugged or switched off? Slips cannot be printed until it is; QR codes still work";
    if (S_ISDIR(st.st_mode)) return "printer " + t + " is a folder, not a printer device ([printer] target); slips cannot be printed";
    if (!S_ISCHR(st.st_mode) && !S_ISREG(st.st_mode))
        return "printer " + t + " is not a printer device ([printer] target); slips cannot be printed";
    if (::faccessat(AT_FDCWD, t.c_str(), W_OK, AT_EACCESS) != 0)
        return "printer " + t + " cannot be written by the kiosk's user (" + std::strerror(errno) +
               "): add that user to the device's group (usually lp); slips cannot be printed";
    return {};
}

// What systemd shows staff (`systemctl status madoguchi`): what is on screen
// (which bundle, or which calm screen and why) and how many problems stderr
// listed at start. Built only from admin facts: bundle metadata, paths,
// problems. Nothing about visitors, not even whether someone is using the kiosk.
struct StatusFacts {
    std::string fonts_problem;     // non-empty: no fonts, blank screen
    std::string unavailable_why;   // why the store showed nothing at start
    bool development = false;      // --catalogue / [bundle] catalogue: unverified
    std::vector<std::string> problems;  // printer, keys, store, watcher (at start)
};

// `checking`: the store's bundle is still being verified (bundle_loader.hpp);
// the attract screen is up meanwhile, and the next STATUS= says what came of it.
std::string service_status(const StatusFacts& f, const ui::KioskUi* kiosk, bool checking) {
    std::string s;
    if (!f.fonts_problem.empty()) {
        s = "blank screen, no text can be drawn: " + f.fonts_problem;
    } else if (kiosk && !kiosk->catalogue() && checking) {
        s = "showing the attract screen, checking the installed bundle";
    } else if (!kiosk || !kiosk->catalogue()) {
        s = "showing the \"not available\" screen: " + (f.unavailable_why.empty() ? std::string("no catalogue") : f.unavailable_why);
    } else {
        const core::BundleInfo info = kiosk->catalogue()->info();
        s = f.development ? "showing an UNVERIFIED development catalogue, version " + info.meta_value("version")
                          : "showing bundle version " + info.meta_value("version") + " (" + info.meta_value("publisher") + ")";
    }
    if (!f.problems.empty())
        s += "; " + std::to_string(f.problems.size()) + (f.problems.size() == 1 ? " problem" : " problems") + " at start, first: " +
             f.problems.front();
    return s;
}

// The kiosk's event loop. Draws only when something changed; otherwise sleeps
// in SDL_WaitEventTimeout until input, the UI's next deadline (idle countdown,
// a glide) or — under systemd with WatchdogSec= — the next watchdog ping,
// whichever comes first. The ping is sent here, at the top of each turn, so a
// loop that stops turning stops pinging and systemd restarts the kiosk.
// `kiosk` null: no fonts, a blank screen in the calm colour (still redrawn on
// window events, still pinging). Ends on SDL_QUIT: SDL turns SIGTERM and SIGINT
// into it (its default signal handling), and closing the window does the same.
void run_loop(platform::Window& window, ui::KioskUi* kiosk, app::BundleLoader& loader, platform::ServiceNotifier& notifier,
              StatusFacts& facts, const app::KeyMap& keys, app::SpeechLink* speech = nullptr, app::SetupLink* setup = nullptr) {
    bool running = true, dirty = true, ready = false, failure_said = false;
    const core::Catalogue* status_of = nullptr;  // the catalogue STATUS= last described
    bool status_checking = false;                // … and whether it said the bundle was being checked
    // The store's bundle is verified after the first frame (bundle_loader.hpp):
    // READY=1 still comes with the first frame (the kiosk is up and answers
    // touches; a very large bundle takes seconds to check, and a bundle that
    // fails leaves the kiosk up too), and STATUS= follows once the check is done.
    auto checking = [&] { return kiosk && loader.initial_pending(); };
    auto note_initial = [&] {
        if (facts.unavailable_why.empty() && kiosk && !loader.initial_pending() && !kiosk->catalogue())
            facts.unavailable_why = loader.initial_error();
    };
    const double t0 = seconds_now();
    double last = 0;
    double settle_at = 0;  // when pixels moved by scrolling are drawn exactly (Window::kSettleDelay)
    uint64_t sessions_seen = kiosk ? kiosk->sessions_ended() : 0;
    while (running) {
        const double now = seconds_now() - t0;
        notifier.ping_if_due(now);
        if (!failure_said && !notifier.failure().empty()) {  // once: staff need to know the watchdog will fire
            std::fprintf(stderr, "madoguchi: systemd: %s\n", notifier.failure().c_str());
            failure_said = true;
        }
        int timeout = -1;
        if (dirty) timeout = 0;
        else if (kiosk) {
            double wake = kiosk->next_wakeup(now);
            if (!window.settled()) wake = std::min(wake, settle_at);  // scrolled pixels to draw exactly
            if (wake != ui::kNever) timeout = static_cast<int>(std::max(0.0, (wake - now) * 1000.0) + 1);
        }
        timeout = notifier.cap_wait_ms(now, timeout);
        SDL_Event e;
        bool got = timeout == 0 ? window.poll_event(e) : window.wait_event(e, timeout);
        while (got) {
            // SDL_USEREVENT: the bundle loader has news; pump() below reads it.
            if (e.type == SDL_QUIT) running = false;
            if (e.type == SDL_WINDOWEVENT) {
                dirty = true;
                window.invalidate();  // exposed, resized or shown again: draw and show it whole
            }
            ui::InputEvent ie;
            if (kiosk && translate(e, window, keys, ie)) {
                // Someone touched the kiosk: the start trace ends here at the
                // latest, so that it never holds a visitor's timing (start_trace.hpp).
                std::fputs(start_trace::close().c_str(), stderr);
                kiosk->input(ie, seconds_now() - t0);
                if (speech && ie.kind == ui::InputEvent::Kind::action) speech->key_pressed();
                dirty = true;
            }
            got = window.poll_event(e);
        }
        if (!running) break;
        // The speech keys (volume, repeat, stop, slower), a session that ended,
        // the headphone jack (its thread wakes the loop): speech_link.hpp.
        // Without speech the keys are let go, so that the queue never grows.
        if (kiosk && speech) speech->after_input(*kiosk);
        else if (kiosk) (void)kiosk->take_speech_commands();
        // The setup screens' requests (setup_link.hpp): before the loader's
        // pump, which then sees keys saved this turn. Settings the hardening
        // cannot take without a restart end the loop once setup is left;
        // systemd starts the kiosk again with them.
        if (kiosk && setup && setup->pump(*kiosk)) dirty = true;
        if (kiosk && setup && setup->restart_needed() && !kiosk->in_setup()) {
            std::fprintf(stderr, "madoguchi: the settings saved on the setup screens need a restart; stopping to be started again\n");
            break;
        }
        if (kiosk && loader.pump(*kiosk)) {
            start_trace::mark("bundle worker: news taken (the store's bundle checked)");
            dirty = true;
            note_initial();
            // The first bundle checked, or another one on screen (installed, rolled back).
            if (ready && (kiosk->catalogue() != status_of || checking() != status_checking)) {
                status_of = kiosk->catalogue();
                status_checking = checking();
                notifier.status(service_status(facts, kiosk, status_checking));
            }
        }
        const double t = seconds_now() - t0;
        if (!dirty && (!kiosk || kiosk->next_wakeup(t) > t) && (window.settled() || t < settle_at)) continue;
        start_trace::mark("frame: loop turn to draw");
        window.begin_frame(static_cast<float>(last > 0 ? t - last : 1.0 / 60.0));
        start_trace::mark("frame: begun (ImGui's frame; its GL objects on the first)");
        dirty = kiosk ? kiosk->frame(window.draw_list(), window.width(), window.height(), t) : false;
        start_trace::mark("frame: the UI laid out (text shaped, glyphs rasterized)");
        if (kiosk && kiosk->sessions_ended() != sessions_seen) {
            sessions_seen = kiosk->sessions_ended();
            window.invalidate();  // a session ended: the hashes of its screens go too (window.hpp)
        }
        window.set_clear_color(kiosk ? kiosk->background_rgb() : kCalmBackground);
        if (kiosk) window.set_scroll_hint(app::scroll_hint(*kiosk));
        window.end_frame([&] {
            start_trace::mark("frame: ImGui's draw lists made");
            if (kiosk && kiosk->upload_textures()) window.note_textures_rewritten();
            start_trace::mark("frame: glyph pages uploaded");
        });
        start_trace::mark("frame: drawn (GL finished when tracing)");
        window.present();
        start_trace::mark("frame: presented (swapped or copied)");
        if (window.last_redraw().moved_rows != 0) settle_at = t + platform::Window::kSettleDelay;
        if (kiosk && speech) speech->after_frame(*kiosk);  // a new screen or focus is heard once it is seen
        last = t;
        if (!ready) {
            // The first frame is on screen: start-up is complete (systemd
            // starts the watchdog now and `systemctl start` returns).
            ready = true;
            note_initial();
            status_of = kiosk ? kiosk->catalogue() : nullptr;
            status_checking = checking();
            notifier.ready(service_status(facts, kiosk, status_checking));
        }
        // The trace ends at the first frame drawn after the bundle check: the
        // catalogue (or the calm screen) is up, and no visitor has touched
        // anything yet (start_trace.hpp).
        if (!checking()) std::fputs(start_trace::close().c_str(), stderr);
    }
    notifier.stopping(running ? "stopping: restarting with the settings saved on the setup screens"
                              : "stopping: asked to (SIGTERM, SIGINT or the window was closed)");
}

}  // namespace

int main(int argc, char** argv) {
    // First of all: not dumpable, no core files, umask 077, and no caches that
    // SDL, Mesa or D-Bus would otherwise write at run time (process_hardening.hpp).
    start_trace::mark("main");
    platform::prepare_process_environment();
    const std::vector<std::string> args(argc > 0 ? argv + 1 : argv, argv + argc);
    const std::variant<app::Options, app::Exit> parsed = app::parse_options(args);
    if (const auto* exit = std::get_if<app::Exit>(&parsed)) {
        std::fputs(exit->out.c_str(), stdout);
        std::fputs(exit->err.c_str(), stderr);
        return exit->code;
    }
    const app::Options& options = std::get<app::Options>(parsed);
    if (options.trace_start) start_trace::enable();
    // A bundle installed (its `current` link, even a broken one) means the
    // store was filled another way: no first-run setup (launch_plan.hpp).
    auto store_has_bundle = [](const std::string& store) {
        struct stat st;
        return ::lstat((store + "/current").c_str(), &st) == 0;
    };
    const app::LaunchPlan plan = app::plan_from(options, core::load_kiosk_config(options.config_path), MADOGUCHI_ASSETS_DIR,
                                                core::load_site_settings, store_has_bundle);
    const core::KioskConfig& config = plan.config;
    for (const auto& m : plan.messages) std::fprintf(stderr, "madoguchi: %s\n", m.c_str());
    start_trace::mark("config read, plan made");
    StatusFacts facts;
    facts.problems = plan.config_problems;
    const std::string printer = printer_problem(config);
    if (!printer.empty()) std::fprintf(stderr, "madoguchi: %s\n", printer.c_str());

    platform::ServiceNotifier notifier(plan.notify);
    notifier.status("starting: opening the bundle store");

    // The bundle store: start-up recovery now; the current bundle is verified
    // by the loader's worker, started after the hardening, while the window
    // opens (or the development catalogue is opened now, unverified).
    std::string err;
    app::BundleLoaderOptions lo;
    lo.store = config.store;
    lo.trusted_keys = config.trusted_keys;
    lo.watch = config.watch;
    lo.development_catalogue = config.catalogue;
    lo.status_file = config.status_file;
    lo.kiosk_id = config.kiosk_id;
    lo.status_interval_seconds = config.status_interval_seconds;
    // The worker starts before the window (it checks the bundle while the
    // window opens): until SDL's events are up a wake is dropped, which loses
    // nothing, as pump() looks at what the worker left on every loop turn.
    static std::atomic<bool> sdl_events_up{false};
    lo.wake = [] {
        if (!sdl_events_up.load()) return;
        SDL_Event e{};
        e.type = SDL_USEREVENT;
        SDL_PushEvent(&e);  // thread-safe; only wakes the loop
    };
    auto loader = std::make_unique<app::BundleLoader>(lo);
    start_trace::mark("bundle store: recovered");
    for (const auto& a : loader->recovery_actions()) std::fprintf(stderr, "madoguchi: bundle store: %s\n", a.c_str());
    for (const auto& p : loader->problems()) std::fprintf(stderr, "madoguchi: %s\n", p.c_str());
    // The store's bundle is checked by the loader's worker once it runs (null
    // and initial_pending() here); only the development catalogue opens now.
    const core::Catalogue* catalogue = loader->open_initial(&err);
    const bool catalogue_pending = loader->initial_pending();
    if (!catalogue && !catalogue_pending) std::fprintf(stderr, "madoguchi: the directory cannot be shown: %s\n", err.c_str());
    if (!catalogue && !catalogue_pending) facts.unavailable_why = err;
    facts.development = plan.development;
    for (const auto& p : loader->problems())
        if (p != facts.unavailable_why) facts.problems.push_back(p);  // said once is enough
    if (!printer.empty()) facts.problems.push_back(printer);
    if (catalogue && !config.catalogue.empty())
        std::fprintf(stderr, "madoguchi: showing %s WITHOUT checking its signature (development only)\n", config.catalogue.c_str());

    // The status file's folder (docs/fleet.md): Landlock can only allow a folder
    // that exists, so it is made now (one level, 0755: a sync tool's user reads
    // it); the file itself is written later by the bundle worker.
    if (!plan.status_dir.empty() && ::mkdir(plan.status_dir.c_str(), 0755) == 0)
        ::chmod(plan.status_dir.c_str(), 0755);  // umask 077 here
    // First run: the store may not exist yet (the package makes it; a trial
    // store may be new). The setup screens write site.toml and keys/ into it,
    // and Landlock can allow only a folder that exists: made now (0700, one level).
    if (plan.first_run) ::mkdir(config.store.c_str(), 0700);
    // From here on the kiosk cannot open internet or packet sockets (seccomp)
    // and, where the kernel has Landlock, can write only to the bundle store and
    // the printer (plan.hardening, launch_plan.cpp). Applied before SDL and Mesa
    // start their threads, so that Landlock binds them too.
    const platform::HardeningReport hardening = platform::apply_process_hardening(plan.hardening);
    for (const auto& line : hardening.lines) std::fprintf(stderr, "madoguchi: hardening: %s\n", line.c_str());
    loader->set_protections(hardening.lines);  // the admin screen shows them too
    start_trace::mark("hardening applied");

    // Strings, fonts and the bundle worker are made on a thread of their own
    // while this one opens the window: under Mesa's software renderer opening
    // it is mostly loading the GL driver (~160 ms, the same for the floor
    // window), and the fonts (~25 ms) and strings (~6 ms) need none of it
    // (docs/performance.md, "Start"). Nothing else touches them until the
    // thread is joined, below, right after the window is open.
    //
    // Fonts: without them no text can be drawn at all. The kiosk still comes up
    // (systemd would otherwise restart it in a loop, and between two starts the
    // desktop would show): a calm blank screen, the reason on stderr and in
    // STATUS=, and the watchdog still pinged. Installing the fonts and
    // restarting the kiosk (systemctl restart madoguchi) brings the text back.
    //
    // The loader's worker starts on that thread once the fonts are there,
    // after the hardening (Landlock binds the threads made after it): its
    // first step verifies and opens the store's bundle (bundle_loader.hpp)
    // while this thread opens the window and draws the attract screen.
    // Without fonts nothing would ever show the catalogue, so there is no
    // worker, as before.
    //
    // Once the fonts are there it also makes the kiosk's UI and lays out the
    // first screen's text at the size SDL reports (KioskUi::rehearse_first_frame),
    // while the GL driver loads here, then hands the UI over to this thread.
    //
    // SIGTERM and SIGINT must reach the main thread: every thread the kiosk
    // makes is a quiet one (base/quiet_thread.hpp says why).
    core::UiStrings strings;
    std::vector<std::string> string_messages;
    std::unique_ptr<text::FontSet> fonts;
    std::string fonts_error;
    // Made on the preparing thread too, once the fonts are there (the printer
    // outlives the UI: declared first; the UI's last wipe cancels its job).
    // The window is declared before them: they are destroyed first (the UI's
    // glyph textures need its GL context).
    std::unique_ptr<platform::Window> window;
    std::unique_ptr<app::KioskSlipPrinter> slip_printer;
    std::unique_ptr<ui::KioskUi> kiosk_ui;
    FirstFrameSize first_frame_size;
    std::exception_ptr preparing_failed;
    // Made before the thread: nothing may throw between its start and the try below.
    platform::WindowOptions window_options = plan.window;
    window_options.size_known = [&](int w, int h) { first_frame_size.set(w, h); };
    std::thread preparing = base::start_quiet_thread([&] {
        try {
            strings = core::UiStrings::load_dir(plan.assets_dir + "/strings", &string_messages);
            start_trace::mark("(preparing) UI strings loaded");
            fonts = text::FontSet::load(plan.fonts, &fonts_error);
            start_trace::mark("(preparing) fonts loaded");
            if (fonts) {
                loader->start();
                start_trace::mark("(preparing) bundle worker started");
                text::warm_up(*fonts);  // what the first frame's text would load lazily (text_layout.hpp)
                start_trace::mark("(preparing) text libraries warmed up");
                if (config.printer_kind != core::PrinterKind::none)
                    slip_printer = std::make_unique<app::KioskSlipPrinter>(*fonts, app::printer_config(config));
                ui::KioskUiDeps deps{catalogue, fonts.get(), &strings, config, slip_printer.get()};
                deps.catalogue_pending = catalogue_pending;  // the attract screen until the worker has checked it
                deps.first_run = plan.first_run;             // no site settings, no PIN: the setup screens first
                kiosk_ui = std::make_unique<ui::KioskUi>(std::move(deps));
                start_trace::mark("(preparing) kiosk UI made");
                // The first frame's text, laid out at the window's size
                // once SDL knows it (Window::open says so before it loads
                // the GL driver, which takes most of its time).
                const auto [w, h] = first_frame_size.wait();
                kiosk_ui->rehearse_first_frame(w, h);
                start_trace::mark("(preparing) first frame's text laid out");
                kiosk_ui->hand_over();  // to the main thread, which joins this one first
            }
        } catch (...) {
            preparing_failed = std::current_exception();  // thrown again in the main thread, as before the thread
        }
    });

    try {
        window = platform::Window::open(window_options, &err);
    } catch (...) {
        first_frame_size.set(0, 0);  // the preparing thread must not wait for ever
        preparing.join();  // a joinable thread must not be destroyed
        throw;
    }
    first_frame_size.set(0, 0);  // SDL could not start: nothing to lay out (a no-op once the size was said)
    preparing.join();
    if (preparing_failed) std::rethrow_exception(preparing_failed);
    for (const auto& m : string_messages) std::fprintf(stderr, "madoguchi: %s\n", m.c_str());
    if (!fonts) {
        facts.fonts_problem = fonts_error;
        std::fprintf(stderr, "madoguchi: no text can be drawn: %s. The kiosk shows a blank screen until the fonts are there and it is "
                     "restarted.\n", fonts_error.c_str());
    }
    if (!window) {
        // Nothing can be shown without a window (no display, no GL): the one
        // case where the kiosk exits by itself; systemd starts it again.
        std::fprintf(stderr, "madoguchi: %s\n", err.c_str());
        notifier.status("cannot open the window: " + err);
        return 3;
    }
    sdl_events_up = true;
    start_trace::mark("window open");

    int rc = 0;
    if (!fonts) {
        if (!plan.script.empty()) {
            std::fprintf(stderr, "madoguchi: %s: a script cannot be played without fonts\n", plan.script.c_str());
            rc = 1;
        } else {
            run_loop(*window, nullptr, *loader, notifier, facts, app::KeyMap(config.keys));
        }
    } else {
        ui::KioskUi& kiosk = *kiosk_ui;
        // The setup screens' side in the app (first run, or from the admin
        // screen): printers, keys, the site file (setup_link.hpp).
        app::SetupLinkOptions so;
        so.store = config.store;
        so.key_folders = config.watch;
        so.usb_printer_dir = plan.usb_printers;
        so.in_force = config;
        so.first_run = plan.first_run;
        so.tcp_allowed = plan.hardening.allow_tcp_printer;
        so.tcp_port_allowed = plan.hardening.tcp_printer_port;
        app::SetupLink setup(std::move(so), *fonts, strings, *loader, slip_printer);
        start_trace::mark("setup link made");
        // No pump() here: the loop and the script player pump before each frame
        // (and a script that begins with `bundle-check hold` must get there first).
        if (!plan.script.empty()) {
            // A script speaks only on a device the config calls private: the
            // privacy audit's speech session. GUI flows have no headphones and
            // make no speech engine at all.
            std::unique_ptr<app::SpeechLink> speech;
            if (plan.speech.enabled && plan.speech.private_device) speech = std::make_unique<app::SpeechLink>(plan.speech, strings, lo.wake);
            app::ScriptResult r = app::play_script(plan.script, *window, kiosk, plan.screenshots, loader.get(), speech.get(), &setup);
            if (!r.ok) {
                std::fprintf(stderr, "%s\n", r.message.c_str());
                rc = 1;
            } else {
                std::printf("script %s: %d steps passed, %lld frames drawn; %s\n", plan.script.c_str(), r.steps, r.frames,
                            platform::present_path_name(window->present_path()));
            }
        } else {
            // Speech (issue 20) after the hardening: the Speaker's worker and
            // every open_jtalk it starts are bound by Landlock and seccomp.
            std::unique_ptr<app::SpeechLink> speech;
            if (plan.speech.enabled) {
                speech = std::make_unique<app::SpeechLink>(plan.speech, strings, lo.wake);
                std::fprintf(stderr, "madoguchi: %s\n", speech->status().c_str());
            }
            run_loop(*window, &kiosk, *loader, notifier, facts, app::KeyMap(config.keys), speech.get(), &setup);
        }
        // The UI goes first (it points at the loader's catalogue), then the
        // loader's worker (it wakes SDL), then the window.
    }
    kiosk_ui.reset();
    slip_printer.reset();
    loader.reset();
    return rc;
}
