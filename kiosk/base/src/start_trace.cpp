// SPDX-License-Identifier: Apache-2.0
// start_trace.cpp — see start_trace.hpp.
#include "madoguchi/base/start_trace.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>

namespace madoguchi::start_trace {

namespace {
struct Mark {
    const char* step;
    std::chrono::steady_clock::time_point at;
};
Mark marks[kMaxMarks];
std::atomic<int> taken{0};  // slots handed out; more than kMaxMarks once full
std::atomic<bool> on{false};
std::atomic<bool> closed{false};
}  // namespace

void enable() { on = true; }
bool enabled() { return on && !closed; }

void mark(const char* step) {
    if (closed) return;
    const int i = taken.fetch_add(1);
    if (i < kMaxMarks) marks[i] = Mark{step, std::chrono::steady_clock::now()};
}

std::string close() {
    if (closed.exchange(true)) return {};
    const int count = std::min(taken.load(), kMaxMarks);
    if (!on || count == 0) return {};
    // Two threads mark while the window opens (madoguchi_main.cpp): in the
    // order of their times, each step measured from the mark before it.
    std::stable_sort(marks, marks + count, [](const Mark& a, const Mark& b) { return a.at < b.at; });
    std::string out;
    char line[160];
    auto ms = [](std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
    for (int i = 0; i < count; ++i) {
        const double at = ms(marks[i].at - marks[0].at), step = i ? ms(marks[i].at - marks[i - 1].at) : 0.0;
        std::snprintf(line, sizeof line, "madoguchi: start: +%7.1f ms (+%6.1f)  %s\n", at, step, marks[i].step);
        out += line;
    }
    return out;
}

}  // namespace madoguchi::start_trace
