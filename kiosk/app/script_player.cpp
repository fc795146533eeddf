// SPDX-License-Identifier: Apache-2.0
// script_player.cpp — see script_player.hpp.
//
// Index
//   - helpers        environment expansion, quoting, names for the admin view
//   - Player         frames on a virtual clock, taps, drags, waits
//   - monkey         `monkey STEPS SEED [WARMUP]`: random actions, the memory
//                    and texture measurements, the bounds (docs/soak.md)
//   - layout walk    `walk-layout`: every screen × language × text size
//                    through KioskUi::layout_problems (docs/accessibility.md)
//   - play_script    the commands
#include "script_player.hpp"

#include <SDL.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define MADOGUCHI_MONKEY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MADOGUCHI_MONKEY_ASAN 1
#endif
#endif
#ifdef MADOGUCHI_MONKEY_ASAN
// From <sanitizer/allocator_interface.h>, which GCC does not install (libasan
// exports it all the same).
extern "C" size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#include "bundle_loader.hpp"
#include "madoguchi/platform/window.hpp"
#include "madoguchi/ui/kiosk_ui.hpp"

namespace madoguchi::app {
namespace {

constexpr double kFrame = 1.0 / 60.0;

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
    static FrameTiming between(const FrameClock& a, const FrameClock& laid_out, const FrameClock& b) {
        return {(laid_out.thread_cpu - a.thread_cpu) * 1e3, (b.process_cpu - a.process_cpu) * 1e3, (b.wall - a.wall) * 1e3};
    }
};

class Player {
public:
    Player(platform::Window& w, ui::KioskUi& u, BundleLoader* loader) : window_(w), ui_(u), loader_(loader) {}

