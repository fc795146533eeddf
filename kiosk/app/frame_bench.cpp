// SPDX-License-Identifier: Apache-2.0
// frame_bench.cpp — `bench-scroll DRAGS`: the cost of every frame while a
// finger scrolls a list (see frame_bench.hpp).
#include "frame_bench.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace madoguchi::app::script {

std::string bench_scroll(Player& p, platform::Window& window, ui::KioskUi& ui, int drags) {
    const ui::KioskUiProbe probe(ui);
    // Drags and flings on the scrolled list under the middle of the screen, as a
    // finger would, recording every frame's cost. Prints percentiles;
    // fails only when nothing scrolls.
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
    if (t.size() < static_cast<size_t>(drags)) return "bench-scroll: only " + std::to_string(t.size()) + " frames drawn";
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
                "still frame CPU ms p50 %.2f; redrawn share p50 %.2f max %.2f (%s)\n",
                drags, t.size(), window.width(), window.height(), probe.screen_name().c_str(), pct(&FrameTiming::ui_cpu_ms, 0.5),
                pct(&FrameTiming::ui_cpu_ms, 0.99), pct(&FrameTiming::ui_cpu_ms, 1.0), pct(&FrameTiming::frame_cpu_ms, 0.5),
                pct(&FrameTiming::frame_cpu_ms, 0.99), pct(&FrameTiming::frame_cpu_ms, 1.0), pct(&FrameTiming::wall_ms, 0.5),
                pct(&FrameTiming::wall_ms, 0.99), pct(&FrameTiming::wall_ms, 1.0), still[still.size() / 2], pct(&FrameTiming::redrawn, 0.5),
                pct(&FrameTiming::redrawn, 1.0), platform::present_path_name(window.present_path()));
    std::fflush(stdout);
    return {};
}

}  // namespace madoguchi::app::script
