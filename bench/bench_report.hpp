// SPDX-License-Identifier: Apache-2.0
// bench_report.hpp — what every benchmark report says about the machine and
// how it writes numbers (bench/text_bench.cpp, bench/core_bench.cpp).
#pragma once

#include <sched.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

namespace madoguchi::bench {

using Clock = std::chrono::steady_clock;

inline std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        for (const char* key : {"model name", "Model", "Hardware"})
            if (line.rfind(key, 0) == 0 && line.find(':') != std::string::npos) {
                std::string v = line.substr(line.find(':') + 1);
                v.erase(0, v.find_first_not_of(" \t"));
                return v;
            }
    return "unknown";
}

// Cores this process may run on (not the machine's: CI may pin it).
inline int nproc() {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
    return 0;
}

inline std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

inline std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

// Three significant digits, never exponent notation.
inline std::string ms(double v) {
    if (v >= 100) return fmt("%.0f ms", v);
    if (v >= 10) return fmt("%.1f ms", v);
    if (v >= 1) return fmt("%.2f ms", v);
    if (v >= 0.1) return fmt("%.3f ms", v);
    if (v >= 0.01) return fmt("%.4f ms", v);
    return fmt("%.5f ms", v);
}

inline double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

}  // namespace madoguchi::bench