    // Draws one frame at the current virtual time, and more while the UI asks.
    // The loader acts between frames, as in the real loop.
    void frames() {
        for (int i = 0; i < 600; ++i) {
            if (loader_) loader_->pump(ui_);
            const FrameClock start = timings_ ? FrameClock::now() : FrameClock{};
            FrameClock laid_out;
            const bool more = draw_one(true, timings_ ? &laid_out : nullptr);
            if (timings_) timings_->push_back(FrameTiming::between(start, laid_out, FrameClock::now()));
            ++drawn_;
            if (!more) break;
            now_ += kFrame;
        }
    }
    // One frame at the current virtual time: laid out, then rendered (unless
    // draw_ is off) and presented if `present` (a screenshot reads the back
    // buffer before). Returns whether the UI wants another frame.
    bool draw_one(bool present, FrameClock* laid_out = nullptr) {
        window_.begin_frame(static_cast<float>(kFrame));
        const bool more = ui_.frame(window_.draw_list(), window_.width(), window_.height(), now_);
        if (laid_out) *laid_out = FrameClock::now();
        window_.set_clear_color(ui_.background_rgb());
        if (draw_) {
            window_.end_frame([&] { ui_.upload_textures(); });
            if (present) window_.present();  // as the real loop does; without it Mesa queues frames without end
        } else {
            window_.end_frame_without_drawing();  // glyph pages wait for the next drawn frame
        }
        return more;
    }
    void input(const ui::InputEvent& e) {
        ui_.input(e, now_);
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
    std::vector<FrameTiming>* timings_ = nullptr;  // set: every frame's cost is recorded (bench-scroll)
    bool draw_ = true;  // false: lay out frames without rendering them (walk-layout)

private:
    platform::Window& window_;
    ui::KioskUi& ui_;
    BundleLoader* loader_;
};

// --- monkey ------------------------------------------------------------------------
//
// `monkey STEPS SEED [WARMUP]` (script_player.hpp; docs/soak.md has the numbers).
// Each step is one random action; the PRNG is seeded, so a seed and a window
// size replay the same session (a failure names its step and seed).
//
// Measurements are taken between sessions, the state a kiosk returns to after
// every visitor: とじる, then idle until the attract screen is back, in the
// starting window size. There every per-session structure must have been given
// back, so the heap after warm-up and at every tenth must stay flat.

// The bounds (docs/soak.md has the measurements they come from). The settled
// heap takes a few one-time steps, each when something is first used (up to
// 0.66 MiB seen, once as late as step 7,000 of 20,000; likely data a library
// builds on first use and keeps, buffers grown to the largest frame), and is
// flat between them; 4 MiB is six times the largest step seen and is passed by
// a leak of 2 KiB per session within a 100,000-step run (about 2,000 sessions
// end in it).
constexpr long long kHeapGrowthBytes = 4ll << 20;  // settled heap, any tenth vs. after warm-up
constexpr long long kRssGrowthBytes = 32ll << 20;  // settled RSS, not under ASan (quarantine, shadow)
constexpr size_t kOtherTextures = 1;               // ImGui's font texture, besides one per atlas page
constexpr size_t kSettledTextureSlack = 1;         // settled textures vs. after warm-up
constexpr int kMinScreens = 8;                     // distinct screens in a run of kMinScreensSteps or more
constexpr long kMinScreensSteps = 300;
constexpr long kSampleEvery = 50;                  // unsettled texture samples

// Heap in use: what the allocator has handed out and not had back. Under ASan
// ASan's own count (its allocator replaces glibc's, so mallinfo2 would see
// nothing; freed blocks in quarantine are not counted). Otherwise glibc's
// mallinfo2, summed over all arenas, mmapped blocks included.
long long heap_in_use() {
#ifdef MADOGUCHI_MONKEY_ASAN
    return static_cast<long long>(__sanitizer_get_current_allocated_bytes());
#else
    const struct mallinfo2 mi = mallinfo2();
    return static_cast<long long>(mi.uordblks + mi.hblkhd);
#endif
}

long long rss_bytes() {
    std::ifstream f("/proc/self/statm");
    long long size = 0, resident = 0;
    f >> size >> resident;
    return resident * static_cast<long long>(::sysconf(_SC_PAGESIZE));
}

// Texture names alive in the GL context, asked of the driver (glIsTexture), so
// a texture that our own bookkeeping lost still counts. Names are scanned from
// 1 to 1024 past the highest seen so far or a fresh name from glGenTextures,
// whichever is larger: Mesa hands out names above all in use (or, when it
// reuses names, the lowest free ones), so no live name is missed.
class GlTextures {
public:
    GlTextures() {
        gen_ = reinterpret_cast<GenFn>(SDL_GL_GetProcAddress("glGenTextures"));
        del_ = reinterpret_cast<GenFn>(SDL_GL_GetProcAddress("glDeleteTextures"));
        is_ = reinterpret_cast<IsFn>(SDL_GL_GetProcAddress("glIsTexture"));
    }
    bool ok() const { return gen_ && del_ && is_; }
    size_t count() {
        if (!ok()) return 0;
        unsigned probe = 0;
        gen_(1, &probe);
        del_(1, &probe);
        const unsigned top = std::max(probe, highest_) + 1024;
        size_t n = 0;
        for (unsigned name = 1; name <= top; ++name)
            if (is_(name)) {
                ++n;
                highest_ = std::max(highest_, name);
            }
        return n;
    }

private:
    using GenFn = void (*)(int, unsigned*);
    using IsFn = unsigned char (*)(unsigned);
    GenFn gen_ = nullptr, del_ = nullptr;
    IsFn is_ = nullptr;
    unsigned highest_ = 0;
};

std::string mib(long long bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
    return b;
}
std::string signed_mib(long long bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%+.2f", static_cast<double>(bytes) / (1 << 20));
    return b;
}

class Monkey {
public:
    Monkey(Player& p, platform::Window& w, ui::KioskUi& u, uint64_t seed)
        : p_(p), window_(w), ui_(u), rng_(seed), seed_(seed), start_w_(w.width()), start_h_(w.height()) {}

    // "" or what went wrong; summary() afterwards.
    std::string run(long steps, long warmup) {
        if (!textures_.ok()) return "monkey: the GL context has no glIsTexture";
        last_screen_ = ui_.screen_name();
        // Settled samples: after warm-up, then at every tenth of the rest.
        std::vector<long> marks{warmup};
        for (int k = 1; k <= 10; ++k) marks.push_back(warmup + (steps - warmup) * k / 10);
        marks.erase(std::unique(marks.begin(), marks.end()), marks.end());
        size_t next_mark = 0;
        for (long i = 0; i <= steps; ++i) {
            while (next_mark < marks.size() && marks[next_mark] == i) {
                if (std::string e = settle(i); !e.empty()) return e;
                ++next_mark;
            }
            if (i == steps) break;
            step();
            step_ = i + 1;
            const std::string now = ui_.screen_name();
            if (now != last_screen_) ++visits_[now];
            last_screen_ = now;
            if (step_ % kSampleEvery == 0)
                if (std::string e = sample(); !e.empty()) return e;
        }
        return check(steps);
    }
    const std::string& summary() const { return summary_; }

private:
    struct Settled {
        long step = 0;
        long long heap = 0, rss = 0;
        size_t textures = 0, pages = 0;
    };

    double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }
    bool chance(double p) { return uniform(0, 1) < p; }
    float w() const { return static_cast<float>(window_.width()); }
    float h() const { return static_cast<float>(window_.height()); }
    std::string at() const { return " (step " + std::to_string(step_) + ", seed " + std::to_string(seed_) + ")"; }

