// SPDX-License-Identifier: Apache-2.0
// monkey.cpp — `monkey STEPS SEED [WARMUP]`: random actions on the kiosk, with
// the heap, RSS and GL texture measurements between sessions and their bounds
// (script_player.hpp describes the command, docs/soak.md the numbers).
#include "monkey.hpp"

#include <SDL.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
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

namespace madoguchi::app::script {
namespace {

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
        last_screen_ = probe_.screen_name();
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
            const std::string now = probe_.screen_name();
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
        enum Action { tap_target, tap_point, drag, fling, wheel, escape, hold, quick_hide, short_wait, idle, text, resize, keypad };
        // A drag draws a frame per finger move (60 per second) and a glide
        // one per 1/60 s: costly under llvmpipe and no new state, so drags
        // are short and mostly rest before lifting, and flings are rare.
        // keypad: a key of the keypad path (issue 20), mostly down and select,
        // so that focus, paging and select run among the taps.
        static constexpr std::array<double, 13> kWeights{50, 12, 4, 2, 4, 1.5, 2, 1.5, 14, 3, 1, 0.3, 8};
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
                if (auto t = probe_.target("quick_hide")) p_.tap(t->cx(), t->cy());
                break;
            case short_wait: p_.wait(uniform(0.05, 6)); break;
            case idle: {
                // Before the countdown, during it, or past the reset (90 + 30 s by default).
                const double kinds[] = {uniform(60, 95), uniform(95, 125), uniform(125, 240)};
                const bool before = probe_.screen_name() != "attract";
                p_.wait(kinds[std::uniform_int_distribution<int>(0, 2)(rng_)]);
                if (probe_.countdown_visible()) ++countdowns_;
                if (before && probe_.screen_name() == "attract") ++idle_resets_;
                if (chance(0.4)) tap_point_();  // "still here" (or a tap on the attract screen)
                break;
            }
            case text:
                if (probe_.screen_name() == "search") {
                    static const char* const kTexts[] = {"だるく", "さけ", "AA", "あ", "ぎゃんぶる", "x", "東京"};
                    p_.input({ui::InputEvent::Kind::text, 0, 0, 0, kTexts[std::uniform_int_distribution<int>(0, 6)(rng_)]});
                } else {
                    tap_target_();
                }
                break;
            case keypad: {
                using A = core::KeyAction;
                static constexpr A kKeys[] = {A::down, A::down, A::down, A::select, A::select, A::up, A::left, A::right, A::back, A::home, A::help, A::repeat};
                ui::InputEvent e{ui::InputEvent::Kind::action, 0, 0, 0, {}};
                e.action = kKeys[std::uniform_int_distribution<size_t>(0, std::size(kKeys) - 1)(rng_)];
                p_.input(e);
                p_.now_ += 0.2;
                break;
            }
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
        for (auto& n : probe_.target_names()) {
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
        const auto t = probe_.target(names[std::uniform_int_distribution<size_t>(0, names.size() - 1)(rng_)]);
        if (!t || t->w < 1 || t->h < 1) return tap_point_();
        p_.tap(t->x + t->w * static_cast<float>(uniform(0.2, 0.8)), t->y + t->h * static_cast<float>(uniform(0.2, 0.8)));
    }
    void tap_point_() { p_.tap(static_cast<float>(uniform(0, w())), static_cast<float>(uniform(0, h()))); }

    // Texture and atlas bounds at any moment (not only between sessions).
    std::string sample() {
        const ui::KioskUiProbe::TextStats t = probe_.text_stats();
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
        if (auto t = probe_.target("quick_hide")) p_.tap(t->cx(), t->cy());
        else {
            ui_.wipe_session();
            p_.frames();
        }
        if ((window_.width() != start_w_ || window_.height() != start_h_) && !p_.resize(start_w_, start_h_))
            return "monkey: the window cannot go back to " + std::to_string(start_w_) + "x" + std::to_string(start_h_) + at();
        for (int k = 0; k < 20 && probe_.screen_name() != "attract"; ++k) p_.wait(30);
        last_screen_ = probe_.screen_name();
        if (probe_.screen_name() != "attract") return "monkey: after とじる and idle the " + probe_.screen_name() + " screen is shown, not attract" + at();
        if (!probe_.session().basket.empty()) return "monkey: the slip still holds " + std::to_string(probe_.session().basket.size()) + " services after the session ended" + at();
        if (probe_.countdown_visible()) return "monkey: the idle countdown shows on a clean attract screen" + at();
        if (ui_.next_wakeup(p_.now_) != ui::kNever) return "monkey: the clean attract screen still asks for frames (it should sleep until touched)" + at();
        if (std::string e = sample(); !e.empty()) return e;
        Settled s{i, heap_in_use(), rss_bytes(), textures_.count(), probe_.text_stats().atlas_pages};
        settled_.push_back(s);
        return {};
    }

    std::string check(long steps) {
        const ui::KioskUiProbe::TextStats t = probe_.text_stats();
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
    ui::KioskUiProbe probe_{ui_};  // what the last frame showed
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

}  // namespace

std::string run_monkey(Player& p, platform::Window& window, ui::KioskUi& ui, uint64_t seed, long steps, long warmup,
                       std::string* summary) {
    Monkey m(p, window, ui, seed);
    std::string e = m.run(steps, warmup);
    if (e.empty() && summary) *summary = m.summary();
    return e;
}

}  // namespace madoguchi::app::script
