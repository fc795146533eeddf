// SPDX-License-Identifier: Apache-2.0
// start_trace.cpp — see start_trace.hpp.
#include "madoguchi/base/start_trace.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace madoguchi::start_trace {

namespace {
struct Mark {
    const char* step;
    std::chrono::steady_clock::time_point at;
};
// One lock for all: some forty marks in a start, from three threads (main,
// preparing, the bundle worker, which is never joined).
std::mutex lock;
Mark marks[kMaxMarks];
int count = 0;
bool on = false;
bool closed = false;
}  // namespace

void enable() {
    std::lock_guard g(lock);
    on = true;
}

bool enabled() {
    std::lock_guard g(lock);
    return on && !closed;
}

void mark(const char* step) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard g(lock);
    if (closed || count == kMaxMarks) return;
    marks[count++] = Mark{step, now};
}

std::string close() {
    std::lock_guard g(lock);
    if (closed) return {};
    closed = true;
    if (!on || count == 0) return {};
    // Two threads mark while the window opens: in the order of their times.
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