    void step() {
        enum Action { tap_target, tap_point, drag, fling, wheel, escape, hold, quick_hide, short_wait, idle, text, resize };
        // A drag draws a frame per finger move (60 per second) and a glide
        // one per 1/60 s: costly under llvmpipe and no new state, so drags
        // are short and mostly rest before lifting, and flings are rare.
        static constexpr std::array<double, 12> kWeights{50, 12, 4, 2, 4, 1.5, 2, 1.5, 14, 3, 1, 0.3};
        std::discrete_distribution<int> pick(kWeights.begin(), kWeights.end());
        switch (pick(rng_)) {
            case tap_target: tap_target_(); break;
            case tap_point: tap_point_(); break;
            case drag: {
                const float x = uniform(0, w()), y = uniform(0, h());
                p_.drag(x, y, x + uniform(-0.1, 0.1) * w(), y + uniform(-0.6, 0.6) * h(), uniform(0.1, 0.4), chance(0.7) ? uniform(0.15, 0.4) : 0);
                break;
            }
            case fling: {
                const float x = uniform(0.1, 0.9) * w(), y = uniform(0.2, 0.8) * h();
                p_.drag(x, y, x, y + (chance(0.6) ? -1 : 1) * uniform(0.15, 0.6) * h(), uniform(0.06, 0.15));
                break;
            }
            case wheel: {
                ui::InputEvent e{ui::InputEvent::Kind::wheel, static_cast<float>(uniform(0, w())), static_cast<float>(uniform(0, h())), 0, {}};
                e.amount = static_cast<float>(uniform(-5, 5));
                p_.input(e);
                p_.now_ += 0.1;
                break;
            }
            case escape: p_.input({ui::InputEvent::Kind::key, 0, 0, 27, {}}); break;
            case hold: {
                // Under 5 s: the admin corner wants a still hold of 5 s (and a PIN).
                const float x = uniform(0, w()), y = uniform(0, h());
                p_.input({ui::InputEvent::Kind::pointer_down, x, y, 0, {}});
                p_.wait(uniform(0.3, 4.0));
                p_.input({ui::InputEvent::Kind::pointer_up, x, y, 0, {}});
                p_.now_ += 0.2;
                break;
            }
            case quick_hide:
                if (auto t = ui_.target("quick_hide")) p_.tap(t->cx(), t->cy());
                break;
            case short_wait: p_.wait(uniform(0.05, 6)); break;
            case idle: {
                // Before the countdown, during it, or past the reset (90 + 30 s by default).
                const double kinds[] = {uniform(60, 95), uniform(95, 125), uniform(125, 240)};
                const bool before = ui_.screen_name() != "attract";
                p_.wait(kinds[std::uniform_int_distribution<int>(0, 2)(rng_)]);
                if (ui_.countdown_visible()) ++countdowns_;
                if (before && ui_.screen_name() == "attract") ++idle_resets_;
                if (chance(0.4)) tap_point_();  // "still here" (or a tap on the attract screen)
                break;
            }
            case text:
                if (ui_.screen_name() == "search") {
                    static const char* const kTexts[] = {"だるく", "さけ", "AA", "あ", "ぎゃんぶる", "x", "東京"};
                    p_.input({ui::InputEvent::Kind::text, 0, 0, 0, kTexts[std::uniform_int_distribution<int>(0, 6)(rng_)]});
                } else {
                    tap_target_();
                }
                break;
            case resize: {
                static constexpr int kSizes[3][2] = {{1920, 1080}, {1080, 1920}, {1280, 800}};
                const auto& s = kSizes[std::uniform_int_distribution<int>(0, 2)(rng_)];
                if (p_.resize(s[0], s[1])) ++resizes_;
                break;
            }
        }
    }

