// madoguchi — the kiosk.
//
//   madoguchi [--config FILE] [--store DIR] [--pubkey FILE]... [--watch DIR]...
//             [--catalogue FILE] [--window WxH] [--script FILE --screenshots DIR]
//
// Staff-facing messages (config problems, a missing catalogue, bundle store
// problems) go to stderr; nothing about what a visitor does is ever printed,
// logged or written. Bundles: bundle_loader.hpp (installs only between sessions).
#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "madoguchi/core/catalogue.hpp"
#include "madoguchi/core/kiosk_config.hpp"
#include "madoguchi/core/ui_strings.hpp"
#include "madoguchi/platform/process_hardening.hpp"
#include "madoguchi/platform/window.hpp"
#include "madoguchi/text/font_set.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"
#include "bundle_loader.hpp"
#include "script_player.hpp"

#ifndef MADOGUCHI_ASSETS_DIR
#define MADOGUCHI_ASSETS_DIR "/usr/share/madoguchi"
#endif

using namespace madoguchi;

namespace {

constexpr const char* kUsage = R"(usage: madoguchi [options]

  --config FILE       kiosk configuration (default /etc/madoguchi/madoguchi.toml;
                      a missing file means the documented defaults)
  --store DIR         bundle store (overrides [bundle] store; the config's
                      catalogue is then not used unless --catalogue is given)
  --pubkey FILE       trusted public key (repeatable; replaces [bundle] trusted_keys)
  --watch DIR         folder watched for *.bundle files (repeatable; replaces
                      [bundle] watch)
  --catalogue FILE    show this catalogue WITHOUT checking any signature
                      (development; overrides [bundle] catalogue)
  --assets DIR        UI strings and other assets (default: the installed ones)
  --window WxH        a window of this size instead of fullscreen
  --script FILE       play a scripted session (tests), then exit
  --screenshots DIR   where `screenshot` commands of a script write (default .)
  --version
)";

double seconds_now() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// SDL mouse and finger events → the UI's own events. Touch coordinates come
// normalized (0..1) and are scaled to the drawable size.
bool translate(const SDL_Event& e, platform::Window& w, ui::InputEvent& out) {
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
        case SDL_KEYDOWN:
            if (e.key.keysym.sym == SDLK_ESCAPE) {
                out = {K::key, 0, 0, 27, {}};
                return true;
            }
            return false;
        default: return false;
    }
}

}  // namespace