    // A named target on screen (not とじる, which has its own small share, and
    // never the admin corners), tapped somewhere inside its visible part.
    // First a family, then one of its members. A family is the name up to its
    // last dot ("result", "attract.lang", "basket"), but each button of the
    // top bar is its own ("nav.basket"): a screen's ways onward are not
    // drowned by nine language buttons or forty results. Families the monkey
    // has tapped less weigh more (1/sqrt(1 + taps)), so the rare ones — the
    // slip, its QR codes, the guides — are taken when they show up. The bar's
    // back and home (like Escape and とじる) take a visitor out, its language
    // and large-text buttons are on every screen: they weigh half.
    void tap_target_() {
        std::map<std::string, std::vector<std::string>> families;
        for (auto& n : ui_.target_names()) {
            if (n == "quick_hide" || n.rfind("admin.corner.", 0) == 0) continue;
            const size_t dot = n.rfind('.');
            families[dot == std::string::npos || n.rfind("nav.", 0) == 0 ? n : n.substr(0, dot)].push_back(std::move(n));
        }
        if (families.empty()) return tap_point_();
        std::vector<double> weights;
        for (const auto& [family, members] : families) {
            const auto taps = family_taps_.find(family);
            const double w = 1.0 / std::sqrt(1.0 + (taps == family_taps_.end() ? 0.0 : static_cast<double>(taps->second)));
            const bool bar = family == "nav.back" || family == "nav.home" || family == "nav.language" || family == "nav.large_text";
            weights.push_back(bar ? w / 2 : w);
        }
        auto family = families.begin();
        std::advance(family, std::discrete_distribution<size_t>(weights.begin(), weights.end())(rng_));
        ++family_taps_[family->first];
        const auto& names = family->second;
        const auto t = ui_.target(names[std::uniform_int_distribution<size_t>(0, names.size() - 1)(rng_)]);
        if (!t || t->w < 1 || t->h < 1) return tap_point_();
        p_.tap(t->x + t->w * static_cast<float>(uniform(0.2, 0.8)), t->y + t->h * static_cast<float>(uniform(0.2, 0.8)));
    }
    void tap_point_() { p_.tap(static_cast<float>(uniform(0, w())), static_cast<float>(uniform(0, h()))); }

    // Texture and atlas bounds at any moment (not only between sessions).
    std::string sample() {
        const ui::KioskUi::TextStats t = ui_.text_stats();
        const size_t tex = textures_.count();
        max_textures_ = std::max(max_textures_, tex);
        max_pages_ = std::max(max_pages_, t.atlas_pages);
        peak_heap_ = std::max(peak_heap_, heap_in_use());
        if (t.atlas_pages > t.atlas_max_pages)
            return "monkey: the glyph atlas has " + std::to_string(t.atlas_pages) + " pages, its budget allows " +
                   std::to_string(t.atlas_max_pages) + at();
        if (tex > t.atlas_max_pages + kOtherTextures)
            return "monkey: " + std::to_string(tex) + " GL textures alive, at most " + std::to_string(t.atlas_max_pages) +
                   " atlas pages + " + std::to_string(kOtherTextures) + " expected" + at();
        return {};
    }

    // Ends the session as a visitor would (とじる) and waits, idle, until the
    // attract screen is back; checks nothing is left; measures.
    std::string settle(long i) {
        step_ = i;
        if (auto t = ui_.target("quick_hide")) p_.tap(t->cx(), t->cy());
        else {
            ui_.wipe_session();
            p_.frames();
        }
        if ((window_.width() != start_w_ || window_.height() != start_h_) && !p_.resize(start_w_, start_h_))
            return "monkey: the window cannot go back to " + std::to_string(start_w_) + "x" + std::to_string(start_h_) + at();
        for (int k = 0; k < 20 && ui_.screen_name() != "attract"; ++k) p_.wait(30);
        last_screen_ = ui_.screen_name();
        if (ui_.screen_name() != "attract") return "monkey: after とじる and idle the " + ui_.screen_name() + " screen is shown, not attract" + at();
        if (!ui_.session().basket.empty()) return "monkey: the slip still holds " + std::to_string(ui_.session().basket.size()) + " services after the session ended" + at();
        if (ui_.countdown_visible()) return "monkey: the idle countdown shows on a clean attract screen" + at();
        if (ui_.next_wakeup(p_.now_) != ui::kNever) return "monkey: the clean attract screen still asks for frames (it should sleep until touched)" + at();
        if (std::string e = sample(); !e.empty()) return e;
        Settled s{i, heap_in_use(), rss_bytes(), textures_.count(), ui_.text_stats().atlas_pages};
        settled_.push_back(s);
        return {};
    }

    std::string check(long steps) {
        const ui::KioskUi::TextStats t = ui_.text_stats();
        const Settled& first = settled_.front();
        const Settled& last = settled_.back();
        long long max_growth = 0, max_rss_growth = 0;
        size_t max_settled_textures = 0;
        std::string tenths, rss_tenths;
        for (const auto& s : settled_) {
            max_growth = std::max(max_growth, s.heap - first.heap);
            max_rss_growth = std::max(max_rss_growth, s.rss - first.rss);
            max_settled_textures = std::max(max_settled_textures, s.textures);
            if (&s == &first) continue;
            if (!tenths.empty()) {
                tenths += ' ';
                rss_tenths += ' ';
            }
            tenths += signed_mib(s.heap - first.heap);
            rss_tenths += signed_mib(s.rss - first.rss);
        }
        std::string screens;
        for (const auto& [name, n] : visits_) {
            if (!screens.empty()) screens += ", ";
            screens += name;
            screens += ' ';
            screens += std::to_string(n);
        }
#ifdef MADOGUCHI_MONKEY_ASAN
        const char* heap_kind = "heap (ASan)";
        const bool check_rss = false;
#else
        const char* heap_kind = "heap (mallinfo2)";
        const bool check_rss = true;
#endif
        summary_ = "monkey: " + std::to_string(steps) + " steps, seed " + std::to_string(seed_) + ", warm-up " + std::to_string(first.step) +
                   ", " + std::to_string(p_.drawn_) + " frames; screens " + std::to_string(visits_.size()) + " (" + screens +
                   "); countdowns " + std::to_string(countdowns_) + ", idle resets " + std::to_string(idle_resets_) + ", resizes " +
                   std::to_string(resizes_) + "; " + heap_kind + " " + mib(first.heap) + " after warm-up, " + mib(last.heap) +
                   " at end, by tenth " + tenths + " MiB, peak " + mib(peak_heap_) + "; RSS " + mib(first.rss) + " -> " + mib(last.rss) +
                   " (by tenth " + rss_tenths + " MiB); GL textures settled " + std::to_string(first.textures) + " -> " + std::to_string(last.textures) + ", max " +
                   std::to_string(max_textures_) + " (budget " + std::to_string(t.atlas_max_pages) + " pages + " +
                   std::to_string(kOtherTextures) + "); atlas pages max " + std::to_string(max_pages_) + ", evictions " +
                   std::to_string(t.evictions);
        if (max_growth > kHeapGrowthBytes)
            return "monkey: the heap between sessions grew by " + mib(max_growth) + " after warm-up (bound " + mib(kHeapGrowthBytes) +
                   "; seed " + std::to_string(seed_) + ")\n" + summary_;
        if (check_rss && max_rss_growth > kRssGrowthBytes)
            return "monkey: RSS between sessions grew by " + mib(max_rss_growth) + " after warm-up (bound " + mib(kRssGrowthBytes) +
                   "; seed " + std::to_string(seed_) + ")\n" + summary_;
        if (max_settled_textures > first.textures + kSettledTextureSlack)
            return "monkey: " + std::to_string(max_settled_textures) + " GL textures between sessions, " + std::to_string(first.textures) +
                   " after warm-up (seed " + std::to_string(seed_) + ")\n" + summary_;
        if (steps >= kMinScreensSteps && static_cast<int>(visits_.size()) < kMinScreens)
            return "monkey: only " + std::to_string(visits_.size()) + " screens reached in " + std::to_string(steps) + " steps (at least " +
                   std::to_string(kMinScreens) + " expected; seed " + std::to_string(seed_) + ")\n" + summary_;
        return {};
    }

    Player& p_;
    platform::Window& window_;
    ui::KioskUi& ui_;
    std::mt19937_64 rng_;
    uint64_t seed_;
    int start_w_, start_h_;
    GlTextures textures_;
    long step_ = 0;
    std::string last_screen_;
    std::map<std::string, long> visits_;
    std::map<std::string, long> family_taps_;
    long countdowns_ = 0, idle_resets_ = 0, resizes_ = 0;
    size_t max_textures_ = 0, max_pages_ = 0;
    long long peak_heap_ = 0;
    std::vector<Settled> settled_;
    std::string summary_;
};


// --- layout walk -------------------------------------------------------------------
//
// `walk-layout` (script_player.hpp; docs/accessibility.md): every screen a
// visitor can reach, in every language the attract screen offers, in normal
// text (standard colours) and in large text (high contrast), at the window's
// current size. On each screen it reads KioskUi::layout_problems(): text cut
// short or past its box, a missing glyph, a target under 12 mm or closer than
// 2 mm to the next. Lists, the detail of every service listed and every guide
// are scrolled through, since only what is drawn is checked.
class LayoutWalk {
public:
    LayoutWalk(Player& p, platform::Window& w, ui::KioskUi& u) : p_(p), window_(w), ui_(u) {}