int main(int argc, char** argv) {
    // First of all: not dumpable, no core files, umask 077, and no caches that
    // SDL, Mesa or D-Bus would otherwise write at run time (process_hardening.hpp).
    platform::prepare_process_environment();
    std::string config_path = "/etc/madoguchi/madoguchi.toml", catalogue_path, assets = MADOGUCHI_ASSETS_DIR, script, shots = ".";
    std::string store;
    std::vector<std::string> pubkeys, watch;
    int win_w = 0, win_h = 0;
    bool config_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "madoguchi: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--config") config_path = value(), config_given = true;
        else if (a == "--catalogue") catalogue_path = value();
        else if (a == "--store") store = value();
        else if (a == "--pubkey") pubkeys.push_back(value());
        else if (a == "--watch") watch.push_back(value());
        else if (a == "--assets") assets = value();
        else if (a == "--script") script = value();
        else if (a == "--screenshots") shots = value();
        else if (a == "--window") {
            const std::string v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &win_w, &win_h) != 2 || win_w < 320 || win_h < 240) {
                std::fprintf(stderr, "madoguchi: --window wants WIDTHxHEIGHT, e.g. 1920x1080\n");
                return 2;
            }
        } else if (a == "--version") {
            std::printf("madoguchi %s\n", MADOGUCHI_VERSION);
            return 0;
        } else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "madoguchi: unknown option %s\n\n%s", a.c_str(), kUsage);
            return 2;
        }
    }

    core::ConfigLoad cfg = core::load_kiosk_config(config_path);
    if (config_given && !cfg.file_found)
        std::fprintf(stderr, "madoguchi: %s: no such file; using the built-in defaults\n", config_path.c_str());
    for (const auto& m : cfg.messages) std::fprintf(stderr, "madoguchi: %s\n", m.c_str());
    if (!store.empty()) {
        cfg.config.store = store;
        cfg.config.catalogue.clear();  // the store given is the one to show
    }
    if (!catalogue_path.empty()) cfg.config.catalogue = catalogue_path;
    if (!pubkeys.empty()) cfg.config.trusted_keys = pubkeys;
    if (!watch.empty()) cfg.config.watch = watch;
    // A preview printer writes each slip — what a visitor chose — to a file.
    // That is for tests and staff previews (madoguchi-bundle slip), never for a
    // kiosk serving visitors: outside --script mode printing is turned off.
    if ((cfg.config.printer_kind == "png" || cfg.config.printer_kind == "pbm") && script.empty()) {
        std::fprintf(stderr,
                     "madoguchi: printer.kind = \"%s\" would write visitors' slips to a file; the kiosk does that only in "
                     "--script tests. Printing is off (use \"device\" or \"tcp\", or madoguchi-bundle slip for previews).\n",
                     cfg.config.printer_kind.c_str());
        cfg.config.printer_kind = "none";
    }

    // The bundle store: start-up recovery, then the verified current bundle
    // (or the development catalogue, unverified). The worker that watches
    // folders starts once the window exists (it wakes the SDL loop).
    std::string err;
    app::BundleLoaderOptions lo;
    lo.store = cfg.config.store;
    lo.trusted_keys = cfg.config.trusted_keys;
    lo.watch = cfg.config.watch;
    lo.development_catalogue = cfg.config.catalogue;
    lo.wake = [] {
        SDL_Event e{};
        e.type = SDL_USEREVENT;
        SDL_PushEvent(&e);  // thread-safe; only wakes the loop
    };
    auto loader = std::make_unique<app::BundleLoader>(lo);
    for (const auto& a : loader->recovery_actions()) std::fprintf(stderr, "madoguchi: bundle store: %s\n", a.c_str());
    for (const auto& p : loader->problems()) std::fprintf(stderr, "madoguchi: %s\n", p.c_str());
    const core::Catalogue* catalogue = loader->open_initial(&err);
    if (!catalogue) std::fprintf(stderr, "madoguchi: the directory cannot be shown: %s\n", err.c_str());
    if (catalogue && !cfg.config.catalogue.empty())
        std::fprintf(stderr, "madoguchi: showing %s WITHOUT checking its signature (development only)\n", cfg.config.catalogue.c_str());

    // From here on the kiosk cannot open internet or packet sockets (seccomp)
    // and, where the kernel has Landlock, can write only to the bundle store and
    // the printer. Applied before SDL and Mesa start their threads, so that
    // Landlock binds them too. Script mode (tests) also writes screenshots and
    // copies bundles into the watched folders.
    platform::HardeningOptions ho;
    ho.writable.push_back(cfg.config.store);
    if (cfg.config.printer_kind == "device") ho.writable.push_back(cfg.config.printer_target);
    ho.allow_tcp_printer = cfg.config.printer_kind == "tcp";
    if (ho.allow_tcp_printer) {
        const size_t colon = cfg.config.printer_target.rfind(':');
        if (colon != std::string::npos) ho.tcp_printer_port = std::atoi(cfg.config.printer_target.c_str() + colon + 1);
    }
    if (!script.empty()) {
        ho.writable.push_back(shots);
        for (const auto& w : cfg.config.watch) ho.writable.push_back(w);
        if (cfg.config.printer_kind == "png" || cfg.config.printer_kind == "pbm") {
            const size_t slash = cfg.config.printer_target.rfind('/');
            ho.writable.push_back(slash == std::string::npos ? std::string(".") : cfg.config.printer_target.substr(0, slash + 1));
        }
    }
    const platform::HardeningReport hardening = platform::apply_process_hardening(ho);
    for (const auto& line : hardening.lines) std::fprintf(stderr, "madoguchi: hardening: %s\n", line.c_str());

    std::vector<std::string> string_messages;
    core::UiStrings strings = core::UiStrings::load_dir(assets + "/strings", &string_messages);
    for (const auto& m : string_messages) std::fprintf(stderr, "madoguchi: %s\n", m.c_str());

    auto fonts = text::FontSet::load({}, &err);
    if (!fonts) {
        std::fprintf(stderr, "madoguchi: %s\n", err.c_str());
        return 3;
    }

    platform::WindowOptions wo;
    wo.fullscreen = cfg.config.fullscreen && win_w == 0 && script.empty();
    wo.width = win_w ? win_w : cfg.config.window_width;
    wo.height = win_h ? win_h : cfg.config.window_height;
    auto window = platform::Window::open(wo, &err);
    if (!window) {
        std::fprintf(stderr, "madoguchi: %s\n", err.c_str());
        return 3;
    }

    int rc = 0;
    {
        ui::KioskUi kiosk({catalogue, fonts.get(), &strings, cfg.config});
        loader->start();
        loader->pump(kiosk);
        if (!script.empty()) {
            app::ScriptResult r = app::play_script(script, *window, kiosk, shots, loader.get());
            if (!r.ok) {
                std::fprintf(stderr, "%s\n", r.message.c_str());
                rc = 1;
            } else {
                std::printf("script %s: %d steps passed, %lld frames drawn\n", script.c_str(), r.steps, r.frames);
            }
        } else {
            // The loop: draw only when something changed; otherwise sleep in
            // SDL_WaitEventTimeout until input or the UI's next deadline.
            bool running = true, dirty = true;
            const double t0 = seconds_now();
            double last = 0;
            while (running) {
                const double now = seconds_now() - t0;
                int timeout = -1;
                if (dirty) timeout = 0;
                else {
                    const double wake = kiosk.next_wakeup(now);
                    if (wake != ui::kNever) timeout = static_cast<int>(std::max(0.0, (wake - now) * 1000.0) + 1);
                }
                SDL_Event e;
                bool got = timeout == 0 ? window->poll_event(e) : window->wait_event(e, timeout);
                while (got) {
                    // SDL_USEREVENT: the bundle loader has news; pump() below reads it.
                    if (e.type == SDL_QUIT) running = false;
                    if (e.type == SDL_WINDOWEVENT) dirty = true;
                    ui::InputEvent ie;
                    if (translate(e, *window, ie)) {
                        kiosk.input(ie, seconds_now() - t0);
                        dirty = true;
                    }
                    got = window->poll_event(e);
                }
                if (loader->pump(kiosk)) dirty = true;
                const double t = seconds_now() - t0;
                if (!dirty && kiosk.next_wakeup(t) > t) continue;
                window->begin_frame(static_cast<float>(last > 0 ? t - last : 1.0 / 60.0));
                dirty = kiosk.frame(window->draw_list(), window->width(), window->height(), t);
                window->set_clear_color(kiosk.background_rgb());
                window->end_frame([&] { kiosk.upload_textures(); });
                window->present();
                last = t;
            }
        }
        // The UI goes first (it points at the loader's catalogue), then the
        // loader's worker (it wakes SDL), then the window.
    }
    loader.reset();
    return rc;
}