    // "" when every screen was sound; else the problems, one per line.
    std::string run() {
        // Only the layout matters here: frames are laid out, not rendered
        // (llvmpipe would spend most of the time filling pixels nobody sees).
        p_.draw_ = false;
        struct Restore {
            Player& p;
            ~Restore() {
                p.draw_ = true;
                p.frames();
            }
        } restore{p_};
        start_over();
        std::vector<std::string> langs;
        for (const auto& n : ui_.target_names())
            if (n.rfind("attract.lang.", 0) == 0) langs.push_back(n.substr(13));
        if (langs.empty()) return "walk-layout: no language buttons on the attract screen";
        for (const auto& lang : langs)
            for (const bool large : {false, true}) {
                mode_ = lang + (large ? ", large text, high contrast" : "");
                if (!walk(lang, large)) problems_.push_back("[" + mode_ + "] the walk could not go on: " + stuck_);
            }
        summary_ = "walk-layout: " + std::to_string(window_.width()) + "x" + std::to_string(window_.height()) + ", " +
                   std::to_string(langs.size()) + " languages x 2 text sizes, " + std::to_string(checks_) + " screens checked, " +
                   std::to_string(problems_.size()) + " problem(s)";
        if (problems_.empty()) return "";
        std::string out = summary_ + ":";
        for (size_t i = 0; i < problems_.size() && i < 60; ++i) out += "\n  " + problems_[i];
        if (problems_.size() > 60) out += "\n  … and " + std::to_string(problems_.size() - 60) + " more";
        return out;
    }
    const std::string& summary() const { return summary_; }

private:
    bool tap(const std::string& name) {
        auto t = ui_.target(name);
        if (!t || ui_.target_clipped(name)) {
            stuck_ = "no target " + name + " on the " + ui_.screen_name() + " screen";
            return false;
        }
        p_.tap(t->cx(), t->cy());
        return true;
    }
    std::vector<std::string> names(const std::string& prefix, const std::string& except = "") const {
        std::vector<std::string> v;
        for (const auto& n : ui_.target_names())
            if (n.rfind(prefix, 0) == 0 && (except.empty() || n.rfind(except, 0) != 0)) v.push_back(n);
        return v;
    }
    void check(const std::string& where = "") {
        ++checks_;
        for (const auto& pr : ui_.layout_problems()) {
            std::string line = "[" + mode_ + "] " + ui_.screen_name() + (where.empty() ? "" : " (" + where + ")") + ": " + pr;
            if (std::find(problems_.begin(), problems_.end(), line) == problems_.end()) problems_.push_back(std::move(line));
        }
    }
    // The session ends (とじる), the neutral screen is checked, then back to a
    // clean attract screen.
    void start_over() {
        if (auto t = ui_.target("quick_hide")) p_.tap(t->cx(), t->cy());
        if (ui_.screen_name() == "neutral") {
            check();
            if (auto t = ui_.target("neutral.back")) p_.tap(t->cx(), t->cy());
        }
    }
    // Wheel over a scrolled list, a page at a time, checking each page, until
    // nothing new comes into view; returns every target name seen with prefix.
    std::vector<std::string> scroll_through(const std::string& prefix, float x, float y) {
        std::vector<std::string> seen;
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});  // to the top
        for (int page = 0, quiet = 0; page < 200 && quiet < 2; ++page) {
            check("page " + std::to_string(page + 1));
            size_t before = seen.size();
            for (const auto& n : names(prefix))
                if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(n);
            quiet = seen.size() == before ? quiet + 1 : 0;
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -4});
        }
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
        return seen;
    }
    // Brings a list entry wholly into view (wheel from the top) and taps it.
    bool tap_in_list(const std::string& name, float x, float y) {
        p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, 1000});
        for (int i = 0; i < 400; ++i) {
            if (ui_.target(name) && !ui_.target_clipped(name)) return tap(name);
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -1});
        }
        stuck_ = name + " never came into view";
        return false;
    }
    float mid_x() const { return window_.width() / 2.0f; }

    bool walk(const std::string& lang, bool large) {
        start_over();
        if (ui_.screen_name() != "attract") return stuck_ = "not back on the attract screen", false;
        if (!tap("attract.lang." + lang)) return false;
        if (large && (!tap("nav.large_text") || !tap("nav.high_contrast"))) return false;
        check();
        // Language picker and the idle countdown, from the concern screen.
        if (!tap("attract.start")) return false;
        check();
        if (!tap("nav.language")) return false;
        check();
        if (!tap("language." + lang)) return false;  // back where it was opened
        for (int i = 0; i < 400 && !ui_.countdown_visible(); ++i) p_.wait(10);  // idle_seconds is at most 3600
        if (ui_.countdown_visible()) {
            check("idle countdown");
            if (!tap("idle.continue")) return false;
        }
        // Search: the kana keyboard with hits, then the alphabet.
        if (!tap("nav.search")) return false;
        check("empty");
        p_.input({ui::InputEvent::Kind::text, 0, 0, 0, "だ"});
        check("typed");
        if (!tap("key.mode")) return false;
        check("alphabet");
        if (!tap("nav.back")) return false;
        // Guides: the list, every guide.
        if (!tap("nav.guides")) return false;
        const auto first = ui_.target(names("guide.").empty() ? "" : names("guide.").front());
        const float gx = mid_x(), gy = first ? first->cy() : window_.height() / 2.0f;
        for (const auto& g : scroll_through("guide.", gx, gy)) {
            if (!tap_in_list(g, gx, gy)) return false;
            scroll_page("guide.service.");
            if (!tap("nav.back")) return false;
        }
        if (!tap("nav.back")) return false;
        // Every concern: who (with a situation chosen), the results list, and
        // the detail of every service not seen yet; three on the slip.
        const auto concerns = names("concern.");
        std::vector<std::string> details;
        int on_slip = 0;
        for (const auto& c : concerns) {
            if (ui_.screen_name() != "concern") return stuck_ = "not on the concern screen", false;
            if (!tap(c)) return false;
            check(c);
            const auto chips = names("who.situation.");
            if (!chips.empty() && !tap(chips.front())) return false;
            const auto audiences = names("who.", "who.situation.");
            if (audiences.empty()) return stuck_ = "no audience buttons", false;
            check(c + ", a situation chosen");
            if (!tap(audiences.front())) return false;
            if (ui_.screen_name() != "results") return stuck_ = "no results screen after " + audiences.front(), false;
            const auto cards = names("result.");
            if (!cards.empty()) {
                const auto r = ui_.target(cards.front());
                const float lx = r->cx(), ly = r->cy();
                for (const auto& card : scroll_through("result.", lx, ly)) {
                    if (std::find(details.begin(), details.end(), card) != details.end()) continue;
                    details.push_back(card);
                    if (!tap_in_list(card, lx, ly)) return false;
                    scroll_page("detail " + card.substr(7));
                    if (on_slip < 3 && ui_.target("detail.slip") && tap("detail.slip")) ++on_slip;
                    if (!tap("nav.back")) return false;
                }
            } else {
                check(c + ", nothing found");
            }
            if (!tap("nav.back") || !tap("nav.back")) return false;  // results → who → concern
        }
        // The slip and its QR codes, from the first service of the first concern.
        if (on_slip > 0 && !concerns.empty()) {
            if (!tap(concerns.front()) || !tap(names("who.", "who.situation.").front())) return false;
            const auto cards = names("result.");
            if (cards.empty() || !tap(cards.front()) || !tap("nav.basket")) return false;
            check(std::to_string(on_slip) + " on the slip");
            if (ui_.target("basket.print")) {  // with a printer: print, and the outcome's message
                if (!tap("basket.print")) return false;
                p_.wait(0.5);
                check("printed");
            }
            if (!tap("basket.qr")) return false;
            scroll_page("QR codes");
        }
        start_over();
        return true;
    }
    // A scrolled page (detail, guide, QR codes): checked from top to bottom.
    void scroll_page(const std::string& where) {
        const float x = mid_x(), y = window_.height() / 2.0f;
        for (int page = 0; page < 60; ++page) {
            check(where);
            const auto before = ui_.target_names();
            p_.input({ui::InputEvent::Kind::wheel, x, y, 0, {}, -4});
            if (ui_.target_names() == before && page > 0) break;
        }
    }

    Player& p_;
    platform::Window& window_;
    ui::KioskUi& ui_;
    std::string mode_, stuck_, summary_;
    std::vector<std::string> problems_;
    long checks_ = 0;
};

}  // namespace

ScriptResult play_script(const std::string& path, platform::Window& window, ui::KioskUi& ui, const std::string& screenshot_dir,
                         BundleLoader* loader) {
    ScriptResult r;
    std::ifstream in(path);
    if (!in) return {false, path + ": cannot read the script", 0};
    Player p(window, ui, loader);
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
                auto t = ui.target(a);
                if (!t) return fail("no target \"" + a + "\" on the " + ui.screen_name() + " screen");
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
            Monkey m(p, window, ui, seed);
            const std::string e = m.run(static_cast<long>(steps), static_cast<long>(warmup));
            if (!e.empty()) return fail(e);
            std::printf("%s\n", m.summary().c_str());
            std::fflush(stdout);
        } else if (cmd == "bench-scroll") {
            // Benchmark (bench/scroll_bench.sh, docs/performance.md): drags and
            // flings on the scrolled list under the middle of the screen, as a
            // finger would, recording every frame's cost. Prints percentiles;
            // fails only when nothing scrolls.
            int drags = 0;
            if (!(ss >> drags) || drags <= 0) return fail("bench-scroll DRAGS");
            std::vector<FrameTiming> t;
            p.timings_ = &t;
            const float w = static_cast<float>(window.width()), h = static_cast<float>(window.height());
            for (int i = 0; i < drags; ++i) {
                const bool up = (i / 4) % 2 == 0;  // four strokes one way, then four back
                const float from = up ? h * 0.75f : h * 0.45f, to = up ? h * 0.45f : h * 0.75f;
                p.drag(w / 2, from, w / 2, to, 0.25, i % 2 ? 0.0 : 0.15);  // a fling, then a drag that rests
                p.wait(1.5);  // the glide runs out
            }
            p.timings_ = nullptr;
            if (t.size() < static_cast<size_t>(drags)) return fail("bench-scroll: only " + std::to_string(t.size()) + " frames drawn");
            // Calibration: the same screen drawn again and again with nothing
            // moving — what rasterizing and presenting one frame costs here
            // whatever the UI does (llvmpipe draws every pixel on the CPU).
            std::vector<double> still;
            for (int i = 0; i < 60; ++i) {
                const FrameClock a = FrameClock::now();
                p.draw_one(true);
                still.push_back((FrameClock::now().process_cpu - a.process_cpu) * 1e3);
            }
            std::sort(still.begin(), still.end());
            auto pct = [&](double FrameTiming::*field, double q) {
                std::vector<double> v;
                for (const auto& x : t) v.push_back(x.*field);
                std::sort(v.begin(), v.end());
                return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
            };
            std::printf("bench-scroll: %d strokes, %zu frames at %dx%d on the %s screen; UI CPU ms p50 %.2f p99 %.2f max %.2f; "
                        "whole frame CPU ms (incl. llvmpipe) p50 %.2f p99 %.2f max %.2f; wall ms p50 %.2f p99 %.2f max %.2f; "
                        "still frame CPU ms p50 %.2f\n",
                        drags, t.size(), window.width(), window.height(), ui.screen_name().c_str(), pct(&FrameTiming::ui_cpu_ms, 0.5),
                        pct(&FrameTiming::ui_cpu_ms, 0.99), pct(&FrameTiming::ui_cpu_ms, 1.0), pct(&FrameTiming::frame_cpu_ms, 0.5),
                        pct(&FrameTiming::frame_cpu_ms, 0.99), pct(&FrameTiming::frame_cpu_ms, 1.0), pct(&FrameTiming::wall_ms, 0.5),
                        pct(&FrameTiming::wall_ms, 0.99), pct(&FrameTiming::wall_ms, 1.0), still[still.size() / 2]);
            std::fflush(stdout);
        } else if (cmd == "walk-layout") {
            LayoutWalk w(p, window, ui);
            const std::string e = w.run();
            if (!e.empty()) return fail(e);
            std::printf("%s\n", w.summary().c_str());
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
            p.draw_one(false);
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
                // `none`: no outcome is shown now. Otherwise the outcome to come: the
                // print worker sends on its own thread, so frames are drawn until it
                // has one (at most 30 s, beyond any printer timeout of a flow).
                if (arg == "none") {
                    if (!ui.print_result().empty()) return fail("expected no print outcome, got \"" + ui.print_result() + "\"");
                } else {
                    p.wait_until([&] { return !ui.print_result().empty(); }, 30);
                    if (ui.print_result() != arg) return fail("expected print result " + arg + ", got \"" + ui.print_result() + "\"");
                }
            } else if (what == "bundle-version") {
                if (shown_version(ui) != arg) return fail("expected bundle version " + arg + ", the catalogue on screen says " + shown_version(ui));
            } else if (what == "admin-text" || what == "no-admin-text") {
                // `arg` holds only the first word: take the whole rest of the line.
                std::istringstream again(line);
                std::string skip;
                again >> skip >> skip;
                const std::string want = rest_of(again);
                const std::string text = ui.admin_text();
                if (text.empty() && what == "admin-text") return fail("the admin screen is not open (the " + ui.screen_name() + " screen is shown)");
                const bool found = text.find(want) != std::string::npos;
                if (what == "admin-text" && !found) return fail("the admin screen shows no text containing \"" + want + "\"; it shows:\n" + text);
                if (what == "no-admin-text" && found) return fail("the admin screen shows \"" + want + "\"");
            } else if (what == "layout-problem") {
                std::istringstream again(line);
                std::string skip;
                again >> skip >> skip;
                const std::string want = rest_of(again);
                std::string all;
                bool found = false;
                for (const auto& pr : ui.layout_problems()) {
                    all += "\n  " + pr;
                    found = found || pr.find(want) != std::string::npos;
                }
                if (!found) return fail("no layout problem containing \"" + want + "\" on the " + ui.screen_name() + " screen; found:" + (all.empty() ? " none" : all));
            } else if (what == "layout-ok") {
                std::string all;
                for (const auto& pr : ui.layout_problems()) all += "\n  " + pr;
                if (!all.empty()) return fail("the " + ui.screen_name() + " screen has layout problems:" + all);
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
